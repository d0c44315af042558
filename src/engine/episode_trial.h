// One trial of a version-2 model (events that end, recur and start already going on), one at a
// time: ../shared/spec/episodes.md "One step, with endings", line by line, with the random
// streams of ../shared/spec/randomness.md's version-2 section. The reference engine's trial for
// such a model, and the yardstick of every faster or exact one.
#ifndef BRINK_ENGINE_EPISODE_TRIAL_H_
#define BRINK_ENGINE_EPISODE_TRIAL_H_

#include <cstdint>
#include <vector>

#include "plan/plan.h"

namespace brink {

// What one trial did, by event (file order) and step.
struct EpisodePath {
  int horizon = 0;
  int num_events = 0;
  // The step of the first onset in 1..horizon, 0 for none. An event `initially` active or
  // ended has happened before step 1: its first is 0, even when it begins again.
  std::vector<int> first;
  std::vector<char> initial;       // happened before step 1 (`initially`)
  std::vector<int> onsets;         // onsets in 1..horizon
  std::vector<int> ends;           // ends in 1..horizon (of occurrences begun in 0..horizon)
  std::vector<int> steps_active;   // steps t in 1..horizon at whose end the event is active
  // Whether event e is active at the end of step t: active[(t − 1) · num_events + e].
  std::vector<char> active;
  // Whether an occurrence of event e began at step t (1..horizon): onset[(t − 1) · num_events
  // + e]; an end and a new onset in one step show as active with an onset.
  std::vector<char> onset;
  // The level at step t (the highest level among events active at its end), t = 1..horizon:
  // level_at[t − 1]; and the level reached by t (among events that have happened).
  std::vector<int> level_at;
  std::vector<int> level_reached;

  bool Active(int e, int t) const {
    return active[static_cast<size_t>(t - 1) * num_events + e] != 0;
  }
  bool Happened(int e) const { return first[e] != 0 || initial[e] != 0; }
};

class EpisodeTrial {
 public:
  // REQUIRES: plan.two_way.
  EpisodeTrial(const Plan& plan, uint64_t seed, uint32_t draw);

  // Simulates trial `lane` of trial block `block`.
  const EpisodePath& Run(uint64_t block, int lane);

 private:
  void Start(uint64_t block, int lane);
  void Endings(uint64_t block, int lane, int t);
  void Arrivals(uint64_t block, int lane, int t);
  void Evaluate(const PlanEvent& pe, uint64_t block, int lane, int t);
  void Onset(int e, uint64_t block, int lane, int t);
  void End(int e);
  void Record(int t);

  bool Holds(int condition) const;
  bool HeldBefore(int condition) const;  // on S(t − 1)
  // The probability of the first of `num` cases from `first` whose condition holds (now, or
  // on S(t − 1) when `before`); 0 when none does.
  Threshold CaseThreshold(int first, int num, bool before) const;
  int Uniform(uint64_t block, int lane, int e, int step, Purpose purpose, int lo, int hi,
              int cutoff) const;
  bool Below(uint64_t block, int lane, int e, int step, Purpose purpose, Threshold p) const;

  const Plan& plan_;
  uint64_t seed_;
  uint32_t draw_;
  // The state: active and happened now, and at the end of the step before (S(t − 1)).
  std::vector<char> active_, ever_, was_active_, was_ever_;
  std::vector<char> armed_;        // responses: may be decided
  std::vector<int> due_;           // responses: the step a decided onset is due, else 0
  std::vector<int> end_due_;       // the step the current occurrence is due to end, else 0
  std::vector<char> end_decided_;  // `ends.p`: the current occurrence's end was decided
  EpisodePath path_;
};

}  // namespace brink

#endif  // BRINK_ENGINE_EPISODE_TRIAL_H_
