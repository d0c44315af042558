// Uncertain parameters: distributions, sampling designs, correlations and draws.
#include <catch2/catch.hpp>

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <cmath>

#include "brink/report.h"
#include "brink/run.h"
#include "brink/sampling.h"
#include "model/value.h"
#include "test_util.h"

namespace brink {
namespace {

Distribution Parsed(const std::string& text) {
  Distribution d;
  REQUIRE(ParseValue(text, &d).message.empty());
  return d;
}

// Independent closed forms of each distribution's mean and variance.
struct Moments {
  double mean, variance;
};
Moments ClosedForm(const std::string& text) {
  if (text == "beta(2, 8)") return {0.2, 2.0 * 8 / (100 * 11)};
  if (text == "uniform(0.1, 0.3)") return {0.2, 0.04 / 12};
  if (text == "triangular(0.1, 0.2, 0.5)") {
    const double a = 0.1, c = 0.2, b = 0.5;
    return {(a + b + c) / 3, (a * a + b * b + c * c - a * b - a * c - b * c) / 18};
  }
  if (text == "pert(0.1, 0.2, 0.5)") {
    const double mean = (0.1 + 4 * 0.2 + 0.5) / 6;
    return {mean, (mean - 0.1) * (0.5 - mean) / 7};
  }
  FAIL("no closed form for " << text);
  return {0, 0};
}

TEST_CASE("Sampled distributions match their closed forms", "[uncertainty]") {
  const int n = 20000;
  std::vector<std::vector<double>> u = DesignUniforms(n, 1, Sampling::kRandom, 77);
  for (const std::string text : {"beta(2, 8)", "uniform(0.1, 0.3)", "triangular(0.1, 0.2, 0.5)",
                                 "pert(0.1, 0.2, 0.5)", "10% to 30%"}) {
    CAPTURE(text);
    Distribution d = Parsed(text);
    std::vector<double> x(n);
    for (int i = 0; i < n; ++i) x[i] = d.Quantile(u[i][0]);
    double mean = 0, var = 0;
    for (double v : x) mean += v / n;
    for (double v : x) var += (v - mean) * (v - mean) / (n - 1);
    if (text != "10% to 30%") {
      Moments m = ClosedForm(text);
      CHECK(d.Mean() == Approx(m.mean).epsilon(1e-9));
      CHECK(d.Variance() == Approx(m.variance).epsilon(1e-9));
    }
    CHECK(std::fabs(mean - d.Mean()) < 5 * std::sqrt(d.Variance() / n));
    // Sample variance: sd of s^2 is about var * sqrt(2 / n) for these light tails.
    CHECK(std::fabs(var - d.Variance()) < 5 * d.Variance() * std::sqrt(3.0 / n));
    for (double q : {0.05, 0.5, 0.95}) {
      double at = d.Quantile(q);
      double below = static_cast<double>(std::count_if(x.begin(), x.end(),
                                                       [&](double v) { return v < at; })) / n;
      CAPTURE(q);
      CHECK(std::fabs(below - q) < 5 * std::sqrt(q * (1 - q) / n));
    }
  }
  // The quantile functions themselves, at closed-form points.
  CHECK(Parsed("10% to 30%").Quantile(0.05) == Approx(0.1).epsilon(1e-12));
  CHECK(Parsed("10% to 30%").Quantile(0.95) == Approx(0.3).epsilon(1e-12));
  CHECK(Parsed("uniform(0.1, 0.3)").Quantile(0.25) == Approx(0.15));
  CHECK(Parsed("beta(2, 8)").Quantile(0.3) ==
        Approx(boost::math::ibeta_inv(2.0, 8.0, 0.3)).epsilon(1e-12));
  CHECK(Parsed("triangular(0.1, 0.2, 0.5)").Quantile(0.25) == Approx(0.2));  // F(mode) = 1/4
}

TEST_CASE("Beta and PERT quantiles exist, stay in range and increase on a dense grid",
          "[uncertainty][slow]") {
  // Shapes from 0.01 to the largest the loader accepts, at every u a run uses for few draws:
  // the Latin hypercube stratum midpoints (i + 1/2)/D, among them 1/2 (the median of point
  // values and single draws). Boost 1.74 alone fails at beta(5, 5) and 1/2.
  std::vector<double> shapes;
  for (double s = 0.01; s < kMaxBetaShape; s *= 2.5) shapes.push_back(s);
  for (int k = 1; k <= 12; ++k) shapes.push_back(k);
  shapes.push_back(kMaxBetaShape);
  std::vector<double> us;
  for (int draws : {1, 2, 3, 4, 5, 7, 10, 20, 64})
    for (int i = 0; i < draws; ++i) us.push_back((i + 0.5) / draws);
  std::sort(us.begin(), us.end());
  us.erase(std::unique(us.begin(), us.end()), us.end());
  int checked = 0, failed = 0;
  std::string first_failure;
  auto check = [&](const Distribution& d, double lo, double hi, const std::string& what) {
    double previous = lo;
    for (double u : us) {
      double q = -1;
      try {
        q = d.Quantile(u);
      } catch (const std::exception& e) {
        q = -1;
      }
      ++checked;
      if (!(q >= previous && q <= hi)) {
        if (failed++ == 0) first_failure = what + " at u = " + std::to_string(u);
        continue;
      }
      previous = q;
    }
  };
  for (double a : shapes)
    for (double b : shapes)
      check({Distribution::Kind::kBeta, a, b, 0}, 0, 1,
            "beta(" + std::to_string(a) + ", " + std::to_string(b) + ")");
  for (int mode = 0; mode <= 20; ++mode)
    check({Distribution::Kind::kPert, 0.1, 0.1 + 0.02 * mode, 0.5}, 0.1, 0.5,
          "pert mode " + std::to_string(mode));
  INFO(failed << " of " << checked << " quantiles failed; first: " << first_failure);
  CHECK(failed == 0);
  CHECK(checked > 100000);
  CHECK(Parsed("beta(5, 5)").Median() == 0.5);
  // Beyond Boost's failure, the fallback agrees with the inverse itself elsewhere.
  CHECK(Parsed("beta(5, 5)").Quantile(0.3) ==
        Approx(boost::math::ibeta_inv(5.0, 5.0, 0.3)).epsilon(1e-12));
}

TEST_CASE("A symmetric beta runs with every sampling design", "[uncertainty]") {
  // Was: "newton_raphson_iterate: no root" from run, exact and sensitivity.
  Model m = test::Parse("scenario: b\nhorizon: 3\nevents:\n  x:\n    hazard: beta(5, 5)\n");
  for (Sampling sampling : {Sampling::kLatinHypercube, Sampling::kRandom, Sampling::kSobol})
    for (int draws : {1, 3, 7}) {
      RunRequest request;
      request.seed = 1;
      request.trials = 512;
      request.draws = draws;
      request.sampling = sampling;
      CAPTURE(draws);
      RunOutcome outcome = RunModel(m, SettleParameters(m, {}), request);
      CHECK(outcome.draws == draws);
    }
}

TEST_CASE("Latin hypercube puts exactly one draw in each stratum", "[uncertainty]") {
  for (int draws : {1, 7, 200}) {
    std::vector<std::vector<double>> u = DesignUniforms(draws, 3, Sampling::kLatinHypercube, 5);
    for (int i = 0; i < 3; ++i) {
      std::vector<int> strata;
      for (int d = 0; d < draws; ++d) {
        REQUIRE(u[d][i] > 0);
        REQUIRE(u[d][i] < 1);
        strata.push_back(static_cast<int>(u[d][i] * draws));
      }
      std::sort(strata.begin(), strata.end());
      for (int d = 0; d < draws; ++d) CHECK(strata[d] == d);
    }
  }
}

TEST_CASE("Random and Sobol designs are uniform on (0, 1) and reproducible", "[uncertainty]") {
  for (Sampling s : {Sampling::kRandom, Sampling::kSobol}) {
    std::vector<std::vector<double>> u = DesignUniforms(4096, 2, s, 9);
    CHECK(u == DesignUniforms(4096, 2, s, 9));
    for (int i = 0; i < 2; ++i) {
      double mean = 0;
      int below_quarter = 0;
      for (const auto& row : u) {
        REQUIRE(row[i] > 0);
        REQUIRE(row[i] < 1);
        mean += row[i] / 4096;
        below_quarter += row[i] < 0.25;
      }
      CHECK(std::fabs(mean - 0.5) < 5 * std::sqrt(1.0 / 12 / 4096));
      CHECK(std::abs(below_quarter - 1024) < 5 * std::sqrt(4096 * 0.25 * 0.75));
    }
  }
  CHECK(DesignUniforms(10, 1, Sampling::kRandom, 1) != DesignUniforms(10, 1, Sampling::kRandom, 2));
}

TEST_CASE("Iman-Conover reaches the target rank correlations", "[uncertainty]") {
  Model m = test::Parse(R"(
scenario: correlated
horizon: 1
parameters:
  a: beta(2, 8)
  b: uniform(0.1, 0.3)
  c: 10% to 30%
  d: pert(0.1, 0.2, 0.5)
correlations:
  - [a, b, 0.7]
  - [a, c, -0.4]
  - [b, d, 0.3]
events:
  w: {p: a}
  x: {p: b}
  y: {p: c}
  z: {p: d}
)");
  ParameterSetting setting = SettleParameters(m, {});
  REQUIRE(setting.sampled.size() == 4);
  for (Sampling s : {Sampling::kLatinHypercube, Sampling::kRandom, Sampling::kSobol}) {
    std::vector<std::vector<double>> values =
        DrawParameterValues(m, setting.base, setting.sampled, 1000, s, 3);
    auto column = [&](int p) {
      std::vector<double> x;
      for (const auto& row : values) x.push_back(row[p]);
      return x;
    };
    const int a = m.FindParameter("a"), b = m.FindParameter("b"), c = m.FindParameter("c"),
              d = m.FindParameter("d");
    CAPTURE(SamplingName(s));
    CHECK(std::fabs(SpearmanCorrelation(column(a), column(b)) - 0.7) <= 0.05);
    CHECK(std::fabs(SpearmanCorrelation(column(a), column(c)) + 0.4) <= 0.05);
    CHECK(std::fabs(SpearmanCorrelation(column(b), column(d)) - 0.3) <= 0.05);
    CHECK(std::fabs(SpearmanCorrelation(column(c), column(d))) <= 0.1);
    if (s == Sampling::kLatinHypercube) {
      // Rearranging keeps each parameter's values: still one per stratum.
      std::vector<int> strata;
      for (double x : column(b)) strata.push_back(static_cast<int>((x - 0.1) / 0.2 * 1000));
      std::sort(strata.begin(), strata.end());
      for (int k = 0; k < 1000; ++k) CHECK(strata[k] == k);
    }
  }
}

TEST_CASE("An event with p: beta(2, 8) has headline 0.2 and Beta quantile bands", "[uncertainty]") {
  Model m = test::Parse("scenario: beta\nhorizon: 1\nevents:\n  x:\n    p: beta(2, 8)\n");
  ParameterSetting setting = SettleParameters(m, {});
  RunRequest request;
  request.seed = 11;
  request.trials = 100000;
  request.threads = 2;
  RunOutcome outcome = RunModel(m, setting, request);
  REQUIRE(outcome.draws == 200);
  const Figure& x = outcome.results.figures[0];
  INFO("headline " << x.probability << " [" << x.ci_low << ", " << x.ci_high << "]");
  CHECK(x.ci_low <= 0.2);
  CHECK(0.2 <= x.ci_high);
  boost::math::beta_distribution<> beta(2, 8);
  // With 10^5 trials per draw the trial noise (sd ~ 0.0013) is small against the spread.
  CHECK(x.p05 == Approx(boost::math::quantile(beta, 0.05)).margin(0.01));
  CHECK(x.p50 == Approx(boost::math::quantile(beta, 0.5)).margin(0.01));
  CHECK(x.p95 == Approx(boost::math::quantile(beta, 0.95)).margin(0.015));
}

TEST_CASE("--set pins an uncertain parameter to a point value", "[uncertainty]") {
  Model m = test::Parse(R"(
scenario: pin
horizon: 1
parameters:
  q: beta(2, 8)
events:
  x: {p: q}
  y:
    p: uniform(0.1, 0.3)
)");
  ParameterSetting all = SettleParameters(m, {});
  CHECK(all.sampled.size() == 2);
  ParameterSetting pinned = SettleParameters(m, {{"q", 0.5}});
  REQUIRE(pinned.sampled.size() == 1);
  CHECK(m.parameters[pinned.sampled[0]].name == "y.p");
  CHECK(pinned.base[m.FindParameter("q")] == 0.5);
  CHECK_THROWS_AS(SettleParameters(m, {{"qq", 0.5}}), UsageError);
}

TEST_CASE("Pinning one parameter leaves every other parameter's draws unchanged",
          "[uncertainty]") {
  Model m = test::Parse(R"(
scenario: pins
horizon: 1
parameters:
  x: beta(2, 8)
  y: uniform(0.1, 0.3)
  z: 10% to 30%
  w: pert(0.1, 0.2, 0.5)
correlations:
  - [z, w, 0.6]
events:
  a: {p: x}
  b: {p: y}
  c: {p: z}
  d: {p: w}
)");
  for (Sampling s : {Sampling::kLatinHypercube, Sampling::kRandom, Sampling::kSobol}) {
    CAPTURE(SamplingName(s));
    ParameterSetting all = SettleParameters(m, {});
    ParameterSetting pinned = SettleParameters(m, {{"x", 0.5}});
    auto free_values = DrawParameterValues(m, all.base, all.sampled, 50, s, 4);
    auto pinned_values = DrawParameterValues(m, pinned.base, pinned.sampled, 50, s, 4);
    for (int d = 0; d < 50; ++d) {
      CHECK(pinned_values[d][m.FindParameter("x")] == 0.5);
      for (const char* other : {"y", "z", "w"})
        CHECK(pinned_values[d][m.FindParameter(other)] == free_values[d][m.FindParameter(other)]);
    }
  }
}

TEST_CASE("Runs with draws are byte-identical for 1 and 2 threads and both engines",
          "[uncertainty]") {
  Model m = LoadModel(BRINK_SOURCE_DIR "/examples/one-way/russia_dprk_treaty.yaml");
  ParameterSetting setting = SettleParameters(m, {});
  RunRequest request;
  request.seed = 5;
  request.trials = 3000;
  request.draws = 12;
  request.threads = 1;
  RunOutcome one = RunModel(m, setting, request);
  request.threads = 2;
  RunOutcome two = RunModel(m, setting, request);
  request.engine = Engine::kReference;
  RunOutcome reference = RunModel(m, setting, request);
  for (const RunOutcome* o : {&two, &reference}) {
    CHECK(SummaryCsv(o->results) == SummaryCsv(one.results));
    CHECK(TimelineCsv(o->results) == TimelineCsv(one.results));
    CHECK(DrawsCsv(o->results, o->sampled_names, o->sampled_values) ==
          DrawsCsv(one.results, one.sampled_names, one.sampled_values));
    CHECK(DistributionCsv(o->results) == DistributionCsv(one.results));
  }
}

}  // namespace
}  // namespace brink

