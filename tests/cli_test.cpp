// The brink command line, run as a user runs it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "brink/load.h"
#include "brink/report.h"
#include "brink/simd.h"
#include "brink/sweep.h"
#include "cli_util.h"

namespace {

namespace fs = std::filesystem;
using brink::test::Brink;
using brink::test::Outcome;
using brink::test::Scratch;
using brink::test::Slurp;

const std::string kModels = BRINK_SOURCE_DIR "/models/";
// The one-way model of the treaty (version 1: nothing ends), the default model before it became
// two-way: the commands that do not run version-2 models yet, and the figures these tests pin.
const std::string kOneWay = BRINK_SOURCE_DIR "/examples/one-way/";

TEST_CASE("brink run writes the three outputs and prints the table", "[cli]") {
  fs::path dir = Scratch("run");
  Outcome o = Brink("run " + kOneWay + "russia_dprk_treaty.yaml --trials 2e4 --out " +
                        (dir / "out").string(), dir);
  REQUIRE(o.status == 0);
  CHECK(o.err.empty());  // no progress line when stderr is not a terminal
  CHECK(o.out.find("Escalation level") != std::string::npos);
  for (const char* file : {"summary.csv", "timeline.csv", "draws.csv", "distribution.csv", "run.json"})
    CHECK(fs::exists(dir / "out" / file));
  std::string json = Slurp(dir / "out" / "run.json");
  CHECK(json.find("\"trials\": 20000") != std::string::npos);
  CHECK(json.find("\"model_sha256\": \"") != std::string::npos);
  CHECK(Slurp(dir / "out" / "summary.csv").rfind("kind,id,label,probability,std_error,", 0) == 0);
}

TEST_CASE("run.json is valid JSON whatever bytes the command line holds", "[cli]") {
  // Was: a byte that is not UTF-8 (here in the --out path) was copied into run.json.
  fs::path dir = Scratch("json_bytes");
  const std::string out = (dir / "o\xff").string();
  REQUIRE(Brink("run " + kModels + "coin.yaml -q --trials 100 --out '" + out + "'", dir).status ==
          0);
  const std::string json = Slurp(fs::path(out) / "run.json");
  CHECK(json.find('\xff') == std::string::npos);
  CHECK(json.find("o\xef\xbf\xbd") != std::string::npos);  // U+FFFD
}

TEST_CASE("brink run gives byte-identical CSV with 1 and 2 threads", "[cli][slow]") {
  fs::path dir = Scratch("threads");
  const std::string model = kOneWay + "russia_dprk_treaty.yaml --trials 30000 --seed 11 -q";
  REQUIRE(Brink("run " + model + " --threads 1 --out " + (dir / "one").string(), dir).status == 0);
  REQUIRE(Brink("run " + model + " --threads 2 --out " + (dir / "two").string(), dir).status == 0);
  for (const char* file : {"summary.csv", "timeline.csv"}) {
    CAPTURE(file);
    CHECK(Slurp(dir / "one" / file) == Slurp(dir / "two" / file));
  }
}

TEST_CASE("brink run gives byte-identical outputs with every SIMD kernel", "[cli]") {
  // Kernels from --simd and from BRINK_SIMD; the header line and run.json name the kernel.
  fs::path dir = Scratch("simd");
  const std::string model = kOneWay + "russia_dprk_treaty.yaml --trials 3000 --draws 7 --seed 5";
  Outcome o = Brink("run " + model + " --engine reference -q --out " + (dir / "ref").string(), dir);
  REQUIRE(o.status == 0);
  CHECK(Slurp(dir / "ref" / "run.json").find("simd_kernel") == std::string::npos);
  for (brink::SimdKernel kernel : brink::AvailableKernels()) {
    const std::string name = brink::KernelName(kernel);
    CAPTURE(name);
    const fs::path flag = dir / ("flag_" + name), env = dir / ("env_" + name);
    o = Brink("run " + model + " --simd " + name + " --out " + flag.string(), dir);
    REQUIRE(o.status == 0);
    CHECK(o.out.find("fast engine (" + name + " kernel), seed 5") != std::string::npos);
    CHECK(Slurp(flag / "run.json").find("\"simd_kernel\": \"" + name + "\"") !=
          std::string::npos);
    o = Brink("run " + model + " -q --threads 1 --out " + env.string(), dir, "BRINK_SIMD=" + name);
    REQUIRE(o.status == 0);
    CHECK(Slurp(env / "run.json").find("\"simd_kernel\": \"" + name + "\"") !=
          std::string::npos);
    for (const char* file : {"summary.csv", "timeline.csv", "draws.csv", "distribution.csv"}) {
      CAPTURE(file);
      CHECK(Slurp(flag / file) == Slurp(dir / "ref" / file));
      CHECK(Slurp(env / file) == Slurp(dir / "ref" / file));
    }
  }
}

TEST_CASE("A kernel this CPU lacks, or no kernel at all, is a usage error", "[cli]") {
  fs::path dir = Scratch("simd_errors");
  const std::string run = "run " + kModels + "coin.yaml -q --trials 100 --out " +
                          (dir / "o").string();
  Outcome o = Brink(run + " --simd avx3", dir);
  CHECK(o.status == 2);
  CHECK(o.err.find("--simd: avx3 not in {auto,scalar,sse4,avx2,avx512,neon}") !=
        std::string::npos);
  o = Brink(run, dir, "BRINK_SIMD=fastest");
  CHECK(o.status == 2);
  CHECK(o.err == "brink: error: BRINK_SIMD=fastest: expected auto, scalar, sse4, avx2, avx512, "
                 "neon or wasm\n");
#if defined(__x86_64__)
  o = Brink(run + " --simd neon", dir);
  CHECK(o.status == 2);
  CHECK(o.err.rfind("brink: error: --simd neon: this CPU or build has no such kernel; "
                    "available: auto, ", 0) == 0);
#endif
  CHECK(!fs::exists(dir / "o"));
  // --simd wins over the environment.
  CHECK(Brink(run + " --simd scalar", dir, "BRINK_SIMD=fastest").status == 0);
}

TEST_CASE("A failed write to standard output is an error, exit status 1", "[cli]") {
  // Was: exit 0 with the table lost (`brink validate model.yaml > /dev/full`).
  fs::path dir = Scratch("stdout_full");
  fs::create_directories(dir);
  for (const std::string& args : {"validate " + kModels + "coin.yaml",
                                 "run " + kModels + "coin.yaml --trials 1000 --out " +
                                     (dir / "o").string(),
                                 std::string("--help"), std::string("run --help")}) {
    CAPTURE(args);
    const std::string command = std::string(BRINK_BINARY) + " " + args + " >/dev/full 2>" +
                                (dir / "err.txt").string();
    const int raw = std::system(command.c_str());
    CHECK(WEXITSTATUS(raw) == 1);
    CHECK(Slurp(dir / "err.txt") == "brink: error: writing standard output: No space left on device\n");
  }
}

TEST_CASE("Output folders brink cannot use are usage errors, before any simulation", "[cli]") {
  // Were internal errors (exit 1) after the whole run.
  fs::path dir = Scratch("out_errors");
  fs::create_directories(dir);
  std::ofstream(dir / "file.txt") << "mine\n";
  for (const std::string& out : {std::string("''"), (dir / "file.txt").string(),
                                std::string("/dev/null"), std::string("/proc/brink")}) {
    CAPTURE(out);
    Outcome o = Brink("run " + kOneWay + "russia_dprk_treaty.yaml -q --out " + out, dir);
    CHECK(o.status == 2);
    CHECK(o.err.rfind("brink: error: --out ", 0) == 0);
  }
}

TEST_CASE("A run or sweep too big for --max-memory is refused before it starts", "[cli]") {
  // Was: --draws 1000000 --trials 1 grew past 3 GB unchecked; a 10^6-point sweep past 3.6 GB.
  // Draws and points are now folded in as they finish (the sweep of 251,001 points peaks
  // near 11 MB), and what is still held (each draw's probabilities, and its timeline up to a
  // 256 MB budget, for the per-step bands) is estimated before the run and checked.
  fs::path dir = Scratch("max_memory");
  const std::string model = kOneWay + "russia_dprk_treaty.yaml -q --trials 1 --out " +
                            (dir / "o").string();
  Outcome o = Brink("run " + model + " --draws 1000000 --max-memory 500M", dir);
  CHECK(o.status == 2);
  CHECK(o.err == "brink: error: this run would hold about 1.22 GB of results (1000000 draws × "
                 "18 figures), more than the limit of 0.5 GB (--max-memory): ask for fewer, or "
                 "raise --max-memory\n");
  o = Brink("sweep " + model + " --vary invoke_if_attacked=0:1:0.01 --draws 1000000 "
            "--max-memory 500M", dir);
  CHECK(o.status == 2);
  CHECK(o.err.find("(101 points × 1000000 draws)") != std::string::npos);
  o = Brink("run " + model + " --max-memory 8Q", dir);
  CHECK(o.status == 2);
  CHECK(o.err == "brink: error: --max-memory takes a size such as 8G, 512M or 2e9 (bytes), not "
                 "'8Q'\n");
  CHECK(!fs::exists(dir / "o"));
  CHECK(Brink("run " + model + " --draws 50 --max-memory 100M", dir).status == 0);
}

TEST_CASE("A file size limit is an error with its reason, and the old results stay", "[cli]") {
  // Was: killed by SIGXFSZ, with old and new files mixed and a partial temporary file left.
  fs::path dir = Scratch("fsize");
  const std::string run = std::string(BRINK_BINARY) + " run " + kOneWay +
                          "russia_dprk_treaty.yaml -q --trials 2000 --out " +
                          (dir / "out").string();
  REQUIRE(Brink("run " + kModels + "coin.yaml -q --trials 100 --out " + (dir / "out").string(),
                dir)
              .status == 0);
  const std::string before = Slurp(dir / "out" / "summary.csv");
  const std::string command =
      "sh -c 'ulimit -f 8; exec " + run + "' 2>" + (dir / "err.txt").string();
  const int raw = std::system(command.c_str());
  CHECK(WIFEXITED(raw));
  CHECK(WEXITSTATUS(raw) == 1);
  CHECK(Slurp(dir / "err.txt").find("File too large") != std::string::npos);
  CHECK(Slurp(dir / "out" / "summary.csv") == before);
  int entries = 0;  // besides the captured output: the output folder alone, no temporary
  for (const auto& entry : fs::directory_iterator(dir))
    entries += entry.path().extension() != ".txt";
  CHECK(entries == 1);
}

TEST_CASE("brink run --set overrides a named parameter", "[cli]") {
  fs::path dir = Scratch("set");
  const std::string model = kModels + "coin.yaml -q --trials 1000 --out " + (dir / "o").string();
  REQUIRE(Brink("run " + model + " --set " + "dummy=1", dir).status == 2);
  Outcome o = Brink("run " + kOneWay + "russia_dprk_treaty.yaml -q --set offensiv_rate=5%", dir);
  CHECK(o.status == 2);
  CHECK(o.err == "brink: error: unknown parameter 'offensiv_rate' (did you mean "
                 "'offensive_rate'?)\n");
  o = Brink("run " + kOneWay +
                "russia_dprk_treaty.yaml -q --set offensive_rate=5% --set offensive_rate=0.1",
            dir);  // was: the last silently kept
  CHECK(o.status == 2);
  CHECK(o.err == "brink: error: --set offensive_rate is given twice (0.05 and 0.1): give each "
                 "parameter once\n");
  o = Brink("run " + kOneWay + "russia_dprk_treaty.yaml -q --set offensive_rate=150%", dir);
  CHECK(o.status == 2);
  o = Brink("run " + kOneWay + "russia_dprk_treaty.yaml -q --trials 2000 --out " +
                (dir / "a").string() + " --set offensive_rate=0",
            dir);
  REQUIRE(o.status == 0);
  std::string summary = Slurp(dir / "a" / "summary.csv");
  size_t row = summary.find("event,ukraine_offensive,");
  REQUIRE(row != std::string::npos);
  std::string line = summary.substr(row, summary.find('\n', row) - row);
  // Never happens: probability, std_error and the interval's low end are 0; no first step;
  // p05 = p50 = p95 = 0.
  CHECK(line.find(",0,0,0,") != std::string::npos);
  CHECK(line.substr(line.size() - 7) == ",,0,0,0");
  CHECK_FALSE(fs::exists(dir / "o"));
}

TEST_CASE("brink validate lists events in evaluation order", "[cli]") {
  fs::path dir = Scratch("validate");
  Outcome o = Brink("validate " + kModels + "coin.yaml", dir);
  CHECK(o.status == 0);
  CHECK(o.out.find("Evaluation order:\n  1. ") != std::string::npos);
}

TEST_CASE("Bad flags are usage errors with exit status 2", "[cli]") {
  fs::path dir = Scratch("flags");
  CHECK(Brink("run " + kModels + "coin.yaml --trials 1.5", dir).status == 2);
  CHECK(Brink("run " + kModels + "coin.yaml --trials 0", dir).status == 2);
  CHECK(Brink("run " + kModels + "coin.yaml --threads 0", dir).status == 2);
  CHECK(Brink("run " + kModels + "coin.yaml --no-such-flag", dir).status == 2);
  // Seeds out of range were wrapped (-1) or clamped (2^64 and beyond) to 2^64 - 1.
  for (const char* seed : {"-1", "18446744073709551616", "18446744073709551621",
                           "123456789012345678901234567890123456", "1e3", "+5", "0x10", "''"}) {
    CAPTURE(seed);
    for (const char* command : {"run", "exact", "sweep", "sensitivity"}) {
      const std::string name = command;
      const std::string extra = name == "sweep"   ? " --trials 100 --vary invoke_if_attacked=0.2,0.3"
                                : name == "exact" ? ""
                                                  : " --trials 100";
      Outcome o = Brink(name + " " + kOneWay + "russia_dprk_treaty.yaml -q --out " +
                            (dir / "seed").string() + extra + " --seed " + seed,
                        dir);
      CHECK(o.status == 2);
      CHECK(o.err.find("--seed must be a whole number from 0 to 18446744073709551615") !=
            std::string::npos);
    }
  }
  CHECK(!fs::exists(dir / "seed"));
  CHECK(Brink("run " + kModels + "coin.yaml -q --trials 100 --out " + (dir / "seed").string() +
                  " --seed 18446744073709551615",
              dir)
            .status == 0);
  CHECK(Brink("run", dir).status == 2);
  Outcome missing = Brink("run " + (dir / "missing.yaml").string(), dir);
  CHECK(missing.status == 2);
  CHECK(missing.err == (dir / "missing.yaml").string() + ":1:1: error: cannot read the model file\n");
  Outcome never = Brink("run " + kModels + "coin.yaml -q --given 'coin_lands and not coin_lands'",
                        dir);  // was: refused only after simulating every trial
  CHECK(never.status == 2);
  CHECK(never.err.find("can never hold") != std::string::npos);
  Outcome folder = Brink("validate " + dir.string(), dir);
  CHECK(folder.status == 2);
  CHECK(folder.err == dir.string() + ":1:1: error: this is a folder, not a model file\n");
  Outcome zero = Brink("validate /dev/zero", dir);  // was: 4.2 GB of memory
  CHECK(zero.status == 2);
  CHECK(zero.err == "/dev/zero:1:1: error: this is not a regular file (a FIFO or a device): "
                    "brink reads a model from a file, or from standard input as -\n");
  Outcome zero_history = Brink("run " + kModels + "coin.yaml --history /dev/zero", dir);
  CHECK(zero_history.status == 2);
  CHECK(zero_history.err == "/dev/zero:1:1: error: this is not a regular file (a FIFO or a "
                            "device): brink reads a history from a file, or from standard input "
                            "as -\n");
  Outcome version = Brink("--version", dir);
  CHECK(version.status == 0);
  CHECK(version.out.rfind("brink ", 0) == 0);
  CHECK(Brink("--help", dir).status == 0);
}

// Each file in tests/bad_models/ starts with `# expect: LINE:COL: error: MESSAGE` lines: the
// exact diagnostics brink must print. It must exit 2 and write no output.
TEST_CASE("Bad models get exact located errors, exit status 2 and no output", "[cli]") {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(BRINK_SOURCE_DIR "/tests/bad_models"))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 25);
  fs::path dir = Scratch("bad");
  for (const fs::path& file : files) {
    CAPTURE(file.filename().string());
    std::ifstream in(file);
    std::string line, expected;
    while (std::getline(in, line) && line.rfind("# expect: ", 0) == 0)
      expected += file.string() + ":" + line.substr(10) + "\n";
    REQUIRE_FALSE(expected.empty());
    fs::path out = dir / "out";
    fs::remove_all(out);
    Outcome o = Brink("run " + file.string() + " --trials 100 --out " + out.string(), dir);
    CHECK(o.status == 2);
    CHECK(o.err == expected);
    CHECK(o.out.empty());
    CHECK_FALSE(fs::exists(out));
  }
}

