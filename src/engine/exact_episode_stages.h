// One step of a version-2 model as the exact engine takes it (engine/exact_episodes.h): a chain
// of stages, each mapping one state to a few weighted successors, with the semantics of
// engine/episode_trial.h phase by phase. Stage 0 is the endings (every event's, all reading
// S(t − 1): one stage, whose outcomes are the product of each event's), stage 1 the arrivals
// and the re-arming after them, stage j >= 2 the evaluation of plan.order[j − 2].
#ifndef BRINK_ENGINE_EXACT_EPISODE_STAGES_H_
#define BRINK_ENGINE_EXACT_EPISODE_STAGES_H_

#include <cstdint>
#include <vector>

#include "engine/exact_episode_state.h"
#include "plan/plan.h"

namespace brink {

class EpisodeStages {
 public:
  static constexpr int kEndings = 0;
  static constexpr int kArrivals = 1;

  // REQUIRES: plan.two_way; both outlive the stages.
  EpisodeStages(const Plan& plan, const EpisodeLayout& layout);

  int count() const { return static_cast<int>(plan_.order.size()) + 2; }

  // Calls emit(key, weight) for every state of S(0) (the `lasts` of an event initially active
  // is drawn at step 0); the weights sum to 1.
  template <typename F>
  void Start(F&& emit) {
    BuildStart();
    EmitAll(emit);
  }

  // Calls emit(successor_key, weight) for every outcome of `stage` at step t from state s;
  // the weights sum to 1 (an outcome of weight 0 is left out). Keys passed to emit are valid
  // only during the call, which must not call the stages again.
  template <typename F>
  void Expand(int stage, const uint64_t* s, int t, F&& emit) {
    Build(stage, s, t);
    EmitAll(emit);
  }

  // Whether `stage` leaves s as it is at step t (Expand would emit only (s, 1)).
  // REQUIRES: stage != kEndings.
  bool Idle(int stage, const uint64_t* s, int t) const;

  // Whether `stage` may be applied to a set in place: every successor of a state it moves is
  // that state itself or one the stage leaves alone, so a successor never lands on a state
  // still to be moved. Not so for the endings, nor for a recurring response whose `after`
  // names itself (an onset can make its `after` false, and the stage would then arm it).
  bool InPlace(int stage) const { return in_place_[stage] != 0; }

 private:
  template <typename F>
  void EmitAll(F& emit) {
    for (size_t b = 0; b < branches_.size(); ++b) emit(branches_.key(b), branches_.weight(b));
  }

  void BuildStart();
  void Build(int stage, const uint64_t* s, int t);
  void Endings(const uint64_t* s, int t);
  void Arrivals(const uint64_t* s, int t);
  void Evaluate(const PlanEvent& pe, const uint64_t* s, int t);
  // Branch `b` begins an occurrence of e at step t; its `lasts`, drawn now, splits it and the
  // branches after it (REQUIRES: they all begin the occurrence).
  void Onset(int e, int t, size_t b);
  void End(uint64_t* s, int e) const;

  bool Holds(int condition, const uint64_t* s) const;
  // The probability of the first of `num` cases from `first` whose condition holds in s; 0
  // when none does.
  double CaseProbability(int first, int num, const uint64_t* s) const;
  // How many of the delays lo..hi from step t land past the horizon.
  int Beyond(int lo, int hi, int t) const;

  const Plan& plan_;
  const EpisodeLayout& layout_;
  std::vector<char> in_place_;  // by stage
  Branches branches_;
  std::vector<double> weights_;
  std::vector<int> arrived_;
  std::vector<uint64_t> scratch_;
};

}  // namespace brink

#endif  // BRINK_ENGINE_EXACT_EPISODE_STAGES_H_
