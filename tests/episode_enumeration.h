// An independent exact answer for tiny version-2 models (../shared/spec/episodes.md): every
// path of a trial, enumerated by brute force, written from the spec's "One step, with
// endings" rather than from any engine. Each random outcome is a branch weighted by its
// probability (an onset, a response's decision and its delay, an occurrence's `lasts`, an end
// hazard, an end decision and its delay); nothing is merged, and each path keeps the full
// record of every occurrence, so every figure, the `given` condition and a history's
// episodes are read off the path at its leaf. Cost is exponential in events × horizon: keep
// models to a handful of events and steps.
#ifndef BRINK_TESTS_EPISODE_ENUMERATION_H_
#define BRINK_TESTS_EPISODE_ENUMERATION_H_

#include <cstdint>
#include <vector>

#include "brink/condition.h"
#include "brink/history.h"
#include "engine/exact.h"
#include "plan/plan.h"

namespace brink::test {

// One occurrence of an event: the step of its onset (0 for the occurrence of an event
// `initially` active, which began before step 1) and the step whose endings phase ended it
// (0 when it had not ended by the horizon).
struct Occurrence {
  int start = 0;
  int end = 0;
};

// What one trial did, by event (file order): enough to answer every figure and to check any
// history or condition.
struct TrialRecord {
  int horizon = 0;
  // Happened before step 1 (`initially` active or ended).
  std::vector<char> initial;
  // Every occurrence in order; an event `initially` active has its initial one first (an
  // event `initially` ended has none for its occurrence before step 1).
  std::vector<std::vector<Occurrence>> occurrences;

  int num_events() const { return static_cast<int>(occurrences.size()); }
  // Active at the end of step t (t in 0..horizon; 0: the state at the start).
  bool Active(int e, int t) const;
  // The step of the first onset in 1..horizon, 0 for none.
  int First(int e) const;
  // The number of onsets in 1..horizon.
  int Onsets(int e) const;
  // Has happened by the horizon (before step 1 or at an onset).
  bool Happened(int e) const { return initial[e] != 0 || First(e) != 0; }
};

// Whether `record` satisfies every observation of `history` (brink/history.h): each
// `happened` event's first onset in its window, each `not_happened` one's first onset after
// as_of or never, and each `episodes` entry's occurrences with an onset in 0..as_of exactly
// the listed ones, in order, each onset in its start window and each end as recorded.
bool SatisfiesHistory(const TrialRecord& record, const History& history);

// Whether `given` holds at the horizon: a bare id is "active at the end of the horizon",
// `ever X` "has happened by the horizon".
bool HoldsAtHorizon(const TrialRecord& record, const Condition& given);

// The same quantities as SolveExact for a version-2 plan (ExactSolution's two_way figures:
// first() with column 0, active(), occurrences, given_probability), each summed over the
// paths that satisfy `given` (at the horizon) and `history`; peak_states is the number of
// paths (leaves) enumerated. first(row, ·) puts an event `initially` active or ended, and a
// level such an event reaches, at column 0, whatever it does later; otherwise the step of
// its first onset. occurrences[e] runs to the largest count seen on a counted path.
// REQUIRES: plan.two_way; given and history, when not null, valid for the plan.
ExactSolution EnumerateEpisodePaths(const Plan& plan, const Condition* given,
                                    const History* history = nullptr);

// One path of `plan` drawn with the branches' probabilities (the enumeration's walk, taking
// one branch at each fork with portable randomness from `seed`): a trial of the model as the
// enumeration reads it. REQUIRES: plan.two_way.
TrialRecord SampleEpisodePath(const Plan& plan, uint64_t seed);

}  // namespace brink::test

#endif  // BRINK_TESTS_EPISODE_ENUMERATION_H_
