#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "brink/report.h"
#include "cli_util.h"
#include "model/sha256.h"
#include "report/report_body.h"
#include "report/vega_specs.h"

namespace brink {
namespace {

TEST_CASE("Numbers are written in their shortest form at 15 significant digits", "[report]") {
  CHECK(FormatNumber(0.125) == "0.125");
  CHECK(FormatNumber(0) == "0");
  CHECK(FormatNumber(1) == "1");
  CHECK(FormatNumber(0.1) == "0.1");
  CHECK(FormatNumber(1e-7) == "1e-07");
  CHECK(FormatNumber(1.0 / 3) == "0.333333333333333");
  // Floating-point noise is not written.
  CHECK(FormatNumber(0.014969999999999997) == "0.01497");
  CHECK(FormatNumber(0.9999999999999998) == "1");
  CHECK(FormatNumber(0.1 + 0.2) == "0.3");
  // A count out of trials, to 15 significant digits.
  CHECK(FormatNumber(1497.0 / 100000) == "0.01497");
  CHECK(FormatNumber(123456789.0 / 274877906944.0) == "0.000449133181973593");
  CHECK(FormatNumber(-2.5e-300) == "-2.5e-300");
  // Rounding is idempotent: a number read back from a file writes the same.
  for (double x : {1.0 / 3, 0.014969999999999997, 2.0 / 7, 1e-17, 0.123456789012345678})
    CHECK(FormatNumber(std::stod(FormatNumber(x))) == FormatNumber(x));
}

TEST_CASE("CSV fields are quoted only when they must be", "[report]") {
  CHECK(CsvField("plain label") == "plain label");
  CHECK(CsvField("a, b") == "\"a, b\"");
  CHECK(CsvField("say \"no\"") == "\"say \"\"no\"\"\"");
}

TEST_CASE("Wilson score intervals match published values", "[report]") {
  double lo = 0, hi = 0;
  WilsonInterval(5, 10, &lo, &hi);  // 0.2366, 0.7634
  CHECK(lo == Approx(0.236593).margin(1e-6));
  CHECK(hi == Approx(0.763407).margin(1e-6));
  WilsonInterval(0, 10, &lo, &hi);  // 0, 0.2775
  CHECK(lo == 0);
  CHECK(hi == Approx(0.277533).margin(1e-6));
  WilsonInterval(10, 10, &lo, &hi);
  CHECK(hi == 1);
  CHECK(lo == Approx(0.722467).margin(1e-6));
}

TEST_CASE("Summary and timeline CSV have the documented columns", "[report]") {
  Results r;
  Figure e;
  e.kind = Figure::Kind::kEvent;
  e.id = "x";
  e.label = "X, the event";
  e.probability = 0.25;
  e.std_error = 0.125;
  e.ci_low = 0.0625;
  e.ci_high = 0.5;
  e.occurred = true;
  e.mean_first_step = 1.5;
  e.by_step = {0.125, 0.25};
  e.band_by_step = {{0.0625, 0.25, 0.1, 0.125, 0.15}, {0.0625, 0.5, 0.2, 0.25, 0.3}};
  e.p05 = 0.2;
  e.p50 = 0.25;
  e.p95 = 0.3;
  Figure l = e;
  l.kind = Figure::Kind::kLevel;
  l.id = "1";
  l.label = "tense";
  l.occurred = false;
  r.figures = {e, l};
  CHECK(SummaryCsv(r) ==
        "kind,id,label,probability,std_error,ci95_low,ci95_high,mean_first_step,p05,p50,p95\n"
        "event,x,\"X, the event\",0.25,0.125,0.0625,0.5,1.5,0.2,0.25,0.3\n"
        "level,1,tense,0.25,0.125,0.0625,0.5,,0.2,0.25,0.3\n");
  CHECK(TimelineCsv(r) ==
        "step,kind,id,probability,label,ci95_low,ci95_high,p05,p50,p95\n"
        "1,event,x,0.125,\"X, the event\",0.0625,0.25,0.1,0.125,0.15\n"
        "1,level,1,0.125,tense,0.0625,0.25,0.1,0.125,0.15\n"
        "2,event,x,0.25,\"X, the event\",0.0625,0.5,0.2,0.25,0.3\n"
        "2,level,1,0.25,tense,0.0625,0.5,0.2,0.25,0.3\n");
}

TEST_CASE("SHA-256 matches the FIPS 180-4 examples", "[report]") {
  CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

}  // namespace
}  // namespace brink

namespace brink {
namespace {

// Draws with irregular probabilities, timelines and mean first steps.
std::vector<Results> SomeDraws(int n) {
  std::vector<Results> draws(n);
  for (int d = 0; d < n; ++d) {
    Results& r = draws[d];
    r.simulated = r.counted = 1000 + 7 * d;
    for (int f = 0; f < 3; ++f) {
      Figure fig;
      fig.kind = f < 2 ? Figure::Kind::kEvent : Figure::Kind::kLevel;
      fig.id = "f" + std::to_string(f);
      fig.probability = std::fmod(0.1 * d + 0.37 * f + 1.0 / (d + 3), 1.0);
      fig.occurred = fig.probability > 0.05;
      fig.mean_first_step = 1 + std::fmod(d * 1.7 + f, 5.0);
      for (int t = 1; t <= 4; ++t) fig.by_step.push_back(fig.probability * t / 4);
      r.figures.push_back(fig);
    }
  }
  return draws;
}

TEST_CASE("Draws combine to the same bytes in whatever order they arrive", "[report]") {
  const int n = 37;
  const Results in_order = CombineDraws(SomeDraws(n));
  std::vector<int> order(n);
  for (int d = 0; d < n; ++d) order[d] = (d * 11 + 5) % n;  // a permutation of 0..36
  std::vector<Results> draws = SomeDraws(n);
  DrawCombiner combiner(n);
  for (int d : order) combiner.Add(d, draws[d]);
  const Results shuffled = combiner.Finish();
  CHECK(SummaryCsv(shuffled) == SummaryCsv(in_order));
  CHECK(TimelineCsv(shuffled) == TimelineCsv(in_order));
  CHECK(DrawsCsv(shuffled, {}, std::vector<std::vector<double>>(n)) ==
        DrawsCsv(in_order, {}, std::vector<std::vector<double>>(n)));
  // And the combination is what the header says: means over draws.
  long double sum = 0;
  for (const Results& r : draws) sum += r.figures[1].by_step[2];
  CHECK(shuffled.figures[1].by_step[2] == static_cast<double>(sum / n));
  CHECK(shuffled.simulated == in_order.simulated);
}

}  // namespace
}  // namespace brink

namespace brink {
namespace {

TEST_CASE("Column names are identifiers in R and pandas", "[report]") {
  CHECK(ColumnName("dprk_troops.p[2]") == "dprk_troops_p_2");
  CHECK(ColumnName("event_treaty_invoked") == "event_treaty_invoked");
  CHECK(ColumnName("rate_") == "rate_");
  CHECK(ColumnName("a.b") == "a_b");
  CHECK(ColumnName("2x") == "x2x");
  CHECK(ColumnName("level_1") == "level_1");
}

}  // namespace
}  // namespace brink

namespace brink {
namespace {

TEST_CASE("Past the budget, each step keeps its interval and leaves its quantiles out",
          "[report]") {
  const int n = 37;
  const Results kept = CombineDraws(SomeDraws(n));
  DrawCombiner combiner(n, /*step_values_budget=*/0);
  std::vector<Results> draws = SomeDraws(n);
  for (int d = 0; d < n; ++d) combiner.Add(d, draws[d]);
  const Results summed = combiner.Finish();
  CHECK(SummaryCsv(summed) == SummaryCsv(kept));
  for (size_t f = 0; f < kept.figures.size(); ++f) {
    const Figure& a = kept.figures[f];
    const Figure& b = summed.figures[f];
    CHECK(a.by_step == b.by_step);
    for (size_t t = 0; t < a.by_step.size(); ++t) {
      CAPTURE(f, t);
      CHECK(b.band_by_step[t].ci_low == Approx(a.band_by_step[t].ci_low).margin(1e-12));
      CHECK(b.band_by_step[t].ci_high == Approx(a.band_by_step[t].ci_high).margin(1e-12));
      const bool last = t + 1 == a.by_step.size();
      CHECK(std::isnan(b.band_by_step[t].p50) == !last);
      if (last) CHECK(b.band_by_step[t].p95 == a.band_by_step[t].p95);
    }
  }
  // timeline.csv leaves the quantiles empty where they were not kept.
  const std::string timeline = TimelineCsv(summed);
  CHECK(timeline.find(",,,\n") != std::string::npos);
  CHECK(TimelineCsv(kept).find(",,,\n") == std::string::npos);
}

}  // namespace
}  // namespace brink

// The report of a model whose events end (../shared/spec/episodes.md, docs/reports.md).
namespace brink {
namespace {

namespace fs = std::filesystem;

ReportFiles FolderFiles(const fs::path& dir) {
  ReportFiles files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".csv" || entry.path().filename() == "run.json" ||
        entry.path().filename() == "model.yaml" || entry.path().filename() == "history.yaml")
      files[entry.path().filename().string()] = test::Slurp(entry.path());
  return files;
}

// The spec's first data are the chart's rows, field for field (numbers as the CSV text reads).
void CheckDataAreRows(const Chart& chart) {
  INFO(chart.title);
  const auto& values = chart.spec["data"][0]["values"];
  REQUIRE(values.size() == chart.table.rows.size());
  REQUIRE_FALSE(values.empty());
  for (size_t r = 0; r < values.size(); ++r)
    for (size_t c = 0; c < chart.table.header.size(); ++c) {
      const std::string& text = chart.table.rows[r][c];
      const auto& v = values[r][chart.table.header[c]];
      char* end = nullptr;
      const double x = std::strtod(text.c_str(), &end);
      if (text.empty())
        CHECK(v.is_null());
      else if (end == text.c_str() + text.size())
        CHECK(v.get<double>() == x);
      else
        CHECK(v.get<std::string>() == text);
    }
}

const nlohmann::ordered_json* Data(const nlohmann::ordered_json& spec, const std::string& name) {
  for (const auto& data : spec["data"])
    if (data["name"] == name) return &data["values"];
  return nullptr;
}

TEST_CASE("A version-2 report: the ladder at each step, the occurrences", "[pictures]") {
  const std::string episodes = std::string(BRINK_SOURCE_DIR) + "/examples/episodes/";
  const fs::path dir = test::Scratch("report_episodes");
  REQUIRE(test::Brink("run " + episodes + "ceasefire.yaml --trials 4000 -q --out " + dir.string(),
                      dir / "..").status == 0);
  ChartContext context;
  context.step_label = "month";
  const CsvTable timeline = ReadCsvTable(test::Slurp(dir / "timeline.csv"));
  const CsvTable summary = ReadCsvTable(test::Slurp(dir / "summary.csv"));
  const CsvTable occurrences = ReadCsvTable(test::Slurp(dir / "occurrences.csv"));
  REQUIRE(IsTwoWayTimeline(timeline));

  // The ladder at each step: timeline.csv's level rows, its active_probability, no interval.
  const Chart at = LadderAtChart(timeline, context);
  CheckDataAreRows(at);
  CHECK(at.title == "The ladder at each month (it can fall)");
  CHECK(at.table.header == std::vector<std::string>{"step", "kind", "id", "label", "active_probability"});
  CHECK(at.table.rows.size() == 3 * 24);
  size_t r = 0;
  bool falls = false;
  for (const auto& row : timeline.rows) {
    if (timeline.Field(row, "kind") != "level") continue;
    CHECK(at.table.rows[r][4] == timeline.Field(row, "active_probability"));
    if (r >= 3) falls = falls || std::stod(at.table.rows[r][4]) < std::stod(at.table.rows[r - 3][4]);
    ++r;
  }
  CHECK(falls);  // the rung the trial is on goes down as well as up
  const std::string marks = at.spec["marks"].dump();
  CHECK(marks.find("\"active_probability\"") != std::string::npos);
  CHECK(marks.find("ci95_low") == std::string::npos);
  CHECK(LadderChart(timeline, context).title == "The ladder reached by each month (it only rises)");

  // The occurrences: occurrences.csv's rows, each event named by its label.
  const Chart counts = OccurrencesChart(occurrences, summary, context);
  CheckDataAreRows(counts);
  CHECK(counts.table.rows == occurrences.rows);
  CHECK(counts.spec["scales"][2]["domain"] ==
        nlohmann::ordered_json({"Foreign troops deployed", "Offensive under way", "Ceasefire holds",
                                "Strikes on the rear"}));
  int most = 0;
  for (const auto& row : occurrences.rows) most = std::max(most, std::stoi(row[2]));
  CHECK(counts.spec["scales"][0]["domain"].size() == static_cast<size_t>(most + 1));

  // The page has both, in the Figures section; a version-1 model's has neither.
  const ReportBody body = BuildReportBody(FolderFiles(dir));
  CHECK(body.sections.find("The ladder at each month (it can fall)") != std::string::npos);
  CHECK(body.sections.find("How many times each event begins") != std::string::npos);
  const fs::path chain = test::Scratch("report_episodes_v1");
  REQUIRE(test::Brink("run " + std::string(BRINK_SOURCE_DIR) + "/models/chain.yaml --trials 2000 -q --out " +
                          chain.string(), chain / "..").status == 0);
  const ReportBody v1 = BuildReportBody(FolderFiles(chain));
  CHECK(v1.sections.find("The escalation ladder over time") != std::string::npos);
  CHECK(v1.sections.find("(it can fall)") == std::string::npos);
  CHECK(v1.sections.find("How many times") == std::string::npos);
  CHECK(v1.specs.dump().find("active_probability") == std::string::npos);
}

TEST_CASE("A history's episodes are drawn on the history's ladder", "[pictures]") {
  const std::string episodes = std::string(BRINK_SOURCE_DIR) + "/examples/episodes/";
  const fs::path dir = test::Scratch("report_episode_history");
  REQUIRE(test::Brink("exact " + episodes + "ceasefire.yaml --history " + episodes +
                          "ceasefire.history.yaml -q --out " + dir.string(), dir / "..").status == 0);
  const ReportBody body = BuildReportBody(FolderFiles(dir));
  const nlohmann::ordered_json* bars = nullptr;
  nlohmann::ordered_json spec;
  for (const auto& s : body.specs)
    if (Data(s, "episodes")) {
      spec = s;
      bars = Data(spec, "episodes");
    }
  REQUIRE(bars);
  // ceasefire.history.yaml, as_of 8: troops from before step 1, still going on; an offensive
  // from [2, 3] to [6, 7]; a ceasefire from [4, 6], its end unknown.
  REQUIRE(bars->size() == 3);
  CHECK((*bars)[0]["event"] == "Foreign troops deployed");
  CHECK((*bars)[0]["lo"] == 1);
  CHECK((*bars)[0]["hi"] == 8);
  CHECK((*bars)[0]["ended"] == "still going on at 8");
  CHECK((*bars)[1]["lo"] == 2);
  CHECK((*bars)[1]["sure_lo"] == 3);
  CHECK((*bars)[1]["sure_hi"] == 6);
  CHECK((*bars)[1]["hi"] == 7);
  CHECK((*bars)[1]["began"] == "2 – 3");
  CHECK((*bars)[2]["sure_hi"] == (*bars)[2]["sure_lo"]);
  CHECK((*bars)[2]["hi"] == 8);
  CHECK((*bars)[2]["ended"] == "unknown (by 8, or still going on)");
  const auto& ends = *Data(spec, "episode_ends");
  REQUIRE(ends.size() == 2);  // troops: ▶ at as_of and ◀ at the first step
  CHECK(ends[0]["shape"] == "triangle-right");
  CHECK(ends[1]["shape"] == "triangle-left");
  CHECK(Data(spec, "episode_unknown")->size() == 1);
  CHECK(Data(spec, "episode_lanes")->size() == 3);
  // Room above the lines for three lanes.
  CHECK(spec["scales"][1]["range"][1] == 16 + 14 * 3);
  // What happened, an episode a row, and strikes not by as_of.
  CHECK(body.sections.find("<td>offensive</td><td>Offensive under way</td><td>1</td><td>2 – 3</td>"
                           "<td>6 – 7</td>") != std::string::npos);
  CHECK(body.sections.find("<td>strikes</td><td>Strikes on the rear</td><td>none</td><td>not by 8</td>") !=
        std::string::npos);
}

}  // namespace
}  // namespace brink
