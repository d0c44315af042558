// report.html (brink/html_report.h): the folder's files are read, each turned into charts
// (vega_specs.h), and the page is assembled around them — header, sections, tables — with the
// Vega script, the specifications and the model graph inlined.
#include "brink/names.h"
#include "brink/html_report.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "brink/error.h"
#include "brink/history.h"
#include "brink/load.h"
#include "brink/model_graph.h"
#include "brink/structure.h"
#include "report/vega_script.h"
#include "report/vega_specs.h"

namespace brink {
namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

// Rows of a table shown under a chart; past this the table is cut (the CSV has them all).
constexpr size_t kTableRows = 2000;
// Rows of sweep.csv past which its charts are left out (the page would be too large to open).
constexpr size_t kSweepChartRows = 20000;

std::string Escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

bool ReadFile(const fs::path& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (!in.good() && !in.eof()) throw IoError("cannot read " + path.string());
  *text = buffer.str();
  return true;
}

struct Section {
  std::string title;
  std::string note;
  std::vector<Chart> charts;
};

std::string String(const Json& run, const char* key) {
  auto it = run.find(key);
  if (it == run.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

std::string Table(const CsvTable& table) {
  std::ostringstream html;
  html << "<div class=\"table\"><table><thead><tr>";
  for (const std::string& column : table.header) html << "<th>" << Escape(column) << "</th>";
  html << "</tr></thead><tbody>";
  const size_t shown = std::min(table.rows.size(), kTableRows);
  for (size_t r = 0; r < shown; ++r) {
    html << "<tr>";
    for (const std::string& field : table.rows[r]) html << "<td>" << Escape(field) << "</td>";
    html << "</tr>";
  }
  html << "</tbody></table></div>";
  if (shown < table.rows.size())
    html << "<p class=\"note\">The first " << shown << " of " << table.rows.size()
         << " rows; the CSV file has them all.</p>";
  return html.str();
}

// The model as the run ran it: model.yaml with the run's structural settings (run.json).
Model RunModelOf(const std::string& model_text, const Json& run) {
  Model model = LoadModelFromString(model_text, "model.yaml");
  std::vector<StructureSetting> structure;
  if (run.contains("structure"))
    for (const auto& setting : run["structure"]) {
      const std::string text = setting.get<std::string>();
      const size_t eq = text.find('=');
      structure.push_back(ParseStructure(model, text.substr(0, eq), text.substr(eq + 1), "run.json"));
    }
  if (!structure.empty()) model = WithStructure(model, structure);
  return model;
}

// The model graph as inline SVG, or a note saying why there is none. The run's structural
// settings (--set horizon=, delay:EVENT=, listed in run.json) are applied, as `brink show` does.
std::string Graph(const std::string& model_text, const Json& run) {
  if (model_text.empty()) return "<p class=\"note\">No model.yaml in the folder.</p>";
  if (!GraphvizAvailable())
    return "<p class=\"note\">Graphviz is not installed (Debian package graphviz), so the model "
           "graph is left out; <code>brink graph</code> prints it as DOT.</p>";
  std::string svg;
  try {
    svg = RenderDot(ModelDot(RunModelOf(model_text, run)), GraphFormat::kSvg);
  } catch (const std::exception& e) {
    return "<p class=\"note\">The model graph could not be drawn: " + Escape(e.what()) + "</p>";
  }
  const size_t start = svg.find("<svg");
  if (start == std::string::npos) return "<p class=\"note\">Graphviz drew no SVG.</p>";
  return "<div class=\"graph\">" + svg.substr(start) + "</div>";
}

// "What the history taught", when the folder holds a run given a history.
void AddHistorySection(const fs::path& folder, const Json& run, const std::string& model_text,
                       const ChartContext& context, std::vector<Section>* sections) {
  std::string text;
  if (model_text.empty() || !ReadFile(folder / "history.yaml", &text) ||
      !fs::exists(folder / "scores.csv"))
    return;
  Section section{"What the history taught", "", {}};
  HistoryMarks marks;
  Model model;
  try {
    model = RunModelOf(model_text, run);
    const History history = LoadHistoryFromString(model, text, "history.yaml");
    marks.as_of = history.as_of;
    for (int t = 1; t <= model.horizon; ++t) {
      const std::string name = StepText(model, t);
      marks.step_names.push_back(model.start.empty() ? std::to_string(t) : name);
    }
    for (const Observation& o : history.observations) {
      const Event& e = model.events[o.event];
      marks.observed.push_back({e.id, e.label == e.id ? "" : e.label, o.lo,
                                o.happened() ? o.hi : 0, o.happened()});
    }
  } catch (const std::exception& e) {
    section.note = "history.yaml could not be read against model.yaml: " + std::string(e.what());
    sections->push_back(std::move(section));
    return;
  }
  char evidence[96];
  std::snprintf(evidence, sizeof evidence, "%.4g ± %.2g", run.value("log_evidence", 0.0),
                run.value("log_evidence_se", 0.0));
  section.note = "Observed through " + StepText(model, marks.as_of) + " (" +
                 String(run.value("history", Json::object()), "path") + "). Log evidence " +
                 evidence + "; " + String(run, "method") + ".";
  CsvTable posterior, timeline, scores;
  if (ReadFile(folder / "posterior.csv", &text)) {
    posterior = ReadCsvTable(text);
    std::vector<double> low, high;
    for (const auto& row : posterior.rows) {
      const int p = model.FindParameter(posterior.Field(row, "parameter"));
      low.push_back(p >= 0 ? model.parameters[p].dist.Quantile(0.05) : 0);
      high.push_back(p >= 0 ? model.parameters[p].dist.Quantile(0.95) : 0);
    }
    for (Chart& chart : PosteriorCharts(posterior, low, high)) section.charts.push_back(std::move(chart));
  }
  if (ReadFile(folder / "timeline.csv", &text)) {
    timeline = ReadCsvTable(text);
    section.charts.push_back(HistoryLadderChart(timeline, marks, context));
  }
  section.charts.push_back(ObservedTable(marks, context));
  if (ReadFile(folder / "scores.csv", &text)) {
    scores = ReadCsvTable(text);
    section.charts.push_back(ScoresChart(scores, marks));
  }
  sections->push_back(std::move(section));
}

std::vector<Section> Sections(const fs::path& folder, const Json& run, ChartContext context,
                              const std::string& model_text) {
  std::vector<Section> sections;
  AddHistorySection(folder, run, model_text, context, &sections);
  std::string text;
  auto read = [&](const char* name, CsvTable* table) {
    if (!ReadFile(folder / name, &text)) return false;
    *table = ReadCsvTable(text);
    return !table->header.empty();
  };
  CsvTable summary, timeline, distribution, sweep, tornado, importance, correlations, compare,
      sobol;
  if (read("timeline.csv", &timeline) || read("summary.csv", &summary)) {
    Section figures{"Figures", "", {}};
    if (!timeline.header.empty()) figures.charts.push_back(LadderChart(timeline, context));
    if (read("summary.csv", &summary)) figures.charts.push_back(EventsChart(summary, context));
    for (const auto& row : summary.rows)
      if (ParseName<FigureKind>(summary.Field(row, "kind")) == FigureKind::kLevel)
        context.level_names.push_back({summary.Field(row, "id"), summary.Field(row, "label")});
    sections.push_back(std::move(figures));
  }
  if (read("distribution.csv", &distribution)) {
    Section spread{"Spread over draws", "", DistributionCharts(distribution, context)};
    sections.push_back(std::move(spread));
  }
  if (read("sweep.csv", &sweep)) {
    std::vector<std::string> axes;
    if (run.contains("axes"))
      for (const auto& axis : run["axes"]) axes.push_back(axis.value("parameter", ""));
    Section section{"Sweep", "", {}};
    if (sweep.rows.size() > kSweepChartRows)
      section.note = "sweep.csv has " + std::to_string(sweep.rows.size()) +
                     " rows, too many to draw in a page; its first rows are below.";
    else if (axes.size() > 2)
      section.note = "A sweep over " + std::to_string(axes.size()) +
                     " axes is not drawn (one axis gives lines, two a heatmap); its rows are below.";
    else
      section.charts = SweepCharts(sweep, axes, context);
    if (section.charts.empty()) section.charts.push_back({"Sweep points", "", nullptr, sweep});
    sections.push_back(std::move(section));
  }
  Section sensitivity{"Sensitivity", "", {}};
  if (read("tornado.csv", &tornado)) sensitivity.charts.push_back(TornadoChart(tornado, context));
  if (read("importance.csv", &importance))
    sensitivity.charts.push_back(ImportanceChart(importance, context));
  if (read("rank_correlation.csv", &correlations))
    sensitivity.charts.push_back(RankCorrelationChart(correlations, context));
  if (read("sobol.csv", &sobol)) sensitivity.charts.push_back(SobolChart(sobol, context));
  if (!sensitivity.charts.empty()) sections.push_back(std::move(sensitivity));
  if (read("compare.csv", &compare)) {
    std::string note;
    if (run.contains("bayes_factor")) {  // compare given a history
      const Json& bf = run["bayes_factor"];
      const double factor = bf.value("b_over_a", 1.0);
      const bool b = factor >= 1;
      char text[256];
      std::snprintf(text, sizeof text,
                    "Each arm learned from the history on its own. Bayes factor: the history is "
                    "%.3g× (%.3g×–%.3g×) more likely under %s than under %s.",
                    b ? factor : 1 / factor,
                    b ? bf.value("ci95_low", 1.0) : 1 / bf.value("ci95_high", 1.0),
                    b ? bf.value("ci95_high", 1.0) : 1 / bf.value("ci95_low", 1.0),
                    b ? "B" : "A", b ? "A" : "B");
      note = text;
    }
    sections.push_back({"Comparison", note, {CompareChart(compare, context)}});
  }
  return sections;
}

constexpr const char* kStyle = R"CSS(
:root { --ink: #1a1a1a; --muted: #555; --rule: #ddd; --accent: #0072B2; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
       color: var(--ink); margin: 0 auto; max-width: 1000px; padding: 1rem; }
h1 { font-size: 1.5rem; margin: 0.2rem 0 0.6rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 2px solid var(--accent); }
h3 { font-size: 1rem; margin: 1.2rem 0 0.2rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.85rem; }
pre { background: #f6f6f6; padding: 0.6rem; overflow-x: auto; }
figure { margin: 0.5rem 0 1.5rem; break-inside: avoid; }
figcaption { color: var(--muted); font-size: 0.9rem; }
.chart { width: 100%; min-height: 60px; }
.chart svg { max-width: 100%; height: auto; }
.graph { overflow-x: auto; } .graph svg { max-width: 100%; height: auto; }
.table { overflow-x: auto; max-height: 24rem; overflow-y: auto; }
table { border-collapse: collapse; font-size: 0.8rem; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.15rem 0.5rem; text-align: left; white-space: nowrap; }
th { position: sticky; top: 0; background: #fff; }
details { margin: 0.3rem 0; } summary { cursor: pointer; color: var(--accent); }
.note { color: var(--muted); font-style: italic; }
@media (max-width: 600px) { body { font-size: 14px; padding: 0.5rem; } dl.facts { grid-template-columns: 1fr; } }
@media print {
  body { max-width: none; font-size: 11pt; }
  summary { display: none; }
  .table { max-height: none; overflow: visible; }
  h2 { break-after: avoid; } figure { break-inside: avoid; }
}
)CSS";

// Renders every chart with Vega at its container's width; opens the tables for printing.
constexpr const char* kRender = R"JS(
(function () {
  var specs = JSON.parse(document.getElementById('brink-specs').textContent);
  document.querySelectorAll('.chart').forEach(function (el) {
    var spec = specs[+el.getAttribute('data-spec')];
    spec.width = Math.max(260, Math.min(940, el.clientWidth || 640));
    var view = new vega.View(vega.parse(spec), {renderer: 'svg', container: el, hover: true});
    view.runAsync().then(function () { el.setAttribute('data-rendered', 'yes'); },
                         function (error) { console.error('chart ' + el.id + ': ' + error); });
  });
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  });
})();
)JS";

// JSON inside <script>: "</" would end the element early.
std::string ScriptSafe(std::string json) {
  for (size_t at = 0; (at = json.find("</", at)) != std::string::npos; at += 3)
    json.replace(at, 2, "<\\/");
  return json;
}

}  // namespace

