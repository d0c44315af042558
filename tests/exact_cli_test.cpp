// `brink exact`, `brink run --engine exact` and `--given`, run as a user runs them.
#include <catch2/catch.hpp>

#include <string>

#include "cli_util.h"

namespace brink {
namespace {

namespace fs = std::filesystem;
using test::Brink;
using test::Outcome;
using test::Scratch;
using test::Slurp;

const std::string kModels = BRINK_SOURCE_DIR "/models/";
// The one-way model of the treaty (version 1: nothing ends), the default model before it became
// two-way: the commands that do not run version-2 models yet, and the figures these tests pin.
const std::string kOneWay = BRINK_SOURCE_DIR "/examples/one-way/";

// The summary.csv row that starts with `prefix`, without its line break.
std::string Row(const std::string& csv, const std::string& prefix) {
  size_t at = csv.find("\n" + prefix);
  if (at == std::string::npos) return "";
  return csv.substr(at + 1, csv.find('\n', at + 1) - at - 1);
}

TEST_CASE("brink exact writes exact figures and the state count", "[exact_cli]") {
  fs::path dir = Scratch("exact");
  Outcome o = Brink("exact " + kModels + "coin.yaml --out " + (dir / "out").string(), dir);
  REQUIRE(o.status == 0);
  CHECK(o.err.empty());
  CHECK(o.out.find("exact engine, 2 states") != std::string::npos);
  std::string summary = Slurp(dir / "out" / "summary.csv");
  // 1 - 0.9^6 = 0.468559, with std_error 0 and the interval equal to the value.
  CHECK(Row(summary, "event,coin_lands,").rfind("event,coin_lands,coin_lands,0.46855", 0) == 0);
  std::string row = Row(summary, "event,coin_lands,");
  const size_t start = std::string("event,coin_lands,coin_lands,").size();
  std::string value = row.substr(start, row.find(',', start) - start);
  CHECK(row.find("," + value + ",0," + value + "," + value + ",") != std::string::npos);
  std::string json = Slurp(dir / "out" / "run.json");
  CHECK(json.find("\"engine\": \"exact\"") != std::string::npos);
  CHECK(json.find("\"states\": 2,") != std::string::npos);
  CHECK(fs::exists(dir / "out" / "timeline.csv"));
}

TEST_CASE("brink run --engine exact is brink exact", "[exact_cli]") {
  fs::path dir = Scratch("engine_exact");
  const std::string model = kModels + "cases_and_inhibitors.yaml -q --out ";
  REQUIRE(Brink("exact " + model + (dir / "a").string(), dir).status == 0);
  REQUIRE(Brink("run --engine exact " + model + (dir / "b").string(), dir).status == 0);
  for (const char* file : {"summary.csv", "timeline.csv"}) {
    CAPTURE(file);
    CHECK(Slurp(dir / "a" / file) == Slurp(dir / "b" / file));
  }
}

TEST_CASE("brink exact solves the default model, draw by draw", "[exact_cli]") {
  // The default model has uncertain values: each draw is solved exactly (10 draws here to keep
  // the test short; the default is 200).
  fs::path dir = Scratch("exact_default");
  Outcome o = Brink("exact " + kOneWay + "russia_dprk_treaty.yaml --draws 10 --out " +
                        (dir / "o").string(),
                    dir);
  CHECK(o.status == 0);
  CHECK(o.out.find("exact engine, 10 draws (lhs) x ") != std::string::npos);
  CHECK(o.out.find("Indo-Pacific destabilisation") != std::string::npos);
  std::string json = Slurp(dir / "o" / "run.json");
  CHECK(json.find("\"draws\": 10") != std::string::npos);
  CHECK(json.find("\"engine\": \"exact\"") != std::string::npos);
  // Pinning every uncertain value leaves one draw, solved exactly: std_error 0.
  o = Brink("exact " + kOneWay + "russia_dprk_treaty.yaml -q --set offensive_rate=3% --set "
            "troops_if_invoked=45% --set peninsula_base_rate=0.2% --set invoke_if_attacked=50% "
            "--set destab_rate_if_backed=12% "
            "--out " + (dir / "p").string(),
            dir);
  CAPTURE(o.err);
  REQUIRE(o.status == 0);
  std::string summary = Slurp(dir / "p" / "summary.csv");
  std::string row = Row(summary, "event,ukraine_offensive,");
  CHECK(row.find(",0,") != std::string::npos);
}

TEST_CASE("brink exact refuses a state space past --max-states and writes nothing", "[exact_cli]") {
  fs::path dir = Scratch("max_states");
  Outcome o = Brink("exact " + kOneWay + "russia_dprk_treaty.yaml --max-states 100 --out " +
                        (dir / "o").string(),
                    dir);
  CHECK(o.status == 2);
  CHECK(o.err.rfind("brink: error: exact: the state space passed --max-states 100 (reached 101 "
                    "states at step ", 0) == 0);
  CHECK(o.err.find("); use brink run\n") != std::string::npos);
  CHECK(o.out.empty());
  CHECK_FALSE(fs::exists(dir / "o"));
  CHECK(Brink("exact " + kModels + "coin.yaml --max-states 0", dir).status == 2);
  CHECK(Brink("exact " + kModels + "coin.yaml --max-states lots", dir).status == 2);
  CHECK(Brink("exact " + kModels + "coin.yaml --trials 100", dir).status == 2);  // not a flag of exact
}

TEST_CASE("--given: Monte Carlo reports P(given) and its trials", "[exact_cli]") {
  fs::path dir = Scratch("given_run");
  Outcome o = Brink("run " + kModels + "chain.yaml --trials 20000 --given border_incident --out " +
                        (dir / "o").string(),
                    dir);
  REQUIRE(o.status == 0);
  CHECK(o.out.find("Given: border_incident  (P = ") != std::string::npos);
  std::string summary = Slurp(dir / "o" / "summary.csv");
  CHECK(Row(summary, "given,").rfind("given,given,border_incident,0.4", 0) == 0);
  CHECK(summary.back() == '\n');
  // Given the incident, it happened with certainty.
  CHECK(Row(summary, "event,border_incident,").find(",1,0,") != std::string::npos);
  std::string json = Slurp(dir / "o" / "run.json");
  CHECK(json.find("\"given\": \"border_incident\"") != std::string::npos);
  CHECK(json.find("\"given_probability\": 0.4") != std::string::npos);
  CHECK(json.find("\"given_trials\": ") != std::string::npos);
}

TEST_CASE("--given: exact reports P(given) and conditional figures", "[exact_cli]") {
  fs::path dir = Scratch("given_exact");
  Outcome o = Brink("exact " + kModels + "chain.yaml -q --given 'mobilisation and not strike' "
                    "--out " + (dir / "o").string(),
                    dir);
  REQUIRE(o.status == 0);
  std::string summary = Slurp(dir / "o" / "summary.csv");
  CHECK(Row(summary, "given,").rfind("given,given,mobilisation and not strike,0.13", 0) == 0);
  CHECK(Row(summary, "event,strike,").find(",0,0,0,0,") != std::string::npos);
  std::string json = Slurp(dir / "o" / "run.json");
  CHECK(json.find("\"given_probability\": 0.13") != std::string::npos);
  CHECK(json.find("given_trials") == std::string::npos);
}

TEST_CASE("--given: errors are usage errors, exit 2, no files", "[exact_cli]") {
  fs::path dir = Scratch("given_errors");
  const std::string out = " --out " + (dir / "o").string();
  Outcome o = Brink("run " + kModels + "coin.yaml --trials 1000 --given coin_land" + out, dir);
  CHECK(o.status == 2);
  CHECK(o.err == "brink: error: --given: column 1: unknown event 'coin_land' (did you mean "
                 "'coin_lands'?)\n");
  o = Brink("exact " + kModels + "coin.yaml --given 'coin_lands or'" + out, dir);
  CHECK(o.status == 2);
  CHECK(o.err == "brink: error: --given: column 14: condition ends where an event id was "
                 "expected\n");
  o = Brink("run " + kModels + "coin.yaml --trials 1000 --given 'coin_lands and not coin_lands'" +
                out,
            dir);
  CHECK(o.status == 2);
  CHECK(o.err == "brink: error: --given 'coin_lands and not coin_lands' can never hold, "
                 "whatever happens (every figure would be conditional on an impossible event)\n");
  o = Brink("exact " + kModels + "coin.yaml --given false" + out, dir);
  CHECK(o.status == 2);
  CHECK(o.err == "brink: error: --given 'false' can never hold, whatever happens (every figure "
                 "would be conditional on an impossible event)\n");
  // A condition that could hold, but not in this model: found by running it.
  fs::create_directories(dir);
  std::ofstream(dir / "never.yaml") << "scenario: never\nhorizon: 2\nevents:\n  a: {hazard: 0}\n";
  o = Brink("run " + (dir / "never.yaml").string() + " --trials 1000 --given a" + out, dir);
  CHECK(o.status == 2);
  CHECK(o.err == "brink: error: --given: the condition 'a' never held in 1000 trials\n");
  o = Brink("exact " + (dir / "never.yaml").string() + " --given a" + out, dir);
  CHECK(o.status == 2);
  CHECK(o.err == "brink: error: --given: the condition 'a' never holds in this model (its "
                 "exact probability is 0)\n");
  o = Brink("run " + kModels + "coin.yaml --given ''" + out, dir);
  CHECK(o.status == 2);
  CHECK(o.err == "brink: error: --given: column 1: empty condition\n");
  CHECK_FALSE(fs::exists(dir / "o"));
}

}  // namespace
}  // namespace brink
