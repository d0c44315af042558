// The report's Vega specifications against the CSV files they are drawn from, the page's
// self-containment, and `brink graph` on every shipped model. (The browser test,
// tests/browser_test.py, opens the pages in Chromium.)
#include <catch2/catch.hpp>

#include "test_util.h"

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "brink/html_report.h"
#include "brink/load.h"
#include "brink/model_graph.h"
#include "cli_util.h"
#include "report/vega_specs.h"

namespace brink {
namespace {

namespace fs = std::filesystem;
using test::Brink;
using test::Scratch;
using test::Slurp;

const std::string kModel = std::string(BRINK_SOURCE_DIR) + "/examples/one-way/russia_dprk_treaty.yaml";

CsvTable Csv(const fs::path& path) { return ReadCsvTable(Slurp(path)); }

// The spec's data are the chart's rows, field for field: numbers as the CSV text reads,
// empty fields null, text as written.
void RequireDataMatchTable(const Chart& chart) {
  INFO(chart.title);
  const auto& values = chart.spec["data"][0]["values"];
  REQUIRE(values.size() == chart.table.rows.size());
  REQUIRE_FALSE(values.empty());
  for (size_t r = 0; r < values.size(); ++r) {
    for (size_t c = 0; c < chart.table.header.size(); ++c) {
      const std::string& text = chart.table.rows[r][c];
      const auto& v = values[r][chart.table.header[c]];
      char* end = nullptr;
      const double x = std::strtod(text.c_str(), &end);
      if (text.empty())
        REQUIRE(v.is_null());
      else if (end == text.c_str() + text.size())
        REQUIRE(v.get<double>() == x);
      else
        REQUIRE(v.get<std::string>() == text);
    }
  }
}

// The rows of `csv` whose column `column` is `value`, in file order.
std::vector<std::vector<std::string>> RowsWhere(const CsvTable& csv, const std::string& column,
                                                const std::string& value) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : csv.rows)
    if (csv.Field(row, column) == value) rows.push_back(row);
  return rows;
}

}  // namespace

TEST_CASE("report charts carry exactly the run's CSV values", "[pictures]") {
  const fs::path dir = Scratch("pictures_run");
  REQUIRE(Brink("run " + kModel + " --trials 4000 --draws 12 -q --out " + dir.string(), dir / "..").status == 0);
  ChartContext context;
  context.step_label = "month";
  context.draws = true;

  const CsvTable timeline = Csv(dir / "timeline.csv");
  const Chart ladder = LadderChart(timeline, context);
  RequireDataMatchTable(ladder);
  // Every level row of timeline.csv, in order: 5 levels × 24 months.
  CHECK(ladder.table.rows == RowsWhere(timeline, "kind", "level"));
  CHECK(ladder.table.rows.size() == 5 * 24);
  // The 90% band over draws is drawn (p05..p95) as well as the 95% interval.
  const std::string marks = ladder.spec["marks"].dump();
  CHECK(marks.find("\"p05\"") != std::string::npos);
  CHECK(marks.find("\"ci95_low\"") != std::string::npos);
  CHECK(ladder.spec["axes"][0]["title"] == "month");
  // A percent axis without a fixed precision (Vega takes it from the tick step), and an
  // integer step axis ticking whole steps only: no label written twice.
  CHECK(ladder.spec["axes"][1]["format"] == "%");
  CHECK(ladder.spec["axes"][0]["format"] == "d");
  CHECK(ladder.spec["axes"][0]["tickMinStep"] == 1);

  const CsvTable summary = Csv(dir / "summary.csv");
  const Chart events = EventsChart(summary, context);
  RequireDataMatchTable(events);
  CHECK(events.table.rows.size() == RowsWhere(summary, "kind", "event").size());
  // Sorted, most likely first.
  for (size_t i = 1; i < events.table.rows.size(); ++i)
    CHECK(std::stod(events.table.Field(events.table.rows[i - 1], "probability")) >=
          std::stod(events.table.Field(events.table.rows[i], "probability")));

  const CsvTable distribution = Csv(dir / "distribution.csv");
  const std::vector<Chart> histograms = DistributionCharts(distribution, context);
  REQUIRE(histograms.size() == 5);
  size_t rows = 0;
  for (const Chart& chart : histograms) {
    RequireDataMatchTable(chart);
    rows += chart.table.rows.size();
  }
  CHECK(rows == RowsWhere(distribution, "kind", "level").size());

  // The page: every chart's spec inlined, Vega inlined, nothing fetched.
  const std::string html = ReportHtml(dir);
  CHECK(html.find(ladder.spec["data"][0]["values"][0].dump()) != std::string::npos);
  CHECK(html.find("<script src") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("sourceMappingURL") == std::string::npos);
  CHECK(html.find("new vega.View") != std::string::npos);
  CHECK(html.find("Russia–DPRK mutual defense treaty (June 2024)") != std::string::npos);
  // 7 charts: ladder, events, 5 histograms.
  size_t charts = 0;
  for (size_t at = 0; (at = html.find("class=\"chart\"", at)) != std::string::npos; ++at) ++charts;
  CHECK(charts == 7);
}

