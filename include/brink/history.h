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

struct History {
  std::string path;    // as given
  std::string sha256;  // of the file's bytes
  std::string source;  // the file's bytes
  int as_of = 0;       // 1..the model's horizon
  std::vector<Observation> observations;  // in the file's order: happened, then not happened

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
