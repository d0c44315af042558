// The content of a report (report_body.h).
#include "report/report_body.h"

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "brink/error.h"
#include "brink/history.h"
#include "brink/load.h"
#include "brink/names.h"
#include "brink/structure.h"
#include "report/vega_specs.h"

namespace brink {
namespace {

using Json = nlohmann::ordered_json;

// Rows of a table shown under a chart; past this the table is cut (the CSV has them all).
constexpr size_t kTableRows = 2000;
// Rows of sweep.csv past which its charts are left out (the page would be too large to open).
constexpr size_t kSweepChartRows = 20000;

bool Find(const ReportFiles& files, const std::string& name, std::string* text) {
  auto it = files.find(name);
  if (it == files.end()) return false;
  *text = it->second;
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

// "What the history taught", when the files hold a run given a history.
void AddHistorySection(const ReportFiles& files, const Json& run, const std::string& model_text,
                       const ChartContext& context, std::vector<Section>* sections) {
  std::string text;
  if (model_text.empty() || !Find(files, "history.yaml", &text) || !files.count("scores.csv"))
    return;
  Section section{"What the history taught", "", {}};
  HistoryMarks marks;
  Model model;
  try {
    model = ModelOfRun(model_text, run);
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
    for (const EpisodeRecord& record : history.episodes) {
      const Event& e = model.events[record.event];
      const std::string label = e.label == e.id ? "" : e.label;
      if (record.episodes.empty()) marks.episodes.push_back({e.id, label, 0, {}});
      for (size_t i = 0; i < record.episodes.size(); ++i)
        marks.episodes.push_back({e.id, label, static_cast<int>(i + 1), record.episodes[i]});
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
  if (Find(files, "posterior.csv", &text)) {
    posterior = ReadCsvTable(text);
    std::vector<double> low, high;
    for (const auto& row : posterior.rows) {
      const int p = model.FindParameter(posterior.Field(row, "parameter"));
      low.push_back(p >= 0 ? model.parameters[p].dist.Quantile(0.05) : 0);
      high.push_back(p >= 0 ? model.parameters[p].dist.Quantile(0.95) : 0);
    }
    for (Chart& chart : PosteriorCharts(posterior, low, high)) section.charts.push_back(std::move(chart));
  }
  if (Find(files, "timeline.csv", &text)) {
    timeline = ReadCsvTable(text);
    section.charts.push_back(HistoryLadderChart(timeline, marks, context));
  }
  section.charts.push_back(ObservedTable(marks, context));
  if (Find(files, "scores.csv", &text)) {
    scores = ReadCsvTable(text);
    section.charts.push_back(ScoresChart(scores, marks));
  }
  sections->push_back(std::move(section));
}

std::vector<Section> Sections(const ReportFiles& files, const Json& run, ChartContext context,
                              const std::string& model_text) {
  std::vector<Section> sections;
  AddHistorySection(files, run, model_text, context, &sections);
  std::string text;
  auto read = [&](const char* name, CsvTable* table) {
    if (!Find(files, name, &text)) return false;
    *table = ReadCsvTable(text);
    return !table->header.empty();
  };
  CsvTable summary, timeline, distribution, sweep, tornado, importance, correlations, compare,
      sobol, occurrences;
  if (read("timeline.csv", &timeline) || read("summary.csv", &summary)) {
    Section figures{"Figures", "", {}};
    if (!timeline.header.empty()) figures.charts.push_back(LadderChart(timeline, context));
    if (IsTwoWayTimeline(timeline)) figures.charts.push_back(LadderAtChart(timeline, context));
    if (read("summary.csv", &summary)) figures.charts.push_back(EventsChart(summary, context));
    if (read("occurrences.csv", &occurrences))
      figures.charts.push_back(OccurrencesChart(occurrences, summary, context));
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


}  // namespace

// The model as the run ran it: model.yaml with the run's structural settings (run.json).
Model ModelOfRun(const std::string& model_text, const Json& run) {
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

std::string ScriptSafe(std::string json) {
  for (size_t at = 0; (at = json.find("</", at)) != std::string::npos; at += 3)
    json.replace(at, 2, "<\\/");
  return json;
}

ReportBody BuildReportBody(const ReportFiles& files) {
  std::string text;
  if (!Find(files, "run.json", &text))
    throw UsageError("no run.json: not a folder a brink command wrote");
  Json run = Json::parse(text, nullptr, false);
  if (run.is_discarded() || !run.is_object()) throw UsageError("run.json is not valid JSON");
  std::string model_text;
  Find(files, "model.yaml", &model_text);

  ChartContext context;
  context.step_label = run.value("step_label", "step");
  context.draws = run.value("draws", 1) > 1;
  context.target = run.value("target", "");
  const std::vector<Section> sections = Sections(files, run, context, model_text);

  ReportBody body;
  body.title = run.value("scenario", "brink report");
  std::ostringstream html;
  html << "<header>\n<h1>" << Escape(body.title) << "</h1>\n";
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
  html << "</header>\n";
  body.header = html.str();

  std::ostringstream out;
  int chart_number = 0;
  for (const Section& section : sections) {
    out << "<section>\n<h2>" << Escape(section.title) << "</h2>\n";
    if (!section.note.empty()) out << "<p class=\"note\">" << Escape(section.note) << "</p>\n";
    for (const Chart& chart : section.charts) {
      out << "<figure>\n<h3>" << Escape(chart.title) << "</h3>\n";
      if (!chart.spec.is_null()) {
        out << "<div class=\"chart\" id=\"chart-" << chart_number << "\" data-spec=\""
            << body.specs.size() << "\" role=\"img\" aria-label=\"" << Escape(chart.title) << "\"></div>\n";
        body.specs.push_back(chart.spec);
        ++chart_number;
      }
      if (!chart.caption.empty()) out << "<figcaption>" << Escape(chart.caption) << "</figcaption>\n";
      out << "<details" << (chart.spec.is_null() ? " open" : "") << "><summary>Data ("
          << chart.table.rows.size() << " rows)</summary>" << Table(chart.table) << "</details>\n";
      out << "</figure>\n";
    }
    out << "</section>\n";
  }
  body.sections = out.str();
  body.run = std::move(run);
  return body;
}

}  // namespace brink
