// `brink sweep`: a model run at every point of a grid of parameter values, all points with
// the same seed, so they share their random numbers (docs/sweeps-and-sensitivity.md).
#ifndef BRINK_SWEEP_H_
#define BRINK_SWEEP_H_

#include <string>
#include <utility>
#include <vector>

#include "brink/model.h"
#include "brink/run.h"

namespace brink {

// One varied parameter and its values.
struct SweepAxis {
  std::string name;
  std::vector<double> values;
};

// Parses `--vary NAME=SPEC`, SPEC being `lo:hi:step` (inclusive of hi up to rounding) or a
// list `a,b,c`; numbers or percents, each in [0, 1]. Throws UsageError (unknown parameter,
// bad spec, more than 10,000 values).
SweepAxis ParseVary(const Model& model, const std::string& text);

struct SweepPoint {
  std::vector<double> values;  // one per axis
  RunOutcome outcome;
};

// Runs the Cartesian product of the axes (the last axis varying fastest), each point with
// `sets` and the point's values pinned. Points run side by side when there are many and a
// single draw each; results do not depend on it.
std::vector<SweepPoint> RunSweep(const Model& model, const std::vector<SweepAxis>& axes,
                                 const std::vector<std::pair<std::string, double>>& sets,
                                 const RunRequest& request);

// `point`, one column per axis, then `kind,id,probability,std_error,ci95_low,ci95_high`, and
// `p05,p50,p95` when any point has several draws; one row per point and figure.
std::string SweepCsv(const std::vector<SweepAxis>& axes, const std::vector<SweepPoint>& points);

}  // namespace brink

#endif  // BRINK_SWEEP_H_
