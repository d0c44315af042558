// Learning from a history with episodes by Monte Carlo (likelihood weighting of version-2
// trials, engine/tilted_episodes.h, in brink/history_run.h): a conjugate case in closed form,
// simulation-based calibration, and rare events (brink/rare.h) with a target active at the
// horizon against the exact engine.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "brink/history.h"
#include "brink/history_run.h"
#include "brink/load.h"
#include "brink/rare.h"
#include "brink/run.h"
#include "engine/exact.h"
#include "engine/tilted.h"
#include "episode_enumeration.h"
#include "plan/plan.h"
#include "study/smc.h"
#include "test_util.h"

namespace brink {
namespace {

using test::Parse;

const PosteriorParameter& ParameterOf(const RunOutcome& run, const std::string& name) {
  for (const PosteriorParameter& p : run.history->parameters)
    if (p.name == name) return p;
  FAIL("no parameter " << name);
  return run.history->parameters.front();
}

// Issue 21's conjugate case with an end: a recurring trigger x with onset hazard `rate`
// (beta(1, 9)) whose occurrences end with hazard `stop` (beta(2, 2)). In a step where x is
// inactive after the endings phase the trigger decides (onset with chance rate); in a step
// where x was active at the end of the step before, the end hazard decides (end with chance
// stop). The history below, through step 12, records onsets at 2, 8 and 11 and ends at 5 and
// 10, the last occurrence still active at 12:
//   steps 1..12   1   2   3   4   5       6   7   8   9   10      11  12
//   decisions     ¬h  h   ¬g  ¬g  g, ¬h   ¬h  ¬h  h   ¬g  g, ¬h   h   ¬g
// (at 5 and 10 the occurrence ends, then the trigger decides again in the same step). So the
// likelihood is rate^3 (1 − rate)^5 · stop^2 (1 − stop)^4, and the posteriors are
// rate ~ beta(1 + 3, 9 + 5) = beta(4, 14), mean 4/18, and stop ~ beta(2 + 2, 2 + 4) =
// beta(4, 6), mean 0.4. Every decision through as_of is forced, so each trial's weight is the
// likelihood itself.
const char* const kConjugate = R"(scenario: conjugate with ends
horizon: 24
step: month
parameters:
  rate: beta(1, 9)
  stop: beta(2, 2)
events:
  x:
    hazard: rate
    recurs: true
    ends:
      hazard: stop
)";
const char* const kConjugateHistory = R"(as_of: 12
episodes:
  x:
    - start: 2
      end: 5
    - start: 8
      end: 10
    - start: 11
)";

double BetaSd(double a, double b) { return std::sqrt(a * b / ((a + b) * (a + b) * (a + b + 1))); }

TEST_CASE("Episodes posterior: the conjugate case with an end hazard, in closed form",
          "[tilted_episodes][posterior]") {
  const Model model = Parse(kConjugate);
  const History history = LoadHistoryFromString(model, kConjugateHistory, "h.yaml");
  HistoryRequest request;
  request.seed = 11;
  request.trials = 50;
  request.before_trials = 5000;
  request.before_draws = 20;
  request.threads = 2;
  request.draws = 2000;
  request.engine = Engine::kReference;
  request.history = &history;
  const RunOutcome run = RunGivenHistory(model, SettleParameters(model, {}), request);
  const PosteriorParameter& rate = ParameterOf(run, "rate");
  const PosteriorParameter& stop = ParameterOf(run, "stop");
  INFO("rate " << rate.posterior_mean << " ± " << rate.mc_se << ", stop " << stop.posterior_mean
               << " ± " << stop.mc_se);
  CHECK(std::fabs(rate.posterior_mean - 4.0 / 18) <= 0.1 * BetaSd(4, 14));
  CHECK(std::fabs(stop.posterior_mean - 0.4) <= 0.1 * BetaSd(4, 6));
  CHECK(rate.posterior_sd == Approx(BetaSd(4, 14)).epsilon(0.1));
  CHECK(stop.posterior_sd == Approx(BetaSd(4, 6)).epsilon(0.1));
  // The evidence: B(4, 14)/B(1, 9) · B(4, 6)/B(2, 2).
  auto log_beta = [](double a, double b) {
    return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
  };
  const double evidence = log_beta(4, 14) - log_beta(1, 9) + log_beta(4, 6) - log_beta(2, 2);
  const HistoryOutcome& h = *run.history;
  INFO("log evidence " << h.log_evidence << " ± " << h.log_evidence_se << ", want " << evidence);
  CHECK(std::fabs(h.log_evidence - evidence) <= 5 * h.log_evidence_se + 1e-9);
  // Given the history, x is active at 12 for certain, and was inactive at 7.
  const Figure& x = run.results.figures[0];
  REQUIRE(run.results.two_way);
  CHECK(x.now.by_step[11] == Approx(1).margin(1e-12));
  CHECK(x.now.by_step[6] == Approx(0).margin(1e-12));
  CHECK(x.now.by_step[1] == Approx(1).margin(1e-12));
}

