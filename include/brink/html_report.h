// The report of an output folder: one self-contained HTML page, report.html, drawn from the
// files a command left in the folder (run.json, model.yaml and the CSVs), so a report can be
// rebuilt at any time without running anything again.
//
// The page needs no network and no file beside it: Vega (Debian's libjs-vega) is inlined,
// each chart's Vega specification carries its data, and the model graph, when Graphviz is
// installed, is inlined SVG. Every chart's data is also a table under it. A print style sheet
// and a narrow-screen layout are included; colours are colour-blind-safe.
#ifndef BRINK_HTML_REPORT_H_
#define BRINK_HTML_REPORT_H_

#include <filesystem>
#include <string>

namespace brink {

// True when this build carries Vega (found at configure time).
bool ReportAvailable();

// The page for `folder`. Throws UsageError when the folder holds no run.json (not a brink
// output folder) or this build has no Vega, IoError when a file cannot be read.
std::string ReportHtml(const std::filesystem::path& folder);

// Writes folder/report.html (a temporary file renamed over it, so a reader sees the old
// report or the new one, whole). Throws as ReportHtml, and IoError when it cannot write.
void WriteReport(const std::filesystem::path& folder);

}  // namespace brink

#endif  // BRINK_HTML_REPORT_H_
