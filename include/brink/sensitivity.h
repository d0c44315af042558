// `brink sensitivity`: which assumptions and which events matter most for one target figure
// (docs/sweeps-and-sensitivity.md). Every run uses the same seed (common random numbers).
#ifndef BRINK_SENSITIVITY_H_
#define BRINK_SENSITIVITY_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "brink/model.h"
#include "brink/run.h"

namespace brink {

// One bar of the tornado: the target with one parameter at a low and a high value and every
// other parameter at its point value (uncertain ones: their median).
struct TornadoBar {
  std::string parameter;
  double low = 0, high = 0;
  double target_at_low = 0, target_at_high = 0;
  double swing = 0;  // |target_at_high - target_at_low|
  double base = 0;   // the parameter's value in the base run: its point value or median
  double target_at_base = 0;  // the target with every parameter at its base value
};

// For each named parameter not in `sets`: uncertain ones at their 5th and 95th percentiles,
// point ones at p·(1 ∓ relative_swing) clipped to [0, 1]; `sets` pinned in every run. Sorted
// by swing, largest first (ties: model order). `request` supplies seed, trials, threads and
// engine; draws are not used (one draw each). `run_done`, if set, is called after each of its
// runs (2 per bar, and 1 at the base values). The target is a figure (ParseTarget): its
// probability, or with target.now its NowFigure's (P(active at the horizon), a version-2
// model's). REQUIRES: target a figure index, relative_swing in [0, 1], request.trials in
// 1..kMaxTrials (SensitivityCommand Check guarantees them).
using Settings = std::vector<std::pair<std::string, double>>;
std::vector<TornadoBar> Tornado(const Model& model, Target target, double relative_swing,
                                const Settings& sets, const RunSettings& request,
                                const std::function<void()>& run_done = nullptr);
inline std::vector<TornadoBar> Tornado(const Model& model, int target, double relative_swing,
                                       const Settings& sets, const RunSettings& request,
                                       const std::function<void()>& run_done = nullptr) {
  return Tornado(model, Target{target, false}, relative_swing, sets, request, run_done);
}

// Importance of each event for the target, as in probabilistic risk assessment, from runs
// with the event's probability forced to 1 (certain whenever its after/while holds) and to 0:
// Birnbaum = p_if_certain − p_if_impossible; risk achievement worth RAW = p_if_certain /
// p_target; risk reduction worth RRW = p_target / p_if_impossible (infinite when that is 0).
struct EventImportance {
  std::string event;
  double p_target = 0, p_if_certain = 0, p_if_impossible = 0;
  double birnbaum = 0, raw = 0, rrw = 0;
};
// Parameters at their point values or medians (one draw), `sets` pinned, like the tornado.
// `run_done`, if set, is called after each of its 1 + 2 × events runs.
std::vector<EventImportance> Importance(const Model& model, Target target, const Settings& sets,
                                        const RunSettings& request,
                                        const std::function<void()>& run_done = nullptr);
inline std::vector<EventImportance> Importance(const Model& model, int target,
                                               const Settings& sets, const RunSettings& request,
                                               const std::function<void()>& run_done = nullptr) {
  return Importance(model, Target{target, false}, sets, request, run_done);
}

// Spearman rank correlation of each sampled parameter with the target's per-draw
// probability, from a run with draws (Results::per_draw: a figure's probability, not its
// NowFigure). Sorted by |rho|, largest first.
struct RankCorrelation {
  std::string parameter;
  double rho = 0;
};
std::vector<RankCorrelation> TargetRankCorrelations(const RunOutcome& outcome, int target);
// The same from per-draw values y[d] of the target (a now target's, run draw by draw).
std::vector<RankCorrelation> RankCorrelations(const RunOutcome& outcome,
                                              const std::vector<double>& y);

// The target's value in `results`: the figure's probability, or its NowFigure's.
inline double TargetValue(const Results& results, Target target) {
  const Figure& f = results.figures[target.row];
  return target.now ? f.now.probability : f.probability;
}


}  // namespace brink

#endif  // BRINK_SENSITIVITY_H_