namespace brink {
namespace {

TEST_CASE("The timeline's last step is the summary's figure, with its interval and band",
          "[uncertainty]") {
  const Model model = LoadModel(BRINK_SOURCE_DIR "/examples/one-way/russia_dprk_treaty.yaml");
  for (int draws : {1, 40}) {
    CAPTURE(draws);
    RunRequest request;
    request.seed = 3;
    request.trials = 2000;
    request.threads = 2;
    request.draws = draws;
    const RunOutcome outcome = RunModel(model, SettleParameters(model, {}), request);
    for (const Figure& f : outcome.results.figures) {
      CAPTURE(f.id);
      REQUIRE(f.band_by_step.size() == static_cast<size_t>(model.horizon));
      const StepBand& last = f.band_by_step.back();
      CHECK(f.by_step.back() == f.probability);
      CHECK(last.ci_low == f.ci_low);
      CHECK(last.ci_high == f.ci_high);
      CHECK(last.p05 == f.p05);
      CHECK(last.p50 == f.p50);
      CHECK(last.p95 == f.p95);
      for (size_t t = 0; t < f.by_step.size(); ++t) {
        const StepBand& b = f.band_by_step[t];
        CHECK(b.ci_low <= f.by_step[t]);
        CHECK(f.by_step[t] <= b.ci_high);
        CHECK(b.p05 <= b.p50);
        CHECK(b.p50 <= b.p95);
        if (draws == 1) CHECK(b.p50 == f.by_step[t]);
      }
    }
    const std::string timeline = TimelineCsv(outcome.results);
    CHECK(timeline.rfind("step,kind,id,probability,label,ci95_low,ci95_high,p05,p50,p95\n", 0) == 0);
  }
}

}  // namespace
}  // namespace brink
