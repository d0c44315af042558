// `brink sweep`: a model run at every point of a grid of parameter values, all points with
// the same seed, so they share their random numbers (docs/sweeps-and-sensitivity.md).
#ifndef BRINK_SWEEP_H_
#define BRINK_SWEEP_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "brink/model.h"
#include "brink/run.h"
#include "brink/structure.h"

namespace brink {

// One varied parameter and its values.
struct SweepAxis {
  std::string name;
  std::vector<double> values;
  std::string warning;  // e.g. a range whose step does not land on its upper end; "" if none
  // For "horizon" or "delay:EVENT" (brink/structure.h), whose values are whole numbers of
  // steps: the setting, typed once by ParseVary; each point sets its bounds to its value.
  std::optional<StructureSetting> structure;
  bool structural() const { return structure.has_value(); }
};

// Parses a `vary` NAME=SPEC, SPEC being `lo:hi:step` (inclusive of hi up to rounding) or a
// list `a,b,c`; numbers or percents, each in [0, 1] — or, for NAME "horizon" or
// "delay:EVENT", whole numbers of steps. Throws UsageError (unknown parameter, bad spec, more
// than 10,000 values).
SweepAxis ParseVary(const Model& model, const std::string& text);

struct SweepPoint {
  std::vector<double> values;  // one per axis
  RunOutcome outcome;
};

// The number of points of the grid (the product of the axes' sizes). Throws UsageError for
// an axis given twice or more than 10^6 points.
size_t SweepPoints(const std::vector<SweepAxis>& axes);

// The draws each point runs (they all pin the same parameters, so they all draw alike).
int SweepDraws(const Model& model, const std::vector<SweepAxis>& axes,
               const std::vector<std::pair<std::string, double>>& sets,
               const RunSettings& settings);

// Bytes a sweep holds at once (its points are handed on as they finish; see RunSweep).
uint64_t SweepBytes(const Model& model, size_t points, int draws, int threads);

// Runs the Cartesian product of the axes (the last axis varying fastest), each point with
// `sets` and the point's values pinned, and hands each point to on_point(index, point) in
// point order, from one thread at a time, as soon as it and every point before it are done:
// a sweep never holds all its points. Points run side by side when there are many and a
// single draw each; results do not depend on it. Refuses (UsageError, before running) what
// SweepPoints refuses and a sweep over request.max_memory. An exception from on_point ends
// the sweep and is rethrown.
//
// With `baseline` >= 0 (a point number), every point runs paired with that point on the same
// trials (a PairedBaseline run, brink/run.h), and its outcome's versus_baseline holds each figure's
// difference from the baseline with the paired interval; each point then costs two runs.
// REQUIRES: axes not empty, baseline < SweepPoints(axes), request as RunModel requires, in
// mode FixedTrials with a baseline (std::invalid_argument otherwise)
// (SweepCommand Check and Execute guarantee them).
void RunSweep(const Model& model, const std::vector<SweepAxis>& axes,
              const std::vector<std::pair<std::string, double>>& sets, const RunRequest& request,
              const std::function<void(size_t, SweepPoint)>& on_point, long baseline = -1);

// The same, every point kept and returned (for small sweeps and tests).
std::vector<SweepPoint> RunSweep(const Model& model, const std::vector<SweepAxis>& axes,
                                 const std::vector<std::pair<std::string, double>>& sets,
                                 const RunRequest& request);

}  // namespace brink

#endif  // BRINK_SWEEP_H_
