// The charts of a version-2 model, whose events end and recur (vega_specs.h;
// ../shared/spec/episodes.md): the ladder at each step beside the ladder reached by it, and
// how many times each event begins.
#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "report/vega_parts.h"
#include "report/vega_specs.h"

namespace brink {
namespace {

// `table` with only `columns`, in that order (a column the table lacks is left out).
CsvTable Project(const CsvTable& table, const std::vector<std::string>& columns) {
  CsvTable out;
  std::vector<int> at;
  for (const std::string& name : columns)
    if (table.Column(name) >= 0) {
      out.header.push_back(name);
      at.push_back(table.Column(name));
    }
  for (const auto& row : table.rows) {
    std::vector<std::string> fields;
    for (int c : at) fields.push_back(static_cast<size_t>(c) < row.size() ? row[c] : "");
    out.rows.push_back(std::move(fields));
  }
  return out;
}

}  // namespace

bool IsTwoWayTimeline(const CsvTable& timeline) {
  return timeline.Column("active_probability") >= 0;
}

Chart LadderAtChart(const CsvTable& timeline, const ChartContext& context) {
  CsvTable rows = Project(Figures(timeline), {"step", "kind", "id", "label", "active_probability"});
  const bool levels = !rows.rows.empty() && IsLevel(rows.Field(rows.rows[0], "kind"));
  Chart chart;
  chart.title = levels ? "The ladder at each " + context.step_label + " (it can fall)"
                       : "Events going on at each " + context.step_label;
  chart.caption =
      levels ? "The chance that the trial is on each level or higher at the end of each " +
                   context.step_label +
                   ": the highest level among the events going on then. Events end, so unlike "
                   "the ladder reached by each " + context.step_label + " it can fall."
             : "The chance that each event is going on at the end of each " + context.step_label +
                   ". Events end, so unlike the chance of having happened it can fall.";
  chart.spec = BandedLines(rows, "step", false, context.step_label, false,
                           "probability at the " + context.step_label, "active_probability");
  chart.table = std::move(rows);
  return chart;
}

Chart OccurrencesChart(const CsvTable& occurrences, const CsvTable& summary,
                       const ChartContext& context) {
  CsvTable rows = Select(occurrences, [&](const auto& row) {
    return !IsLevel(occurrences.Field(row, "kind"));
  });
  // Each event's name (its label in summary.csv) and place among the bars of a count.
  std::vector<std::string> ids, names;
  for (const auto& row : rows.rows) {
    const std::string& id = rows.Field(row, "id");
    if (std::find(ids.begin(), ids.end(), id) != ids.end()) continue;
    ids.push_back(id);
    std::string name = id;
    for (const auto& s : summary.rows)
      if (!IsLevel(summary.Field(s, "kind")) && summary.Field(s, "id") == id &&
          !summary.Field(s, "label").empty())
        name = summary.Field(s, "label");
    names.push_back(name);
  }
  int most = 0;
  for (const auto& row : rows.rows)
    most = std::max(most, std::atoi(rows.Field(row, "occurrences").c_str()));
  const double share = 1.0 / std::max<size_t>(ids.size(), 1);
  Json spec = Base(220);
  spec["data"] = {{{"name", "table"}, {"values", Values(rows, [&](const auto& row, Json& v) {
                                          const size_t e = static_cast<size_t>(
                                              std::find(ids.begin(), ids.end(), rows.Field(row, "id")) - ids.begin());
                                          v["name"] = names[e];
                                          v["slot"] = e * share;
                                        })}}};
  Json counts = Json::array(), domain = Json::array();
  for (int n = 0; n <= most; ++n) counts.push_back(n);
  for (const std::string& name : names) domain.push_back(name);
  spec["scales"] = {
      {{"name", "x"}, {"type", "band"}, {"range", "width"}, {"domain", counts}, {"padding", 0.2}},
      {{"name", "y"}, {"type", "linear"}, {"range", "height"}, {"zero", true}, {"nice", true},
       {"domain", {{"data", "table"}, {"field", "probability"}}}},
      {{"name", "color"}, {"type", "ordinal"}, {"range", kPalette}, {"domain", domain}}};
  Json x_axis = Axis("bottom", "x", "occurrences by the horizon (onsets in " +
                                        context.step_label + "s 1 to the horizon)");
  x_axis["grid"] = false;
  spec["axes"] = {x_axis, Axis("left", "y", "probability", ".0%")};
  spec["legends"] = {{{"fill", "color"}, {"title", ""}, {"orient", "top-right"}, {"labelLimit", 360},
                      {"direction", "vertical"}, {"fillColor", "rgba(255,255,255,0.85)"}}};
  const Json x = {{"signal", "scale('x', datum.occurrences) + bandwidth('x') * datum.slot"}};
  const Json tip = Tooltip({{"event", "datum.name"},
                            {"occurrences", "datum.occurrences"},
                            {"probability", "format(datum.probability, '.2%')"},
                            {"± 1.96 SE", "format(1.96 * datum.std_error, '.2%')"}});
  spec["marks"] = {
      {{"type", "rect"},
       {"from", {{"data", "table"}}},
       {"encode", {{"enter", {{"x", x},
                              {"width", {{"scale", "x"}, {"band", share}, {"offset", -1}}},
                              {"y", Field("y", "probability")},
                              {"y2", {{"scale", "y"}, {"value", 0}}},
                              {"fill", Field("color", "name")},
                              {"tooltip", tip}}}}}},
      {{"type", "rule"},
       {"from", {{"data", "table"}}},
       {"encode", {{"enter", {{"x", {{"signal", "scale('x', datum.occurrences) + bandwidth('x') * (datum.slot + " +
                                                    std::to_string(share / 2) + ")"}}},
                              {"y", {{"scale", "y"}, {"signal", "max(0, datum.probability - 1.96 * datum.std_error)"}}},
                              {"y2", {{"scale", "y"}, {"signal", "min(1, datum.probability + 1.96 * datum.std_error)"}}},
                              {"stroke", {{"value", "#333333"}}},
                              {"strokeWidth", {{"value", 1}}}}}}}}};
  Chart chart;
  chart.title = "How many times each event begins";
  chart.caption = "The chance of each number of occurrences (onsets) of each event in " +
                  context.step_label + "s 1 to the horizon, with ±1.96 standard errors (an "
                  "occurrence going on before " + context.step_label + " 1 is not counted).";
  chart.spec = std::move(spec);
  chart.table = std::move(rows);
  return chart;
}

}  // namespace brink