TEST_CASE("sweep and sensitivity charts carry their CSV values", "[pictures]") {
  ChartContext context;
  context.target = "level:4";
  const fs::path one = Scratch("pictures_sweep1");
  REQUIRE(Brink("sweep " + kModel + " --vary invoke_if_attacked=20%:80%:20% --trials 2000 --draws 1 -q --out " +
                    one.string(), one / "..").status == 0);
  const CsvTable sweep1 = Csv(one / "sweep.csv");
  const std::vector<Chart> lines = SweepCharts(sweep1, {"invoke_if_attacked"}, context);
  REQUIRE(lines.size() == 1);
  RequireDataMatchTable(lines[0]);
  CHECK(lines[0].table.rows == RowsWhere(sweep1, "kind", "level"));
  CHECK(lines[0].table.rows.size() == 4 * 5);

  const fs::path two = Scratch("pictures_sweep2");
  REQUIRE(Brink("sweep " + kModel + " --vary invoke_if_attacked=20%,80% --vary troops_if_paid=30%:90%:30% "
                "--trials 2000 --draws 1 -q --out " + two.string(), two / "..").status == 0);
  const CsvTable sweep2 = Csv(two / "sweep.csv");
  const std::vector<Chart> heatmaps = SweepCharts(sweep2, {"invoke_if_attacked", "troops_if_paid"}, context);
  REQUIRE(heatmaps.size() == 5);  // one per level
  for (const Chart& chart : heatmaps) {
    RequireDataMatchTable(chart);
    CHECK(chart.table.rows.size() == 2 * 3);
    CHECK(chart.spec["scales"][0]["domain"].size() == 2);
    CHECK(chart.spec["scales"][1]["domain"].size() == 3);
  }
  // Three axes: no chart, the table only.
  CHECK(SweepCharts(sweep2, {"a", "b", "c"}, context).empty());

  const fs::path sens = Scratch("pictures_sensitivity");
  REQUIRE(Brink("sensitivity " + kModel + " --trials 2000 --draws 10 --sobol --sobol-samples 16 "
                "-q --out " + sens.string(), sens / "..").status == 0);
  const CsvTable tornado = Csv(sens / "tornado.csv");
  const Chart bars = TornadoChart(tornado, context);
  RequireDataMatchTable(bars);
  CHECK(bars.table.rows == tornado.rows);  // in the CSV's order: longest bar first
  const Chart importance = ImportanceChart(Csv(sens / "importance.csv"), context);
  RequireDataMatchTable(importance);
  CHECK(importance.table.rows.size() == 13);
  RequireDataMatchTable(RankCorrelationChart(Csv(sens / "rank_correlation.csv"), context));
  const Chart sobol = SobolChart(Csv(sens / "sobol.csv"), context);
  RequireDataMatchTable(sobol);
  CHECK(sobol.table.rows.size() == 4);  // 5 ranges, two of them correlated: 4 groups

  // `brink report` writes the page beside the files; --report writes it with them.
  const auto report = Brink("report " + sens.string(), sens / "..");
  CHECK(report.status == 0);
  CHECK(report.out.find("report.html") != std::string::npos);
  CHECK(fs::file_size(sens / "report.html") > 100000);
  const fs::path with = Scratch("pictures_with_report");
  REQUIRE(Brink("run " + kModel + " --trials 2000 --report --out " + with.string(), with / "..").status == 0);
  CHECK(fs::exists(with / "report.html"));
  CHECK(Slurp(with / "run.json").find("\"report.html\"") != std::string::npos);
}

