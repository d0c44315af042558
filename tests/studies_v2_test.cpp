// Studies on version-2 models (events that end, recur, start already going on): a sweep point
// is a run, compare pairs episode trials, and tornado and Sobol read now-targets.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "brink/compare.h"
#include "brink/report.h"
#include "brink/run.h"
#include "brink/sensitivity.h"
#include "brink/sobol.h"
#include "brink/sweep.h"
#include "engine/engine.h"
#include "plan/plan.h"
#include "run/exact_run.h"
#include "test_util.h"

namespace brink {
namespace {

const std::string kPatrols = BRINK_SOURCE_DIR "/examples/episodes/patrols.yaml";

RunRequest Request(uint64_t trials, uint64_t seed = 23) {
  RunRequest r;
  r.seed = seed;
  r.trials = trials;
  r.threads = 2;
  r.engine = Engine::kReference;
  return r;
}

// Exact results of `model` with `pins` (its point values otherwise; one draw).
Results Exact(const Model& model, const Settings& pins) {
  RunRequest request;
  request.draws = 1;
  ExactOptions exact;
  return RunModelExactly(model, SettleParameters(model, pins), request, exact).run.results;
}

TEST_CASE("A version-2 sweep point is the run at its value, byte for byte", "[studies_v2]") {
  const Model model = LoadModel(kPatrols);
  REQUIRE(model.IsTwoWay());
  const std::vector<SweepAxis> axes = {ParseVary(model, "resolve_rate=30%,70%"),
                                       ParseVary(model, "talks_succeed=20%,80%")};
  RunRequest request = Request(3000);
  request.draws = 1;
  const std::vector<SweepPoint> points = RunSweep(model, axes, {}, request);
  REQUIRE(points.size() == 4);
  for (size_t i = 0; i < points.size(); ++i) {
    CAPTURE(i);
    SweepPoint alone;
    alone.values = points[i].values;
    alone.outcome = RunModel(model,
                             SettleParameters(model, {{"resolve_rate", points[i].values[0]},
                                                      {"talks_succeed", points[i].values[1]}}),
                             request);
    REQUIRE(points[i].outcome.results.two_way);
    CHECK(SweepCsvRows(i, points[i], false) == SweepCsvRows(i, alone, false));
  }
  // The file names the now figures; a version-1 header is unchanged.
  const std::string csv = SweepCsv(axes, points);
  CHECK(csv.rfind("point,resolve_rate,talks_succeed,kind,id,probability,std_error,ci95_low,"
                  "ci95_high,active_probability,active_std_error,active_ci95_low,"
                  "active_ci95_high,mean_occurrences,mean_steps_active\n", 0) == 0);
  CHECK(SweepCsvHeader(axes, false, true) ==
        "point,resolve_rate,talks_succeed,kind,id,probability,std_error,ci95_low,ci95_high,"
        "difference,paired_low,paired_high\n");
  // A likelier end hazard lowers P(incident active at the horizon): a sweep an analyst reads.
  const int incident = model.FindEvent("incident");
  CHECK(points[2].outcome.results.figures[incident].now.probability <
        points[0].outcome.results.figures[incident].now.probability);
}

TEST_CASE("A version-2 sweep with a baseline: the baseline's differences are 0",
          "[studies_v2]") {
  const Model model = LoadModel(kPatrols);
  const std::vector<SweepAxis> axes = {ParseVary(model, "resolve_rate=30%,50%,70%")};
  RunRequest request = Request(2000);
  request.draws = 1;
  std::vector<SweepPoint> points;
  RunSweep(model, axes, {}, request,
           [&](size_t, SweepPoint p) { points.push_back(std::move(p)); }, 1);
  REQUIRE(points.size() == 3);
  for (const PairedFigure& f : points[1].outcome.versus_baseline) {
    CHECK(f.two_way);
    CHECK(f.difference == 0);
    CHECK(f.now.difference == 0);
    CHECK(f.now.a_only == 0);
    CHECK(f.now.b_only == 0);
  }
  // Each point's own figures are those of the point run alone.
  for (size_t i = 0; i < points.size(); ++i) {
    const RunOutcome alone =
        RunModel(model, SettleParameters(model, {{"resolve_rate", points[i].values[0]}}), request);
    SweepPoint copy = points[i];
    copy.outcome.versus_baseline.clear();
    SweepPoint plain{points[i].values, alone};
    CHECK(SweepCsvRows(i, copy, false) == SweepCsvRows(i, plain, false));
  }
}

TEST_CASE("Compare of a version-2 model with itself: every difference 0, with no spread",
          "[studies_v2]") {
  const Model model = LoadModel(kPatrols);
  for (int draws : {1, 4}) {
    CAPTURE(draws);
    CompareArms arms;
    arms.model_a = arms.model_b = &model;
    RunRequest request = Request(3000);
    request.draws = draws;
    const CompareOutcome outcome = RunCompare(arms, request);
    REQUIRE(outcome.figures.size() == 4);
    for (const PairedFigure& f : outcome.figures) {
      CAPTURE(f.id);
      REQUIRE(f.two_way);
      CHECK(f.difference == 0);
      CHECK(f.now.difference == 0);
      CHECK(f.occurrences.difference == 0);
      CHECK(f.occurrences.paired_low == 0);
      CHECK(f.occurrences.paired_high == 0);
      if (draws == 1) {
        CHECK(f.a_only + f.b_only == 0);
        CHECK(f.now.a_only + f.now.b_only == 0);
      } else {  // the per-draw differences are all 0: sd 0
        CHECK(f.paired_low == 0);
        CHECK(f.paired_high == 0);
        CHECK(f.now.paired_low == 0);
        CHECK(f.now.paired_high == 0);
      }
    }
  }
}

TEST_CASE("The paired tally's arms are their own runs, and 'both' counts both",
          "[studies_v2]") {
  const Model model = LoadModel(kPatrols);
  const Plan a = Compile(model, PointValues(model));
  std::vector<double> moved = PointValues(model);
  SetParameter(model, "talks_succeed", 0.9, &moved);
  SetParameter(model, "resolve_rate", 0.2, &moved);
  const Plan b = Compile(model, moved);
  RunOptions options;
  options.seed = 5;
  options.trials = 2500;  // not a multiple of 64
  options.threads = 2;
  const PairedTally paired = RunReferencePaired(a, b, options);
  REQUIRE(paired.two_way());
  for (const auto& [arm, plan] : {std::pair<const Tally*, const Plan*>{&paired.a, &a},
                                  {&paired.b, &b}}) {
    std::vector<uint64_t> mine, alone;
    arm->AppendCounts(&mine);
    RunReference(*plan, options).AppendCounts(&alone);
    CHECK(mine == alone);
  }
  // The flat counts round-trip (what MPI sums), and v2 adds rows × 2 + events numbers.
  std::vector<uint64_t> flat;
  paired.AppendCounts(&flat);
  CHECK(flat.size() == paired.CountsSize());
  CHECK(paired.CountsSize() == paired.a.CountsSize() * 2 + 4 + 4 + 2);
  PairedTally back(a.horizon, a.num_events, a.num_levels, true);
  back.AddCounts(flat.data());
  std::vector<uint64_t> again;
  back.AppendCounts(&again);
  CHECK(again == flat);
  // Both at most each arm; with identical arms, both is each arm's count.
  const int h = a.horizon;
  for (int row = 0; row < paired.a.num_rows(); ++row) {
    CHECK(paired.both_active[row] <= std::min(paired.a.active(row, h), paired.b.active(row, h)));
  }
  const PairedTally same = RunReferencePaired(a, a, options);
  for (int row = 0; row < same.a.num_rows(); ++row) {
    CHECK(same.both_active[row] == same.a.active(row, h));
    uint64_t by = 0;
    for (int t = 0; t <= h; ++t) by += same.a.first(row, t);
    CHECK(same.both[row] == by);
  }
  for (uint64_t squares : same.onsets_squares) CHECK(squares == 0);
}

TEST_CASE("Two version-2 policies: the paired differences are within 5 SE of the exact ones",
          "[studies_v2]") {
  const Model model = LoadModel(kPatrols);
  struct Case {
    Settings a, b;
  };
  // An end decision's chance (ends.p) and an end hazard, each at two values; resolve_rate is
  // uncertain, so it is pinned when not varied.
  const std::vector<Case> cases = {
      {{{"talks_succeed", 0.3}, {"resolve_rate", 0.5}},
       {{"talks_succeed", 0.9}, {"resolve_rate", 0.5}}},
      {{{"resolve_rate", 0.3}}, {{"resolve_rate", 0.6}}},
  };
  int checked = 0;
  for (const Case& c : cases) {
    const Results exact_a = Exact(model, c.a), exact_b = Exact(model, c.b);
    CompareArms arms;
    arms.model_a = arms.model_b = &model;
    arms.a = c.a;
    arms.b = c.b;
    RunRequest request = Request(20000, 41);
    request.draws = 1;
    const CompareOutcome outcome = RunCompare(arms, request);
    for (size_t f = 0; f < outcome.figures.size(); ++f) {
      const PairedFigure& p = outcome.figures[f];
      const Figure& ea = exact_a.figures[f];
      const Figure& eb = exact_b.figures[f];
      CAPTURE(c.a.front().first, p.id);
      auto within = [&](const PairedValue& v, double exact) {
        const double se = (v.paired_high - v.paired_low) / (2 * 1.959963984540054);
        INFO("difference " << v.difference << ", exact " << exact << ", se " << se);
        CHECK(std::fabs(v.difference - exact) <= 5 * se + 1e-12);
        ++checked;
      };
      within(p, eb.probability - ea.probability);
      within(p.now, eb.now.probability - ea.now.probability);
      // Common random numbers: the paired interval of P(active) is narrower than two runs'.
      if (std::fabs(eb.now.probability - ea.now.probability) > 1e-9) {
        CHECK(p.now.paired_high - p.now.paired_low <
              p.now.independent_high - p.now.independent_low);
      }
      if (p.kind == Figure::Kind::kEvent) {
        const double se = (p.occurrences.paired_high - p.occurrences.paired_low) /
                          (2 * 1.959963984540054);
        const double exact = eb.now.mean_occurrences - ea.now.mean_occurrences;
        INFO("occurrences " << p.occurrences.difference << ", exact " << exact);
        CHECK(std::fabs(p.occurrences.difference - exact) <= 5 * se + 1e-12);
      }
    }
  }
  CHECK(checked == 2 * 2 * 4);
}

TEST_CASE("Compare refuses a version-1 arm beside a version-2 one", "[studies_v2]") {
  const Model episodes = LoadModel(kPatrols);
  const Model plain = test::Parse(R"(
scenario: plain
horizon: 12
levels: [calm, Incident, Standoff]
events:
  incident: {hazard: 0.2, level: 1}
  standoff: {after: incident, p: 0.25, level: 2}
)");
  CompareArms arms;
  arms.model_a = &episodes;
  arms.model_b = &plain;
  CHECK_THROWS_AS(RunCompare(arms, Request(1000)), UsageError);
}

// One range dominates P(active at the horizon): the end hazard's (wide), not the onset
// hazard's (narrow).
const char* kDominated = R"(
scenario: one range dominates
horizon: 6
parameters:
  end_rate: uniform(0.05, 0.9)
  onset_rate: uniform(0.28, 0.32)
  unused: uniform(0.1, 0.9)
events:
  flare:
    hazard: onset_rate
    recurs: true
    ends:
      hazard: end_rate
  other: {hazard: unused}
)";

TEST_CASE("Tornado and Sobol on a now-target rank the dominant end hazard first",
          "[studies_v2]") {
  const Model model = test::Parse(kDominated);
  const Target target = ParseTarget(model, "active:flare");
  REQUIRE(target.now);
  RunRequest request = Request(4000, 7);
  const std::vector<TornadoBar> bars = Tornado(model, target, 0.5, {}, request);
  REQUIRE(bars.size() == 3);
  CHECK(bars[0].parameter == "end_rate");
  CHECK(bars[0].target_at_high < bars[0].target_at_low);  // a likelier end: less active
  CHECK(bars[2].parameter == "unused");
  CHECK(bars[2].swing == 0);  // common random numbers: no effect, exactly
  // The tornado's base is the now figure of the run at the medians.
  ParameterSetting medians = SettleParameters(model, {});
  medians.sampled.clear();
  RunRequest one = request;
  one.draws = 1;
  CHECK(bars[0].target_at_base ==
        RunModel(model, medians, one).results.figures[target.row].now.probability);

  SobolOptions options;
  options.samples = 64;
  options.resamples = 200;
  const std::vector<SobolIndex> indices = SobolIndices(model, target, {}, request, options);
  REQUIRE(indices.size() == 3);
  const SobolIndex& end = indices[0];
  const SobolIndex& onset = indices[1];
  const SobolIndex& unused = indices[2];
  REQUIRE(end.parameter == "end_rate");
  CHECK(end.st > 0.8);
  CHECK(end.s1 > onset.s1);
  CHECK(end.st > onset.st);
  CHECK(end.st > 5 * onset.st);
  CHECK(unused.s1 == 0);
  CHECK(unused.st == 0);
  // The importance of the events for the now-target: forcing flare's onsets raises it.
  const std::vector<EventImportance> importance = Importance(model, target, {}, request);
  CHECK(importance[0].p_if_certain > importance[0].p_target);
  CHECK(importance[0].p_if_impossible == 0);
  CHECK(importance[1].birnbaum == 0);
}

}  // namespace
}  // namespace brink
