#include "estimate/now_figures.h"

#include <algorithm>
#include <cmath>

namespace brink {

NowFigure NowFromTally(const Tally& tally, int row) {
  NowFigure now;
  const uint64_t counted = tally.counted();
  const double n = static_cast<double>(counted);
  const int h = tally.horizon();
  for (int t = 1; t <= h; ++t) now.by_step.push_back(static_cast<double>(tally.active(row, t)) / n);
  const uint64_t at_horizon = h > 0 ? tally.active(row, h) : 0;
  now.probability = static_cast<double>(at_horizon) / n;
  now.std_error = std::sqrt(now.probability * (1 - now.probability) / n);
  WilsonInterval(at_horizon, counted, &now.ci_low, &now.ci_high);
  now.initial = static_cast<double>(tally.first(row, 0)) / n;
  // A mean of counts 0..horizon from its histogram: exact integer sums, then one division.
  auto mean_and_error = [&](auto count, double* mean, double* error) {
    uint64_t sum = 0;
    for (int k = 0; k <= h; ++k) sum += count(k) * static_cast<uint64_t>(k);
    *mean = static_cast<double>(sum) / n;
    double ss = 0;
    for (int k = 0; k <= h; ++k) {
      const double d = k - *mean;
      ss += static_cast<double>(count(k)) * d * d;
    }
    *error = counted > 1 ? std::sqrt(ss / (n - 1) / n) : 0;
  };
  mean_and_error([&](int k) { return tally.steps_active(row, k); }, &now.mean_steps_active,
                 &now.steps_active_std_error);
  if (row >= tally.num_events()) return now;
  mean_and_error([&](int k) { return tally.onsets(row, k); }, &now.mean_occurrences,
                 &now.occurrences_std_error);
  int largest = 0;
  for (int k = 0; k <= h; ++k)
    if (tally.onsets(row, k) != 0) largest = k;
  for (int k = 0; k <= largest; ++k) {
    const double p = static_cast<double>(tally.onsets(row, k)) / n;
    now.occurrences.push_back(p);
    now.occurrences_std_errors.push_back(std::sqrt(p * (1 - p) / n));
  }
  largest = 0;
  for (int k = 0; k <= h; ++k)
    if (tally.ends(row, k) != 0) largest = k;
  for (int k = 0; k <= largest; ++k) now.ends.push_back(static_cast<double>(tally.ends(row, k)) / n);
  return now;
}

NowFigure NowFromExact(const ExactSolution& solution, int row, double given) {
  NowFigure now;
  // Certain up to the rounding of sums taken in different orders: exactly 1.
  auto clean = [](double p) { return p > 1 - 1e-12 ? 1.0 : p; };
  double steps = 0;
  for (int t = 1; t <= solution.horizon(); ++t) {
    now.by_step.push_back(clean(solution.active(row, t) / given));
    steps += now.by_step.back();
  }
  now.probability = now.by_step.empty() ? 0 : now.by_step.back();
  now.ci_low = now.ci_high = now.probability;
  now.initial = clean(solution.first(row, 0) / given);
  now.mean_steps_active = steps;
  if (row >= solution.num_events()) return now;
  for (double p : solution.occurrences[row]) {
    now.occurrences.push_back(clean(p / given));
    now.occurrences_std_errors.push_back(0);
  }
  for (size_t k = 0; k < now.occurrences.size(); ++k)
    now.mean_occurrences += static_cast<double>(k) * now.occurrences[k];
  for (double p : solution.ends[row]) now.ends.push_back(clean(p / given));
  return now;
}

double NowSums::Moments::StdError(int n, const Extended& effective) const {
  const Extended ss = squares - sum * sum / n;
  // A number the same in every draw has no spread (its rounding noise is not one).
  if (!(ss > 1e-24 * squares)) return 0;
  return std::sqrt(static_cast<double>(ss / (n - 1) / effective));
}

void NowSums::Fold(const NowFigure& now) {
  probability_.Add(now.probability);
  initial_.Add(now.initial);
  steps_active_.Add(now.mean_steps_active);
  occurrences_mean_.Add(now.mean_occurrences);
  if (by_step_.size() < now.by_step.size()) by_step_.resize(now.by_step.size(), 0);
  for (size_t t = 0; t < now.by_step.size(); ++t) by_step_[t] += now.by_step[t];
  // A draw without count n adds its P(N = n) = 0: the vectors grow, zeros are implicit.
  if (occurrences_.size() < now.occurrences.size()) occurrences_.resize(now.occurrences.size());
  for (size_t k = 0; k < now.occurrences.size(); ++k) occurrences_[k].Add(now.occurrences[k]);
  if (ends_.size() < now.ends.size()) ends_.resize(now.ends.size(), 0);
  for (size_t k = 0; k < now.ends.size(); ++k) ends_[k] += now.ends[k];
}

NowFigure NowSums::Finish(int draws, const Extended& effective, double t) const {
  NowFigure now;
  for (const Extended& sum : by_step_) now.by_step.push_back(static_cast<double>(sum / draws));
  now.probability = probability_.Mean(draws);
  now.std_error = probability_.StdError(draws, effective);
  now.ci_low = std::max(0.0, now.probability - t * now.std_error);
  now.ci_high = std::min(1.0, now.probability + t * now.std_error);
  now.initial = initial_.Mean(draws);
  now.mean_steps_active = steps_active_.Mean(draws);
  now.steps_active_std_error = steps_active_.StdError(draws, effective);
  now.mean_occurrences = occurrences_mean_.Mean(draws);
  now.occurrences_std_error = occurrences_mean_.StdError(draws, effective);
  for (const Moments& m : occurrences_) {
    now.occurrences.push_back(m.Mean(draws));
    now.occurrences_std_errors.push_back(m.StdError(draws, effective));
  }
  for (const Extended& sum : ends_) now.ends.push_back(static_cast<double>(sum / draws));
  return now;
}

}  // namespace brink
