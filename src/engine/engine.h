// Monte Carlo engines: run trials of a Plan and count what happened.
#ifndef BRINK_ENGINE_H_
#define BRINK_ENGINE_H_

#include <cstdint>
#include <functional>

#include "brink/condition.h"
#include "brink/limits.h"
#include "plan/plan.h"
#include "brink/simd.h"
#include "engine/tally.h"

namespace brink {

// Trials are numbered 0..trials-1 and grouped in blocks of 64 (block = trial / 64, lane =
// trial % 64), the unit of randomness (random/random.h) and of work: threads take chunks of
// consecutive blocks. The tally is the same for every thread count.
struct RunOptions {
  uint64_t seed = 0;
  uint32_t draw = 0;
  uint64_t trials = 0;        // REQUIRES: first_trial + trials <= kMaxTrials
  // The run covers trials first_trial .. first_trial + trials - 1, so a run can be extended
  // batch by batch with the same numbers as one long run. REQUIRES: a multiple of 512.
  uint64_t first_trial = 0;
  int threads = 1;            // >= 1
  const Condition* given = nullptr;  // count only trials where this holds at the horizon
  // The fast engine's SIMD kernel (brink/simd.h); the tally is the same for every kernel.
  // Default: the best this CPU supports.
  SimdKernel simd = SimdKernel::kAuto;
  // Called now and then from one worker with the fraction of trials done; may be empty.
  std::function<void(double)> progress;
};


// The reference engine: one trial at a time, straight from the semantics of the model
// language. The yardstick every faster engine must match byte for byte. A version-2 plan
// (plan.two_way) runs EpisodeTrial (engine/episode_trial.h) into a version-2 tally, and
// options.given then reads the state at the horizon (a bare id: active at the horizon).
Tally RunReference(const Plan& plan, const RunOptions& options);

// The fast engine: 512 trials at a time, one bit per trial, the same random numbers as the
// reference engine and so a byte-identical tally for every model, seed, thread count and
// SIMD kernel. A version-2 plan (plan.two_way) runs RunFastEpisodes, whose tally is the
// reference engine's EpisodeTrial tally. Throws UsageError when options.simd names a kernel
// this CPU or build lacks.
Tally RunFast(const Plan& plan, const RunOptions& options);
// RunFast's and RunFastPaired's engines for version-2 plans (engine/fast_episodes.cpp).
// REQUIRES: plan.two_way (a.two_way and b.two_way).
Tally RunFastEpisodes(const Plan& plan, const RunOptions& options);
PairedTally RunFastEpisodesPaired(const Plan& a, const Plan& b, const RunOptions& options);

// Both arms of a paired comparison on the same trials (options.trials from options.first_trial;
// options.given must be null): each arm's tally is byte-identical to its own RunFast or
// RunReference run, and PairedTally::both counts the trials where a row happened in both.
// REQUIRES: a and b have the same events and levels (they may differ in probabilities,
// conditions and delays).
PairedTally RunFastPaired(const Plan& a, const Plan& b, const RunOptions& options);
PairedTally RunReferencePaired(const Plan& a, const Plan& b, const RunOptions& options);

}  // namespace brink

#endif  // BRINK_ENGINE_H_
