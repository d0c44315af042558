// The fast engine on version-2 models (engine/fast_episodes.cpp) must reproduce the reference
// engine's tallies (EpisodeTrial) exactly, every count, with every SIMD kernel this machine
// can run, on one thread and two.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "brink/given.h"
#include "brink/report.h"
#include "brink/run.h"
#include "brink/simd.h"
#include "estimate/from_tally.h"
#include "model_generator.h"
#include "test_util.h"

namespace brink {
namespace {

using test::Parse;

std::vector<uint64_t> Counts(const Tally& tally) {
  std::vector<uint64_t> counts;
  tally.AppendCounts(&counts);
  return counts;
}

// Every count of the fast tally equals the reference tally's, for each kernel.
void CheckIdentical(const Model& model, uint64_t trials, uint64_t seed, int threads,
                    const Condition* given = nullptr, uint64_t first_trial = 0) {
  RunOptions options;
  options.seed = seed;
  options.trials = trials;
  options.first_trial = first_trial;
  options.threads = threads;
  options.given = given;
  const Plan plan = Compile(model, PointValues(model));
  REQUIRE(plan.two_way);
  const Tally reference = RunReference(plan, options);
  const std::vector<uint64_t> expected = Counts(reference);
  for (SimdKernel kernel : AvailableKernels()) {
    CAPTURE(KernelName(kernel));
    options.simd = kernel;
    const Tally fast = RunFast(plan, options);
    REQUIRE(fast.two_way());
    REQUIRE(Counts(fast) == expected);
  }
}

TEST_CASE("Fast and reference engines agree on 200 generated version-2 models", "[fast_episodes]") {
  // Small models (the enumeration's limits) and larger ones: up to 12 events, horizon 24,
  // delays up to 6 and durations up to 5; trial counts that end mid-block and mid-group; a
  // third with a condition on the state at the horizon.
  int recurring = 0, initial = 0, conditions = 0;
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    CAPTURE(seed);
    const test::GeneratorLimits limits =
        seed % 2 == 0 ? test::GeneratorLimits{4, 5, 2, 3} : test::GeneratorLimits{12, 24, 6, 5};
    const Model m = Parse(test::GenerateEpisodeModel(9100 + seed, limits));
    if (!m.IsTwoWay()) continue;
    for (const Event& e : m.events) {
      recurring += e.recurs;
      initial += e.initially != InitialState::kNone;
    }
    if (seed % 3 == 0) {
      const Condition given = ParseGiven(
          m, test::GenerateEpisodeCondition(seed, static_cast<int>(m.events.size())));
      CheckIdentical(m, 900 + 7 * seed, seed, 1 + static_cast<int>(seed % 2), &given);
      ++conditions;
    } else {
      CheckIdentical(m, 900 + 7 * seed, seed, 1 + static_cast<int>(seed % 2));
    }
  }
  // Not vacuous: the generated models use what the engine has to get right.
  CHECK(recurring > 100);
  CHECK(initial > 50);
  CHECK(conditions >= 60);
}

TEST_CASE("Fast and reference engines agree on every kind of end, cases and partial groups",
          "[fast_episodes][cross]") {
  const Model m = Parse(R"(
scenario: both ways
horizon: 14
levels: [tense, crisis, war]
parameters:
  flare: 20%
events:
  a: {hazard: 0.3, ends: {hazard: 0.4}, recurs: true, level: tense}
  b:
    hazard:
      - when: a and not ever d
        p: 0.25
      - when: d
        p: 0.0625
      - else: 1%
    ends: {lasts: [1, 4]}
    recurs: true
    level: 1
  c: {p: 0.7, after: a or b, delay: [0, 3], ends: {p: 0.5, after: not a, delay: [0, 2]}, recurs: true, level: crisis}
  d: {p: 1, after: b, delay: 2, level: war, ends: {lasts: 3}}
  e: {hazard: flare, ends: {hazard: 0.2, while: not c}, initially: active}
  f: {hazard: 0.1, initially: ended, level: 2}
  g:
    p:
      - when: ever d
        p: 0.9
      - else: 0.3
    after: e
    delay: [1, 5]
    ends: {hazard: 0.5}
    recurs: true
)");
  // One thread: also the set scripts/cross-test.sh runs for aarch64 under qemu-user.
  for (uint64_t trials : {1ull, 63ull, 64ull, 65ull, 511ull, 513ull, 5000ull})
    CheckIdentical(m, trials, 9, 1);
  const Condition given = ParseGiven(m, "c and not ever d");
  CheckIdentical(m, 4000, 10, 1, &given);
  // A run extended from a later trial: the same trials, the same counts.
  CheckIdentical(m, 1536, 11, 1, nullptr, 1024);
}

// Plan a with every uncertain probability scaled by `factor` (capped at 1): a second arm of
// the same structure, as compare's policies are.
Plan Scaled(Plan plan, double factor) {
  for (PlanCase& pc : plan.cases) {
    if (pc.threshold.certain || pc.threshold.bits == 0) continue;
    const double p = static_cast<double>(pc.threshold.bits) * 0x1p-64;
    pc.threshold = Threshold::FromProbability(std::min(1.0, p * factor));
  }
  return plan;
}

TEST_CASE("Fast and reference engines pair version-2 arms alike, every count",
          "[fast_episodes]") {
  // Each arm's tally, both (happened by the horizon in both arms), both_active and the sum of
  // squared differences of onsets, on generated models against themselves scaled.
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    CAPTURE(seed);
    const Model m = Parse(test::GenerateEpisodeModel(9400 + seed, {12, 24, 6, 5}));
    const Plan a = Compile(m, PointValues(m));
    if (!a.two_way) continue;
    const Plan b = Scaled(a, seed % 2 == 0 ? 0.5 : 1.7);
    RunOptions options;
    options.seed = seed;
    options.trials = 700 + 11 * seed;
    options.threads = 1 + static_cast<int>(seed % 2);
    std::vector<uint64_t> expected, fast;
    RunReferencePaired(a, b, options).AppendCounts(&expected);
    for (SimdKernel kernel : AvailableKernels()) {
      CAPTURE(KernelName(kernel));
      options.simd = kernel;
      fast.clear();
      RunFastPaired(a, b, options).AppendCounts(&fast);
      REQUIRE(fast == expected);
    }
  }
}

TEST_CASE("Every kernel and thread count writes the same bytes for a version-2 model",
          "[fast_episodes]") {
  const Model m = LoadModel(BRINK_SOURCE_DIR "/examples/episodes/incidents.yaml");
  const Plan plan = Compile(m, PointValues(m));
  RunOptions options;
  options.seed = 17;
  options.trials = 30000;
  const Results reference = EstimateFromTally(m, RunReference(plan, options));
  for (SimdKernel kernel : AvailableKernels())
    for (int threads : {1, 2}) {
      CAPTURE(KernelName(kernel), threads);
      options.simd = kernel;
      options.threads = threads;
      const Results fast = EstimateFromTally(m, RunFast(plan, options));
      CHECK(SummaryCsv(fast) == SummaryCsv(reference));
      CHECK(TimelineCsv(fast) == TimelineCsv(reference));
      CHECK(OccurrencesCsv(fast) == OccurrencesCsv(reference));
    }
}

}  // namespace
}  // namespace brink