bool ReportAvailable() { return !VegaScript().empty(); }

std::string ReportHtml(const fs::path& folder) {
  if (!ReportAvailable())
    throw UsageError("this brink was built without Vega (install Debian's libjs-vega and build "
                     "again), so it cannot write reports");
  std::string text;
  if (!ReadFile(folder / "run.json", &text))
    throw UsageError(folder.string() + " holds no run.json: not a folder a brink command wrote");
  Json run = Json::parse(text, nullptr, false);
  if (run.is_discarded() || !run.is_object())
    throw UsageError((folder / "run.json").string() + " is not valid JSON");
  std::string model_text;
  ReadFile(folder / "model.yaml", &model_text);

  ChartContext context;
  context.step_label = run.value("step_label", "step");
  context.draws = run.value("draws", 1) > 1;
  context.target = run.value("target", "");
  const std::vector<Section> sections = Sections(folder, run, context, model_text);

  const std::string title = run.value("scenario", "brink report");
  std::ostringstream html;
  html << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
       << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
       << "<meta name=\"generator\" content=\"brink " << Escape(String(run, "brink_version")) << "\">\n"
       << "<title>" << Escape(title) << " — brink report</title>\n<style>" << kStyle
       << "</style>\n</head>\n<body>\n<header>\n<h1>" << Escape(title) << "</h1>\n";
  // The run's facts.
  std::string trials = run.value("trials", 0) > 0 ? String(run, "trials") : "";
  if (run.value("draws", 1) > 1)
    trials += (trials.empty() ? "" : " trials × ") + String(run, "draws") + " draws (" +
              String(run, "sampling") + ")";
  else if (!trials.empty()) trials += " trials";
  std::string engine = String(run, "engine");
  if (!String(run, "simd_kernel").empty()) engine += " (" + String(run, "simd_kernel") + " kernel)";
  const std::vector<std::pair<std::string, std::string>> facts = {
      {"command", String(run, "command")},
      {"run at", String(run, "started")},
      {"seed", String(run, "seed")},
      {"trials", trials},
      {"engine", engine},
      {"threads", String(run, "threads")},
      {"horizon", String(run, "horizon") + " " + context.step_label + "s"},
      {"given", String(run, "given")},
      {"history", run.contains("history") ? String(run["history"], "path") : ""},
      {"target", context.target},
      {"brink", String(run, "brink_version")},
      {"model", String(run, "model")},
      {"model SHA-256", String(run, "model_sha256")},
      {"command line", String(run, "command_line")}};
  html << "<dl class=\"facts\">\n";
  for (const auto& [name, value] : facts)
    if (!value.empty() && value != "0 trials")
      html << "<dt>" << Escape(name) << "</dt><dd>" << (name == "command line" || name == "model SHA-256" ? "<code>" : "")
           << Escape(value) << (name == "command line" || name == "model SHA-256" ? "</code>" : "") << "</dd>\n";
  html << "</dl>\n";
  if (!model_text.empty())
    html << "<details><summary>The model (model.yaml)</summary><pre>" << Escape(model_text)
         << "</pre></details>\n";
  html << "</header>\n<main>\n";

  Json specs = Json::array();
  int chart_number = 0;
  for (const Section& section : sections) {
    html << "<section>\n<h2>" << Escape(section.title) << "</h2>\n";
    if (!section.note.empty()) html << "<p class=\"note\">" << Escape(section.note) << "</p>\n";
    for (const Chart& chart : section.charts) {
      html << "<figure>\n<h3>" << Escape(chart.title) << "</h3>\n";
      if (!chart.spec.is_null()) {
        html << "<div class=\"chart\" id=\"chart-" << chart_number << "\" data-spec=\""
             << specs.size() << "\" role=\"img\" aria-label=\"" << Escape(chart.title) << "\"></div>\n";
        specs.push_back(chart.spec);
        ++chart_number;
      }
      if (!chart.caption.empty()) html << "<figcaption>" << Escape(chart.caption) << "</figcaption>\n";
      html << "<details" << (chart.spec.is_null() ? " open" : "") << "><summary>Data ("
           << chart.table.rows.size() << " rows)</summary>" << Table(chart.table) << "</details>\n";
      html << "</figure>\n";
    }
    html << "</section>\n";
  }
  html << "<section>\n<h2>The model as a graph</h2>\n<p class=\"note\">Triggers are ellipses, "
          "responses boxes, grouped by escalation level; an edge runs from each event a "
          "condition names (dashed: a case's <code>when</code>; ending in a bar: an inhibitor, "
          "named under <code>not</code>).</p>\n"
       << Graph(model_text, run) << "\n</section>\n</main>\n";
  html << "<footer><p class=\"note\">Made by brink " << Escape(String(run, "brink_version"))
       << " from the files in this run's folder; charts drawn with Vega.</p></footer>\n";
  html << "<script>" << VegaScript() << "</script>\n";
  html << "<script id=\"brink-specs\" type=\"application/json\">" << ScriptSafe(specs.dump())
       << "</script>\n<script>" << kRender << "</script>\n</body>\n</html>\n";
  return html.str();
}

void WriteReport(const fs::path& folder) {
  const std::string html = ReportHtml(folder);
  const fs::path target = folder / "report.html";
  std::string temp = (folder / ".report.html.XXXXXX").string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) throw IoError("cannot write in " + folder.string());
  bool ok = ::write(fd, html.data(), html.size()) == static_cast<ssize_t>(html.size());
  ok = ::fchmod(fd, 0644) == 0 && ok;
  ok = ::fsync(fd) == 0 && ok;
  ok = ::close(fd) == 0 && ok;
  if (!ok || std::rename(temp.c_str(), target.c_str()) != 0) {
    ::unlink(temp.c_str());
    throw IoError("cannot write " + target.string());
  }
}

}  // namespace brink
