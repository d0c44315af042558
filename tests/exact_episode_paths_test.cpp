// The version-2 exact engine (engine/exact_episodes.h) against the independent path
// enumeration (tests/episode_enumeration.h) on the generated cases of tests/episode_cases.h:
// every figure (happened by t, from before step 1; active at t; the distribution of
// occurrences), conditional on the case's `given` and history when it has them, and the
// probability of those (a history's likelihood), equal to 1e-9.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include "brink/given.h"
#include "brink/load.h"
#include "engine/exact.h"
#include "episode_cases.h"
#include "episode_enumeration.h"
#include "plan/plan.h"

namespace brink {
namespace {

constexpr double kTolerance = 1e-9;

// The largest difference between two solutions' figures, each divided by the probability of
// its condition (and history), and between those probabilities.
double LargestDifference(const ExactSolution& a, const ExactSolution& b) {
  const double ga = a.GivenProbability(), gb = b.GivenProbability();
  double worst = std::fabs(ga - gb);
  if (!(ga > 0) || !(gb > 0)) return worst;
  // Figures are in units of given_probability (a history's masses may be scaled).
  const double sa = a.given_probability, sb = b.given_probability;
  for (int row = 0; row < a.num_rows(); ++row)
    for (int t = 0; t <= a.horizon(); ++t) {
      worst = std::max(worst, std::fabs(a.first(row, t) / sa - b.first(row, t) / sb));
      if (t > 0) worst = std::max(worst, std::fabs(a.active(row, t) / sa - b.active(row, t) / sb));
    }
  // The distributions of onsets and of ends, by event.
  auto compare = [&](const std::vector<double>& x, const std::vector<double>& y) {
    for (size_t k = 0; k < std::max(x.size(), y.size()); ++k) {
      const double pa = k < x.size() ? x[k] / sa : 0;
      const double pb = k < y.size() ? y[k] / sb : 0;
      worst = std::max(worst, std::fabs(pa - pb));
    }
  };
  for (int e = 0; e < a.num_events(); ++e) {
    compare(a.occurrences[e], b.occurrences[e]);
    compare(a.ends[e], b.ends[e]);
  }
  return worst;
}

TEST_CASE("Exact episodes: the exact engine and the path enumeration agree to 1e-9 on every "
          "generated case",
          "[exact_episodes]") {
  int cases = 0, with_given = 0, with_history = 0, likelihoods = 0;
  double worst = 0;
  for (const test::EpisodeCase& c : test::EpisodeCases()) {
    INFO("seed " << c.seed << "\n" << c.model << "given: " << c.given);
    const Model m = LoadModelFromString(c.model, "m.yaml");
    const Plan plan = Compile(m, PointValues(m));
    REQUIRE(plan.two_way);
    Condition given;
    if (!c.given.empty()) given = ParseGiven(m, c.given);
    const Condition* g = c.given.empty() ? nullptr : &given;
    const History* h = c.has_history ? &c.history : nullptr;
    ExactOptions options;
    options.given = g;
    options.history = h;
    const ExactSolution exact = SolveExact(plan, options);
    const ExactSolution paths = test::EnumerateEpisodePaths(plan, g, h);
    REQUIRE(exact.two_way());
    const double d = LargestDifference(exact, paths);
    CHECK(d <= kTolerance);
    worst = std::max(worst, d);
    if (h != nullptr) {
      // The likelihood alone, as the history studies ask for it.
      ExactOptions only;
      only.history = h;
      only.likelihood_only = true;
      ExactOptions both = only;
      both.likelihood_only = false;
      CHECK(std::fabs(SolveExact(plan, only).GivenProbability() -
                      SolveExact(plan, both).GivenProbability()) <= kTolerance);
      ++likelihoods;
    }
    ++cases;
    with_given += g != nullptr;
    with_history += h != nullptr;
  }
  WARN("exact vs enumeration: " << cases << " cases (" << with_given << " with a condition, "
                                << with_history << " with a history), largest difference "
                                << worst);
  CHECK(cases >= 150);
  CHECK(with_given >= 50);
  CHECK(with_history >= 50);
  CHECK(likelihoods == with_history);
}

}  // namespace
}  // namespace brink
