// Every limit of docs/limits.md, tested at the limit (accepted) and one past it (refused with
// its message, exit 2). Options are checked through the command line; an option at its
// limit is shown accepted by reaching the next check, the memory estimate, with
// --max-memory 1 (so nothing large runs).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "brink/error.h"
#include "brink/load.h"
#include "brink/run.h"
#include "brink/sweep.h"
#include "cli_util.h"

namespace brink {
namespace {

namespace fs = std::filesystem;
using test::Brink;
using test::Outcome;

const std::string kCoin = BRINK_SOURCE_DIR "/models/coin.yaml";

// The message of loading `yaml`, or "" when it loads.
std::string LoadError(const std::string& yaml) {
  try {
    LoadModelFromString(yaml, "limit.yaml");
    return "";
  } catch (const ModelError& e) {
    return e.what();
  }
}

std::string Events(int n) {
  std::string yaml = "scenario: limit\nhorizon: 2\nevents:\n";
  for (int i = 0; i < n; ++i) yaml += "  e" + std::to_string(i) + ": {hazard: 0.01}\n";
  return yaml;
}

TEST_CASE("Limit: the model file's size, 16 MiB", "[limits]") {
  fs::path dir = test::Scratch("limit_file");
  fs::create_directories(dir);
  const std::string head = "scenario: limit\nhorizon: 2\nevents:\n  a: {hazard: 0.1}\n";
  auto write = [&](size_t size) {
    std::string text = head;
    const std::string line = "# " + std::string(1021, 'x') + "\n";  // 1 KiB of comment
    while (text.size() + line.size() <= size) text += line;
    text += "#" + std::string(size - text.size() - 2, 'x') + "\n";
    REQUIRE(text.size() == size);
    std::ofstream(dir / "m.yaml", std::ios::binary) << text;
  };
  write(size_t{16} << 20);
  Outcome o = Brink("validate " + (dir / "m.yaml").string(), dir);
  CAPTURE(o.err);
  CHECK(o.status == 0);
  write((size_t{16} << 20) + 1);
  o = Brink("validate " + (dir / "m.yaml").string(), dir);
  CHECK(o.status == 2);
  CHECK(o.err.find(":1:1: error: the model file is larger than 16 MiB") != std::string::npos);
}

TEST_CASE("Limit: 65535 events", "[limits]") {
  CHECK(LoadError(Events(65535)) == "");
  CHECK_THAT(LoadError(Events(65536)),
             Catch::Contains("error: a model may have at most 65535 events"));
}

TEST_CASE("Limit: 65535 probability values, named and inline", "[limits]") {
  auto model = [](int parameters) {
    std::string yaml = "scenario: limit\nhorizon: 2\nparameters:\n";
    for (int i = 0; i < parameters; ++i) yaml += "  p" + std::to_string(i) + ": 0.1\n";
    return yaml + "events:\n  a: {hazard: 0.5}\n";  // one inline value
  };
  CHECK(LoadError(model(65534)) == "");
  CHECK_THAT(LoadError(model(65535)),
             Catch::Contains("a model may have at most 65535 probability values"));
}

TEST_CASE("Limit: 1000 levels, the baseline included", "[limits]") {
  auto model = [](int levels) {
    std::string yaml = "scenario: limit\nhorizon: 2\nlevels:\n";
    for (int i = 0; i < levels; ++i) yaml += "  - rung " + std::to_string(i) + "\n";
    return yaml + "events:\n  a: {hazard: 0.1, level: 1}\n";
  };
  CHECK(LoadError(model(1000)) == "");
  CHECK_THAT(LoadError(model(1001)), Catch::Contains("a model may have at most 1000 levels"));
}

TEST_CASE("Limit: a horizon of 10000 steps", "[limits]") {
  auto model = [](int horizon) {
    return "scenario: limit\nhorizon: " + std::to_string(horizon) +
           "\nevents:\n  a: {hazard: 0.1}\n";
  };
  CHECK(LoadError(model(10000)) == "");
  CHECK_THAT(LoadError(model(10001)),
             Catch::Contains("'horizon' must be an integer from 1 to 10000, not '10001'"));
  CHECK(LoadError(model(1)) == "");
  CHECK_THAT(LoadError(model(0)), Catch::Contains("'horizon' must be an integer from 1 to 10000"));
}

TEST_CASE("Limit: conditions nested 64 levels deep", "[limits]") {
  // The event is a level, and each parenthesis or `not` around it one more: 63 at most.
  auto model = [](int wraps, bool use_not) {
    std::string condition = "a";
    for (int i = 0; i < wraps; ++i) condition = use_not ? "not " + condition : "(" + condition + ")";
    return "scenario: limit\nhorizon: 2\nevents:\n  a: {hazard: 0.1}\n  b: {p: 0.5, after: " +
           condition + "}\n";
  };
  for (bool use_not : {false, true}) {
    CHECK(LoadError(model(Condition::kMaxDepth - 1, use_not)) == "");
    CHECK_THAT(LoadError(model(Condition::kMaxDepth, use_not)),
               Catch::Contains("condition is nested too deeply"));
  }
}

TEST_CASE("Limit: beta shapes up to 1000000", "[limits]") {
  auto model = [](const std::string& a) {
    return "scenario: limit\nhorizon: 2\nevents:\n  a:\n    hazard: beta(" + a + ", 8)\n";
  };
  CHECK(LoadError(model("1000000")) == "");
  CHECK_THAT(LoadError(model("1000001")),
             Catch::Contains("beta(a, b) shapes above 1000000 are not supported"));
  CHECK_THAT(LoadError(model("0")), Catch::Contains("beta(a, b) needs a > 0 and b > 0"));
}

// Runs `args` on coin.yaml with --max-memory 1: an option at its limit gets as far as the
// memory check.
Outcome AtLimit(const std::string& command, const std::string& args) {
  fs::path dir = test::Scratch("limit_option");
  return Brink(command + " " + kCoin + " -q --out " + (dir / "o").string() + " " + args, dir);
}

void CheckAccepted(const Outcome& o) {
  CHECK(o.status == 2);
  CHECK(o.err.rfind("brink: error: this run would hold about ", 0) == 0);
}

void CheckRefused(const Outcome& o, const std::string& message) {
  CHECK(o.status == 2);
  CHECK_THAT(o.err, Catch::StartsWith("brink: error: ") && Catch::Contains(message));
}

TEST_CASE("Limit: --trials and --max-trials up to 2^38", "[limits]") {
  CheckAccepted(AtLimit("run", "--max-memory 1 --trials 274877906944"));
  CheckRefused(AtLimit("run", "--max-memory 1 --trials 274877906945"),
               "--trials must be a whole number from 1 to 2^38");
  CheckRefused(AtLimit("run", "--max-memory 1 --trials 0"),
               "--trials must be a whole number from 1 to 2^38");
  CheckAccepted(AtLimit("run", "--max-memory 1 --precision 1% --max-trials 274877906944"));
  CheckRefused(AtLimit("run", "--max-memory 1 --precision 1% --max-trials 274877906945"),
               "--max-trials must be a whole number from 1 to 2^38");
}

TEST_CASE("Limit: --draws up to 1000000", "[limits]") {
  CheckAccepted(AtLimit("run", "--max-memory 1 --draws 1000000"));
  CheckRefused(AtLimit("run", "--max-memory 1 --draws 1000001"), "--draws");
  CheckRefused(AtLimit("run", "--max-memory 1 --draws 0"), "--draws");
}

TEST_CASE("Limit: --seed from 0 to 2^64 - 1", "[limits]") {
  CheckAccepted(AtLimit("run", "--max-memory 1 --seed 18446744073709551615"));
  CheckRefused(AtLimit("run", "--max-memory 1 --seed 18446744073709551616"),
               "--seed must be a whole number from 0 to 18446744073709551615");
  CheckAccepted(AtLimit("run", "--max-memory 1 --seed 0"));
  CheckRefused(AtLimit("run", "--max-memory 1 --seed -1"), "--seed must be a whole number");
}

TEST_CASE("Limit: --threads up to 1024", "[limits]") {
  CheckAccepted(AtLimit("run", "--max-memory 1 --threads 1024"));
  CheckRefused(AtLimit("run", "--max-memory 1 --threads 1025"), "--threads");
}

TEST_CASE("Limit: --max-states up to 2e9", "[limits]") {
  CHECK(AtLimit("run", "--engine exact --max-states 2000000000").status == 0);
  CheckRefused(AtLimit("run", "--engine exact --max-states 2000000001"),
               "--max-states must be a whole number from 1 to 2e9");
}

TEST_CASE("Limit: 10000 values per --vary axis and 10^6 sweep points", "[limits]") {
  // invoke=0:0.9999:0.0001 has 10,000 values; to 1 it has 10,001.
  const std::string model = BRINK_SOURCE_DIR "/examples/one-way/russia_dprk_treaty.yaml";
  fs::path dir = test::Scratch("limit_sweep");
  auto sweep = [&](const std::string& args) {
    return Brink("sweep " + model + " -q --max-memory 1 --out " + (dir / "o").string() + " " +
                     args, dir);
  };
  CheckAccepted(sweep("--vary invoke_if_attacked=0:0.9999:0.0001"));
  CheckRefused(sweep("--vary invoke_if_attacked=0:1:0.0001"),
               "--vary invoke_if_attacked: more than 10000 values");
  // 100 × 10,000 = 10^6 points; 101 × 9,901 = 10^6 + 1.
  CheckAccepted(sweep("--vary invoke_if_attacked=0:0.9999:0.0001 --vary offensive_rate=0:0.99:0.01"));
  CheckRefused(sweep("--vary invoke_if_attacked=0:0.99:0.0001 --vary offensive_rate=0:1:0.01"),
               "the sweep has more than 1000000 points");
}

TEST_CASE("Limit: --max-memory, at the estimate and one byte below", "[limits]") {
  Model model = LoadModelFromString(Events(3), "limit.yaml");
  RunRequest request;
  const uint64_t bytes = ResultBytes(model, 200, 2);
  request.max_memory = bytes;
  CHECK_NOTHROW(CheckMemory(bytes, "200 draws", request));
  request.max_memory = bytes - 1;
  CHECK_THROWS_AS(CheckMemory(bytes, "200 draws", request), UsageError);
}

}  // namespace
}  // namespace brink
