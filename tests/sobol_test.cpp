// Sobol indices (brink/sobol.h) against the indices computed by numerical integration with
// the exact engine, on a model whose target is an explicit function of independent
// parameters: P(level 1 by step 1) = 1 − (1 − a)(1 − b·c), with d irrelevant.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "brink/error.h"
#include "brink/load.h"
#include "brink/run.h"
#include "brink/sobol.h"

namespace brink {
namespace {

constexpr const char* kModel = R"(scenario: explicit target
horizon: 1
levels: [calm, hit]
parameters:
  a: uniform(0.1, 0.5)
  b: uniform(0.2, 0.8)
  c: uniform(0.3, 0.9)
  d: uniform(0.1, 0.9)
events:
  x:
    hazard: a
    level: hit
  y:
    hazard: b
  z:
    after: y
    p: c
    level: hit
  w:
    hazard: d
)";

// 8-point Gauss–Legendre nodes and weights on [-1, 1].
constexpr std::array<double, 8> kNode = {-0.9602898564975363, -0.7966664774136267,
                                         -0.5255324099163290, -0.1834346424956498,
                                         0.1834346424956498,  0.5255324099163290,
                                         0.7966664774136267,  0.9602898564975363};
constexpr std::array<double, 8> kWeight = {0.1012285362903763, 0.2223810344533745,
                                           0.3137066376811058, 0.3626837833783620,
                                           0.3626837833783620, 0.3137066376811058,
                                           0.2223810344533745, 0.1012285362903763};

struct Exact {
  std::array<double, 3> s1, st;
};

// The indices of a, b, c by quadrature over a grid of exact-engine solves.
Exact ExactIndices(const Model& model, int target) {
  const std::array<std::pair<double, double>, 3> range = {{{0.1, 0.5}, {0.2, 0.8}, {0.3, 0.9}}};
  double f[8][8][8];
  RunRequest request;
  request.engine = Engine::kExact;
  request.draws = 1;
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 8; ++j)
      for (int k = 0; k < 8; ++k) {
        const int n[3] = {i, j, k};
        std::vector<std::pair<std::string, double>> sets;
        for (int v = 0; v < 3; ++v) {
          const auto [lo, hi] = range[v];
          sets.push_back({std::string(1, static_cast<char>('a' + v)),
                          lo + (hi - lo) * (kNode[n[v]] + 1) / 2});
        }
        sets.push_back({"d", 0.5});
        f[i][j][k] = RunModel(model, SettleParameters(model, sets), request)
                         .results.figures[target].probability;
        // The exact engine is the formula.
        REQUIRE(std::fabs(f[i][j][k] - (1 - (1 - sets[0].second) *
                                                (1 - sets[1].second * sets[2].second))) < 1e-12);
      }
  auto w = [](int i) { return kWeight[i] / 2; };  // weights of the uniform density
  double mean = 0, second = 0;
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 8; ++j)
      for (int k = 0; k < 8; ++k) {
        mean += w(i) * w(j) * w(k) * f[i][j][k];
        second += w(i) * w(j) * w(k) * f[i][j][k] * f[i][j][k];
      }
  const double variance = second - mean * mean;
  Exact out;
  for (int v = 0; v < 3; ++v) {
    // First order: the variance over x_v of E[f | x_v]; total: E over the others of the
    // variance over x_v.
    double var_of_mean = 0, mean_of_var = 0;
    for (int i = 0; i < 8; ++i) {
      double m = 0;
      for (int j = 0; j < 8; ++j)
        for (int k = 0; k < 8; ++k) {
          const int idx[3] = {i, j, k};
          int a[3];
          a[v] = idx[0];
          a[(v + 1) % 3] = idx[1];
          a[(v + 2) % 3] = idx[2];
          m += w(j) * w(k) * f[a[0]][a[1]][a[2]];
        }
      var_of_mean += w(i) * (m - mean) * (m - mean);
    }
    for (int j = 0; j < 8; ++j)
      for (int k = 0; k < 8; ++k) {
        double m = 0, s = 0;
        for (int i = 0; i < 8; ++i) {
          int a[3];
          a[v] = i;
          a[(v + 1) % 3] = j;
          a[(v + 2) % 3] = k;
          m += w(i) * f[a[0]][a[1]][a[2]];
          s += w(i) * f[a[0]][a[1]][a[2]] * f[a[0]][a[1]][a[2]];
        }
        mean_of_var += w(j) * w(k) * (s - m * m);
      }
    out.s1[v] = var_of_mean / variance;
    out.st[v] = mean_of_var / variance;
  }
  return out;
}

}  // namespace

