// Paired comparisons: both arms on the same trials, the 2×2 counts from the fast engine
// against the reference engine, the paired interval's coverage against exact differences,
// and the command.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "brink/compare.h"
#include "engine/engine.h"
#include "run/exact_run.h"
#include "brink/load.h"
#include "plan/plan.h"
#include "brink/report.h"
#include "brink/simd.h"
#include "brink/sweep.h"
#include "cli_util.h"
#include "model_generator.h"
#include "test_util.h"

namespace brink {
namespace {

namespace fs = std::filesystem;
const std::string kModels = BRINK_SOURCE_DIR "/models/";
// The one-way model of the treaty (version 1: nothing ends), the default model before it became
// two-way: the commands that do not run version-2 models yet, and the figures these tests pin.
const std::string kOneWay = BRINK_SOURCE_DIR "/examples/one-way/";

bool SameTally(const Tally& x, const Tally& y) {
  if (x.simulated() != y.simulated() || x.counted() != y.counted()) return false;
  for (int row = 0; row < x.num_rows(); ++row)
    for (int t = 1; t <= x.horizon(); ++t)
      if (x.first(row, t) != y.first(row, t)) return false;
  return true;
}

// Arm B: every probability of the model moved (halved, or raised towards 1).
std::vector<double> Moved(const std::vector<double>& values, bool up) {
  std::vector<double> out = values;
  for (double& v : out) v = up ? 1 - (1 - v) * 0.5 : v * 0.5;
  return out;
}

TEST_CASE("Paired runs: each arm's tally is its own run's, and 'both' is the reference's",
          "[compare]") {
  std::vector<Model> models;
  for (const char* name : {"coin.yaml", "chain.yaml", "cases_and_inhibitors.yaml"})
    models.push_back(LoadModel(kModels + name));
  models.push_back(LoadModel(kOneWay + "russia_dprk_treaty.yaml"));
  for (uint64_t seed = 0; seed < 30; ++seed)
    models.push_back(test::Parse(test::GenerateModel(seed)));
  int checked = 0;
  for (size_t m = 0; m < models.size(); ++m) {
    const Model& model = models[m];
    const std::vector<double> base = PointValues(model);
    const Plan a = Compile(model, base);
    const Plan b = Compile(model, Moved(base, m % 2 == 0));
    RunOptions options;
    options.seed = 11 + m;
    options.trials = 3000;  // not a multiple of 512: partial groups
    options.threads = 2;
    const PairedTally reference = RunReferencePaired(a, b, options);
    REQUIRE(SameTally(reference.a, RunReference(a, options)));
    REQUIRE(SameTally(reference.b, RunReference(b, options)));
    for (SimdKernel kernel : AvailableKernels()) {
      for (int threads : {1, 2}) {
        CAPTURE(m, KernelName(kernel), threads);
        options.simd = kernel;
        options.threads = threads;
        const PairedTally fast = RunFastPaired(a, b, options);
        CHECK(SameTally(fast.a, reference.a));
        CHECK(SameTally(fast.b, reference.b));
        CHECK(fast.both == reference.both);
        ++checked;
      }
    }
    // Both counts are at most each arm's count, and equal to it for identical arms.
    const PairedTally same = RunFastPaired(a, a, options);
    for (int row = 0; row < same.a.num_rows(); ++row) {
      uint64_t count = 0;
      for (int t = 1; t <= same.a.horizon(); ++t) count += same.a.first(row, t);
      CHECK(same.both[row] == count);
    }
  }
  INFO("paired fast runs checked: " << checked);
  CHECK(checked >= 34 * 2);
}

// The exact difference P_B - P_A of every figure, from the exact engine on both arms.
std::vector<double> ExactDifferences(const Model& model, const Settings& a, const Settings& b) {
  RunRequest request;
  ExactOptions exact;
  const Results ra = RunModelExactly(model, SettleParameters(model, a), request, exact).run.results;
  const Results rb = RunModelExactly(model, SettleParameters(model, b), request, exact).run.results;
  std::vector<double> d;
  for (size_t f = 0; f < ra.figures.size(); ++f)
    d.push_back(rb.figures[f].probability - ra.figures[f].probability);
  return d;
}

TEST_CASE("The paired interval covers the exact difference 95% of the time", "[compare]") {
  struct Case {
    std::string model;
    Settings a, b;
  };
  const std::vector<Case> cases = {
      {"chain.yaml", {{"mobilise_p", 0.3}}, {{"mobilise_p", 0.6}}},
      {"chain.yaml", {{"incident_rate", 0.05}}, {{"incident_rate", 0.08}}},
      {"cases_and_inhibitors.yaml", {}, {}},  // arms below
  };
  int covered = 0, total = 0, independent_covered = 0;
  double paired_width = 0, independent_width = 0;
  for (size_t c = 0; c < cases.size(); ++c) {
    const Model model = LoadModel(kModels + cases[c].model);
    Settings a = cases[c].a, b = cases[c].b;
    if (c == 2) {  // the first named parameter, at two values
      const std::string name = model.ParameterNames().front();
      a = {{name, 0.2}};
      b = {{name, 0.5}};
    }
    const std::vector<double> exact = ExactDifferences(model, a, b);
    for (uint64_t seed = 1; seed <= 500; ++seed) {
      CompareArms arms;
      arms.model_a = arms.model_b = &model;
      arms.a = a;
      arms.b = b;
      RunRequest request;
      request.seed = seed;
      request.trials = 1000;
      request.threads = 2;
      const CompareOutcome outcome = RunCompare(arms, request);
      for (size_t f = 0; f < exact.size(); ++f) {
        if (std::fabs(exact[f]) < 1e-12) continue;  // unaffected: covered by construction
        const PairedFigure& p = outcome.figures[f];
        ++total;
        covered += p.paired_low <= exact[f] && exact[f] <= p.paired_high;
        independent_covered += p.independent_low <= exact[f] && exact[f] <= p.independent_high;
        paired_width += p.paired_high - p.paired_low;
        independent_width += p.independent_high - p.independent_low;
      }
    }
  }
  const double coverage = static_cast<double>(covered) / total;
  WARN("compare coverage: paired " << covered << " of " << total << " = " << 100 * coverage
       << "%, independent " << 100.0 * independent_covered / total << "%; mean width paired "
       << paired_width / total << ", independent " << independent_width / total
       << " (500 seeds x 1000 trials)");
  CHECK(total >= 3000);
  CHECK(coverage >= 0.93);
  CHECK(coverage <= 0.97);
  CHECK(paired_width < independent_width);
}

TEST_CASE("On a monotone pair the difference is never negative, trial by trial", "[compare]") {
  // chain.yaml has no `not` and no case lists: raising a probability never lowers a figure,
  // and with common random numbers no trial escalates in A but not in B.
  const Model model = LoadModel(kModels + "chain.yaml");
  REQUIRE(model.IsMonotone());
  for (uint64_t seed = 1; seed <= 50; ++seed) {
    CompareArms arms;
    arms.model_a = arms.model_b = &model;
    arms.a = {{"mobilise_p", 0.2}, {"incident_rate", 0.03}};
    arms.b = {{"mobilise_p", 0.7}, {"incident_rate", 0.05}};
    RunRequest request;
    request.seed = seed;
    request.trials = 2000;
    request.threads = 2;
    for (const PairedFigure& f : RunCompare(arms, request).figures) {
      CAPTURE(seed, f.id);
      CHECK(f.a_only == 0);
      CHECK(f.difference >= 0);
      CHECK(f.paired_high >= 0);
    }
  }
}

TEST_CASE("Difference intervals: the published example and the limits", "[compare]") {
  double low, high;
  // Newcombe (1998) independent proportions, method 10: 56/70 - 48/80 = 0.2, [0.0524, 0.3339].
  // (One n here, so check the symmetric case against the formula instead.)
  IndependentDifferenceInterval(48, 56, 100, &low, &high);
  double la, ua, lb, ub;
  WilsonInterval(48, 100, &la, &ua);
  WilsonInterval(56, 100, &lb, &ub);
  CHECK(low == Approx(0.08 - std::sqrt((0.56 - lb) * (0.56 - lb) + (ua - 0.48) * (ua - 0.48))));
  CHECK(high == Approx(0.08 + std::sqrt((ub - 0.56) * (ub - 0.56) + (0.48 - la) * (0.48 - la))));
  // Paired, no discordant trials: the difference is 0 and the interval straddles it.
  PairedDifferenceInterval(40, 0, 0, 100, &low, &high);
  CHECK(low < 0);
  CHECK(high > 0);
  // Paired with positive correlation is narrower than independent.
  double il, ih;
  PairedDifferenceInterval(40, 2, 10, 100, &low, &high);
  IndependentDifferenceInterval(42, 50, 100, &il, &ih);
  CHECK(high - low < ih - il);
  CHECK(low < 0.08);
  CHECK(high > 0.08);
  // All in B only: the difference is 1 and the interval ends at 1.
  PairedDifferenceInterval(0, 0, 50, 50, &low, &high);
  CHECK(high == 1);
  CHECK(low > 0.85);
}

TEST_CASE("brink compare writes compare.csv and a paired table", "[compare]") {
  fs::path dir = test::Scratch("compare_cli");
  const std::string model = kOneWay + "russia_dprk_treaty.yaml";
  const std::string out = " --out " + (dir / "o").string();
  test::Outcome o = test::Brink("compare " + model + " --trials 2000 --draws 20 --a "
                                "invoke_if_attacked=30% --b invoke_if_attacked=60%" + out, dir);
  REQUIRE(o.status == 0);
  CHECK(o.out.find("A: invoke_if_attacked=30.00%") != std::string::npos);
  CHECK(o.out.find("paired intervals are") != std::string::npos);
  const std::string csv = test::Slurp(dir / "o" / "compare.csv");
  CHECK(csv.rfind("kind,id,label,p_a,p_b,difference,paired_low,paired_high,independent_low,"
                  "independent_high\n", 0) == 0);
  const auto rows = ParseCsv(csv);
  CHECK(rows.size() == 19);  // header, 13 events, 5 levels
  // The same for any thread count and kernel.
  for (const std::string& args : {std::string(" -j 1"), std::string(" --simd scalar")}) {
    REQUIRE(test::Brink("compare " + model + " -q --trials 2000 --draws 20 --a "
                        "invoke_if_attacked=30% --b invoke_if_attacked=60% --out " +
                            (dir / "p").string() + args, dir).status == 0);
    CHECK(test::Slurp(dir / "p" / "compare.csv") == csv);
  }
  // brink show prints it again.
  test::Outcome shown = test::Brink("show " + (dir / "o").string(), dir);
  CHECK(shown.out == o.out.substr(0, o.out.rfind("\nWrote ")));
  // --b-model: another model with the same events. Arm B's model with troops_if_paid at 80%
  // gives the same bytes as --b troops_if_paid=80%.
  fs::create_directories(dir);
  std::string text = test::Slurp(model);
  const size_t at = text.find("troops_if_paid: 65%");
  REQUIRE(at != std::string::npos);
  text.replace(at, 19, "troops_if_paid: 80%");
  std::ofstream(dir / "b.yaml") << text;
  o = test::Brink("compare " + model + " -q --trials 2000 --draws 20 --b-model " +
                  (dir / "b.yaml").string() + out, dir);
  REQUIRE(o.status == 0);
  CHECK(fs::exists(dir / "o" / "model_b.yaml"));
  REQUIRE(test::Brink("compare " + model + " -q --trials 2000 --draws 20 --b troops_if_paid=80% "
                      "--out " + (dir / "p").string(), dir).status == 0);
  CHECK(test::Slurp(dir / "o" / "compare.csv") == test::Slurp(dir / "p" / "compare.csv"));
  CHECK(test::Slurp(dir / "o" / "compare.csv").find(",0.65,0.8,") == std::string::npos);
}

TEST_CASE("brink compare refuses arms it cannot pair", "[compare]") {
  fs::path dir = test::Scratch("compare_bad");
  const std::string model = kOneWay + "russia_dprk_treaty.yaml -q --trials 100 --out " +
                            (dir / "o").string();
  auto error = [&](const std::string& args) {
    test::Outcome o = test::Brink("compare " + model + " " + args, dir);
    CHECK(o.status == 2);
    return o.err;
  };
  CHECK(error("") == "brink: error: compare needs two different arms: give --a NAME=VALUE and "
                     "--b NAME=VALUE, or --b-model FILE\n");
  CHECK_THAT(error("--a invoke_if_atacked=0.3 --b invoke_if_attacked=0.6"),
             Catch::Contains("invoke_if_atacked") && Catch::Contains("did you mean"));
  CHECK_THAT(error("--a invoke_if_attacked=0.3 --a invoke_if_attacked=0.4"),
             Catch::Contains("--a invoke_if_attacked is given twice"));
  CHECK_THAT(error("--b-model " + kModels + "chain.yaml"),
             Catch::Contains("the two arms must have the same events"));
  CHECK(!fs::exists(dir / "o"));
}

}  // namespace
}  // namespace brink

