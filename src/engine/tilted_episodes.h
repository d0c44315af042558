// Weighted trials of a version-2 model (engine/tilted.h's TiltedTrials for a plan whose events
// end, recur or begin before step 1): EpisodeTrial's step (engine/episode_trial.h), line by
// line and with the same keyed random streams (seed, draw, block, event, step, purpose), each
// decision taken with the tilt q of its case instead of p, or forced by a history. The words of
// a trial block are computed once for its 64 lanes (random.h BlockStream), as TiltedTrials'
// version-1 trial does.
//
// Tilts. A free decision (an onset hazard, a response's decision, an end hazard, an `ends.p`
// decision) fires when U < q and multiplies the weight by p/q or (1 − p)/(1 − q). Delays and
// `lasts` are not tilted. With q = p and no history the trial's path is EpisodeTrial's and
// w = 1.
//
// A history (../shared/spec/episodes.md, "Histories with episodes"). At a step t <= as_of, every
// decision whose outcome the history constrains is restricted to the outcomes that do not
// contradict it at once, the weight multiplied by their probability under p, and the outcome
// drawn from p restricted to them (a forced decision reads no word; one of two allowed outcomes
// reads the decision's word against the restricted probability; one of a allowed delays or
// durations is lo-th..: #{j in 1..a−1 : U >= j/a} from the delay's own key):
//   - an onset hazard: an onset is allowed at t only in the start window of the next recorded
//     episode (or, for an observed first onset, in its window); no onset is allowed unless that
//     window closes at t. Between episodes the onsets are exactly the listed ones; after the
//     last, none up to as_of (weight 1 − p each step);
//   - a response's decision: its success with a delay landing at s is allowed when s is in
//     the next episode's start window (s <= as_of), or when no further onset is recorded
//     (s > as_of); failure (or a landing past the horizon) unless a non-recurring response must
//     still begin. Weight (1 − p)·[failure allowed] + p·a/m;
//   - an end hazard g: an end is allowed at t in the current episode's end window (or any t
//     for `end: unknown`), never for an episode still active at as_of; staying is allowed
//     unless the end window closes at t (weights g, 1 − g);
//   - an `ends.p` decision and its delay: as a response's, the end landing in the end window
//     (failure only when the episode may not have ended by as_of);
//   - `lasts`: only the durations whose end lands in the end window (or after as_of for an
//     episode still active; any for `unknown`), weight a/m.
// Each onset and end at t <= as_of is then checked against the record, and at the end of each
// step t <= as_of the record's windows as EpisodeFilter checks them (exact_episode_filter.h):
// a trial that breaks one gets weight 0. Outcomes are excluded only when they break the history
// for certain, so the weights are unbiased: the mean of w is the exact engine's likelihood.
#ifndef BRINK_ENGINE_TILTED_EPISODES_H_
#define BRINK_ENGINE_TILTED_EPISODES_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "brink/history.h"
#include "engine/tilted.h"
#include "plan/plan.h"

namespace brink {

class TiltedEpisodes {
 public:
  // As TiltedTrials' constructor. REQUIRES: plan.two_way.
  TiltedEpisodes(const Plan& plan, const std::vector<double>& q, uint64_t seed, uint32_t draw,
                 const History* history, int last_step);
  ~TiltedEpisodes();
  TiltedEpisodes(const TiltedEpisodes&) = delete;
  TiltedEpisodes& operator=(const TiltedEpisodes&) = delete;

  // Trial `lane` of block `block`; the reference is valid until the next call.
  const TiltedTrial& Run(uint64_t block, int lane);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace brink

#endif  // BRINK_ENGINE_TILTED_EPISODES_H_
