// Importance sampling of a Plan, for rare figures (docs/rare-events.md). Every case c of the
// plan decides with a tilted probability q[c] instead of its own p[c], and each trial carries
// its likelihood ratio
//
//   w = Π over the trial's decisions of  p/q  (the case fired)  or  (1−p)/(1−q)  (it did not),
//
// so that the mean of w·1{figure} is an unbiased estimate of P(figure) for any q with q > 0
// where p > 0 and q < 1 where p < 1. Delays are not tilted. A trial reads exactly the keyed
// random words the reference engine reads (the same seed, draw, block, event, step and
// purpose), comparing them with q instead of p: with q = p every trial is the reference
// engine's trial and w = 1.
#ifndef BRINK_ENGINE_TILTED_H_
#define BRINK_ENGINE_TILTED_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "plan/plan.h"

namespace brink {

// One trial's outcome.
struct TiltedTrial {
  double log_weight = 0;           // log w
  std::vector<int> first;          // each event's first step, 0 = never (file order)
  int level = 0;                   // the highest level reached by the horizon
  std::vector<uint32_t> attempts;  // per plan case: decisions it made
  std::vector<uint32_t> fired;     // per plan case: decisions that fired
};

struct TiltedOptions {
  uint64_t seed = 0;
  uint32_t draw = 0;
  uint64_t first_trial = 0;  // REQUIRES: a multiple of 64
  uint64_t trials = 0;
  int threads = 1;
  // Called with the fraction done, from the calling thread; may throw to stop.
  std::function<void(double)> progress;
};

// Runs the trials with tilts `q` (one per plan case, each in (0, 1) where its p is, and 0 or
// 1 where p is) and hands each to `visit` in trial order, whatever the thread count.
void RunTilted(const Plan& plan, const std::vector<double>& q, const TiltedOptions& options,
               const std::function<void(uint64_t trial, const TiltedTrial&)>& visit);

}  // namespace brink

#endif  // BRINK_ENGINE_TILTED_H_