// Version 2 (events that end): validate and graph read it, run, sweep and sensitivity run it on
// the fast engine; the commands whose engines do not run it yet refuse it, located (exit 2,
// nothing written).
TEST_CASE("A model whose events end: validate and graph read it, every command runs it",
          "[cli]") {
  fs::path dir = Scratch("two_way");
  fs::create_directories(dir);
  const fs::path model = dir / "m.yaml";
  {
    std::ofstream out(model);
    out << "scenario: S\nhorizon: 24\nlevels: [calm, fighting]\nevents:\n"
           "  offensive:\n    hazard: 10%\n    recurs: true\n    level: 1\n"
           "    ends:\n      lasts: [3, 9]\n"
           "  troops:\n    after: offensive\n    p: 40%\n    initially: active\n"
           "    ends:\n      hazard: 10%\n      while: not offensive\n"
           "  talks:\n    p: 5%\n    recurs: true\n    ends:\n      p: 50%\n";
  }
  Outcome v = Brink("validate " + model.string(), dir);
  CHECK(v.status == 0);
  CHECK(v.out.find("  1. offensive (trigger, level 1, lasts 3 to 9 steps, recurs)\n") !=
        std::string::npos);
  CHECK(v.out.find("troops (response, initially active, ends by a hazard)") != std::string::npos);
  CHECK(v.err == model.string() + ":20:5: warning: 'recurs' has no effect on 'talks': its "
                                  "'after' is always true, so it is decided once\n");
  Outcome g = Brink("graph " + model.string(), dir);
  CHECK(g.status == 0);
  CHECK(g.out.find("ends: lasts 3–9") != std::string::npos);
  CHECK(g.out.find("initially active\", shape=box") != std::string::npos);
  CHECK(g.out.find("peripheries=2") != std::string::npos);
  CHECK(g.out.find("\"offensive\" -> \"offensive\" [label=\"recurs\"]") != std::string::npos);
  CHECK(g.out.find("\"offensive\" -> \"troops\" [label=\"ends while\", style=dashed") !=
        std::string::npos);
  // run: on the fast engine, as any model, with version 2's columns and file.
  const fs::path run_out = dir / "out_run";
  Outcome r = Brink("run " + model.string() + " --trials 2000 --out " + run_out.string(), dir);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("fast engine (") != std::string::npos);
  CHECK(r.out.find("reference engine") == std::string::npos);
  CHECK(r.out.find("     ever   95% interval              now   times  mean first step") !=
        std::string::npos);
  CHECK(Slurp(run_out / "summary.csv").find(",p95,active_probability,mean_occurrences,"
                                            "mean_steps_active\n") != std::string::npos);
  CHECK(Slurp(run_out / "timeline.csv").find(",p95,active_probability\n") != std::string::npos);
  CHECK(Slurp(run_out / "occurrences.csv").rfind("kind,id,occurrences,probability,std_error\n"
                                                 "event,offensive,0,", 0) == 0);
  const std::string record = Slurp(run_out / "run.json");
  CHECK(record.find("\"model_language\": 2") != std::string::npos);
  CHECK(record.find("\"engine\": \"fast\"") != std::string::npos);
  // What does not run such a model yet refuses it, located (exit 2, nothing written).
  // exact: the version-2 exact engine, with the same files.
  const fs::path exact_out = dir / "out_exact";
  Outcome x = Brink("exact " + model.string() + " --out " + exact_out.string(), dir);
  REQUIRE(x.status == 0);
  CHECK(x.out.find("exact engine, ") != std::string::npos);
  CHECK(Slurp(exact_out / "occurrences.csv").rfind("kind,id,occurrences,probability,std_error\n"
                                                   "event,offensive,0,", 0) == 0);
  // sensitivity and sweep run it too (on the fast engine), with a target now.
  for (const std::string command : {"sensitivity", "sweep"}) {
    const fs::path out = dir / ("out_" + command);
    Outcome studied = Brink(command + " " + model.string() + " --trials 2000 --target "
                                "level_at:1 --out " + out.string() +
                                (command == "sweep" ? " --vary horizon=12,24" : ""),
                            dir);
    INFO(command);
    CHECK(studied.status == 0);
    CHECK(studied.err.empty());
    CHECK(Slurp(out / "run.json").find("\"engine\": \"fast\"") != std::string::npos);
    CHECK(Slurp(out / "run.json").find("\"target\": \"level_at:1\"") != std::string::npos);
  }
  CHECK(Slurp(dir / "out_sweep" / "sweep.csv")
            .find(",ci95_high,active_probability,active_std_error,active_ci95_low,"
                  "active_ci95_high,mean_occurrences,mean_steps_active\n") != std::string::npos);
  const fs::path history = dir / "h.yaml";
  std::ofstream(history) << "as_of: 6\nepisodes:\n  offensive:\n    - start: 2\n      end: 5\n";
  Outcome learned = Brink("exact " + model.string() + " --history " + history.string() +
                              " --out " + (dir / "out_history").string(), dir);
  CHECK(learned.status == 0);
  CHECK(learned.out.find("active: going on at step 24, given the history") != std::string::npos);
  // run --history: likelihood weighting of version-2 trials (engine/tilted_episodes.h).
  Outcome sampled = Brink("run " + model.string() + " --history " + history.string() +
                              " --trials 2000 --out " + (dir / "out_run_history").string(), dir);
  CHECK(sampled.status == 0);
  CHECK(sampled.out.find("likelihood weighting (2,000 trials)") != std::string::npos);
  CHECK(sampled.out.find("active: going on at step 24, given the history") != std::string::npos);
  // --rare runs such a model: here the target is not rare, which it says.
  Outcome rare = Brink("run " + model.string() + " --rare --target active:offensive --out " +
                           (dir / "out_rare").string(), dir);
  CHECK(rare.err.find("does not run such a model yet") == std::string::npos);
  CHECK(rare.err.find("active:offensive is not rare") != std::string::npos);
  // compare --history: each arm learns from the record apart; what is going on at the horizon
  // and the mean occurrences beside "by the horizon", and the Bayes factor.
  const fs::path model_b = dir / "b.yaml";
  std::string text_b = Slurp(model);
  text_b.replace(text_b.find("p: 40%"), 6, "p: 70%");
  std::ofstream(model_b) << text_b;
  const fs::path compared = dir / "out_compare_history";
  Outcome c = Brink("compare " + model.string() + " --b-model " + model_b.string() +
                        " --history " + history.string() + " --engine exact --out " +
                        compared.string(),
                    dir);
  CHECK(c.status == 0);
  CHECK(c.out.find("Bayes factor: the history is ") != std::string::npos);
  CHECK(c.out.find("Event active, at step 24") != std::string::npos);
  CHECK(c.out.find("Mean occurrences, steps 1..24") != std::string::npos);
  CHECK(Slurp(compared / "compare.csv").find(",active_p_a,active_p_b,") != std::string::npos);
}

