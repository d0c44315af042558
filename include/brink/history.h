// A history: what was observed of a model's events up to step `as_of`
// (../shared/spec/history.md, docs/history.md). It is read from YAML against a model:
//
//   as_of: 6                  # observed through step 6, inclusive
//   happened:
//     patrol_incident: 2      # first happened at step 2
//     blockade: [3, 4]        # first happened at some step from 3 to 4
//     sanctions: by 6         # had happened by step 6; when is unknown
//   not_happened: [talks, retaliation]
//
// With the model's `start:`, a step may be written as a date of the model's unit
// ("2024-10" in a monthly model).
//
// A version-2 model's history may also record occurrences and ends
// (../shared/spec/episodes.md, "Histories with episodes"):
//
//   episodes:
//     offensive:                 # every occurrence from step 1 to as_of, in order
//       - start: 2024-08         # a step, a window [lo, hi], or "by T"
//         end: [2025-03, 2025-04]   # the step whose endings phase ended it
//       - start: by 2026-01      # no `end`: still active at the end of as_of
//     incident: []               # no occurrence by as_of
#ifndef BRINK_HISTORY_H_
#define BRINK_HISTORY_H_

#include <string>
#include <vector>

#include "brink/error.h"
#include "brink/model.h"

namespace brink {

// One observed event: its first occurrence is at a step in lo..hi. An event that had not
// happened by as_of is lo = as_of + 1, hi = kNever (it may happen later, or never).
struct Observation {
  static constexpr int kNever = 1 << 30;
  int event = -1;
  int lo = 0, hi = 0;
  bool happened() const { return hi != kNever; }
  SourceLoc loc;  // where the history names the event
};

// One occurrence an `episodes:` list records: its onset at a step in start_lo..start_hi (both
// 0 for `start: initial`, the occurrence of an event `initially` active), and how it ended.
struct Episode {
  enum class End {
    kWindow,   // ended in the endings phase of a step in end_lo..end_hi
    kOngoing,  // no `end`: still active at the end of as_of
    kUnknown,  // `end: unknown`: ended at a step after its start, up to as_of, or still active
  };
  int start_lo = 0, start_hi = 0;
  End end = End::kOngoing;
  int end_lo = 0, end_hi = 0;
  bool initial() const { return start_hi == 0; }
  SourceLoc loc;  // where the episode is written
};

// An event's `episodes:` entry: its onsets in steps 1..as_of are exactly these, in order (an
// event `initially` active lists its initial occurrence first). Empty: none by as_of.
struct EpisodeRecord {
  int event = -1;
  std::vector<Episode> episodes;
  SourceLoc loc;  // where the history names the event
};

struct History {
  std::string path;    // as given
  std::string sha256;  // of the file's bytes
  std::string source;  // the file's bytes
  int as_of = 0;       // 1..the model's horizon
  std::vector<Observation> observations;  // in the file's order: happened, then not happened
  // The `episodes:` entries of events that end or begin before step 1 (`initially`), in the
  // file's order; an entry of any other event is read as an observation (above), which it
  // is. An event is in at most one of observations and episodes.
  std::vector<EpisodeRecord> episodes;

  // Whether a trial whose events have happened by the end of step t (happened(e)) is still
  // consistent with every observation at that point. Only steps t <= as_of constrain.
  template <typename F>
  bool Consistent(int t, F&& happened) const {
    if (t > as_of) return true;
    for (const Observation& o : observations) {
      const bool h = happened(o.event);
      if (t < o.lo && h) return false;
      if (t >= o.hi && !h) return false;
    }
    return true;
  }
};

// Reads the history `text` (named `path` in messages) against `model`. Throws ModelError
// located in the history file for: YAML errors, unknown keys and events (with "did you
// mean"), steps outside 1..as_of, an as_of past the horizon, a reversed window, an event
// listed twice, and dates when the model has no `start:`.
History LoadHistoryFromString(const Model& model, const std::string& text,
                              const std::string& path);
// Reads the file `path` ("-": standard input). Throws ModelError at 1:1 when it cannot.
History LoadHistory(const Model& model, const std::string& path);

// The step `step` as the model's calendar writes it ("2024-10"), or "month 4" without
// `start:`.
std::string StepText(const Model& model, int step);

}  // namespace brink

#endif  // BRINK_HISTORY_H_
