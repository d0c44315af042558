// Rare figures to relative precision (docs/rare-events.md): importance sampling with
// likelihood ratios on the model's decisions, the tilts found by the cross-entropy method.
//
// 1. Pilot rounds (cross-entropy): `pilot_trials` trials with the current tilts q (first
//    q = p), each scored by how far towards the target it got: how many of the target's
//    precursors happened (the events its conditions name as enablers, not under `not`, and
//    theirs in turn), or one more than all of them when it reached the target. The elite —
//    the trials at or past the furthest score that 0.5% of the round (and at least 20 trials)
//    reached, or 3 trials when that is no further than the round before — give new tilts
//    q[c] = Σ w·fired[c] / Σ w·attempts[c] over them, smoothed with the old (0.7 new + 0.3
//    old). Only the cases of the target's events and of its precursors are tilted, and only
//    upwards (p <= q <= 0.99). Rounds go on until an elite reaches the target, then one more
//    update; at most 25 rounds.
// 2. The estimate: trials with the final tilts in batches of 16,384 until the 95% interval of
//    the target has the relative half-width asked for (or max_trials). Every figure is
//    estimated from the same weighted trials; only the target's tilts are tuned for.
//
// Random keys: the estimate's trials are draw 0's, as in a plain run; pilot round r uses draw
// 2^32 − 1 − r (reserved; draws stop far below). So the same model, seed and options give
// the same bytes, whatever the thread count.
#ifndef BRINK_RARE_H_
#define BRINK_RARE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "brink/estimate.h"
#include "brink/limits.h"
#include "brink/model.h"

namespace brink {

struct RareRequest {
  uint64_t seed = 0;
  int threads = 1;
  int target = -1;                 // index into Results::figures
  // A version-2 model: the target is the row's NowFigure at the horizon (active:EVENT, the
  // level at the horizon level_at:K; brink/run.h Target::now), not "by the horizon".
  bool now = false;
  double precision = 0.10;         // relative half-width of the 95% interval
  uint64_t max_trials = kDefaultMaxTrials; // for the estimate, after the pilot rounds
  uint64_t pilot_trials = 20000;   // per pilot round
  std::function<void(double)> progress;
};

struct RareOutcome {
  Results results;           // every figure, from the weighted trials (one draw)
  uint64_t pilot_trials = 0; // in all pilot rounds
  uint64_t trials = 0;       // of the estimate
  int rounds = 0;            // pilot rounds
  double effective_sample_size = 0;  // (Σw)² / Σw² over the estimate's trials
  double plain_trials = 0;   // plain Monte Carlo trials for the same interval: p(1−p)/SE²
  double speedup = 0;        // plain_trials / (pilot_trials + trials)
  bool precision_reached = false;
  uint64_t target_hits = 0;  // estimate trials in which the target happened
};

// The model at parameter values `values` (one per model parameter). REQUIRES: target a figure
// index, precision > 0 (relative), threads >= 1 (RunCommand Check guarantees them). Throws UsageError when
// the target is not rare (it happens in over 1% of the first pilot round's trials: plain
// Monte Carlo is the better tool, and the message says how many trials it needs) or when no
// pilot round reaches it.
RareOutcome EstimateRare(const Model& model, const std::vector<double>& values,
                         const RareRequest& request);

}  // namespace brink

#endif  // BRINK_RARE_H_
