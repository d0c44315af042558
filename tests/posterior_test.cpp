// Learning from a history (brink/posterior.h, brink/history_run.h, study/smc.h): the posterior, the
// evidence and the forecasts against closed forms, the Monte Carlo likelihood against the
// exact one, and simulation-based calibration. Every test runs at fixed seeds, so each is
// exactly repeatable; tolerances are in standard errors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "brink/history.h"
#include "brink/history_run.h"
#include "brink/load.h"
#include "brink/run.h"
#include "engine/exact.h"
#include "engine/tilted.h"
#include "estimate/from_tally.h"
#include "estimate/weighted.h"
#include "model_generator.h"
#include "path_enumeration.h"
#include "plan/plan.h"
#include "study/smc.h"
#include "test_util.h"

namespace brink {
namespace {

double LogBeta(double a, double b) { return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b); }

// The conjugate case of the issue: `rate` shared by two hazards, `follow` on a response with
// delay 1; the first hazard at 3, the response at 4, the second hazard not by 12. The
// likelihood is rate·(1 − rate)^14·follow, so the posteriors are beta(2, 23) and beta(3, 2).
const char* const kConjugate = R"(scenario: conjugate
horizon: 24
step: month
parameters:
  rate: beta(1, 9)
  follow: beta(2, 2)
events:
  first:
    hazard: rate
  second:
    hazard: rate
  reply:
    after: first
    p: follow
    delay: 1
)";
const char* const kConjugateHistory =
    "as_of: 12\nhappened:\n  first: 3\n  reply: 4\nnot_happened: [second]\n";

struct Learned {
  RunOutcome run;
  const PosteriorParameter& Parameter(const std::string& name) const {
    for (const PosteriorParameter& p : run.history->parameters)
      if (p.name == name) return p;
    FAIL("no parameter " << name);
    return run.history->parameters.front();
  }
};

Learned Learn(const Model& model, const History& history, Engine engine, int draws,
              uint64_t trials, uint64_t seed, int threads = 2, int before_draws = 40) {
  HistoryRequest request;
  request.seed = seed;
  request.trials = trials;
  request.before_trials = 20000;
  request.before_draws = before_draws;
  request.threads = threads;
  request.draws = draws;
  request.engine = engine;
  request.history = &history;
  return {RunGivenHistory(model, SettleParameters(model, {}), request)};
}

// |estimate − truth| within `k` standard errors.
void Within(double estimate, double truth, double se, double k, const std::string& what) {
  INFO(what << ": " << estimate << " against " << truth << " (SE " << se << ")");
  CHECK(std::fabs(estimate - truth) <= k * se);
}

TEST_CASE("The conjugate case: posteriors, evidence and forecasts in closed form", "[posterior]") {
  const Model model = test::Parse(kConjugate);
  const History history = LoadHistoryFromString(model, kConjugateHistory, "h.yaml");
  const double log_evidence = LogBeta(2, 23) - LogBeta(1, 9) + LogBeta(3, 2) - LogBeta(2, 2);
  // The second hazard given the history: 1 − E[(1 − rate)^12] under beta(2, 23).
  const double second = 1 - std::exp(LogBeta(2, 23 + 12) - LogBeta(2, 23));
  for (Engine engine : {Engine::kExact, Engine::kFast}) {
    INFO(NameOf(engine));
    const Learned learned = Learn(model, history, engine, 2000, 250, 7);
    const HistoryOutcome& h = *learned.run.history;
    const PosteriorParameter& rate = learned.Parameter("rate");
    const PosteriorParameter& follow = learned.Parameter("follow");
    Within(rate.posterior_mean, 2.0 / 25, rate.mc_se, 5, "rate");
    Within(follow.posterior_mean, 3.0 / 5, follow.mc_se, 5, "follow");
    CHECK(rate.posterior_sd == Approx(std::sqrt(2.0 * 23 / (25.0 * 25 * 26))).epsilon(0.1));
    CHECK(follow.posterior_sd == Approx(0.2).epsilon(0.1));
    CHECK(rate.prior_mean == Approx(0.1));
    Within(h.log_evidence, log_evidence, h.log_evidence_se, 5, "log evidence");
    CHECK(h.log_evidence_se > 0);
    const Figure& f = test::FigureOf(learned.run.results, "event", "second");
    Within(f.probability, second, f.std_error, 5, "P(second by 24 | history)");
    // Before as_of the figures agree with the history.
    const Figure& first = test::FigureOf(learned.run.results, "event", "first");
    CHECK(first.by_step[1] == 0);
    CHECK(first.by_step[2] == 1);
    CHECK(test::FigureOf(learned.run.results, "event", "reply").by_step[3] == 1);
    for (int t = 0; t < 12; ++t) CHECK(f.by_step[t] == 0);
    CHECK(h.effective_draws >= 500);
    CHECK(h.warnings.empty());
    // The scores: the forecasts before the history of each observed event by as_of.
    REQUIRE(h.scores.size() == 3);
    CHECK(h.scores[0].id == "first");
    CHECK(h.scores[0].outcome == 1);
    CHECK(h.scores[1].outcome == 0);
    CHECK(h.scores[0].brier == Approx(std::pow(1 - h.scores[0].forecast, 2)));
    CHECK(h.scores[1].log_score == Approx(std::log(1 - h.scores[1].forecast)));
  }
}

