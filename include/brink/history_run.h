// A study that learns from a history (brink/history.h; its outcome brink/posterior.h):
//
//   1. the history is refused, located in its file, when the model cannot produce it
//      (checked exactly at the medians, where every uncertain probability is strictly between
//      0 and 1, so impossible there means impossible for every parameter value);
//   2. the figures before the history: a plain run (the prior's draws);
//   3. the likelihood of each parameter value: exact (the exact engine, filtered by the
//      history up to as_of), or unbiased by likelihood weighting (engine/tilted.h);
//   4. the posterior: nothing to learn with every parameter pinned (the likelihood is the
//      evidence), else sequential Monte Carlo (study/smc.h);
//   5. the figures given the history: for each posterior draw, exact (smoothed before as_of)
//      or from its own weighted trials, then averaged over the draws, their standard errors
//      counting the effective draws;
//   6. the scores of the figures before the history against what happened by as_of.
#ifndef BRINK_HISTORY_RUN_H_
#define BRINK_HISTORY_RUN_H_

#include "brink/history.h"
#include "brink/limits.h"
#include "brink/model.h"
#include "brink/run.h"

namespace brink {

// A history study: the run's settings (engine fast, reference or exact; `draws` are the
// posterior's, 0: kPosteriorDraws with uncertain values, else 1, which holds each at its
// median; `trials` each posterior draw's likelihood-weighted trials, engine/tilted.h), the
// history (not owned), and the plain run before it: `before_draws` draws (0: kDefaultDraws
// with uncertain values, else 1) of `before_trials` trials each (0: `trials`). The figures
// are conditional on the history and averaged over the posterior. A history goes with no
// condition, precision control, baseline or forced event: a request has no place for them.
struct HistoryRequest : RunSettings {
  const History* history = nullptr;  // never null
  uint64_t before_trials = 0;
  int before_draws = 0;
};

// Throws ModelError (located in the history file) for a history the model cannot produce,
// UsageError when the results would exceed max_memory, StateLimitError. The outcome's
// `history` holds the posterior, the figures before the history and the scores.
RunOutcome RunGivenHistory(const Model& model, const ParameterSetting& setting,
                           const HistoryRequest& request);

}  // namespace brink

#endif  // BRINK_HISTORY_RUN_H_
