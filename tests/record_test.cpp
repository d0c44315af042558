// Every run is a record: run.json from every command, timestamped output folders with a
// -latest link, model.yaml beside the figures, and `brink show` reprinting a finished run.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "brink/report.h"
#include "cli_util.h"
#include "model/sha256.h"

namespace brink {
namespace {

namespace fs = std::filesystem;
using test::Brink;
using test::Outcome;
using test::Slurp;

const std::string kModels = BRINK_SOURCE_DIR "/models/";
// The one-way model of the treaty (version 1: nothing ends), the default model before it became
// two-way: the commands that do not run version-2 models yet, and the figures these tests pin.
const std::string kOneWay = BRINK_SOURCE_DIR "/examples/one-way/";

// Runs brink with `dir` as the working folder (where results/ goes by default).
Outcome BrinkIn(const fs::path& dir, const std::string& args) {
  fs::create_directories(dir);
  const std::string command = "cd " + dir.string() + " && " + BRINK_BINARY + " " + args +
                              " >stdout.txt 2>stderr.txt </dev/null";
  const int raw = std::system(command.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, Slurp(dir / "stdout.txt"),
          Slurp(dir / "stderr.txt")};
}

// The table a command printed, without its closing "Wrote ..." line.
std::string Table(const std::string& out) { return out.substr(0, out.rfind("\nWrote ")); }

TEST_CASE("Without --out, each run gets its own folder and a -latest link", "[record]") {
  fs::path dir = test::Scratch("record_default");
  const std::string model = kModels + "coin.yaml";
  REQUIRE(BrinkIn(dir, "run " + model + " -q --trials 1000").status == 0);
  REQUIRE(BrinkIn(dir, "run " + model + " -q --trials 2000").status == 0);
  REQUIRE(BrinkIn(dir, "sensitivity " + model + " -q --trials 100").status == 0);
  std::vector<std::string> folders;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir / "results"))
    if (!entry.is_symlink()) folders.push_back(entry.path().filename().string());
  std::sort(folders.begin(), folders.end());
  REQUIRE(folders.size() == 3);  // nothing overwritten, nothing mixed
  for (const std::string& name : folders) {
    CAPTURE(name);
    // coin-YYYYMMDD-HHMMSS, with -2, -3 for runs of the same second
    CHECK(name.rfind("coin-", 0) == 0);
    CHECK(name.size() >= 20);
    CHECK(fs::exists(dir / "results" / name / "run.json"));
    CHECK(fs::exists(dir / "results" / name / "model.yaml"));
  }
  const fs::path latest = dir / "results" / "coin-latest";
  REQUIRE(fs::is_symlink(latest));
  CHECK(fs::read_symlink(latest).string().rfind("coin-", 0) == 0);
  CHECK(fs::exists(latest / "tornado.csv"));  // the last run
  // The printed path is the new folder.
  Outcome o = BrinkIn(dir, "run " + model + " --trials 1000");
  CHECK(o.out.find("run.json to results/coin-2") != std::string::npos);
  CHECK(fs::exists(latest / "summary.csv"));
  // With --out, no link is made or moved.
  const fs::path before = fs::read_symlink(latest);
  REQUIRE(BrinkIn(dir, "run " + model + " -q --trials 1000 --out mine").status == 0);
  CHECK(fs::read_symlink(latest) == before);
  CHECK(!fs::exists(dir / "results" / "mine"));
  CHECK(fs::exists(dir / "mine" / "summary.csv"));
}

TEST_CASE("--out into another command's folder replaces all of its files", "[record]") {
  fs::path dir = test::Scratch("record_replace");
  const std::string out = " -q --out " + (dir / "o").string();
  REQUIRE(Brink("sensitivity " + kModels + "coin.yaml --trials 500" + out, dir).status == 0);
  REQUIRE(fs::exists(dir / "o" / "tornado.csv"));
  REQUIRE(Brink("run " + kModels + "coin.yaml --trials 500" + out, dir).status == 0);
  CHECK(!fs::exists(dir / "o" / "tornado.csv"));
  CHECK(!fs::exists(dir / "o" / "importance.csv"));
  CHECK(fs::exists(dir / "o" / "summary.csv"));
}