TEST_CASE("Sobol indices agree with numerical integration over the exact engine", "[sobol]") {
  const Model model = LoadModelFromString(kModel, "explicit.yaml");
  const int target = FindTarget(model, "level:1");
  const Exact exact = ExactIndices(model, target);
  for (const std::string engine : {"exact", "fast"}) {
    RunRequest request;
    request.engine = *ParseName<Engine>(engine);
    request.seed = 20240619;
    request.trials = 200000;
    request.threads = 2;
    SobolOptions options;
    options.samples = 1024;
    const std::vector<SobolIndex> indices = SobolIndices(model, target, {}, request, options);
    REQUIRE(indices.size() == 4);
    for (int v = 0; v < 3; ++v) {
      const SobolIndex& i = indices[v];
      CAPTURE(engine, i.parameter, exact.s1[v], i.s1, i.s1_low, i.s1_high, exact.st[v], i.st,
              i.st_low, i.st_high);
      CHECK(i.parameter == std::string(1, static_cast<char>('a' + v)));
      CHECK(i.s1_low <= exact.s1[v]);
      CHECK(exact.s1[v] <= i.s1_high);
      CHECK(i.st_low <= exact.st[v]);
      CHECK(exact.st[v] <= i.st_high);
      // S1 <= ST holds for the true indices; the estimates agree within their intervals.
      CHECK(exact.s1[v] <= exact.st[v]);
      CHECK(i.s1_low <= i.st_high);
    }
    // d moves only w, which the target does not depend on: 0, and so is its interval.
    const SobolIndex& d = indices[3];
    CHECK(d.parameter == "d");
    CHECK(d.s1 == 0);
    CHECK(d.st == 0);
    CHECK(d.st_high == 0);
  }
  // The indices of a 3-input function with interactions: first orders sum below 1.
  CHECK(exact.s1[0] + exact.s1[1] + exact.s1[2] < 1);
  CHECK(exact.st[0] + exact.st[1] + exact.st[2] > 1);
}

TEST_CASE("Sobol indices need uncertain parameters; correlated ones form a group", "[sobol]") {
  const Model fixed = LoadModelFromString(
      "scenario: s\nhorizon: 2\nevents:\n  x:\n    hazard: 0.1\n", "fixed.yaml");
  RunRequest request;
  request.trials = 1000;
  CHECK_THROWS_AS(SobolIndices(fixed, 0, {}, request, {}), UsageError);
  const Model model = LoadModelFromString(kModel, "explicit.yaml");
  // Pinning every range leaves nothing to decompose.
  CHECK_THROWS_AS(SobolIndices(model, 4, {{"a", 0.2}, {"b", 0.3}, {"c", 0.4}, {"d", 0.5}},
                               request, {}),
                  UsageError);
  // b and c correlated: one group "b+c", whose first-order index is that of b·c together.
  std::string correlated = kModel;
  correlated.replace(correlated.find("events:"), 7, "correlations:\n  - [b, c, 0.5]\nevents:");
  const Model grouped = LoadModelFromString(correlated, "grouped.yaml");
  request.engine = Engine::kExact;
  SobolOptions options;
  options.samples = 64;
  const std::vector<SobolIndex> indices = SobolIndices(grouped, 4, {}, request, options);
  REQUIRE(indices.size() == 3);
  CHECK(indices[0].parameter == "a");
  CHECK(indices[1].parameter == "b+c");
  CHECK(indices[2].parameter == "d");
  CHECK(indices[1].s1 > 0.3);
}

}  // namespace brink
