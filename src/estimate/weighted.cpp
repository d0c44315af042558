// Figures from likelihood-weighted trials (weighted.h).
#include "estimate/weighted.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace brink {
namespace {
constexpr double kZ = 1.959963984540054;
}  // namespace

WeightedTally::WeightedTally(const Plan& plan)
    : figures_(plan.num_events + plan.num_levels),
      horizon_(plan.horizon),
      events_(plan.num_events),
      level_of_(plan.level_of),
      at_(static_cast<size_t>(figures_) * (horizon_ + 1), 0.0),
      at2_(at_.size(), 0.0),
      first_(figures_) {}

void WeightedTally::Rescale(double log_scale) {
  const double f = std::exp(log_scale_ - log_scale);
  w_ *= f;
  w2_ *= f * f;
  for (double& x : at_) x *= f;
  for (double& x : at2_) x *= f * f;
  log_scale_ = log_scale;
}

void WeightedTally::Add(const TiltedTrial& trial) {
  ++trials_;
  if (trial.log_weight == -std::numeric_limits<double>::infinity()) return;
  if (consistent_++ == 0 || trial.log_weight > log_scale_) Rescale(trial.log_weight);
  const double w = std::exp(trial.log_weight - log_scale_);
  w_ += w;
  w2_ += w * w;
  const int levels = figures_ - events_;
  std::fill(first_.begin() + events_, first_.end(), 0);
  for (int e = 0; e < events_; ++e) {
    const int t = trial.first[e];
    first_[e] = t;
    if (t == 0) continue;
    for (int k = 1; k <= std::min(level_of_[e], levels); ++k) {
      int& level_first = first_[events_ + k - 1];
      if (level_first == 0 || t < level_first) level_first = t;
    }
  }
  for (int f = 0; f < figures_; ++f) {
    if (first_[f] == 0) continue;
    const size_t i = static_cast<size_t>(f) * (horizon_ + 1) + first_[f];
    at_[i] += w;
    at2_[i] += w * w;
  }
}

double WeightedTally::LogMeanWeight() const {
  if (consistent_ == 0) return -std::numeric_limits<double>::infinity();
  return log_scale_ + std::log(w_ / static_cast<double>(trials_));
}

StepBand WaldBand(double p, double se) {
  StepBand band;
  band.ci_low = std::max(0.0, p - kZ * se);
  band.ci_high = std::min(1.0, p + kZ * se);
  band.p05 = band.p50 = band.p95 = p;
  return band;
}

double WeightedTally::LogMeanWeightError() const {
  if (consistent_ == 0) return std::numeric_limits<double>::infinity();
  const double n = static_cast<double>(trials_);
  if (trials_ < 2) return 0;
  const double mean = w_ / n;
  const double variance = std::max(0.0, (w2_ / n - mean * mean) * n / (n - 1));
  return std::sqrt(variance / n) / mean;
}

double WeightedTally::EffectiveTrials() const { return w2_ > 0 ? w_ * w_ / w2_ : 0; }

Results WeightedTally::Ratio(const Model& model) const {
  Results r;
  r.simulated = r.counted = trials_;
  r.figures.resize(figures_);
  for (int f = 0; f < figures_; ++f) {
    Figure& fig = r.figures[f];
    double sum = 0, sum2 = 0, steps = 0;
    for (int t = 1; t <= horizon_; ++t) {
      const size_t i = static_cast<size_t>(f) * (horizon_ + 1) + t;
      sum += at_[i];
      sum2 += at2_[i];
      steps += t * at_[i];
      // Every weighted trial had it: exactly 1, whatever the order of the sums.
      const double p = sum >= w_ * (1 - 1e-12) ? 1.0 : sum / w_;
      // Σ w²(1 − p)² over the trials where it happened + Σ w² p² over the others.
      const double v = sum2 * (1 - p) * (1 - p) + (w2_ - sum2) * p * p;
      const double se = std::sqrt(std::max(0.0, v)) / w_;
      fig.by_step.push_back(p);
      fig.band_by_step.push_back(WaldBand(p, se));
      if (t == horizon_) fig.std_error = se;
    }
    fig.probability = fig.by_step.empty() ? 0 : fig.by_step.back();
    fig.ci_low = fig.band_by_step.empty() ? 0 : fig.band_by_step.back().ci_low;
    fig.ci_high = fig.band_by_step.empty() ? 0 : fig.band_by_step.back().ci_high;
    fig.occurred = sum > 0;
    fig.mean_first_step = sum > 0 ? steps / sum : 0;
    fig.p05 = fig.p50 = fig.p95 = fig.probability;
  }
  LabelFigures(model, &r.figures);
  return r;
}

}  // namespace brink