TEST_CASE("run.json records every parameter, the command and the model", "[record]") {
  fs::path dir = test::Scratch("record_json");
  const std::string model = kOneWay + "russia_dprk_treaty.yaml";
  struct Case {
    std::string command, args;
  };
  for (const Case& c :
       {Case{"run", "--trials 1000 --draws 4 --set troops_if_paid=0.5"},
        Case{"exact", "--draws 4 --set troops_if_paid=0.5"},
        Case{"sweep", "--trials 1000 --vary invoke_if_attacked=0.2,0.4 --set troops_if_paid=0.5"},
        Case{"sensitivity", "--trials 1000 --draws 4 --set troops_if_paid=0.5"}}) {
    CAPTURE(c.command);
    const fs::path out = dir / c.command;
    Outcome o = Brink(c.command + " " + model + " -q --seed 7 --out " + out.string() + " " + c.args,
                      dir);
    REQUIRE(o.status == 0);
    const nlohmann::json json = nlohmann::json::parse(Slurp(out / "run.json"));
    CHECK(json["command"] == c.command);
    CHECK(json["brink_version"].get<std::string>().size() >= 5);
    CHECK(json["model_sha256"] == Sha256Hex(Slurp(model)));
    CHECK(json["command_line"].get<std::string>().find(c.args) != std::string::npos);
    CHECK(json["seed"] == 7);
    CHECK(json.contains("trials"));
    CHECK(json.contains("draws"));
    CHECK(json["wall_seconds"].get<double>() > 0);
    CHECK(json["parameters"]["troops_if_paid"]["value"] == 0.5);
    CHECK(json["parameters"]["troops_if_paid"]["from"] == "set");
    CHECK(json["parameters"]["tech_rate"]["from"] == "point");
    CHECK(json["parameters"]["invoke_if_attacked"]["from"] == "median");
    CHECK(json["parameters"]["invoke_if_attacked"]["value"] == 0.5);  // pert(0.2, 0.5, 0.8)
    CHECK(Slurp(out / "model.yaml") == Slurp(model));
    for (const auto& file : json["files"]) CHECK(fs::exists(out / file.get<std::string>()));
    if (c.command != "exact") CHECK(json.contains("simd_kernel"));
  }
  const nlohmann::json sweep = nlohmann::json::parse(Slurp(dir / "sweep" / "run.json"));
  CHECK(sweep["points"] == 2);
  CHECK(sweep["axes"][0]["parameter"] == "invoke_if_attacked");
  CHECK(sweep["axes"][0]["values"] == nlohmann::json::array({0.2, 0.4}));
  CHECK(sweep["target"] == "level:5");
  const nlohmann::json sensitivity = nlohmann::json::parse(Slurp(dir / "sensitivity" / "run.json"));
  CHECK(sensitivity["swing"] == 0.5);
}

TEST_CASE("brink show prints a finished run's table again, from its files", "[record]") {
  fs::path dir = test::Scratch("record_show");
  const std::string model = kOneWay + "russia_dprk_treaty.yaml";
  for (const std::string& args :
       {"run " + model + " --trials 2000", "run " + model + " --trials 2000 --draws 1",
        "run " + model + " --trials 2000 --draws 5 --given treaty_invoked",
        "exact " + kModels + "chain.yaml --given border_incident",
        "exact " + kModels + "cases_and_inhibitors.yaml",
        "sweep " + model + " --trials 1000 --vary invoke_if_attacked=0:1:0.5 --vary "
            "offensive_rate=1%,2%",
        "sweep " + model + " --trials 1000 --vary invoke_if_attacked=0.1,0.2 --target treaty_invoked",
        "sensitivity " + model + " --trials 1000 --draws 5",
        "sensitivity " + kModels + "chain.yaml --trials 1000 --target level:2"}) {
    CAPTURE(args);
    Outcome ran = Brink(args + " --out " + (dir / "o").string(), dir);
    REQUIRE(ran.status == 0);
    Outcome shown = Brink("show " + (dir / "o").string(), dir);
    CHECK(shown.status == 0);
    CHECK(shown.err.empty());
    CHECK(shown.out == Table(ran.out));
  }
}