TEST_CASE("brink sweep writes one row per point and figure", "[cli]") {
  fs::path dir = Scratch("sweep");
  Outcome o = Brink("sweep " + kModels + "chain.yaml --vary mobilise_p=20%:60%:20% --vary "
                    "incident_rate=1%,5% --trials 5000 --out " + (dir / "o").string(), dir);
  REQUIRE(o.status == 0);
  std::string csv = Slurp(dir / "o" / "sweep.csv");
  CHECK(csv.rfind("point,mobilise_p,incident_rate,kind,id,probability,std_error,ci95_low,"
                  "ci95_high\n", 0) == 0);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 3 * 2 * (4 + 3));
  CHECK(csv.find("\n5,0.6,0.05,level,3,") != std::string::npos);
  CHECK(o.out.find("level >= 3 (strike)") != std::string::npos);
  Outcome bad = Brink("sweep " + kModels + "chain.yaml --vary mobilise=0:1:0.1 --out " +
                          (dir / "bad").string(), dir);
  CHECK(bad.status == 2);
  CHECK(bad.err == "brink: error: unknown parameter 'mobilise' (did you mean 'mobilise_p'?)\n");
  CHECK_FALSE(fs::exists(dir / "bad"));
}

TEST_CASE("brink sensitivity writes the tornado, importance and rank correlations", "[cli]") {
  fs::path dir = Scratch("sensitivity");
  Outcome o = Brink("sensitivity " + kOneWay + "russia_dprk_treaty.yaml --target level:4 "
                    "--trials 4000 --draws 20 --out " + (dir / "o").string(), dir);
  REQUIRE(o.status == 0);
  std::string tornado = Slurp(dir / "o" / "tornado.csv");
  CHECK(tornado.rfind("parameter,low,high,target_at_low,target_at_high,swing,base,target_at_base\n", 0) == 0);
  CHECK(std::count(tornado.begin(), tornado.end(), '\n') == 1 + 17);  // named parameters
  std::string importance = Slurp(dir / "o" / "importance.csv");
  CHECK(importance.rfind("event,p_target,p_if_certain,p_if_impossible,birnbaum,raw,rrw\n", 0) == 0);
  CHECK(std::count(importance.begin(), importance.end(), '\n') == 1 + 13);
  CHECK(Slurp(dir / "o" / "rank_correlation.csv").rfind("parameter,spearman_rho\n", 0) == 0);
  CHECK(Brink("sensitivity " + kModels + "coin.yaml --target nope", dir).status == 2);
  // --set pins a parameter in every run and leaves it out of the tornado.
  REQUIRE(Brink("sensitivity " + kModels + "chain.yaml --set mobilise_p=0.1 -q --trials 2000 "
                "--out " + (dir / "s").string(), dir).status == 0);
  std::string pinned = Slurp(dir / "s" / "tornado.csv");
  CHECK(pinned.find("incident_rate,") != std::string::npos);
  CHECK(pinned.find("mobilise_p,") == std::string::npos);
  CHECK_FALSE(fs::exists(dir / "s" / "rank_correlation.csv"));
}

