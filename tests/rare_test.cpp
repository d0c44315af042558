// Rare figures by importance sampling (brink/rare.h) against the exact engine: estimates
// within 5 standard errors, interval coverage over 300 seeds, the trials saved against plain
// Monte Carlo, and reproducibility.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "brink/error.h"
#include "brink/load.h"
#include "brink/rare.h"
#include "brink/run.h"
#include "cli_util.h"

namespace brink {
namespace {

// A chain to a rare top level: a trigger with hazard h over the horizon, then responses with
// probabilities p1, p2... each after the one before (delay 0 or 1), the last at level 2; an
// inhibitor (a second trigger, under `not`) on the second link.
std::string ChainModel(int horizon, double h, const std::vector<double>& p) {
  std::string yaml = "scenario: rare chain\nhorizon: " + std::to_string(horizon) +
                     "\nlevels: [calm, incident, catastrophe]\nevents:\n"
                     "  start:\n    hazard: " + std::to_string(h) + "\n    level: 1\n"
                     "  brake:\n    hazard: 0.05\n";
  std::string before = "start";
  for (size_t i = 0; i < p.size(); ++i) {
    const std::string id = "link" + std::to_string(i);
    yaml += "  " + id + ":\n    after: " + before + (i == 1 ? " and not brake" : "") +
            "\n    p: " + std::to_string(p[i]) + "\n    delay: " + std::to_string(i % 2) + "\n";
    if (i + 1 == p.size()) yaml += "    level: 2\n";
    before = id;
  }
  return yaml;
}

double Exact(const Model& model, int target) {
  RunRequest request;
  request.engine = Engine::kExact;
  request.draws = 1;
  return RunModel(model, SettleParameters(model, {}), request).results.figures[target].probability;
}

RareOutcome Rare(const Model& model, int target, uint64_t seed, double precision,
                 uint64_t pilot = 20000, int threads = 2) {
  RareRequest request;
  request.seed = seed;
  request.threads = threads;
  request.target = target;
  request.precision = precision;
  request.pilot_trials = pilot;
  return EstimateRare(model, SettleParameters(model, {}).base, request);
}

}  // namespace

TEST_CASE("rare figures from 1e-4 to 1e-9 agree with the exact engine", "[rare]") {
  const std::vector<std::pair<std::string, std::vector<double>>> chains = {
      {"p ~ 1e-4", {0.05, 0.02}},
      {"p ~ 1e-6", {0.01, 0.02, 0.05}},
      {"p ~ 1e-7", {0.005, 0.01, 0.02}},
      {"p ~ 1e-9", {0.002, 0.01, 0.02, 0.05}},
  };
  for (const auto& [name, p] : chains) {
    const Model model = LoadModelFromString(ChainModel(12, 0.01, p), "chain.yaml");
    const int target = FindTarget(model, "level:2");
    const double exact = Exact(model, target);
    const RareOutcome out = Rare(model, target, 11, 0.10);
    const Figure& f = out.results.figures[target];
    const double z = (f.probability - exact) / f.std_error;
    CAPTURE(name, exact, f.probability, f.std_error, z, out.trials, out.pilot_trials,
            out.rounds, out.speedup);
    CHECK(exact > 1e-10);
    CHECK(exact < 2e-4);
    CHECK(std::fabs(z) < 5);
    CHECK(out.precision_reached);
    CHECK(HalfWidth(f) <= 0.10 * f.probability);
    // Far fewer trials than plain Monte Carlo for the same interval.
    CHECK(out.speedup > 100);
    CHECK(out.effective_sample_size > 100);
  }
}

TEST_CASE("the rare estimate's 95% interval covers the exact answer 93-97% of the time",
          "[rare]") {
  for (const std::vector<double>& p : {std::vector<double>{0.02, 0.03},
                                       std::vector<double>{0.01, 0.02, 0.05}}) {
    const Model model = LoadModelFromString(ChainModel(10, 0.01, p), "chain.yaml");
    const int target = FindTarget(model, "level:2");
    const double exact = Exact(model, target);
    int covered = 0;
#ifdef BRINK_SANITIZED
    const int seeds = 20;  // the sanitizers' slowness: the same code, fewer seeds
#else
    const int seeds = 300;
#endif
    for (int seed = 1; seed <= seeds; ++seed) {
      const Figure f = Rare(model, target, seed, 0.25, 5000, 2).results.figures[target];
      if (f.ci_low <= exact && exact <= f.ci_high) ++covered;
    }
    CAPTURE(exact, covered);
#ifdef BRINK_SANITIZED
    CHECK(covered >= 16);
#else
    CHECK(covered >= 0.93 * seeds);
    CHECK(covered <= 0.97 * seeds);
#endif
  }
}

TEST_CASE("at p ~ 1e-6 importance sampling needs over 100 times fewer trials", "[rare]") {
  const Model model =
      LoadModelFromString(ChainModel(12, 0.01, {0.01, 0.02, 0.05}), "chain.yaml");
  const int target = FindTarget(model, "level:2");
  const double exact = Exact(model, target);
  const RareOutcome out = Rare(model, target, 5, 0.10);
  // Plain Monte Carlo: n = p(1-p) (1.96 / (0.1 p))^2 for a ±10% interval at the exact p.
  const double plain = exact * (1 - exact) * std::pow(1.959963984540054 / (0.1 * exact), 2);
  const double used = static_cast<double>(out.pilot_trials + out.trials);
  CAPTURE(exact, plain, used, plain / used);
  CHECK(exact > 3e-7);
  CHECK(exact < 3e-6);
  CHECK(plain / used > 100);
}

TEST_CASE("rare estimates are reproducible and say when the target is not rare", "[rare]") {
  const Model model =
      LoadModelFromString(ChainModel(12, 0.01, {0.01, 0.02, 0.05}), "chain.yaml");
  const int target = FindTarget(model, "level:2");
  const RareOutcome one = Rare(model, target, 3, 0.10, 20000, 1);
  const RareOutcome two = Rare(model, target, 3, 0.10, 20000, 2);
  CHECK(one.trials == two.trials);
  CHECK(one.results.figures[target].probability == two.results.figures[target].probability);
  CHECK(one.results.figures[target].std_error == two.results.figures[target].std_error);
  // level 1 happens in about 11% of trials: plain Monte Carlo is the tool.
  try {
    Rare(model, FindTarget(model, "level:1"), 3, 0.10);
    FAIL("no error");
  } catch (const UsageError& e) {
    CHECK(std::string(e.what()).find("is not rare") != std::string::npos);
    CHECK(std::string(e.what()).find("without rare") != std::string::npos);
  }
}

TEST_CASE("brink run --rare: the same bytes for any thread count, and clear refusals",
          "[rare]") {
  namespace fs = std::filesystem;
  const fs::path dir = test::Scratch("rare_cli");
  fs::create_directories(dir);
  const fs::path model = dir / "chain.yaml";
  {
    std::ofstream out(model);
    out << ChainModel(12, 0.01, {0.01, 0.02, 0.05});
  }
  const std::string run = "run " + model.string() + " --rare --target level:2 -q --out ";
  REQUIRE(test::Brink(run + (dir / "t1").string() + " --threads 1", dir).status == 0);
  REQUIRE(test::Brink(run + (dir / "t2").string() + " --threads 2", dir).status == 0);
  for (const char* file : {"summary.csv", "timeline.csv", "draws.csv", "distribution.csv"})
    CHECK(test::Slurp(dir / "t1" / file) == test::Slurp(dir / "t2" / file));
  const std::string record = test::Slurp(dir / "t1" / "run.json");
  for (const char* field : {"\"method\": \"importance sampling, cross-entropy tilts\"",
                            "\"effective_sample_size\"", "\"speedup\"", "\"trials_used\"",
                            "\"precision_reached\": true"})
    CHECK(record.find(field) != std::string::npos);
  // Not rare: a message naming plain Monte Carlo, exit 2, nothing written.
  const auto common = test::Brink("run " + model.string() + " --rare --target level:1 --out " +
                                  (dir / "no").string(), dir);
  CHECK(common.status == 2);
  CHECK(common.err.find("is not rare") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "no"));
  CHECK(test::Brink("run " + model.string() + " --rare --precision 0.001 --out " +
                    (dir / "no").string(), dir).status == 2);
  CHECK(test::Brink("run " + model.string() + " --rare --given start --out " +
                    (dir / "no").string(), dir).status == 2);
}

}  // namespace brink