TEST_CASE("brink show refuses what is not a finished run, with the reason", "[record]") {
  fs::path dir = test::Scratch("record_show_bad");
  Outcome o = Brink("show " + dir.string(), dir);
  CHECK(o.status == 2);
  CHECK(o.err == "brink: error: show " + dir.string() + ": no run.json there (is this a folder a "
                 "brink run, exact, sweep, sensitivity or compare wrote?)\n");
  REQUIRE(Brink("run " + kModels + "coin.yaml -q --trials 100 --out " + (dir / "o").string(), dir)
              .status == 0);
  std::ofstream(dir / "o" / "summary.csv") << "kind,id,label,probability,std_error,ci95_low,"
                                              "ci95_high,mean_first_step,p05,p50,p95\nevent,a\n";
  o = Brink("show " + (dir / "o").string(), dir);
  CHECK(o.status == 2);
  CHECK(o.err.find("summary.csv is not as brink wrote it: a row has 2 fields, not 11") !=
        std::string::npos);
  std::ofstream(dir / "o" / "run.json") << "{";
  o = Brink("show " + (dir / "o").string(), dir);
  CHECK(o.status == 2);
  CHECK(o.err.find("run.json is not as brink wrote it") != std::string::npos);
  // A damaged folder given to `report`: located, plain errors, never an internal one.
  REQUIRE(Brink("run " + kModels + "coin.yaml -q --trials 100 --out " + (dir / "r").string(), dir)
              .status == 0);
  std::string record = Slurp(dir / "r" / "run.json");
  const size_t seed = record.find("\"seed\": ");
  REQUIRE(seed != std::string::npos);
  record.replace(seed, record.find(',', seed) - seed, "\"seed\": \"x\"");
  std::ofstream(dir / "r" / "run.json", std::ios::trunc) << record;
  o = Brink("report " + (dir / "r").string(), dir);
  CHECK(o.status == 2);
  CHECK(o.err.find("run.json:") != std::string::npos);
  CHECK(o.err.find(": error: 'seed' is \"x\", not a whole number: this run.json is not as brink "
                   "wrote it\n") != std::string::npos);
  CHECK(o.err.find("internal error") == std::string::npos);
  REQUIRE(Brink("run " + kModels + "coin.yaml -q --trials 100 --out " + (dir / "u").string(), dir)
              .status == 0);
  std::ofstream(dir / "u" / "summary.csv", std::ios::app) << "\xFF";
  o = Brink("report " + (dir / "u").string(), dir);
  CHECK(o.status == 2);
  CHECK(o.err.find("summary.csv:") != std::string::npos);
  CHECK(o.err.find(": error: invalid UTF-8 (byte 0xFF): a file brink writes is UTF-8 text: this "
                   "file is not as brink wrote it\n") != std::string::npos);
}

TEST_CASE("CSV text reads back into the fields written", "[record]") {
  const std::vector<std::string> fields = {"plain", "a,b", "say \"no\"", "", "two\nlines", "é"};
  std::string line;
  for (const std::string& f : fields) line += (line.empty() ? "" : ",") + CsvField(f);
  const auto rows = ParseCsv("h1,h2,h3,h4,h5,h6\r\n" + line + "\n,\n");
  REQUIRE(rows.size() == 3);
  CHECK(rows[1] == fields);
  CHECK(rows[2] == std::vector<std::string>{"", ""});
  CHECK_THROWS_AS(ParseCsv("\"open"), std::invalid_argument);
  CHECK_THROWS_AS(ParseCsv("\"a\"b,c"), std::invalid_argument);
}

}  // namespace
}  // namespace brink

