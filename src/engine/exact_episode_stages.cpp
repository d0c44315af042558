// The stages of one step of a version-2 model (exact_episode_stages.h), written to read as
// engine/episode_trial.cpp does, with every random draw turned into weighted branches.
#include "engine/exact_episode_stages.h"

#include <algorithm>

#include "model/condition_eval.h"

namespace brink {

EpisodeStages::EpisodeStages(const Plan& plan, const EpisodeLayout& layout)
    : plan_(plan), layout_(layout), branches_(layout.words()), scratch_(layout.words()) {
  in_place_.assign(count(), 1);
  in_place_[kEndings] = 0;
  for (size_t j = 0; j < plan.order.size(); ++j) {
    const PlanEvent& pe = plan.order[j];
    if (pe.trigger || !plan.recurs[pe.event]) continue;
    const std::vector<int> named = plan.conditions[pe.gate].Events();
    if (std::find(named.begin(), named.end(), pe.event) != named.end()) in_place_[j + 2] = 0;
  }
}

// S(0): every event inactive but those `initially` active (an occurrence that began at step 0)
// or ended; a response armed unless it is initially active or ended.
void EpisodeStages::BuildStart() {
  std::fill(scratch_.begin(), scratch_.end(), 0);
  uint64_t* s = scratch_.data();
  for (int e = 0; e < plan_.num_events; ++e) {
    const InitialState initially = plan_.initially[e];
    if (initially != InitialState::kNone) layout_.SetEver(s, e);
    if (initially == InitialState::kActive) layout_.SetActive(s, e, true);
  }
  for (const PlanEvent& pe : plan_.order)
    if (!pe.trigger) layout_.SetArmed(s, pe.event, plan_.initially[pe.event] == InitialState::kNone);
  branches_.Clear();
  branches_.Add(s, 1.0);
  for (int e = 0; e < plan_.num_events; ++e) {
    const PlanEnding& end = plan_.endings[e];
    if (plan_.initially[e] != InitialState::kActive || end.kind != Ending::Kind::kLasts) continue;
    const int m = end.lasts_hi - end.lasts_lo + 1;
    weights_.assign(1, static_cast<double>(Beyond(end.lasts_lo, end.lasts_hi, 0)) / m);
    for (int d = end.lasts_lo; d <= end.lasts_hi && d <= plan_.horizon; ++d)
      weights_.push_back(1.0 / m);
    branches_.Split(weights_, [&](uint64_t* key, int j) {
      if (j > 0) layout_.SetEndDue(key, e, end.lasts_lo + j - 1);
    });
  }
}

void EpisodeStages::Build(int stage, const uint64_t* s, int t) {
  if (stage == kEndings)
    Endings(s, t);
  else if (stage == kArrivals)
    Arrivals(s, t);
  else
    Evaluate(plan_.order[stage - 2], s, t);
}

// Phase 0: every occurrence active in S(t − 1) = s that ends at t, each reading s only; the
// outcomes of different events are independent.
void EpisodeStages::Endings(const uint64_t* s, int t) {
  branches_.Clear();
  branches_.Add(s, 1.0);
  for (int e = 0; e < plan_.num_events; ++e) {
    if (!layout_.Active(s, e)) continue;
    const PlanEnding& end = plan_.endings[e];
    if (layout_.EndDue(s, e) == t) {
      for (size_t b = 0; b < branches_.size(); ++b) End(branches_.key(b), e);
      continue;
    }
    if (end.kind == Ending::Kind::kHazard) {
      if (!Holds(end.gate, s)) continue;
      const double p = CaseProbability(end.first_case, end.num_cases, s);
      weights_.assign({1 - p, p});
      branches_.Split(weights_, [&](uint64_t* key, int j) {
        if (j == 1) End(key, e);
      });
    } else if (end.kind == Ending::Kind::kDecided) {
      if (layout_.EndDecided(s, e) || !Holds(end.gate, s)) continue;
      // Decided once per occurrence: a failure, or a delay past the horizon, leaves it to run.
      const double p = CaseProbability(end.first_case, end.num_cases, s);
      const int m = end.delay_hi - end.delay_lo + 1;
      weights_.assign(1, (1 - p) + p * Beyond(end.delay_lo, end.delay_hi, t) / m);
      if (p > 0)
        for (int d = end.delay_lo; d <= end.delay_hi && t + d <= plan_.horizon; ++d)
          weights_.push_back(p / m);
      branches_.Split(weights_, [&](uint64_t* key, int j) {
        layout_.SetEndDecided(key, e, true);
        if (j == 0) return;
        const int d = end.delay_lo + j - 1;
        if (d == 0)
          End(key, e);
        else
          layout_.SetEndDue(key, e, t + d);
      });
    }
  }
}

// Phase 1: the responses due now begin; then every recurring response whose `after` does not
// hold on the state after the arrivals is armed.
void EpisodeStages::Arrivals(const uint64_t* s, int t) {
  branches_.Clear();
  uint64_t* key = branches_.key(branches_.Add(s, 1.0));
  arrived_.clear();
  for (int e = 0; e < plan_.num_events; ++e) {
    if (!layout_.CanBeDue(e) || layout_.Due(s, e) != t) continue;
    layout_.SetDue(key, e, 0);
    arrived_.push_back(e);
  }
  for (int e : arrived_) Onset(e, t, 0);
  // An onset's `lasts` splits the branches but changes no condition: arm them all alike.
  for (const PlanEvent& pe : plan_.order) {
    if (pe.trigger || !plan_.recurs[pe.event] || Holds(pe.gate, branches_.key(0))) continue;
    for (size_t b = 0; b < branches_.size(); ++b) layout_.SetArmed(branches_.key(b), pe.event, true);
  }
}

// Phase 2: one event's onset, in the evaluation order.
void EpisodeStages::Evaluate(const PlanEvent& pe, const uint64_t* s, int t) {
  const int e = pe.event;
  const bool recurs = plan_.recurs[e] != 0;
  branches_.Clear();
  if (pe.trigger) {
    if (layout_.Active(s, e) || (layout_.Ever(s, e) && !recurs) || !Holds(pe.gate, s)) {
      branches_.Add(s, 1.0);
      return;
    }
    const double p = CaseProbability(pe.first_case, pe.num_cases, s);
    if (p < 1) branches_.Add(s, 1 - p);
    if (p > 0) Onset(e, t, branches_.Add(s, p));
    return;
  }
  if (!Holds(pe.gate, s)) {
    const size_t b = branches_.Add(s, 1.0);
    if (recurs) layout_.SetArmed(branches_.key(b), e, true);
    return;
  }
  if (!layout_.Armed(s, e) || layout_.Active(s, e) || layout_.Due(s, e) != 0) {
    branches_.Add(s, 1.0);  // a free, armed response waits
    return;
  }
  std::copy(s, s + layout_.words(), scratch_.begin());
  layout_.SetArmed(scratch_.data(), e, false);
  // A success whose delay lands past the horizon is lost: the same state as a failure.
  const double p = CaseProbability(pe.first_case, pe.num_cases, s);
  const int m = pe.delay_hi - pe.delay_lo + 1;
  const double nothing = (1 - p) + p * Beyond(pe.delay_lo, pe.delay_hi, t) / m;
  if (nothing > 0) branches_.Add(scratch_.data(), nothing);
  if (p == 0) return;
  for (int d = pe.delay_lo; d <= pe.delay_hi && t + d <= plan_.horizon; ++d) {
    const size_t b = branches_.Add(scratch_.data(), p / m);
    if (d == 0)
      Onset(e, t, b);
    else
      layout_.SetDue(branches_.key(b), e, t + d);
  }
}

void EpisodeStages::Onset(int e, int t, size_t b) {
  for (size_t i = b; i < branches_.size(); ++i) {
    uint64_t* key = branches_.key(i);
    layout_.SetActive(key, e, true);
    layout_.SetEver(key, e);
    if (plan_.endings[e].kind == Ending::Kind::kDecided) layout_.SetEndDecided(key, e, false);
    layout_.SetEndDue(key, e, 0);
  }
  const PlanEnding& end = plan_.endings[e];
  if (end.kind != Ending::Kind::kLasts) return;
  const int m = end.lasts_hi - end.lasts_lo + 1;
  weights_.assign(1, static_cast<double>(Beyond(end.lasts_lo, end.lasts_hi, t)) / m);
  for (int d = end.lasts_lo; d <= end.lasts_hi && t + d <= plan_.horizon; ++d)
    weights_.push_back(1.0 / m);
  branches_.Split(
      weights_,
      [&](uint64_t* key, int j) {
        if (j > 0) layout_.SetEndDue(key, e, t + end.lasts_lo + j - 1);
      },
      b);
}

// An occurrence ends: what it carried (its end due or decided) goes with it.
void EpisodeStages::End(uint64_t* s, int e) const {
  layout_.SetActive(s, e, false);
  layout_.SetEndDue(s, e, 0);
  if (plan_.endings[e].kind == Ending::Kind::kDecided) layout_.SetEndDecided(s, e, false);
}

bool EpisodeStages::Idle(int stage, const uint64_t* s, int t) const {
  if (stage == kArrivals) {
    for (int e = 0; e < plan_.num_events; ++e)
      if (layout_.CanBeDue(e) && layout_.Due(s, e) == t) return false;
    for (const PlanEvent& pe : plan_.order)
      if (!pe.trigger && plan_.recurs[pe.event] && !layout_.Armed(s, pe.event) &&
          !Holds(pe.gate, s))
        return false;
    return true;
  }
  const PlanEvent& pe = plan_.order[stage - 2];
  const int e = pe.event;
  const bool recurs = plan_.recurs[e] != 0;
  if (pe.trigger)
    return layout_.Active(s, e) || (layout_.Ever(s, e) && !recurs) || !Holds(pe.gate, s);
  if (!Holds(pe.gate, s)) return !recurs || layout_.Armed(s, e);
  return !layout_.Armed(s, e) || layout_.Active(s, e) || layout_.Due(s, e) != 0;
}

bool EpisodeStages::Holds(int condition, const uint64_t* s) const {
  return plan_.conditions[condition].Evaluate([&](int e) { return layout_.Active(s, e); },
                                              [&](int e) { return layout_.Ever(s, e); }, true);
}

double EpisodeStages::CaseProbability(int first, int num, const uint64_t* s) const {
  for (int c = first; c < first + num; ++c)
    if (Holds(plan_.cases[c].condition, s)) return plan_.cases[c].probability;
  return 0;
}

int EpisodeStages::Beyond(int lo, int hi, int t) const {
  return std::clamp(hi - (plan_.horizon - t), 0, hi - lo + 1);
}

}  // namespace brink
