// The report's Vega specifications (vega_specs.h). Every chart is drawn at a width the page
// sets when it renders (autosize fit-x), with percent axes for probabilities and the model's
// unit of time on time axes. Colours: the Okabe–Ito palette for categories, viridis for
// heatmaps — both readable with every common colour-vision deficiency.
#include "report/vega_specs.h"
#include "report/vega_parts.h"

#include <algorithm>
#include <functional>
#include <cstdlib>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "brink/report.h"

namespace brink {

int CsvTable::Column(const std::string& name) const {
  auto it = std::find(header.begin(), header.end(), name);
  return it == header.end() ? -1 : static_cast<int>(it - header.begin());
}

const std::string& CsvTable::Field(const std::vector<std::string>& row,
                                   const std::string& column) const {
  static const std::string kEmpty;
  const int c = Column(column);
  return c < 0 || static_cast<size_t>(c) >= row.size() ? kEmpty : row[c];
}

CsvTable ReadCsvTable(const std::string& text) {
  std::vector<std::vector<std::string>> rows = ParseCsv(text);
  CsvTable table;
  if (rows.empty()) return table;
  table.header = std::move(rows.front());
  table.rows.assign(std::make_move_iterator(rows.begin() + 1), std::make_move_iterator(rows.end()));
  return table;
}

Chart LadderChart(const CsvTable& timeline, const ChartContext& context) {
  CsvTable rows = Figures(timeline);
  const bool levels = !rows.rows.empty() && IsLevel(rows.Field(rows.rows[0], "kind"));
  const bool draws = context.draws && HasValues(rows, "p05");
  Chart chart;
  chart.title = levels ? "The escalation ladder over time" : "Events over time";
  chart.caption = std::string(levels ? "The chance of reaching each level or higher"
                                     : "The chance of each event")
                  + " by each " + context.step_label + " (cumulative), with its 95% interval as a band" +
                  (draws ? "; the fainter band is the 90% spread over draws of your uncertain values." : ".");
  if (IsTwoWayTimeline(timeline)) {  // beside the ladder at each step (LadderAtChart)
    chart.title = levels ? "The ladder reached by each " + context.step_label + " (it only rises)"
                         : "Events that have happened by each " + context.step_label;
    chart.caption = std::string(levels ? "The chance of having reached each level or higher"
                                       : "The chance that each event has happened") +
                    " by each " + context.step_label + ", whatever has ended since, with its 95% "
                    "interval as a band" +
                    (draws ? "; the fainter band is the 90% spread over draws of your uncertain values." : ".");
  }
  chart.spec = BandedLines(rows, "step", false, context.step_label, draws, "cumulative probability");
  chart.table = std::move(rows);
  return chart;
}

Chart EventsChart(const CsvTable& summary, const ChartContext& context) {
  CsvTable rows = Select(summary, [&](const auto& row) { return !IsLevel(summary.Field(row, "kind")); });
  const int p = rows.Column("probability");
  std::stable_sort(rows.rows.begin(), rows.rows.end(), [p](const auto& a, const auto& b) {
    return std::strtod(a[p].c_str(), nullptr) > std::strtod(b[p].c_str(), nullptr);
  });
  const bool interval = HasValues(rows, "ci95_low");
  std::vector<std::pair<std::string, std::string>> tip = {
      {"event", "datum.name"}, {"probability", "format(datum.probability, '.2%')"}};
  if (interval)
    tip.push_back({"95% interval", "format(datum.ci95_low, '.2%') + ' – ' + format(datum.ci95_high, '.2%')"});
  if (rows.Column("mean_first_step") >= 0)
    tip.push_back({"mean first " + context.step_label, "format(datum.mean_first_step, '.1f')"});
  if (rows.Column("active_probability") >= 0) {  // a version-2 model
    tip.push_back({"going on at the horizon", "format(datum.active_probability, '.2%')"});
    tip.push_back({"mean occurrences", "format(datum.mean_occurrences, '.3f')"});
    tip.push_back({"mean " + context.step_label + "s going on", "format(datum.mean_steps_active, '.2f')"});
  }
  Chart chart;
  chart.title = "Events by the horizon";
  chart.caption = "Each event's chance of happening by the horizon, most likely first" +
                  std::string(interval ? ", with its 95% interval" : "") +
                  ". The table gives the mean " + context.step_label + " of first occurrence.";
  chart.spec = DotsWithIntervals(rows, [&](const auto& row) { return SeriesName(rows, row); }, "probability", interval ? "ci95_low" : "",
                                 interval ? "ci95_high" : "", "probability by the horizon", ".0%", tip);
  chart.table = std::move(rows);
  return chart;
}

std::vector<Chart> DistributionCharts(const CsvTable& distribution, const ChartContext& context) {
  CsvTable levels = Figures(distribution);
  std::vector<std::string> ids;
  for (const auto& row : levels.rows)
    if (std::find(ids.begin(), ids.end(), levels.Field(row, "id")) == ids.end())
      ids.push_back(levels.Field(row, "id"));
  std::vector<Chart> charts;
  for (const std::string& id : ids) {
    CsvTable rows = Select(levels, [&](const auto& row) { return levels.Field(row, "id") == id; });
    const bool level = IsLevel(levels.Field(rows.rows[0], "kind"));
    Json spec = Base(120);
    spec["data"] = {{{"name", "table"}, {"values", Values(rows)}}};
    spec["scales"] = {
        {{"name", "x"}, {"type", "linear"}, {"range", "width"}, {"zero", false}, {"nice", false},
         {"domain", {{"data", "table"}, {"fields", {"bin_low", "bin_high"}}}}},
        {{"name", "y"}, {"type", "linear"}, {"range", "height"}, {"zero", true}, {"nice", true},
         {"domain", {{"data", "table"}, {"field", "count"}}}}};
    spec["axes"] = {Axis("bottom", "x", "probability by the horizon", ".1%"),
                    Axis("left", "y", "draws", "d")};
    spec["marks"] = {{{"type", "rect"},
                      {"from", {{"data", "table"}}},
                      {"encode", {{"enter", {{"x", Field("x", "bin_low")},
                                             {"x2", Field("x", "bin_high")},
                                             {"y", Field("y", "count")},
                                             {"y2", {{"scale", "y"}, {"value", 0}}},
                                             {"fill", {{"value", kPalette[0]}}},
                                             {"stroke", {{"value", "white"}}},
                                             {"strokeWidth", {{"value", 0.5}}},
                                             {"tooltip", Tooltip({{"from", "format(datum.bin_low, '.2%')"},
                                                                  {"to", "format(datum.bin_high, '.2%')"},
                                                                  {"draws", "datum.count"}})}}}}}}};
    Chart chart;
    std::string name = id;
    for (const auto& [number, level_name] : context.level_names)
      if (level && number == id) name = level_name;
    chart.title = level ? "Level ≥ " + id + ": " + name : "Event " + id;
    chart.caption = "How the chance of " + (level ? "level " + id + " or higher" : id) +
                    " by the horizon spreads over the draws of your uncertain values.";
    chart.spec = std::move(spec);
    chart.table = std::move(rows);
    charts.push_back(std::move(chart));
  }
  return charts;
}

Chart TornadoChart(const CsvTable& tornado, const ChartContext& context) {
  Json spec = Base(kRowHeight * std::max<size_t>(tornado.rows.size(), 1));
  spec["data"] = {{{"name", "table"}, {"values", Values(tornado)}}};
  Json order = Json::array();
  for (const auto& row : tornado.rows) order.push_back(tornado.Field(row, "parameter"));
  spec["scales"] = {
      {{"name", "y"}, {"type", "band"}, {"range", "height"}, {"domain", order}, {"padding", 0.25}},
      {{"name", "x"}, {"type", "linear"}, {"range", "width"}, {"zero", false}, {"nice", true},
       {"domain", {{"data", "table"}, {"fields", {"target_at_low", "target_at_high", "target_at_base"}}}}},
      {{"name", "end"}, {"type", "ordinal"}, {"domain", {"at low", "at high"}},
       {"range", {kPalette[1], kPalette[0]}}}};
  spec["axes"] = {Axis("bottom", "x", context.target + " by the horizon", ".1%"), Axis("left", "y", "")};
  spec["legends"] = {{{"fill", "end"}, {"title", "parameter"}, {"orient", "bottom-right"}}};
  auto bar = [&](const std::string& end, const std::string& label) {
    return Json{{"type", "rect"},
                {"from", {{"data", "table"}}},
                {"encode", {{"enter", {{"x", Field("x", "target_at_base")},
                                       {"x2", Field("x", end)},
                                       {"y", Field("y", "parameter")},
                                       {"height", {{"scale", "y"}, {"band", 1}}},
                                       {"fill", {{"scale", "end"}, {"value", label}}},
                                       {"tooltip", Tooltip({{"parameter", "datum.parameter"},
                                                            {"low", "format(datum.low, '.4~r')"},
                                                            {"high", "format(datum.high, '.4~r')"},
                                                            {"at low", "format(datum.target_at_low, '.2%')"},
                                                            {"at high", "format(datum.target_at_high, '.2%')"}})}}}}}};
  };
  Json base_rule = {{"type", "rule"},
                    {"encode", {{"enter", {{"x", {{"scale", "x"}, {"signal", "data('table').length ? data('table')[0].target_at_base : 0"}}},
                                           {"y", {{"value", 0}}},
                                           {"y2", {{"signal", "height"}}},
                                           {"stroke", {{"value", "#333333"}}},
                                           {"strokeDash", {{"value", {4, 3}}}}}}}}};
  spec["marks"] = {bar("target_at_low", "at low"), bar("target_at_high", "at high"), base_rule};
  Chart chart;
  chart.title = "Tornado: which assumption moves " + context.target;
  chart.caption = "Each parameter set to the low and the high end of its range, the others at "
                  "their base values; the dashed line is the target at the base values. Longest "
                  "bar first.";
  chart.spec = std::move(spec);
  chart.table = tornado;
  return chart;
}

Chart ImportanceChart(const CsvTable& importance, const ChartContext& context) {
  CsvTable rows = importance;
  const int b = rows.Column("birnbaum");
  std::stable_sort(rows.rows.begin(), rows.rows.end(), [b](const auto& x, const auto& y) {
    return std::strtod(x[b].c_str(), nullptr) > std::strtod(y[b].c_str(), nullptr);
  });
  Chart chart;
  chart.title = "Event importance for " + context.target;
  chart.caption = "The target's chance when each event is made impossible (left end) and certain "
                  "(dot); the distance between them is the event's Birnbaum importance.";
  chart.spec = DotsWithIntervals(rows, [&](const auto& row) { return rows.Field(row, "event"); }, "p_if_certain", "p_if_impossible", "p_if_certain",
                                 context.target + " by the horizon", ".1%",
                                 {{"event", "datum.event"},
                                  {"if certain", "format(datum.p_if_certain, '.2%')"},
                                  {"if impossible", "format(datum.p_if_impossible, '.2%')"},
                                  {"Birnbaum", "format(datum.birnbaum, '.4f')"}});
  chart.table = std::move(rows);
  return chart;
}

Chart RankCorrelationChart(const CsvTable& correlations, const ChartContext& context) {
  Json spec = Base(kRowHeight * std::max<size_t>(correlations.rows.size(), 1));
  spec["data"] = {{{"name", "table"}, {"values", Values(correlations)}}};
  Json order = Json::array();
  for (const auto& row : correlations.rows) order.push_back(correlations.Field(row, "parameter"));
  spec["scales"] = {
      {{"name", "y"}, {"type", "band"}, {"range", "height"}, {"domain", order}, {"padding", 0.25}},
      {{"name", "x"}, {"type", "linear"}, {"range", "width"}, {"domain", {-1, 1}}}};
  spec["axes"] = {Axis("bottom", "x", "Spearman rank correlation with " + context.target, ".1f"),
                  Axis("left", "y", "")};
  spec["marks"] = {{{"type", "rect"},
                    {"from", {{"data", "table"}}},
                    {"encode", {{"enter", {{"x", {{"scale", "x"}, {"value", 0}}},
                                           {"x2", Field("x", "spearman_rho")},
                                           {"y", Field("y", "parameter")},
                                           {"height", {{"scale", "y"}, {"band", 1}}},
                                           {"fill", {{"value", kPalette[2]}}},
                                           {"tooltip", Tooltip({{"parameter", "datum.parameter"},
                                                                {"rho", "format(datum.spearman_rho, '+.3f')"}})}}}}}}};
  Chart chart;
  chart.title = "Rank correlation over draws";
  chart.caption = "How strongly each uncertain value, over its draws, goes with the target's chance.";
  chart.spec = std::move(spec);
  chart.table = correlations;
  return chart;
}

std::vector<Chart> SweepCharts(const CsvTable& sweep, const std::vector<std::string>& axes,
                               const ChartContext& context) {
  std::vector<Chart> charts;
  if (axes.empty() || axes.size() > 2) return charts;
  // Axis columns are identifiers in sweep.csv (ColumnName); parameters are probabilities,
  // structural axes (horizon, delay:EVENT) are counts of steps.
  auto percent = [](const std::string& axis) {
    return axis != "horizon" && axis.rfind("delay:", 0) != 0;
  };
  const std::string x = ColumnName(axes[0]);
  CsvTable rows = Figures(sweep);
  if (axes.size() == 1) {
    Chart chart;
    chart.title = "Sweep over " + axes[0];
    chart.caption = "Each figure by the horizon as " + axes[0] +
                    " varies (the same trials at every point), with its 95% interval as a band.";
    chart.spec = BandedLines(rows, x, percent(axes[0]), axes[0], false, "probability by the horizon");
    chart.table = std::move(rows);
    charts.push_back(std::move(chart));
    return charts;
  }
  const std::string y = ColumnName(axes[1]);
  std::vector<std::string> ids;
  for (const auto& row : rows.rows)
    if (std::find(ids.begin(), ids.end(), rows.Field(row, "id")) == ids.end())
      ids.push_back(rows.Field(row, "id"));
  for (const std::string& id : ids) {
    CsvTable figure = Select(rows, [&](const auto& row) { return rows.Field(row, "id") == id; });
    auto domain = [&](const std::string& column) {
      Json values = Json::array();
      std::vector<double> seen;
      const int c = figure.Column(column);
      for (const auto& row : figure.rows) {
        const double v = std::strtod(row[c].c_str(), nullptr);
        if (std::find(seen.begin(), seen.end(), v) == seen.end()) seen.push_back(v);
      }
      std::sort(seen.begin(), seen.end());
      for (double v : seen) values.push_back(v);
      return values;
    };
    const Json x_domain = domain(x), y_domain = domain(y);
    Json spec = Base(std::max(120.0, 34.0 * y_domain.size()));
    spec["data"] = {{{"name", "table"}, {"values", Values(figure)}}};
    spec["scales"] = {
        {{"name", "x"}, {"type", "band"}, {"range", "width"}, {"domain", x_domain}, {"padding", 0.03}},
        {{"name", "y"}, {"type", "band"}, {"range", "height"}, {"domain", y_domain}, {"reverse", true},
         {"padding", 0.03}},
        {{"name", "color"}, {"type", "linear"}, {"range", {{"scheme", "viridis"}}}, {"zero", true},
         {"domain", {{"data", "table"}, {"field", "probability"}}}}};
    Json x_axis = Axis("bottom", "x", axes[0]), y_axis = Axis("left", "y", axes[1]);
    x_axis["grid"] = false;
    y_axis["grid"] = false;
    if (percent(axes[0])) x_axis["format"] = ".0%";
    if (percent(axes[1])) y_axis["format"] = ".0%";
    spec["axes"] = {x_axis, y_axis};
    spec["legends"] = {{{"fill", "color"}, {"title", "probability"}, {"format", ".1%"},
                        {"orient", "right"}}};
    const Json tip = Tooltip({{axes[0], "datum['" + x + "']"}, {axes[1], "datum['" + y + "']"},
                              {"probability", "format(datum.probability, '.2%')"},
                              {"95% interval", "format(datum.ci95_low, '.2%') + ' – ' + format(datum.ci95_high, '.2%')"}});
    spec["marks"] = {
        {{"type", "rect"},
         {"from", {{"data", "table"}}},
         {"encode", {{"enter", {{"x", Field("x", x)},
                                {"width", {{"scale", "x"}, {"band", 1}}},
                                {"y", Field("y", y)},
                                {"height", {{"scale", "y"}, {"band", 1}}},
                                {"fill", Field("color", "probability")},
                                {"tooltip", tip}}}}}},
        {{"type", "text"},
         {"from", {{"data", "table"}}},
         {"encode", {{"enter", {{"x", {{"scale", "x"}, {"field", x}, {"band", 0.5}}},
                                {"y", {{"scale", "y"}, {"field", y}, {"band", 0.5}}},
                                {"align", {{"value", "center"}}},
                                {"baseline", {{"value", "middle"}}},
                                {"fontSize", {{"value", 10}}},
                                {"text", {{"signal", "format(datum.probability, '.1%')"}}},
                                {"fill", {{"signal", "datum.probability > 0.5 * domain('color')[1] ? 'black' : 'white'"}}}}}}}}};
    Chart chart;
    chart.title = SeriesName(figure, figure.rows[0]) + ": " + axes[0] + " × " + axes[1];
    chart.caption = "The chance by the horizon at each point of the grid (the table gives the intervals).";
    chart.spec = std::move(spec);
    chart.table = std::move(figure);
    charts.push_back(std::move(chart));
  }
  (void)context;
  return charts;
}

Chart SobolChart(const CsvTable& sobol, const ChartContext& context) {
  Json spec = Base(34 * std::max<size_t>(sobol.rows.size(), 1));
  spec["data"] = {{{"name", "table"}, {"values", Values(sobol)}}};
  Json order = Json::array();
  for (const auto& row : sobol.rows) order.push_back(sobol.Field(row, "parameter"));
  spec["scales"] = {
      {{"name", "y"}, {"type", "band"}, {"range", "height"}, {"domain", order}, {"padding", 0.2}},
      {{"name", "x"}, {"type", "linear"}, {"range", "width"}, {"nice", true}, {"zero", true},
       {"domain", {{"data", "table"}, {"fields", {"s1_low", "s1_high", "st_low", "st_high"}}}}},
      {{"name", "index"}, {"type", "ordinal"}, {"domain", {"first order S1", "total effect ST"}},
       {"range", {kPalette[0], kPalette[3]}}}};
  spec["axes"] = {Axis("bottom", "x", "share of the variance of " + context.target, ".2f"),
                  Axis("left", "y", "")};
  spec["legends"] = {{{"fill", "index"}, {"orient", "bottom-right"}, {"title", ""}}};
  Json marks = Json::array();
  auto index = [&](const std::string& name, const std::string& label, double at) {
    const Json y = {{"scale", "y"}, {"field", "parameter"}, {"band", at}};
    const Json colour = {{"scale", "index"}, {"value", label}};
    marks.push_back({{"type", "rule"},
                     {"from", {{"data", "table"}}},
                     {"encode", {{"enter", {{"x", Field("x", name + "_low")},
                                            {"x2", Field("x", name + "_high")},
                                            {"y", y},
                                            {"stroke", colour},
                                            {"strokeWidth", {{"value", 2}}}}}}}});
    marks.push_back({{"type", "symbol"},
                     {"from", {{"data", "table"}}},
                     {"encode", {{"enter", {{"x", Field("x", name)},
                                            {"y", y},
                                            {"fill", colour},
                                            {"size", {{"value", 50}}},
                                            {"tooltip", Tooltip({{"parameter", "datum.parameter"},
                                                                 {label, "format(datum." + name + ", '.3f') + ' (' + format(datum." + name + "_low, '.3f') + ' – ' + format(datum." + name + "_high, '.3f') + ')'"}})}}}}}});
  };
  index("s1", "first order S1", 0.3);
  index("st", "total effect ST", 0.7);
  spec["marks"] = marks;
  Chart chart;
  chart.title = "Sobol indices for " + context.target;
  chart.caption = "The share of the target's variance over your uncertain values that each "
                  "parameter explains alone (S1) and with its interactions (ST), with 95% "
                  "bootstrap intervals.";
  chart.spec = std::move(spec);
  chart.table = sobol;
  return chart;
}

Chart CompareChart(const CsvTable& compare, const ChartContext& context) {
  (void)context;
  CsvTable rows = compare;
  Json spec = DotsWithIntervals(rows, [&](const auto& row) { return SeriesName(rows, row); }, "difference", "paired_low", "paired_high",
                                "difference B − A (probability points)", "+.1%",
                                {{"figure", "datum.name"},
                                 {"A", "format(datum.p_a, '.2%')"},
                                 {"B", "format(datum.p_b, '.2%')"},
                                 {"B − A", "format(datum.difference, '+.2%')"},
                                 {"paired 95% interval", "format(datum.paired_low, '+.2%') + ' – ' + format(datum.paired_high, '+.2%')"}});
  Chart chart;
  chart.title = "B against A";
  chart.caption = "Each figure's difference between the arms with its paired 95% interval "
                  "(both arms ran on the same trials).";
  chart.spec = std::move(spec);
  chart.table = std::move(rows);
  return chart;
}

}  // namespace brink
