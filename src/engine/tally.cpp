#include "engine/tally.h"

#include <algorithm>

namespace brink {

Tally::Tally(int horizon, int num_events, int num_levels, bool two_way,
             const std::vector<PlanQuantity>& quantities)
    : horizon_(horizon),
      num_events_(num_events),
      num_levels_(num_levels),
      two_way_(two_way),
      first_(static_cast<size_t>(num_events + num_levels) * (horizon + 1), 0),
      level_first_(num_levels + 1, 0) {
  // Active, steps active and onsets by row (the levels' rows of onsets unused), then ends
  // by event.
  if (two_way)
    episodes_.assign((3 * static_cast<size_t>(num_rows()) + static_cast<size_t>(num_events)) *
                         static_cast<size_t>(horizon + 1),
                     0);
  for (const PlanQuantity& q : quantities) quantities_.emplace_back(q, horizon);
}

void Tally::AddEpisodeTrial(const EpisodePath& path, const int* level_of, bool counted) {
  ++simulated_;
  if (!counted) return;
  ++counted_;
  const int h = horizon_;
  int initial_level = 0;
  for (int e = 0; e < num_events_; ++e) {
    if (path.initial[e]) {
      first_[e * (h + 1)] += 1;
      initial_level = std::max(initial_level, level_of[e]);
    } else if (path.first[e] != 0) {
      first_[e * (h + 1) + path.first[e]] += 1;
    }
    for (int t = 1; t <= h; ++t) episodes_[Index(kActive, e, t)] += path.Active(e, t);
    episodes_[Index(kStepsActive, e, path.steps_active[e])] += 1;
    episodes_[Index(kOnsets, e, path.onsets[e])] += 1;
    episodes_[Index(kEnds, e, path.ends[e])] += 1;
  }
  for (int k = 1; k <= num_levels_; ++k) {
    const int row = num_events_ + k - 1;
    int reached = k <= initial_level ? 0 : -1;  // the first step the level reached is >= k
    int steps = 0;
    for (int t = 1; t <= h; ++t) {
      if (reached < 0 && path.level_reached[t - 1] >= k) reached = t;
      if (path.level_at[t - 1] >= k) {
        episodes_[Index(kActive, row, t)] += 1;
        ++steps;
      }
    }
    if (reached >= 0) first_[row * (h + 1) + reached] += 1;
    episodes_[Index(kStepsActive, row, steps)] += 1;
  }
  for (QuantityCounts& q : quantities_) {
    const std::vector<PlanTerm>& terms = q.quantity().terms;
    const size_t k = terms.size();
    quantity_scratch_.resize(static_cast<size_t>(h) * k);
    for (size_t i = 0; i < k; ++i) {
      const int e = terms[i].event;
      int n = 0;
      for (int t = 1; t <= h; ++t) {
        const size_t at = static_cast<size_t>(t - 1) * static_cast<size_t>(num_events_) +
                          static_cast<size_t>(e);
        n += terms[i].per_step ? path.active[at] != 0 : path.onset[at] != 0;
        quantity_scratch_[static_cast<size_t>(t - 1) * k + i] = n;
      }
    }
    q.AddTrial(quantity_scratch_.data());
  }
}

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
  for (size_t i = 0; i < episodes_.size(); ++i) episodes_[i] += other.episodes_[i];
  for (size_t q = 0; q < quantities_.size(); ++q) quantities_[q].Add(other.quantities_[q]);
}

void Tally::AppendCounts(std::vector<uint64_t>* out) const {
  out->push_back(simulated_);
  out->push_back(counted_);
  out->insert(out->end(), first_.begin(), first_.end());
  out->insert(out->end(), episodes_.begin(), episodes_.end());
  for (const QuantityCounts& q : quantities_) q.AppendCounts(out);
}

void Tally::AddCounts(const uint64_t* counts) {
  simulated_ += counts[0];
  counted_ += counts[1];
  for (size_t i = 0; i < first_.size(); ++i) first_[i] += counts[2 + i];
  counts += 2 + first_.size();
  for (size_t i = 0; i < episodes_.size(); ++i) episodes_[i] += counts[i];
  counts += episodes_.size();
  for (QuantityCounts& q : quantities_) {
    q.AddCounts(counts);
    counts += q.size();
  }
}

}  // namespace brink
