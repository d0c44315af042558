#include "model/condition_eval.h"
#include "stale_engine.h"

#include <algorithm>
#include <vector>

namespace brink::test {
namespace {

class StaleTrial {
 public:
  StaleTrial(const Plan& plan, uint64_t seed, uint32_t draw)
      : plan_(plan), seed_(seed), draw_(draw), first_(plan.num_events), seen_(plan.num_events),
        decided_(plan.num_events), due_(plan.num_events) {}

  const std::vector<int>& Run(uint64_t block, int lane) {
    std::fill(first_.begin(), first_.end(), 0);
    std::fill(decided_.begin(), decided_.end(), false);
    std::fill(due_.begin(), due_.end(), 0);
    for (int t = 1; t <= plan_.horizon; ++t) {
      seen_ = first_;  // THE BUG: conditions below see the previous step's state
      for (int e = 0; e < plan_.num_events; ++e)
        if (due_[e] == t) first_[e] = t;
      for (const PlanEvent& pe : plan_.order) Evaluate(pe, block, lane, t);
    }
    return first_;
  }

 private:
  bool Holds(int condition) const {
    return plan_.conditions[condition].Evaluate([this](int e) { return seen_[e] != 0; }, true);
  }

  void Evaluate(const PlanEvent& pe, uint64_t block, int lane, int t) {
    const int e = pe.event;
    if (pe.trigger) {
      if (first_[e] != 0 || !Holds(pe.gate)) return;
      KeyedStream u({seed_, draw_, block, static_cast<uint32_t>(e), static_cast<uint32_t>(t),
                     Purpose::kHazard});
      if (LaneBelow(&u, lane, CaseThreshold(pe))) first_[e] = t;
      return;
    }
    if (decided_[e] || !Holds(pe.gate)) return;
    decided_[e] = true;
    KeyedStream u({seed_, draw_, block, static_cast<uint32_t>(e), 0, Purpose::kDecide});
    if (!LaneBelow(&u, lane, CaseThreshold(pe))) return;
    int d = pe.delay_lo;
    if (pe.delay_hi > pe.delay_lo) {
      KeyedStream v({seed_, draw_, block, static_cast<uint32_t>(e), 0, Purpose::kDelay});
      d = DelayFromBits(LaneBits(&v, lane), pe.delay_lo, &plan_.cutoffs[pe.first_cutoff],
                        pe.delay_hi - pe.delay_lo);
    }
    if (d == 0)
      first_[e] = t;
    else if (t + d <= plan_.horizon)
      due_[e] = t + d;
  }

  Threshold CaseThreshold(const PlanEvent& pe) const {
    for (int c = pe.first_case; c < pe.first_case + pe.num_cases; ++c)
      if (Holds(plan_.cases[c].condition)) return plan_.cases[c].threshold;
    return Threshold::FromProbability(0);
  }

  const Plan& plan_;
  uint64_t seed_;
  uint32_t draw_;
  std::vector<int> first_;
  std::vector<int> seen_;
  std::vector<char> decided_;
  std::vector<int> due_;
};

}  // namespace

Tally RunStale(const Plan& plan, const RunOptions& options) {
  Tally tally(plan.horizon, plan.num_events, plan.num_levels);
  StaleTrial trial(plan, options.seed, options.draw);
  for (uint64_t i = 0; i < options.trials; ++i) {
    const std::vector<int>& first = trial.Run(i / 64, static_cast<int>(i % 64));
    bool counted = options.given == nullptr ||
                   options.given->Evaluate([&](int e) { return first[e] != 0; }, true);
    tally.AddTrial(first.data(), plan.level_of.data(), counted);
  }
  return tally;
}

}  // namespace brink::test