namespace brink {
namespace {

TEST_CASE("A model can come from standard input: brink run -", "[record]") {
  fs::path dir = test::Scratch("record_stdin");
  fs::create_directories(dir);
  const std::string model = kModels + "chain.yaml";
  auto from_stdin = [&](const std::string& args, const std::string& input) {
    const std::string command = "cd " + dir.string() + " && " + BRINK_BINARY + " " + args + " <" +
                                input + " >stdout.txt 2>stderr.txt";
    const int raw = std::system(command.c_str());
    return Outcome{WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, Slurp(dir / "stdout.txt"),
                   Slurp(dir / "stderr.txt")};
  };
  REQUIRE(from_stdin("run - -q --trials 5000 --out piped", model).status == 0);
  REQUIRE(Brink("run " + model + " -q --trials 5000 --out " + (dir / "file").string(), dir)
              .status == 0);
  for (const char* file : {"summary.csv", "timeline.csv", "model.yaml"})
    CHECK(Slurp(dir / "piped" / file) == Slurp(dir / "file" / file));
  // Without --out the folder is named after "stdin".
  REQUIRE(from_stdin("run - -q --trials 100", model).status == 0);
  CHECK(fs::is_symlink(dir / "results" / "stdin-latest"));
  std::ofstream(dir / "bad.yaml") << "scenario: x\nhorizon: 0\nevents:\n  a: {hazard: 0.1}\n";
  Outcome o = from_stdin("validate -", (dir / "bad.yaml").string());
  CHECK(o.status == 2);
  CHECK(o.err == "<stdin>:2:10: error: 'horizon' must be an integer from 1 to 10000, not '0'\n");
}

}  // namespace
}  // namespace brink

namespace brink {
namespace {

double Read(const std::string& text) { return std::stod(text); }

TEST_CASE("--format json prints the same figures as the files", "[record]") {
  fs::path dir = test::Scratch("record_json_format");
  const std::string model = kOneWay + "russia_dprk_treaty.yaml";
  const std::string out = " --format json --out " + (dir / "o").string();
  // run: figures = summary.csv's rows.
  Outcome o = Brink("run " + model + " --trials 2000 --draws 5 --given treaty_invoked" + out, dir);
  REQUIRE(o.status == 0);
  nlohmann::json json = nlohmann::json::parse(o.out);
  CHECK(json["record"]["command"] == "run");
  CHECK(json["given"]["condition"] == "treaty_invoked");
  const auto summary = ParseCsv(Slurp(dir / "o" / "summary.csv"));
  REQUIRE(json["figures"].size() + 2 == summary.size());  // header and the given row
  for (size_t i = 0; i < json["figures"].size(); ++i) {
    const auto& f = json["figures"][i];
    CHECK(f["id"] == summary[i + 1][1]);
    CHECK(f["probability"].get<double>() == Read(summary[i + 1][3]));
    CHECK(f["ci95_high"].get<double>() == Read(summary[i + 1][6]));
    CHECK(f["p95"].get<double>() == Read(summary[i + 1][10]));
  }
  // sweep: every point's figures = sweep.csv's rows.
  o = Brink("sweep " + model + " --trials 1000 --vary invoke_if_attacked=0.2,0.4 --baseline" + out,
            dir);
  REQUIRE(o.status == 0);
  json = nlohmann::json::parse(o.out);
  const auto sweep = ParseCsv(Slurp(dir / "o" / "sweep.csv"));
  REQUIRE(json["points"].size() == 2);
  size_t row = 1;
  for (const auto& point : json["points"])
    for (size_t f = 0; f < point["figures"].size(); ++f, ++row) {
      CHECK(point["values"]["invoke_if_attacked"].get<double>() == Read(sweep[row][1]));
      CHECK(point["figures"][f]["probability"].get<double>() == Read(sweep[row][4]));
      CHECK(point["versus_baseline"][f]["difference"].get<double>() ==
            Read(sweep[row][sweep[row].size() - 3]));
    }
  CHECK(row == sweep.size());
  // sensitivity and compare.
  o = Brink("sensitivity " + model + " --trials 1000 --draws 5" + out, dir);
  REQUIRE(o.status == 0);
  json = nlohmann::json::parse(o.out);
  CHECK(json["tornado"].size() + 1 == ParseCsv(Slurp(dir / "o" / "tornado.csv")).size());
  CHECK(json["importance"].size() + 1 == ParseCsv(Slurp(dir / "o" / "importance.csv")).size());
  CHECK(json["rank_correlations"].size() == 5);
  o = Brink("compare " + model + " --trials 1000 --draws 5 --a invoke_if_attacked=0.3 --b "
            "invoke_if_attacked=0.6" + out, dir);
  REQUIRE(o.status == 0);
  json = nlohmann::json::parse(o.out);
  const auto compare = ParseCsv(Slurp(dir / "o" / "compare.csv"));
  REQUIRE(json["figures"].size() + 1 == compare.size());
  CHECK(json["figures"][1]["difference"].get<double>() == Read(compare[2][5]));
  CHECK(json["figures"][1]["paired_low"].get<double>() == Read(compare[2][6]));
}

}  // namespace
}  // namespace brink