// Each episode's onset and end is scored like a first onset (the forecast of "the K-th onset
// by as_of", "the K-th end by as_of" before the history; docs/history.md): x begins with
// hazard a = 30% when inactive and ends with hazard b = 40%, a new occurrence possible in the
// step one ends. The record through step 3: onsets at 1 and 3, an end at 2. Three onsets by
// step 3 need an onset at 1 and an end and an onset at 2 and at 3: a³b²; two ends, an onset at
// 1, an end and an onset at 2, an end at 3: a²b². The other forecasts come from the path
// enumeration at a horizon of 3 (tests/episode_enumeration.h), independent of every engine.
TEST_CASE("Episode scores: each onset and each end, exact and Monte Carlo", "[tilted_episodes]") {
  const Model model = Parse(
      "scenario: s\nhorizon: 6\nevents:\n  x:\n    hazard: 30%\n    recurs: true\n"
      "    ends:\n      hazard: 40%\n");
  const History history = LoadHistoryFromString(
      model, "as_of: 3\nepisodes:\n  x:\n    - start: 1\n      end: 2\n    - start: 3\n",
      "h.yaml");
  const double a = 0.3, b = 0.4;
  Model at = model;
  at.horizon = 3;
  const ExactSolution paths = test::EnumerateEpisodePaths(Compile(at, PointValues(at)), nullptr);
  auto at_least = [](const std::vector<double>& p, size_t k) {
    double sum = 0;
    for (size_t n = k; n < p.size(); ++n) sum += p[n];
    return sum;
  };
  struct Row {
    const char* id;
    double forecast;
    int outcome;
  };
  const std::vector<Row> want = {
      {"x", 1 - std::pow(1 - a, 3), 1},
      {"active:x", paths.active(0, 3), 1},
      {"onset:x:2", at_least(paths.occurrences[0], 2), 1},
      {"onset:x:3", a * a * a * b * b, 0},
      {"end:x:1", at_least(paths.ends[0], 1), 1},
      {"end:x:2", a * a * b * b, 0},
  };
  CHECK(at_least(paths.occurrences[0], 3) == Approx(a * a * a * b * b).epsilon(1e-12));
  CHECK(at_least(paths.ends[0], 2) == Approx(a * a * b * b).epsilon(1e-12));
  for (Engine engine : {Engine::kExact, Engine::kFast}) {
    CAPTURE(engine == Engine::kExact ? "exact" : "fast");
    HistoryRequest request;
    request.seed = 3;
    request.trials = 200000;
    request.threads = 2;
    request.engine = engine;
    request.history = &history;
    const RunOutcome run = RunGivenHistory(model, SettleParameters(model, {}), request);
    const std::vector<Score>& scores = run.history->scores;
    REQUIRE(scores.size() == want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      CAPTURE(want[i].id);
      CHECK(scores[i].id == want[i].id);
      CHECK(scores[i].outcome == want[i].outcome);
      const double p = want[i].forecast;
      const double se = engine == Engine::kExact ? 0 : std::sqrt(p * (1 - p) / 200000);
      CHECK(std::fabs(scores[i].forecast - p) <= 5 * se + 1e-12);
      CHECK(scores[i].brier == Approx(std::pow(scores[i].forecast - want[i].outcome, 2)));
      if (engine == Engine::kExact)
        CHECK(scores[i].log_score ==
              Approx(std::log(want[i].outcome ? p : 1 - p)).epsilon(1e-12));
    }
  }
}

