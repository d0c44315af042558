// The exact engine over a whole run (the exact engine of run, exact, sweep and sensitivity): the figures of
// every draw of the uncertain values solved exactly, then combined as Monte Carlo draws are.
#ifndef BRINK_EXACT_RUN_H_
#define BRINK_EXACT_RUN_H_

#include <cstdint>

#include "engine/exact.h"
#include "brink/run.h"

namespace brink {

struct ExactRunOutcome {
  RunOutcome run;            // results, draws, sampled names and values; trials is 0
  uint64_t peak_states = 0;  // the largest number of states any draw held at once
};

// Solves the model exactly for each draw (one draw when nothing is sampled; the draws are
// those RunModel would make from the same request) and combines them with CombineDraws: with
// one draw every figure is exact (std_error 0, interval = value); with several, a figure is
// the mean over draws of its exact value and its interval and bands describe the spread over
// draws, the only uncertainty left. With request.given, results.given holds the condition and
// its exact probability (the mean over draws, with the same kind of interval).
//
// Uses request.seed, draws, sampling, given, threads (draws side by side) and progress; ignores
// trials, engine and precision. options.given and options.progress are ignored (the
// request's are used). Throws StateLimitError, and UsageError when the condition has
// probability 0 (in some draw). REQUIRES: options.max_states >= 1, draws in 0..10^6.
ExactRunOutcome RunModelExactly(const Model& model, const ParameterSetting& setting,
                                const RunRequest& request, const ExactOptions& options);

}  // namespace brink

#endif  // BRINK_EXACT_RUN_H_