TEST_CASE("The posterior of a conjugate case over repeated seeds: unbiased, honest errors",
          "[posterior][slow]") {
  const Model model = test::Parse(kConjugate);
  const History history = LoadHistoryFromString(model, kConjugateHistory, "h.yaml");
  // z-scores of the posterior mean over 12 seeds: their mean near 0 and their spread near 1
  // (the reported mc_se is the error's size, not a tenth of it nor ten times it).
  std::vector<double> z;
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    const Learned learned = Learn(model, history, Engine::kExact, 1000, 0, seed);
    const PosteriorParameter& rate = learned.Parameter("rate");
    z.push_back((rate.posterior_mean - 2.0 / 25) / rate.mc_se);
  }
  double mean = 0, ss = 0;
  for (double x : z) mean += x / z.size();
  for (double x : z) ss += (x - mean) * (x - mean);
  const double sd = std::sqrt(ss / (z.size() - 1));
  INFO("mean z " << mean << ", sd " << sd);
  CHECK(std::fabs(mean) < 1.5);
  CHECK(sd > 0.5);
  CHECK(sd < 2.0);
}

// Twelve hazards sharing one rate, watched for two years: the likelihood is
// rate^k (1 − rate)^f, the posterior beta(2 + k, 2 + f).
TEST_CASE("An informative history: the posterior where plain reweighting fails", "[posterior]") {
  std::string yaml = "scenario: informative\nhorizon: 24\nstep: month\nparameters:\n"
                     "  rate: beta(2, 2)\nevents:\n";
  for (int i = 0; i < 12; ++i) yaml += "  e" + std::to_string(i) + ":\n    hazard: rate\n";
  const Model model = test::Parse(yaml);
  // First happened at these steps; 0: not by 24.
  const int steps[12] = {3, 19, 0, 14, 0, 7, 2, 10, 15, 0, 19, 21};
  std::string text = "as_of: 24\nhappened:\n", missed;
  int k = 0, f = 0;
  for (int i = 0; i < 12; ++i) {
    if (steps[i] > 0) {
      text += "  e" + std::to_string(i) + ": " + std::to_string(steps[i]) + "\n";
      ++k;
      f += steps[i] - 1;
    } else {
      missed += (missed.empty() ? "" : ", ") + std::string("e") + std::to_string(i);
      f += 24;
    }
  }
  text += "not_happened: [" + missed + "]\n";
  const History history = LoadHistoryFromString(model, text, "h.yaml");
  const double a = 2 + k, b = 2 + f;
  const double mean = a / (a + b), sd = std::sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)));

  // Plain reweighting of prior draws would keep under 5% of them.
  {
    const ParameterSetting setting = SettleParameters(model, {});
    const PriorMap map(model, setting);
    std::vector<double> log_w;
    for (const std::vector<double>& z : map.Design(4000, 11)) {
      const double r = map.Values(z.data())[0];
      log_w.push_back(k * std::log(r) + f * std::log1p(-r));
    }
    const double top = *std::max_element(log_w.begin(), log_w.end());
    double s = 0, s2 = 0;
    for (double lw : log_w) {
      s += std::exp(lw - top);
      s2 += std::exp(2 * (lw - top));
    }
    INFO("plain reweighting keeps " << s * s / s2 / log_w.size());
    CHECK(s * s / s2 < 0.05 * log_w.size());
  }
  for (Engine engine : {Engine::kExact, Engine::kFast}) {
    INFO(NameOf(engine));
    // Every event is observed: each trial's weight is the likelihood itself, so few trials do.
    const Learned learned = Learn(model, history, engine, 1000, 20, 5, 2, 2);
    const PosteriorParameter& rate = learned.Parameter("rate");
    INFO("posterior mean " << rate.posterior_mean << ", closed form " << mean << ", sd " << sd);
    CHECK(std::fabs(rate.posterior_mean - mean) <= 0.1 * sd);
    // An sd from E effective draws has a relative standard error of about 1/sqrt(2E).
    CHECK(rate.posterior_sd ==
          Approx(sd).epsilon(5 / std::sqrt(2 * learned.run.history->effective_draws)));
    CHECK(learned.run.history->stages >= 2);  // it took tempering
  }
}