namespace brink {
namespace {

// `text` with `from` replaced by `to` (which must be there).
std::string Edited(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

TEST_CASE("--set and --vary reach the horizon and a response's delay", "[record]") {
  fs::path dir = test::Scratch("record_structure");
  fs::create_directories(dir);
  const std::string chain = kModels + "chain.yaml";
  const std::string text = Slurp(chain);
  // --set horizon=24 and --set delay:strike=0:1 are the model edited so.
  std::ofstream(dir / "edited.yaml")
      << Edited(Edited(text, "horizon: 12", "horizon: 24"), "delay: [1, 3]", "delay: [0, 1]");
  const std::string common = " -q --trials 20000 --out ";
  REQUIRE(Brink("run " + chain + common + (dir / "set").string() +
                    " --set horizon=24 --set delay:strike=0:1", dir).status == 0);
  REQUIRE(Brink("run " + (dir / "edited.yaml").string() + common + (dir / "file").string(), dir)
              .status == 0);
  for (const char* file : {"summary.csv", "timeline.csv"})
    CHECK(Slurp(dir / "set" / file) == Slurp(dir / "file" / file));
  CHECK(Slurp(dir / "set" / "run.json").find("\"horizon=24\"") != std::string::npos);
  // The random numbers stay keyed by step: the figures at 12 months are the same whatever the
  // horizon, so a sweep over the horizon is a smooth curve.
  REQUIRE(Brink("run " + chain + common + (dir / "h12").string(), dir).status == 0);
  const auto at12 = ParseCsv(Slurp(dir / "h12" / "summary.csv"));
  REQUIRE(Brink("run " + chain + common + (dir / "h24").string() + " --set horizon=24", dir)
              .status == 0);
  const auto timeline24 = ParseCsv(Slurp(dir / "h24" / "timeline.csv"));
  for (const auto& row : timeline24)
    if (row[0] == "12")
      for (const auto& figure : at12)
        if (figure[0] == row[1] && figure[1] == row[2]) CHECK(figure[3] == row[3]);
  // A sweep over the horizon and a delay: each point is the run with those --set.
  Outcome o = Brink("sweep " + chain + common + (dir / "sweep").string() +
                        " --vary horizon=12,24 --vary delay:strike=0,2", dir);
  REQUIRE(o.status == 0);
  const auto sweep = ParseCsv(Slurp(dir / "sweep" / "sweep.csv"));
  CHECK(sweep[0][1] == "horizon");
  CHECK(sweep[0][2] == "delay_strike");  // column names are identifiers
  REQUIRE(Brink("run " + chain + common + (dir / "p3").string() +
                    " --set horizon=24 --set delay:strike=2", dir).status == 0);
  const auto point3 = ParseCsv(Slurp(dir / "p3" / "summary.csv"));
  size_t matched = 0;
  for (const auto& row : sweep)
    if (row[0] == "3")
      for (const auto& figure : point3)
        if (figure[0] == row[3] && figure[1] == row[4]) {
          CHECK(figure[3] == row[5]);
          ++matched;
        }
  CHECK(matched == 7);  // 4 events and 3 levels
  // Errors, located in the option.
  auto error = [&](const std::string& args) {
    Outcome bad = Brink("run " + chain + common + (dir / "bad").string() + " " + args, dir);
    CHECK(bad.status == 2);
    return bad.err;
  };
  CHECK(error("--set horizon=0") == "brink: error: --set horizon: the horizon is a whole number "
                                    "of steps from 1 to 10000, not '0'\n");
  CHECK(error("--set delay:border_incident=2") ==
        "brink: error: --set delay:border_incident: 'border_incident' is a trigger; only "
        "responses (events with 'p') have a delay\n");
  CHECK(error("--set delay:strik=2") == "brink: error: --set delay:strik: unknown event 'strik' "
                                        "(did you mean 'delay:strike'?)\n");
  CHECK(error("--set delay:strike=3:1") ==
        "brink: error: --set delay:strike: a delay is a whole number of steps D or a range "
        "LO:HI (0 <= LO <= HI <= 10000), not '3:1'\n");
  CHECK(!fs::exists(dir / "bad"));
}

}  // namespace
}  // namespace brink