TEST_CASE("brink report refuses what is not an output folder", "[pictures]") {
  const fs::path dir = Scratch("pictures_bad");
  fs::create_directories(dir / "empty");
  const auto none = Brink("report " + (dir / "empty").string(), dir);
  CHECK(none.status == 2);
  CHECK(none.err.find("no run.json") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "empty" / "report.html"));
  const auto missing = Brink("report " + (dir / "nowhere").string(), dir);
  CHECK(missing.status == 2);
  CHECK(missing.err.find("not a folder") != std::string::npos);
}

TEST_CASE("brink graph draws every shipped model", "[pictures]") {
  for (const auto& entry : fs::directory_iterator(std::string(BRINK_SOURCE_DIR) + "/models")) {
    if (entry.path().extension() != ".yaml" || test::IsHistoryFile(entry.path())) continue;
    INFO(entry.path().filename().string());
    const Model model = LoadModel(entry.path().string());
    const std::string dot = ModelDot(model);
    // Edges: one per event a condition names, counted here from the conditions' own text.
    size_t references = 0;
    auto count = [&](const Condition& condition) {
      std::set<std::string> named;
      const std::regex word("[A-Za-z_][A-Za-z0-9_]*");
      const std::string& text = condition.text();
      for (auto it = std::sregex_iterator(text.begin(), text.end(), word); it != std::sregex_iterator(); ++it)
        if (model.FindEvent(it->str()) >= 0) named.insert(it->str());
      references += named.size();
    };
    for (const Event& e : model.events) {
      count(e.gate);
      for (const Case& c : e.probability) count(c.when);
    }
    const size_t onset_references = references;
    // Version 2: an edge per event that an end reads, and a loop per event that recurs.
    size_t loops = 0;
    for (const Event& e : model.events) {
      count(e.ends.gate);
      for (const Case& c : e.ends.probability) count(c.when);
      loops += e.recurs;
    }
    size_t edges = 0;
    for (size_t at = 0; (at = dot.find(" -> ", at)) != std::string::npos; ++at) ++edges;
    CHECK(edges == references + loops);
    CHECK(static_cast<size_t>(ConditionReferences(model)) == onset_references);
    // A node per event, a cluster per level.
    for (const Event& e : model.events) CHECK(dot.find("  \"" + e.id + "\" [label=") != std::string::npos);
    size_t clusters = 0;
    for (size_t at = 0; (at = dot.find("subgraph cluster_", at)) != std::string::npos; ++at) ++clusters;
    CHECK(clusters == static_cast<size_t>(model.num_levels()));
    if (!GraphvizAvailable()) {
      WARN("Graphviz's dot is not installed: the DOT text is not drawn");
      continue;
    }
    const std::string svg = RenderDot(dot, GraphFormat::kSvg);
    CHECK(svg.find("<svg") != std::string::npos);
    // `brink graph --format svg` gives the same picture.
    const fs::path dir = Scratch("graph_" + entry.path().stem().string());
    const auto out = Brink("graph " + entry.path().string() + " --format svg", dir);
    CHECK(out.status == 0);
    CHECK(out.out == svg);
  }
}

TEST_CASE("brink graph marks inhibitors, cases and delays", "[pictures]") {
  const Model model = LoadModel(std::string(BRINK_SOURCE_DIR) + "/models/cases_and_inhibitors.yaml");
  const std::string dot = ModelDot(model);
  // `while: provocation and not talks`: talks restrains the clash.
  CHECK(dot.find("\"talks\" -> \"clash\" [label=\"while\", arrowhead=tee") != std::string::npos);
  CHECK(dot.find("\"provocation\" -> \"ally_warning\" [label=\"p warning_p, delay 1\"]") != std::string::npos);
  CHECK(dot.find("style=dashed") != std::string::npos);
  const fs::path dir = Scratch("graph_bad");
  const auto bad = Brink("graph " + std::string(BRINK_SOURCE_DIR) + "/tests/bad_models/unknown_event_in_condition.yaml", dir);
  CHECK(bad.status == 2);
  CHECK(bad.out.empty());
  const auto format = Brink("graph " + kModel + " --format gif", dir);
  CHECK(format.status == 2);
}

}  // namespace brink
