#include "estimate/from_tally.h"
#include "brink/paired.h"
#include "engine/tally.h"
#include "estimate/extended.h"
#include "model/portable_math.h"

#include <algorithm>
#include <cmath>

namespace brink {
namespace {

uint64_t CountBy(const Tally& tally, int row) {
  uint64_t n = 0;
  for (int t = 1; t <= tally.horizon(); ++t) n += tally.first(row, t);
  return n;
}

}  // namespace

void PairedDifferenceInterval(uint64_t both, uint64_t a_only, uint64_t b_only, uint64_t n,
                              double* low, double* high) {
  // Newcombe (1998), "Improved confidence intervals for the difference between binomial
  // proportions based on paired data", method 10, for p_b - p_a.
  const double nn = static_cast<double>(n);
  const uint64_t neither = n - both - a_only - b_only;
  const double pa = static_cast<double>(both + a_only) / nn;
  const double pb = static_cast<double>(both + b_only) / nn;
  double la, ua, lb, ub;
  WilsonInterval(both + a_only, n, &la, &ua);
  WilsonInterval(both + b_only, n, &lb, &ub);
  const double margins = static_cast<double>(both + a_only) * static_cast<double>(b_only + neither) *
                         static_cast<double>(both + b_only) * static_cast<double>(a_only + neither);
  const double phi =
      margins > 0 ? (static_cast<double>(both) * static_cast<double>(neither) -
                     static_cast<double>(a_only) * static_cast<double>(b_only)) /
                        std::sqrt(margins)
                  : 0;
  // For theta = p_a - p_b: [theta - delta, theta + epsilon]; the difference is -theta.
  const double delta = std::sqrt(std::max(
      0.0, (pa - la) * (pa - la) - 2 * phi * (pa - la) * (ub - pb) + (ub - pb) * (ub - pb)));
  const double epsilon = std::sqrt(std::max(
      0.0, (ua - pa) * (ua - pa) - 2 * phi * (ua - pa) * (pb - lb) + (pb - lb) * (pb - lb)));
  const double difference = pb - pa;
  *low = std::max(-1.0, difference - epsilon);
  *high = std::min(1.0, difference + delta);
}

void IndependentDifferenceInterval(uint64_t count_a, uint64_t count_b, uint64_t n, double* low,
                                   double* high) {
  // Newcombe (1998), "Interval estimation for the difference between independent proportions",
  // method 10 (the hybrid score interval).
  const double nn = static_cast<double>(n);
  const double pa = static_cast<double>(count_a) / nn, pb = static_cast<double>(count_b) / nn;
  double la, ua, lb, ub;
  WilsonInterval(count_a, n, &la, &ua);
  WilsonInterval(count_b, n, &lb, &ub);
  const double difference = pb - pa;
  *low = std::max(-1.0, difference - std::sqrt((pb - lb) * (pb - lb) + (ua - pa) * (ua - pa)));
  *high = std::min(1.0, difference + std::sqrt((ub - pb) * (ub - pb) + (pa - la) * (pa - la)));
}

PairCounts CountPairs(const PairedTally& tally) {
  PairCounts counts;
  for (int row = 0; row < tally.a.num_rows(); ++row) {
    counts.a.push_back(CountBy(tally.a, row));
    counts.b.push_back(CountBy(tally.b, row));
  }
  counts.both = tally.both;
  return counts;
}

std::vector<PairedFigure> PairedFigures(const Model& model, const std::vector<PairCounts>& tallies,
                                        uint64_t trials) {
  const size_t rows = model.events.size() + static_cast<size_t>(model.num_levels());
  const int draws = static_cast<int>(tallies.size());
  std::vector<Figure> labels(rows);
  LabelFigures(model, &labels);
  std::vector<PairedFigure> figures;
  const double n = static_cast<double>(trials);
  const double t = draws > 1 ? PortableStudentsTQuantile(draws - 1, 0.975) : 0;
  for (size_t row = 0; row < rows; ++row) {
    PairedFigure f;
    f.kind = labels[row].kind;
    f.id = labels[row].id;
    f.label = labels[row].label;
    if (draws == 1) {
      const PairCounts& counts = tallies[0];
      const uint64_t count_a = counts.a[row];
      const uint64_t count_b = counts.b[row];
      f.both = counts.both[row];
      f.a_only = count_a - f.both;
      f.b_only = count_b - f.both;
      f.p_a = static_cast<double>(count_a) / n;
      f.p_b = static_cast<double>(count_b) / n;
      f.difference = static_cast<double>(static_cast<int64_t>(count_b) - static_cast<int64_t>(count_a)) / n;
      PairedDifferenceInterval(f.both, f.a_only, f.b_only, trials, &f.paired_low, &f.paired_high);
      IndependentDifferenceInterval(count_a, count_b, trials, &f.independent_low,
                                    &f.independent_high);
    } else {
      // Means over draws, summed with a 64-bit significand (extended.h) in draw order.
      std::vector<double> pa(draws), pb(draws);
      Extended sum_a = 0, sum_b = 0, sum_d = 0;
      for (int d = 0; d < draws; ++d) {
        pa[d] = static_cast<double>(tallies[d].a[row]) / n;
        pb[d] = static_cast<double>(tallies[d].b[row]) / n;
        sum_a += pa[d];
        sum_b += pb[d];
        sum_d += Extended(pb[d]) - pa[d];
      }
      const Extended mean_a = sum_a / draws, mean_b = sum_b / draws, mean_d = sum_d / draws;
      Extended ss_a = 0, ss_b = 0, ss_d = 0;
      for (int d = 0; d < draws; ++d) {
        ss_a += (pa[d] - mean_a) * (pa[d] - mean_a);
        ss_b += (pb[d] - mean_b) * (pb[d] - mean_b);
        const Extended diff = Extended(pb[d]) - pa[d] - mean_d;
        ss_d += diff * diff;
      }
      const double se_paired = std::sqrt(static_cast<double>(ss_d / (draws - 1) / draws));
      const double se_independent =
          std::sqrt(static_cast<double>((ss_a + ss_b) / (draws - 1) / draws));
      f.p_a = static_cast<double>(mean_a);
      f.p_b = static_cast<double>(mean_b);
      f.difference = static_cast<double>(mean_d);
      f.paired_low = std::max(-1.0, f.difference - t * se_paired);
      f.paired_high = std::min(1.0, f.difference + t * se_paired);
      f.independent_low = std::max(-1.0, f.difference - t * se_independent);
      f.independent_high = std::min(1.0, f.difference + t * se_independent);
    }
    figures.push_back(f);
  }
  return figures;
}

}  // namespace brink
