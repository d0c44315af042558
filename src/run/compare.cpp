#include "brink/compare.h"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

#include "brink/engine.h"
#include "brink/error.h"
#include "brink/plan.h"
#include "brink/report.h"
#include "brink/sampling.h"
#include "engine/parallel.h"

namespace brink {
namespace {

// The models' events and levels must match: the random numbers are keyed by event index.
void CheckSameEvents(const Model& a, const Model& b) {
  if (a.events.size() != b.events.size())
    throw UsageError("--b-model has " + std::to_string(b.events.size()) + " events, the model " +
                     std::to_string(a.events.size()) +
                     ": the two arms must have the same events, in the same order");
  for (size_t e = 0; e < a.events.size(); ++e)
    if (a.events[e].id != b.events[e].id)
      throw UsageError("--b-model's event " + std::to_string(e + 1) + " is '" + b.events[e].id +
                       "', the model's '" + a.events[e].id +
                       "': the two arms must have the same events, in the same order");
  if (a.num_levels() != b.num_levels())
    throw UsageError("--b-model has " + std::to_string(b.num_levels()) + " levels, the model " +
                     std::to_string(a.num_levels()) + ": the two arms must have the same ladder");
}

// Each name once among `sets`, and the arm's own pins once each.
void CheckOnce(const Settings& pins, const std::string& flag) {
  for (size_t i = 0; i < pins.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (pins[i].first == pins[j].first)
        throw UsageError(flag + " " + pins[i].first + " is given twice: give each parameter once");
}

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

CompareOutcome RunCompare(const CompareArms& arms, const RunRequest& request) {
  const Model& model_a = *arms.model_a;
  const Model& model_b = *arms.model_b;
  CheckSameEvents(model_a, model_b);
  if (request.given != nullptr) throw UsageError("compare does not take --given");
  if (request.precision > 0) throw UsageError("compare does not take --precision");
  CheckOnce(arms.sets, "--set");
  CheckOnce(arms.a, "--a");
  CheckOnce(arms.b, "--b");
  for (const auto& [name, value] : arms.a)
    for (const auto& [common, v] : arms.sets)
      if (name == common) throw UsageError("--a " + name + " is also given by --set");
  for (const auto& [name, value] : arms.b)
    for (const auto& [common, v] : arms.sets)
      if (name == common) throw UsageError("--b " + name + " is also given by --set");

  // The draws, shared by both arms: uncertain values pinned by neither --set nor both arms.
  ParameterSetting common_a = SettleParameters(model_a, arms.sets);
  ParameterSetting common_b = SettleParameters(model_b, arms.sets);
  auto pinned_by_both = [&](const std::string& name) {
    bool in_a = false, in_b = false;
    for (const auto& pin : arms.a) in_a = in_a || pin.first == name;
    for (const auto& pin : arms.b) in_b = in_b || pin.first == name;
    return in_a && in_b;
  };
  for (ParameterSetting* setting : {&common_a, &common_b}) {
    const Model& model = setting == &common_a ? model_a : model_b;
    std::vector<int> sampled;
    for (int p : setting->sampled)
      if (!pinned_by_both(model.parameters[p].name)) sampled.push_back(p);
    setting->sampled = sampled;
  }
  RunOutcome draws_a, draws_b;
  std::vector<std::vector<double>> values_a = PlanDraws(model_a, common_a, request, &draws_a);
  std::vector<std::vector<double>> values_b = PlanDraws(model_b, common_b, request, &draws_b);
  for (auto& values : values_a)
    for (const auto& [name, value] : arms.a) SetParameter(model_a, name, value, &values);
  for (auto& values : values_b)
    for (const auto& [name, value] : arms.b) SetParameter(model_b, name, value, &values);
  const int draws = draws_a.draws;
  CheckMemory(ResultBytes(model_a, draws, request.threads) +
                  ResultBytes(model_b, draws, request.threads),
              std::to_string(draws) + " draws × 2 arms", request);

  const size_t rows = model_a.events.size() + static_cast<size_t>(model_a.num_levels());
  // Per draw, only what the figures need: each row's counts by the horizon.
  struct Counts {
    std::vector<uint64_t> a, b, both;
  };
  std::vector<Counts> tallies(draws);
  // Many draws: whole draws side by side, one thread each. Few: each draw on every thread.
  const bool by_draw = draws >= 2 * request.threads;
  auto run_draw = [&](int d, int threads, bool report) {
    RunOptions options;
    options.seed = request.seed;
    options.draw = static_cast<uint32_t>(d);
    options.trials = request.trials;
    options.threads = threads;
    options.simd = request.simd;
    if (request.progress && report)
      options.progress = [&, d](double f) { request.progress((d + f) / draws); };
    const Plan plan_a = Compile(model_a, values_a[d]);
    const Plan plan_b = Compile(model_b, values_b[d]);
    PairedTally tally = request.engine == "reference" ? RunReferencePaired(plan_a, plan_b, options)
                                                      : RunFastPaired(plan_a, plan_b, options);
    Counts& counts = tallies[d];
    for (size_t row = 0; row < rows; ++row) {
      counts.a.push_back(CountBy(tally.a, static_cast<int>(row)));
      counts.b.push_back(CountBy(tally.b, static_cast<int>(row)));
    }
    counts.both = std::move(tally.both);
  };
  if (by_draw)
    ForEachIndex(draws, request.threads, [&](int d) { run_draw(d, 1, false); }, request.progress);
  else
    for (int d = 0; d < draws; ++d) run_draw(d, request.threads, true);

  CompareOutcome out;
  out.trials = request.trials;
  out.draws = draws;
  out.sampled_names = draws_a.sampled_names;
  std::vector<Figure> labels(rows);
  LabelFigures(model_a, &labels);
  const double n = static_cast<double>(request.trials);
  const double t = draws > 1 ? boost::math::quantile(boost::math::students_t(draws - 1), 0.975) : 0;
  for (size_t row = 0; row < rows; ++row) {
    PairedFigure f;
    f.kind = labels[row].kind;
    f.id = labels[row].id;
    f.label = labels[row].label;
    if (draws == 1) {
      const Counts& counts = tallies[0];
      const uint64_t count_a = counts.a[row];
      const uint64_t count_b = counts.b[row];
      f.both = counts.both[row];
      f.a_only = count_a - f.both;
      f.b_only = count_b - f.both;
      f.p_a = static_cast<double>(count_a) / n;
      f.p_b = static_cast<double>(count_b) / n;
      f.difference = static_cast<double>(static_cast<int64_t>(count_b) - static_cast<int64_t>(count_a)) / n;
      PairedDifferenceInterval(f.both, f.a_only, f.b_only, request.trials, &f.paired_low,
                               &f.paired_high);
      IndependentDifferenceInterval(count_a, count_b, request.trials, &f.independent_low,
                                    &f.independent_high);
    } else {
      // Means over draws, summed in long double and in draw order.
      std::vector<double> pa(draws), pb(draws);
      long double sum_a = 0, sum_b = 0, sum_d = 0;
      for (int d = 0; d < draws; ++d) {
        pa[d] = static_cast<double>(tallies[d].a[row]) / n;
        pb[d] = static_cast<double>(tallies[d].b[row]) / n;
        sum_a += pa[d];
        sum_b += pb[d];
        sum_d += static_cast<long double>(pb[d]) - pa[d];
      }
      const long double mean_a = sum_a / draws, mean_b = sum_b / draws, mean_d = sum_d / draws;
      long double ss_a = 0, ss_b = 0, ss_d = 0;
      for (int d = 0; d < draws; ++d) {
        ss_a += (pa[d] - mean_a) * (pa[d] - mean_a);
        ss_b += (pb[d] - mean_b) * (pb[d] - mean_b);
        const long double diff = static_cast<long double>(pb[d]) - pa[d] - mean_d;
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
    out.figures.push_back(f);
  }
  return out;
}

std::string CompareCsv(const CompareOutcome& outcome) {
  std::string out =
      "kind,id,label,p_a,p_b,difference,paired_low,paired_high,independent_low,independent_high\n";
  for (const PairedFigure& f : outcome.figures)
    out += std::string(f.kind == Figure::Kind::kEvent ? "event" : "level") + "," +
           CsvField(f.id) + "," + CsvField(f.label) + "," + FormatNumber(f.p_a) + "," +
           FormatNumber(f.p_b) + "," + FormatNumber(f.difference) + "," +
           FormatNumber(f.paired_low) + "," + FormatNumber(f.paired_high) + "," +
           FormatNumber(f.independent_low) + "," + FormatNumber(f.independent_high) + "\n";
  return out;
}

}  // namespace brink