TEST_CASE("brink run --precision stops at the same trial count for 1 and 2 threads", "[cli]") {
  fs::path dir = Scratch("precision");
  const std::string args = "run " + kModels + "chain.yaml --precision 0.002 --target level:2 -q";
  REQUIRE(Brink(args + " -j 1 --out " + (dir / "one").string(), dir).status == 0);
  REQUIRE(Brink(args + " -j 2 --out " + (dir / "two").string(), dir).status == 0);
  std::string one = Slurp(dir / "one" / "run.json"), two = Slurp(dir / "two" / "run.json");
  auto trials = [](const std::string& json) {
    size_t at = json.find("\"trials\": ");
    return json.substr(at, json.find(',', at) - at);
  };
  CHECK(trials(one) == trials(two));
  CHECK(trials(one) != "\"trials\": 65536");  // more than one batch was needed
  CHECK(one.find("\"precision_reached\": true") != std::string::npos);
  CHECK(Slurp(dir / "one" / "summary.csv") == Slurp(dir / "two" / "summary.csv"));
  Outcome cap = Brink("run " + kModels + "coin.yaml --precision 0.01 --max-trials 0", dir);
  CHECK(cap.status == 2);
  CHECK(cap.err.find("--max-trials must be a whole number") != std::string::npos);
  CHECK(Brink("run " + kModels + "coin.yaml --precision 0.01 --engine exact", dir).status == 2);
  // Several draws cannot be precision-controlled.
  CHECK(Brink("run " + kOneWay + "russia_dprk_treaty.yaml --precision 1% -q --out " +
                  (dir / "x").string(), dir).status == 2);
}

}  // namespace

