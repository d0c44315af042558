// Model → Plan: what the engines read. A plan fixes every probability to a number (one draw
// of the parameters) and lays the model out in evaluation order as flat arrays, so that an
// engine's inner loop does no lookup, allocation or string work.
#ifndef BRINK_PLAN_H_
#define BRINK_PLAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "brink/condition.h"
#include "brink/model.h"
#include "random/random.h"

namespace brink {

struct PlanCase {
  int condition;        // index into Plan::conditions
  double probability;   // the value this case gives
  Threshold threshold;  // the same, as an exact comparison threshold
};

struct PlanEvent {
  int event;            // index in file order (the key's event field and output row)
  bool trigger;         // hazard event; else a response
  int gate;             // index into Plan::conditions: `while` or `after`
  int first_case;       // cases [first_case, first_case + num_cases) of Plan::cases
  int num_cases;
  int delay_lo;         // responses: delay uniform on delay_lo..delay_hi
  int delay_hi;
  int first_cutoff;     // DelayCutoffs(delay_hi - delay_lo + 1) at Plan::cutoffs[first_cutoff..]
  int level;
};

// How an event's occurrences end (Event::ends), compiled. Durations and delays are uniform
// on lo..hi, with DelayCutoffs(hi − lo + 1) at Plan::cutoffs[..._cutoff].
struct PlanEnding {
  Ending::Kind kind = Ending::Kind::kNever;
  int lasts_lo = 0;
  int lasts_hi = 0;
  int lasts_cutoff = 0;
  int first_case = 0;  // the end hazard's or end decision's cases in Plan::cases
  int num_cases = 0;
  int gate = 0;        // `while` (hazard) or `after` (decided), in Plan::conditions
  int delay_lo = 0;
  int delay_hi = 0;
  int delay_cutoff = 0;
};

// One term of a quantity (Model::quantities): event `event`'s amount in this draw, added at
// the end of every step it is active (per_step) or at every onset.
struct PlanTerm {
  int event = 0;
  bool per_step = true;
  double amount = 0;
};

// The resolution of a quantity's distribution (../shared/spec/quantities.md; docs/quantities.md
// "How totals are kept"): a trial's total is Σ amount × count, each count in 0..horizon. When
// the joint counts of the terms take at most kQuantityCells values, every trial's counts are
// kept (exact: `cells` = (horizon + 1)^terms, each total exact); else its total falls in one
// of kQuantityCells bins of width max_total / kQuantityCells on [0, max_total], max_total =
// Σ amount × horizon, the largest total possible. The layout depends on the model only.
inline constexpr size_t kQuantityCells = size_t{1} << 14;
struct PlanQuantity {
  std::vector<PlanTerm> terms;  // per_step terms, then per_occurrence ones, as written
  bool exact = true;
  size_t cells = 0;
  double max_total = 0;
  double bin_width = 0;        // binned: max_total / cells (0 when max_total is 0)
};

// The quantities' layouts and terms at `values` (each term's amount), by quantity.
std::vector<PlanQuantity> CompileQuantities(const Model& model, const std::vector<double>& values);

struct Plan {
  int horizon = 0;
  int num_events = 0;
  int num_levels = 0;
  std::vector<PlanEvent> order;     // evaluation order
  std::vector<PlanCase> cases;
  std::vector<Condition> conditions;
  std::vector<uint64_t> cutoffs;
  std::vector<int> level_of;        // by event index (file order)
  // A version-2 model (Model::IsTwoWay, ../shared/spec/episodes.md): then, by event index,
  // how its occurrences end, whether it recurs and its state at the start; else all empty.
  bool two_way = false;
  std::vector<PlanEnding> endings;
  std::vector<char> recurs;
  std::vector<InitialState> initially;
  std::vector<PlanQuantity> quantities;  // Model::quantities (a version-2 plan's)
};

// Each parameter's point value, or its median when uncertain; indexed like Model::parameters.
std::vector<double> PointValues(const Model& model);

// Sets named parameter `name` to `value` in `values`. Throws UsageError for an unknown name
// (with "did you mean").
void SetParameter(const Model& model, const std::string& name, double value,
                  std::vector<double>* values);

// REQUIRES: values.size() == model.parameters.size(), each probability in [0, 1], each
// amount >= 0.
Plan Compile(const Model& model, const std::vector<double>& values);

// Replaces event `event`'s probability (all its cases) by `p`, as importance measures do:
// p = 1 makes it certain whenever its `after`/`while` holds, p = 0 impossible.
void ForceEvent(Plan* plan, int event, double p);

}  // namespace brink

#endif  // BRINK_PLAN_H_
