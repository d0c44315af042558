// The charts of a report (brink/html_report.h): each a Vega 5 specification built from the
// rows of one of the CSV files a command wrote, with those rows kept beside it for the
// chart's table. A spec's data are exactly the CSV's values: a number field is the double
// the CSV text reads as, an empty field is null, and text stays text.
#ifndef BRINK_REPORT_VEGA_SPECS_H_
#define BRINK_REPORT_VEGA_SPECS_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "brink/history.h"

namespace brink {

// A CSV file as read back: its header and rows (all fields as written).
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  // Index of a column, or -1.
  int Column(const std::string& name) const;
  // The text of `column` in `row` ("" when the column is absent).
  const std::string& Field(const std::vector<std::string>& row, const std::string& column) const;
};
CsvTable ReadCsvTable(const std::string& text);

struct Chart {
  std::string title;    // the heading above the chart
  std::string caption;  // one or two sentences on how to read it
  nlohmann::ordered_json spec;
  CsvTable table;       // the rows drawn, with the CSV's columns (shown under the chart)
};

// What a chart needs to know of the run besides its rows.
struct ChartContext {
  std::string step_label = "step";  // the model's unit of time ("month")
  bool draws = false;               // uncertain values were drawn (bands over draws exist)
  std::string target;               // sensitivity / sweep target figure, "" when none
  // Each level's name by its number as text ("2" -> "treaty activation"), from summary.csv.
  std::vector<std::pair<std::string, std::string>> level_names;
};

// The escalation ladder over time, from timeline.csv: each level's cumulative probability by
// step with its 95% interval, and the 90% band over draws when there are draws. A model with
// no ladder gets its events instead.
Chart LadderChart(const CsvTable& timeline, const ChartContext& context);
// A version-2 model (../shared/spec/episodes.md), whose timeline.csv has active_probability:
// the ladder (or, without one, the events) at each step, each level's chance of being on that
// rung or higher at the end of the step, which can fall (timeline.csv's active_probability; no
// interval); and P(N_e = n) for each event (occurrences.csv, labelled from summary.csv) as
// bars with ±1.96 standard errors.
bool IsTwoWayTimeline(const CsvTable& timeline);
Chart LadderAtChart(const CsvTable& timeline, const ChartContext& context);
Chart OccurrencesChart(const CsvTable& occurrences, const CsvTable& summary,
                       const ChartContext& context);
// Every event's probability by the horizon with its interval, sorted (summary.csv).
Chart EventsChart(const CsvTable& summary, const ChartContext& context);
// Each level's distribution over draws (distribution.csv), one chart a level.
std::vector<Chart> DistributionCharts(const CsvTable& distribution, const ChartContext& context);
// The tornado (tornado.csv), the event importance (importance.csv) and the rank correlations
// (rank_correlation.csv) of a sensitivity run.
Chart TornadoChart(const CsvTable& tornado, const ChartContext& context);
Chart ImportanceChart(const CsvTable& importance, const ChartContext& context);
Chart RankCorrelationChart(const CsvTable& correlations, const ChartContext& context);
// A sweep (sweep.csv) over `axes` (the parameters, in column order): for one axis a line a
// level with its interval; for two, a heatmap a level; for more, none (the table only).
std::vector<Chart> SweepCharts(const CsvTable& sweep, const std::vector<std::string>& axes,
                               const ChartContext& context);
// sobol.csv: each parameter's first-order and total-effect indices with their intervals.
Chart SobolChart(const CsvTable& sobol, const ChartContext& context);
// compare.csv: each figure's difference B − A with its paired interval.
Chart CompareChart(const CsvTable& compare, const ChartContext& context);

// What the report knows of a run's history (history.yaml read against model.yaml).
struct HistoryMarks {
  int as_of = 0;
  std::vector<std::string> step_names;  // step t's name at [t - 1]: "2024-07", or "7"
  struct Observed {
    std::string event, label;
    int lo = 0, hi = 0;      // the window; not happened: lo = as_of + 1, hi = 0
    bool happened = false;
  };
  std::vector<Observed> observed;  // in the file's order
  // A version-2 history's `episodes:` (../shared/spec/episodes.md), each episode in the
  // file's order; an event whose list is empty ([]: no occurrence by as_of) is one mark
  // with number 0.
  struct EpisodeMark {
    std::string event, label;
    int number = 0;  // 1, 2, ... among the event's episodes
    Episode episode;
  };
  std::vector<EpisodeMark> episodes;
};
// "What the history taught": each uncertain value before and after the history, one chart
// each (posterior.csv's row, and the prior's 5th and 95th percentiles, prior_p05/prior_p95,
// from the model); the ladder over time given the history, with the observed events marked,
// as_of ruled and the forecast after it shaded (timeline.csv), and a version-2 history's
// episodes drawn above the lines, a lane an event, each from its start window to its end
// window (open-ended when still going on, marked when its end is unknown); what happened (a
// table); and the scores of the forecasts before the history (scores.csv).
std::vector<Chart> PosteriorCharts(const CsvTable& posterior, const std::vector<double>& prior_p05,
                                   const std::vector<double>& prior_p95);
Chart HistoryLadderChart(const CsvTable& timeline, const HistoryMarks& marks,
                         const ChartContext& context);
Chart ObservedTable(const HistoryMarks& marks, const ChartContext& context);
Chart ScoresChart(const CsvTable& scores, const HistoryMarks& marks);

}  // namespace brink

#endif  // BRINK_REPORT_VEGA_SPECS_H_
