// Weighted trials of version-2 models (engine/tilted_episodes.h): with q = p and no history a
// weighted trial is EpisodeTrial's, path for path, with weight 1; the likelihood-weighted mean
// of w is the exact engine's likelihood (SolveExact with options.history) within 5 standard
// errors on generated models and histories (tests/episode_cases.h), as is the weighted
// P(active at the horizon | history); tilted trials without a history estimate P(active at
// the horizon) without bias.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "brink/load.h"
#include "engine/episode_trial.h"
#include "engine/exact.h"
#include "engine/tilted.h"
#include "episode_cases.h"
#include "model_generator.h"
#include "plan/plan.h"

namespace brink {
namespace {

// The mean of x over n values and its standard error.
struct Mean {
  double sum = 0, squares = 0;
  int n = 0;
  void Add(double x) {
    sum += x;
    squares += x * x;
    ++n;
  }
  double mean() const { return sum / n; }
  double se() const {
    const double m = mean();
    return std::sqrt(std::max(0.0, squares / n - m * m) / n);
  }
};

// |got − want| within 5 standard errors (and rounding).
void CheckWithin(double got, double se, double want) {
  INFO("got " << got << " ± " << se << ", want " << want);
  CHECK(std::fabs(got - want) <= 5 * se + 1e-12);
}

TEST_CASE("Tilted episodes: with q = p and no history, EpisodeTrial's paths and weight 1",
          "[tilted_episodes]") {
  const test::GeneratorLimits limits = {6, 10, 3, 4};
  for (uint64_t seed = 1; seed <= 150; ++seed) {
    INFO("seed " << seed);
    const Model model = LoadModelFromString(test::GenerateEpisodeModel(seed, limits), "m.yaml");
    const Plan plan = Compile(model, PointValues(model));
    EpisodeTrial reference(plan, seed * 31, 2);
    TiltedTrials tilted(plan, {}, seed * 31, 2);
    for (uint64_t i = 0; i < 130; ++i) {
      const EpisodePath& want = reference.Run(i / 64, static_cast<int>(i % 64));
      const TiltedTrial& got = tilted.Run(i);
      const EpisodePath& path = got.path;
      REQUIRE(got.log_weight == 0);
      REQUIRE(path.first == want.first);
      REQUIRE(got.first == want.first);
      REQUIRE(path.initial == want.initial);
      REQUIRE(path.onsets == want.onsets);
      REQUIRE(path.steps_active == want.steps_active);
      REQUIRE(path.active == want.active);
      REQUIRE(path.onset == want.onset);
      REQUIRE(path.level_at == want.level_at);
      REQUIRE(path.level_reached == want.level_reached);
      REQUIRE(got.level == want.level_reached.back());
    }
  }
}

TEST_CASE("Tilted episodes: likelihoods and P(active at the horizon | history) against the "
          "exact engine",
          "[tilted_episodes]") {
  const std::vector<test::EpisodeCase> cases = test::EpisodeCases(120);
  int checked = 0, forced = 0;
  for (const test::EpisodeCase& c : cases) {
    if (!c.has_history) continue;
    INFO("case seed " << c.seed << "\n" << c.model);
    const Model model = LoadModelFromString(c.model, "generated.yaml");
    const Plan plan = Compile(model, PointValues(model));
    ExactOptions options;
    options.history = &c.history;
    const ExactSolution exact = SolveExact(plan, options);
    const double likelihood = exact.GivenProbability();
    const int trials = 20000;
    TiltedTrials run(plan, {}, c.seed, 0, &c.history);
    Mean w;
    std::vector<Mean> active(plan.num_events);  // w·1{active at the horizon}
    for (int i = 0; i < trials; ++i) {
      const TiltedTrial& trial = run.Run(i);
      const double weight = std::exp(trial.log_weight);
      w.Add(weight);
      for (int e = 0; e < plan.num_events; ++e)
        active[e].Add(trial.log_weight == -INFINITY ? 0
                                                    : weight * trial.path.Active(e, plan.horizon));
      if (weight != 0 && weight != 1) ++forced;
    }
    if (!(likelihood > 0)) {
      CHECK(w.sum == 0);
      continue;
    }
    CheckWithin(w.mean(), w.se(), likelihood);
    // P(active at H and the history), in the exact engine's units.
    for (int e = 0; e < plan.num_events; ++e) {
      INFO("event " << model.events[e].id);
      CheckWithin(active[e].mean(), active[e].se(),
                  std::ldexp(exact.active(e, plan.horizon), -exact.given_exponent));
    }
    ++checked;
  }
  CHECK(checked >= 50);  // 60 of the 120 cases have a history
  CHECK(forced > 0);
}

TEST_CASE("Tilted episodes: tilted trials estimate P(active at the horizon) without bias",
          "[tilted_episodes]") {
  const test::GeneratorLimits limits = {5, 8, 2, 3};
  for (uint64_t seed = 300; seed < 330; ++seed) {
    INFO("seed " << seed);
    const Model model = LoadModelFromString(test::GenerateEpisodeModel(seed, limits), "m.yaml");
    const Plan plan = Compile(model, PointValues(model));
    const ExactSolution exact = SolveExact(plan, {});
    // The onsets' cases tilted up (as --rare tilts them), the ends' left as they are (an end
    // hazard tilted up makes a long occurrence rare among the trials).
    std::vector<double> q;
    for (const PlanCase& c : plan.cases) {
      const double p = c.probability;
      q.push_back(p <= 0 || p >= 1 ? p : std::clamp(p * 1.5, 0.02, 0.97));
    }
    for (const PlanEnding& end : plan.endings)
      for (int c = end.first_case; c < end.first_case + end.num_cases; ++c)
        q[c] = plan.cases[c].probability;
    TiltedTrials run(plan, q, seed, 1);
    std::vector<Mean> active(plan.num_events);
    for (int i = 0; i < 20000; ++i) {
      const TiltedTrial& trial = run.Run(i);
      const double w = std::exp(trial.log_weight);
      for (int e = 0; e < plan.num_events; ++e)
        active[e].Add(w * trial.path.Active(e, plan.horizon));
    }
    for (int e = 0; e < plan.num_events; ++e)
      CheckWithin(active[e].mean(), active[e].se(), exact.active(e, plan.horizon));
  }
}

}  // namespace
}  // namespace brink