TEST_CASE("Likelihood weighting against the exact likelihood on generated models", "[posterior]") {
  // Every parameter pinned: the Monte Carlo likelihood (forced decisions, their
  // probabilities as weights) and the figures given the history lie within 5 standard errors
  // of the exact ones; the exact ones equal path enumeration to 1e-9.
  test::GeneratorLimits small;
  small.max_events = 5;
  small.max_horizon = 5;
  small.max_delay = 3;
  int compared = 0;
  for (uint64_t seed = 1; seed <= 150; ++seed) {
    const std::string yaml = test::GenerateModel(seed + 700, small);
    CAPTURE(seed, yaml);
    const Model m = test::Parse(yaml);
    const Plan plan = Compile(m, PointValues(m));
    // A history this model produced: one reference trial's first steps, each event observed
    // at its step, in a window around it, not happened, or unobserved.
    test::Dice dice(seed * 104729);
    TiltedTrials simulate(plan, {}, seed, 0);
    const std::vector<int> first = simulate.Run(0).first;
    const int as_of = dice.Int(1, m.horizon);
    std::string happened, missed;
    for (size_t e = 0; e < m.events.size(); ++e) {
      const int how = dice.Int(0, 3);
      if (how == 3) continue;  // unobserved
      const int t = first[e];
      if (t >= 1 && t <= as_of) {
        const int lo = how == 1 ? std::max(1, t - 1) : t;
        const int hi = how == 2 ? std::min(as_of, t + 1) : t;
        happened += "  " + m.events[e].id + ": [" + std::to_string(lo) + ", " + std::to_string(hi) + "]\n";
      } else {
        missed += (missed.empty() ? "" : ", ") + m.events[e].id;
      }
    }
    std::string text = "as_of: " + std::to_string(as_of) + "\n";
    if (!happened.empty()) text += "happened:\n" + happened;
    if (!missed.empty()) text += "not_happened: [" + missed + "]\n";
    CAPTURE(text);
    const History h = LoadHistoryFromString(m, text, "h.yaml");
    ExactOptions options;
    options.history = &h;
    const ExactSolution exact = SolveExact(plan, options);
    REQUIRE(exact.given_probability > 0);  // the model produced it
    const ExactSolution paths = test::EnumeratePaths(plan, nullptr, &h);
    CHECK(exact.given_probability == Approx(paths.given_probability).epsilon(0).margin(1e-9));
    const Results exact_figures = EstimateFromExact(m, exact);
    const Results path_figures = EstimateFromExact(m, paths);
    for (size_t f = 0; f < exact_figures.figures.size(); ++f)
      for (int t = 0; t < m.horizon; ++t)
        CHECK(exact_figures.figures[f].by_step[t] ==
              Approx(path_figures.figures[f].by_step[t]).epsilon(0).margin(1e-9));
    // The likelihood alone (the forward pass to as_of) is the same number.
    options.likelihood_only = true;
    CHECK(SolveExact(plan, options).given_probability ==
          Approx(exact.given_probability).epsilon(1e-12));

    TiltedTrials trials(plan, {}, seed, 3, &h);
    WeightedTally tally(plan);
    for (uint64_t i = 0; i < 4000; ++i) tally.Add(trials.Run(i));
    REQUIRE(tally.consistent() > 0);
    Within(tally.LogMeanWeight(), std::log(exact.given_probability),
           std::max(tally.LogMeanWeightError(), 1e-12), 5, "log likelihood");
    const Results mc = tally.Ratio(m);
    for (size_t f = 0; f < mc.figures.size(); ++f)
      for (int t = 0; t < m.horizon; ++t) {
        // The reported standard error, or, where the sample cannot show one (a figure seen in
        // every weighted trial or in none), that of a proportion over the effective trials.
        const double p = exact_figures.figures[f].by_step[t];
        const double se = std::max((mc.figures[f].band_by_step[t].ci_high -
                                    mc.figures[f].band_by_step[t].ci_low) / (2 * 1.959963984540054),
                                   std::sqrt(p * (1 - p) / tally.EffectiveTrials()));
        Within(mc.figures[f].by_step[t], p, std::max(se, 1e-12), 5,
               "figure " + std::to_string(f) + " by " + std::to_string(t + 1));
      }
    ++compared;
  }
  CHECK(compared >= 100);
}

