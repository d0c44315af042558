// The content of a report (brink/html_report.h) drawn from a folder's files: the header with
// the run's facts and the model, and the sections of charts with their Vega specifications.
// Pure: it reads no file and runs nothing (no Graphviz), so the live report's engine, in the
// reader's browser, builds the same content from the files it computes (docs/reports.md).
#ifndef BRINK_REPORT_REPORT_BODY_H_
#define BRINK_REPORT_REPORT_BODY_H_

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "brink/model.h"

namespace brink {

// The files a report reads, by name: run.json, model.yaml, history.yaml and the CSV files.
using ReportFiles = std::map<std::string, std::string>;

struct ReportBody {
  std::string title;     // the scenario
  std::string header;    // <header>…</header>: the title, the run's facts, the model's YAML
  std::string sections;  // the <section> elements of the charts, in page order
  // Each chart's specification, in page order: chart n's element has data-spec="n".
  nlohmann::ordered_json specs = nlohmann::ordered_json::array();
  nlohmann::ordered_json run;  // run.json
};

// Throws UsageError when `files` has no run.json, or one that is not a JSON object.
ReportBody BuildReportBody(const ReportFiles& files);

// The model as the run ran it: model.yaml with run.json's structural settings (--set
// horizon=, delay:EVENT=). Throws ModelError, UsageError.
Model ModelOfRun(const std::string& model_text, const nlohmann::ordered_json& run);

// HTML-escaped text; text as it may stand in a <script> element (no "</").
std::string Escape(const std::string& text);
std::string ScriptSafe(std::string text);

}  // namespace brink

#endif  // BRINK_REPORT_REPORT_BODY_H_
