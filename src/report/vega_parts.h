// The pieces every report chart is built of (vega_specs.h): CSV rows as Vega data, the
// base specification, axes, tooltips, and the two shapes most charts take (lines over time
// with bands, dots with intervals). Internal to src/report.
#ifndef BRINK_REPORT_VEGA_PARTS_H_
#define BRINK_REPORT_VEGA_PARTS_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/vega_specs.h"

namespace brink {

using Json = nlohmann::ordered_json;

// The Okabe–Ito palette, readable with every common colour-vision deficiency.
inline const Json kPalette = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7",
                              "#56B4E9", "#F0E442", "#000000"};
constexpr double kRowHeight = 22;

// Whether a `kind` field of the files names a level (else an event).
bool IsLevel(const std::string& kind);
// A CSV field as a Vega datum: the number it reads as, null when empty, else the text.
Json Datum(const std::string& text);
// The rows of `table` as Vega data values (every column), plus any extra fields `extra`
// returns for a row.
template <typename Extra>
Json Values(const CsvTable& table, Extra&& extra) {
  Json values = Json::array();
  for (const auto& row : table.rows) {
    Json v = Json::object();
    for (size_t c = 0; c < table.header.size() && c < row.size(); ++c)
      v[table.header[c]] = Datum(row[c]);
    extra(row, v);
    values.push_back(std::move(v));
  }
  return values;
}
Json Values(const CsvTable& table);
CsvTable Select(const CsvTable& table,
                const std::function<bool(const std::vector<std::string>&)>& keep);
bool HasValues(const CsvTable& table, const std::string& column);
// A specification `height` pixels high, as wide as the page makes it.
Json Base(double height);
Json Axis(const std::string& orient, const std::string& scale, const std::string& title,
          const std::string& format = "");
Json Field(const std::string& scale, const std::string& field);
// "≥ 2 treaty activation" for a level row, the label (or id) for an event row.
std::string SeriesName(const CsvTable& table, const std::vector<std::string>& row);
// The rows of the levels when there are any, else of the events.
CsvTable Figures(const CsvTable& table);
Json SeriesDomain(const CsvTable& table);
Json Tooltip(const std::vector<std::pair<std::string, std::string>>& fields);
// Lines of `series` over `x`, each with its 95% interval as a band and, with `draws_band`,
// the 90% band over draws (p05–p95) fainter behind it. The lines are of the column `value`;
// the 95% interval (ci95_low..ci95_high) is drawn only for `probability`, whose it is.
Json BandedLines(const CsvTable& rows, const std::string& x, bool x_percent,
                 const std::string& x_title, bool draws_band, const std::string& y_title,
                 const std::string& value = "probability");
// A dot per row, on a band scale of the row's name (`name_of`, kept as the datum's field
// "name"), with a rule from `low` to `high` (when given).
Json DotsWithIntervals(const CsvTable& rows,
                       const std::function<std::string(const std::vector<std::string>&)>& name_of,
                       const std::string& value, const std::string& low, const std::string& high,
                       const std::string& x_title, const std::string& x_format,
                       std::vector<std::pair<std::string, std::string>> tip);

}  // namespace brink

#endif  // BRINK_REPORT_VEGA_PARTS_H_
