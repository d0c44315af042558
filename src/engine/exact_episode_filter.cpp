#include "engine/exact_episode_filter.h"

#include <algorithm>

#include "engine/exact_episode_stages.h"

namespace brink {

std::vector<int> EpisodeFilter::Recorded(const History* history) {
  std::vector<int> events;
  if (history != nullptr)
    for (const EpisodeRecord& r : history->episodes) events.push_back(r.event);
  return events;
}

EpisodeFilter::EpisodeFilter(const EpisodeLayout& layout, const History* history)
    : layout_(layout), history_(history), scratch_(layout.words()) {
  if (history == nullptr) return;
  for (const EpisodeRecord& r : history->episodes) {
    const bool initial = !r.episodes.empty() && r.episodes[0].initial();
    records_.push_back({r.event, initial ? 1 : 0, &r.episodes});
  }
}

uint64_t* EpisodeFilter::Copy(const uint64_t* after, uint64_t** copy) {
  if (*copy == nullptr) {
    std::copy(after, after + layout_.words(), scratch_.begin());
    *copy = scratch_.data();
  }
  return *copy;
}

const uint64_t* EpisodeFilter::Admit(int stage, const uint64_t* before, const uint64_t* after,
                                     int t) {
  if (!Checks(t)) return after;
  uint64_t* copy = nullptr;
  if (t == history_->as_of + 1) {
    // Every state passes through the endings of this step (a stage never applied in place),
    // so after it no state holds a count.
    if (stage != EpisodeStages::kEndings) return after;
    for (const Record& r : records_)
      if (layout_.Seen(after, r.event) != 0) layout_.SetSeen(Copy(after, &copy), r.event, 0);
    return copy != nullptr ? copy : after;
  }
  // A first onset outside its observed window would be dropped at the end of the step: drop
  // it at once, and spare its descendants.
  for (const Observation& o : history_->observations)
    if (!layout_.Ever(before, o.event) && layout_.Ever(after, o.event) &&
        (t < o.lo || t > o.hi))
      return nullptr;
  for (const Record& r : records_) {
    const bool was = layout_.Active(before, r.event);
    if (was == layout_.Active(after, r.event)) continue;
    const std::vector<Episode>& episodes = *r.episodes;
    const int seen = layout_.Seen(after, r.event);
    if (!was) {  // an onset: the next episode begins
      const int next = seen + r.first;
      if (next >= static_cast<int>(episodes.size()) || t < episodes[next].start_lo ||
          t > episodes[next].start_hi)
        return nullptr;
      layout_.SetSeen(Copy(after, &copy), r.event, seen + 1);
      continue;
    }
    const int current = seen + r.first - 1;  // an end: the current episode's
    if (current < 0) return nullptr;
    const Episode& episode = episodes[current];
    if (episode.end == Episode::End::kOngoing) return nullptr;
    if (episode.end == Episode::End::kWindow && (t < episode.end_lo || t > episode.end_hi))
      return nullptr;
  }
  return copy != nullptr ? copy : after;
}

bool EpisodeFilter::Keep(const uint64_t* s, int t) const {
  if (history_ == nullptr || t > history_->as_of) return true;
  if (!history_->Consistent(t, [&](int e) { return layout_.Ever(s, e); })) return false;
  for (const Record& r : records_) {
    const std::vector<Episode>& episodes = *r.episodes;
    const int next = layout_.Seen(s, r.event) + r.first;
    if (next < static_cast<int>(episodes.size()) && episodes[next].start_hi <= t) return false;
    if (!layout_.Active(s, r.event)) continue;
    // Active: in an occurrence the record lists (not so for an event initially active whose
    // record is []), whose end is not overdue.
    if (next == 0) return false;
    const Episode& current = episodes[next - 1];
    if (current.end == Episode::End::kWindow && current.end_hi <= t) return false;
  }
  return true;
}

}  // namespace brink
