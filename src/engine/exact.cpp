// The exact engine (brink/exact.h). Each step is a chain of stages: stage 0 is the arrivals,
// stage j >= 1 the evaluation of plan.order[j - 1], exactly as in reference.cpp; a stage maps
// one state to a few weighted successor states.
#include "model/condition_eval.h"
#include "engine/exact.h"

#include <algorithm>
#include <cassert>
#include <utility>

#include "engine/exact_episodes.h"
#include "engine/exact_state.h"

namespace brink {

ExactSolution::ExactSolution(int horizon, int num_events, int num_levels, bool two_way)
    : horizon_(horizon),
      num_events_(num_events),
      num_levels_(num_levels),
      two_way_(two_way),
      first_(static_cast<size_t>(num_events + num_levels) * (horizon + 1), 0.0),
      active_(two_way ? first_.size() : 0, 0.0) {
  if (two_way) {
    occurrences.resize(num_events);
    ends.resize(num_events);
  }
}

StateLimitError::StateLimitError(uint64_t max_states, uint64_t reached, int step)
    : UsageError("exact: the state space passed {max_states} " + std::to_string(max_states) +
                 " (reached " + std::to_string(reached) + " states at step " +
                 std::to_string(step) + "); use brink run"),
      reached_(reached),
      step_(step) {}

namespace {

class Stages {
 public:
  Stages(const Plan& plan, const StateLayout& layout)
      : plan_(plan), layout_(layout), scratch_(layout.words()), success_(layout.words()) {}

  int count() const { return static_cast<int>(plan_.order.size()) + 1; }

  // Calls emit(successor_key, weight) for every outcome of `stage` at step t from state s;
  // the weights sum to 1. Keys passed to emit are valid only during the call.
  template <typename F>
  void Expand(int stage, const uint64_t* s, int t, F&& emit) {
    if (stage == 0)
      Arrive(s, t, emit);
    else
      Evaluate(plan_.order[stage - 1], s, t, emit);
  }

  // Whether `stage` leaves state s as it is at step t (Expand would emit only (s, 1)).
  bool Idle(int stage, const uint64_t* s, int t) const {
    if (stage == 0) {
      for (int e : layout_.pending_events())
        if (layout_.Due(s, e) == t) return false;
      return true;
    }
    const PlanEvent& pe = plan_.order[stage - 1];
    const bool done = pe.trigger ? layout_.Happened(s, pe.event) : layout_.Decided(s, pe.event);
    return done || !Holds(pe.gate, s);
  }

 private:
  template <typename F>
  void Arrive(const uint64_t* s, int t, F& emit) {
    std::copy(s, s + layout_.words(), scratch_.begin());
    for (int e : layout_.pending_events()) {
      if (layout_.Due(s, e) != t) continue;
      layout_.SetHappened(scratch_.data(), e);
      layout_.SetDue(scratch_.data(), e, 0);
    }
    emit(scratch_.data(), 1.0);
  }

  template <typename F>
  void Evaluate(const PlanEvent& pe, const uint64_t* s, int t, F& emit) {
    const int e = pe.event;
    const bool idle = pe.trigger ? layout_.Happened(s, e) : layout_.Decided(s, e);
    if (idle || !Holds(pe.gate, s)) {
      emit(s, 1.0);
      return;
    }
    const double p = CaseProbability(pe, s);
    std::copy(s, s + layout_.words(), scratch_.begin());
    if (pe.trigger) {
      if (p < 1) emit(scratch_.data(), 1 - p);
      if (p > 0) {
        layout_.SetHappened(scratch_.data(), e);
        emit(scratch_.data(), p);
      }
      return;
    }
    layout_.SetDecided(scratch_.data(), e);
    // Delays that land past the horizon never happen: the same state as a failure.
    const int m = pe.delay_hi - pe.delay_lo + 1;
    const int beyond = std::clamp(pe.delay_hi - (plan_.horizon - t), 0, m);
    const double nothing = (1 - p) + p * beyond / m;
    if (nothing > 0) emit(scratch_.data(), nothing);
    if (p == 0) return;
    for (int d = pe.delay_lo; d <= pe.delay_hi && t + d <= plan_.horizon; ++d) {
      std::copy(scratch_.begin(), scratch_.end(), success_.begin());
      if (d == 0)
        layout_.SetHappened(success_.data(), e);
      else
        layout_.SetDue(success_.data(), e, t + d);
      emit(success_.data(), p / m);
    }
  }

