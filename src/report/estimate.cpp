#include "brink/estimate.h"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
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
  f.p05 = f.p50 = f.p95 = f.probability;
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
  for (int row = 0; row < tally.num_rows(); ++row) results.figures.push_back(RowFigure(tally, row));
  LabelFigures(model, &results.figures);
  return results;
}

void LabelFigures(const Model& model, std::vector<Figure>* figures) {
  const size_t events = model.events.size();
  for (size_t row = 0; row < figures->size(); ++row) {
    Figure& f = (*figures)[row];
    if (row < events) {
      f.kind = Figure::Kind::kEvent;
      f.id = model.events[row].id;
      f.label = model.events[row].label;
    } else {
      f.kind = Figure::Kind::kLevel;
      f.id = std::to_string(row - events + 1);
      f.label = model.levels[row - events + 1];
    }
  }
}

GivenFigure GivenFromCounts(const std::string& text, uint64_t counted, uint64_t simulated) {
  GivenFigure g;
  g.text = text;
  const double n = static_cast<double>(simulated);
  g.probability = static_cast<double>(counted) / n;
  g.std_error = std::sqrt(g.probability * (1 - g.probability) / n);
  WilsonInterval(counted, simulated, &g.ci_low, &g.ci_high);
  return g;
}

double SampleQuantile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  const double h = (static_cast<double>(values.size()) - 1) * q;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(values.size() - 1, lo + 1);
  const double w = h - static_cast<double>(lo);
  return (1 - w) * values[lo] + w * values[hi];
}

Results CombineDraws(std::vector<Results> draws) {
  if (draws.size() == 1) return std::move(draws[0]);
  const int d = static_cast<int>(draws.size());
  Results out = draws[0];
  out.draws = d;
  out.simulated = out.counted = 0;
  out.per_draw.assign(d, std::vector<double>(out.figures.size()));
  for (int k = 0; k < d; ++k) {
    out.simulated += draws[k].simulated;
    out.counted += draws[k].counted;
    for (size_t f = 0; f < out.figures.size(); ++f)
      out.per_draw[k][f] = draws[k].figures[f].probability;
  }
  const double t = boost::math::quantile(boost::math::students_t(d - 1), 0.975);
  for (size_t f = 0; f < out.figures.size(); ++f) {
    Figure& fig = out.figures[f];
    // Sums in long double, so means of exact fractions come out correctly rounded.
    std::vector<double> p(d);
    long double sum = 0;
    double weight = 0, first = 0;
    for (int k = 0; k < d; ++k) {
      const Figure& one = draws[k].figures[f];
      p[k] = one.probability;
      sum += p[k];
      double w = one.probability * static_cast<double>(std::max<uint64_t>(draws[k].counted, 1));
      if (one.occurred) {
        weight += w;
        first += w * one.mean_first_step;
      }
    }
    const double mean = static_cast<double>(sum / d);
    long double ss = 0;
    for (double x : p) ss += (static_cast<long double>(x) - sum / d) * (x - sum / d);
    fig.probability = mean;
    fig.std_error = std::sqrt(static_cast<double>(ss / (d - 1) / d));
    fig.ci_low = std::max(0.0, mean - t * fig.std_error);
    fig.ci_high = std::min(1.0, mean + t * fig.std_error);
    fig.occurred = weight > 0;
    fig.mean_first_step = weight > 0 ? first / weight : 0;
    for (size_t s = 0; s < fig.by_step.size(); ++s) {
      long double step_sum = 0;
      for (int k = 0; k < d; ++k) step_sum += draws[k].figures[f].by_step[s];
      fig.by_step[s] = static_cast<double>(step_sum / d);
    }
    fig.p05 = SampleQuantile(p, 0.05);
    fig.p50 = SampleQuantile(p, 0.5);
    fig.p95 = SampleQuantile(p, 0.95);
  }
  if (!out.given.text.empty()) {  // P(condition): the same summary over draws
    long double sum = 0, ss = 0;
    for (int k = 0; k < d; ++k) sum += draws[k].given.probability;
    for (int k = 0; k < d; ++k) {
      const long double x = draws[k].given.probability - sum / d;
      ss += x * x;
    }
    GivenFigure& g = out.given;
    g.probability = static_cast<double>(sum / d);
    g.std_error = std::sqrt(static_cast<double>(ss / (d - 1) / d));
    g.ci_low = std::max(0.0, g.probability - t * g.std_error);
    g.ci_high = std::min(1.0, g.probability + t * g.std_error);
  }
  return out;
}

}  // namespace brink
