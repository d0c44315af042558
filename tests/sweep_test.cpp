// Sweeps, sensitivity and precision control.
#include <catch2/catch.hpp>

#include <cmath>

#include "estimate/from_tally.h"
#include "engine/exact.h"
#include "brink/report.h"
#include "brink/sensitivity.h"
#include "brink/sweep.h"
#include "test_util.h"

namespace brink {
namespace {

const char* kMonotone = R"(
scenario: monotone sweep
horizon: 10
levels: [calm, tense, war]
parameters:
  offensive: 0.05
  invoke: 0.5
  unrelated: 0.2
events:
  attack: {hazard: offensive}
  invoked: {p: invoke, after: attack, delay: [0, 2], level: 1}
  troops: {p: 0.4, after: invoked or attack, level: war}
  side: {hazard: unrelated}
  side_effect: {p: 0.5, after: side}
)";

RunRequest Request(uint64_t trials, int threads = 2) {
  RunRequest r;
  r.seed = 17;
  r.trials = trials;
  r.threads = threads;
  return r;
}

TEST_CASE("--vary specs: ranges, lists and percents", "[sweep]") {
  Model m = test::Parse(kMonotone);
  SweepAxis a = ParseVary(m, "invoke=0.2:0.9:0.1");
  REQUIRE(a.values.size() == 8);
  CHECK(a.values.front() == 0.2);
  CHECK(a.values.back() == Approx(0.9));
  CHECK(ParseVary(m, "invoke=20%,50%,90%").values == std::vector<double>{0.2, 0.5, 0.9});
  CHECK(ParseVary(m, "invoke=0.5").values == std::vector<double>{0.5});
  CHECK_THROWS_AS(ParseVary(m, "invok=0.5"), UsageError);
  CHECK_THROWS_AS(ParseVary(m, "invoke=0.9:0.2:0.1"), UsageError);
  CHECK_THROWS_AS(ParseVary(m, "invoke=0.2:0.9"), UsageError);
  CHECK_THROWS_AS(ParseVary(m, "invoke=0.2,1.5"), UsageError);
  CHECK_THROWS_AS(ParseVary(m, "invoke"), UsageError);
  // The same parameter twice, and grids past 10^6 points, are refused.
  std::vector<SweepAxis> twice = {ParseVary(m, "invoke=0.1,0.2"), ParseVary(m, "invoke=0.3")};
  CHECK_THROWS_AS(RunSweep(m, twice, {}, Request(64)), UsageError);
  std::vector<SweepAxis> huge(3, ParseVary(m, "invoke=0:1:0.001"));
  huge[1].name = "offensive";
  huge[2].name = "unrelated";
  CHECK_THROWS_AS(RunSweep(m, huge, {}, Request(64)), UsageError);
}

TEST_CASE("A sweep of a monotone model never decreases, and unrelated figures stay put",
          "[sweep]") {
  Model m = test::Parse(kMonotone);
  REQUIRE(m.IsMonotone());
  std::vector<SweepAxis> axes = {ParseVary(m, "invoke=0:1:0.125")};
  std::vector<SweepPoint> points = RunSweep(m, axes, {}, Request(20000));
  REQUIRE(points.size() == 9);
  const size_t figures = points[0].outcome.results.figures.size();
  for (size_t i = 1; i < points.size(); ++i) {
    for (size_t f = 0; f < figures; ++f) {
      const Figure& before = points[i - 1].outcome.results.figures[f];
      const Figure& now = points[i].outcome.results.figures[f];
      CAPTURE(i, now.id);
      CHECK(now.probability >= before.probability);  // exactly, not statistically
      for (size_t t = 0; t < now.by_step.size(); ++t) CHECK(now.by_step[t] >= before.by_step[t]);
      if (now.id == "attack" || now.id == "side" || now.id == "side_effect") {
        CHECK(now.probability == before.probability);
        CHECK(now.std_error == before.std_error);
        CHECK(now.by_step == before.by_step);
      }
    }
  }
  // The curve does rise.
  CHECK(points.back().outcome.results.figures[1].probability >
        points.front().outcome.results.figures[1].probability);
  // A grid: 3 x 2 points, last axis fastest; the same whichever way points are scheduled.
  std::vector<SweepAxis> grid = {ParseVary(m, "invoke=0.2,0.5,0.8"),
                                 ParseVary(m, "offensive=1%,10%")};
  std::vector<SweepPoint> one = RunSweep(m, grid, {}, Request(3000, 1));
  std::vector<SweepPoint> two = RunSweep(m, grid, {}, Request(3000, 2));
  REQUIRE(one.size() == 6);
  CHECK(one[1].values == std::vector<double>{0.2, 0.1});
  CHECK(SweepCsv(grid, one) == SweepCsv(grid, two));
  CHECK(SweepCsv(grid, one).rfind("point,invoke,offensive,kind,id,probability,std_error,", 0) == 0);
}

TEST_CASE("Tornado bars use percentiles or a relative swing and are sorted", "[sweep]") {
  Model m = test::Parse(R"(
scenario: tornado
horizon: 6
parameters:
  big: uniform(0.2, 0.6)
  small: 0.1
  none: 0.3
events:
  a: {p: big}
  b: {hazard: small, level: 0}
  c: {p: 0.5, after: a and b}
  d: {hazard: none}
)");
  int target = FindTarget(m, "c");
  std::vector<TornadoBar> bars = Tornado(m, target, 0.5, {}, Request(20000));
  REQUIRE(bars.size() == 3);
  CHECK(bars[0].parameter == "big");
  CHECK(bars[0].low == Approx(0.22));
  CHECK(bars[0].high == Approx(0.58));
  CHECK(bars[1].parameter == "small");
  CHECK(bars[1].low == Approx(0.05));
  CHECK(bars[1].high == Approx(0.15));
  CHECK(bars[2].parameter == "none");
  CHECK(bars[2].swing == 0);  // d does not reach c: common random numbers make it exact
  CHECK(bars[0].swing >= bars[1].swing);
  CHECK(TornadoCsv(bars).rfind(
            "parameter,low,high,target_at_low,target_at_high,swing,base,target_at_base\n", 0) == 0);
  for (const TornadoBar& bar : bars) {
    CAPTURE(bar.parameter);
    CHECK(bar.base == PointValues(m)[m.FindParameter(bar.parameter)]);
    CHECK(bar.target_at_base == bars[0].target_at_base);
  }
}

TEST_CASE("Targets name events or levels", "[sweep]") {
  Model m = test::Parse(kMonotone);
  CHECK(FindTarget(m, "") == 6);  // the top level (5 events, levels 1..2)
  CHECK(FindTarget(m, "level:1") == 5);
  CHECK(FindTarget(m, "troops") == 2);
  CHECK_THROWS_AS(FindTarget(m, "level:3"), UsageError);
  CHECK_THROWS_AS(FindTarget(m, "troop"), UsageError);
}

TEST_CASE("Precision control stops at the same trial count for any thread count", "[sweep]") {
  Model m = test::Parse(kMonotone);
  RunRequest r = Request(0, 1);
  const int target = FindTarget(m, "troops");
  r.mode = PrecisionGoal{0.002, false, target};
  RunOutcome one = RunModel(m, SettleParameters(m, {}), r);
  r.threads = 2;
  RunOutcome two = RunModel(m, SettleParameters(m, {}), r);
  CHECK(one.precision_reached);
  CHECK(one.trials == two.trials);
  CHECK(one.trials % kPrecisionBatch == 0);
  CHECK(one.trials > kPrecisionBatch);  // needed more than one batch
  const Figure& f = one.results.figures[target];
  CHECK(HalfWidth(f) <= 0.002);
  // One batch fewer would not have been enough.
  RunRequest fewer = Request(one.trials - kPrecisionBatch, 2);
  CHECK(HalfWidth(RunModel(m, SettleParameters(m, {}), fewer).results.figures[target]) > 0.002);
  // Relative precision, and the cap.
  r.mode = PrecisionGoal{0.0001, false, target, 3 * kPrecisionBatch};
  RunOutcome capped = RunModel(m, SettleParameters(m, {}), r);
  CHECK_FALSE(capped.precision_reached);
  CHECK(capped.trials == 3 * kPrecisionBatch);
}

// |mc - exact| <= 5 binomial standard errors of the exact value over `trials` trials.
void CheckAgainstExact(const Figure& mc, const Figure& exact, uint64_t trials) {
  test::CheckProbability(mc.probability, exact.probability, trials, mc.id);
}

TEST_CASE("Sweep figures agree with exact runs with --set on the teaching models", "[sweep]") {
  struct Case {
    const char* model;
    const char* vary;
  };
  for (const Case& c : {Case{"chain.yaml", "mobilise_p=0:1:0.25"},
                        Case{"chain.yaml", "incident_rate=1%,5%,20%"},
                        Case{"cases_and_inhibitors.yaml", "warning_p=10%,50%,90%"},
                        Case{"cases_and_inhibitors.yaml", "provocation_rate=0.02:0.1:0.04"}}) {
    CAPTURE(c.model, c.vary);
    Model m = LoadModel(std::string(BRINK_SOURCE_DIR "/models/") + c.model);
    std::vector<SweepAxis> axes = {ParseVary(m, c.vary)};
    RunRequest mc = Request(40000);
    RunRequest exact = mc;
    exact.engine = Engine::kExact;
    std::vector<SweepPoint> sweep = RunSweep(m, axes, {}, mc);
    for (const SweepPoint& point : sweep) {
      // The exact figure of the same point, as `brink exact --set NAME=VALUE` computes it.
      RunOutcome solved =
          RunModel(m, SettleParameters(m, {{axes[0].name, point.values[0]}}), exact);
      for (size_t f = 0; f < solved.results.figures.size(); ++f)
        CheckAgainstExact(point.outcome.results.figures[f], solved.results.figures[f], 40000);
    }
  }
}

TEST_CASE("Importance figures agree with exact runs with each event pinned to 0 and 1",
          "[sweep]") {
  Model m = LoadModel(BRINK_SOURCE_DIR "/models/cases_and_inhibitors.yaml");
  const int target = FindTarget(m, "");
  std::vector<EventImportance> mc = Importance(m, target, {}, Request(40000));
  RunRequest exact = Request(0);
  exact.engine = Engine::kExact;
  std::vector<EventImportance> solved = Importance(m, target, {}, exact);
  REQUIRE(mc.size() == m.events.size());
  for (size_t e = 0; e < mc.size(); ++e) {
    CAPTURE(mc[e].event);
    test::CheckProbability(mc[e].p_target, solved[e].p_target, 40000, "p_target");
    test::CheckProbability(mc[e].p_if_certain, solved[e].p_if_certain, 40000, "certain");
    test::CheckProbability(mc[e].p_if_impossible, solved[e].p_if_impossible, 40000, "impossible");
    // The exact engine with the event forced, directly on the plan.
    for (double p : {0.0, 1.0}) {
      Plan plan = Compile(m, PointValues(m));
      ForceEvent(&plan, static_cast<int>(e), p);
      ExactSolution direct = SolveExact(plan, ExactOptions());
      Results r = EstimateFromExact(m, direct);
      CHECK(r.figures[target].probability ==
            Approx(p == 1 ? solved[e].p_if_certain : solved[e].p_if_impossible).margin(1e-12));
    }
  }
  // Forcing an event that leads to the target raises it; an unrelated one leaves it alone.
  CHECK(solved[0].birnbaum > 0);
}

}  // namespace
}  // namespace brink

namespace brink {
namespace {

TEST_CASE("A sweep hands on its points in order, whatever the threads", "[sweep]") {
  Model m = test::Parse(kMonotone);
  std::vector<SweepAxis> grid = {ParseVary(m, "invoke=0:1:0.05"), ParseVary(m, "offensive=0.1,0.2")};
  const std::vector<SweepPoint> whole = RunSweep(m, grid, {}, Request(500, 1));
  for (int threads : {1, 2, 3, 7}) {
    std::string streamed = SweepCsvHeader(grid, false);
    size_t expected = 0;
    RunSweep(m, grid, {}, Request(500, threads), [&](size_t i, SweepPoint point) {
      CHECK(i == expected++);
      streamed += SweepCsvRows(i, point, false);
    });
    CHECK(expected == 42);
    CHECK(streamed == SweepCsv(grid, whole));
  }
}

}  // namespace
}  // namespace brink
