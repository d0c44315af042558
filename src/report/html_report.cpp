// report.html (brink/html_report.h): the folder's files are read, the report's body is built
// from them (report_body.h), and the page is assembled around it — the style, the model graph
// (Graphviz), the Vega script and the specifications, and for a live report the controls, the
// engine and its controller (live_page.h).
#include "brink/html_report.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "brink/error.h"
#include "brink/model_graph.h"
#include "brink/names.h"
#include "report/folder_check.h"
#include "report/live_page.h"
#include "report/report_body.h"
#include "report/vega_script.h"

namespace brink {
namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

// The files a report reads: run.json, model.yaml, history.yaml and every CSV file.
ReportFiles ReadFolder(const fs::path& folder) {
  ReportFiles files;
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder, error)) {
    const std::string name = entry.path().filename().string();
    const std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || name.empty() || name[0] == '.' ||
        (ext != ".csv" && name != "run.json" && name != "model.yaml" && name != "history.yaml"))
      continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (!in.good() && !in.eof()) throw IoError("cannot read " + entry.path().string());
    files[name] = buffer.str();
    if (name == "run.json")
      CheckRunRecord(entry.path().string(), files[name]);
    else
      CheckFolderText(entry.path().string(), files[name]);
  }
  if (error) throw IoError("cannot read the folder " + folder.string() + ": " + error.message());
  if (!files.count("run.json"))
    throw UsageError(folder.string() + " holds no run.json: not a folder a brink command wrote");
  return files;
}

// The model graph as inline SVG, or a note saying why there is none. The run's structural
// settings (--set horizon=, delay:EVENT=, listed in run.json) are applied, as `brink show` does.
std::string Graph(const ReportFiles& files, const Json& run) {
  auto model_text = files.find("model.yaml");
  if (model_text == files.end()) return "<p class=\"note\">No model.yaml in the folder.</p>";
  if (!GraphvizAvailable())
    return "<p class=\"note\">Graphviz is not installed (Debian package graphviz), so the model "
           "graph is left out; <code>brink graph</code> prints it as DOT.</p>";
  std::string svg;
  try {
    svg = RenderDot(ModelDot(ModelOfRun(model_text->second, run)), GraphFormat::kSvg);
  } catch (const std::exception& e) {
    return "<p class=\"note\">The model graph could not be drawn: " + Escape(e.what()) + "</p>";
  }
  const size_t start = svg.find("<svg");
  if (start == std::string::npos) return "<p class=\"note\">Graphviz drew no SVG.</p>";
  return "<div class=\"graph\">" + svg.substr(start) + "</div>";
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
// Renders every chart with Vega at its container's width (window.brinkReport.render, which
// the live report calls again with each run's specifications: a chart whose specification
// differs only in its data keeps its view and container, and gets the new data); opens the
// tables for printing.
constexpr const char* kRender = R"JS(
(function () {
  var charts = [];  // by position: {el, view, shape}
  function shape(spec) {
    return JSON.stringify(spec, function (key, value) { return key === 'values' ? null : value; });
  }
  function render(specs) {
    var old = charts, done = [];
    charts = [];
    document.querySelectorAll('.chart').forEach(function (el, i) {
      var spec = specs[+el.getAttribute('data-spec')];
      spec.width = Math.max(260, Math.min(940, el.clientWidth || 640));
      var s = shape(spec), prior = old[i], view;
      if (prior && prior.shape === s) {
        el.replaceWith(prior.el);
        el = prior.el;
        view = prior.view;
        old[i] = null;
        spec.data.forEach(function (d) { if (d.values) view.data(d.name, d.values); });
      } else {
        view = new vega.View(vega.parse(spec), {renderer: 'svg', container: el, hover: true});
      }
      charts.push({el: el, view: view, shape: s});
      done.push(view.runAsync().then(function () { el.setAttribute('data-rendered', 'yes'); },
          function (error) { console.error('chart ' + el.id + ': ' + error); }));
    });
    old.forEach(function (c) { if (c) c.view.finalize(); });
    return Promise.all(done);
  }
  window.brinkReport = {render: render};
  render(JSON.parse(document.getElementById('brink-specs').textContent));
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  });
})();
)JS";

}  // namespace

bool ReportAvailable() { return !VegaScript().empty(); }

bool LiveReportAvailable() { return ReportAvailable() && LiveAvailable(); }

std::string ReportHtmlOfFiles(const ReportFiles& files, ReportKind kind) {
  if (!ReportAvailable())
    throw UsageError("this brink was built without Vega (install Debian's libjs-vega and build "
                     "again), so it cannot write reports");
  if (kind == ReportKind::kLive && !LiveAvailable())
    throw UsageError("this brink was built without its WebAssembly engine (install Debian's "
                     "emscripten and build again with -DBRINK_WASM=ON), so it cannot write live "
                     "reports; a static report needs no more than Vega");
  const ReportBody body = BuildReportBody(files);
  const Json& run = body.run;
  LiveParts live;
  if (kind == ReportKind::kLive) live = BuildLiveParts(files, run);
  std::ostringstream html;
  html << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
       << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
       << "<meta name=\"generator\" content=\"brink " << Escape(run.value("brink_version", ""))
       << "\">\n<title>" << Escape(body.title) << " — brink report</title>\n<style>" << kStyle
       << live.style << "</style>\n</head>\n<body>\n"
       << body.header << live.controls << "<main>\n" << body.sections
       << "<section id=\"brink-graph\">\n<h2>The model as a graph</h2>\n<p class=\"note\">"
          "Triggers are ellipses, responses boxes, grouped by escalation level; an edge runs from "
          "each event a condition names (dashed: a case's <code>when</code>; ending in a bar: an "
          "inhibitor, named under <code>not</code>).</p>\n"
       << Graph(files, run) << "\n</section>\n</main>\n";
  html << "<footer><p class=\"note\">Made by brink " << Escape(run.value("brink_version", ""))
       << " from the files in this run's folder; charts drawn with Vega"
       << (kind == ReportKind::kLive ? "; the model runs in this page as WebAssembly" : "")
       << ".</p></footer>\n";
  html << "<script>" << VegaScript() << "</script>\n";
  html << "<script id=\"brink-specs\" type=\"application/json\">" << ScriptSafe(body.specs.dump())
       << "</script>\n<script>" << kRender << "</script>\n" << live.scripts << "</body>\n</html>\n";
  return html.str();
}

std::string ReportHtml(const fs::path& folder, ReportKind kind) {
  if (!ReportAvailable()) return ReportHtmlOfFiles({}, kind);  // throws
  return ReportHtmlOfFiles(ReadFolder(folder), kind);
}

void WriteReport(const fs::path& folder, ReportKind kind) {
  const std::string html = ReportHtml(folder, kind);
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
