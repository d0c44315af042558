// The exact engine: the probabilities of docs/model-language.md computed without sampling.
//
// A trial's future depends only on its state: which events have happened (not when), which
// responses have been decided, and the step each pending delayed response is due. The engine
// carries the probability distribution over those states through the steps, with the same
// semantics as the reference engine (arrivals first, then each event in plan order, every
// condition seeing the state "now"), and merges states that are identical. Whenever a branch
// makes an event happen, or raises the level past k, its probability is added to that row's
// "first occurrence at step t". Cost grows with the number of distinct reachable states, not
// with 2^events × horizon; models whose state space is too large are refused (StateLimitError).
//
// Conditional figures (ExactOptions::given) need P(first occurrence at t AND G at the
// horizon), which depends on what happens after t. The engine keeps the distribution at the
// start of every step (forward pass), then walks back from the horizon computing, for every
// state s of step t, V(s) = P(G at the horizon | state s now), and adds
// P(reach s) · P(branch) · V(successor) for every branch that makes a row happen. Memory then
// grows with the sum of the states over all steps rather than with the largest step.
//
// Probabilities are the plan's doubles (PlanCase::probability) and delays are exactly uniform;
// the Monte Carlo engines realise the same values to within 2^-64.
#ifndef BRINK_EXACT_H_
#define BRINK_EXACT_H_

#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "brink/condition.h"
#include "brink/error.h"
#include "brink/history.h"
#include "brink/limits.h"
#include "plan/plan.h"

namespace brink {

struct ExactOptions {
  // Refuse (StateLimitError) once any set of states held at one time passes this size.
  // Default: 1,000,000 (about 80 MB for a model of up to 64 events).
  uint64_t max_states = kDefaultMaxStates;
  // Figures conditional on this holding at the horizon; nullptr for none. Not owned; must
  // outlive the call. Its event indices must be valid for the plan.
  const Condition* given = nullptr;
  // Figures conditional on this history (brink/history.h): at the end of every step
  // t <= as_of, the states inconsistent with it are dropped, and given_probability is then the
  // probability of the history (and of `given`, with both): its likelihood. Every figure is
  // joint with it. For a version-2 plan its episode records are checked too, each onset and
  // end in the phase of the step it happens in (engine/exact_episodes.h). Not owned; must
  // outlive the call; its event indices must be valid for the plan.
  const History* history = nullptr;
  // Only the likelihood of `history` (given_probability): the forward pass stops at as_of,
  // and no figure is computed. REQUIRES: history.
  bool likelihood_only = false;
  // Where identical states are merged: after every event's evaluation (the default, fewest
  // states) or only at the end of each step. Both give the same figures up to rounding; the
  // choice exists so tests can check that.
  enum class Merge { kEachEvent, kEachStep };
  Merge merge = Merge::kEachEvent;
  // Called after each step (of each pass, with a condition) with the fraction of the work done;
  // may be empty.
  std::function<void(double)> progress;
};

// The exact answer. Rows are the events (file order) then the levels 1..K, as in Tally.
//
// A version-2 model (plan.two_way, ../shared/spec/episodes.md) gets more: column 0 of first()
// is P(the row happened before step 1 [and G]) (an event `initially` active or ended, or a
// level such an event reaches), and active() and occurrences hold the figures of "What is
// estimated". For a version-1 model column 0 is 0, two_way() is false and those are empty.
class ExactSolution {
 public:
  ExactSolution() = default;
  ExactSolution(int horizon, int num_events, int num_levels, bool two_way = false);

  int horizon() const { return horizon_; }
  int num_events() const { return num_events_; }
  int num_levels() const { return num_levels_; }
  int num_rows() const { return num_events_ + num_levels_; }

  // P(the row's first occurrence is at step t, and the condition holds at the horizon [and
  // the history]), for t in 1..horizon, in given_probability's units. Without a condition or
  // a history, simply P(first occurrence at t).
  double first(int row, int t) const { return first_[row * (horizon_ + 1) + t]; }
  void AddFirst(int row, int t, double p) { first_[row * (horizon_ + 1) + t] += p; }

  bool two_way() const { return two_way_; }
  // Version 2: P(the row is active at the end of step t [and G] [and the history]) for t in
  // 1..horizon; for a level k, P(the level at t >= k [and G] [and the history]); in
  // given_probability's units. The mean steps active is the sum over t.
  double active(int row, int t) const { return active_[row * (horizon_ + 1) + t]; }
  void AddActive(int row, int t, double p) { active_[row * (horizon_ + 1) + t] += p; }
  // Version 2, by event: occurrences[e][n] = P(N_e = n [and G] [and the history]), N_e the
  // number of onsets of e in steps 1..horizon, for n = 0 .. the largest count with non-zero
  // probability; in given_probability's units.
  std::vector<std::vector<double>> occurrences;
  // Version 2, by event: ends[e][n] = P(n occurrences of e ended in steps 1..horizon [and G]
  // [and the history]), in the same units (engine/tally.h's ends).
  std::vector<std::vector<double>> ends;

  // P(condition at the horizon [and the history]) = given_probability · 2^(−given_exponent):
  // exactly 1 when there is neither. With a history the engine multiplies its masses by a
  // power of two whenever they all fall below 2^-256 (exact, so nothing else changes), so
  // that a history's likelihood never underflows; first() is in the same units, so the
  // conditional figures are first(row, t) / given_probability.
  double given_probability = 1;
  int given_exponent = 0;
  // ln P(condition [and history]); -infinity when it is 0.
  double LogGivenProbability() const {
    return std::log(given_probability) - given_exponent * std::log(2.0);
  }
  // P(condition [and history]) itself (0 when below the smallest double).
  double GivenProbability() const { return std::ldexp(given_probability, -given_exponent); }
  // The largest number of states held in one set at any time.
  uint64_t peak_states = 0;

 private:
  int horizon_ = 0;
  int num_events_ = 0;
  int num_levels_ = 0;
  bool two_way_ = false;
  std::vector<double> first_;   // num_rows × (horizon + 1); column 0: before step 1
  std::vector<double> active_;  // num_rows × (horizon + 1), version 2 only; column 0 unused
};

// Thrown when the state space passes ExactOptions::max_states; what() is the message for the
// analyst: "exact: the state space passed {max_states} N (reached M states at step T); ...".
class StateLimitError : public UsageError {
 public:
  StateLimitError(uint64_t max_states, uint64_t reached, int step);
  uint64_t reached() const { return reached_; }
  int step() const { return step_; }

 private:
  uint64_t reached_;
  int step_;
};

// The bytes one state of `plan` takes in the engine's sets (its key, probability and index
// entry): a bound on memory is a bound on states.
uint64_t ExactStateBytes(const Plan& plan);

// Solves `plan` exactly. Deterministic: the same plan and options give the same bits.
// Throws StateLimitError (and nothing else, short of std::bad_alloc) when the state space is
// too large. Single-threaded. A version-2 plan (plan.two_way) is solved by
// SolveExactEpisodes (engine/exact_episodes.h), with the same contract; its history may also
// record episodes (History::episodes), which a version-1 plan's cannot.
ExactSolution SolveExact(const Plan& plan, const ExactOptions& options);

}  // namespace brink

#endif  // BRINK_EXACT_H_
