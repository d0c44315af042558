// Helpers shared by the tests: load a model from text, run it, compare with exact values.
#ifndef BRINK_TESTS_TEST_UTIL_H_
#define BRINK_TESTS_TEST_UTIL_H_

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <string>

#include "estimate/from_tally.h"
#include "engine/engine.h"
#include "brink/estimate.h"
#include "brink/history.h"
#include "brink/load.h"
#include "plan/plan.h"

namespace brink::test {

inline Model Parse(const std::string& yaml) { return LoadModelFromString(yaml, "test.yaml"); }

// models/ holds models and their histories (NAME.history.yaml), which are not models.
inline bool IsHistoryFile(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  return name.size() > 13 && name.compare(name.size() - 13, 13, ".history.yaml") == 0;
}

// Every error LoadHistoryFromString reports for `text` (as "h.yaml"), formatted; "" for none.
inline std::string HistoryError(const Model& model, const std::string& text) {
  try {
    LoadHistoryFromString(model, text, "h.yaml");
  } catch (const ModelError& e) {
    return e.Format();
  }
  return "";
}

inline Results RunReferenceOn(const Model& model, uint64_t trials, uint64_t seed = 1,
                              int threads = 2) {
  RunOptions options;
  options.seed = seed;
  options.trials = trials;
  options.threads = threads;
  Plan plan = Compile(model, PointValues(model));
  return EstimateFromTally(model, RunReference(plan, options));
}

inline const Figure& FigureOf(const Results& r, const std::string& kind, const std::string& id) {
  for (const Figure& f : r.figures)
    if ((f.kind == Figure::Kind::kEvent ? "event" : "level") == kind && f.id == id) return f;
  FAIL("no figure " << kind << " " << id);
  return r.figures.front();
}

// |estimate - exact| <= 5 standard errors of a binomial proportion with the exact p (so an
// exact 0 or 1 must be matched exactly).
inline void CheckProbability(double estimate, double exact, uint64_t n, const std::string& what) {
  double se = std::sqrt(exact * (1 - exact) / static_cast<double>(n));
  INFO(what << ": estimate " << estimate << ", exact " << exact << ", se " << se);
  CHECK(std::fabs(estimate - exact) <= 5 * se);
}

}  // namespace brink::test

#endif  // BRINK_TESTS_TEST_UTIL_H_
