// Quantities (../shared/spec/quantities.md): the language (amounts, the typing of parameters by
// use, located errors) and the Monte Carlo figures against closed forms: a one-off event that
// lasts d steps, a recurring two-state chain, a Poisson-like recurring trigger (a binomial
// count), and an uncertain amount over draws.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "brink/error.h"
#include "brink/load.h"
#include "brink/report.h"
#include "brink/run.h"
#include "engine/engine.h"
#include "estimate/from_tally.h"
#include "estimate/quantity_figures.h"
#include "plan/plan.h"
#include "brink/simd.h"
#include "model_generator.h"
#include "test_util.h"

namespace brink {
namespace {

using test::Parse;

// The first error of loading `yaml`, as "LINE:COL: message".
std::string FirstError(const std::string& yaml) {
  try {
    Parse(yaml);
  } catch (const ModelError& e) {
    const Diagnostic& d = e.diagnostics().front();
    return std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) + ": " + d.message;
  }
  return "";
}

const std::string kHead = "scenario: q\nhorizon: 10\n";

TEST_CASE("Quantities: the section, amounts and their parameters", "[quantities]") {
  const Model m = Parse(kHead +
                        "parameters:\n"
                        "  rate: 20%\n"
                        "  shells: 0.2 to 0.6\n"
                        "  barrels: 25000\n"
                        "events:\n"
                        "  surge:\n"
                        "    hazard: rate\n"
                        "    ends: {lasts: 3}\n"
                        "quantities:\n"
                        "  shipped:\n"
                        "    label: Shells shipped\n"
                        "    unit: million shells\n"
                        "    per_step: {surge: shells}\n"
                        "    per_occurrence: {surge: barrels}\n"
                        "  cost:\n"
                        "    per_occurrence: {surge: 'uniform(1, 3)'}\n");
  REQUIRE(m.quantities.size() == 2);
  CHECK(m.IsTwoWay());
  const Quantity& q = m.quantities[0];
  CHECK(q.label == "Shells shipped");
  CHECK(q.unit == "million shells");
  REQUIRE(q.per_step.size() == 1);
  REQUIRE(q.per_occurrence.size() == 1);
  const Parameter& shells = m.parameters[q.per_step[0].param];
  CHECK(shells.name == "shells");
  CHECK(shells.IsAmount());
  CHECK(shells.dist.kind == Distribution::Kind::kLogNormal);
  // A lognormal with 5th and 95th percentiles 0.2 and 0.6.
  CHECK(shells.dist.Quantile(0.05) == Approx(0.2).epsilon(1e-9));
  CHECK(shells.dist.Quantile(0.95) == Approx(0.6).epsilon(1e-9));
  CHECK(shells.dist.Median() == Approx(std::sqrt(0.2 * 0.6)).epsilon(1e-12));
  CHECK(m.parameters[q.per_occurrence[0].param].dist.a == 25000);
  CHECK_FALSE(m.parameters[m.FindParameter("rate")].IsAmount());
  CHECK(m.quantities[1].label == "cost");
  const Parameter& inline_amount = m.parameters[m.quantities[1].per_occurrence[0].param];
  CHECK(inline_amount.IsAmount());
  CHECK(inline_amount.dist.kind == Distribution::Kind::kUniform);
  CHECK(inline_amount.dist.b == 3);
  CHECK(m.warnings.empty());
}

TEST_CASE("Quantities: every mistake is located", "[quantities]") {
  const std::string events = "events:\n  surge:\n    hazard: 20%\n    ends: {lasts: 3}\n";
  // Both a probability and an amount: at the second use.
  CHECK(FirstError(kHead + "parameters:\n  x: 0.5\n" +
                   "events:\n  surge:\n    hazard: x\n"
                   "quantities:\n  q:\n    per_step: {surge: x}\n") ==
        "10:23: 'x' is used here as an amount but at line 7 as a probability; a parameter is one "
        "or the other");
  // An amount-only value used as a probability: at the value, saying which use decides.
  CHECK(FirstError(kHead + "parameters:\n  x: 25000\nevents:\n  surge:\n    hazard: x\n") ==
        "4:6: probability 25000 is outside [0, 1] ('x' is used as a probability at line 7)");
  // A percent is not an amount.
  CHECK(FirstError(kHead + events + "quantities:\n  q:\n    per_step: {surge: 5%}\n") ==
        "9:23: amount 5% has a percent sign: an amount is a number such as 25000 or 0.4, not a "
        "probability");
  CHECK(FirstError(kHead + "parameters:\n  a: 5%\n" + events +
                   "quantities:\n  q:\n    per_step: {surge: a}\n")
            .rfind("4:6: amount 5% has a percent sign", 0) == 0);
  CHECK(FirstError(kHead + events + "quantities:\n  q:\n    per_step: {surge: -2}\n") ==
        "9:23: amount -2 is negative: an amount is a number >= 0");
  CHECK(FirstError(kHead + events + "quantities:\n  q:\n    per_step: {surge: 'beta(2, 3)'}\n")
            .rfind("9:24: beta(a, b) is a probability's distribution", 0) == 0);
  CHECK(FirstError(kHead + events + "quantities:\n  q:\n    per_step: {surge: 3 to 1}\n") ==
        "9:23: an amount's 'LO to HI' needs 0 < LO < HI");
  CHECK(FirstError(kHead + events + "quantities:\n  q:\n    per_step: {surg: 1}\n") ==
        "9:16: unknown event 'surg' in a quantity (did you mean 'surge'?)");
  CHECK(FirstError(kHead + events + "quantities:\n  surge:\n    per_step: {surge: 1}\n") ==
        "8:3: 'surge' is already an event; events, parameters and quantities share one set of "
        "names");
  CHECK(FirstError(kHead + events + "quantities:\n  q:\n    label: Q\n") ==
        "8:3: quantity 'q' needs 'per_step' or 'per_occurrence': a map of event id to amount");
  CHECK(FirstError(kHead + events + "quantities:\n  q:\n    per_stp: {surge: 1}\n") ==
        "9:5: unknown quantity key 'per_stp' (did you mean 'per_step'?)");
  CHECK(FirstError(kHead + events + "quantities:\n  q:\n    per_step: {surge: shels}\n") ==
        "9:23: unknown parameter 'shels'");
  CHECK(FirstError(kHead + events + "quantities:\n  q:\n    per_step: {surge: 1 per year}\n")
            .rfind("9:25: an amount has no 'per UNIT'", 0) == 0);
  // A parameter used nowhere is typed by its form, with a warning.
  const Model m = Parse(kHead + "parameters:\n  spare: 25000\n  other: 5%\n" + events);
  REQUIRE(m.warnings.size() == 2);
  CHECK(m.warnings[0].message == "parameter 'spare' is not used (read as an amount)");
  CHECK(m.warnings[1].message == "parameter 'other' is not used (read as a probability)");
  CHECK(m.parameters[0].IsAmount());
  CHECK_FALSE(m.parameters[1].IsAmount());
}

// One draw of `model` at its point values on the reference engine.
Results Run(const Model& model, uint64_t trials, uint64_t seed = 7) {
  RunRequest request;
  request.seed = seed;
  request.trials = trials;
  request.threads = 2;
  request.draws = 1;
  request.engine = Engine::kReference;
  return RunModel(model, SettleParameters(model, {}), request).results;
}

// The exact distribution as (total, probability), ascending, equal totals merged.
std::vector<std::pair<double, double>> Merge(std::vector<std::pair<double, double>> support) {
  std::sort(support.begin(), support.end());
  std::vector<std::pair<double, double>> out;
  for (const auto& [x, p] : support) {
    if (!out.empty() && out.back().first == x)
      out.back().second += p;
    else
      out.push_back({x, p});
  }
  return out;
}

// The Monte Carlo figure against an exact distribution: mean within 5 SE, each quantile within
// one support value of the exact one, P(total > 0) within 5 binomial SE, and the exceedance
// curve non-increasing.
void CheckAgainst(const QuantityFigure& q, const std::vector<std::pair<double, double>>& exact,
                  uint64_t trials) {
  double mean = 0, second = 0, zero = 0;
  for (const auto& [x, p] : exact) {
    mean += x * p;
    second += x * x * p;
    if (x == 0) zero += p;
  }
  const double sd = std::sqrt(second - mean * mean);
  INFO("mean " << q.mean << " exact " << mean << " se " << q.std_error);
  CHECK(std::fabs(q.mean - mean) <= 5 * sd / std::sqrt(static_cast<double>(trials)));
  CHECK(q.sd == Approx(sd).epsilon(0.05));
  test::CheckProbability(q.prob_positive, 1 - zero, trials, "P(total > 0)");
  auto rank = [&](double x) {
    for (size_t i = 0; i < exact.size(); ++i)
      if (std::fabs(exact[i].first - x) <= 1e-9 * std::max(1.0, x)) return static_cast<int>(i);
    FAIL("total " << x << " is not in the support");
    return -100;
  };
  for (const auto& [figure, level] : {std::pair{q.p05, 0.05}, {q.p50, 0.5}, {q.p90, 0.9},
                                      {q.p95, 0.95}, {q.p99, 0.99}}) {
    INFO("quantile " << level);
    CHECK(std::abs(rank(figure) - rank(DistributionQuantile(exact, level))) <= 1);
  }
  REQUIRE_FALSE(q.values.empty());
  CHECK(q.values.front() == 0);
  for (size_t i = 1; i < q.values.size(); ++i) {
    CHECK(q.values[i] > q.values[i - 1]);
    CHECK(q.exceedance[i] <= q.exceedance[i - 1]);
  }
}

TEST_CASE("Quantities: a one-off event lasting d steps carries a * min(d, H - s + 1)",
          "[quantities]") {
  const double h = 0.2, a = 2.5;
  const int horizon = 10, d = 3;
  const Model m = Parse("scenario: q\nhorizon: 10\nevents:\n  x:\n    hazard: 20%\n"
                        "    ends: {lasts: 3}\nquantities:\n  q:\n    per_step: {x: 2.5}\n");
  std::vector<std::pair<double, double>> exact = {{0, std::pow(1 - h, horizon)}};
  for (int s = 1; s <= horizon; ++s)
    exact.push_back({a * std::min(d, horizon - s + 1), std::pow(1 - h, s - 1) * h});
  exact = Merge(exact);
  const uint64_t trials = 200000;
  const Results r = Run(m, trials);
  REQUIRE(r.quantities.size() == 1);
  const QuantityFigure& q = r.quantities[0];
  CHECK_FALSE(q.binned);
  CheckAgainst(q, exact, trials);
  // The mean by step: a × E[steps active by t].
  for (int t = 1; t <= horizon; ++t) {
    double steps = 0;  // Σ over onsets s <= t of P(s) × min(d, t − s + 1)
    for (int s = 1; s <= t; ++s) steps += std::pow(1 - h, s - 1) * h * std::min(d, t - s + 1);
    const double se = (q.ci_high_by_step[t - 1] - q.mean_by_step[t - 1]) / 1.959963984540054;
    INFO("step " << t);
    CHECK(std::fabs(q.mean_by_step[t - 1] - a * steps) <= 5 * se + 1e-12);
  }
}

TEST_CASE("Quantities: a recurring two-state chain's mean total is a * sum x_t",
          "[quantities]") {
  // On with hazard p when inactive (recurs), off with hazard q from the step after an onset:
  // x_t = x_{t-1}(1 − q) + (1 − x_{t-1}(1 − q)) p, and an onset at t has chance
  // (1 − x_{t-1}(1 − q)) p.
  const double p = 0.3, q = 0.4, a = 1.5, b = 10;
  const Model m = Parse("scenario: q\nhorizon: 12\nevents:\n  x:\n    hazard: 30%\n"
                        "    recurs: true\n    ends: {hazard: 40%}\n"
                        "quantities:\n  q:\n    per_step: {x: 1.5}\n    per_occurrence: {x: 10}\n");
  double x = 0, mean = 0;
  for (int t = 1; t <= 12; ++t) {
    const double stays = x * (1 - q);
    mean += b * (1 - stays) * p;
    x = stays + (1 - stays) * p;
    mean += a * x;
  }
  const Results r = Run(m, 100000);
  const QuantityFigure& f = r.quantities[0];
  INFO("mean " << f.mean << " exact " << mean << " se " << f.std_error);
  CHECK(std::fabs(f.mean - mean) <= 5 * f.std_error);
  CHECK(f.std_error > 0);
  CHECK(f.std_error < 0.01 * mean);
}

TEST_CASE("Quantities: a Poisson-like recurring trigger's count is binomial", "[quantities]") {
  // lasts 1 and recurs: each step an independent onset with chance h, N ~ Binomial(H, h).
  const double h = 0.15, b = 4;
  const int horizon = 20;
  const Model m = Parse("scenario: q\nhorizon: 20\nevents:\n  x:\n    hazard: 15%\n"
                        "    recurs: true\n    ends: {lasts: 1}\n"
                        "quantities:\n  q:\n    per_occurrence: {x: 4}\n");
  std::vector<std::pair<double, double>> exact;
  for (int n = 0; n <= horizon; ++n) {
    double choose = 1;
    for (int k = 0; k < n; ++k) choose = choose * (horizon - k) / (k + 1);
    exact.push_back({b * n, choose * std::pow(h, n) * std::pow(1 - h, horizon - n)});
  }
  const uint64_t trials = 200000;
  CheckAgainst(Run(m, trials).quantities[0], exact, trials);
}

TEST_CASE("Quantities: the mean over draws of an uncertain amount is E[a] E[steps active]",
          "[quantities]") {
  const Model m = Parse("scenario: q\nhorizon: 10\nevents:\n  x:\n    hazard: 20%\n"
                        "    ends: {lasts: 3}\nquantities:\n  q:\n"
                        "    per_step: {x: 'uniform(1, 3)'}\n");
  double steps = 0;
  for (int s = 1; s <= 10; ++s) steps += std::pow(0.8, s - 1) * 0.2 * std::min(3, 10 - s + 1);
  RunRequest request;
  request.seed = 11;
  request.trials = 2000;
  request.threads = 2;
  request.draws = 200;
  request.engine = Engine::kReference;
  const Results r = RunModel(m, SettleParameters(m, {}), request).results;
  const QuantityFigure& q = r.quantities[0];
  INFO("mean " << q.mean << " exact " << 2 * steps << " se " << q.std_error);
  CHECK(std::fabs(q.mean - 2 * steps) <= 5 * q.std_error);
  CHECK(q.band_p05 < q.mean);
  CHECK(q.band_p95 > q.mean);
  // The band of the mean spans most of the amount's range: E[a] from 1.1 to 2.9 at 5%–95%.
  CHECK(q.band_p05 == Approx(1.1 * steps).epsilon(0.1));
  CHECK(q.band_p95 == Approx(2.9 * steps).epsilon(0.1));
}

TEST_CASE("Quantities: totals binned past the joint counts' limit stay within one bin",
          "[quantities]") {
  // Four terms over 24 steps: 25^4 joint counts, more than kQuantityCells, so binned.
  const Model m = Parse("scenario: q\nhorizon: 24\nevents:\n"
                        "  a: {hazard: 10%, recurs: true, ends: {hazard: 30%}}\n"
                        "  b: {hazard: 20%, recurs: true, ends: {lasts: 2}}\n"
                        "quantities:\n  q:\n    per_step: {a: 1.25, b: 3}\n"
                        "    per_occurrence: {a: 7, b: 0.5}\n");
  const Plan plan = Compile(m, PointValues(m));
  REQUIRE(plan.quantities.size() == 1);
  CHECK_FALSE(plan.quantities[0].exact);
  CHECK(plan.quantities[0].max_total == Approx((1.25 + 3 + 7 + 0.5) * 24));
  const Results r = Run(m, 20000);
  const QuantityFigure& q = r.quantities[0];
  CHECK(q.binned);
  CHECK(q.resolution == plan.quantities[0].bin_width);
  // The binned quantiles are lower bin edges within one bin of the quantiles of the totals.
  CHECK(q.p50 <= q.p95);
  CHECK(q.p95 <= q.p99);
  CHECK(std::fmod(q.p50 / q.resolution, 1.0) == Approx(0).margin(1e-6));
  // The same run twice, on 1 and 2 threads: the same bytes.
  RunRequest one;
  one.seed = 7;
  one.trials = 20000;
  one.threads = 1;
  one.draws = 1;
  one.engine = Engine::kReference;
  const Results alone = RunModel(m, SettleParameters(m, {}), one).results;
  CHECK(QuantitiesCsv(alone) == QuantitiesCsv(r));
  CHECK(ExceedanceCsv(alone) == ExceedanceCsv(r));
  CHECK(QuantityTimelineCsv(alone) == QuantityTimelineCsv(r));
}

// `yaml` with 1 to 3 quantities over its events e0..e{events − 1}, each of 1 to 4 terms.
std::string WithQuantities(const std::string& yaml, int events, uint64_t seed) {
  static const char* kAmounts[] = {"1", "2.5", "0.25", "7", "1e3", "0"};
  uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
  auto next = [&x](uint64_t n) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x % n;
  };
  std::string out = yaml + "\nquantities:\n";
  const int quantities = 1 + static_cast<int>(next(3));
  for (int q = 0; q < quantities; ++q) {
    out += "  q" + std::to_string(q) + ":\n";
    const int terms = 1 + static_cast<int>(next(4));
    std::vector<std::string> step, onset;
    for (int i = 0; i < terms; ++i) {
      const std::string term = "e" + std::to_string(next(static_cast<uint64_t>(events))) + ": " +
                               kAmounts[next(6)];
      (next(2) == 0 ? step : onset).push_back(term);
    }
    // An event at most once per map: keep the first term of each.
    for (auto* list : {&step, &onset}) {
      if (list->empty()) continue;
      out += list == &step ? "    per_step:\n" : "    per_occurrence:\n";
      std::vector<std::string> seen;
      for (const std::string& term : *list) {
        const std::string id = term.substr(0, term.find(':'));
        if (std::find(seen.begin(), seen.end(), id) != seen.end()) continue;
        seen.push_back(id);
        out += "      " + term + "\n";
      }
    }
  }
  return out;
}