TEST_CASE("With no history, the weighted engine is the reference engine", "[posterior]") {
  const Model m = test::Parse(test::GenerateModel(31));
  const Plan plan = Compile(m, PointValues(m));
  RunOptions options;
  options.seed = 5;
  options.trials = 3000;
  const Tally reference = RunReference(plan, options);
  Tally weighted(plan.horizon, plan.num_events, plan.num_levels);
  TiltedTrials trials(plan, {}, 5, 0);
  for (uint64_t i = 0; i < 3000; ++i) {
    const TiltedTrial& trial = trials.Run(i);
    CHECK(trial.log_weight == 0);
    weighted.AddTrial(trial.first.data(), plan.level_of.data(), true);
  }
  for (int r = 0; r < reference.num_rows(); ++r)
    for (int t = 1; t <= plan.horizon; ++t) CHECK(weighted.first(r, t) == reference.first(r, t));
}

// Simulation-based calibration (Talts, Betancourt, Simpson, Vehtari & Gelman 2018): for each
// replication, parameters from the prior, a history simulated from them by brink's own
// trial, the posterior from the sampler, and the rank of the true value among L posterior
// draws (spread over the particles, so that draws of one ancestor rarely meet). If the
// posterior is right, the ranks are uniform on 0..L.
struct Sbc {
  // By sampled parameter, by rank: the posterior as sampled, and broken on purpose (its draws
  // pulled half way towards their mean, as an overconfident sampler, one that does not mix
  // say, would give them).
  std::vector<std::vector<int>> counts, broken;
  std::vector<double> chi_square, broken_chi_square;  // by sampled parameter
};

