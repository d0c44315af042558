// A validated model of the brink language (../docs/model-language.md). Built only by
// LoadModel; immutable afterwards. Every node keeps where it was written.
#ifndef BRINK_MODEL_H_
#define BRINK_MODEL_H_

#include <string>
#include <vector>

#include "brink/condition.h"
#include "brink/distribution.h"
#include "brink/error.h"

namespace brink {

// What a parameter's value is, by where it is used (../shared/spec/quantities.md "Amounts"):
// a probability (an event's or an end's `p` or `hazard`) or an amount a quantity adds up.
enum class ParameterUse { kProbability, kAmount };

// Every probability and amount in a model is a parameter: the named ones of `parameters:`,
// and an anonymous one for each value written inline in an event or a quantity.
struct Parameter {
  std::string name;  // the analyst's name, or e.g. "dprk_troops.p[2]" for an inline value
  bool named = false;
  Distribution dist;
  SourceLoc loc;
  ParameterUse use = ParameterUse::kProbability;
  bool used = true;  // false: a named parameter used nowhere, typed by its form (warned)
  bool IsAmount() const { return use == ParameterUse::kAmount; }
};

// One term of a quantity: event `event`'s amount, parameter `param` (an amount).
struct QuantityTerm {
  int event = -1;
  int param = -1;
  SourceLoc loc;
};

// An amount that events carry, summed in every trial (../shared/spec/quantities.md): its total
// by step t is Σ per_step amount × (steps 1..t at whose end the event is active) + Σ
// per_occurrence amount × (onsets in steps 1..t).
struct Quantity {
  std::string id;
  std::string label;  // defaults to id
  std::string unit;   // free text, may be empty
  std::vector<QuantityTerm> per_step;
  std::vector<QuantityTerm> per_occurrence;
  SourceLoc loc;
};

// One case of a `p` or `hazard`: when `when` holds, the probability is parameter `param`.
// A plain value is a single case whose condition is `true`; an `else` is a last such case.
struct Case {
  Condition when;
  int param = -1;
};

// How each occurrence of an event ends (`ends:`, ../shared/spec/episodes.md): exactly one of
// `lasts` (a duration uniform on lasts_lo..lasts_hi steps from the onset), `hazard` (+ `while`:
// a chance each step after the onset step) or `p` (+ `after`, `delay`: decided once per
// occurrence, when `after` first holds).
struct Ending {
  enum class Kind { kNever, kLasts, kHazard, kDecided };

  Kind kind = Kind::kNever;
  int lasts_lo = 0;                // kLasts: 1 <= lasts_lo <= lasts_hi
  int lasts_hi = 0;
  std::vector<Case> probability;   // kHazard: the hazard; kDecided: p
  Condition gate;                  // kHazard: `while`; kDecided: `after` (default true)
  int delay_lo = 0;                // kDecided: 0 <= delay_lo <= delay_hi
  int delay_hi = 0;
  SourceLoc loc;                   // where `ends` was written
};

// The state of an event when the model starts (`initially:`): not happened, or an occurrence
// that began before step 1 and is still going on (kActive) or is over (kEnded).
enum class InitialState { kNone, kActive, kEnded };

struct Event {
  enum class Kind { kTrigger, kResponse };

  std::string id;
  std::string label;     // defaults to id
  Kind kind = Kind::kTrigger;
  std::vector<Case> probability;  // `hazard` or `p`; no case applies → probability 0
  Condition gate;        // `while` for a trigger, `after` for a response
  int delay_lo = 0;      // responses only; 0 <= delay_lo <= delay_hi
  int delay_hi = 0;
  int level = 0;         // 0..num_levels()
  Ending ends;           // kNever: an occurrence never ends (version 1)
  bool recurs = false;   // a new occurrence may begin after one ended (requires ends)
  InitialState initially = InitialState::kNone;
  SourceLoc loc;         // where the id was written

  bool Ends() const { return ends.kind != Ending::Kind::kNever; }

  // Can change state during step evaluation (hazard, or response with a zero delay).
  bool IsImmediate() const { return kind == Kind::kTrigger || delay_lo == 0; }
};

// A rank correlation the analyst imposes between two uncertain parameters.
struct Correlation {
  int a = -1;  // parameter indices, a != b, both uncertain
  int b = -1;
  double rho = 0;  // in [-1, 1]
  SourceLoc loc;
};

struct Model {
  std::string path;          // as given to LoadModel
  std::string sha256;        // of the file's bytes, lowercase hex
  std::string source;        // the file's bytes, as read
  std::string scenario;
  std::string description;
  std::string step_label = "step";
  // `start:` (optional): the calendar period of step 1, in the unit of the step ("2024-07"
  // for months; ../shared/spec/history.md "Dates"), "" when not given; start_period is its
  // serial number (model/calendar.h).
  std::string start;
  long start_period = 0;
  int horizon = 0;           // >= 1
  std::vector<std::string> levels;  // empty, or >= 2 names with levels[0] the baseline
  std::vector<Parameter> parameters;
  std::vector<Correlation> correlations;  // their matrix is positive definite
  std::vector<Event> events;        // file order, the order of every output
  std::vector<int> order;           // evaluation order: a topological order of events
  std::vector<Quantity> quantities; // file order (`quantities:`, may be empty)
  // Located warnings that do not stop a run (`recurs` with no effect), in file order.
  std::vector<Diagnostic> warnings;

  // K: escalation levels 1..K (0 when the model has no ladder).
  int num_levels() const { return levels.empty() ? 0 : static_cast<int>(levels.size()) - 1; }
  // Index of a named parameter or event, or -1.
  int FindParameter(const std::string& name) const;
  int FindEvent(const std::string& id) const;
  int FindQuantity(const std::string& id) const;
  // Names of the named parameters, for "did you mean".
  std::vector<std::string> ParameterNames() const;
  bool HasUncertainty() const;
  // True when no condition uses `not`, no probability has more than one case and no event
  // ends: then raising a probability can never lower any probability figure.
  bool IsMonotone() const;
  // A version-2 model (../shared/spec/episodes.md): some event has `ends` or `initially`, or
  // the model has quantities (they count steps active and onsets, as version 2 does). Only
  // such a model gets the figures of occurrences and of what is active now.
  bool IsTwoWay() const;
};

}  // namespace brink

#endif  // BRINK_MODEL_H_
