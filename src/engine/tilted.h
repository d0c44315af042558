// Weighted trials of a Plan: importance sampling for rare figures (docs/rare-events.md) and
// likelihood weighting for histories (docs/history.md).
//
// Tilts. Every case c of the plan may decide with a tilted probability q[c] instead of its own
// p[c], and each trial carries its likelihood ratio
//
//   w = Π over the trial's decisions of  p/q  (the case fired)  or  (1−p)/(1−q)  (it did not),
//
// so that the mean of w·1{figure} is an unbiased estimate of P(figure) for any q with q > 0
// where p > 0 and q < 1 where p < 1. Delays are not tilted.
//
// A history (brink/history.h). Each decision the history constrains, at a step <= as_of, is
// forced into the outcomes the history allows, and the trial's weight is multiplied by their
// probability; the forced outcome is then drawn from the model's own distribution restricted
// to them:
//   - an observed trigger (window [lo, hi]) is forced not to fire before lo (weight 1 − p) and
//     to fire at hi if it has not yet (weight p); between, it decides freely. A trigger that
//     had not happened by as_of is forced not to fire (1 − p);
//   - an observed response decided at step s must succeed with a delay landing in [lo, hi]
//     (weight p·a/m, a of its m delays landing there; the delay uniform among those a); one
//     that had not happened by as_of must fail or land after as_of (weight (1 − p) + p·b/m,
//     b delays landing after as_of; success then with probability p·(b/m) / that weight).
// A trial still inconsistent with the history at the end of a step <= as_of (an observed event
// whose `after` or `while` never let it happen in its window) gets weight 0. So the mean of
// w·1{figure} over trials is P(figure and the history), the mean of w is P(history) (the
// likelihood, unbiased), and their ratio is P(figure | history).
//
// A version-2 model (plan.two_way): engine/tilted_episodes.h, the same rules for its onsets and
// ends, the trial's whole path kept.
//
// Random numbers. A trial reads exactly the keyed words the reference engine reads (the same
// seed, draw, block, event, step and purpose), comparing them with q, or with the restricted
// probability, instead of p; a forced decision reads none. With q = p and no history every
// trial is the reference engine's trial and w = 1. The delay among a allowed ones is
// lo' + #{j in 1..a−1 : U >= j/a}, U from the delay key, exactly as a delay on a values.
#ifndef BRINK_ENGINE_TILTED_H_
#define BRINK_ENGINE_TILTED_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "brink/history.h"
#include "engine/episode_trial.h"
#include "plan/plan.h"

namespace brink {

// One trial's outcome.
struct TiltedTrial {
  double log_weight = 0;           // log w; -infinity when the history rules the trial out
  std::vector<int> first;          // each event's first step, 0 = never (file order)
  int level = 0;                   // the highest level reached by the last step run
  std::vector<uint32_t> attempts;  // per plan case: decisions it made
  std::vector<uint32_t> fired;     // per plan case: decisions that fired
  // A version-2 model: the path through the last step run (first is then 0 for an event that
  // began before step 1, as EpisodePath's); else empty.
  EpisodePath path;
};

class TiltedEpisodes;

// Runs single trials, one after the other, on the calling thread.
class TiltedTrials {
 public:
  // q: one tilt per plan case (each in (0, 1) where its p is, and 0 or 1 where p is); empty
  // means q = p. history: nullptr, or observations valid for the plan (not owned). The
  // trials stop after step `last_step` (0: the horizon), and a trial the history rules out
  // stops at once. REQUIRES: plan, q and history outlive this object.
  TiltedTrials(const Plan& plan, const std::vector<double>& q, uint64_t seed, uint32_t draw,
               const History* history = nullptr, int last_step = 0);
  ~TiltedTrials();
  TiltedTrials(const TiltedTrials&) = delete;
  TiltedTrials& operator=(const TiltedTrials&) = delete;

  // Trial number `trial` (block trial / 64, lane trial % 64). The reference is valid until the
  // next call.
  const TiltedTrial& Run(uint64_t trial);

 private:
  class Trial;
  std::unique_ptr<Trial> trial_;
  std::unique_ptr<TiltedEpisodes> episodes_;  // a version-2 plan's
};

struct TiltedOptions {
  uint64_t seed = 0;
  uint32_t draw = 0;
  uint64_t first_trial = 0;  // REQUIRES: a multiple of 64
  uint64_t trials = 0;
  int threads = 1;
  const History* history = nullptr;  // see above; not owned
  // Called with the fraction done, from the calling thread; may throw to stop.
  std::function<void(double)> progress;
};

// Runs the trials with tilts `q` (as TiltedTrials takes them) and hands each to `visit` in
// trial order, whatever the thread count.
void RunTilted(const Plan& plan, const std::vector<double>& q, const TiltedOptions& options,
               const std::function<void(uint64_t trial, const TiltedTrial&)>& visit);

}  // namespace brink

#endif  // BRINK_ENGINE_TILTED_H_
