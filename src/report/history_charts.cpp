// The report's section on a history (vega_specs.h): prior against posterior, the ladder with
// what happened, and the scores.
#include <algorithm>
#include <cstdlib>
#include <string>
#include <tuple>
#include <utility>
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

// An episode's start and end as text ("2024-08", "2024-08 – 2024-09", "still going on at
// 2025-06").
std::string EpisodeBegan(const HistoryMarks& marks, const Episode& e) {
  if (e.initial()) return "before " + StepName(marks, 1) + " (initially going on)";
  if (e.start_lo == e.start_hi) return StepName(marks, e.start_lo);
  return StepName(marks, e.start_lo) + " – " + StepName(marks, e.start_hi);
}

std::string EpisodeEnded(const HistoryMarks& marks, const Episode& e) {
  switch (e.end) {
    case Episode::End::kWindow:
      return e.end_lo == e.end_hi ? StepName(marks, e.end_lo)
                                  : StepName(marks, e.end_lo) + " – " + StepName(marks, e.end_hi);
    case Episode::End::kOngoing:
      return "still going on at " + StepName(marks, marks.as_of);
    case Episode::End::kUnknown:
      break;
  }
  return "unknown (by " + StepName(marks, marks.as_of) + ", or still going on)";
}

// Pixels from the top of the chart to the middle of episode lane `lane` (0, 1, ...), below
// the observed events' marks (at 6).
constexpr double kLaneTop = 16, kLaneHeight = 14;

// A version-2 history's episodes above the lines of the history's ladder (`spec`, whose y
// range begins `kLaneTop` pixels down): a lane an event, each episode a light bar over its
// start and end windows and a dark one where it surely went on; ▶ at as_of when still going
// on, ? when its end is unknown, ◀ at the first step when it began before it. Returns the
// marks, to go under the lines.
Json EpisodeMarks(const HistoryMarks& marks, Json* spec) {
  std::vector<std::string> lanes;
  Json bars = Json::array(), symbols = Json::array(), unknown = Json::array(), names = Json::array();
  for (const HistoryMarks::EpisodeMark& m : marks.episodes) {
    if (m.number == 0) continue;
    const std::string name = m.label.empty() ? m.event : m.label;
    auto found = std::find(lanes.begin(), lanes.end(), m.event);
    const int lane = static_cast<int>(found - lanes.begin());
    if (found == lanes.end()) {
      lanes.push_back(m.event);
      names.push_back({{"event", name}, {"lane", lane}});
    }
    const Episode& e = m.episode;
    const int lo = e.initial() ? 1 : e.start_lo, sure_lo = e.initial() ? 1 : e.start_hi;
    int hi = marks.as_of, sure_hi = marks.as_of;
    if (e.end == Episode::End::kWindow) {
      hi = e.end_hi;
      sure_hi = std::max(sure_lo, e.end_lo);
    } else if (e.end == Episode::End::kUnknown) {
      sure_hi = sure_lo;
      unknown.push_back({{"x", marks.as_of}, {"lane", lane}});
    } else {
      symbols.push_back({{"x", marks.as_of}, {"lane", lane}, {"shape", "triangle-right"}});
    }
    if (e.initial()) symbols.push_back({{"x", 1}, {"lane", lane}, {"shape", "triangle-left"}});
    bars.push_back({{"event", name}, {"number", m.number}, {"lane", lane}, {"lo", lo},
                    {"hi", hi}, {"sure_lo", sure_lo}, {"sure_hi", sure_hi},
                    {"began", EpisodeBegan(marks, e)}, {"ended", EpisodeEnded(marks, e)}});
  }
  Json out = Json::array();
  if (lanes.empty()) return out;
  (*spec)["scales"][1]["range"] = {{{"signal", "height"}},
                                   kLaneTop + kLaneHeight * static_cast<double>(lanes.size())};
  (*spec)["legends"][0]["orient"] = "right";  // the lanes take the top left
  for (const auto& [name, values] : {std::pair{"episodes", bars}, {"episode_ends", symbols},
                                     {"episode_unknown", unknown}, {"episode_lanes", names}})
    (*spec)["data"].push_back({{"name", name}, {"values", values}});
  const std::string y = std::to_string(kLaneTop) + " + " + std::to_string(kLaneHeight) +
                        " * datum.lane + " + std::to_string(kLaneHeight / 2);
  const Json tip = Tooltip({{"event", "datum.event"}, {"episode", "datum.number"},
                            {"began", "datum.began"}, {"ended", "datum.ended"}});
  const std::string colour = "#D55E00";
  for (const auto& [low, high, opacity] : {std::tuple{"lo", "hi", 0.3}, {"sure_lo", "sure_hi", 0.9}})
    out.push_back({{"type", "rect"},
                   {"from", {{"data", "episodes"}}},
                   {"encode", {{"enter", {{"x", Field("x", low)},
                                          {"x2", Field("x", high)},
                                          {"yc", {{"signal", y}}},
                                          {"height", {{"value", 8}}},
                                          {"fill", {{"value", colour}}},
                                          {"fillOpacity", {{"value", opacity}}},
                                          {"tooltip", tip}}}}}});
  out.push_back({{"type", "symbol"},
                 {"from", {{"data", "episode_ends"}}},
                 {"encode", {{"enter", {{"x", Field("x", "x")},
                                        {"y", {{"signal", y}}},
                                        {"shape", {{"field", "shape"}}},
                                        {"fill", {{"value", colour}}},
                                        {"size", {{"value", 50}}}}}}}});
  out.push_back({{"type", "text"},
                 {"from", {{"data", "episode_unknown"}}},
                 {"encode", {{"enter", {{"x", Field("x", "x")},
                                        {"dx", {{"value", 3}}},
                                        {"y", {{"signal", y}}},
                                        {"baseline", {{"value", "middle"}}},
                                        {"text", {{"value", "?"}}},
                                        {"fontWeight", {{"value", "bold"}}},
                                        {"fill", {{"value", colour}}}}}}}});
  // Each lane's name, after as_of when there is room, else to the left of the first step.
  const bool after = marks.as_of + 2 <= static_cast<int>(marks.step_names.size());
  out.push_back({{"type", "text"},
                 {"from", {{"data", "episode_lanes"}}},
                 {"encode", {{"enter", {{"x", {{"scale", "x"}, {"value", after ? marks.as_of : 1}}},
                                        {"dx", {{"value", after ? 12 : -8}}},
                                        {"y", {{"signal", y}}},
                                        {"align", {{"value", after ? "left" : "right"}}},
                                        {"baseline", {{"value", "middle"}}},
                                        {"fontSize", {{"value", 10}}},
                                        {"text", {{"field", "event"}}},
                                        {"fill", {{"value", "#333333"}}}}}}}});
  return out;
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
  for (Json& mark : EpisodeMarks(marks, &spec)) marks_json.push_back(std::move(mark));
  for (Json& mark : spec["marks"]) marks_json.push_back(std::move(mark));
  spec["marks"] = std::move(marks_json);
  Chart chart;
  chart.title = levels ? "The ladder given the history" : "Events given the history";
  chart.caption = std::string("The chance of ") + (levels ? "each level or higher" : "each event") +
                  " by each " + context.step_label +
                  ", given what happened, with its 95% interval. The orange marks at the top are "
                  "the events observed, where they first happened; after the dashed line (as_of) "
                  "the figures are the forecast.";
  if (std::any_of(marks.episodes.begin(), marks.episodes.end(),
                  [](const auto& m) { return m.number > 0; }))
    chart.caption += " Each bar at the top is an episode the history records, a row an event: "
                     "dark where it surely went on, light over its start and end windows; ▶ "
                     "still going on at as_of, ? an end the history does not know, ◀ going on "
                     "before the first " + context.step_label + ".";
  chart.spec = std::move(spec);
  chart.table = std::move(rows);
  return chart;
}

