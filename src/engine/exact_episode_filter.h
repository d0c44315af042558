// A history (brink/history.h) as the exact engine for version-2 models filters its states
// (engine/exact_episodes.h; ../shared/spec/episodes.md, "Histories with episodes"): a trial's
// path is consistent with the history when it satisfies every observation (the event's first
// onset, ever, in its window; or none by as_of) and every episode record (the event's onsets
// in steps 1..as_of are exactly the record's episodes, in order, each in its start window, and
// each occurrence ended as its `end` says).
//
// A record is checked as the steps go, from the number of the event's onsets so far that the
// state carries while t <= as_of (EpisodeLayout's `seen`): with an initial episode first,
// n onsets make episode n the current one and n + 1 the next, else n − 1 and n. Three checks:
//   an onset at t <= as_of      there is a next episode and t is in its start window;
//   an end at t <= as_of        (in the endings phase, where it happens: a recurring trigger may
//                               begin again later in the same step) there is a current
//                               episode, its end is `unknown` or a window holding t;
//   the end of step t <= as_of  the observations hold (History::Consistent on `ever`); no next
//                               episode's start window has closed (start_hi <= t); an active
//                               event has a current episode whose end window has not closed
//                               (end_hi <= t). At as_of every window has closed, so every
//                               episode has begun and every windowed end has happened.
// At step as_of + 1 the counts are cleared (nothing is checked after as_of), so that states
// that differ only in them merge again.
#ifndef BRINK_ENGINE_EXACT_EPISODE_FILTER_H_
#define BRINK_ENGINE_EXACT_EPISODE_FILTER_H_

#include <cstdint>
#include <vector>

#include "brink/history.h"
#include "engine/exact_episode_state.h"

namespace brink {

class EpisodeFilter {
 public:
  // The events whose onsets a state counts for `history` (those with an episode record), in
  // the history's order; none for nullptr.
  static std::vector<int> Recorded(const History* history);

  // `history` may be nullptr: then every state passes. REQUIRES: layout was made with
  // Recorded(history); the history's event indices are valid for the layout's plan. Both
  // outlive the filter.
  EpisodeFilter(const EpisodeLayout& layout, const History* history);

  // Whether the filter checks anything at step t (t <= as_of + 1 of a history).
  bool Checks(int t) const { return history_ != nullptr && t <= history_->as_of + 1; }

  // The successor `after` of stage `stage` (EpisodeStages) from `before` at step t, as the
  // state set is to hold it: `after` itself, a copy with its onset counts moved on (an onset
  // of a recorded event) or cleared (step as_of + 1), or nullptr when the move contradicts the
  // history. A copy is valid until the next call.
  const uint64_t* Admit(int stage, const uint64_t* before, const uint64_t* after, int t);

  // Whether the state s at the end of step t is consistent with the history so far (always,
  // for t > as_of).
  bool Keep(const uint64_t* s, int t) const;

 private:
  struct Record {
    int event;
    int first;  // 1 when the record begins with the initial occurrence, else 0
    const std::vector<Episode>* episodes;
  };

  // The scratch copy of `after`, made once per call of Admit.
  uint64_t* Copy(const uint64_t* after, uint64_t** copy);

  const EpisodeLayout& layout_;
  const History* history_;
  std::vector<Record> records_;
  std::vector<uint64_t> scratch_;
};

}  // namespace brink

#endif  // BRINK_ENGINE_EXACT_EPISODE_FILTER_H_