namespace {

uint64_t FolderBytes(const fs::path& dir) {
  uint64_t bytes = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) bytes += entry.file_size();
  return bytes;
}

TEST_CASE("Output sizes are estimated on the high side, but not far above", "[cli]") {
  // The estimates are checked against the free space before a run or sweep starts.
  fs::path dir = Scratch("output_bytes");
  const std::string path = kOneWay + "russia_dprk_treaty.yaml";
  brink::Model model = brink::LoadModel(path);
  REQUIRE(Brink("run " + path + " -q --trials 100 --draws 3000 --out " + (dir / "r").string(),
                dir).status == 0);
  const uint64_t run_bytes = FolderBytes(dir / "r");
  const uint64_t sampled = std::count_if(model.parameters.begin(), model.parameters.end(),
                                         [](const brink::Parameter& p) { return p.dist.IsUncertain(); });
  const uint64_t run_estimate = brink::RunOutputBytes(model, 3000, static_cast<int>(sampled));
  CAPTURE(run_bytes, run_estimate);
  CHECK(run_estimate >= run_bytes);
  CHECK(run_estimate <= 3 * run_bytes + 2000000);

  // Three draws a point give the columns of a sweep with draws at 1.5% of the default 200
  // draws' cost; 99 trials in all keep most figures long decimals, as in a real sweep.
  REQUIRE(Brink("sweep " + path + " -q --trials 33 --draws 3 --vary invoke_if_attacked=0:1:0.01 "
                "--vary offensive_rate=0:1:0.1 --out " + (dir / "s").string(), dir).status == 0);
  std::vector<brink::SweepAxis> axes = {brink::ParseVary(model, "invoke_if_attacked=0:1:0.01"),
                                        brink::ParseVary(model, "offensive_rate=0:1:0.1")};
  const uint64_t sweep_bytes = FolderBytes(dir / "s");
  const uint64_t sweep_estimate = brink::SweepCsvBytes(model, axes, 101 * 11, true);
  CAPTURE(sweep_bytes, sweep_estimate);
  CHECK(sweep_estimate >= sweep_bytes);
  CHECK(sweep_estimate <= 3 * sweep_bytes);
}

}  // namespace

