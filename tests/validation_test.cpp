// The statistical validation suite: the reference engine against the exact engine on
// generated models, interval coverage on fixed models, the same for conditional figures, and
// proof that the suite fails a deliberately wrong engine. Seeds are fixed, so every run gives
// the same numbers; each test prints the figures it measured (run ctest -V to see them).
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <iostream>
#include <map>

#include "estimate/from_tally.h"
#include "agreement.h"
#include "engine/exact.h"
#include "brink/given.h"
#include "brink/simd.h"
#include "model_generator.h"
#include "stale_engine.h"
#include "test_util.h"

namespace brink {
namespace {

#ifdef BRINK_SANITIZED
// Sanitizers slow the engine ~10x: fewer trials, the same models and seeds.
constexpr uint64_t kTrialsPerModel = 3000;
constexpr int kCoverageSeeds = 400;
#else
constexpr uint64_t kTrialsPerModel = 10000;
constexpr int kCoverageSeeds = 1000;
#endif
constexpr int kModels = 240;
constexpr uint64_t kCoverageTrials = 1000;

using Engine = std::function<Tally(const Plan&, const RunOptions&)>;

Results Simulate(const Engine& engine, const Model& model, const Plan& plan, uint64_t seed,
                 uint64_t trials, const Condition* given, int threads = 2) {
  RunOptions options;
  options.seed = seed;
  options.trials = trials;
  options.threads = threads;
  options.given = given;
  Tally tally = engine(plan, options);
  if (tally.counted() == 0) return {};
  Results r = EstimateFromTally(model, tally);
  if (given != nullptr)
    r.given = GivenFromCounts(given->text(), tally.counted(), tally.simulated());
  return r;
}

Results Solve(const Model& model, const Plan& plan, const Condition* given) {
  ExactOptions options;
  options.given = given;
  ExactSolution solution = SolveExact(plan, options);
  if (solution.given_probability == 0) return {};
  return EstimateFromExact(model, solution, given != nullptr ? given->text() : "");
}

// A condition for model `seed` whose exact probability is between 5% and 95% when one of a
// few candidates has one (conditional figures are then based on enough trials to test).
std::string PickCondition(const Model& model, const Plan& plan, uint64_t seed) {
  std::string text;
  for (uint64_t k = 0; k < 8; ++k) {
    text = test::GenerateCondition(seed * 16 + k, static_cast<int>(model.events.size()));
    Condition c = ParseGiven(model, text);
    ExactOptions options;
    options.given = &c;
    double p = SolveExact(plan, options).given_probability;
    if (p >= 0.05 && p <= 0.95) break;
  }
  return text;
}

// One model's checks, unconditional and conditional.
struct ModelCheck {
  test::Agreement plain;
  test::Agreement given;
  bool given_checked = false;
  bool passed() const { return plain.failures() + given.failures() == 0; }
};

ModelCheck CheckModel(const Engine& engine, const Model& model, const Plan& plan,
                      const Condition& given, uint64_t plain_seed, uint64_t given_seed,
                      uint64_t trials, int threads, const std::string& where) {
  ModelCheck check;
  Results mc = Simulate(engine, model, plan, plain_seed, trials, nullptr, threads);
  check.plain.Compare(mc, Solve(model, plan, nullptr), where);
  Results exact = Solve(model, plan, &given);
  Results conditional = Simulate(engine, model, plan, given_seed, trials, &given, threads);
  if (!exact.figures.empty() && !conditional.figures.empty()) {
    check.given.Compare(conditional, exact, where + " given " + given.text());
    check.given_checked = true;
  }
  return check;
}

// A suite of ~20,000 checks at 5 standard errors expects a check beyond 5 se now and then
// by chance alone (each has a chance of about 6e-7). So a model with any |z| > 5 is checked
// again, with independent seeds and kRecheckFactor times the trials, and its verdict is that of
// the second run: chance deviations do not recur there, an engine's systematic error grows.
constexpr uint64_t kRecheckFactor = 4;

struct SuiteReport {
  test::Agreement plain;        // the verdict: first runs, or the rechecks where made
  test::Agreement given;
  test::Agreement first_plain;  // the first runs only
  test::Agreement first_given;
  int models = 0;
  int given_models = 0;
  int rechecked = 0;       // models that had a |z| > 5 on the first run
  int models_failing = 0;  // models with a |z| > 5 in their verdict
};

// Runs `engine` on generated models 1..count, unconditionally and with a condition, and
// scores it against the exact engine.
SuiteReport RunSuite(const Engine& engine, int count, uint64_t trials, int threads) {
  SuiteReport report;
  for (int seed = 1; seed <= count; ++seed) {
    Model model = test::Parse(test::GenerateModel(seed));
    Plan plan = Compile(model, PointValues(model));
    Condition given = ParseGiven(model, PickCondition(model, plan, seed));
    const std::string where = "model " + std::to_string(seed);
    ModelCheck check =
        CheckModel(engine, model, plan, given, 7000 + seed, 9000 + seed, trials, threads, where);
    report.first_plain.Add(check.plain);
    report.first_given.Add(check.given);
    if (!check.passed()) {
      ++report.rechecked;
      check = CheckModel(engine, model, plan, given, 1000000 + seed, 2000000 + seed,
                         kRecheckFactor * trials, threads, where + " (recheck)");
    }
    report.plain.Add(check.plain);
    report.given.Add(check.given);
    ++report.models;
    report.given_models += check.given_checked;
    report.models_failing += !check.passed();
  }
  return report;
}

TEST_CASE("Validation: the generated models use every feature of the language", "[validation]") {
  // Feature → in how many of the generated models it appears.
  std::map<std::string, int> uses;
  int largest = 0, horizon_1 = 0, horizon_12 = 0;
  for (int seed = 1; seed <= kModels; ++seed) {
    const std::string yaml = test::GenerateModel(seed);
    Model model = test::Parse(yaml);  // every generated model loads
    for (const char* text : {"hazard:", "while:", " p:", "after:", "not ", " and ", " or ", "(",
                             "- when:", "- else:", "delay: [", "level: level", "parameters:",
                             "%", ": 0\n", ": 1\n", "100%", "0.999"}) {
      std::string label = text;
      if (label.back() == '\n') label = "value " + label.substr(2, label.size() - 3);
      uses["'" + label + "'"] += yaml.find(text) != std::string::npos;
    }
    bool fixed_delay = false, past_horizon = false, named_levels = false, order_differs = false;
    for (const Event& e : model.events) {
      fixed_delay |= e.delay_lo == e.delay_hi && e.delay_lo > 0;
      past_horizon |= e.kind == Event::Kind::kResponse && e.delay_hi >= model.horizon;
      named_levels |= e.level > 0;
    }
    for (size_t i = 0; i < model.order.size(); ++i) order_differs |= model.order[i] != int(i);
    uses["fixed delay"] += fixed_delay;
    uses["delay past the horizon"] += past_horizon;
    uses["levels"] += named_levels;
    uses["evaluation order != file order"] += order_differs;
    largest = std::max(largest, static_cast<int>(model.events.size()));
    horizon_1 += model.horizon == 1;
    horizon_12 += model.horizon == 12;
  }
  std::cout << "generated models:";
  for (const auto& [feature, count] : uses) {
    std::cout << " " << feature << " " << count << ",";
    CAPTURE(feature);
    CHECK(count >= 10);
  }
  std::cout << "; up to " << largest << " events; horizon 1 in " << horizon_1
            << ", horizon 12 in " << horizon_12 << "\n";
  CHECK(largest == 10);
  CHECK(horizon_1 > 0);
  CHECK(horizon_12 > 0);
}

TEST_CASE("Validation: the reference engine agrees with exact on generated models", "[validation]") {
  SuiteReport r = RunSuite(RunReference, kModels, kTrialsPerModel, 2);
  std::cout << "validation: " << r.models << " generated models, " << kTrialsPerModel
            << " trials each: " << r.plain.checks() << " checks, largest |z| "
            << r.plain.largest_z() << " (" << r.plain.worst() << ")\n"
            << "validation --given: " << r.given_models << " models, " << r.given.checks()
            << " checks, largest |z| " << r.given.largest_z() << " (" << r.given.worst()
            << ")\n"
            << "validation first runs: largest |z| " << r.first_plain.largest_z() << " ("
            << r.first_plain.worst() << "), given " << r.first_given.largest_z() << "; "
            << r.rechecked << " model(s) rechecked\n";
  INFO("worst: " << r.plain.worst() << "; given: " << r.given.worst());
  CHECK(r.models >= 200);
  CHECK(r.models_failing == 0);
  CHECK(r.rechecked <= 2);  // more would mean more than chance
  CHECK(r.given_models >= 200);
  CHECK(r.plain.failures() == 0);
  CHECK(r.given.failures() == 0);
  CHECK(r.plain.largest_z() <= test::Agreement::kLimit);
  CHECK(r.given.largest_z() <= test::Agreement::kLimit);
}

TEST_CASE("Validation: the fast engine matches the reference engine on every generated model", "[validation]") {
  // Byte-identical tallies, so the suite above proves the fast engine right too: under every
  // SIMD kernel this machine can run.
  const std::vector<SimdKernel> kernels = AvailableKernels();
  size_t identical = 0;
  for (int seed = 1; seed <= kModels; ++seed) {
    Model model = test::Parse(test::GenerateModel(seed));
    Plan plan = Compile(model, PointValues(model));
    Condition given = ParseGiven(model, PickCondition(model, plan, seed));
    for (const Condition* condition : {static_cast<const Condition*>(nullptr),
                                       static_cast<const Condition*>(&given)}) {
      RunOptions options;
      options.seed = 7000 + seed;
      options.trials = 2000 + 37 * seed;  // not a multiple of 64 or 512
      options.threads = 2;
      options.given = condition;
      Tally reference = RunReference(plan, options);
      for (SimdKernel kernel : kernels) {
        options.simd = kernel;
        Tally fast = RunFast(plan, options);
        bool same = reference.simulated() == fast.simulated() &&
                    reference.counted() == fast.counted();
        for (int row = 0; row < reference.num_rows(); ++row)
          for (int t = 1; t <= reference.horizon(); ++t)
            same = same && reference.first(row, t) == fast.first(row, t);
        CAPTURE(seed, condition != nullptr, KernelName(kernel));
        CHECK(same);
        identical += same;
      }
    }
  }
  std::cout << "validation: fast = reference on " << identical << " of "
            << 2 * kModels * kernels.size() << " runs of generated models (kernels:";
  for (SimdKernel kernel : kernels) std::cout << " " << KernelName(kernel);
  std::cout << ")\n";
}

TEST_CASE("Validation: an engine that reads the previous step's state fails the suite", "[validation]") {
  // The stale engine differs from the reference only in when conditions look at the state;
  // the suite must notice on a good share of the models.
  SuiteReport r = RunSuite(test::RunStale, 60, 4000, 1);
  std::cout << "validation, stale engine: " << r.models_failing << " of " << r.models
            << " models fail (after rechecks), " << r.plain.failures() + r.given.failures()
            << " checks beyond 5 se, largest |z| "
            << std::max(r.plain.largest_z(), r.given.largest_z()) << " ("
            << (r.plain.largest_z() >= r.given.largest_z() ? r.plain.worst() : r.given.worst())
            << ")\n";
  CHECK(r.models_failing >= 10);
  CHECK(std::max(r.plain.largest_z(), r.given.largest_z()) > 10);
}

struct Coverage {
  int inside = 0;
  int total = 0;
  double rate() const { return static_cast<double>(inside) / total; }
};

// Whether figure i is figure j < i over again (a level reached only through one event): the
// same exact and estimated figures, which would count one interval twice.
bool Repeats(const Results& exact, const Results& estimate, size_t i) {
  for (size_t j = 0; j < i; ++j)
    if (exact.figures[j].by_step == exact.figures[i].by_step &&
        estimate.figures[j].by_step == estimate.figures[i].by_step)
      return true;
  return false;
}

// Runs `seeds` independent runs of `trials` and counts how often the 95% interval of each
// headline figure with exact value in [0.05, 0.95] (and of P(condition)) holds the exact value.
Coverage MeasureCoverage(const std::string& file, const std::string& given_text) {
  Model model = LoadModel(BRINK_SOURCE_DIR "/models/" + file);
  Plan plan = Compile(model, PointValues(model));
  Condition given;
  if (!given_text.empty()) given = ParseGiven(model, given_text);
  const Condition* condition = given_text.empty() ? nullptr : &given;
  Results exact = Solve(model, plan, condition);
  Coverage c;
  for (int seed = 1; seed <= kCoverageSeeds; ++seed) {
    Results r = Simulate(RunReference, model, plan, 100000 + seed, kCoverageTrials, condition, 1);
    REQUIRE_FALSE(r.figures.empty());
    for (size_t i = 0; i < exact.figures.size(); ++i) {
      const double p = exact.figures[i].probability;
      if (p < 0.05 || p > 0.95 || Repeats(exact, r, i)) continue;
      ++c.total;
      c.inside += r.figures[i].ci_low <= p && p <= r.figures[i].ci_high;
    }
    if (condition != nullptr) {
      ++c.total;
      c.inside += r.given.ci_low <= exact.given.probability &&
                  exact.given.probability <= r.given.ci_high;
    }
  }
  std::cout << "coverage: " << file << (given_text.empty() ? "" : " --given " + given_text)
            << ": " << c.inside << " of " << c.total << " intervals = " << 100 * c.rate()
            << "% (" << kCoverageSeeds << " seeds x " << kCoverageTrials << " trials)\n";
  return c;
}

TEST_CASE("Validation: 95% intervals hold the exact value 93-97% of the time", "[coverage]") {
  for (const char* file : {"coin.yaml", "chain.yaml", "cases_and_inhibitors.yaml"}) {
    Coverage c = MeasureCoverage(file, "");
    CAPTURE(file, c.inside, c.total);
    CHECK(c.rate() >= 0.93);
    CHECK(c.rate() <= 0.97);
  }
}

TEST_CASE("Validation: conditional intervals hold the exact value 93-97% of the time", "[coverage]") {
  for (auto [file, given] : {std::pair<const char*, const char*>{"chain.yaml", "border_incident"},
                            {"cases_and_inhibitors.yaml", "provocation and not talks"}}) {
    Coverage c = MeasureCoverage(file, given);
    CAPTURE(file, given, c.inside, c.total);
    CHECK(c.rate() >= 0.93);
    CHECK(c.rate() <= 0.97);
  }
}

}  // namespace
}  // namespace brink
