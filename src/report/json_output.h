// `--format json`: a command's results as one JSON document on stdout, instead of the table:
// {"record": <run.json>, "figures": [...]} for run and exact, "points" for sweep, "tornado",
// "importance" and "rank_correlations" for sensitivity, "figures" (paired) for compare. Field
// names are the CSV files' column names; numbers are the CSV files' numbers (RoundForOutput).
#ifndef BRINK_CLI_JSON_OUTPUT_H_
#define BRINK_CLI_JSON_OUTPUT_H_

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "brink/compare.h"
#include "brink/estimate.h"
#include "brink/sensitivity.h"

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
// Prints the document on stdout, indented, ending with a newline.
void PrintJson(const Json& document);

}  // namespace brink

#endif  // BRINK_CLI_JSON_OUTPUT_H_
