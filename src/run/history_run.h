// A run that learns from a history (brink/run.h RunRequest::history, brink/posterior.h):
//
//   1. the history is refused, located in its file, when the model cannot produce it
//      (checked exactly at the medians, where every uncertain probability is strictly between
//      0 and 1, so impossible there means impossible for every parameter value);
//   2. the figures before the history: a plain run (the prior's draws);
//   3. the likelihood of each parameter value: exact (the exact engine, filtered by the
//      history up to as_of), or unbiased by likelihood weighting (engine/tilted.h);
//   4. the posterior: nothing to learn with every parameter pinned (the likelihood is the
//      evidence), else sequential Monte Carlo (run/smc.h);
//   5. the figures given the history: for each posterior draw, exact (smoothed before as_of)
//      or from its own weighted trials, then averaged over the draws, their standard errors
//      counting the effective draws;
//   6. the scores of the figures before the history against what happened by as_of.
#ifndef BRINK_RUN_HISTORY_RUN_H_
#define BRINK_RUN_HISTORY_RUN_H_

#include "brink/history.h"
#include "brink/limits.h"
#include "brink/model.h"
#include "brink/run.h"

namespace brink {

// Default posterior draws (RunRequest::draws 0 with uncertain values) and draws before the
// history: brink/limits.h's kPosteriorDraws and kDefaultDraws.

// REQUIRES: request.history; engine fast, reference (both: the likelihood-weighted trials) or
// exact. Throws ModelError (located in the history file) for a history the model cannot
// produce, UsageError for options that do not go with a history, StateLimitError.
RunOutcome RunGivenHistory(const Model& model, const ParameterSetting& setting,
                           const RunRequest& request);

}  // namespace brink

#endif  // BRINK_RUN_HISTORY_RUN_H_
