// The exact engine for version-2 models (exact_episodes.h): the distribution over states
// carried forward stage by stage (exact_episode_stages.h), filtered by a history
// (exact_episode_filter.h), and, with a condition or a history, walked back.
#include "engine/exact_episodes.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "engine/exact_episode_filter.h"
#include "engine/exact_episode_stages.h"
#include "engine/exact_episode_state.h"
#include "engine/exact_state.h"
#include "model/condition_eval.h"

namespace brink {
namespace {

// The onset counts of `plan`'s recurring events, each with room for as many onsets as can fit
// in the horizon: one per step at most, and with `lasts`, one per lasts_lo steps.
OnsetCounts MakeOnsetCounts(const Plan& plan) {
  std::vector<int> events, bounds;
  for (int e = 0; e < plan.num_events; ++e) {
    if (!plan.recurs[e]) continue;
    const PlanEnding& end = plan.endings[e];
    const int shortest = end.kind == Ending::Kind::kLasts ? end.lasts_lo : 1;
    events.push_back(e);
    bounds.push_back((plan.horizon + shortest - 1) / shortest);
  }
  return OnsetCounts(std::move(events), std::move(bounds));
}

class EpisodeSolver {
 public:
  EpisodeSolver(const Plan& plan, const ExactOptions& options)
      : plan_(plan),
        options_(options),
        layout_(plan, EpisodeFilter::Recorded(options.history)),
        stages_(plan, layout_),
        filter_(layout_, options.history),
        solution_(plan.horizon, plan.num_events, plan.num_levels, /*two_way=*/true),
        current_(layout_.words()),
        scratch_(layout_.words()),
        counts_(MakeOnsetCounts(plan)),
        scratch_counts_(counts_),
        before_(layout_.words()),
        moved_(counts_.width()) {}

  ExactSolution Solve() {
    Begin();
    if (options_.likelihood_only) return Likelihood();
    // The figures of the steps up to `back` need the backward pass: all of them with a
    // condition (known only at the horizon), those up to as_of with a history alone (after
    // it, every state has the rest of the history with chance 1, so the forward pass's mass,
    // the probability of the state and the history, is the figure's). The sets at the start of
    // those steps are kept, and V(s) = P(condition [and history] | s) walked back from `back`.
    // The later steps are tallied going forward.
    const int back = options_.given != nullptr     ? plan_.horizon
                     : options_.history != nullptr ? options_.history->as_of
                                                   : 0;
    if (back == 0) TallyStart(current_, nullptr);
    const int work = plan_.horizon + back;
    std::vector<StateSet> step_starts;  // the set at the start of step t: step_starts[t − 1]
    std::vector<double> value;          // V(s) at the end of step `back`
    for (int t = 1; t <= plan_.horizon; ++t) {
      if (t <= back) step_starts.push_back(current_);
      Step(t, t > back ? &solution_ : nullptr);
      if (t > back) TallyActive(current_, nullptr, t);
      if (t == back) {
        solution_.given_probability = 0;
        value.resize(current_.size());
        for (size_t i = 0; i < current_.size(); ++i) {
          const bool holds = options_.given == nullptr || Holds(*options_.given, current_.key(i));
          value[i] = holds ? 1.0 : 0.0;
          solution_.given_probability += current_.probability(i) * value[i];
        }
        solution_.given_exponent = exponent_;
        if (t < plan_.horizon) step_starts.push_back(current_);
      }
      Progress(t, work);
    }
    // At the horizon V is 1, but with a condition (whose `back` is the horizon: `value`).
    TallyOccurrences(options_.given != nullptr ? value
                                               : std::vector<double>(current_.size(), 1.0));
    if (back == 0) return std::move(solution_);
    if (back == plan_.horizon) step_starts.push_back(std::move(current_));
    for (int t = back; t >= 1; --t) {
      TallyActive(step_starts[t], &value, t);
      value = StepBack(step_starts[t - 1], step_starts[t], value, t);
      step_starts.pop_back();
      Progress(plan_.horizon + back - t + 1, work);
    }
    TallyStart(step_starts[0], &value);
    return std::move(solution_);
  }

 private:
  // S(0), each state with no onset yet.
  void Begin() {
    current_.Clear();
    counts_.Clear();
    stages_.Start([&](const uint64_t* key, double weight) {
      const size_t i = current_.Add(key, weight);
      counts_.Resize(current_.size());
      for (size_t r = 0; r < counts_.events().size(); ++r)
        counts_.row(i)[counts_.slot(static_cast<int>(r))] += weight;
      Guard(current_.live(), 0);
    });
    Note(current_);
  }

