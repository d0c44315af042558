// One trial of a version-2 model (episode_trial.h): the spec's step, phase by phase.
#include "engine/episode_trial.h"

#include <algorithm>

#include "model/condition_eval.h"

namespace brink {

EpisodeTrial::EpisodeTrial(const Plan& plan, uint64_t seed, uint32_t draw)
    : plan_(plan), seed_(seed), draw_(draw) {
  const size_t n = static_cast<size_t>(plan.num_events);
  for (auto* v : {&active_, &ever_, &was_active_, &was_ever_, &armed_, &end_decided_})
    v->assign(n, 0);
  due_.assign(n, 0);
  end_due_.assign(n, 0);
  path_.horizon = plan.horizon;
  path_.num_events = plan.num_events;
  path_.first.assign(n, 0);
  path_.initial.assign(n, 0);
  path_.onsets.assign(n, 0);
  path_.ends.assign(n, 0);
  path_.steps_active.assign(n, 0);
  path_.active.assign(n * plan.horizon, 0);
  path_.onset.assign(n * plan.horizon, 0);
  path_.level_at.assign(plan.horizon, 0);
  path_.level_reached.assign(plan.horizon, 0);
}

const EpisodePath& EpisodeTrial::Run(uint64_t block, int lane) {
  Start(block, lane);
  for (int t = 1; t <= plan_.horizon; ++t) {
    was_active_ = active_;
    was_ever_ = ever_;
    Endings(block, lane, t);
    Arrivals(block, lane, t);
    for (const PlanEvent& pe : plan_.order) Evaluate(pe, block, lane, t);
    Record(t);
  }
  return path_;
}

// S(0): every event inactive, but those `initially` active (an occurrence that began at step
// 0, its `lasts` drawn from step 0) or ended. A response starts armed unless it is initially
// active or ended.
void EpisodeTrial::Start(uint64_t block, int lane) {
  std::fill(active_.begin(), active_.end(), 0);
  std::fill(ever_.begin(), ever_.end(), 0);
  std::fill(due_.begin(), due_.end(), 0);
  std::fill(end_due_.begin(), end_due_.end(), 0);
  std::fill(end_decided_.begin(), end_decided_.end(), 0);
  std::fill(path_.first.begin(), path_.first.end(), 0);
  std::fill(path_.onsets.begin(), path_.onsets.end(), 0);
  std::fill(path_.ends.begin(), path_.ends.end(), 0);
  std::fill(path_.steps_active.begin(), path_.steps_active.end(), 0);
  std::fill(path_.onset.begin(), path_.onset.end(), 0);
  for (int e = 0; e < plan_.num_events; ++e) {
    const InitialState initially = plan_.initially[e];
    path_.initial[e] = initially != InitialState::kNone;
    ever_[e] = path_.initial[e];
    armed_[e] = !path_.initial[e];
    if (initially != InitialState::kActive) continue;
    active_[e] = 1;
    const PlanEnding& end = plan_.endings[e];
    if (end.kind == Ending::Kind::kLasts)
      end_due_[e] = Uniform(block, lane, e, 0, Purpose::kLasts, end.lasts_lo, end.lasts_hi,
                            end.lasts_cutoff);
  }
}

// Phase 0: every occurrence active in S(t − 1) that ends at t, each reading S(t − 1) only.
void EpisodeTrial::Endings(uint64_t block, int lane, int t) {
  for (int e = 0; e < plan_.num_events; ++e) {
    if (!was_active_[e]) continue;
    if (end_due_[e] == t) {
      End(e);
      continue;
    }
    const PlanEnding& end = plan_.endings[e];
    if (end.kind == Ending::Kind::kHazard) {
      if (HeldBefore(end.gate) &&
          Below(block, lane, e, t, Purpose::kEndHazard,
                CaseThreshold(end.first_case, end.num_cases, true)))
        End(e);
    } else if (end.kind == Ending::Kind::kDecided) {
      if (end_decided_[e] || !HeldBefore(end.gate)) continue;
      end_decided_[e] = 1;  // once per occurrence
      if (!Below(block, lane, e, t, Purpose::kEndDecide,
                 CaseThreshold(end.first_case, end.num_cases, true)))
        continue;
      const int d = Uniform(block, lane, e, t, Purpose::kEndDelay, end.delay_lo, end.delay_hi,
                            end.delay_cutoff);
      if (d == 0)
        End(e);
      else if (t + d <= plan_.horizon)
        end_due_[e] = t + d;
    }
  }
}

// Phase 1: responses due now begin; then every recurring response whose `after` does not hold
// on the state after arrivals is armed.
void EpisodeTrial::Arrivals(uint64_t block, int lane, int t) {
  for (int e = 0; e < plan_.num_events; ++e) {
    if (due_[e] != t) continue;
    due_[e] = 0;
    Onset(e, block, lane, t);
  }
  for (const PlanEvent& pe : plan_.order)
    if (!pe.trigger && plan_.recurs[pe.event] && !Holds(pe.gate)) armed_[pe.event] = 1;
}

// Phase 2: one event's onset, in the evaluation order.
void EpisodeTrial::Evaluate(const PlanEvent& pe, uint64_t block, int lane, int t) {
  const int e = pe.event;
  const bool recurs = plan_.recurs[e] != 0;
  if (pe.trigger) {
    if (active_[e] || (ever_[e] && !recurs) || !Holds(pe.gate)) return;
    if (Below(block, lane, e, t, Purpose::kHazard,
              CaseThreshold(pe.first_case, pe.num_cases, false)))
      Onset(e, block, lane, t);
    return;
  }
  if (!Holds(pe.gate)) {
    if (recurs) armed_[e] = 1;
    return;
  }
  if (!armed_[e] || active_[e] || due_[e] != 0) return;  // a free, armed response waits
  armed_[e] = 0;
  // A non-recurring response keeps version 1's keys (step 0); a recurring one is keyed by the
  // step of its decision.
  const int step = recurs ? t : 0;
  if (!Below(block, lane, e, step, Purpose::kDecide,
             CaseThreshold(pe.first_case, pe.num_cases, false)))
    return;
  const int d = Uniform(block, lane, e, step, Purpose::kDelay, pe.delay_lo, pe.delay_hi,
                        pe.first_cutoff);
  if (d == 0)
    Onset(e, block, lane, t);
  else if (t + d <= plan_.horizon)
    due_[e] = t + d;  // else the success is lost
}

void EpisodeTrial::Onset(int e, uint64_t block, int lane, int t) {
  active_[e] = 1;
  if (!ever_[e]) path_.first[e] = t;
  ever_[e] = 1;
  ++path_.onsets[e];
  path_.onset[static_cast<size_t>(t - 1) * plan_.num_events + e] = 1;
  end_decided_[e] = 0;
  end_due_[e] = 0;
  const PlanEnding& end = plan_.endings[e];
  if (end.kind == Ending::Kind::kLasts)
    end_due_[e] = t + Uniform(block, lane, e, t, Purpose::kLasts, end.lasts_lo, end.lasts_hi,
                              end.lasts_cutoff);
}

void EpisodeTrial::End(int e) {
  active_[e] = 0;
  ++path_.ends[e];
  end_due_[e] = 0;
}

void EpisodeTrial::Record(int t) {
  int at = 0, reached = 0;
  char* active = &path_.active[static_cast<size_t>(t - 1) * plan_.num_events];
  for (int e = 0; e < plan_.num_events; ++e) {
    active[e] = active_[e];
    path_.steps_active[e] += active_[e];
    if (active_[e]) at = std::max(at, plan_.level_of[e]);
    if (ever_[e]) reached = std::max(reached, plan_.level_of[e]);
  }
  path_.level_at[t - 1] = at;
  path_.level_reached[t - 1] = reached;
}

bool EpisodeTrial::Holds(int condition) const {
  return plan_.conditions[condition].Evaluate([this](int e) { return active_[e] != 0; },
                                              [this](int e) { return ever_[e] != 0; }, true);
}

bool EpisodeTrial::HeldBefore(int condition) const {
  return plan_.conditions[condition].Evaluate([this](int e) { return was_active_[e] != 0; },
                                              [this](int e) { return was_ever_[e] != 0; },
                                              true);
}

Threshold EpisodeTrial::CaseThreshold(int first, int num, bool before) const {
  for (int c = first; c < first + num; ++c)
    if (before ? HeldBefore(plan_.cases[c].condition) : Holds(plan_.cases[c].condition))
      return plan_.cases[c].threshold;
  return Threshold::FromProbability(0);
}

int EpisodeTrial::Uniform(uint64_t block, int lane, int e, int step, Purpose purpose, int lo,
                          int hi, int cutoff) const {
  if (lo == hi) return lo;
  KeyedStream v({seed_, draw_, block, static_cast<uint32_t>(e), static_cast<uint32_t>(step),
                 purpose});
  return DelayFromBits(LaneBits(&v, lane), lo, &plan_.cutoffs[cutoff], hi - lo);
}

bool EpisodeTrial::Below(uint64_t block, int lane, int e, int step, Purpose purpose,
                         Threshold p) const {
  KeyedStream u({seed_, draw_, block, static_cast<uint32_t>(e), static_cast<uint32_t>(step),
                 purpose});
  return LaneBelow(&u, lane, p);
}

}  // namespace brink
