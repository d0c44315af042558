#include "engine/exact_episode_state.h"

#include <algorithm>
#include <bit>
#include <utility>

namespace brink {

EpisodeLayout::EpisodeLayout(const Plan& plan, const std::vector<int>& recorded)
    : num_events_(plan.num_events),
      armed_bit_(plan.num_events, -1),
      decided_bit_(plan.num_events, -1),
      due_(plan.num_events),
      end_due_(plan.num_events),
      seen_(plan.num_events),
      level_of_(plan.level_of) {
  int bit = 2 * num_events_;  // after the active and ever bits
  for (const PlanEvent& pe : plan.order)
    if (!pe.trigger) armed_bit_[pe.event] = bit++;
  for (int e = 0; e < num_events_; ++e)
    if (plan.endings[e].kind == Ending::Kind::kDecided) decided_bit_[e] = bit++;
  const int width = std::bit_width(static_cast<unsigned>(plan.horizon));
  field_mask_ = (uint64_t{1} << width) - 1;
  int next_word = (bit + 63) / 64;
  int word = -1;
  int shift = 64;  // no word open for fields yet
  auto place = [&](Field* f) {
    if (shift + width > 64) {
      word = next_word++;
      shift = 0;
    }
    f->word = word;
    f->shift = shift;
    shift += width;
  };
  for (const PlanEvent& pe : plan.order)
    if (!pe.trigger && pe.delay_hi >= 1) place(&due_[pe.event]);
  for (int e = 0; e < num_events_; ++e) {
    const PlanEnding& end = plan.endings[e];
    if (end.kind == Ending::Kind::kLasts ||
        (end.kind == Ending::Kind::kDecided && end.delay_hi >= 1))
      place(&end_due_[e]);
  }
  for (int e : recorded) place(&seen_[e]);
  words_ = std::max(next_word, 1);
}

int EpisodeLayout::ActiveLevel(const uint64_t* s) const {
  int level = 0;
  for (int e = 0; e < num_events_; ++e)
    if (Active(s, e)) level = std::max(level, level_of_[e]);
  return level;
}

int EpisodeLayout::EverLevel(const uint64_t* s) const {
  int level = 0;
  for (int e = 0; e < num_events_; ++e)
    if (Ever(s, e)) level = std::max(level, level_of_[e]);
  return level;
}

OnsetCounts::OnsetCounts(std::vector<int> recurring, std::vector<int> bounds)
    : events_(std::move(recurring)), bounds_(std::move(bounds)) {
  for (int b : bounds_) {
    slots_.push_back(width_);
    width_ += b + 1;
  }
}

}  // namespace brink
