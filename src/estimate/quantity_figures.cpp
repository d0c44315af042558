#include "estimate/quantity_figures.h"

#include <algorithm>
#include <cmath>

#include "model/portable_math.h"

namespace brink {
namespace {

constexpr double kNormal975 = 1.959963984540054;  // standard normal 97.5% quantile

// The exceedance curve of `support` at its own totals when they are few, else on a grid.
void Exceedance(const std::vector<std::pair<double, double>>& support, QuantityFigure* f) {
  std::vector<double> tail(support.size() + 1, 0);  // P(total >= support[i].first)
  for (size_t i = support.size(); i-- > 0;) tail[i] = tail[i + 1] + support[i].second;
  f->values.clear();
  f->exceedance.clear();
  if (support.size() <= kExceedancePoints) {
    if (support.empty() || support[0].first > 0) {
      f->values.push_back(0);
      f->exceedance.push_back(std::min(1.0, tail[0]));
    }
    for (size_t i = 0; i < support.size(); ++i) {
      f->values.push_back(support[i].first);
      f->exceedance.push_back(std::min(1.0, tail[i]));
    }
    return;
  }
  const double top = support.back().first;
  size_t i = 0;
  for (size_t g = 0; g <= kExceedanceGrid; ++g) {
    const double x = top * static_cast<double>(g) / static_cast<double>(kExceedanceGrid);
    while (i < support.size() && support[i].first < x) ++i;
    f->values.push_back(x);
    f->exceedance.push_back(std::min(1.0, tail[i]));
  }
}

// P(total >= x) from a curve (values ascending, exceedance): the curve at the first value >= x.
double CurveAt(const std::vector<double>& values, const std::vector<double>& exceedance,
               double x) {
  const auto it = std::lower_bound(values.begin(), values.end(), x);
  return it == values.end() ? 0 : exceedance[static_cast<size_t>(it - values.begin())];
}

}  // namespace

double DistributionQuantile(const std::vector<std::pair<double, double>>& support, double q) {
  double cumulative = 0;
  for (const auto& [total, mass] : support) {
    cumulative += mass;
    // A relative allowance for the rounding of the cumulative sum: q·n trials exactly reached
    // count as reached.
    if (cumulative >= q * (1 - 1e-12)) return total;
  }
  return support.empty() ? 0 : support.back().first;
}

void DistributionFigures(const std::vector<std::pair<double, double>>& support,
                         QuantityFigure* f) {
  f->p05 = DistributionQuantile(support, 0.05);
  f->p50 = DistributionQuantile(support, 0.50);
  f->p90 = DistributionQuantile(support, 0.90);
  f->p95 = DistributionQuantile(support, 0.95);
  f->p99 = DistributionQuantile(support, 0.99);
  Exceedance(support, f);
}

QuantityFigure QuantityFromCounts(const Quantity& quantity, const QuantityCounts& counts,
                                  uint64_t counted) {
  QuantityFigure f;
  f.id = quantity.id;
  f.label = quantity.label;
  f.unit = quantity.unit;
  const PlanQuantity& plan = counts.quantity();
  const int k = counts.num_terms();
  const double n = static_cast<double>(counted);
  // Σ T and Σ T² over trials from the integer sums: T = Σ a_i n_i.
  for (int t = 1; t <= counts.horizon(); ++t) {
    Extended sum = 0, squares = 0;
    for (int i = 0; i < k; ++i) {
      const double a = plan.terms[i].amount;
      sum += Extended(a) * static_cast<double>(counts.sum(t, i));
      for (int j = i; j < k; ++j)
        squares += Extended(a) * plan.terms[j].amount *
                   static_cast<double>(counts.cross(t, i, j)) * (i == j ? 1 : 2);
    }
    const Extended mean = sum / n;
    const Extended variance =
        counted > 1 ? std::max<Extended>(0, (squares - sum * mean) / (n - 1)) : Extended(0);
    const double se = std::sqrt(static_cast<double>(variance / n));
    const double m = static_cast<double>(mean);
    f.mean_by_step.push_back(m);
    f.ci_low_by_step.push_back(std::max(0.0, m - kNormal975 * se));
    f.ci_high_by_step.push_back(m + kNormal975 * se);
    if (t == counts.horizon()) {
      f.mean = m;
      f.std_error = se;
      f.ci_low = f.ci_low_by_step.back();
      f.ci_high = f.ci_high_by_step.back();
      f.sd = std::sqrt(static_cast<double>(variance));
    }
  }
  f.band_p05 = f.band_p95 = f.mean;
  f.prob_positive = static_cast<double>(counts.positive()) / n;
  // The distribution at the horizon: each cell's total, equal totals merged.
  std::vector<std::pair<double, double>> support;
  for (size_t c = 0; c < plan.cells; ++c)
    if (counts.cell(c) != 0)
      support.push_back({counts.CellTotal(c), static_cast<double>(counts.cell(c))});
  std::sort(support.begin(), support.end());
  std::vector<std::pair<double, double>> merged;
  for (const auto& [total, count] : support) {
    if (!merged.empty() && merged.back().first == total)
      merged.back().second += count;
    else
      merged.push_back({total, count});
  }
  for (auto& [total, mass] : merged) mass /= n;
  DistributionFigures(merged, &f);
  f.binned = !plan.exact;
  f.resolution = plan.exact ? 0 : plan.bin_width;
  return f;
}

QuantitySums::QuantitySums(int draws, const QuantityFigure& first)
    : draws_(draws), out_(first), means_(static_cast<size_t>(draws), 0) {
  out_.binned = false;
  out_.resolution = 0;
  step_sums_.assign(first.mean_by_step.size(), 0);
  step_squares_.assign(first.mean_by_step.size(), 0);
  values_.resize(static_cast<size_t>(draws));
  exceedance_.resize(static_cast<size_t>(draws));
}

void QuantitySums::Fold(int d, const QuantityFigure& f) {
  means_[static_cast<size_t>(d)] = f.mean;
  p05_ += f.p05;
  p50_ += f.p50;
  p90_ += f.p90;
  p95_ += f.p95;
  p99_ += f.p99;
  sd_ += f.sd;
  positive_ += f.prob_positive;
  for (size_t s = 0; s < f.mean_by_step.size(); ++s) {
    step_sums_[s] += f.mean_by_step[s];
    step_squares_[s] += Extended(f.mean_by_step[s]) * f.mean_by_step[s];
  }
  values_[static_cast<size_t>(d)] = f.values;
  exceedance_[static_cast<size_t>(d)] = f.exceedance;
  out_.binned = out_.binned || f.binned;
  out_.resolution = std::max(out_.resolution, f.resolution);
}

QuantityFigure QuantitySums::Finish(Extended effective, double t) {
  QuantityFigure f = out_;
  const double d = draws_;
  Extended sum = 0;
  for (double m : means_) sum += m;
  Extended ss = 0;
  for (double m : means_) ss += (Extended(m) - sum / d) * (m - sum / d);
  f.mean = static_cast<double>(sum / d);
  f.std_error = std::sqrt(static_cast<double>(ss / (d - 1) / effective));
  f.ci_low = std::max(0.0, f.mean - t * f.std_error);
  f.ci_high = f.mean + t * f.std_error;
  f.band_p05 = SampleQuantile(means_, 0.05);
  f.band_p95 = SampleQuantile(means_, 0.95);
  f.p05 = static_cast<double>(p05_ / d);
  f.p50 = static_cast<double>(p50_ / d);
  f.p90 = static_cast<double>(p90_ / d);
  f.p95 = static_cast<double>(p95_ / d);
  f.p99 = static_cast<double>(p99_ / d);
  f.sd = static_cast<double>(sd_ / d);
  f.prob_positive = static_cast<double>(positive_ / d);
  for (size_t s = 0; s < step_sums_.size(); ++s) {
    const Extended mean = step_sums_[s] / d;
    const Extended var = std::max<Extended>(0, step_squares_[s] - step_sums_[s] * mean);
    const double se = std::sqrt(static_cast<double>(var / (d - 1) / effective));
    f.mean_by_step[s] = static_cast<double>(mean);
    f.ci_low_by_step[s] = std::max(0.0, f.mean_by_step[s] - t * se);
    f.ci_high_by_step[s] = f.mean_by_step[s] + t * se;
  }
  if (!f.mean_by_step.empty()) {  // the last step is the figure itself
    f.ci_low_by_step.back() = f.ci_low;
    f.ci_high_by_step.back() = f.ci_high;
  }
  // The mean of the draws' curves, at the union of their values when few, else on a grid.
  std::vector<double> grid;
  for (const std::vector<double>& v : values_) grid.insert(grid.end(), v.begin(), v.end());
  std::sort(grid.begin(), grid.end());
  grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
  if (grid.size() > kExceedancePoints) {
    const double top = grid.back();
    grid.clear();
    for (size_t g = 0; g <= kExceedanceGrid; ++g)
      grid.push_back(top * static_cast<double>(g) / static_cast<double>(kExceedanceGrid));
  }
  f.values = grid;
  f.exceedance.assign(grid.size(), 0);
  for (size_t g = 0; g < grid.size(); ++g) {
    Extended total = 0;
    for (size_t k = 0; k < values_.size(); ++k) total += CurveAt(values_[k], exceedance_[k], grid[g]);
    f.exceedance[g] = static_cast<double>(total / d);
  }
  return f;
}

}  // namespace brink
