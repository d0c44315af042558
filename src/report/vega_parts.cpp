// The pieces of the report's charts (vega_parts.h).
#include "report/vega_parts.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "brink/report.h"

namespace brink {

// Whether a `kind` field of the files names a level (else an event).
bool IsLevel(const std::string& kind) {
  return ParseName<Figure::Kind>(kind) == Figure::Kind::kLevel;
}



// A CSV field as a Vega datum: the number it reads as, null when empty, else the text.
Json Datum(const std::string& text) {
  if (text.empty()) return nullptr;
  char* end = nullptr;
  const double x = std::strtod(text.c_str(), &end);
  if (end == text.c_str() + text.size()) return x;
  return text;
}

Json Values(const CsvTable& table) {
  return Values(table, [](const std::vector<std::string>&, Json&) {});
}

CsvTable Select(const CsvTable& table, const std::function<bool(const std::vector<std::string>&)>& keep) {
  CsvTable out{table.header, {}};
  for (const auto& row : table.rows)
    if (keep(row)) out.rows.push_back(row);
  return out;
}

bool HasValues(const CsvTable& table, const std::string& column) {
  const int c = table.Column(column);
  if (c < 0) return false;
  return std::any_of(table.rows.begin(), table.rows.end(), [c](const auto& row) {
    return static_cast<size_t>(c) < row.size() && !row[c].empty();
  });
}

Json Base(double height) {
  return Json{{"width", 640},
              {"height", height},
              {"padding", 5},
              {"autosize", {{"type", "fit-x"}, {"contains", "padding"}}},
              {"config", {{"axis", {{"labelFontSize", 11}, {"titleFontSize", 12}}},
                          {"legend", {{"labelFontSize", 11}, {"titleFontSize", 12}}}}}};
}

Json Axis(const std::string& orient, const std::string& scale, const std::string& title,
          const std::string& format) {
  Json axis{{"orient", orient}, {"scale", scale}, {"title", title}, {"grid", orient == "left" || orient == "bottom"}};
  // The axes are continuous, and a fixed precision repeats labels when the ticks are closer
  // than it shows (".1%" on ticks 2.55%, 2.6%, 2.65% reads "2.6% 2.6% 2.7%"). Without a
  // precision Vega takes it from the tick step, so each label is written once: ".1%" -> "%",
  // ".2~%" -> "~%", ".1f" -> "f".
  std::string continuous = format;
  if (continuous.size() > 1 && continuous[0] == '.' && (continuous.back() == '%' || continuous.back() == 'f'))
    continuous.erase(0, continuous.find_first_not_of("0123456789", 1));
  if (!continuous.empty()) axis["format"] = continuous;
  // An integer axis (steps, counts) ticks each integer once: without a least step, a short
  // one (a horizon of 6) gets ticks at halves, each label written twice ("1 2 2 3 3").
  if (format == "d") axis["tickMinStep"] = 1;
  if (orient == "left") axis["labelLimit"] = 280;
  return axis;
}

Json Field(const std::string& scale, const std::string& field) {
  return {{"scale", scale}, {"field", field}};
}

// "≥ 2 treaty activation" for a level row, the label (or id) for an event row.
std::string SeriesName(const CsvTable& table, const std::vector<std::string>& row) {
  const std::string& label = table.Field(row, "label");
  if (IsLevel(table.Field(row, "kind")))
    return "≥ " + table.Field(row, "id") + (label.empty() ? "" : " " + label);
  return label.empty() ? table.Field(row, "id") : label;
}

// The rows of the levels when there are any, else of the events.
CsvTable Figures(const CsvTable& table) {
  const bool levels = std::any_of(table.rows.begin(), table.rows.end(), [&](const auto& row) {
    return IsLevel(table.Field(row, "kind"));
  });
  return Select(table, [&](const auto& row) {
    return IsLevel(table.Field(row, "kind")) == levels;
  });
}

Json SeriesDomain(const CsvTable& table) {
  Json domain = Json::array();
  std::set<std::string> seen;
  for (const auto& row : table.rows) {
    std::string name = SeriesName(table, row);
    if (seen.insert(name).second) domain.push_back(name);
  }
  return domain;
}

Json Tooltip(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string signal = "{";
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) signal += ", ";
    signal += "'" + fields[i].first + "': " + fields[i].second;
  }
  return {{"signal", signal + "}"}};
}