Sbc Calibration(const Model& model, int as_of, int replications, uint64_t seed) {
  constexpr int kParticles = 120, kDraws = 9;  // ranks 0..9: 10 bins
  const ParameterSetting setting = SettleParameters(model, {});
  const PriorMap map(model, setting);
  Sbc out;
  out.counts.assign(setting.sampled.size(), std::vector<int>(kDraws + 1, 0));
  out.broken = out.counts;
  for (int r = 0; r < replications; ++r) {
    const std::vector<double> truth = map.Values(map.Design(1, seed * 1000003 + r)[0].data());
    const Plan plan = Compile(model, truth);
    TiltedTrials simulate(plan, {}, seed + 17, static_cast<uint32_t>(r));
    const std::vector<int> first = simulate.Run(0).first;
    std::string happened, missed;
    for (size_t e = 0; e < model.events.size(); ++e) {
      if (first[e] >= 1 && first[e] <= as_of)
        happened += "  " + model.events[e].id + ": " + std::to_string(first[e]) + "\n";
      else
        missed += (missed.empty() ? "" : ", ") + model.events[e].id;
    }
    std::string text = "as_of: " + std::to_string(as_of) + "\n";
    if (!happened.empty()) text += "happened:\n" + happened;
    if (!missed.empty()) text += "not_happened: [" + missed + "]\n";
    const History history = LoadHistoryFromString(model, text, "h.yaml");
    SmcRequest request;
    request.seed = seed * 7919 + r;
    request.particles = kParticles;
    const SmcOutcome posterior = SampleSmc(
        map,
        [&](const std::vector<double>& values, uint32_t) {
          ExactOptions options;
          options.history = &history;
          options.likelihood_only = true;
          const double l = SolveExact(Compile(model, values), options).given_probability;
          return l > 0 ? std::log(l) : -std::numeric_limits<double>::infinity();
        },
        request);
    // The rank of each sampled parameter's true value among L draws.
    for (size_t i = 0; i < setting.sampled.size(); ++i) {
      const int p = setting.sampled[i];
      double mean = 0;
      for (const std::vector<double>& v : posterior.values) mean += v[p] / kParticles;
      int rank = 0, broken = 0;
      for (int k = 0; k < kDraws; ++k) {
        const double draw = posterior.values[(k * kParticles) / kDraws + 5][p];
        rank += draw < truth[p];
        broken += mean + 0.5 * (draw - mean) < truth[p];
      }
      ++out.counts[i][rank];
      ++out.broken[i][broken];
    }
  }
  const double expected = static_cast<double>(replications) / (kDraws + 1);
  auto chi_square = [&](const std::vector<int>& counts) {
    double chi = 0;
    for (int c : counts) chi += (c - expected) * (c - expected) / expected;
    return chi;
  };
  for (size_t i = 0; i < out.counts.size(); ++i) {
    out.chi_square.push_back(chi_square(out.counts[i]));
    out.broken_chi_square.push_back(chi_square(out.broken[i]));
  }
  return out;
}

// 9 degrees of freedom: P(χ² > 27.88) = 0.001.
constexpr double kChiSquare999 = 27.88;

TEST_CASE("Simulation-based calibration: uniform ranks, and a broken posterior fails",
          "[posterior][sbc][slow]") {
  const Model hazard = test::Parse(R"(scenario: sbc hazard
horizon: 12
step: month
parameters:
  rate: beta(2, 8)
  follow: beta(2, 2)
events:
  a:
    hazard: rate
  b:
    hazard: rate
  c:
    after: a or b
    p: follow
    delay: [0, 2]
)");
  const Model correlated = test::Parse(R"(scenario: sbc correlated
horizon: 10
step: month
parameters:
  p1: 10% to 40%
  p2: uniform(0.05, 0.3)
correlations:
  - [p1, p2, 0.6]
events:
  start:
    hazard: p2
  follow:
    after: start
    p: p1
    delay: [1, 2]
  later:
    hazard:
      - when: follow
        p: p1
      - else: p2
)");
  for (const auto& [model, as_of] : {std::pair<const Model*, int>{&hazard, 12}, {&correlated, 8}}) {
    INFO(model->scenario);
    const Sbc sbc = Calibration(*model, as_of, 200, 3);
    for (size_t i = 0; i < sbc.counts.size(); ++i) {
      std::string counts, broken;
      for (int c : sbc.counts[i]) counts += std::to_string(c) + " ";
      for (int c : sbc.broken[i]) broken += std::to_string(c) + " ";
      INFO("parameter " << i << ": ranks " << counts << "(chi-square " << sbc.chi_square[i]
                        << "); broken: " << broken << "(chi-square " << sbc.broken_chi_square[i]
                        << ")");
      CHECK(sbc.chi_square[i] < kChiSquare999);
      // Half as wide as it should be: the true value falls at the ends far too often.
      CHECK(sbc.broken_chi_square[i] > kChiSquare999);
    }
  }
}

}  // namespace
}  // namespace brink