  bool Holds(int condition, const uint64_t* s) const {
    return plan_.conditions[condition].Evaluate([&](int e) { return layout_.Happened(s, e); },
                                                true);
  }

  double CaseProbability(const PlanEvent& pe, const uint64_t* s) const {
    for (int c = pe.first_case; c < pe.first_case + pe.num_cases; ++c)
      if (Holds(plan_.cases[c].condition, s)) return plan_.cases[c].probability;
    return 0;
  }

  const Plan& plan_;
  const StateLayout& layout_;
  std::vector<uint64_t> scratch_;
  std::vector<uint64_t> success_;
};

class Solver {
 public:
  Solver(const Plan& plan, const ExactOptions& options)
      : plan_(plan),
        options_(options),
        layout_(plan),
        stages_(plan, layout_),
        solution_(plan.horizon, plan.num_events, plan.num_levels),
        observed_(plan.num_events, nullptr) {
    if (options.history != nullptr)
      for (const Observation& o : options.history->observations) observed_[o.event] = &o;
  }

  ExactSolution Solve() {
    StateSet current(layout_.words());
    std::vector<uint64_t> start(layout_.words(), 0);
    current.Add(start.data(), 1.0);
    Note(current);
    if (options_.likelihood_only) return Likelihood(current);
    // The figures of the steps up to `back` need the backward pass: all of them with a
    // condition (known only at the horizon), those up to as_of with a history alone (after
    // it, every state has the rest of the history with chance 1, so the forward pass's mass,
    // the probability of the state and the history, is the figure's). The later steps are
    // tallied going forward.
    const int back = options_.given != nullptr     ? plan_.horizon
                     : options_.history != nullptr ? options_.history->as_of
                                                   : 0;
    const int work = plan_.horizon + back;
    std::vector<StateSet> step_starts;  // the set at the start of each step up to `back`
    std::vector<double> value;          // V(s) at the end of step `back`
    StateSet next(layout_.words());
    for (int t = 1; t <= plan_.horizon; ++t) {
      if (t <= back) step_starts.push_back(current);
      Step(&current, &next, t, t > back ? &solution_ : nullptr);
      if (t == back) {
        solution_.given_probability = 0;
        value.resize(current.size());
        for (size_t i = 0; i < current.size(); ++i) {
          value[i] = options_.given == nullptr || Holds(*options_.given, current.key(i)) ? 1.0 : 0.0;
          solution_.given_probability += current.probability(i) * value[i];
        }
        solution_.given_exponent = exponent_;
        step_starts.push_back(current);
      }
      Progress(t, work);
    }
    for (int t = back; t >= 1; --t) {
      value = StepBack(step_starts[t - 1], step_starts[t], value, t);
      step_starts.pop_back();
      Progress(work - t + 1, work);
    }
    return std::move(solution_);
  }

 private:
  // The history's likelihood alone: the forward pass to as_of, no figures.
  ExactSolution Likelihood(StateSet& current) {
    StateSet next(layout_.words());
    for (int t = 1; t <= options_.history->as_of; ++t) Step(&current, &next, t, nullptr);
    solution_.given_probability = 0;
    for (size_t i = 0; i < current.size(); ++i) solution_.given_probability += current.probability(i);
    solution_.given_exponent = exponent_;
    return std::move(solution_);
  }

  // Step t: every stage, then the states left with no mass or inconsistent with the history
  // dropped (into a fresh set: *current is then the new one, *scratch garbage).
  // Masses are rescaled after every stage and after the filter (Rescale); the last stage's
  // and the filter's shifts of step t are kept in last_shift_[t] for the backward pass.
  void Step(StateSet* current, StateSet* scratch, int t, ExactSolution* tally) {
    int shift = 0;
    for (int stage = 0; stage < stages_.count(); ++stage) {
      if (InPlace()) {
        AdvanceInPlace(current, stage, t, tally);
      } else {
        Advance(*current, stage, t, scratch, tally);
        std::swap(*current, *scratch);
      }
      shift = Rescale(current, t);
    }
    Filter(*current, t, scratch);
    std::swap(*current, *scratch);
    shift += Rescale(current, t);
    if (last_shift_.size() <= static_cast<size_t>(t)) last_shift_.resize(t + 1, 0);
    last_shift_[t] = shift;
  }

  // With a history, up to as_of: the power of two k that brings the largest mass of `set` to
  // [1, 2) when it is below 2^-256 (else 0). A history drops mass (its likelihood), so without
  // this an unlikely one would underflow to 0. Pure: the same set gives the same k.
  int Shift(const StateSet& set, int t) const {
    if (options_.history == nullptr || t > options_.history->as_of) return 0;
    const double largest = set.Largest();
    if (largest == 0 || largest >= 0x1p-256) return 0;
    return -std::ilogb(largest);
  }

