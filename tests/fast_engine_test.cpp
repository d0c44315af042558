// The fast engine must reproduce the reference engine's tallies exactly, with every SIMD
// kernel this machine can run.
#include <catch2/catch.hpp>

#include <filesystem>
#include <vector>

#include "estimate/from_tally.h"
#include "brink/given.h"
#include "brink/report.h"
#include "brink/run.h"
#include "brink/simd.h"
#include "model_generator.h"
#include "test_util.h"

namespace brink {
namespace {

using test::Parse;

void CheckIdentical(const Model& model, uint64_t trials, uint64_t seed, int threads,
                    const Condition* given = nullptr) {
  RunOptions options;
  options.seed = seed;
  options.trials = trials;
  options.threads = threads;
  options.given = given;
  Plan plan = Compile(model, PointValues(model));
  Tally reference = RunReference(plan, options);
  for (SimdKernel kernel : AvailableKernels()) {
    CAPTURE(KernelName(kernel));
    options.simd = kernel;
    Tally fast = RunFast(plan, options);
    REQUIRE(fast.simulated() == reference.simulated());
    REQUIRE(fast.counted() == reference.counted());
    for (int row = 0; row < reference.num_rows(); ++row)
      for (int t = 1; t <= reference.horizon(); ++t) {
        CAPTURE(row, t);
        REQUIRE(fast.first(row, t) == reference.first(row, t));
      }
    if (reference.counted() > 0)
      CHECK(SummaryCsv(EstimateFromTally(model, fast)) ==
            SummaryCsv(EstimateFromTally(model, reference)));
  }
}

TEST_CASE("Fast and reference engines agree exactly on every shipped model", "[fast]") {
  for (const auto& entry : std::filesystem::directory_iterator(BRINK_SOURCE_DIR "/models")) {
    if (entry.path().extension() != ".yaml" || test::IsHistoryFile(entry.path())) continue;
    CAPTURE(entry.path().string());
    Model m = LoadModel(entry.path().string());
    // Trial counts that end mid-block and mid-group, and thread counts 1 and 2.
    CheckIdentical(m, 20000, 3, 2);
    CheckIdentical(m, 777, 4, 1);
    // A condition that holds in some trials only.
    Plan plan = Compile(m, PointValues(m));
    const int last = plan.order.back().event;
    Condition given = ParseGiven(m, "not " + m.events[last].id);
    CheckIdentical(m, 3000, 5, 2, &given);
  }
}

TEST_CASE("Fast and reference engines agree on one thread, shipped and generated models",
          "[fast][cross]") {
  // Also the set that scripts/cross-test.sh runs for aarch64 under qemu-user (where threads
  // are unavailable): the shipped models and generated ones, which use every feature of the
  // language (tests/model_generator.h), with and without a condition.
  for (const auto& entry : std::filesystem::directory_iterator(BRINK_SOURCE_DIR "/models")) {
    if (entry.path().extension() != ".yaml" || test::IsHistoryFile(entry.path())) continue;
    CAPTURE(entry.path().string());
    CheckIdentical(LoadModel(entry.path().string()), 3000, 6, 1);
  }
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    CAPTURE(seed);
    Model m = Parse(test::GenerateModel(5000 + seed));
    Condition given =
        ParseGiven(m, test::GenerateCondition(seed, static_cast<int>(m.events.size())));
    CheckIdentical(m, 700 + 13 * seed, seed, 1);
    CheckIdentical(m, 700, seed, 1, &given);
  }
}

TEST_CASE("Fast and reference engines agree on cases, delays and partial groups", "[fast]") {
  Model m = Parse(R"(
scenario: everything
horizon: 9
levels: [calm, tense, crisis, war]
parameters:
  tiny: 0.001%
events:
  a: {hazard: 0.3}
  b:
    hazard:
      - when: a and not d
        p: 0.25
      - when: d
        p: 0.0625
      - else: tiny
    level: 1
  c: {p: 0.7, after: a or b, delay: [0, 4], level: crisis}
  d: {p: 1, after: b, delay: 2, level: 3}
  e:
    p:
      - when: d
        p: 0.9
      - when: false
        p: 1
    after: c
    delay: [1, 9]
  f: {hazard: 1, while: e and not d}
  g: {p: 0, after: true}
)");
  for (uint64_t trials : {1ull, 63ull, 64ull, 65ull, 511ull, 513ull, 5000ull})
    CheckIdentical(m, trials, 9, 2);
}

TEST_CASE("Every kernel, thread count and engine writes the same bytes, with draws", "[fast]") {
  // The outputs of whole runs: draws of the uncertain values (the default model has them),
  // with and without a condition.
  Model m = LoadModel(BRINK_SOURCE_DIR "/examples/one-way/russia_dprk_treaty.yaml");
  ParameterSetting setting = SettleParameters(m, {});
  REQUIRE(!setting.sampled.empty());
  Condition given = ParseGiven(m, "dprk_troops or not treaty_invoked");
  for (const Condition* condition : {static_cast<const Condition*>(nullptr),
                                     static_cast<const Condition*>(&given)}) {
    std::string summary, timeline, draws;
    auto check = [&](const std::string& engine, SimdKernel kernel, int threads) {
      CAPTURE(engine, KernelName(kernel), threads, condition != nullptr);
      RunRequest request;
      request.seed = 11;
      request.trials = 1500;  // not a multiple of 512
      request.draws = 5;
      request.threads = threads;
      request.engine = *ParseName<Engine>(engine);
      request.simd = kernel;
      request.given = condition;
      RunOutcome outcome = RunModel(m, setting, request);
      const std::string s = SummaryCsv(outcome.results), t = TimelineCsv(outcome.results),
                        d = DrawsCsv(outcome.results, outcome.sampled_names,
                                     outcome.sampled_values);
      if (summary.empty()) {
        summary = s;
        timeline = t;
        draws = d;
        return;
      }
      CHECK(s == summary);
      CHECK(t == timeline);
      CHECK(d == draws);
    };
    check("reference", SimdKernel::kAuto, 2);
    for (SimdKernel kernel : AvailableKernels())
      for (int threads : {1, 2}) check("fast", kernel, threads);
  }
}

TEST_CASE("A run extended batch by batch equals one long run", "[fast]") {
  Model m = LoadModel(BRINK_SOURCE_DIR "/models/chain.yaml");
  Plan plan = Compile(m, PointValues(m));
  RunOptions whole;
  whole.seed = 8;
  whole.trials = 5000;
  whole.threads = 2;
  std::vector<Tally (*)(const Plan&, const RunOptions&)> engines = {RunReference};
  std::vector<SimdKernel> kernels = {SimdKernel::kAuto};
  for (SimdKernel kernel : AvailableKernels()) {
    engines.push_back(RunFast);
    kernels.push_back(kernel);
  }
  for (size_t i = 0; i < engines.size(); ++i) {
    auto run = engines[i];
    CAPTURE(KernelName(kernels[i]));
    whole.simd = kernels[i];
    Tally all = run(plan, whole);
    Tally parts(all.horizon(), all.num_events(), all.num_levels());
    for (uint64_t first = 0; first < whole.trials; first += 1024) {
      RunOptions batch = whole;
      batch.first_trial = first;
      batch.trials = std::min<uint64_t>(1024, whole.trials - first);
      parts.Add(run(plan, batch));
    }
    CHECK(parts.counted() == all.counted());
    for (int row = 0; row < all.num_rows(); ++row)
      for (int t = 1; t <= all.horizon(); ++t) CHECK(parts.first(row, t) == all.first(row, t));
  }
}

}  // namespace
}  // namespace brink
