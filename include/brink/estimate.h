// Figures an analyst reads: probabilities with standard errors and 95% intervals, per event
// and per escalation level, at the horizon and step by step.
#ifndef BRINK_ESTIMATE_H_
#define BRINK_ESTIMATE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "brink/names.h"

#include "brink/model.h"

namespace brink {

// A step of a figure's timeline: the 95% interval of P(by that step) and, with draws, the
// quantiles over draws of the per-draw value (all equal to it with one draw).
struct StepBand {
  double ci_low = 0, ci_high = 0;
  double p05 = 0, p50 = 0, p95 = 0;
};

// The figures of a version-2 model (../shared/spec/episodes.md "What is estimated") for one
// event or level, beside its version-1 ones: the rung a trial is on now, how often and how
// long. Monte Carlo: binomial standard errors and Wilson intervals for probabilities, the
// sample standard error for means; exact: standard errors 0. Over several draws: means over
// draws, with the spread over draws (as Figure's).
struct NowFigure {
  // P(active at the end of step t) (a level k: P(level at t >= k)), t = 1..horizon.
  std::vector<double> by_step;
  double probability = 0;  // the same at the horizon
  double std_error = 0;
  double ci_low = 0;
  double ci_high = 0;
  // P(happened before step 1): an event `initially` active or ended, a level such an event
  // reaches. Included in Figure::probability and by_step; such trials have no first step.
  double initial = 0;
  // The mean number of steps t in 1..horizon at whose end it is active.
  double mean_steps_active = 0;
  double steps_active_std_error = 0;
  // Events only (empty, 0 for a level): the mean number of onsets in steps 1..horizon, and
  // P(N = n) with its standard error for n = 0 .. the largest count seen (exact: possible).
  double mean_occurrences = 0;
  double occurrences_std_error = 0;
  std::vector<double> occurrences;
  std::vector<double> occurrences_std_errors;
  // Events only: P(n occurrences ended in steps 1..horizon), n = 0 .. the largest count seen
  // (exact: possible); what an episode's end is scored with. Empty from a weighted run.
  std::vector<double> ends;
};

struct Figure {
  using Kind = FigureKind;  // event or level (brink/names.h)
  Kind kind;
  std::string id;          // event id, or the level index k as text
  std::string label;       // event label or level name
  double probability = 0;  // P(by the horizon); for a level k, P(level >= k by the horizon)
  double std_error = 0;
  double ci_low = 0;       // 95% interval
  double ci_high = 0;
  // Among trials where it happened at a step 1..horizon; meaningful when occurred (some did).
  double mean_first_step = 0;
  bool occurred = false;
  std::vector<double> by_step;  // cumulative P(by step t) for t = 1..horizon
  std::vector<StepBand> band_by_step;  // its interval and quantiles, for t = 1..horizon
  // Quantiles over draws of the per-draw probability (all equal to `probability` with one
  // draw).
  double p05 = 0;
  double p50 = 0;
  double p95 = 0;
  NowFigure now;  // a version-2 model's figures (Results::two_way); else empty
};

// A quantity's figures (../shared/spec/quantities.md "What is estimated"): the distribution of
// its total over trials, at the horizon, and its mean by step. Monte Carlo: the mean's sample
// standard error and normal interval; quantiles are type 1 (the smallest total whose empirical
// CDF is >= q), exact where the totals are kept exactly and within one bin (`resolution`)
// otherwise (plan/plan.h PlanQuantity); exact engine: standard errors 0. Over several draws:
// every figure is the mean over draws of the per-draw figure; the mean's standard error and
// interval come from the spread over draws (as Figure's), band_p05/band_p95 are the 5% and 95%
// quantiles of the per-draw means (equal to the mean with one draw), and the exceedance curve
// is the mean of the draws' curves.
struct QuantityFigure {
  std::string id, label, unit;
  double mean = 0, std_error = 0, ci_low = 0, ci_high = 0;
  double sd = 0;  // of the total over trials (the mean over draws of each draw's)
  double p05 = 0, p50 = 0, p90 = 0, p95 = 0, p99 = 0;
  double prob_positive = 0;  // P(total > 0)
  double band_p05 = 0, band_p95 = 0;
  // The mean total by step t and its 95% interval, t = 1..horizon.
  std::vector<double> mean_by_step, ci_low_by_step, ci_high_by_step;
  // The exceedance curve: P(total >= values[i]), values ascending from 0, exceedance
  // non-increasing. The totals seen (at most kExceedancePoints of them), else a grid of
  // kExceedanceGrid + 1 evenly spaced values from 0 to the largest total seen.
  std::vector<double> values, exceedance;
  bool binned = false;    // some draw's totals were binned
  double resolution = 0;  // binned: the largest bin width over draws; else 0
};

inline constexpr size_t kExceedancePoints = 2001;
inline constexpr size_t kExceedanceGrid = 1000;

// The condition of a conditional run (`given`) and the estimate of P(condition at the
// horizon) itself. Every Figure of such a run is conditional on it.
struct GivenFigure {
  std::string text;        // the condition as the analyst wrote it; "" for an unconditional run
  double probability = 1;  // Monte Carlo: counted / simulated
  double std_error = 0;
  double ci_low = 1;
  double ci_high = 1;
};

struct Results {
  std::vector<Figure> figures;  // events in file order, then levels 1..K
  uint64_t simulated = 0;       // trials run in all, over every draw (0 for an exact engine)
  uint64_t counted = 0;         // trials the figures are based on (0 for an exact engine)
  int draws = 1;
  // With several draws: per_draw[d][f] is figure f's probability in draw d.
  std::vector<std::vector<double>> per_draw;
  GivenFigure given;            // text "" when the figures are unconditional
  // A version-2 model (../shared/spec/episodes.md): every Figure's `now` is filled.
  bool two_way = false;
  std::vector<QuantityFigure> quantities;  // Model::quantities, in file order
};

// The figure of a run's condition: `counted` trials out of `simulated` > 0 satisfied it
// (pooled over draws: the interval reflects trial noise only).
GivenFigure GivenFromCounts(const std::string& text, uint64_t counted, uint64_t simulated);

// The one rule for every log score brink writes (docs/history.md, "How forecasts are
// scored"): ln q, q the forecast's probability of what happened. A Monte Carlo forecast from
// n > 0 trials is shrunk by half a trial, q = (k + ½)/(n + 1) with k = q·n, so that a
// forecast of exactly 0 or 1 from finite trials keeps a finite score; an exact forecast
// (trials 0) is q itself. q is floored at the smallest normal double (an exact forecast that
// rounds to 0): no file ever holds -inf.
double LogScore(double q, uint64_t trials);

// Sets kind, id and label of figures given in row order: the model's events, then its levels.
void LabelFigures(const Model& model, std::vector<Figure>* figures);

// Combines the results of the draws of one run (same model, one Results per draw), one draw
// at a time, so that a run holds its draws' figures only until they are folded in: each draw's
// timeline is added to running sums and dropped, and only its probabilities (Results::per_draw,
// D × figures numbers) and, within a budget, its timeline's values (the quantiles of each
// step) are kept. Draws may be added in any order, from any
// thread; they are folded in draw order (a draw that arrives early waits), so the sums, and
// the bytes of every output, do not depend on the order.
//
// Finish(): with one draw, returns it with p05 = p50 = p95 = probability. With D > 1 draws:
// probability and by_step are means over draws; std_error = sd / sqrt(D) of the per-draw
// probabilities (the spread includes trial noise); the 95% interval is
// mean ± t(0.975, D-1)·std_error, clipped to [0, 1]; p05/p50/p95 are quantiles of the
// per-draw probabilities (linear interpolation); the mean first step pools the draws,
// weighting each by how often the figure occurred in it. Each step of the timeline gets the
// same interval and quantiles as the figure (band_by_step). The condition's figure
// (Results::given), if any, is combined like a probability.
class DrawCombiner {
 public:
  // Each draw's timeline is kept for the per-step quantiles while draws × figures × steps is
  // at most `step_values_budget` numbers; past it, each step's interval comes from running
  // sums of squares and its quantiles are NaN (left empty in timeline.csv), except at the
  // last step, which is the figure's own.
  static constexpr uint64_t kStepValuesBudget = uint64_t{1} << 25;  // 256 MB of doubles
  explicit DrawCombiner(int draws, uint64_t step_values_budget = kStepValuesBudget);
  DrawCombiner(const DrawCombiner&) = delete;
  DrawCombiner& operator=(const DrawCombiner&) = delete;
  ~DrawCombiner();

  // REQUIRES: 0 <= d < draws, each d once.
  void Add(int d, Results results);
  // The standard errors and intervals of Finish() then treat the draws as `effective` (1 <=
  // effective <= draws) independent ones: sd / sqrt(effective) (a posterior's draws, which are
  // correlated). Default: the draws.
  void SetEffectiveDraws(double effective);
  // REQUIRES: every draw added.
  Results Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Combines whole draws at once (DrawCombiner, draws added in order).
Results CombineDraws(std::vector<Results> draws);

// Quantile q of `values` by linear interpolation between order statistics (R's type 7).
double SampleQuantile(std::vector<double> values, double q);

// 95% Wilson score interval for `successes` out of `n` > 0.
void WilsonInterval(uint64_t successes, uint64_t n, double* low, double* high);

}  // namespace brink

#endif  // BRINK_ESTIMATE_H_
