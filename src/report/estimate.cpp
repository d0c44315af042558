#include "brink/estimate.h"

#include <algorithm>
#include <cmath>

namespace brink {
namespace {

constexpr double kZ95 = 1.959963984540054;  // standard normal 97.5% quantile

Figure RowFigure(const Tally& tally, int row) {
  Figure f;
  const double n = static_cast<double>(tally.counted());
  uint64_t cumulative = 0;
  uint64_t step_sum = 0;
  for (int t = 1; t <= tally.horizon(); ++t) {
    cumulative += tally.first(row, t);
    step_sum += tally.first(row, t) * static_cast<uint64_t>(t);
    f.by_step.push_back(static_cast<double>(cumulative) / n);
  }
  f.probability = static_cast<double>(cumulative) / n;
  f.std_error = std::sqrt(f.probability * (1 - f.probability) / n);
  WilsonInterval(cumulative, tally.counted(), &f.ci_low, &f.ci_high);
  f.occurred = cumulative > 0;
  if (f.occurred) f.mean_first_step = static_cast<double>(step_sum) / static_cast<double>(cumulative);
  return f;
}

}  // namespace

void WilsonInterval(uint64_t successes, uint64_t n, double* low, double* high) {
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(successes) / nn;
  const double z2 = kZ95 * kZ95;
  const double denominator = 1 + z2 / nn;
  const double center = (p + z2 / (2 * nn)) / denominator;
  const double half = kZ95 / denominator * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  *low = successes == 0 ? 0.0 : std::max(0.0, center - half);
  *high = successes == n ? 1.0 : std::min(1.0, center + half);
}

Results EstimateFromTally(const Model& model, const Tally& tally) {
  Results results;
  results.simulated = tally.simulated();
  results.counted = tally.counted();
  for (int e = 0; e < tally.num_events(); ++e) {
    Figure f = RowFigure(tally, e);
    f.kind = Figure::Kind::kEvent;
    f.id = model.events[e].id;
    f.label = model.events[e].label;
    results.figures.push_back(std::move(f));
  }
  for (int k = 1; k <= tally.num_levels(); ++k) {
    Figure f = RowFigure(tally, tally.num_events() + k - 1);
    f.kind = Figure::Kind::kLevel;
    f.id = std::to_string(k);
    f.label = model.levels[k];
    results.figures.push_back(std::move(f));
  }
  return results;
}

GivenFigure GivenFromTally(const std::string& text, const Tally& tally) {
  GivenFigure g;
  g.text = text;
  const double n = static_cast<double>(tally.simulated());
  g.probability = static_cast<double>(tally.counted()) / n;
  g.std_error = std::sqrt(g.probability * (1 - g.probability) / n);
  WilsonInterval(tally.counted(), tally.simulated(), &g.ci_low, &g.ci_high);
  return g;
}

}  // namespace brink
