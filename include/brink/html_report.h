// The report of an output folder: one self-contained HTML page, report.html, drawn from the
// files a command left in the folder (run.json, model.yaml and the CSVs), so a report can be
// rebuilt at any time without running anything again.
//
// The page needs no network and no file beside it: Vega (Debian's libjs-vega) is inlined,
// each chart's Vega specification carries its data, and the model graph, when Graphviz is
// installed, is inlined SVG. Every chart's data is also a table under it. A print style sheet
// and a narrow-screen layout are included; colours are colour-blind-safe.
//
// A live report (ReportKind::kLive, of a `brink run` folder) also carries the model, brink's
// engine compiled to WebAssembly and controls: moving one runs the model again in the page
// and redraws it, with the command line's bytes (docs/reports.md). Without JavaScript or
// WebAssembly it is the static report.
#ifndef BRINK_HTML_REPORT_H_
#define BRINK_HTML_REPORT_H_

#include <filesystem>
#include <map>
#include <string>

#include "brink/names.h"

namespace brink {

// True when this build carries Vega (found at configure time).
bool ReportAvailable();

// True when this build also carries the WebAssembly engine (BRINK_WASM), for live reports.
bool LiveReportAvailable();

// The page for `folder`. Throws UsageError when the folder holds no run.json (not a brink
// output folder), this build has no Vega (or, for a live report, no WebAssembly engine), or a
// live report is asked of a folder that is not a plain `brink run`'s (no --given, --history
// or --rare); ModelError when a live report's model.yaml does not load; IoError when a file
// cannot be read.
std::string ReportHtml(const std::filesystem::path& folder,
                       ReportKind kind = ReportKind::kStatic);

// The same page from the files themselves (name → content: run.json, model.yaml,
// history.yaml and the CSV files), as the Python module holds them. Throws as ReportHtml.
std::string ReportHtmlOfFiles(const std::map<std::string, std::string>& files,
                              ReportKind kind = ReportKind::kStatic);

// Writes folder/report.html (a temporary file renamed over it, so a reader sees the old
// report or the new one, whole). Throws as ReportHtml, and IoError when it cannot write.
void WriteReport(const std::filesystem::path& folder, ReportKind kind = ReportKind::kStatic);

}  // namespace brink

#endif  // BRINK_HTML_REPORT_H_
