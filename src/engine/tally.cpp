#include "engine/tally.h"

#include <algorithm>

namespace brink {

Tally::Tally(int horizon, int num_events, int num_levels)
    : horizon_(horizon),
      num_events_(num_events),
      num_levels_(num_levels),
      first_(static_cast<size_t>(num_events + num_levels) * (horizon + 1), 0),
      level_first_(num_levels + 1, 0) {}

void Tally::AddTrial(const int* first_step, const int* level_of, bool counted) {
  ++simulated_;
  if (!counted) return;
  ++counted_;
  std::fill(level_first_.begin(), level_first_.end(), 0);
  for (int e = 0; e < num_events_; ++e) {
    int t = first_step[e];
    if (t == 0) continue;
    first_[e * (horizon_ + 1) + t] += 1;
    for (int k = 1; k <= level_of[e]; ++k)
      if (level_first_[k] == 0 || t < level_first_[k]) level_first_[k] = t;
  }
  for (int k = 1; k <= num_levels_; ++k)
    if (level_first_[k] != 0) first_[(num_events_ + k - 1) * (horizon_ + 1) + level_first_[k]] += 1;
}

void Tally::Add(const Tally& other) {
  simulated_ += other.simulated_;
  counted_ += other.counted_;
  for (size_t i = 0; i < first_.size(); ++i) first_[i] += other.first_[i];
}

void Tally::AppendCounts(std::vector<uint64_t>* out) const {
  out->push_back(simulated_);
  out->push_back(counted_);
  out->insert(out->end(), first_.begin(), first_.end());
}

void Tally::AddCounts(const uint64_t* counts) {
  simulated_ += counts[0];
  counted_ += counts[1];
  for (size_t i = 0; i < first_.size(); ++i) first_[i] += counts[2 + i];
}

}  // namespace brink