  // Applies Shift to *set and counts it in exponent_ (true mass = mass · 2^-exponent_).
  int Rescale(StateSet* set, int t) {
    const int k = Shift(*set, t);
    if (k != 0) {
      set->Scale(k);
      exponent_ += k;
    }
    return k;
  }

  bool InPlace() const { return options_.merge == ExactOptions::Merge::kEachEvent; }

  // Whether the successor `after` of `stage` at step t already contradicts the history: its
  // event happened before its window, or is due to land outside it (after as_of, for one that
  // had not happened by then). Such a state would be dropped at the end of the step; dropping
  // it at once spares its descendants. Only the stage's own event can have changed.
  bool Doomed(int stage, const uint64_t* after, int t) const {
    if (stage == 0 || options_.history == nullptr || t > options_.history->as_of) return false;
    const int e = plan_.order[stage - 1].event;
    const Observation* o = observed_[e];
    if (o == nullptr) return false;
    if (t < o->lo && layout_.Happened(after, e)) return true;
    const int due = layout_.Due(after, e);
    if (due == 0) return false;
    return o->happened() ? due < o->lo || due > o->hi : due <= options_.history->as_of;
  }

  // `stage` at step t applied to *set itself: a state the stage leaves alone keeps its entry;
  // another gives its mass to its successors (possibly itself, a trigger that did not fire).
  // A successor never lands on another state the stage moves (it has the stage's event
  // happened or decided, or no arrival due), so iterating the entries that were there at the
  // start is enough, and the successors added are left alone. With `tally`, each branch's
  // probability is added to the rows it makes happen.
  void AdvanceInPlace(StateSet* set, int stage, int t, ExactSolution* tally) {
    const size_t n = set->size();
    std::vector<uint64_t>& before = scratch_key_;
    before.resize(layout_.words());
    for (size_t i = 0; i < n; ++i) {
      const double mass = set->probability(i);
      if (mass == 0 || stages_.Idle(stage, set->key(i), t)) continue;
      std::copy(set->key(i), set->key(i) + layout_.words(), before.begin());
      set->SetProbability(i, 0);
      stages_.Expand(stage, before.data(), t, [&](const uint64_t* after, double weight) {
        if (Doomed(stage, after, t)) return;
        if (tally != nullptr)
          layout_.ForEachNewRow(before.data(), after,
                                [&](int row) { tally->AddFirst(row, t, mass * weight); });
        bool same = true;
        for (int w = 0; w < layout_.words() && same; ++w) same = after[w] == before[w];
        if (same)
          set->SetProbability(i, mass * weight);  // its own entry, emptied above
        else
          set->Add(after, mass * weight);
        if (set->live() > options_.max_states)
          throw StateLimitError(options_.max_states, set->live(), t);
      });
    }
    Note(*set);
  }
  // The set that `stage` makes of `from` at step t, into *to; with `tally`, adds each branch's
  // probability to the rows it makes happen.
  void Advance(const StateSet& from, int stage, int t, StateSet* to, ExactSolution* tally) {
    to->Clear();
    const bool merge = options_.merge == ExactOptions::Merge::kEachEvent ||
                       stage == stages_.count() - 1;
    for (size_t i = 0; i < from.size(); ++i) {
      const uint64_t* before = from.key(i);
      const double mass = from.probability(i);
      stages_.Expand(stage, before, t, [&](const uint64_t* after, double weight) {
        if (Doomed(stage, after, t)) return;
        if (tally != nullptr)
          layout_.ForEachNewRow(before, after,
                                [&](int row) { tally->AddFirst(row, t, mass * weight); });
        if (merge)
          to->Add(after, mass * weight);
        else
          to->Append(after, mass * weight);
        if (to->size() > options_.max_states)
          throw StateLimitError(options_.max_states, to->size(), t);
      });
    }
    Note(*to);
  }