TEST_CASE("Episodes posterior: the same numbers for any thread count",
          "[tilted_episodes][posterior]") {
  const Model model = Parse(kConjugate);
  const History history = LoadHistoryFromString(model, R"(as_of: 12
episodes:
  x:
    - start: [1, 3]
      end: [4, 6]
    - start: by 11
)",
                                                 "h.yaml");
  std::vector<RunOutcome> runs;
  for (int threads : {1, 2}) {
    HistoryRequest request;
    request.seed = 3;
    request.trials = 100;
    request.before_trials = 2000;
    request.before_draws = 10;
    request.threads = threads;
    request.draws = 200;
    request.engine = Engine::kReference;
    request.history = &history;
    runs.push_back(RunGivenHistory(model, SettleParameters(model, {}), request));
  }
  const HistoryOutcome& a = *runs[0].history;
  const HistoryOutcome& b = *runs[1].history;
  CHECK(a.log_evidence == b.log_evidence);
  CHECK(a.log_likelihood == b.log_likelihood);
  CHECK(runs[0].sampled_values == runs[1].sampled_values);
  const Figure& x = runs[0].results.figures[0];
  const Figure& y = runs[1].results.figures[0];
  CHECK(x.by_step == y.by_step);
  CHECK(x.now.by_step == y.now.by_step);
  CHECK(x.now.occurrences == y.now.occurrences);
  CHECK(x.now.mean_steps_active == y.now.mean_steps_active);
}

