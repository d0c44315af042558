// The report's section on a history (vega_specs.h): prior against posterior, the ladder with
// what happened, and the scores.
#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "report/vega_parts.h"
#include "report/vega_specs.h"

namespace brink {
namespace {

// A time axis labelled with the steps' names (dates when the model has a start), each
// integer step at most once.
Json StepAxis(const HistoryMarks& marks, const std::string& title) {
  Json axis = Axis("bottom", "x", title, "d");
  axis["tickMinStep"] = 1;
  std::string names = "[";
  for (size_t i = 0; i < marks.step_names.size(); ++i)
    names += (i ? ",'" : "'") + marks.step_names[i] + "'";
  names += "]";
  axis["encode"] = {
      {"labels",
       {{"update", {{"text", {{"signal", "datum.value >= 1 && datum.value <= " +
                                             std::to_string(marks.step_names.size()) + " ? " +
                                             names + "[datum.value - 1] : ''"}}}}}}}};
  axis["labelAngle"] = marks.step_names.size() > 12 ? -45 : 0;
  axis["labelAlign"] = marks.step_names.size() > 12 ? "right" : "center";
  return axis;
}

std::string StepName(const HistoryMarks& marks, int step) {
  return step >= 1 && static_cast<size_t>(step) <= marks.step_names.size()
             ? marks.step_names[step - 1]
             : std::to_string(step);
}

std::string Window(const HistoryMarks& marks, const HistoryMarks::Observed& o) {
  if (!o.happened) return "not by " + StepName(marks, marks.as_of);
  if (o.lo == o.hi) return StepName(marks, o.lo);
  return StepName(marks, o.lo) + " – " + StepName(marks, o.hi);
}

}  // namespace

std::vector<Chart> PosteriorCharts(const CsvTable& posterior, const std::vector<double>& prior_p05,
                                   const std::vector<double>& prior_p95) {
  std::vector<Chart> charts;
  for (size_t r = 0; r < posterior.rows.size(); ++r) {
    const auto& row = posterior.rows[r];
    auto number = [&](const char* column) { return Datum(posterior.Field(row, column)); };
    Json values = Json::array();
    values.push_back({{"belief", "prior"}, {"mean", number("prior_mean")},
                      {"low", r < prior_p05.size() ? Json(prior_p05[r]) : Json(nullptr)},
                      {"high", r < prior_p95.size() ? Json(prior_p95[r]) : Json(nullptr)},
                      {"sd", number("prior_sd")}});
    values.push_back({{"belief", "posterior"}, {"mean", number("posterior_mean")},
                      {"low", number("posterior_p05")}, {"high", number("posterior_p95")},
                      {"sd", number("posterior_sd")}});
    Json spec = Base(2 * kRowHeight + 10);
    spec["data"] = {{{"name", "table"}, {"values", values}}};
    spec["scales"] = {
        {{"name", "y"}, {"type", "band"}, {"range", "height"}, {"domain", {"prior", "posterior"}},
         {"padding", 0.3}},
        {{"name", "x"}, {"type", "linear"}, {"range", "width"}, {"zero", true}, {"nice", true},
         {"domain", {{"data", "table"}, {"fields", {"low", "high", "mean"}}}}},
        {{"name", "color"}, {"type", "ordinal"}, {"domain", {"prior", "posterior"}},
         {"range", {"#999999", kPalette[0]}}}};
    spec["axes"] = {Axis("bottom", "x", "value per step (mean; 90% interval)", ".2~%"),
                    Axis("left", "y", "")};
    const Json y = {{"scale", "y"}, {"field", "belief"}, {"band", 0.5}};
    const Json tip = Tooltip({{"belief", "datum.belief"},
                              {"mean", "format(datum.mean, '.3~%')"},
                              {"90% interval", "format(datum.low, '.3~%') + ' – ' + format(datum.high, '.3~%')"},
                              {"sd", "format(datum.sd, '.3~%')"}});
    spec["marks"] = {{{"type", "rule"},
                      {"from", {{"data", "table"}}},
                      {"encode", {{"enter", {{"x", Field("x", "low")},
                                             {"x2", Field("x", "high")},
                                             {"y", y},
                                             {"stroke", Field("color", "belief")},
                                             {"strokeWidth", {{"value", 3}}},
                                             {"tooltip", tip}}}}}},
                     {{"type", "symbol"},
                      {"from", {{"data", "table"}}},
                      {"encode", {{"enter", {{"x", Field("x", "mean")},
                                             {"y", y},
                                             {"fill", Field("color", "belief")},
                                             {"size", {{"value", 70}}},
                                             {"tooltip", tip}}}}}}};
    Chart chart;
    chart.title = posterior.Field(row, "parameter");
    chart.caption = "Before the history (grey) and after it (blue): the mean, and the 90% "
                    "interval of what to believe.";
    chart.spec = std::move(spec);
    chart.table = {posterior.header, {row}};
    charts.push_back(std::move(chart));
  }
  return charts;
}

Chart HistoryLadderChart(const CsvTable& timeline, const HistoryMarks& marks,
                         const ChartContext& context) {
  CsvTable rows = Figures(timeline);
  const bool levels = !rows.rows.empty() && IsLevel(rows.Field(rows.rows[0], "kind"));
  Json spec = BandedLines(rows, "step", false, context.step_label, false,
                          "cumulative probability, given the history");
  spec["axes"][0] = StepAxis(marks, context.step_label);
  spec["scales"][1]["range"] = {{{"signal", "height"}}, 16};  // room above for the marks
  // The forecast after as_of, shaded; as_of ruled; each observed event marked where it
  // happened (its window), at the top.
  const double last = static_cast<double>(marks.step_names.size());
  Json observed = Json::array();
  for (const HistoryMarks::Observed& o : marks.observed)
    if (o.happened)
      observed.push_back({{"event", o.label.empty() ? o.event : o.label},
                          {"lo", o.lo}, {"hi", o.hi}, {"when", Window(marks, o)}});
  spec["data"].push_back({{"name", "observed"}, {"values", observed}});
  Json marks_json = Json::array();
  marks_json.push_back(
      {{"type", "rect"},
       {"encode", {{"enter", {{"x", {{"scale", "x"}, {"value", marks.as_of}}},
                              {"x2", {{"scale", "x"}, {"value", last}}},
                              {"y", {{"value", 0}}},
                              {"y2", {{"signal", "height"}}},
                              {"fill", {{"value", "#f0f0f0"}}}}}}}});
  marks_json.push_back(
      {{"type", "rule"},
       {"encode", {{"enter", {{"x", {{"scale", "x"}, {"value", marks.as_of}}},
                              {"y", {{"value", 0}}},
                              {"y2", {{"signal", "height"}}},
                              {"stroke", {{"value", "#333333"}}},
                              {"strokeDash", {{"value", {4, 3}}}}}}}}});
  marks_json.push_back(
      {{"type", "text"},
       {"encode", {{"enter", {{"x", {{"scale", "x"}, {"value", marks.as_of}}},
                              {"dx", {{"value", 4}}},
                              {"y", {{"signal", "height"}}},
                              {"dy", {{"value", -4}}},
                              {"text", {{"value", "as of " + StepName(marks, marks.as_of) +
                                                      "; forecast after"}}},
                              {"fontSize", {{"value", 11}}},
                              {"fill", {{"value", "#333333"}}}}}}}});
  const Json tip = Tooltip({{"observed", "datum.event"}, {"first happened", "datum.when"}});
  marks_json.push_back({{"type", "rule"},
                        {"from", {{"data", "observed"}}},
                        {"encode", {{"enter", {{"x", Field("x", "lo")},
                                               {"x2", Field("x", "hi")},
                                               {"y", {{"value", 6}}},
                                               {"stroke", {{"value", "#D55E00"}}},
                                               {"strokeWidth", {{"value", 3}}},
                                               {"tooltip", tip}}}}}});
  marks_json.push_back({{"type", "symbol"},
                        {"from", {{"data", "observed"}}},
                        {"encode", {{"enter", {{"x", Field("x", "hi")},
                                               {"y", {{"value", 6}}},
                                               {"shape", {{"value", "triangle-down"}}},
                                               {"fill", {{"value", "#D55E00"}}},
                                               {"size", {{"value", 60}}},
                                               {"tooltip", tip}}}}}});
  for (Json& mark : spec["marks"]) marks_json.push_back(std::move(mark));
  spec["marks"] = std::move(marks_json);
  Chart chart;
  chart.title = levels ? "The ladder given the history" : "Events given the history";
  chart.caption = std::string("The chance of ") + (levels ? "each level or higher" : "each event") +
                  " by each " + context.step_label +
                  ", given what happened, with its 95% interval. The orange marks at the top are "
                  "the events observed, where they first happened; after the dashed line (as_of) "
                  "the figures are the forecast.";
  chart.spec = std::move(spec);
  chart.table = std::move(rows);
  return chart;
}

Chart ObservedTable(const HistoryMarks& marks, const ChartContext& context) {
  Chart chart;
  chart.title = "What happened (history.yaml)";
  chart.caption = "Observed through " + StepName(marks, marks.as_of) +
                  ". An event not listed is unobserved: the history says nothing of it.";
  chart.table.header = {"event", "label", "first happened", "window (" + context.step_label + "s)"};
  for (const HistoryMarks::Observed& o : marks.observed)
    chart.table.rows.push_back(
        {o.event, o.label, Window(marks, o),
         o.happened ? std::to_string(o.lo) + (o.hi != o.lo ? "–" + std::to_string(o.hi) : "")
                    : "after " + std::to_string(marks.as_of)});
  return chart;
}

Chart ScoresChart(const CsvTable& scores, const HistoryMarks& marks) {
  CsvTable rows = Select(scores, [&](const auto& row) { return scores.Field(row, "kind") != "total"; });
  std::string total;
  for (const auto& row : scores.rows)
    if (scores.Field(row, "kind") == "total") total = scores.Field(row, "log_score");
  Json spec = Base(kRowHeight * std::max<size_t>(rows.rows.size(), 1));
  Json order = Json::array();
  for (const auto& row : rows.rows) order.push_back(SeriesName(rows, row));
  spec["data"] = {{{"name", "table"}, {"values", Values(rows, [&](const auto& row, Json& v) {
                                          v["name"] = SeriesName(rows, row);
                                          v["happened"] = rows.Field(row, "outcome") == "1" ? "happened" : "did not";
                                        })}}};
  spec["scales"] = {
      {{"name", "y"}, {"type", "band"}, {"range", "height"}, {"domain", order}, {"padding", 0.3}},
      {{"name", "x"}, {"type", "linear"}, {"range", "width"}, {"domain", {0, 1}}},
      {{"name", "color"}, {"type", "ordinal"}, {"domain", {"happened", "did not"}},
       {"range", {kPalette[3], kPalette[0]}}}};
  spec["axes"] = {Axis("bottom", "x", "forecast before the history, by " + StepName(marks, marks.as_of), ".0%"),
                  Axis("left", "y", "")};
  spec["legends"] = {{{"fill", "color"}, {"title", ""}, {"orient", "bottom-right"}}};
  const Json y = {{"scale", "y"}, {"field", "name"}, {"band", 0.5}};
  spec["marks"] = {{{"type", "rule"},
                    {"from", {{"data", "table"}}},
                    {"encode", {{"enter", {{"x", {{"scale", "x"}, {"signal", "datum.outcome"}}},
                                           {"x2", Field("x", "forecast")},
                                           {"y", y},
                                           {"stroke", Field("color", "happened")},
                                           {"strokeOpacity", {{"value", 0.4}}},
                                           {"strokeWidth", {{"value", 3}}}}}}}},
                   {{"type", "symbol"},
                    {"from", {{"data", "table"}}},
                    {"encode", {{"enter", {{"x", Field("x", "forecast")},
                                           {"y", y},
                                           {"fill", Field("color", "happened")},
                                           {"size", {{"value", 60}}},
                                           {"tooltip", Tooltip({{"forecast", "format(datum.forecast, '.2%')"},
                                                                {"outcome", "datum.happened"},
                                                                {"Brier", "format(datum.brier, '.3f')"},
                                                                {"log score", "format(datum.log_score, '.3f')"}})}}}}}}};
  Chart chart;
  chart.title = "Scores of the forecasts before the history";
  chart.caption = "Each dot is what the model said before the history of whether the event (or "
                  "level) would happen by " + StepName(marks, marks.as_of) +
                  "; the line runs to what did happen (0 or 1): the longer, the worse the Brier "
                  "score. The log score of the whole timed history is " + total + ".";
  chart.spec = std::move(spec);
  chart.table = scores;
  return chart;
}

}  // namespace brink
