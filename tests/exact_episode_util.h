// What the tests of the version-2 exact engine share (exact_episodes_test.cpp,
// exact_episode_history_test.cpp): a model solved at its point values, and exact comparisons.
#ifndef BRINK_TESTS_EXACT_EPISODE_UTIL_H_
#define BRINK_TESTS_EXACT_EPISODE_UTIL_H_

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include "brink/given.h"
#include "engine/exact.h"
#include "plan/plan.h"

namespace brink::test {

constexpr double kTight = 1e-12;

// `model` solved exactly at its point values with `options`, given `given` ("" for none).
inline ExactSolution SolveAtPoint(const Model& model, const std::string& given,
                                  ExactOptions options) {
  Condition condition;
  if (!given.empty()) {
    condition = ParseGiven(model, given);
    options.given = &condition;
  }
  return SolveExact(Compile(model, PointValues(model)), options);
}

// |got − want| <= 1e-12, relative to want when it is above 1.
inline void CheckClose(double got, double want) {
  INFO("got " << got << ", want " << want);
  CHECK(std::fabs(got - want) <= kTight * std::max(1.0, std::fabs(want)));
}

// P(row happened, or reached, by step t [and G]): column 0 and the first occurrences to t,
// in given_probability's units.
inline double By(const ExactSolution& s, int row, int t) {
  double p = 0;
  for (int u = 0; u <= t; ++u) p += s.first(row, u);
  return p;
}

}  // namespace brink::test

#endif  // BRINK_TESTS_EXACT_EPISODE_UTIL_H_
