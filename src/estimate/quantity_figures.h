// A quantity's figures from a Monte Carlo tally's counts, and their combination over draws
// (brink/estimate.h QuantityFigure, ../shared/spec/quantities.md "What is estimated").
#ifndef BRINK_ESTIMATE_QUANTITY_FIGURES_H_
#define BRINK_ESTIMATE_QUANTITY_FIGURES_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "brink/estimate.h"
#include "brink/model.h"
#include "engine/quantity_counts.h"
#include "estimate/extended.h"

namespace brink {

// The figures of `quantity` from the counts of `counted` > 0 trials.
QuantityFigure QuantityFromCounts(const Quantity& quantity, const QuantityCounts& counts,
                                  uint64_t counted);

// The figures of a discrete distribution of totals: `support` is (total, probability) pairs
// with distinct totals in ascending order; the mean's standard error 0. What the exact engine
// gives, and the Monte Carlo engines with masses count / trials.
void DistributionFigures(const std::vector<std::pair<double, double>>& support,
                         QuantityFigure* figure);

// Type-1 quantile of a discrete distribution: the smallest total whose CDF is >= q.
double DistributionQuantile(const std::vector<std::pair<double, double>>& support, double q);

// The running sums of one quantity over draws, folded in draw order (DrawCombiner).
class QuantitySums {
 public:
  QuantitySums(int draws, const QuantityFigure& first);
  void Fold(int d, const QuantityFigure& figure);
  // `effective`: the draws the standard errors count (DrawCombiner::SetEffectiveDraws); t the
  // Student's t quantile for the interval.
  QuantityFigure Finish(Extended effective, double t);

 private:
  int draws_;
  QuantityFigure out_;  // labels, and the sums
  std::vector<double> means_;  // by draw
  Extended p05_ = 0, p50_ = 0, p90_ = 0, p95_ = 0, p99_ = 0, sd_ = 0, positive_ = 0;
  std::vector<Extended> step_sums_, step_squares_;
  std::vector<std::vector<double>> values_, exceedance_;  // by draw
};

}  // namespace brink

#endif  // BRINK_ESTIMATE_QUANTITY_FIGURES_H_