namespace brink {
namespace {

TEST_CASE("sweep --baseline: each point's difference is compare's, and its figures unchanged",
          "[compare]") {
  const Model model = LoadModel(kModels + "chain.yaml");
  std::vector<SweepAxis> axes = {ParseVary(model, "mobilise_p=0.2,0.4,0.6")};
  RunRequest request;
  request.seed = 5;
  request.trials = 3000;
  request.threads = 2;
  for (int draws : {1, 8}) {
    CAPTURE(draws);
    const Settings sets;
    request.draws = draws;
    std::vector<SweepPoint> plain = RunSweep(model, axes, sets, request);
    std::vector<SweepPoint> paired;
    RunSweep(model, axes, sets, request,
             [&](size_t, SweepPoint p) { paired.push_back(std::move(p)); }, 1);
    REQUIRE(paired.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
      CAPTURE(i);
      // The point's own figures do not change with a baseline.
      std::vector<SweepPoint> one_plain = {plain[i]}, one_paired = {paired[i]};
      one_paired[0].outcome.versus_baseline.clear();
      CHECK(SweepCsv(axes, one_plain) == SweepCsv(axes, one_paired));
      // And the differences are those brink compare gives for the same two settings.
      CompareArms arms;
      arms.model_a = arms.model_b = &model;
      arms.a = {{"mobilise_p", 0.4}};
      arms.b = {{"mobilise_p", axes[0].values[i]}};
      const CompareOutcome compare = RunCompare(arms, request);
      const std::vector<PairedFigure>& versus = paired[i].outcome.versus_baseline;
      REQUIRE(versus.size() == compare.figures.size());
      for (size_t f = 0; f < versus.size(); ++f) {
        CHECK(versus[f].difference == compare.figures[f].difference);
        CHECK(versus[f].paired_low == compare.figures[f].paired_low);
        CHECK(versus[f].paired_high == compare.figures[f].paired_high);
        if (i == 1) CHECK(versus[f].difference == 0);
      }
    }
  }
}

TEST_CASE("brink sweep --baseline adds the paired difference to sweep.csv and the table",
          "[compare]") {
  fs::path dir = test::Scratch("sweep_baseline");
  const std::string args = "sweep " + kModels + "chain.yaml --trials 2000 --vary "
                           "mobilise_p=0.2:0.6:0.2 --out " + (dir / "o").string();
  test::Outcome o = test::Brink(args + " --baseline", dir);
  REQUIRE(o.status == 0);
  CHECK(o.out.find("vs baseline (points, paired 95%)") != std::string::npos);
  CHECK(o.out.find("+0.00  (") != std::string::npos);  // the baseline itself
  const auto rows = ParseCsv(test::Slurp(dir / "o" / "sweep.csv"));
  CHECK(rows[0].back() == "paired_high");
  CHECK(rows[0][rows[0].size() - 3] == "difference");
  CHECK(rows[1][rows[1].size() - 3] == "0");  // point 0 against itself
  test::Outcome shown = test::Brink("show " + (dir / "o").string(), dir);
  CHECK(shown.out == o.out.substr(0, o.out.rfind("\nWrote ")));
  o = test::Brink(args + " --baseline 2", dir);
  CHECK(o.status == 0);
  o = test::Brink(args + " --baseline 3", dir);
  CHECK(o.status == 2);
  CHECK(o.err == "brink: error: --baseline takes a point number from 0 to 2 (sweep.csv's point "
                 "column), not '3'\n");
}

}  // namespace
}  // namespace brink
