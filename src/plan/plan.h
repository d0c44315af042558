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
};

// Each parameter's point value, or its median when uncertain; indexed like Model::parameters.
std::vector<double> PointValues(const Model& model);

// Sets named parameter `name` to `value` in `values`. Throws UsageError for an unknown name
// (with "did you mean").
void SetParameter(const Model& model, const std::string& name, double value,
                  std::vector<double>* values);

// REQUIRES: values.size() == model.parameters.size(), each in [0, 1].
Plan Compile(const Model& model, const std::vector<double>& values);

// Replaces event `event`'s probability (all its cases) by `p`, as importance measures do:
// p = 1 makes it certain whenever its `after`/`while` holds, p = 0 impossible.
void ForceEvent(Plan* plan, int event, double p);

}  // namespace brink

#endif  // BRINK_PLAN_H_
