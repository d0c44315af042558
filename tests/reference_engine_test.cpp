// The reference engine against answers derived by hand, each within 5 standard errors at a
// fixed seed (exact 0s and 1s must match exactly).
#include <catch2/catch.hpp>

#include <cmath>

#include "brink/report.h"
#include "test_util.h"

namespace brink {
namespace {

using test::CheckProbability;
using test::FigureOf;
using test::Parse;
using test::RunReferenceOn;

constexpr uint64_t kTrials = 200000;

TEST_CASE("A chain of responses multiplies its probabilities", "[reference_engine]") {
  Model m = Parse(R"(
scenario: chain
horizon: 3
events:
  a: {p: 0.5}
  b: {p: 0.4, after: a}
  c: {p: 0.3, after: b}
)");
  Results r = RunReferenceOn(m, kTrials);
  CheckProbability(FigureOf(r, "event", "a").probability, 0.5, kTrials, "a");
  CheckProbability(FigureOf(r, "event", "b").probability, 0.2, kTrials, "b");
  CheckProbability(FigureOf(r, "event", "c").probability, 0.06, kTrials, "c");
  // Zero delays: all in step 1.
  CHECK(FigureOf(r, "event", "c").by_step[0] == FigureOf(r, "event", "c").probability);
  CHECK(FigureOf(r, "event", "c").mean_first_step == 1);
}

TEST_CASE("A hazard over H steps happens with probability 1 - (1 - h)^H", "[reference_engine]") {
  Model m = Parse("scenario: coin\nhorizon: 6\nevents:\n  x: {hazard: 10%}\n");
  Results r = RunReferenceOn(m, kTrials);
  const Figure& x = FigureOf(r, "event", "x");
  double mean = 0;
  for (int t = 1; t <= 6; ++t) {
    CheckProbability(x.by_step[t - 1], 1 - std::pow(0.9, t), kTrials, "by step " + std::to_string(t));
    mean += t * 0.1 * std::pow(0.9, t - 1);
  }
  mean /= 1 - std::pow(0.9, 6);
  // Mean first step: sd of the first step is below 2, so 5 se is < 10 / sqrt(count).
  CHECK(std::fabs(x.mean_first_step - mean) < 10 / std::sqrt(x.probability * kTrials));
}

TEST_CASE("Delays: arrivals in later steps, and none past the horizon", "[reference_engine]") {
  Model m = Parse(R"(
scenario: delays
horizon: 5
events:
  fixed: {p: 0.5, delay: 3}
  range: {p: 0.8, delay: [2, 6]}
  beyond: {p: 1, delay: 5}
)");
  Results r = RunReferenceOn(m, kTrials);
  const Figure& fixed = FigureOf(r, "event", "fixed");
  for (int t = 1; t <= 3; ++t) CHECK(fixed.by_step[t - 1] == 0);
  CheckProbability(fixed.by_step[3], 0.5, kTrials, "fixed by 4");
  CHECK(fixed.mean_first_step == 4);
  // Decided in step 1, due at 1 + d with d uniform on 2..6: steps 3, 4, 5 fall in the run.
  const Figure& range = FigureOf(r, "event", "range");
  CHECK(range.by_step[1] == 0);
  CheckProbability(range.by_step[2], 0.8 / 5, kTrials, "range by 3");
  CheckProbability(range.by_step[3], 0.8 * 2 / 5, kTrials, "range by 4");
  CheckProbability(range.by_step[4], 0.8 * 3 / 5, kTrials, "range by 5");
  CHECK(std::fabs(range.mean_first_step - 4) < 5 * std::sqrt(2.0 / 3 / (0.48 * kTrials)));
  CHECK(FigureOf(r, "event", "beyond").probability == 0);
  CHECK_FALSE(FigureOf(r, "event", "beyond").occurred);
}

TEST_CASE("A response is decided once: a failed response never retries", "[reference_engine]") {
  Model m = Parse(R"(
scenario: once
horizon: 10
events:
  r: {p: 0.3}
  h: {hazard: 0.5}
  s: {p: 0.3, after: h}
)");
  Results r = RunReferenceOn(m, kTrials);
  CheckProbability(FigureOf(r, "event", "r").probability, 0.3, kTrials, "r");  // not 1 - 0.7^10
  CheckProbability(FigureOf(r, "event", "s").probability, 0.3 * (1 - std::pow(0.5, 10)), kTrials,
                   "s");
  CHECK(FigureOf(r, "event", "r").mean_first_step == 1);
}

TEST_CASE("Same-step ordering: an event sees what earlier events did in the same step", "[reference_engine]") {
  Model m = Parse(R"(
scenario: ordering
horizon: 4
events:
  blocked:
    hazard: 0.9
    while: not blocker
  follows: {p: 1, after: trigger}
  trigger: {hazard: 0.5}
  blocker: {p: 1}
)");
  Results r = RunReferenceOn(m, kTrials);
  // blocker is evaluated before blocked (an immediate dependency), so blocked never fires.
  CHECK(FigureOf(r, "event", "blocked").probability == 0);
  // follows happens in the very step trigger does.
  const Figure& trigger = FigureOf(r, "event", "trigger");
  const Figure& follows = FigureOf(r, "event", "follows");
  for (int t = 0; t < 4; ++t) CHECK(follows.by_step[t] == trigger.by_step[t]);
  CheckProbability(trigger.probability, 1 - std::pow(0.5, 4), kTrials, "trigger");
}

TEST_CASE("Inhibitors: `not` stops a hazard once the inhibitor has happened", "[reference_engine]") {
  Model m = Parse(R"(
scenario: inhibitor
horizon: 5
events:
  a: {hazard: 0.2}
  b: {hazard: 0.3, while: not a}
)");
  Results r = RunReferenceOn(m, kTrials);
  // a is evaluated first: b can happen at step t only if a has not happened by t.
  double exact = 0;
  for (int t = 1; t <= 5; ++t) exact += std::pow(0.8, t) * std::pow(0.7, t - 1) * 0.3;
  CheckProbability(FigureOf(r, "event", "b").probability, exact, kTrials, "b");
}

TEST_CASE("Cases: the first case whose condition holds gives the probability", "[reference_engine]") {
  Model m = Parse(R"(
scenario: cases
horizon: 6
events:
  a: {p: 0.5}
  b:
    hazard:
      - when: a
        p: 0.5
      - else: 0.1
  c:
    p:
      - when: a and b
        p: 0.8
      - when: b
        p: 0.4
    after: b
  d:
    p:
      - when: false
        p: 1
)");
  Results r = RunReferenceOn(m, kTrials);
  double pb_a = 1 - std::pow(0.5, 6), pb_not_a = 1 - std::pow(0.9, 6);
  CheckProbability(FigureOf(r, "event", "b").probability, 0.5 * pb_a + 0.5 * pb_not_a, kTrials,
                   "b");
  CheckProbability(FigureOf(r, "event", "c").probability, 0.5 * pb_a * 0.8 + 0.5 * pb_not_a * 0.4,
                   kTrials, "c");
  CHECK(FigureOf(r, "event", "d").probability == 0);  // no case applies, no else: 0
}

TEST_CASE("Levels: P(level >= k) is the chance some event of level >= k happened", "[reference_engine]") {
  Model m = Parse(R"(
scenario: levels
horizon: 3
levels: [calm, tense, crisis, war]
events:
  x: {hazard: 0.1, level: tense}
  y: {hazard: 0.05, level: 3}
  z: {p: 0.2, after: x, level: crisis}
)");
  Results r = RunReferenceOn(m, kTrials);
  double px = 1 - std::pow(0.9, 3), py = 1 - std::pow(0.95, 3), pz = 0.2 * px;
  CheckProbability(FigureOf(r, "level", "1").probability, 1 - (1 - px) * (1 - py), kTrials, ">=1");
  CheckProbability(FigureOf(r, "level", "2").probability, 1 - (1 - pz) * (1 - py), kTrials, ">=2");
  CheckProbability(FigureOf(r, "level", "3").probability, py, kTrials, ">=3");
  CHECK(FigureOf(r, "level", "2").label == "crisis");
}

TEST_CASE("Outputs are byte-identical for any thread count", "[reference_engine]") {
  Model m = LoadModel(BRINK_SOURCE_DIR "/examples/one-way/russia_dprk_treaty.yaml");
  Results one = RunReferenceOn(m, 20000, 42, 1);
  Results two = RunReferenceOn(m, 20000, 42, 2);
  Results three = RunReferenceOn(m, 20000, 42, 3);
  CHECK(SummaryCsv(one) == SummaryCsv(two));
  CHECK(TimelineCsv(one) == TimelineCsv(two));
  CHECK(SummaryCsv(one) == SummaryCsv(three));
  // ... and a different seed gives different figures.
  CHECK(SummaryCsv(one) != SummaryCsv(RunReferenceOn(m, 20000, 43, 2)));
}

TEST_CASE("Raising a probability never lowers any probability figure (no `not`, no cases)", "[reference_engine]") {
  const std::string base = R"(
scenario: monotone
horizon: 8
levels: [calm, tense, war]
parameters:
  h1: 0.05
  h2: 0.1
  r1: 0.4
  r2: 0.3
events:
  a: {hazard: h1}
  b: {hazard: h2, while: a or c, level: 1}
  c: {p: r1, after: a, delay: [0, 3]}
  d: {p: r2, after: b and c, level: war}
)";
  Model m = Parse(base);
  REQUIRE(m.IsMonotone());
  RunOptions options;
  options.seed = 7;
  options.trials = 20000;
  options.threads = 2;
  std::vector<double> values = PointValues(m);
  Tally low = RunReference(Compile(m, values), options);
  for (const std::string& name : m.ParameterNames()) {
    std::vector<double> raised = values;
    SetParameter(m, name, std::min(1.0, values[m.FindParameter(name)] + 0.2), &raised);
    Tally high = RunReference(Compile(m, raised), options);
    int rises = 0;
    for (int row = 0; row < low.num_rows(); ++row) {
      uint64_t by_low = 0, by_high = 0;
      for (int t = 1; t <= low.horizon(); ++t) {
        by_low += low.first(row, t);
        by_high += high.first(row, t);
        CAPTURE(name, row, t);
        CHECK(by_high >= by_low);
        rises += by_high > by_low;
      }
    }
    CHECK(rises > 0);  // the raise did change something
  }
}

}  // namespace
}  // namespace brink