  // Given V(s) = P(condition at the horizon | state s at the start of step t + 1) for the
  // states of `end`, returns the same for the states of `start` (step t), and adds
  // P(reach s) · P(branch) · V(successor) to every row a branch of step t makes happen.
  std::vector<double> StepBack(const StateSet& start, const StateSet& end,
                               const std::vector<double>& end_value, int t) {
    const int count = stages_.count();
    std::vector<StateSet>& sets = stage_sets_;  // sets[j - 1]: the states before stage j >= 1
    sets.resize(count - 1, StateSet(layout_.words()));
    // shifts[j]: the power of two the forward pass applied after stage j (Rescale). With
    // V̂ = V · 2^(E_final − E) for a set of scale E, a transition into a set shifted by k has
    // V̂(before) = Σ weight · V̂(after) · 2^k, and its figures' terms take the same 2^k.
    std::vector<int>& shifts = stage_shifts_;
    shifts.assign(count, 0);
    for (int stage = 0; stage + 1 < count; ++stage) {
      if (InPlace()) {
        sets[stage] = stage == 0 ? start : sets[stage - 1];
        AdvanceInPlace(&sets[stage], stage, t, nullptr);
      } else {
        Advance(stage == 0 ? start : sets[stage - 1], stage, t, &sets[stage], nullptr);
      }
      shifts[stage] = Shift(sets[stage], t);
      if (shifts[stage] != 0) sets[stage].Scale(shifts[stage]);
    }
    shifts[count - 1] = last_shift_[t];
    std::vector<double> after_value = end_value;
    for (int stage = count - 1; stage >= 0; --stage) {
      if (shifts[stage] != 0)
        for (double& v : after_value) v = std::ldexp(v, shifts[stage]);
      const StateSet& from = stage == 0 ? start : sets[stage - 1];
      const StateSet& to = stage == count - 1 ? end : sets[stage];
      std::vector<double> value(from.size(), 0.0);
      for (size_t i = 0; i < from.size(); ++i) {
        const uint64_t* before = from.key(i);
        const double mass = from.probability(i);
        if (mass == 0) continue;  // a state whose mass moved on: no one reaches it
        if (InPlace() && stage + 1 < count && stages_.Idle(stage, before, t)) {
          value[i] = after_value[i];  // left alone: the same entry of the next set
          continue;
        }
        stages_.Expand(stage, before, t, [&](const uint64_t* after, double weight) {
          const long j = to.Find(after);
          // The stages are deterministic: every successor was seen going forward, except those
          // the history dropped (they count for nothing).
          assert(j >= 0 || options_.history != nullptr);
          const double v = j >= 0 ? after_value[j] : 0.0;
          value[i] += weight * v;
          if (v != 0)
            layout_.ForEachNewRow(before, after, [&](int row) {
              solution_.AddFirst(row, t, mass * weight * v);
            });
        });
      }
      after_value = std::move(value);
    }
    return after_value;
  }

  // The states of `from` with some mass and consistent with the history at the end of step
  // t, into *to, in order.
  void Filter(const StateSet& from, int t, StateSet* to) {
    to->Clear();
    const bool history = options_.history != nullptr && t <= options_.history->as_of;
    for (size_t i = 0; i < from.size(); ++i) {
      if (from.probability(i) == 0) continue;
      if (history &&
          !options_.history->Consistent(t, [&](int e) { return layout_.Happened(from.key(i), e); }))
        continue;
      to->Add(from.key(i), from.probability(i));
    }
  }

  bool Holds(const Condition& condition, const uint64_t* s) const {
    return condition.Evaluate([&](int e) { return layout_.Happened(s, e); }, true);
  }

  void Progress(int done, int total) const {
    if (options_.progress) options_.progress(static_cast<double>(done) / total);
  }

  void Note(const StateSet& set) {
    solution_.peak_states = std::max<uint64_t>(solution_.peak_states, set.live());
  }

  const Plan& plan_;
  const ExactOptions& options_;
  StateLayout layout_;
  Stages stages_;
  ExactSolution solution_;
  std::vector<StateSet> stage_sets_;  // StepBack's sets, kept to reuse their memory
  std::vector<int> stage_shifts_;     // StepBack's shifts, likewise
  std::vector<int> last_shift_;       // by step: the shift after its last stage and filter
  int exponent_ = 0;                  // true mass = mass held · 2^-exponent_
  std::vector<uint64_t> scratch_key_;
  std::vector<const Observation*> observed_;  // by event: the history's observation of it
};

}  // namespace

uint64_t ExactStateBytes(const Plan& plan) {
  if (plan.two_way) return ExactEpisodeStateBytes(plan);
  return 8 * static_cast<uint64_t>(StateLayout(plan).words()) + 16;
}

ExactSolution SolveExact(const Plan& plan, const ExactOptions& options) {
  if (plan.two_way) return SolveExactEpisodes(plan, options);
  return Solver(plan, options).Solve();
}

}  // namespace brink
