// Histories (brink/history.h): reading them with located errors, dates from the model's
// `start:`, and the exact engine's likelihood and conditional figures against brute-force path
// enumeration.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "brink/given.h"
#include "brink/history.h"
#include "brink/simd.h"
#include "brink/load.h"
#include "engine/exact.h"
#include "model/calendar.h"
#include "model_generator.h"
#include "path_enumeration.h"
#include "plan/plan.h"
#include "test_util.h"

namespace brink {
namespace {

const char* const kChain = R"(scenario: chain
horizon: 12
step: month
start: 2024-07
levels: [calm, incident, crisis]
events:
  protest:
    hazard: 10%
    level: incident
  blockade:
    after: protest
    p: 60%
    delay: [1, 2]
    level: crisis
  talks:
    hazard: 5%
)";

Model Chain() { return LoadModelFromString(kChain, "chain.yaml"); }

using test::HistoryError;

TEST_CASE("Calendar periods: ISO months, quarters, weeks, days and years round-trip", "[history]") {
  CHECK(ParsePeriod(CalendarUnit::kMonth, "2024-08").value() -
            ParsePeriod(CalendarUnit::kMonth, "2024-07").value() == 1);
  CHECK(ParsePeriod(CalendarUnit::kMonth, "2025-01").value() -
            ParsePeriod(CalendarUnit::kMonth, "2024-12").value() == 1);
  CHECK_FALSE(ParsePeriod(CalendarUnit::kMonth, "2024-13"));
  CHECK_FALSE(ParsePeriod(CalendarUnit::kMonth, "2024-7"));
  CHECK_FALSE(ParsePeriod(CalendarUnit::kDay, "2023-02-29"));
  CHECK(ParsePeriod(CalendarUnit::kDay, "2024-02-29"));
  CHECK(ParsePeriod(CalendarUnit::kDay, "2024-03-01").value() -
            ParsePeriod(CalendarUnit::kDay, "2024-02-28").value() == 2);
  // 2020 has 53 ISO weeks, 2021 has 52; 2021-W01 begins on Monday 2021-01-04.
  CHECK(ParsePeriod(CalendarUnit::kWeek, "2020-W53"));
  CHECK_FALSE(ParsePeriod(CalendarUnit::kWeek, "2021-W53"));
  CHECK(ParsePeriod(CalendarUnit::kWeek, "2021-W01").value() -
            ParsePeriod(CalendarUnit::kWeek, "2020-W53").value() == 1);
  CHECK(ParsePeriod(CalendarUnit::kWeek, "1970-W01").value() -
            ParsePeriod(CalendarUnit::kWeek, "1969-W52").value() == 1);
  for (CalendarUnit unit : {CalendarUnit::kDay, CalendarUnit::kWeek, CalendarUnit::kMonth,
                            CalendarUnit::kQuarter, CalendarUnit::kYear})
    for (const char* text : {"1969", "1970", "2024", "2020"}) {
      std::string period = text;
      if (unit == CalendarUnit::kDay) period += "-12-31";
      if (unit == CalendarUnit::kWeek) period += "-W01";
      if (unit == CalendarUnit::kMonth) period += "-02";
      if (unit == CalendarUnit::kQuarter) period += "-Q3";
      const std::optional<long> serial = ParsePeriod(unit, period);
      REQUIRE(serial);
      CHECK(FormatPeriod(unit, *serial) == period);
      CHECK(ParsePeriod(unit, FormatPeriod(unit, *serial + 1)).value() == *serial + 1);
    }
}

TEST_CASE("A model's start dates its steps", "[history]") {
  const Model m = Chain();
  CHECK(m.start == "2024-07");
  CHECK(StepText(m, 1) == "2024-07");
  CHECK(StepText(m, 7) == "2025-01");
  try {
    LoadModelFromString("scenario: x\nhorizon: 3\nstart: 2024-07\nevents:\n  a:\n    hazard: 5%\n",
                        "m.yaml");
    FAIL("a start without a unit of time was accepted");
  } catch (const ModelError& e) {
    CHECK(e.Format() == "m.yaml:3:8: error: 'start' needs the model's step to be a unit of time "
                        "(step: day, week, month, quarter or year), not 'step'\n");
  }
  try {
    LoadModelFromString("scenario: x\nhorizon: 3\nstep: week\nstart: 2024-07\nevents:\n  a:\n"
                        "    hazard: 5%\n", "m.yaml");
    FAIL("a month accepted as a week");
  } catch (const ModelError& e) {
    CHECK(e.Format() == "m.yaml:4:8: error: 'start' must be a week written YYYY-Www, not "
                        "'2024-07'\n");
  }
}

TEST_CASE("A history reads steps, windows, 'by' and dates", "[history]") {
  const Model m = Chain();
  const History h = LoadHistoryFromString(
      m, "as_of: 2024-12\nhappened:\n  protest: 2024-08\n  blockade: [3, 2024-10]\n"
         "not_happened: [talks]\n", "h.yaml");
  CHECK(h.as_of == 6);
  REQUIRE(h.observations.size() == 3);
  CHECK(h.observations[0].event == 0);
  CHECK(h.observations[0].lo == 2);
  CHECK(h.observations[0].hi == 2);
  CHECK(h.observations[1].lo == 3);
  CHECK(h.observations[1].hi == 4);
  CHECK(!h.observations[2].happened());
  CHECK(h.observations[2].lo == 7);
  const History by = LoadHistoryFromString(m, "as_of: 6\nhappened:\n  protest: by 5\n", "h.yaml");
  CHECK(by.observations[0].lo == 1);
  CHECK(by.observations[0].hi == 5);
}

TEST_CASE("A bad history gets located errors", "[history]") {
  const Model m = Chain();
  CHECK(HistoryError(m, "as_of: 6\nhappened:\n  protst: 2\n") ==
        "h.yaml:3:3: error: unknown event 'protst' (did you mean 'protest'?)\n");
  CHECK(HistoryError(m, "as_of: 13\n") ==
        "h.yaml:1:8: error: 'as_of' is step 13, past the model's horizon (12 months)\n");
  CHECK(HistoryError(m, "as_of: 6\nhappened:\n  protest: 7\n") ==
        "h.yaml:3:12: error: step 7 is outside 1..6 (as_of): nothing is observed after as_of\n");
  CHECK(HistoryError(m, "as_of: 6\nhappened:\n  protest: [4, 3]\n") ==
        "h.yaml:3:12: error: the window [4, 3] is reversed: write [3, 4]\n");
  CHECK(HistoryError(m, "as_of: 6\nhappened:\n  protest: 2\nnot_happened: [protest]\n") ==
        "h.yaml:4:16: error: event 'protest' is observed twice (first at line 3)\n");
  CHECK(HistoryError(m, "as_of: 6\nhapened: {}\n") ==
        "h.yaml:2:1: error: unknown key 'hapened' (did you mean 'happened'?)\n");
  CHECK(HistoryError(m, "happened: {}\n") ==
        "h.yaml:1:1: error: missing required key 'as_of' (the last step observed)\n");
  CHECK(HistoryError(m, "as_of: 2024-06\n") ==
        "h.yaml:1:8: error: 'as_of' 2024-06 is before the model's start (2024-07)\n");
  const Model undated = LoadModelFromString(
      "scenario: x\nhorizon: 3\nevents:\n  a:\n    hazard: 5%\n", "m.yaml");
  CHECK(HistoryError(undated, "as_of: 2024-08\n") ==
        "h.yaml:1:8: error: 'as_of' must be a step number (dates need the model's 'start:'), "
        "not '2024-08'\n");
}

TEST_CASE("Exact: a history's likelihood and the figures given it, by hand", "[history]") {
  // protest first at 2 (0.9 · 0.1), then the blockade decided at 2: yes (0.6) with delay 1
  // (1/2) lands at 3, as observed; talks not by 4: 0.95^4.
  const Model m = Chain();
  const History h = LoadHistoryFromString(
      m, "as_of: 4\nhappened:\n  protest: 2\n  blockade: 3\nnot_happened: [talks]\n", "h.yaml");
  ExactOptions options;
  options.history = &h;
  const ExactSolution s = SolveExact(Compile(m, PointValues(m)), options);
  const double likelihood = 0.9 * 0.1 * 0.6 * 0.5 * std::pow(0.95, 4);
  CHECK(s.given_probability == Approx(likelihood).epsilon(1e-12));
  // Given the history: protest certain at 2, blockade at 3; talks by 12 = 1 - 0.95^8.
  CHECK(s.first(0, 2) / s.given_probability == Approx(1).epsilon(1e-12));
  CHECK(s.first(1, 3) / s.given_probability == Approx(1).epsilon(1e-12));
  double talks = 0;
  for (int t = 1; t <= 12; ++t) talks += s.first(2, t);
  CHECK(talks / s.given_probability == Approx(1 - std::pow(0.95, 8)).epsilon(1e-12));
  for (int t = 1; t <= 4; ++t) CHECK(s.first(2, t) == 0);
}

TEST_CASE("Exact with a history agrees with path enumeration on generated models", "[history]") {
  test::GeneratorLimits small;
  small.max_events = 5;
  small.max_horizon = 4;
  small.max_delay = 3;
  int possible = 0;
  for (uint64_t seed = 1; seed <= 120; ++seed) {
    const std::string yaml = test::GenerateModel(seed, small);
    CAPTURE(seed, yaml);
    const Model m = LoadModelFromString(yaml, "generated.yaml");
    const Plan plan = Compile(m, PointValues(m));
    // A history made by chance: as_of, and for each event happened in a window, not happened,
    // or unobserved.
    test::Dice dice(seed * 7919);
    std::string text = "as_of: " + std::to_string(dice.Int(1, m.horizon)) + "\n";
    const int as_of = std::stoi(text.substr(7));
    std::string happened, not_happened;
    for (const Event& e : m.events) {
      const int kind = dice.Int(0, 2);
      if (kind == 0) {
        const int lo = dice.Int(1, as_of), hi = dice.Int(lo, as_of);
        happened += "  " + e.id + ": [" + std::to_string(lo) + ", " + std::to_string(hi) + "]\n";
      } else if (kind == 1) {
        not_happened += (not_happened.empty() ? "" : ", ") + e.id;
      }
    }
    if (!happened.empty()) text += "happened:\n" + happened;
    if (!not_happened.empty()) text += "not_happened: [" + not_happened + "]\n";
    CAPTURE(text);
    const History h = LoadHistoryFromString(m, text, "h.yaml");
    ExactOptions options;
    options.history = &h;
    const ExactSolution exact = SolveExact(plan, options);
    const ExactSolution paths = test::EnumeratePaths(plan, nullptr, &h);
    CHECK(exact.given_probability == Approx(paths.given_probability).epsilon(0).margin(1e-12));
    for (int r = 0; r < exact.num_rows(); ++r)
      for (int t = 1; t <= exact.horizon(); ++t)
        CHECK(exact.first(r, t) == Approx(paths.first(r, t)).epsilon(0).margin(1e-12));
    // With a condition too.
    const Condition given = ParseGiven(m, test::GenerateCondition(seed, static_cast<int>(m.events.size())));
    options.given = &given;
    const ExactSolution both = SolveExact(plan, options);
    const ExactSolution both_paths = test::EnumeratePaths(plan, &given, &h);
    CHECK(both.given_probability == Approx(both_paths.given_probability).epsilon(0).margin(1e-12));
    for (int r = 0; r < both.num_rows(); ++r)
      for (int t = 1; t <= both.horizon(); ++t)
        CHECK(both.first(r, t) == Approx(both_paths.first(r, t)).epsilon(0).margin(1e-12));
    possible += exact.given_probability > 0;
  }
  CHECK(possible >= 30);  // not vacuous: many of the histories can happen
}

}  // namespace
}  // namespace brink

