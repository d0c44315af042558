#include "model/condition_eval.h"
#include "path_enumeration.h"

#include <vector>

namespace brink::test {
namespace {

struct Trial {
  std::vector<int> first;  // step of occurrence, 0 = not (yet)
  std::vector<char> decided;
  std::vector<int> due;
};

class Enumerator {
 public:
  Enumerator(const Plan& plan, const Condition* given, const History* history)
      : plan_(plan), given_(given), history_(history),
        out_(plan.horizon, plan.num_events, plan.num_levels) {
    if (given_ != nullptr || history_ != nullptr) out_.given_probability = 0;
  }

  ExactSolution Run() {
    Trial start{std::vector<int>(plan_.num_events, 0), std::vector<char>(plan_.num_events, 0),
                std::vector<int>(plan_.num_events, 0)};
    Visit(1, 0, 1.0, start);
    return out_;
  }

 private:
  // Stage 0 of step t: arrivals; stage j >= 1: plan.order[j - 1].
  void Visit(int t, int stage, double weight, Trial trial) {
    if (t > plan_.horizon) return Leaf(weight, trial);
    const int stages = static_cast<int>(plan_.order.size()) + 1;
    auto next = [&](double w, const Trial& s) {
      if (stage + 1 == stages)
        Visit(t + 1, 0, w, s);
      else
        Visit(t, stage + 1, w, s);
    };
    if (stage == 0) {
      for (int e = 0; e < plan_.num_events; ++e)
        if (trial.due[e] == t) trial.first[e] = t;
      return next(weight, trial);
    }
    const PlanEvent& pe = plan_.order[stage - 1];
    const int e = pe.event;
    const bool idle = pe.trigger ? trial.first[e] != 0 : trial.decided[e] != 0;
    if (idle || !Holds(pe.gate, trial)) return next(weight, trial);
    double p = 0;
    for (int c = pe.first_case; c < pe.first_case + pe.num_cases; ++c) {
      if (Holds(plan_.cases[c].condition, trial)) {
        p = plan_.cases[c].probability;
        break;
      }
    }
    if (pe.trigger) {
      if (p < 1) next(weight * (1 - p), trial);
      if (p > 0) {
        trial.first[e] = t;
        next(weight * p, trial);
      }
      return;
    }
    trial.decided[e] = 1;
    if (p < 1) next(weight * (1 - p), trial);
    if (p == 0) return;
    const int m = pe.delay_hi - pe.delay_lo + 1;
    for (int d = pe.delay_lo; d <= pe.delay_hi; ++d) {
      Trial branch = trial;
      if (d == 0)
        branch.first[e] = t;
      else if (t + d <= plan_.horizon)
        branch.due[e] = t + d;
      next(weight * p / m, branch);
    }
  }

  void Leaf(double weight, const Trial& trial) {
    ++out_.peak_states;
    if (history_ != nullptr)
      for (const Observation& o : history_->observations) {
        const int f = trial.first[o.event];
        if (o.happened() ? (f == 0 || f < o.lo || f > o.hi) : (f != 0 && f <= history_->as_of))
          return;
      }
    if (given_ != nullptr && !given_->Evaluate([&](int e) { return trial.first[e] != 0; }, true))
      return;
    if (given_ != nullptr || history_ != nullptr) out_.given_probability += weight;
    for (int e = 0; e < plan_.num_events; ++e)
      if (trial.first[e] != 0) out_.AddFirst(e, trial.first[e], weight);
    for (int k = 1; k <= plan_.num_levels; ++k) {
      int first = 0;
      for (int e = 0; e < plan_.num_events; ++e)
        if (plan_.level_of[e] >= k && trial.first[e] != 0 && (first == 0 || trial.first[e] < first))
          first = trial.first[e];
      if (first != 0) out_.AddFirst(plan_.num_events + k - 1, first, weight);
    }
  }

  bool Holds(int condition, const Trial& trial) const {
    return plan_.conditions[condition].Evaluate([&](int e) { return trial.first[e] != 0; }, true);
  }

  const Plan& plan_;
  const Condition* given_;
  const History* history_;
  ExactSolution out_;
};

}  // namespace

ExactSolution EnumeratePaths(const Plan& plan, const Condition* given, const History* history) {
  return Enumerator(plan, given, history).Run();
}

}  // namespace brink::test