Chart ObservedTable(const HistoryMarks& marks, const ChartContext& context) {
  Chart chart;
  chart.title = "What happened (history.yaml)";
  chart.caption = "Observed through " + StepName(marks, marks.as_of) +
                  ". An event not listed is unobserved: the history says nothing of it.";
  if (!marks.episodes.empty()) {  // a version-2 history: each episode began and ended
    chart.table.header = {"event", "label", "episode", "began", "ended"};
    for (const HistoryMarks::Observed& o : marks.observed)
      chart.table.rows.push_back({o.event, o.label, o.happened ? "1" : "none", Window(marks, o),
                                  o.happened ? "(does not end)" : ""});
    for (const HistoryMarks::EpisodeMark& m : marks.episodes)
      chart.table.rows.push_back(
          m.number == 0 ? std::vector<std::string>{m.event, m.label, "none",
                                                   "not by " + StepName(marks, marks.as_of), ""}
                        : std::vector<std::string>{m.event, m.label, std::to_string(m.number),
                                                   EpisodeBegan(marks, m.episode),
                                                   EpisodeEnded(marks, m.episode)});
    return chart;
  }
  chart.table.header = {"event", "label", "first happened", "window (" + context.step_label + "s)"};
  for (const HistoryMarks::Observed& o : marks.observed)
    chart.table.rows.push_back(
        {o.event, o.label, Window(marks, o),
         o.happened ? std::to_string(o.lo) + (o.hi != o.lo ? "–" + std::to_string(o.hi) : "")
                    : "after " + std::to_string(marks.as_of)});
  return chart;
}

// A score's row name: an episode's row ("active:", "onset:", "end:") keeps its ", what" whole
// however long its event's label, so that no two rows read alike once the axis cuts them.
std::string ScoreName(const CsvTable& rows, const std::vector<std::string>& row) {
  const std::string name = SeriesName(rows, row);
  const size_t comma = rows.Field(row, "id").find(':') != std::string::npos ? name.rfind(", ")
                                                                           : std::string::npos;
  if (comma == std::string::npos) return name;
  // The label's first 29 characters (UTF-8 code points) and "…", when it is longer than 30.
  size_t chars = 0, end = comma;
  for (size_t i = 0; i < comma; ++i) {
    if ((static_cast<unsigned char>(name[i]) & 0xC0) == 0x80) continue;
    if (chars == 29) end = i;
    ++chars;
  }
  return chars > 30 ? name.substr(0, end) + "…" + name.substr(comma) : name;
}

Chart ScoresChart(const CsvTable& scores, const HistoryMarks& marks) {
  CsvTable rows = Select(scores, [&](const auto& row) { return scores.Field(row, "kind") != "total"; });
  std::string total;
  for (const auto& row : scores.rows)
    if (scores.Field(row, "kind") == "total") total = scores.Field(row, "log_score");
  Json spec = Base(kRowHeight * std::max<size_t>(rows.rows.size(), 1));
  Json order = Json::array();
  for (const auto& row : rows.rows) order.push_back(ScoreName(rows, row));
  spec["data"] = {{{"name", "table"}, {"values", Values(rows, [&](const auto& row, Json& v) {
                                          v["name"] = ScoreName(rows, row);
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