namespace {

TEST_CASE("Messages and defaults an analyst's first week finds", "[cli]") {
  fs::path dir = Scratch("first_week");
  const std::string chain = kModels + "chain.yaml";
  const std::string out = " --out " + (dir / "o").string();
  // Tables show labels, not ids.
  Outcome o = Brink("run " + chain + " --trials 1000" + out, dir);
  REQUIRE(o.status == 0);
  CHECK(o.out.find("  Armed incident on the border ") != std::string::npos);
  // --target takes level names, quoted or not, and numbers.
  for (const std::string& target : {std::string("level:3"), std::string("level:strike"),
                                    std::string("'level:\"strike\"'")}) {
    CAPTURE(target);
    o = Brink("sweep " + chain + " --trials 500 --vary mobilise_p=0.2,0.4 --target " + target + out,
              dir);
    CHECK(o.status == 0);
    CHECK(o.out.find("level >= 3 (strike)") != std::string::npos);
  }
  o = Brink("sweep " + chain + " --trials 500 --vary mobilise_p=0.2 --target level:strik" + out,
            dir);
  CHECK(o.status == 2);
  CHECK(o.err == "brink: error: --target level:strik: the model's levels are 1 to 3, or their "
                 "names (did you mean level:\"strike\"?)\n");
  // A grid whose step misses its upper end says so, and where it ends.
  o = Brink("sweep " + chain + " -q --trials 500 --vary mobilise_p=0.2:0.9:0.3" + out, dir);
  CHECK(o.status == 0);
  CHECK(o.err == "brink: warning: --vary mobilise_p=0.2:0.9:0.3: the step does not land on 0.9; "
                 "the last point is 0.8\n");
  // Precision that stops short says so before the Wrote line, as a percentage, and exits 0.
  o = Brink("run " + chain + " --precision 1% --max-trials 70000" + out, dir);
  CHECK(o.status == 0);
  const size_t warning = o.out.find("Warning: precision NOT reached: the 95% interval of level:3 "
                                    "has half-width 0.00139 (3.8% of the estimate) after 70000 "
                                    "trials; asked 1% of the estimate. Raise --max-trials");
  CHECK(warning != std::string::npos);
  CHECK(warning < o.out.find("\nWrote "));
  CHECK(o.err.rfind("brink: warning: precision not reached: ", 0) == 0);
  // --draws 1 with ranges holds them at their medians, and says so.
  o = Brink("run " + kOneWay + "russia_dprk_treaty.yaml --trials 1000 --draws 1" + out, dir);
  CHECK(o.status == 0);
  CHECK(o.out.find("one draw: 5 ranges held at the median (offensive_rate, invoke_if_attacked, "
                   "troops_if_invoked and 2 more); the figures leave out your uncertainty") !=
        std::string::npos);
  CHECK(Slurp(dir / "o" / "run.json").find("\"sampling\": \"medians\"") != std::string::npos);
}

}  // namespace