TEST_CASE("Quantities: the fast engine's counts are the reference engine's, on every kernel",
          "[quantities]") {
  int exact = 0, binned = 0;
  for (uint64_t seed = 1; seed <= 100; ++seed) {
    CAPTURE(seed);
    const test::GeneratorLimits limits =
        seed % 2 == 0 ? test::GeneratorLimits{4, 5, 2, 3} : test::GeneratorLimits{10, 24, 6, 5};
    const std::string yaml = test::GenerateEpisodeModel(9700 + seed, limits);
    const int events = static_cast<int>(Parse(yaml).events.size());
    const Model m = Parse(WithQuantities(yaml, events, seed));
    REQUIRE_FALSE(m.quantities.empty());
    RunOptions options;
    options.seed = seed;
    options.trials = 700 + 13 * seed;  // ends mid-block and mid-group
    options.threads = 1 + static_cast<int>(seed % 2);
    const Plan plan = Compile(m, PointValues(m));
    for (const PlanQuantity& q : plan.quantities) (q.exact ? exact : binned) += 1;
    std::vector<uint64_t> expected;
    RunReference(plan, options).AppendCounts(&expected);
    for (SimdKernel kernel : AvailableKernels()) {
      CAPTURE(KernelName(kernel));
      options.simd = kernel;
      std::vector<uint64_t> fast;
      RunFast(plan, options).AppendCounts(&fast);
      REQUIRE(fast == expected);
    }
  }
  // Not vacuous: both ways of keeping the distribution.
  CHECK(exact > 20);
  CHECK(binned > 10);
}

}  // namespace
}  // namespace brink