#include "cli_util.h"

namespace brink {
namespace {

TEST_CASE("brink exact --history: conditional figures, the log likelihood, located errors",
          "[history]") {
  namespace fs = std::filesystem;
  const fs::path dir = test::Scratch("history_cli");
  fs::create_directories(dir);
  std::ofstream(dir / "chain.yaml") << kChain;
  std::ofstream(dir / "h.yaml") << "as_of: 2024-10\nhappened:\n  protest: 2024-08\n"
                                   "  blockade: 2024-09\nnot_happened: [talks]\n";
  const std::string model = (dir / "chain.yaml").string();
  const std::string out = (dir / "o").string();
  test::Outcome o = test::Brink("exact " + model + " --history " + (dir / "h.yaml").string() +
                                    " --out " + out, dir);
  REQUIRE(o.status == 0);
  CHECK(o.out.find("Given the history " + (dir / "h.yaml").string() +
                   ", observed through 2024-10: log evidence -3.817 (exact likelihood, "
                   "parameters pinned)") != std::string::npos);
  // talks by month 12 before the history, 1 - 0.95^12, and now, 1 - 0.95^8.
  CHECK(o.out.find("  talks                                         45.96%    33.66% ") !=
        std::string::npos);
  CHECK(test::Slurp(fs::path(out) / "scores.csv")
            .find("event,protest,protest,4,0.3439,1,0.43046721,-1.06740436154392\n") !=
        std::string::npos);
  CHECK(test::Brink("show " + out, dir).out == o.out.substr(0, o.out.find("\nWrote")));
  const std::string summary = test::Slurp(fs::path(out) / "summary.csv");
  CHECK(summary.find("event,protest,protest,1,0,1,1,2,1,1,1\n") != std::string::npos);
  const std::string record = test::Slurp(fs::path(out) / "run.json");
  CHECK(record.find("\"as_of\": 4") != std::string::npos);
  CHECK(record.find("\"log_evidence\": -3.81709159052801") != std::string::npos);
  // A history the model cannot produce: located at the observation, nothing written.
  std::ofstream(dir / "bad.yaml") << "as_of: 3\nhappened:\n  protest: 2\n  blockade: 2\n";
  o = test::Brink("exact " + model + " --history " + (dir / "bad.yaml").string() + " --out " +
                      (dir / "bad").string(), dir);
  CHECK(o.status == 2);
  CHECK(o.err == (dir / "bad.yaml").string() +
                     ":4:3: error: blockade at 2 cannot happen (with the observations before "
                     "it): it follows protest with a delay of 1 to 2\n");
  CHECK(!fs::exists(dir / "bad"));
  // Likelihood weighting: every decision is forced here, so each trial's weight is the
  // likelihood itself.
  o = test::Brink("run " + model + " --history " + (dir / "h.yaml").string() + " --trials 2000 -q --out " +
                      (dir / "mc").string(), dir);
  REQUIRE(o.status == 0);
  CHECK(test::Slurp(dir / "mc" / "run.json").find("\"log_evidence\": -3.81709159052801") !=
        std::string::npos);
  o = test::Brink("run " + model + " --history " + (dir / "h.yaml").string() + " --given talks",
                  dir);
  CHECK(o.status == 2);
  CHECK(o.err == "brink: error: --history does not go with --given: write what is known into the "
                 "history (happened, not_happened)\n");
}


TEST_CASE("A run given a history: the same bytes for any thread count and SIMD kernel",
          "[history][slow]") {
  namespace fs = std::filesystem;
  const fs::path dir = test::Scratch("history_bytes");
  fs::create_directories(dir);
  const std::string model = std::string(BRINK_SOURCE_DIR) + "/examples/one-way/russia_dprk_treaty.yaml";
  const std::string history =
      std::string(BRINK_SOURCE_DIR) + "/examples/one-way/russia_dprk_treaty.history.yaml";
  const std::vector<std::string> files = {"summary.csv",   "timeline.csv",      "draws.csv",
                                          "distribution.csv", "posterior.csv",  "correlations.csv",
                                          "scores.csv",    "prior_summary.csv", "history.yaml"};
  // Monte Carlo likelihoods (and the fast engine before the history): threads and kernels.
  const std::string run = "run " + model + " --history " + history +
                          " --draws 100 --trials 60 --seed 3 -q --out ";
  test::Outcome o = test::Brink(run + (dir / "one").string() + " --threads 1", dir);
  REQUIRE(o.status == 0);
  o = test::Brink(run + (dir / "two").string() + " --threads 2", dir);
  REQUIRE(o.status == 0);
  for (const std::string& file : files) {
    CAPTURE(file);
    CHECK(test::Slurp(dir / "one" / file) == test::Slurp(dir / "two" / file));
  }
  for (SimdKernel kernel : AvailableKernels()) {
    const std::string name = KernelName(kernel);
    CAPTURE(name);
    o = test::Brink(run + (dir / name).string() + " --simd " + name, dir);
    REQUIRE(o.status == 0);
    for (const std::string& file : files) {
      CAPTURE(file);
      CHECK(test::Slurp(dir / name / file) == test::Slurp(dir / "one" / file));
    }
  }
  // Exact likelihoods: threads.
  const std::string exact = "exact " + std::string(BRINK_SOURCE_DIR) +
                            "/examples/history/border.yaml --history " +
                            std::string(BRINK_SOURCE_DIR) +
                            "/examples/history/border.history.yaml --draws 300 -q --out ";
  REQUIRE(test::Brink(exact + (dir / "exact1").string() + " --threads 1", dir).status == 0);
  REQUIRE(test::Brink(exact + (dir / "exact2").string() + " --threads 2", dir).status == 0);
  for (const std::string& file : files) {
    CAPTURE(file);
    CHECK(test::Slurp(dir / "exact1" / file) == test::Slurp(dir / "exact2" / file));
  }
}

}  // namespace
}  // namespace brink
