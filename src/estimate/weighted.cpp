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
      first_(figures_),
      two_way_(plan.two_way) {
  if (!two_way_) return;
  for (auto* v : {&active_, &active2_, &steps_, &steps2_, &onsets_, &onsets2_})
    v->assign(at_.size(), 0.0);
}

void WeightedTally::Rescale(double log_scale) {
  const double f = std::exp(log_scale_ - log_scale);
  w_ *= f;
  w2_ *= f * f;
  for (double& x : at_) x *= f;
  for (double& x : at2_) x *= f * f;
  for (auto* v : {&active_, &steps_, &onsets_})
    for (double& x : *v) x *= f;
  for (auto* v : {&active2_, &steps2_, &onsets2_})
    for (double& x : *v) x *= f * f;
  log_scale_ = log_scale;
}

void WeightedTally::Add(const TiltedTrial& trial) {
  ++trials_;
  if (trial.log_weight == -std::numeric_limits<double>::infinity()) return;
  if (consistent_++ == 0 || trial.log_weight > log_scale_) Rescale(trial.log_weight);
  const double w = std::exp(trial.log_weight - log_scale_);
  w_ += w;
  w2_ += w * w;
  if (two_way_) {
    AddEpisodes(trial.path, w);
    return;
  }
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

// A version-2 trial: first occurrences (column 0: before step 1) as Tally::AddEpisodeTrial
// counts them, and the sums behind the NowFigure.
void WeightedTally::AddEpisodes(const EpisodePath& path, double w) {
  const int h = horizon_;
  auto add = [&](std::vector<double>* sums, std::vector<double>* squares, int f, int k) {
    const size_t i = static_cast<size_t>(f) * (h + 1) + k;
    (*sums)[i] += w;
    (*squares)[i] += w * w;
  };
  int initial_level = 0;
  for (int e = 0; e < events_; ++e) {
    if (path.initial[e]) {
      add(&at_, &at2_, e, 0);
      initial_level = std::max(initial_level, level_of_[e]);
    } else if (path.first[e] != 0) {
      add(&at_, &at2_, e, path.first[e]);
    }
    for (int t = 1; t <= h; ++t)
      if (path.Active(e, t)) add(&active_, &active2_, e, t);
    add(&steps_, &steps2_, e, path.steps_active[e]);
    add(&onsets_, &onsets2_, e, path.onsets[e]);
  }
  for (int k = 1; k <= figures_ - events_; ++k) {
    const int f = events_ + k - 1;
    int reached = k <= initial_level ? 0 : -1;
    int steps = 0;
    for (int t = 1; t <= h; ++t) {
      if (reached < 0 && path.level_reached[t - 1] >= k) reached = t;
      if (path.level_at[t - 1] >= k) {
        add(&active_, &active2_, f, t);
        ++steps;
      }
    }
    if (reached >= 0) add(&at_, &at2_, f, reached);
    add(&steps_, &steps2_, f, steps);
  }
}

// Figure f's NowFigure: each probability Σ w·1 / Σ w with the delta method's standard error,
// each mean Σ w·k / Σ w with √(Σ w²·(k − mean)²) / Σ w.
NowFigure WeightedTally::Now(int f) const {
  NowFigure now;
  const int h = horizon_;
  const size_t row = static_cast<size_t>(f) * (h + 1);
  // p = a / W from a = Σ w·1 and a2 = Σ w²·1, with its standard error.
  auto ratio = [&](double a, double a2, double* se) {
    const double p = a >= w_ * (1 - 1e-12) ? 1.0 : a / w_;
    const double v = a2 * (1 - p) * (1 - p) + (w2_ - a2) * p * p;
    if (se != nullptr) *se = std::sqrt(std::max(0.0, v)) / w_;
    return p;
  };
  for (int t = 1; t <= h; ++t) now.by_step.push_back(ratio(active_[row + t], active2_[row + t], nullptr));
  now.probability = ratio(active_[row + h], active2_[row + h], &now.std_error);
  const StepBand band = WaldBand(now.probability, now.std_error);
  now.ci_low = band.ci_low;
  now.ci_high = band.ci_high;
  now.initial = ratio(at_[row], at2_[row], nullptr);
  auto mean = [&](const std::vector<double>& sums, const std::vector<double>& squares,
                  double* m, double* se) {
    double s = 0;
    for (int k = 0; k <= h; ++k) s += k * sums[row + k];
    *m = s / w_;
    double v = 0;
    for (int k = 0; k <= h; ++k) v += squares[row + k] * (k - *m) * (k - *m);
    *se = std::sqrt(std::max(0.0, v)) / w_;
  };
  mean(steps_, steps2_, &now.mean_steps_active, &now.steps_active_std_error);
  if (f >= events_) return now;
  mean(onsets_, onsets2_, &now.mean_occurrences, &now.occurrences_std_error);
  int largest = 0;
  for (int k = 0; k <= h; ++k)
    if (onsets_[row + k] > 0) largest = k;
  for (int k = 0; k <= largest; ++k) {
    double se = 0;
    now.occurrences.push_back(ratio(onsets_[row + k], onsets2_[row + k], &se));
    now.occurrences_std_errors.push_back(se);
  }
  return now;
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
    double sum = 0, sum2 = 0, steps = 0, later = 0;  // later: Σ w at steps 1..horizon
    if (two_way_) {  // before step 1
      sum = at_[static_cast<size_t>(f) * (horizon_ + 1)];
      sum2 = at2_[static_cast<size_t>(f) * (horizon_ + 1)];
    }
    for (int t = 1; t <= horizon_; ++t) {
      const size_t i = static_cast<size_t>(f) * (horizon_ + 1) + t;
      sum += at_[i];
      sum2 += at2_[i];
      steps += t * at_[i];
      later += at_[i];
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
    // The mean first step among the trials where it happened at a step 1..horizon.
    fig.occurred = later > 0;
    fig.mean_first_step = later > 0 ? steps / later : 0;
    if (two_way_) fig.now = Now(f);
    fig.p05 = fig.p50 = fig.p95 = fig.probability;
  }
  r.two_way = two_way_;
  LabelFigures(model, &r.figures);
  return r;
}

}  // namespace brink
