// Histories at their edges: a posterior far in the prior's tail against one-dimensional
// quadrature, likelihoods that would underflow a double, honest effective draws, and the
// history file's hostile inputs (sizes, tags, years, plurals, many errors). Fixed seeds;
// tolerances in posterior sd and standard errors.
#include <catch2/catch.hpp>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <boost/math/distributions/normal.hpp>
#include <cstdint>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "brink/distribution.h"
#include "brink/history.h"
#include "brink/history_run.h"
#include "brink/load.h"
#include "brink/run.h"
#include "engine/exact.h"
#include "plan/plan.h"
#include "study/smc.h"
#include "cli_util.h"
#include "test_util.h"

namespace brink {
namespace {

constexpr double kZ95 = 1.6448536269514722;

// `n` hazards sharing `rate: RANGE`, over `horizon` steps.
std::string SharedRate(int n, int horizon, const std::string& range) {
  std::string s = "scenario: shared\nhorizon: " + std::to_string(horizon) +
                  "\nstep: month\nparameters:\n  rate: " + range + "\nevents:\n";
  for (int i = 0; i < n; ++i) s += "  e" + std::to_string(i) + ":\n    hazard: rate\n";
  return s;
}

// Every one of the n events first at step t, observed through t.
std::string AllAt(int n, int t) {
  std::string s = "as_of: " + std::to_string(t) + "\nhappened:\n";
  for (int i = 0; i < n; ++i) s += "  e" + std::to_string(i) + ": " + std::to_string(t) + "\n";
  return s;
}

struct Quadrature {
  double mean, sd, log_evidence;
};

// The posterior of p under the logit-normal prior `LO to HI` (5th and 95th percentiles) with
// likelihood p^k (1 − p)^m, by the trapezoid rule on the normal score z in [−15, 40] (step
// 1e-4: far finer than the posterior's width in every case below).
Quadrature Integrate(double lo, double hi, double k, double m) {
  auto logit = [](double p) { return std::log(p / (1 - p)); };
  const double mu = (logit(lo) + logit(hi)) / 2, sigma = (logit(hi) - logit(lo)) / (2 * kZ95);
  const double step = 1e-4;
  std::vector<double> log_w, p;
  for (double z = -15; z <= 40; z += step) {
    const double x = mu + sigma * z;
    const double log_p = -std::log1p(std::exp(-x)), log_q = -std::log1p(std::exp(x));
    log_w.push_back(-0.5 * z * z - 0.5 * std::log(2 * M_PI) + k * log_p + m * log_q);
    p.push_back(std::exp(log_p));
  }
  const double top = *std::max_element(log_w.begin(), log_w.end());
  double z0 = 0, z1 = 0, z2 = 0;
  for (size_t i = 0; i < log_w.size(); ++i) {
    const double w = std::exp(log_w[i] - top) * (i == 0 || i + 1 == log_w.size() ? 0.5 : 1);
    z0 += w;
    z1 += w * p[i];
    z2 += w * p[i] * p[i];
  }
  const double mean = z1 / z0;
  return {mean, std::sqrt(z2 / z0 - mean * mean), top + std::log(z0 * step)};
}

RunOutcome Learn(const Model& model, const History& history, Engine engine, int draws,
                 uint64_t seed) {
  HistoryRequest request;
  request.seed = seed;
  request.trials = 2;  // every observed event is forced: the weights do not vary by trial
  request.before_trials = 2000;
  request.before_draws = 20;
  request.threads = 2;
  request.draws = draws;
  request.engine = engine;
  request.history = &history;
  return RunGivenHistory(model, SettleParameters(model, {}), request);
}

void CheckAgainstQuadrature(const RunOutcome& run, const Quadrature& q, const std::string& what) {
  const PosteriorParameter& p = run.history->parameters.at(0);
  INFO(what << ": mean " << p.posterior_mean << " vs " << q.mean << ", sd " << p.posterior_sd
            << " vs " << q.sd << ", ln Z " << run.history->log_evidence << " ± "
            << run.history->log_evidence_se << " vs " << q.log_evidence << ", effective draws "
            << run.history->effective_draws);
  CHECK(std::fabs(p.posterior_mean - q.mean) <= 0.1 * q.sd);
  CHECK(std::fabs(p.posterior_sd - q.sd) <= 0.1 * q.sd);
  CHECK(std::fabs(run.history->log_evidence - q.log_evidence) <=
        std::max(0.05, 3 * run.history->log_evidence_se));
  CHECK(run.history->effective_draws > 100);
}

bool Warns(const RunOutcome& run, const std::string& words) {
  for (const std::string& w : run.history->warnings)
    if (w.find(words) != std::string::npos) return true;
  return false;
}

TEST_CASE("A posterior in the prior's far tail matches quadrature", "[history_edges][slow]") {
  struct Case {
    int events, horizon, at;
    const char* range;
    bool far;    // whether the far-tail warning is expected
    bool exact;  // whether the exact engine can hold the model (2^events states before it)
  };
  // 12, 50 and 200 events all at step 1 under `0.01% to 0.1%` (the posteriors lie 8, 12 and
  // 15 prior sd out); 40 events first at 285 under `1% to 10%`: the truth, 1/285, is the
  // prior's 0.1th percentile.
  for (const Case c : {Case{12, 1, 1, "0.01% to 0.1%", true, true},
                       Case{50, 1, 1, "0.01% to 0.1%", true, false},
                       Case{200, 6, 1, "0.01% to 0.1%", true, false},
                       Case{40, 285, 285, "1% to 10%", false, false}}) {
    const Model model = LoadModelFromString(SharedRate(c.events, c.horizon, c.range), "m.yaml");
    const History history = LoadHistoryFromString(model, AllAt(c.events, c.at), "h.yaml");
    const double lo = c.range[1] == '.' ? 1e-4 : 0.01, hi = c.range[1] == '.' ? 1e-3 : 0.1;
    const Quadrature q = Integrate(lo, hi, c.events, c.events * (c.at - 1.0));
    for (Engine engine : {Engine::kExact, Engine::kFast}) {
      if (engine == Engine::kExact && !c.exact) continue;
      const std::string what = std::to_string(c.events) + " events, " +
                               (engine == Engine::kExact ? "exact" : "Monte Carlo");
      const RunOutcome run = Learn(model, history, engine, 1000, 20240619);
      CheckAgainstQuadrature(run, q, what);
      INFO(what);
      CHECK(Warns(run, "prior sd from the bulk of rate's prior") == c.far);
    }
  }
}

TEST_CASE("Values at a normal score: continuous past 5 sd, monotone, in range", "[history_edges]") {
  // Each form's tail path (past kTailDeviate) against its Φ path just inside it, and out to
  // 40 sd, where Φ(z) rounds to 1: never a value outside the support, never a step back.
  const std::vector<Distribution> forms = {
      {Distribution::Kind::kBeta, 2, 8, 0, 1},
      {Distribution::Kind::kUniform, 0.1, 0.3, 0, 1},
      {Distribution::Kind::kTriangular, 0.1, 0.2, 0.5, 1},
      {Distribution::Kind::kPert, 0.2, 0.5, 0.8, 1},
      {Distribution::Kind::kLogitNormal, 1e-4, 1e-3, 0, 1},
      {Distribution::Kind::kBeta, 2, 8, 0, 1.0 / 12}};
  for (const Distribution& d : forms) {
    INFO(d.Text() << " per_step " << d.per_step);
    for (double side : {-1.0, 1.0}) {
      const double inside = d.QuantileAtNormal(side * kTailDeviate);
      const double outside = d.QuantileAtNormal(side * std::nextafter(kTailDeviate, 10.0));
      CHECK(outside == Approx(inside).epsilon(1e-9));
      double last = inside;
      for (double z = kTailDeviate + 0.5; z <= 40; z += 0.5) {
        const double x = d.QuantileAtNormal(side * z);
        CHECK(x >= 0);
        CHECK(x <= 1);
        CHECK((side > 0 ? x >= last : x <= last));
        last = x;
      }
    }
  }
}

TEST_CASE("Values at a normal score: Quantile(Φ(z)) to 1e-13, the same bits on every CPU",
          "[history_edges][cross]") {
  // The fast paths (a logit-normal's logistic, whole-shape betas and PERTs by Newton's method
  // on a binomial sum, a uniform's a + (b − a)Φ) against the quantile of Φ(z) in Boost's double,
  // and the general path for shapes that are not whole, across the bulk.
  const std::vector<Distribution> forms = {
      {Distribution::Kind::kBeta, 2, 8, 0, 1},
      {Distribution::Kind::kBeta, 1, 1, 0, 1},
      {Distribution::Kind::kBeta, 40, 3, 0, 1},
      {Distribution::Kind::kBeta, 2.5, 8, 0, 1},
      {Distribution::Kind::kUniform, 0.1, 0.3, 0, 1},
      {Distribution::Kind::kTriangular, 0.1, 0.2, 0.5, 1},
      {Distribution::Kind::kPert, 0.2, 0.5, 0.8, 1},
      {Distribution::Kind::kPert, 0.01, 0.02, 0.05, 1},
      {Distribution::Kind::kPert, 0.01, 0.03, 0.05, 1},  // shapes 2.9999999999999996 and 3
      {Distribution::Kind::kLogitNormal, 1e-4, 1e-3, 0, 1},
      {Distribution::Kind::kBeta, 2, 8, 0, 1.0 / 12}};
  // Past z = 3 the upper tail is taken against the mirrored distribution's lower tail, as
  // 1 − Quantile'(Φ(−z)): Φ(z) as a double near 1 has lost the digits the quantile needs.
  const boost::math::normal normal;
  for (const Distribution& d : forms) {
    INFO(d.Text() << " per_step " << d.per_step);
    Distribution mirror = d;
    if (d.kind == Distribution::Kind::kBeta) std::swap(mirror.a, mirror.b);
    if (d.kind == Distribution::Kind::kUniform) mirror = {d.kind, 1 - d.b, 1 - d.a, 0, 1};
    if (d.kind == Distribution::Kind::kTriangular || d.kind == Distribution::Kind::kPert)
      mirror = {d.kind, 1 - d.c, 1 - d.b, 1 - d.a, 1};
    const bool mirrors = d.per_step == 1 && d.kind != Distribution::Kind::kLogitNormal;
    double worst = 0;
    for (int i = -495; i <= 495; ++i) {
      const double z = i / 100.0;
      if (z > 3 && !mirrors) continue;
      const double want = z > 3 ? 1 - mirror.Quantile(boost::math::cdf(normal, -z))
                                 : d.Quantile(boost::math::cdf(normal, z));
      worst = std::max(worst, std::fabs(d.QuantileAtNormal(z) - want) / want);
    }
    // The fast paths to 1e-13; the general path (a beta whose shapes are not whole, the
    // triangular) and 1 − (1 − x)^(1/12), which loses digits for a small x, to 1e-11.
    const bool general = (d.kind == Distribution::Kind::kBeta && d.a != std::floor(d.a)) ||
                         d.kind == Distribution::Kind::kTriangular || d.per_step != 1;
    CHECK(worst < (general ? 1e-11 : 1e-13));
  }
  // Bits that must never change and must be the same on every CPU (scripts/cross-test.sh runs
  // this under aarch64): every posterior draw goes through them.
  CHECK(std::bit_cast<uint64_t>(forms[0].QuantileAtNormal(-1.25)) == std::bit_cast<uint64_t>(0x1.010a95ecdd952p-4));
  CHECK(std::bit_cast<uint64_t>(forms[6].QuantileAtNormal(0.7)) == std::bit_cast<uint64_t>(0x1.2cbe4cb96ae72p-1));
  CHECK(std::bit_cast<uint64_t>(forms[8].QuantileAtNormal(2.1)) == std::bit_cast<uint64_t>(0x1.6f0a147b6bd58p-5));
  CHECK(std::bit_cast<uint64_t>(forms[9].QuantileAtNormal(-3.3)) == std::bit_cast<uint64_t>(0x1.0744005e424p-15));
  CHECK(std::bit_cast<uint64_t>(forms[3].QuantileAtNormal(0.4)) == std::bit_cast<uint64_t>(0x1.1aaa417b85db8p-2));
}

TEST_CASE("Copies of one particle are one effective draw", "[history_edges]") {
  CHECK(DistinctEffectiveDraws({{0.5}, {0.5}, {0.5}, {0.5}}) == 1);
  CHECK(DistinctEffectiveDraws({{0.1}, {0.2}, {0.3}, {0.4}}) == 4);
  CHECK(DistinctEffectiveDraws({{0.1}, {0.1}, {0.2}, {0.2}}) == 2);
  CHECK(DistinctEffectiveDraws({{0.1, 1}, {0.1, 2}, {0.1, 1}}) == Approx(9.0 / 5));
}

// r: uniform(0.5, 0.99) as a hazard, not happened by 560: L(r) = (1 − r)^560, 1e-169 at
// r = 0.5 and 1e-332 at the median: possible, and its evidence is
// ((0.5)^561 − (0.01)^561) / (561 · 0.49).
TEST_CASE("A likelihood below the smallest double is possible, and exact", "[history_edges]") {
  const Model model = LoadModelFromString(
      "scenario: u\nhorizon: 10000\nstep: month\nparameters:\n  r: uniform(0.5, 0.99)\n"
      "events:\n  a:\n    hazard: r\n  b:\n    hazard: 1%\n  c:\n    after: b\n    p: 50%\n"
      "    delay: 2\n",
      "m.yaml");
  const History history = LoadHistoryFromString(model, "as_of: 560\nnot_happened: [a]\n", "h.yaml");
  // The exact likelihood at the median, 0.745: ln L = 560 ln 0.255.
  ExactOptions options;
  options.history = &history;
  options.likelihood_only = true;
  const ExactSolution at_median = SolveExact(Compile(model, PointValues(model)), options);
  CHECK(at_median.LogGivenProbability() == Approx(560 * std::log(0.255)).epsilon(1e-12));
  CHECK(at_median.GivenProbability() == 0);  // below the smallest double: kept as its log
  // The figures given it, smoothed before as_of (the backward pass, rescaled): b and c are
  // independent of a.
  options.likelihood_only = false;
  Model short_model = model;
  short_model.horizon = 600;
  const ExactSolution s = SolveExact(Compile(short_model, PointValues(short_model)), options);
  for (int t : {1, 100, 560, 600}) {
    double b = 0, c = 0;
    for (int u = 1; u <= t; ++u) {
      b += s.first(1, u);
      c += s.first(2, u);
    }
    INFO("step " << t);
    CHECK(b / s.given_probability == Approx(1 - std::pow(0.99, t)).epsilon(1e-12));
    // c lands 2 steps after b with chance ½.
    CHECK(c / s.given_probability ==
          Approx(t > 2 ? 0.5 * (1 - std::pow(0.99, t - 2)) : 0).epsilon(1e-12).margin(1e-300));
  }
  // The whole run: accepted, and its evidence right, with either likelihood.
  const double truth = 561 * std::log(0.5) - std::log(561 * 0.49);
  for (Engine engine : {Engine::kExact, Engine::kFast}) {
    const RunOutcome run = Learn(short_model, history, engine, 400, 7);
    INFO((engine == Engine::kExact ? "exact" : "Monte Carlo") << ": ln Z "
         << run.history->log_evidence << " ± " << run.history->log_evidence_se << " vs " << truth);
    CHECK(std::fabs(run.history->log_evidence - truth) <=
          std::max(0.05, 3 * run.history->log_evidence_se));
    // The posterior of r − 0.5 is ∝ (0.5 − x)^560: mean 0.5/562.
    CHECK(run.history->parameters.at(0).posterior_mean == Approx(0.5 + 0.5 / 562).epsilon(2e-4));
  }
}

TEST_CASE("A history with nothing in it has log evidence exactly 0", "[history_edges]") {
  const Model model = LoadModelFromString(SharedRate(3, 6, "beta(2, 8)"), "m.yaml");
  const History history = LoadHistoryFromString(model, "as_of: 3\n", "h.yaml");
  for (Engine engine : {Engine::kExact, Engine::kFast}) {
    const RunOutcome run = Learn(model, history, engine, 100, 3);
    INFO(run.history->method << ": " << run.history->log_evidence * 1e16 << "e-16");
    CHECK(run.history->log_evidence == 0);
    CHECK(run.history->log_evidence_se == 0);
  }
}

TEST_CASE("Scores are finite: a forecast of exactly 1 that missed", "[history_edges]") {
  // A hazard of 90% to 100% over 6 steps: the Monte Carlo forecast is 1, and it did not happen.
  const Model model = LoadModelFromString(
      "scenario: s\nhorizon: 6\nparameters:\n  r: uniform(0.9, 1)\nevents:\n  a:\n    hazard: r\n",
      "m.yaml");
  const History history = LoadHistoryFromString(model, "as_of: 6\nnot_happened: [a]\n", "h.yaml");
  const RunOutcome run = Learn(model, history, Engine::kFast, 100, 5);
  REQUIRE(run.history->scores.size() >= 1);
  const Score& s = run.history->scores[0];
  CHECK(s.forecast == 1);
  // (k + ½)/(n + 1) of what happened, k = 0 of n = 20 draws × 2000 trials.
  CHECK(s.log_score == Approx(std::log(0.5 / 40001)).epsilon(1e-12));
  CHECK(LogScore(0, 0) == Approx(std::log(std::numeric_limits<double>::min())));
  CHECK(LogScore(0.25, 0) == std::log(0.25));
}

using test::HistoryError;

TEST_CASE("History files: years, plurals, tags, sizes and many errors", "[history_edges]") {
  const Model yearly = LoadModelFromString(
      "scenario: y\nhorizon: 10\nstep: years\nstart: 2024\nevents:\n  a:\n    hazard: 5%\n",
      "m.yaml");
  CHECK(yearly.step_label == "year");  // `step: years` reads as one year a step
  CHECK(LoadHistoryFromString(yearly, "as_of: 2030\n", "h.yaml").as_of == 7);
  CHECK(LoadHistoryFromString(yearly, "as_of: 3\n", "h.yaml").as_of == 3);
  CHECK(HistoryError(yearly, "as_of: 2040\n") ==
        "h.yaml:1:8: error: 'as_of' is step 17, past the model's horizon (10 years)\n");
  const Model daily = LoadModelFromString(
      "scenario: d\nhorizon: 30\nstep: days\nstart: 2024-07-01\nevents:\n  a:\n    hazard: 5%\n",
      "m.yaml");
  CHECK(LoadHistoryFromString(daily, "as_of: 2024-07-10\n", "h.yaml").as_of == 10);
  CHECK(StepText(daily, 10) == "2024-07-10");

  CHECK(HistoryError(yearly, "as_of: !foo 6\n") ==
        "h.yaml:1:8: error: YAML syntax error: YAML tags such as '!foo' are not part of brink's "
        "language: remove it\n");
  CHECK(HistoryError(yearly, "as_of: 3\n\xFF\n").find("a history is UTF-8 text") !=
        std::string::npos);
  CHECK(HistoryError(yearly, std::string(kMaxModelBytes + 1, ' ')) ==
        "h.yaml:1:1: error: the history is larger than 16 MiB, the most brink reads (is this the "
        "right file?)\n");

  // The same id 100,000 times: 20 errors, then how many more; quickly.
  const Model many = LoadModelFromString(SharedRate(10, 3, "5%"), "m.yaml");
  std::string text = "as_of: 2\nnot_happened: [";
  for (int i = 0; i < 100000; ++i) text += i ? ", e5" : "e5";
  text += "]\n";
  const auto start = std::chrono::steady_clock::now();
  const std::string errors = HistoryError(many, text);
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < 5);
  CHECK(std::count(errors.begin(), errors.end(), '\n') == 21);
  CHECK(errors.substr(errors.rfind("h.yaml")) == "h.yaml: error: … and 99979 more\n");
}

TEST_CASE("A FIFO is refused as a model or a history, never read", "[history_edges]") {
  const std::filesystem::path dir = test::Scratch("fifo");
  std::filesystem::create_directories(dir);
  const std::filesystem::path fifo = dir / "pipe.yaml";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  std::string shown;
  try {
    ReadModelText(fifo.string(), &shown, "history");
    FAIL("a FIFO was read");
  } catch (const ModelError& e) {
    CHECK(e.Format() == fifo.string() + ":1:1: error: this is not a regular file (a FIFO or a "
                                        "device): brink reads a history from a file, or from "
                                        "standard input as -\n");
  }
  CHECK_THROWS_AS(LoadModel(fifo.string()), ModelError);
}

// Memory grows with the model, not with the history's exact check: 20,000 hazards, one of
// them not happened. Alone in its CTest process ([history_memory]), so that the peak resident
// size is this test's.
TEST_CASE("A history of a 20,000-event model runs in bounded memory", "[history_memory]") {
  std::string yaml = "scenario: big\nhorizon: 3\nstep: month\nevents:\n";
  for (int i = 0; i < 20000; ++i) yaml += "  e" + std::to_string(i) + ":\n    hazard: 0.001\n";
  const Model model = LoadModelFromString(yaml, "m.yaml");
  const History history = LoadHistoryFromString(model, "as_of: 2\nnot_happened: [e5]\n", "h.yaml");
  HistoryRequest request;
  request.trials = 10;
  request.threads = 2;
  request.history = &history;
  const RunOutcome run = RunGivenHistory(model, SettleParameters(model, {}), request);
  CHECK(run.history->log_evidence == Approx(2 * std::log(0.999)).epsilon(1e-12));
#ifndef BRINK_SANITIZED  // a sanitizer's shadow memory is no measure of brink's
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  INFO("peak resident size " << usage.ru_maxrss / 1024 << " MB");
  CHECK(usage.ru_maxrss < 400 * 1024);  // KB: before, 1.3 GB
#endif
}

}  // namespace
}  // namespace brink
