#include "estimate/from_tally.h"
#include "brink/estimate.h"
#include "engine/tally.h"
#include "estimate/extended.h"
#include "estimate/now_figures.h"
#include "estimate/quantity_figures.h"
#include "model/portable_math.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>

namespace brink {
namespace {

constexpr double kZ95 = 1.959963984540054;  // standard normal 97.5% quantile

// A version-2 tally's column 0 counts the trials in which the row happened before step 1:
// they count from the start, but have no first step.
Figure RowFigure(const Tally& tally, int row) {
  Figure f;
  const double n = static_cast<double>(tally.counted());
  const uint64_t initial = tally.first(row, 0);
  uint64_t cumulative = initial;
  uint64_t step_sum = 0;
  for (int t = 1; t <= tally.horizon(); ++t) {
    cumulative += tally.first(row, t);
    step_sum += tally.first(row, t) * static_cast<uint64_t>(t);
    f.by_step.push_back(static_cast<double>(cumulative) / n);
    StepBand band;
    WilsonInterval(cumulative, tally.counted(), &band.ci_low, &band.ci_high);
    band.p05 = band.p50 = band.p95 = f.by_step.back();
    f.band_by_step.push_back(band);
  }
  f.probability = static_cast<double>(cumulative) / n;
  f.std_error = std::sqrt(f.probability * (1 - f.probability) / n);
  WilsonInterval(cumulative, tally.counted(), &f.ci_low, &f.ci_high);
  f.occurred = cumulative > initial;
  f.p05 = f.p50 = f.p95 = f.probability;
  if (f.occurred)
    f.mean_first_step = static_cast<double>(step_sum) / static_cast<double>(cumulative - initial);
  if (tally.two_way()) f.now = NowFromTally(tally, row);
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
  results.two_way = tally.two_way();
  for (int row = 0; row < tally.num_rows(); ++row) results.figures.push_back(RowFigure(tally, row));
  LabelFigures(model, &results.figures);
  for (size_t q = 0; q < tally.quantities().size(); ++q)
    results.quantities.push_back(
        QuantityFromCounts(model.quantities[q], tally.quantities()[q], tally.counted()));
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

double LogScore(double q, uint64_t trials) {
  if (trials > 0) {
    const double n = static_cast<double>(trials);
    q = (q * n + 0.5) / (n + 1);
  }
  return std::log(std::max(q, std::numeric_limits<double>::min()));
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

// True when the draws' values agree to 12 significant digits: the same figure in every draw,
// up to the rounding of the sums that computed it. (Two Monte Carlo figures that differ do so
// by at least one trial in 2^38, far more.)
bool NoSpread(const std::vector<double>& values) {
  if (values.empty()) return true;
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  return *high - *low <= 1e-12 * std::max(std::fabs(*low), std::fabs(*high));
}

// The running sums of DrawCombiner; see the header for what is combined how. Every sum is
// taken in draw order, as the draws are folded in.
struct DrawCombiner::State {
  int draws = 0;
  double effective = 0;          // 0: draws
  int next = 0;                  // the next draw to fold in
  std::map<int, Results> early;  // draws that arrived before `next`
  std::mutex mutex;
  Results out;                   // draw 0's labels (and, with one draw, all of it)
  std::vector<Extended> sum;  // by figure: sum of probabilities
  std::vector<double> weight, first;             // by figure: mean first step, pooled
  std::vector<std::vector<Extended>> steps;   // by figure and step: sum of by_step
  // Each draw's timeline, for the per-step quantiles, while it fits in the budget; else only
  // the sums of squares, for the per-step interval.
  bool keep_steps = true;
  uint64_t step_budget = 0;
  std::vector<std::vector<double>> step_values;  // by figure: [step * draws + draw]
  std::vector<std::vector<Extended>> step_squares;  // by figure and step: sum of by_step²
  std::vector<double> given;     // by draw: P(condition)
  std::vector<NowSums> now;      // by figure, a version-2 model's
  std::vector<QuantitySums> quantities;  // by quantity

  void Fold(Results r) {
    const int k = next++;
    if (k == 0) {
      out = std::move(r);
      const size_t figures = out.figures.size();
      if (draws == 1) return;
      const uint64_t simulated = out.simulated, counted = out.counted;
      out.draws = draws;
      out.simulated = out.counted = 0;
      out.per_draw.assign(draws, std::vector<double>(figures));
      sum.assign(figures, 0);
      weight.assign(figures, 0);
      first.assign(figures, 0);
      steps.resize(figures);
      uint64_t values = 0;
      for (const Figure& fig : out.figures) values += fig.by_step.size() * static_cast<uint64_t>(draws);
      keep_steps = values <= step_budget;
      if (keep_steps)
        step_values.resize(figures);
      else
        step_squares.resize(figures);
      for (size_t f = 0; f < figures; ++f) {
        steps[f].assign(out.figures[f].by_step.size(), 0);
        if (keep_steps)
          step_values[f].assign(out.figures[f].by_step.size() * static_cast<size_t>(draws), 0);
        else
          step_squares[f].assign(out.figures[f].by_step.size(), 0);
      }
      given.assign(draws, 0);
      if (out.two_way) now.resize(figures);
      for (const QuantityFigure& q : out.quantities) quantities.emplace_back(draws, q);
      FoldFigures(k, simulated, counted, out.given, out.figures);
      for (size_t q = 0; q < quantities.size(); ++q) quantities[q].Fold(k, out.quantities[q]);
      for (Figure& fig : out.figures) {
        std::vector<double>().swap(fig.by_step);
        std::vector<StepBand>().swap(fig.band_by_step);
        fig.now = NowFigure();
      }
      return;
    }
    FoldFigures(k, r.simulated, r.counted, r.given, r.figures);
    for (size_t q = 0; q < quantities.size(); ++q) quantities[q].Fold(k, r.quantities[q]);
  }

  void FoldFigures(int k, uint64_t simulated, uint64_t counted, const GivenFigure& g,
                   const std::vector<Figure>& figures) {
    out.simulated += simulated;
    out.counted += counted;
    given[k] = g.probability;
    for (size_t f = 0; f < figures.size(); ++f) {
      const Figure& one = figures[f];
      out.per_draw[k][f] = one.probability;
      sum[f] += one.probability;
      // Weighted by how often it has a first step (not trials where it happened before 1).
      const double w = (one.probability - one.now.initial) *
                       static_cast<double>(std::max<uint64_t>(counted, 1));
      if (one.occurred) {
        weight[f] += w;
        first[f] += w * one.mean_first_step;
      }
      if (!now.empty()) now[f].Fold(one.now);
      for (size_t s = 0; s < one.by_step.size(); ++s) {
        steps[f][s] += one.by_step[s];
        if (keep_steps)
          step_values[f][s * static_cast<size_t>(draws) + static_cast<size_t>(k)] = one.by_step[s];
        else
          step_squares[f][s] += Extended(one.by_step[s]) * one.by_step[s];
      }
    }
  }
};

DrawCombiner::DrawCombiner(int draws, uint64_t step_values_budget)
    : state_(std::make_unique<State>()) {
  state_->draws = draws;
  state_->step_budget = step_values_budget;
}

DrawCombiner::~DrawCombiner() = default;

void DrawCombiner::SetEffectiveDraws(double effective) { state_->effective = effective; }

void DrawCombiner::Add(int d, Results results) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  State& s = *state_;
  if (d != s.next) {
    s.early.emplace(d, std::move(results));
    return;
  }
  s.Fold(std::move(results));
  for (auto it = s.early.begin(); it != s.early.end() && it->first == s.next;
       it = s.early.erase(it))
    s.Fold(std::move(it->second));
}

Results DrawCombiner::Finish() {
  State& s = *state_;
  Results out = std::move(s.out);
  const int d = s.draws;
  if (d == 1) return out;
  const double t = PortableStudentsTQuantile(d - 1, 0.975);
  // The divisor of sd² in a standard error: the draws, or as many as they count for.
  const Extended n = s.effective > 0 ? s.effective : d;
  std::vector<double> p(d);
  for (size_t f = 0; f < out.figures.size(); ++f) {
    Figure& fig = out.figures[f];
    // Sums with a 64-bit significand (extended.h), so means of exact fractions come out correctly rounded.
    const Extended sum = s.sum[f];
    Extended ss = 0;
    for (int k = 0; k < d; ++k) {
      p[k] = out.per_draw[k][f];
      ss += (Extended(p[k]) - sum / d) * (p[k] - sum / d);
    }
    // A figure that is the same in every draw has no spread: exactly 0, not the rounding
    // noise of the exact engine's sums (a standard error of 1e-17).
    if (NoSpread(p)) ss = 0;
    const double mean = static_cast<double>(sum / d);
    fig.probability = mean;
    fig.std_error = std::sqrt(static_cast<double>(ss / (d - 1) / n));
    fig.ci_low = std::max(0.0, mean - t * fig.std_error);
    fig.ci_high = std::min(1.0, mean + t * fig.std_error);
    fig.occurred = s.weight[f] > 0;
    fig.mean_first_step = s.weight[f] > 0 ? s.first[f] / s.weight[f] : 0;
    fig.by_step.resize(s.steps[f].size());
    fig.band_by_step.resize(s.steps[f].size());
    const size_t num_steps = s.steps[f].size();
    for (size_t k = 0; k < num_steps; ++k) {
      // The same summary over draws as the figure's, step by step.
      const Extended step_sum = s.steps[f][k];
      fig.by_step[k] = static_cast<double>(step_sum / d);
      StepBand& band = fig.band_by_step[k];
      Extended step_ss = 0;
      if (s.keep_steps) {
        std::vector<double> values(s.step_values[f].begin() + static_cast<long>(k) * d,
                                   s.step_values[f].begin() + static_cast<long>(k + 1) * d);
        for (double x : values)
          step_ss += (Extended(x) - step_sum / d) * (x - step_sum / d);
        if (NoSpread(values)) step_ss = 0;  // the same in every draw, as for the figure
        band.p05 = SampleQuantile(values, 0.05);
        band.p50 = SampleQuantile(values, 0.5);
        band.p95 = SampleQuantile(values, 0.95);
      } else {
        // Over the budget: the interval from the sums of squares; no quantiles.
        step_ss = std::max<Extended>(0, s.step_squares[f][k] - step_sum * step_sum / d);
        band.p05 = band.p50 = band.p95 = std::nan("");
      }
      const double se = std::sqrt(static_cast<double>(step_ss / (d - 1) / n));
      band.ci_low = std::max(0.0, fig.by_step[k] - t * se);
      band.ci_high = std::min(1.0, fig.by_step[k] + t * se);
    }
    if (s.keep_steps) std::vector<double>().swap(s.step_values[f]);
    fig.p05 = SampleQuantile(p, 0.05);
    fig.p50 = SampleQuantile(p, 0.5);
    fig.p95 = SampleQuantile(p, 0.95);
    if (num_steps > 0) {  // the last step is the figure itself, whichever way it was kept
      StepBand& last = fig.band_by_step.back();
      last = {fig.ci_low, fig.ci_high, fig.p05, fig.p50, fig.p95};
    }
    if (!s.now.empty()) fig.now = s.now[f].Finish(d, n, t);
  }
  for (size_t q = 0; q < s.quantities.size(); ++q) out.quantities[q] = s.quantities[q].Finish(n, t);
  if (!out.given.text.empty()) {  // P(condition): the same summary over draws
    Extended sum = 0, ss = 0;
    for (int k = 0; k < d; ++k) sum += s.given[k];
    for (int k = 0; k < d; ++k) {
      const Extended x = s.given[k] - sum / d;
      ss += x * x;
    }
    GivenFigure& g = out.given;
    g.probability = static_cast<double>(sum / d);
    if (NoSpread(s.given)) ss = 0;  // the same in every draw
    g.std_error = std::sqrt(static_cast<double>(ss / (d - 1) / n));
    g.ci_low = std::max(0.0, g.probability - t * g.std_error);
    g.ci_high = std::min(1.0, g.probability + t * g.std_error);
  }
  return out;
}

Results CombineDraws(std::vector<Results> draws) {
  DrawCombiner combiner(static_cast<int>(draws.size()));
  for (size_t d = 0; d < draws.size(); ++d) combiner.Add(static_cast<int>(d), std::move(draws[d]));
  return combiner.Finish();
}

}  // namespace brink
