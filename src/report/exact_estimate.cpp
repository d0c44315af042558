// ExactSolution → Results: the exact engine's figures in the form every writer reads.
#include <algorithm>

#include "brink/estimate.h"

namespace brink {
namespace {

// P(first occurrence at t [and G]) for t = 1..H → cumulative P(by t | G), exact mean step.
Figure RowFigure(const ExactSolution& solution, int row) {
  Figure f;
  const double given = solution.given_probability;
  double cumulative = 0;
  double step_sum = 0;
  for (int t = 1; t <= solution.horizon(); ++t) {
    cumulative += solution.first(row, t);
    step_sum += t * solution.first(row, t);
    f.by_step.push_back(std::min(1.0, cumulative / given));
  }
  f.probability = f.by_step.empty() ? 0 : f.by_step.back();
  f.std_error = 0;
  f.ci_low = f.ci_high = f.probability;
  f.p05 = f.p50 = f.p95 = f.probability;
  f.occurred = cumulative > 0;
  if (f.occurred) f.mean_first_step = step_sum / cumulative;
  return f;
}

}  // namespace

Results EstimateFromExact(const Model& model, const ExactSolution& solution,
                          const std::string& given_text) {
  Results results;
  for (int e = 0; e < solution.num_events(); ++e) {
    Figure f = RowFigure(solution, e);
    f.kind = Figure::Kind::kEvent;
    f.id = model.events[e].id;
    f.label = model.events[e].label;
    results.figures.push_back(std::move(f));
  }
  for (int k = 1; k <= solution.num_levels(); ++k) {
    Figure f = RowFigure(solution, solution.num_events() + k - 1);
    f.kind = Figure::Kind::kLevel;
    f.id = std::to_string(k);
    f.label = model.levels[k];
    results.figures.push_back(std::move(f));
  }
  if (!given_text.empty()) {
    results.given.text = given_text;
    results.given.probability = std::min(1.0, solution.given_probability);
    results.given.ci_low = results.given.ci_high = results.given.probability;
  }
  return results;
}

}  // namespace brink
