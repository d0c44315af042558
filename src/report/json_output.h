// `--format json`: a command's results as one JSON document on stdout, instead of the table:
// {"record": <run.json>, "figures": [...]} for run and exact, "points" for sweep, "tornado",
// "importance" and "rank_correlations" for sensitivity, "figures" (paired) for compare. Field
// names are the CSV files' column names; numbers are the CSV files' numbers (RoundForOutput).
#ifndef BRINK_REPORT_JSON_OUTPUT_H_
#define BRINK_REPORT_JSON_OUTPUT_H_

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "brink/compare.h"
#include "brink/estimate.h"
#include "brink/sensitivity.h"
#include "brink/report.h"
#include "brink/sobol.h"
#include "brink/sweep.h"

namespace brink {

using Json = nlohmann::ordered_json;

// The document's start: {"record": run.json's content}.
Json JsonDocument(const std::string& run_json);
// summary.csv's rows (and "given" for a conditional run) as objects.
Json FiguresJson(const Results& results);
Json PairedFiguresJson(const std::vector<PairedFigure>& figures);
Json TornadoJson(const std::vector<TornadoBar>& bars);
Json ImportanceJson(const std::vector<EventImportance>& rows);
Json RankCorrelationsJson(const std::vector<RankCorrelation>& rows);
// A figure's number as the CSV files write it; null for infinity or NaN.
Json Number(double x);
// The document, indented, ending with a newline, as printed on stdout.
std::string JsonText(const Json& document);

// The whole documents of each command: the record, the command's results, and "out" (the
// folder written). `note` is the table's note ("" none), printed without its line break.
// With a history, also "before" (prior_summary.csv's rows), "posterior", "correlations" and
// "scores" (with the total), named as their files' columns.
Json RunDocument(const Model& model, const RunInfo& info, const Results& results,
                 const std::string& note, const std::string& out,
                 const HistoryOutcome* history = nullptr);
Json SweepDocument(const Model& model, const RunInfo& info, const std::vector<std::string>& axes,
                   const std::vector<SweepPoint>& points, bool baseline, const std::string& out);
Json SensitivityDocument(const Model& model, const RunInfo& info,
                         const std::vector<TornadoBar>& bars,
                         const std::vector<EventImportance>& importance,
                         const std::vector<RankCorrelation>& ranks,
                         const std::vector<SobolIndex>* sobol, const std::string& out);
Json CompareDocument(const Model& model, const RunInfo& info,
                     const std::vector<PairedFigure>& figures, const std::string& out);
// brink report --format json.
Json ReportDocument(const std::string& path, uint64_t bytes);

}  // namespace brink

#endif  // BRINK_REPORT_JSON_OUTPUT_H_
