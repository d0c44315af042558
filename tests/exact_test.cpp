// The exact engine against answers derived by hand, against brute-force path enumeration, and
// against itself with a different merging; its refusal of large state spaces; --given parsing.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "estimate/from_tally.h"
#include "engine/exact.h"
#include "run/exact_run.h"
#include "brink/given.h"
#include "model_generator.h"
#include "path_enumeration.h"
#include "test_util.h"

namespace brink {
namespace {

using test::FigureOf;
using test::Parse;

constexpr double kTight = 1e-12;

Results Exact(const Model& model, const std::string& given = "", ExactOptions options = {}) {
  Condition condition;
  if (!given.empty()) {
    condition = ParseGiven(model, given);
    options.given = &condition;
  }
  ExactSolution solution = SolveExact(Compile(model, PointValues(model)), options);
  return EstimateFromExact(model, solution, given);
}

// Every row and step of two solutions agree to `tolerance`, and so do P(given).
void CheckSame(const ExactSolution& a, const ExactSolution& b, double tolerance) {
  REQUIRE(a.num_rows() == b.num_rows());
  CHECK(a.given_probability == Approx(b.given_probability).epsilon(0).margin(tolerance));
  for (int r = 0; r < a.num_rows(); ++r)
    for (int t = 1; t <= a.horizon(); ++t) {
      CAPTURE(r, t);
      CHECK(a.first(r, t) == Approx(b.first(r, t)).epsilon(0).margin(tolerance));
    }
}

TEST_CASE("Exact: the coin lands by step t with probability 1 - 0.9^t", "[exact]") {
  Model m = LoadModel(BRINK_SOURCE_DIR "/models/coin.yaml");
  Results r = Exact(m);
  const Figure& x = FigureOf(r, "event", "coin_lands");
  double mean = 0;
  for (int t = 1; t <= 6; ++t) {
    CHECK(x.by_step[t - 1] == Approx(1 - std::pow(0.9, t)).epsilon(0).margin(kTight));
    mean += t * 0.1 * std::pow(0.9, t - 1);
  }
  CHECK(x.probability == Approx(0.468559).epsilon(0).margin(kTight));
  CHECK(x.mean_first_step == Approx(mean / 0.468559).epsilon(0).margin(kTight));
  CHECK(x.std_error == 0);
  CHECK(x.ci_low == x.probability);
  CHECK(x.ci_high == x.probability);
  CHECK(FigureOf(r, "level", "1").probability == x.probability);
  CHECK(r.simulated == 0);
}

TEST_CASE("Exact: the chain's published figures", "[exact]") {
  Model m = LoadModel(BRINK_SOURCE_DIR "/models/chain.yaml");
  Results r = Exact(m);
  double strike = 0;  // incident at t, mobilisation at t + 1, strike d = 1..3 later
  for (int t = 1; t <= 12; ++t)
    for (int d = 1; d <= 3; ++d)
      if (t + 1 + d <= 12) strike += 0.05 * std::pow(0.95, t - 1) * 0.4 * 0.25 / 3;
  CHECK(FigureOf(r, "event", "border_incident").probability ==
        Approx(1 - std::pow(0.95, 12)).epsilon(0).margin(kTight));
  CHECK(FigureOf(r, "event", "diplomatic_protest").probability ==
        Approx(0.9 * (1 - std::pow(0.95, 12))).epsilon(0).margin(kTight));
  CHECK(FigureOf(r, "event", "mobilisation").probability ==
        Approx(0.4 * (1 - std::pow(0.95, 11))).epsilon(0).margin(kTight));
  CHECK(FigureOf(r, "event", "strike").probability == Approx(strike).epsilon(0).margin(kTight));
  CHECK(FigureOf(r, "level", "3").probability == Approx(strike).epsilon(0).margin(kTight));
}

TEST_CASE("Exact: delays arrive later, and never past the horizon", "[exact]") {
  Model m = Parse(R"(
scenario: delays
horizon: 5
events:
  fixed: {p: 0.5, delay: 3}
  range: {p: 0.8, delay: [2, 6]}
  beyond: {p: 1, delay: 5}
)");
  Results r = Exact(m);
  const Figure& fixed = FigureOf(r, "event", "fixed");
  CHECK(fixed.by_step == std::vector<double>{0, 0, 0, 0.5, 0.5});
  CHECK(fixed.mean_first_step == 4);
  const Figure& range = FigureOf(r, "event", "range");
  CHECK(range.by_step[1] == 0);
  CHECK(range.by_step[2] == Approx(0.8 / 5).epsilon(0).margin(kTight));
  CHECK(range.by_step[3] == Approx(0.8 * 2 / 5).epsilon(0).margin(kTight));
  CHECK(range.by_step[4] == Approx(0.8 * 3 / 5).epsilon(0).margin(kTight));
  CHECK(range.mean_first_step == Approx(4).epsilon(0).margin(kTight));
  CHECK(FigureOf(r, "event", "beyond").probability == 0);
  CHECK_FALSE(FigureOf(r, "event", "beyond").occurred);
}

TEST_CASE("Exact: a response is decided once", "[exact]") {
  Model m = Parse(R"(
scenario: once
horizon: 10
events:
  r: {p: 0.3}
  h: {hazard: 0.5}
  s: {p: 0.3, after: h}
)");
  Results r = Exact(m);
  CHECK(FigureOf(r, "event", "r").probability == Approx(0.3).epsilon(0).margin(kTight));
  CHECK(FigureOf(r, "event", "r").mean_first_step == 1);
  CHECK(FigureOf(r, "event", "s").probability ==
        Approx(0.3 * (1 - std::pow(0.5, 10))).epsilon(0).margin(kTight));
}

TEST_CASE("Exact: same-step order, inhibitors, cases and levels", "[exact]") {
  Model m = Parse(R"(
scenario: mixed
horizon: 5
levels: [calm, tense, crisis]
events:
  blocked:
    hazard: 0.9
    while: not blocker
  follows: {p: 1, after: a}
  a: {hazard: 0.2, level: 1}
  b: {hazard: 0.3, while: not a}
  blocker: {p: 1}
  c:
    p:
      - when: a and b
        p: 0.8
      - when: b
        p: 0.4
    after: b
    level: crisis
)");
  Results r = Exact(m);
  CHECK(FigureOf(r, "event", "blocked").probability == 0);
  for (int t = 0; t < 5; ++t)
    CHECK(FigureOf(r, "event", "follows").by_step[t] == FigureOf(r, "event", "a").by_step[t]);
  double b = 0, c = 0, c_without_a = 0;
  for (int t = 1; t <= 5; ++t) {
    // b at t needs a not yet by t (a is evaluated first): c is then decided with a absent.
    double bt = std::pow(0.8, t) * std::pow(0.7, t - 1) * 0.3;
    b += bt;
    c += bt * 0.4;
    c_without_a += std::pow(0.8, 5) * std::pow(0.7, t - 1) * 0.3 * 0.4;  // and no a after t
  }
  CHECK(FigureOf(r, "event", "b").probability == Approx(b).epsilon(0).margin(kTight));
  CHECK(FigureOf(r, "event", "c").probability == Approx(c).epsilon(0).margin(kTight));
  CHECK(FigureOf(r, "level", "2").probability == Approx(c).epsilon(0).margin(kTight));
  CHECK(FigureOf(r, "level", "1").probability ==
        Approx(1 - (std::pow(0.8, 5) - c_without_a)).epsilon(0).margin(kTight));
}

TEST_CASE("Exact: conditional figures by hand", "[exact]") {
  Model m = Parse(R"(
scenario: conditional
horizon: 3
events:
  a: {hazard: 0.5}
  b: {p: 0.4, after: a, delay: 1}
)");
  // P(a by 3) = 7/8; b needs a at step 1 or 2 (it arrives one step later): 0.4 · 3/4.
  Results r = Exact(m, "b");
  CHECK(r.given.probability == Approx(0.3).epsilon(0).margin(kTight));
  CHECK(r.given.text == "b");
  CHECK(FigureOf(r, "event", "b").probability == Approx(1).epsilon(0).margin(kTight));
  // Given b, a happened at step 1 with probability (1/2) / (3/4) = 2/3, else at step 2.
  const Figure& a = FigureOf(r, "event", "a");
  CHECK(a.by_step[0] == Approx(2.0 / 3).epsilon(0).margin(kTight));
  CHECK(a.by_step[1] == Approx(1).epsilon(0).margin(kTight));
  CHECK(a.mean_first_step == Approx(4.0 / 3).epsilon(0).margin(kTight));
  CHECK(FigureOf(r, "event", "b").mean_first_step == Approx(7.0 / 3).epsilon(0).margin(kTight));
  // Given not b: P(a) = (7/8 - 0.3) / 0.7.
  Results n = Exact(m, "not b");
  CHECK(n.given.probability == Approx(0.7).epsilon(0).margin(kTight));
  CHECK(FigureOf(n, "event", "a").probability == Approx((0.875 - 0.3) / 0.7).epsilon(0).margin(kTight));
  CHECK(FigureOf(n, "event", "b").probability == 0);
}

TEST_CASE("Exact: `--given true` changes nothing", "[exact]") {
  Model m = LoadModel(BRINK_SOURCE_DIR "/models/cases_and_inhibitors.yaml");
  Results plain = Exact(m);
  Results given = Exact(m, "true");
  CHECK(given.given.probability == Approx(1).epsilon(0).margin(kTight));
  for (size_t i = 0; i < plain.figures.size(); ++i) {
    CAPTURE(plain.figures[i].id);
    for (size_t t = 0; t < plain.figures[i].by_step.size(); ++t)
      CHECK(given.figures[i].by_step[t] == Approx(plain.figures[i].by_step[t]).epsilon(0).margin(kTight));
    CHECK(given.figures[i].mean_first_step ==
          Approx(plain.figures[i].mean_first_step).epsilon(0).margin(1e-10));
  }
}

TEST_CASE("Exact agrees with brute-force path enumeration on small random models", "[exact]") {
  test::GeneratorLimits small;
  small.max_events = 5;
  small.max_horizon = 4;
  small.max_delay = 3;
  for (uint64_t seed = 1; seed <= 150; ++seed) {
    std::string yaml = test::GenerateModel(seed, small);
    CAPTURE(seed, yaml);
    Model m = Parse(yaml);
    Plan plan = Compile(m, PointValues(m));
    std::string text = test::GenerateCondition(seed, static_cast<int>(m.events.size()));
    CAPTURE(text);
    Condition given = ParseGiven(m, text);
    ExactOptions options;
    CheckSame(SolveExact(plan, options), test::EnumeratePaths(plan, nullptr), kTight);
    options.given = &given;
    CheckSame(SolveExact(plan, options), test::EnumeratePaths(plan, &given), kTight);
  }
}

TEST_CASE("Exact gives the same figures whether it merges after each event or each step", "[exact]") {
  for (uint64_t seed = 1000; seed < 1060; ++seed) {
    std::string yaml = test::GenerateModel(seed);
    CAPTURE(seed, yaml);
    Model m = Parse(yaml);
    Plan plan = Compile(m, PointValues(m));
    std::string text = test::GenerateCondition(seed, static_cast<int>(m.events.size()));
    Condition given = ParseGiven(m, text);
    const Condition* const conditions[] = {nullptr, &given};
    for (const Condition* g : conditions) {
      ExactOptions each_event, each_step;
      each_event.given = each_step.given = g;
      each_step.merge = ExactOptions::Merge::kEachStep;
      ExactSolution a = SolveExact(plan, each_event);
      ExactSolution b = SolveExact(plan, each_step);
      if (g != nullptr && a.given_probability == 0) continue;
      CheckSame(a, b, kTight);
      CHECK(b.peak_states >= a.peak_states);
    }
  }
}

TEST_CASE("Exact is deterministic to the bit", "[exact]") {
  Model m = LoadModel(BRINK_SOURCE_DIR "/examples/one-way/russia_dprk_treaty.yaml");
  Plan plan = Compile(m, PointValues(m));
  ExactSolution a = SolveExact(plan, {});
  ExactSolution b = SolveExact(plan, {});
  for (int r = 0; r < a.num_rows(); ++r)
    for (int t = 1; t <= a.horizon(); ++t) CHECK(a.first(r, t) == b.first(r, t));
  CHECK(a.peak_states == b.peak_states);
}

TEST_CASE("Exact refuses a state space larger than max_states, naming its size", "[exact]") {
  Model m = LoadModel(BRINK_SOURCE_DIR "/examples/one-way/russia_dprk_treaty.yaml");
  Plan plan = Compile(m, PointValues(m));
  ExactOptions options;
  options.max_states = 500;
  try {
    SolveExact(plan, options);
    FAIL("no StateLimitError");
  } catch (const StateLimitError& e) {
    CHECK(e.reached() == 501);
    CHECK(std::string(e.what()) ==
          "exact: the state space passed max_states 500 (reached 501 states at step " +
              std::to_string(e.step()) + "); use brink run");
  }
  options.max_states = 1000000;
  ExactSolution solved = SolveExact(plan, options);
  CHECK(solved.peak_states > 500);
  CHECK(solved.peak_states < 100000);
}

TEST_CASE("Exact: the teaching models need only a few states", "[exact]") {
  for (const char* file : {"coin.yaml", "chain.yaml", "cases_and_inhibitors.yaml"}) {
    CAPTURE(file);
    Model m = LoadModel(std::string(BRINK_SOURCE_DIR "/models/") + file);
    CHECK(SolveExact(Compile(m, PointValues(m)), {}).peak_states < 1000);
  }
}

TEST_CASE("Exact over draws: each draw solved exactly, then combined", "[exact]") {
  Model m = Parse(R"(
scenario: uncertain
horizon: 3
parameters:
  rate: uniform(0.1, 0.3)
events:
  a: {hazard: rate}
  b: {p: 0.5, after: a}
)");
  RunRequest request;
  request.seed = 5;
  request.draws = 20;
  request.threads = 2;
  Condition given = ParseGiven(m, "b");
  request.given = &given;
  ExactRunOutcome out = RunModelExactly(m, SettleParameters(m, {}), request, {});
  const Results& r = out.run.results;
  REQUIRE(r.draws == 20);
  REQUIRE(out.run.sampled_values.size() == 20);
  double mean_b = 0;
  std::vector<double> p_a;
  for (int d = 0; d < 20; ++d) {
    const double h = out.run.sampled_values[d][0];
    const double a = 1 - std::pow(1 - h, 3);
    mean_b += 0.5 * a / 20;
    CHECK(r.per_draw[d][0] == Approx(1).epsilon(0).margin(kTight));  // P(a | b) = 1
    p_a.push_back(a);
  }
  CHECK(r.given.probability == Approx(mean_b).epsilon(0).margin(kTight));
  CHECK(r.given.std_error > 0);
  CHECK(r.given.ci_low < r.given.probability);
  // Unconditional: P(a) is the mean over draws of 1 - (1 - rate)^3, with its spread.
  request.given = nullptr;
  Results plain = RunModelExactly(m, SettleParameters(m, {}), request, {}).run.results;
  double mean_a = 0;
  for (double a : p_a) mean_a += a / 20;
  CHECK(plain.figures[0].probability == Approx(mean_a).epsilon(0).margin(kTight));
  CHECK(plain.figures[0].p05 < plain.figures[0].p95);
  CHECK(plain.given.text.empty());
}

TEST_CASE("--given is parsed against the model's events, with located errors", "[exact]") {
  Model m = LoadModel(BRINK_SOURCE_DIR "/models/chain.yaml");
  Condition c = ParseGiven(m, "mobilisation and not strike");
  CHECK(c.text() == "mobilisation and not strike");
  CHECK(c.Events() == std::vector<int>{2, 3});
  auto message = [&](const std::string& text) {
    try {
      ParseGiven(m, text);
    } catch (const UsageError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("mobilisation and strik") ==
        "given: column 18: unknown event 'strik' (did you mean 'strike'?)");
  CHECK(message("banana") == "given: column 1: unknown event 'banana'");
  CHECK(message("strike and") ==
        "given: column 11: condition ends where an event id was expected");
  CHECK(message("(strike") == "given: column 1: unbalanced '(' in condition");
  CHECK(message("") == "given: column 1: empty condition");
  Model p = Parse("scenario: s\nhorizon: 1\nparameters: {q: 0.5}\nevents:\n  x: {p: q}\n");
  try {
    ParseGiven(p, "q");
    FAIL("no error");
  } catch (const UsageError& e) {
    CHECK(std::string(e.what()) == "given: column 1: 'q' is a parameter, not an event");
  }
}

}  // namespace
}  // namespace brink

namespace brink {
namespace {

TEST_CASE("Rates per another unit convert exactly: 20% per year in a monthly model",
          "[exact]") {
  // A constant hazard of 20% a year is 1 - 0.8^(1/12) a month: over 12 months, exactly 20%;
  // over 24, 1 - 0.8^2 = 36%.
  Model m = test::Parse(R"(
scenario: per year
horizon: 24
step: month
parameters:
  yearly: 20% per year
  quarterly: 10% per quarter
  ranged: 10% to 30% per years
events:
  a: {hazard: yearly}
  b: {hazard: quarterly}
  c: {hazard: 5% per month}
  d: {p: 50%, after: a}
)");
  const double monthly = 1 - std::pow(0.8, 1.0 / 12);
  CHECK(m.parameters[0].dist.a == Approx(monthly).epsilon(0).margin(1e-15));
  CHECK(m.parameters[1].dist.a == Approx(1 - std::pow(0.9, 1.0 / 3)).epsilon(0).margin(1e-15));
  CHECK(m.parameters[2].dist.per_step == Approx(1.0 / 12));
  // A range converts draw by draw: its median per month is that of the yearly range.
  const double yearly_median = m.parameters[2].dist.WrittenQuantile(0.5);
  CHECK(m.parameters[2].dist.Median() == Approx(1 - std::pow(1 - yearly_median, 1.0 / 12)));
  Results r = Exact(m);
  const Figure& a = FigureOf(r, "event", "a");
  CHECK(a.by_step[11] == Approx(0.2).epsilon(0).margin(kTight));
  CHECK(a.by_step[23] == Approx(0.36).epsilon(0).margin(kTight));
  CHECK(FigureOf(r, "event", "b").by_step[2] == Approx(0.1).epsilon(0).margin(kTight));
  CHECK(FigureOf(r, "event", "c").by_step[0] == Approx(0.05).epsilon(0).margin(kTight));
}

TEST_CASE("Rates per unit: units that do not convert are located errors", "[exact]") {
  auto error = [](const std::string& step, const std::string& value) {
    try {
      test::Parse("scenario: x\nhorizon: 4\nstep: " + step + "\nevents:\n  a:\n    hazard: " + value +
                  "\n");
    } catch (const ModelError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(error("week", "20% per year") ==
        "test.yaml:6:17: error: a year is not a whole number of weeks: write the probability per "
        "week\n");
  CHECK(error("round", "20% per year") ==
        "test.yaml:6:17: error: 'per year' needs the model's step to be a unit of time (step: day, "
        "week, month, quarter or year), not 'round'\n");
  CHECK(error("month", "20% per fortnight") ==
        "test.yaml:6:17: error: unknown unit of time 'fortnight': write per day, week, month, "
        "quarter or year\n");
  CHECK(error("day", "50% per week") == "");
  CHECK(error("month", "30 %") == "");  // a space before % is allowed
}

}  // namespace
}  // namespace brink
