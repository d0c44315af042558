#include "estimate/from_tally.h"
#include "brink/paired.h"
#include "engine/tally.h"
#include "estimate/extended.h"
#include "model/portable_math.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace brink {
namespace {

// Trials in which the row happened by the horizon, before step 1 (version 2's `initially`,
// column 0; always 0 for version 1) or at a step 1..horizon.
uint64_t CountBy(const Tally& tally, int row) {
  uint64_t n = 0;
  for (int t = 0; t <= tally.horizon(); ++t) n += tally.first(row, t);
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
  if (!tally.two_way()) return counts;
  const int h = tally.a.horizon();
  for (int row = 0; row < tally.a.num_rows(); ++row) {
    counts.a_active.push_back(h > 0 ? tally.a.active(row, h) : 0);
    counts.b_active.push_back(h > 0 ? tally.b.active(row, h) : 0);
  }
  counts.both_active = tally.both_active;
  for (int e = 0; e < tally.a.num_events(); ++e) {
    uint64_t sum_a = 0, sum_b = 0;
    for (int n = 0; n <= h; ++n) {
      sum_a += tally.a.onsets(e, n) * static_cast<uint64_t>(n);
      sum_b += tally.b.onsets(e, n) * static_cast<uint64_t>(n);
    }
    counts.a_onsets.push_back(sum_a);
    counts.b_onsets.push_back(sum_b);
  }
  counts.onsets_squares = tally.onsets_squares;
  return counts;
}

namespace {

// One number's paired value over the draws: count(d, &a, &b, &both) gives draw d's counts.
template <typename Counts>
PairedValue PairValue(int draws, uint64_t trials, const Counts& count) {
  PairedValue f;
  const double n = static_cast<double>(trials);
  if (draws == 1) {
    uint64_t count_a = 0, count_b = 0, both = 0;
    count(0, &count_a, &count_b, &both);
    f.both = both;
    f.a_only = count_a - f.both;
    f.b_only = count_b - f.both;
    f.p_a = static_cast<double>(count_a) / n;
    f.p_b = static_cast<double>(count_b) / n;
    f.difference = static_cast<double>(static_cast<int64_t>(count_b) - static_cast<int64_t>(count_a)) / n;
    PairedDifferenceInterval(f.both, f.a_only, f.b_only, trials, &f.paired_low, &f.paired_high);
    IndependentDifferenceInterval(count_a, count_b, trials, &f.independent_low,
                                  &f.independent_high);
    return f;
  }
  // Means over draws, summed with a 64-bit significand (extended.h) in draw order.
  const double t = PortableStudentsTQuantile(draws - 1, 0.975);
  std::vector<double> pa(draws), pb(draws);
  Extended sum_a = 0, sum_b = 0, sum_d = 0;
  for (int d = 0; d < draws; ++d) {
    uint64_t count_a = 0, count_b = 0, both = 0;
    count(d, &count_a, &count_b, &both);
    pa[d] = static_cast<double>(count_a) / n;
    pb[d] = static_cast<double>(count_b) / n;
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
  const double se_independent = std::sqrt(static_cast<double>((ss_a + ss_b) / (draws - 1) / draws));
  f.p_a = static_cast<double>(mean_a);
  f.p_b = static_cast<double>(mean_b);
  f.difference = static_cast<double>(mean_d);
  f.paired_low = std::max(-1.0, f.difference - t * se_paired);
  f.paired_high = std::min(1.0, f.difference + t * se_paired);
  f.independent_low = std::max(-1.0, f.difference - t * se_independent);
  f.independent_high = std::min(1.0, f.difference + t * se_independent);
  return f;
}

// Event e's mean occurrences in both arms (PairedMean).
PairedMean PairOccurrences(const std::vector<PairCounts>& tallies, size_t e, uint64_t trials) {
  PairedMean m;
  const int draws = static_cast<int>(tallies.size());
  const double n = static_cast<double>(trials);
  if (draws == 1) {
    const PairCounts& c = tallies[0];
    m.mean_a = static_cast<double>(c.a_onsets[e]) / n;
    m.mean_b = static_cast<double>(c.b_onsets[e]) / n;
    const int64_t sum = static_cast<int64_t>(c.b_onsets[e]) - static_cast<int64_t>(c.a_onsets[e]);
    m.difference = static_cast<double>(sum) / n;
    // The sample variance of the per-trial differences, from their sum and sum of squares.
    const double ss = static_cast<double>(c.onsets_squares[e]) -
                      static_cast<double>(sum) * static_cast<double>(sum) / n;
    const double se = trials > 1 ? std::sqrt(std::max(0.0, ss) / (n - 1) / n) : 0;
    constexpr double kZ = 1.959963984540054;
    m.paired_low = m.difference - kZ * se;
    m.paired_high = m.difference + kZ * se;
    return m;
  }
  const double t = PortableStudentsTQuantile(draws - 1, 0.975);
  std::vector<double> diff(draws);
  Extended sum_a = 0, sum_b = 0, sum_d = 0;
  for (int d = 0; d < draws; ++d) {
    const double a = static_cast<double>(tallies[d].a_onsets[e]) / n;
    const double b = static_cast<double>(tallies[d].b_onsets[e]) / n;
    sum_a += a;
    sum_b += b;
    diff[d] = static_cast<double>(Extended(b) - a);
    sum_d += Extended(b) - a;
  }
  const Extended mean_d = sum_d / draws;
  Extended ss = 0;
  for (int d = 0; d < draws; ++d) ss += (diff[d] - mean_d) * (diff[d] - mean_d);
  const double se = std::sqrt(static_cast<double>(ss / (draws - 1) / draws));
  m.mean_a = static_cast<double>(sum_a / draws);
  m.mean_b = static_cast<double>(sum_b / draws);
  m.difference = static_cast<double>(mean_d);
  m.paired_low = m.difference - t * se;
  m.paired_high = m.difference + t * se;
  return m;
}

}  // namespace

std::vector<PairedFigure> PairedFigures(const Model& model, const std::vector<PairCounts>& tallies,
                                        uint64_t trials) {
  const size_t rows = model.events.size() + static_cast<size_t>(model.num_levels());
  const int draws = static_cast<int>(tallies.size());
  std::vector<Figure> labels(rows);
  LabelFigures(model, &labels);
  const bool two_way = !tallies.empty() && !tallies[0].a_active.empty();
  std::vector<PairedFigure> figures;
  for (size_t row = 0; row < rows; ++row) {
    PairedFigure f;
    static_cast<PairedValue&>(f) =
        PairValue(draws, trials, [&](int d, uint64_t* a, uint64_t* b, uint64_t* both) {
          *a = tallies[d].a[row];
          *b = tallies[d].b[row];
          *both = tallies[d].both[row];
        });
    f.kind = labels[row].kind;
    f.id = labels[row].id;
    f.label = labels[row].label;
    if (two_way) {
      f.two_way = true;
      f.now = PairValue(draws, trials, [&](int d, uint64_t* a, uint64_t* b, uint64_t* both) {
        *a = tallies[d].a_active[row];
        *b = tallies[d].b_active[row];
        *both = tallies[d].both_active[row];
      });
      if (row < model.events.size()) f.occurrences = PairOccurrences(tallies, row, trials);
    }
    figures.push_back(f);
  }
  return figures;
}

}  // namespace brink