  // The history's likelihood alone: the forward pass to as_of, no figures (nor onset counts).
  ExactSolution Likelihood() {
    counting_ = false;
    for (int t = 1; t <= options_.history->as_of; ++t) Step(t, nullptr);
    solution_.given_probability = 0;
    for (size_t i = 0; i < current_.size(); ++i)
      solution_.given_probability += current_.probability(i);
    solution_.given_exponent = exponent_;
    return std::move(solution_);
  }

  // Step t: every stage, then the states left with no mass or inconsistent with the history
  // dropped (into a fresh set). With `tally`, first() gets every branch that makes a row
  // happen. Masses are rescaled after every stage and after the filter (Rescale); the last
  // stage's and the filter's shifts of step t are kept in last_shift_[t] for StepBack.
  void Step(int t, ExactSolution* tally) {
    OnsetCounts* counts = counting_ ? &counts_ : nullptr;
    int shift = 0;
    for (int stage = 0; stage < stages_.count(); ++stage) {
      if (InPlace(stage)) {
        AdvanceInPlace(&current_, counts, stage, t, tally);
      } else {
        Advance(current_, counts, stage, t, &scratch_, &scratch_counts_, tally);
        std::swap(current_, scratch_);
        if (counting_) std::swap(counts_, scratch_counts_);
      }
      shift = Rescale(t);
    }
    scratch_.Clear();
    scratch_counts_.Clear();
    for (size_t i = 0; i < current_.size(); ++i) {
      if (current_.probability(i) == 0 || !filter_.Keep(current_.key(i), t)) continue;
      const size_t j = scratch_.Add(current_.key(i), current_.probability(i));
      if (!counting_) continue;
      scratch_counts_.Resize(scratch_.size());
      std::copy(counts_.row(i), counts_.row(i) + counts_.width(), scratch_counts_.row(j));
    }
    std::swap(current_, scratch_);
    if (counting_) std::swap(counts_, scratch_counts_);
    shift += Rescale(t);
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

  // Applies Shift to current_ (and its onset counts) and counts it in exponent_ (true mass =
  // mass · 2^-exponent_).
  int Rescale(int t) {
    const int k = Shift(current_, t);
    if (k != 0) {
      current_.Scale(k);
      if (counting_) counts_.Scale(k);
      exponent_ += k;
    }
    return k;
  }

  bool InPlace(int stage) const {
    return options_.merge == ExactOptions::Merge::kEachEvent && stages_.InPlace(stage);
  }

  // `stage` at step t applied to *set itself (stages_.InPlace): a state the stage leaves alone
  // keeps its entry; another gives its mass (and its onset counts, when `counts`) to its
  // successors, possibly itself.
  void AdvanceInPlace(StateSet* set, OnsetCounts* counts, int stage, int t,
                      ExactSolution* tally) {
    const size_t n = set->size();
    const int words = layout_.words();
    for (size_t i = 0; i < n; ++i) {
      const double mass = set->probability(i);
      if (mass == 0 || stages_.Idle(stage, set->key(i), t)) continue;
      std::copy(set->key(i), set->key(i) + words, before_.begin());
      if (counts != nullptr) {
        std::copy(counts->row(i), counts->row(i) + counts->width(), moved_.begin());
        std::fill(counts->row(i), counts->row(i) + counts->width(), 0.0);
      }
      set->SetProbability(i, 0);
      stages_.Expand(stage, before_.data(), t, [&](const uint64_t* branch, double weight) {
        const uint64_t* after = filter_.Admit(stage, before_.data(), branch, t);
        if (after == nullptr) return;
        if (tally != nullptr) TallyFirst(tally, before_.data(), after, t, mass * weight);
        size_t j = i;
        if (std::equal(after, after + words, before_.data()))
          set->SetProbability(i, mass * weight);  // its own entry, emptied above
        else
          j = set->Add(after, mass * weight);
        if (counts != nullptr) MoveCounts(counts, j, weight, before_.data(), after);
        Guard(set->live(), t);
      });
    }
    Note(*set);
  }

  // The set that `stage` makes of `from` at step t, into *to (with the onset counts, when
  // `from_counts`, into *to_counts).
  void Advance(const StateSet& from, const OnsetCounts* from_counts, int stage, int t,
               StateSet* to, OnsetCounts* to_counts, ExactSolution* tally) {
    to->Clear();
    if (from_counts != nullptr) to_counts->Clear();
    const bool merge = options_.merge == ExactOptions::Merge::kEachEvent ||
                       stage == stages_.count() - 1;
    for (size_t i = 0; i < from.size(); ++i) {
      const uint64_t* before = from.key(i);
      const double mass = from.probability(i);
      if (mass == 0) continue;
      if (from_counts != nullptr)
        std::copy(from_counts->row(i), from_counts->row(i) + from_counts->width(),
                  moved_.begin());
      stages_.Expand(stage, before, t, [&](const uint64_t* branch, double weight) {
        const uint64_t* after = filter_.Admit(stage, before, branch, t);
        if (after == nullptr) return;
        if (tally != nullptr) TallyFirst(tally, before, after, t, mass * weight);
        const size_t j = merge ? to->Add(after, mass * weight) : to->Append(after, mass * weight);
        if (from_counts != nullptr) MoveCounts(to_counts, j, weight, before, after);
        Guard(to->size(), t);
      });
    }
    Note(*to);
  }

  // Adds weight × moved_ to entry j's counts, one onset more for each recurring event that
  // the move from `before` to `after` began.
  void MoveCounts(OnsetCounts* counts, size_t j, double weight, const uint64_t* before,
                  const uint64_t* after) {
    counts->Resize(j + 1);
    counts->AddMoved(j, moved_.data(), weight, [&](int e) {
      return !layout_.Active(before, e) && layout_.Active(after, e);
    });
  }

  // Given V(s) = P(condition [and history] | state s at the end of step t) for the states of
  // `end`, returns the same for the states of `start` (step t's start), and adds
  // P(reach s) · P(branch) · V(successor) to first(row, t) for every row a branch of step t
  // makes happen. A successor the history drops, or one the forward pass did not keep (its
  // mass underflowed to 0, or it failed the filter at the end of the step), has V = 0.
  std::vector<double> StepBack(const StateSet& start, const StateSet& end,
                               const std::vector<double>& end_value, int t) {
    const int count = stages_.count();
    std::vector<StateSet>& sets = stage_sets_;  // sets[j]: the states after stage j < count − 1
    sets.resize(count - 1, StateSet(layout_.words()));
    // shifts[j]: the power of two the forward pass applied after stage j (Rescale). With
    // V̂ = V · 2^(E_final − E) for a set of scale E, a transition into a set shifted by k has
    // V̂(before) = Σ weight · V̂(after) · 2^k, and its figures' terms take the same 2^k.
    std::vector<int>& shifts = stage_shifts_;
    shifts.assign(count, 0);
    for (int stage = 0; stage + 1 < count; ++stage) {
      if (InPlace(stage)) {
        sets[stage] = stage == 0 ? start : sets[stage - 1];
        AdvanceInPlace(&sets[stage], nullptr, stage, t, nullptr);
      } else {
        Advance(stage == 0 ? start : sets[stage - 1], nullptr, stage, t, &sets[stage], nullptr,
                nullptr);
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
        if (InPlace(stage) && stage + 1 < count && stages_.Idle(stage, before, t)) {
          value[i] = after_value[i];  // left alone: the same entry of the next set
          continue;
        }
        stages_.Expand(stage, before, t, [&](const uint64_t* branch, double weight) {
          const uint64_t* after = filter_.Admit(stage, before, branch, t);
          const long j = after != nullptr ? to.Find(after) : -1;
          const double v = j >= 0 ? after_value[j] : 0.0;
          value[i] += weight * v;
          if (v != 0) TallyFirst(&solution_, before, after, t, mass * weight * v);
        });
      }
      after_value = std::move(value);
    }
    return after_value;
  }

  void TallyFirst(ExactSolution* tally, const uint64_t* before, const uint64_t* after, int t,
                  double p) const {
    layout_.ForEachNewRow(before, after, [&](int row) { tally->AddFirst(row, t, p); });
  }

  // active(row, t) from the set at the end of step t, each state weighted by its value when
  // there is a condition.
  void TallyActive(const StateSet& set, const std::vector<double>* value, int t) {
    for (size_t i = 0; i < set.size(); ++i) {
      const double p = set.probability(i) * (value != nullptr ? (*value)[i] : 1.0);
      if (p == 0) continue;
      const uint64_t* s = set.key(i);
      for (int e = 0; e < plan_.num_events; ++e)
        if (layout_.Active(s, e)) solution_.AddActive(e, t, p);
      for (int k = 1; k <= layout_.ActiveLevel(s); ++k)
        solution_.AddActive(plan_.num_events + k - 1, t, p);
    }
  }

  // first(row, 0) from S(0): the events `initially` active or ended, and the levels they reach.
  void TallyStart(const StateSet& set, const std::vector<double>* value) {
    for (size_t i = 0; i < set.size(); ++i) {
      const double p = set.probability(i) * (value != nullptr ? (*value)[i] : 1.0);
      if (p == 0) continue;
      const uint64_t* s = set.key(i);
      for (int e = 0; e < plan_.num_events; ++e)
        if (layout_.Ever(s, e)) solution_.AddFirst(e, 0, p);
      for (int k = 1; k <= layout_.EverLevel(s); ++k)
        solution_.AddFirst(plan_.num_events + k - 1, 0, p);
    }
  }

  // occurrences from the set at the horizon (current_, counts_), each state weighted by
  // value[i]: a recurring event's from its counts, another's from its key (one onset when it
  // has happened and was not `initially` active or ended, which never begins again).
  // ends likewise: an occurrence's end count is n + [initially active] − [active at the
  // horizon] (engine/tally.h).
  void TallyOccurrences(const std::vector<double>& value) {
    std::vector<std::vector<double>>& occurrences = solution_.occurrences;
    std::vector<std::vector<double>>& ends = solution_.ends;
    std::vector<int> slot(plan_.num_events, -1);
    for (size_t r = 0; r < counts_.events().size(); ++r) {
      const int e = counts_.events()[r];
      slot[e] = static_cast<int>(r);
    }
    for (int e = 0; e < plan_.num_events; ++e) {
      occurrences[e].assign(slot[e] >= 0 ? counts_.bound(slot[e]) + 1 : 2, 0.0);
      ends[e].assign(occurrences[e].size() + 1, 0.0);
    }
    for (size_t i = 0; i < current_.size(); ++i) {
      if (current_.probability(i) == 0 || value[i] == 0) continue;
      const uint64_t* s = current_.key(i);
      for (int e = 0; e < plan_.num_events; ++e) {
        const int carried = plan_.initially[e] == InitialState::kActive ? 1 : 0;
        const int active = layout_.Active(s, e) ? 1 : 0;
        if (slot[e] < 0) {
          const bool onset = layout_.Ever(s, e) && plan_.initially[e] == InitialState::kNone;
          const double p = current_.probability(i) * value[i];
          occurrences[e][onset ? 1 : 0] += p;
          ends[e][(onset ? 1 : 0) + carried - active] += p;
          continue;
        }
        const double* counts = counts_.row(i) + counts_.slot(slot[e]);
        for (size_t n = 0; n < occurrences[e].size(); ++n) {
          if (counts[n] == 0) continue;
          occurrences[e][n] += counts[n] * value[i];
          ends[e][n + carried - active] += counts[n] * value[i];
        }
      }
    }
    for (std::vector<double>& o : occurrences)
      while (o.size() > 1 && o.back() == 0) o.pop_back();
    for (std::vector<double>& o : ends)
      while (o.size() > 1 && o.back() == 0) o.pop_back();
  }

  bool Holds(const Condition& condition, const uint64_t* s) const {
    return condition.Evaluate([&](int e) { return layout_.Active(s, e); },
                              [&](int e) { return layout_.Ever(s, e); }, true);
  }

  void Guard(uint64_t states, int t) const {
    if (states > options_.max_states) throw StateLimitError(options_.max_states, states, t);
  }

  void Note(const StateSet& set) {
    solution_.peak_states = std::max<uint64_t>(solution_.peak_states, set.live());
  }

  void Progress(int done, int total) const {
    if (options_.progress) options_.progress(static_cast<double>(done) / total);
  }

  const Plan& plan_;
  const ExactOptions& options_;
  EpisodeLayout layout_;
  EpisodeStages stages_;
  EpisodeFilter filter_;
  ExactSolution solution_;
  StateSet current_, scratch_;           // the forward pass's set, and a spare
  OnsetCounts counts_, scratch_counts_;  // their onset counts, entry by entry
  std::vector<StateSet> stage_sets_;     // StepBack's sets, kept to reuse their memory
  std::vector<int> stage_shifts_;        // StepBack's shifts, likewise
  std::vector<int> last_shift_;          // by step: the shift after its last stage and filter
  int exponent_ = 0;                     // true mass = mass held · 2^-exponent_
  bool counting_ = true;                 // whether the forward pass carries onset counts
  std::vector<uint64_t> before_;         // the state being moved
  std::vector<double> moved_;            // its onset counts
};

}  // namespace

ExactSolution SolveExactEpisodes(const Plan& plan, const ExactOptions& options) {
  return EpisodeSolver(plan, options).Solve();
}

uint64_t ExactEpisodeStateBytes(const Plan& plan) {
  return 8 * static_cast<uint64_t>(EpisodeLayout(plan).words()) + 16 +
         8 * static_cast<uint64_t>(MakeOnsetCounts(plan).width());
}

}  // namespace brink