namespace brink {
namespace {

TEST_CASE("Every numeric option is as strict as --trials, and no option's value may be empty",
          "[cli]") {
  // Was: --draws 0x10, --threads +7 and --draws ' 5' were accepted (CLI11's integer parsing),
  // --precision '', --max-memory '' and --target '' meant the default, and --max-memory 1e-3
  // (less than a byte) meant no limit at all.
  using test::Brink;
  using test::Outcome;
  fs::path dir = test::Scratch("strict_flags");
  const std::string run = "run " + kModels + "chain.yaml -q --trials 1000 --out " +
                          (dir / "o").string() + " ";
  struct Refused {
    std::string args, message;
  };
  const Refused refused[] = {
      {"--draws 0x10", "--draws must be a whole number from 1 to 1000000"},
      {"--threads +7", "--threads must be a whole number from 1 to 1024"},
      {"--draws ' 5'", "--draws must be a whole number from 1 to 1000000"},
      {"--draws 2.5", "--draws must be a whole number from 1 to 1000000"},
      {"--threads 0", "--threads must be a whole number from 1 to 1024"},
      {"--max-states 1e10", "--max-states must be a whole number from 1 to 2e9"},
      {"--precision ''", "--precision takes a half-width in (0, 1)"},
      {"--max-memory ''", "--max-memory takes a size such as 8G"},
      {"--max-memory 1e-3", "--max-memory must be at least one byte, not '1e-3'"},
      {"--max-memory 0.9", "--max-memory must be at least one byte, not '0.9'"},
      {"--target ''", "--target is empty"},
      {"--target nope", "--target: unknown event 'nope'"},  // checked without --precision too
      {"--given ''", "--given: column 1: empty condition"},
      {"--rare --engine reference", "--rare runs its own engine (importance sampling): drop --engine"},
  };
  for (const Refused& r : refused) {
    CAPTURE(r.args);
    const Outcome o = Brink(run + r.args, dir);
    CHECK(o.status == 2);
    CHECK(o.err.rfind("brink: error: " + r.message, 0) == 0);
    CHECK(!fs::exists(dir / "o"));
  }
  Outcome bare = Brink("run " + kModels + "chain.yaml -q --trials inf", dir);
  CHECK(bare.err.rfind("brink: error: --trials must be a whole number from 1 to 2^38", 0) == 0);
  bare = Brink("run " + kModels + "chain.yaml -q --trials 1000 --out ''", dir);
  CHECK(bare.err == "brink: error: --out is empty\n");
  const std::string sensitivity = "sensitivity " + kModels + "chain.yaml -q --trials 500 --out " +
                                  (dir / "s").string() + " ";
  Outcome o = Brink(sensitivity + "--sobol-samples 0x20", dir);
  CHECK(o.err.rfind("brink: error: --sobol-samples must be a whole number from 8 to 1000000", 0) == 0);
  o = Brink("compare " + kModels + "chain.yaml -q --b-model '' --out " + (dir / "c").string(), dir);
  CHECK(o.err == "brink: error: --b-model is empty\n");
  // At the limits, accepted.
  CHECK(Brink(run + "--draws 1e0 --threads 1 --max-memory 1e9", dir).status == 0);
  CHECK(Brink(run + "--max-memory 1 --draws 1", dir).status == 2);  // 1 byte: far too little
}

}  // namespace
}  // namespace brink