// Simulation-based calibration (as posterior_test.cpp's, Talts et al. 2018) for a recurring
// event with an uncertain onset hazard and end hazard, and a response that recurs: each
// replication draws the parameters from the prior, a path from brink's own weighted trial, a
// history of it (starts and ends as windows one step wide, sometimes two), and the posterior
// from the sampler with Monte Carlo likelihoods (likelihood weighting, 64 trials); the ranks
// of the true values among 9 posterior draws must be uniform.
TEST_CASE("Episodes posterior: simulation-based calibration with Monte Carlo likelihoods",
          "[tilted_episodes][posterior][sbc][slow]") {
  const Model model = Parse(R"(scenario: sbc episodes
horizon: 10
step: month
parameters:
  rate: beta(2, 6)
  stop: beta(2, 3)
events:
  x:
    hazard: rate
    recurs: true
    ends:
      hazard: stop
  y:
    after: x
    p: 40%
    recurs: true
    ends:
      lasts: [1, 2]
)");
  constexpr int kParticles = 120, kDraws = 9, kReplications = 200, kAsOf = 10;
  const ParameterSetting setting = SettleParameters(model, {});
  const PriorMap map(model, setting);
  std::vector<std::vector<int>> counts(setting.sampled.size(), std::vector<int>(kDraws + 1, 0));
  for (int r = 0; r < kReplications; ++r) {
    const std::vector<double> truth = map.Values(map.Design(1, 4242 + r)[0].data());
    const Plan plan = Compile(model, truth);
    TiltedTrials simulate(plan, {}, 99, static_cast<uint32_t>(r));
    const EpisodePath path = simulate.Run(0).path;
    std::string text = "as_of: " + std::to_string(kAsOf) + "\nepisodes:\n";
    for (int e = 0; e < 2; ++e) {
      text += "  " + model.events[e].id + ":";
      std::string list;
      bool on = false;
      for (int t = 1; t <= kAsOf; ++t) {
        const bool onset = path.onset[static_cast<size_t>(t - 1) * plan.num_events + e] != 0;
        if (on && (!path.Active(e, t) || onset))
          list += "      end: " + std::to_string(t) + "\n";
        if (onset) {
          // A window: the step, or from the step before when it is free.
          const bool wide = (r + t) % 3 == 0 && t > 1;
          list += "    - start: " +
                  (wide ? "[" + std::to_string(t - 1) + ", " + std::to_string(t) + "]"
                        : std::to_string(t)) +
                  "\n";
        }
        on = path.Active(e, t);
      }
      text += list.empty() ? " []\n" : "\n" + list;
    }
    INFO(text);
    History history;
    try {
      history = LoadHistoryFromString(model, text, "h.yaml");
    } catch (const ModelError&) {
      // A wide start window can reach back before the previous end: record it exactly.
      FAIL("history does not load");
    }
    SmcRequest request;
    request.seed = 31 * r + 5;
    request.particles = kParticles;
    const SmcOutcome posterior = SampleSmc(
        map,
        [&](const std::vector<double>& values, uint32_t key) {
          const Plan p = Compile(model, values);
          TiltedTrials trials(p, {}, 7, key, &history, kAsOf);
          double sum = 0;
          for (int i = 0; i < 64; ++i) sum += std::exp(trials.Run(i).log_weight);
          return sum > 0 ? std::log(sum / 64) : -std::numeric_limits<double>::infinity();
        },
        request);
    for (size_t i = 0; i < setting.sampled.size(); ++i) {
      const int p = setting.sampled[i];
      int rank = 0;
      for (int k = 0; k < kDraws; ++k)
        rank += posterior.values[(k * kParticles) / kDraws + 5][p] < truth[p];
      ++counts[i][rank];
    }
  }
  const double expected = static_cast<double>(kReplications) / (kDraws + 1);
  for (size_t i = 0; i < counts.size(); ++i) {
    double chi = 0;
    std::string ranks;
    for (int c : counts[i]) {
      chi += (c - expected) * (c - expected) / expected;
      ranks += std::to_string(c) + " ";
    }
    INFO("parameter " << i << ": ranks " << ranks << "(chi-square " << chi << ")");
    CHECK(chi < 27.88);  // 9 degrees of freedom: P(χ² > 27.88) = 0.001
  }
}

TEST_CASE("Episodes rare events: P(active at the horizon) against the exact engine",
          "[tilted_episodes][rare]") {
  const Model model = Parse(R"(scenario: rare active
horizon: 12
step: month
levels: [calm, war]
events:
  spark:
    hazard: 1%
    recurs: true
    ends:
      hazard: 50%
  war:
    after: spark
    p: 3%
    delay: [0, 1]
    recurs: true
    ends:
      hazard: 30%
    level: 1
)");
  const std::vector<double> values = PointValues(model);
  const ExactSolution exact = SolveExact(Compile(model, values), {});
  for (const char* target : {"active:war", "level_at:1", "war"}) {
    INFO(target);
    const Target t = ParseTarget(model, target);
    RareRequest request;
    request.seed = 5;
    request.threads = 2;
    request.target = t.row;
    request.now = t.now;
    request.precision = 0.05;
    const RareOutcome out = EstimateRare(model, values, request);
    const Figure& f = out.results.figures[t.row];
    const double want = t.now ? exact.active(t.row, 12) : exact.first(t.row, 0) + [&] {
      double p = 0;
      for (int s = 1; s <= 12; ++s) p += exact.first(t.row, s);
      return p;
    }();
    const double got = t.now ? f.now.probability : f.probability;
    const double se = t.now ? f.now.std_error : f.std_error;
    INFO("got " << got << " ± " << se << ", exact " << want);
    CHECK(want < 0.01);
    CHECK(std::fabs(got - want) <= 5 * se);
    CHECK(out.precision_reached);
  }
}

}  // namespace
}  // namespace brink
