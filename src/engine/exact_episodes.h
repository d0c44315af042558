// The exact engine for a version-2 model (../shared/spec/episodes.md): events that end, recur
// and start already going on. SolveExact (engine/exact.h) hands it every plan with two_way.
//
// A trial's future depends only on its state (exact_episode_state.h): by event, whether it is
// active and whether it has happened; by response, whether it is armed and the step a decided
// onset is due; by occurrence with an end, the step the end is due and whether its end was
// decided. The engine carries the distribution over those states through the steps, stage by
// stage as engine/episode_trial.h runs one trial (endings reading S(t − 1), arrivals, then
// each event in the evaluation order), merging identical states, so it matches that trial in
// distribution; probabilities are the plan's doubles (PlanCase::probability) and durations and
// delays exactly uniform. The number of onsets of a recurring event is carried beside each
// state, as a distribution, not in its key.
//
// Figures (ExactSolution, two_way): first(row, t), column 0 for what happened before step 1;
// active(row, t); occurrences. With ExactOptions::given, each is joint with the condition at
// the horizon (evaluated on active and `ever`), through a backward pass over the steps as in
// exact.cpp, and given_probability is P(condition); without, given_probability is 1.
//
// With ExactOptions::history (brink/history.h), the states are filtered as the steps go
// (engine/exact_episode_filter.h): observations read the first onset (`ever`), and an event
// with an episode record carries its number of onsets so far in its key up to as_of, so that
// each onset and each end is checked in the phase it happens in and each window's deadline at
// the end of the step. Every figure is then joint with the history (and with the condition,
// with both): those of the steps up to as_of through the backward pass, the later ones going
// forward. given_probability · 2^(−given_exponent) is the history's likelihood (times P(G | it)
// with a condition): masses are rescaled by powers of two up to as_of as in exact.cpp, so it
// does not underflow, and every figure is in the same units.
#ifndef BRINK_ENGINE_EXACT_EPISODES_H_
#define BRINK_ENGINE_EXACT_EPISODES_H_

#include <cstdint>

#include "engine/exact.h"
#include "plan/plan.h"

namespace brink {

// REQUIRES: plan.two_way; options.history's event indices valid for the plan (a history read
// against its model). Deterministic and single-threaded. Throws StateLimitError when a set of
// states held at one time passes options.max_states. options.likelihood_only: the forward
// pass to as_of only, given_probability and given_exponent set and no figure (REQUIRES:
// options.history). options.merge: both modes give the same figures up to rounding.
ExactSolution SolveExactEpisodes(const Plan& plan, const ExactOptions& options);

// The bytes one state of `plan` takes in the engine's sets: its key, probability, index entry
// and onset counts. REQUIRES: plan.two_way.
uint64_t ExactEpisodeStateBytes(const Plan& plan);

}  // namespace brink

#endif  // BRINK_ENGINE_EXACT_EPISODES_H_