// Lines of `series` over `x`, each with its 95% interval as a band and, with `draws_band`,
// the 90% band over draws (p05–p95) fainter behind it.
Json BandedLines(const CsvTable& rows, const std::string& x, bool x_percent,
                 const std::string& x_title, bool draws_band, const std::string& y_title,
                 const std::string& value) {
  Json spec = Base(320);
  spec["data"] = {{{"name", "table"}, {"values", Values(rows, [&](const auto& row, Json& v) {
                                          v["series"] = SeriesName(rows, row);
                                        })}}};
  // The 95% interval is `probability`'s: another column is drawn without it.
  const bool interval = value == "probability" && HasValues(rows, "ci95_low");
  Json y_fields = {value};
  if (value == "probability" && HasValues(rows, "ci95_high")) y_fields.push_back("ci95_high");
  if (draws_band) y_fields.push_back("p95");
  spec["scales"] = {
      {{"name", "x"}, {"type", "linear"}, {"range", "width"}, {"zero", false}, {"nice", false},
       {"domain", {{"data", "table"}, {"field", x}}}},
      {{"name", "y"}, {"type", "linear"}, {"range", "height"}, {"zero", true}, {"nice", true},
       {"domain", {{"data", "table"}, {"fields", y_fields}}}},
      {{"name", "color"}, {"type", "ordinal"}, {"range", kPalette}, {"domain", SeriesDomain(rows)}}};
  spec["axes"] = {Axis("bottom", "x", x_title, x_percent ? ".0%" : "d"),
                  Axis("left", "y", y_title, ".0%")};
  spec["legends"] = {{{"stroke", "color"}, {"title", ""}, {"orient", "top-left"}, {"labelLimit", 360},
                      {"direction", "vertical"}, {"fillColor", "rgba(255,255,255,0.85)"}}};
  Json inner = Json::array();
  auto band = [&](const std::string& low, const std::string& high, double opacity) {
    return Json{{"type", "area"},
                {"from", {{"data", "series"}}},
                {"encode", {{"enter", {{"x", Field("x", x)},
                                       {"y", Field("y", low)},
                                       {"y2", Field("y", high)},
                                       {"fill", Field("color", "series")},
                                       {"fillOpacity", {{"value", opacity}}}}}}}};
  };
  if (draws_band) inner.push_back(band("p05", "p95", 0.12));
  if (interval) inner.push_back(band("ci95_low", "ci95_high", 0.3));
  const std::string x_format = x_percent ? "format(datum['" + x + "'], '.1%')" : "datum['" + x + "']";
  std::vector<std::pair<std::string, std::string>> tip = {
      {x_title, x_format}, {"figure", "datum.series"},
      {"probability", "format(datum." + value + ", '.2%')"}};
  if (interval)
    tip.push_back({"95% interval", "format(datum.ci95_low, '.2%') + ' – ' + format(datum.ci95_high, '.2%')"});
  inner.push_back({{"type", "line"},
                   {"from", {{"data", "series"}}},
                   {"encode", {{"enter", {{"x", Field("x", x)},
                                          {"y", Field("y", value)},
                                          {"stroke", Field("color", "series")},
                                          {"strokeWidth", {{"value", 2}}},
                                          {"tooltip", Tooltip(tip)}}}}}});
  inner.push_back({{"type", "symbol"},
                   {"from", {{"data", "series"}}},
                   {"encode", {{"enter", {{"x", Field("x", x)},
                                          {"y", Field("y", value)},
                                          {"fill", Field("color", "series")},
                                          {"size", {{"value", 14}}},
                                          {"tooltip", Tooltip(tip)}}}}}});
  spec["marks"] = {{{"type", "group"},
                    {"from", {{"facet", {{"name", "series"}, {"data", "table"}, {"groupby", "series"}}}}},
                    {"marks", inner}}};
  return spec;
}

// A dot per row, on a band scale of the row's name (`name_of`, kept as the datum's field
// "name"), with a rule from `low` to `high` (when given).
Json DotsWithIntervals(const CsvTable& rows,
                       const std::function<std::string(const std::vector<std::string>&)>& name_of,
                       const std::string& value,
                       const std::string& low, const std::string& high,
                       const std::string& x_title, const std::string& x_format,
                       std::vector<std::pair<std::string, std::string>> tip) {
  Json spec = Base(kRowHeight * std::max<size_t>(rows.rows.size(), 1));
  spec["data"] = {{{"name", "table"}, {"values", Values(rows, [&](const auto& row, Json& v) {
                                          v["name"] = name_of(row);
                                        })}}};
  Json order = Json::array();
  for (const auto& row : rows.rows) order.push_back(name_of(row));
  Json x_fields = {value};
  if (!high.empty()) x_fields = {value, low, high};
  spec["scales"] = {
      {{"name", "y"}, {"type", "band"}, {"range", "height"}, {"domain", order}, {"padding", 0.3}},
      {{"name", "x"}, {"type", "linear"}, {"range", "width"}, {"zero", true}, {"nice", true},
       {"domain", {{"data", "table"}, {"fields", x_fields}}}}};
  spec["axes"] = {Axis("bottom", "x", x_title, x_format), Axis("left", "y", "")};
  Json marks = Json::array();
  const Json y_center = {{"scale", "y"}, {"field", "name"}, {"band", 0.5}};
  if (!high.empty())
    marks.push_back({{"type", "rule"},
                     {"from", {{"data", "table"}}},
                     {"encode", {{"enter", {{"x", Field("x", low)},
                                            {"x2", Field("x", high)},
                                            {"y", y_center},
                                            {"stroke", {{"value", kPalette[0]}}},
                                            {"strokeWidth", {{"value", 2}}}}}}}});
  marks.push_back({{"type", "symbol"},
                   {"from", {{"data", "table"}}},
                   {"encode", {{"enter", {{"x", Field("x", value)},
                                          {"y", y_center},
                                          {"fill", {{"value", kPalette[0]}}},
                                          {"size", {{"value", 50}}},
                                          {"tooltip", Tooltip(tip)}}}}}});
  spec["marks"] = marks;
  return spec;
}

}  // namespace brink
