// ExactSolution → Results: the exact engine's figures in the form every writer reads.
#include <algorithm>

#include "estimate/from_tally.h"
#include "brink/estimate.h"
#include "engine/exact.h"
#include "estimate/now_figures.h"

namespace brink {
namespace {

// P(first occurrence at t [and G]) for t = 1..H → cumulative P(by t | G), exact mean step.
Figure RowFigure(const ExactSolution& solution, int row) {
  Figure f;
  const double given = solution.given_probability;
  // Column 0: before step 1 (version 2), counted from the start, with no first step.
  const double initial = solution.first(row, 0);
  double cumulative = initial;
  double step_sum = 0;
  for (int t = 1; t <= solution.horizon(); ++t) {
    cumulative += solution.first(row, t);
    step_sum += t * solution.first(row, t);
    // Certain up to the rounding of the sums (the figure's and the condition's are summed in
    // different orders): exactly 1.
    const double p = cumulative / given;
    f.by_step.push_back(p > 1 - 1e-12 ? 1.0 : p);
    f.band_by_step.push_back({f.by_step.back(), f.by_step.back(), f.by_step.back(),
                              f.by_step.back(), f.by_step.back()});
  }
  f.probability = f.by_step.empty() ? 0 : f.by_step.back();
  f.std_error = 0;
  f.ci_low = f.ci_high = f.probability;
  f.p05 = f.p50 = f.p95 = f.probability;
  f.occurred = cumulative > initial;
  if (f.occurred) f.mean_first_step = step_sum / (cumulative - initial);
  if (solution.two_way()) f.now = NowFromExact(solution, row, given);
  return f;
}

}  // namespace

Results EstimateFromExact(const Model& model, const ExactSolution& solution,
                          const std::string& given_text) {
  Results results;
  results.two_way = solution.two_way();
  for (int row = 0; row < solution.num_rows(); ++row)
    results.figures.push_back(RowFigure(solution, row));
  LabelFigures(model, &results.figures);
  if (!given_text.empty()) {
    results.given.text = given_text;
    results.given.probability = std::min(1.0, solution.GivenProbability());
    results.given.ci_low = results.given.ci_high = results.given.probability;
  }
  return results;
}

}  // namespace brink
