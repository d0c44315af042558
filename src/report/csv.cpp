#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string_view>
#include <stdexcept>
#include <unistd.h>

#include "brink/report.h"

namespace brink {

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string ColumnName(const std::string& name) {
  std::string out;
  bool replaced = false;  // the last character written stands for others
  for (char c : name) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9') || c == '_';
    if (word) {
      out += c;
      replaced = false;
    } else if (!replaced) {
      out += '_';
      replaced = true;
    }
  }
  if (replaced) out.pop_back();
  if (out.empty() || (out[0] >= '0' && out[0] <= '9')) out = "x" + out;
  return out;
}

std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '"') {  // a quoted field: "" is a quote
      for (++i;; ++i) {
        if (i >= text.size()) throw std::invalid_argument("a quoted field does not end");
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            ++i;
            continue;
          }
          ++i;
          break;
        }
        field += text[i];
      }
      if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
        throw std::invalid_argument("text after a closing quote");
    }
    while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
      field += text[i++];
    row.push_back(std::move(field));
    field.clear();
    if (i < text.size() && text[i] == ',') {
      ++i;
      if (i == text.size()) row.emplace_back();
      continue;
    }
    if (i < text.size() && text[i] == '\r') ++i;
    if (i < text.size() && text[i] == '\n') ++i;
    rows.push_back(std::move(row));
    row.clear();
  }
  if (!row.empty()) rows.push_back(std::move(row));
  return rows;
}

namespace {

// A number, or an empty field for NaN (a value not computed).
std::string Maybe(double x) { return std::isnan(x) ? "" : FormatNumber(x); }

// Null-terminated: the names are string literals.
const char* KindName(Figure::Kind kind) { return NameOf(kind).data(); }

}  // namespace

std::string SummaryCsv(const Results& results) {
  const bool two_way = results.two_way;
  std::string out =
      "kind,id,label,probability,std_error,ci95_low,ci95_high,mean_first_step,p05,p50,p95";
  out += two_way ? ",active_probability,mean_occurrences,mean_steps_active\n" : "\n";
  for (const Figure& f : results.figures) {
    out += std::string(KindName(f.kind)) + "," + CsvField(f.id) + "," + CsvField(f.label) + "," +
           FormatNumber(f.probability) + "," + FormatNumber(f.std_error) + "," +
           FormatNumber(f.ci_low) + "," + FormatNumber(f.ci_high) + "," +
           (f.occurred ? FormatNumber(f.mean_first_step) : "") + "," + FormatNumber(f.p05) +
           "," + FormatNumber(f.p50) + "," + FormatNumber(f.p95);
    if (two_way)
      out += "," + FormatNumber(f.now.probability) + "," +
             (f.kind == Figure::Kind::kEvent ? FormatNumber(f.now.mean_occurrences) : "") + "," +
             FormatNumber(f.now.mean_steps_active);
    out += "\n";
  }
  const GivenFigure& g = results.given;
  if (!g.text.empty())
    out += "given,given," + CsvField(g.text) + "," + FormatNumber(g.probability) + "," +
           FormatNumber(g.std_error) + "," + FormatNumber(g.ci_low) + "," +
           FormatNumber(g.ci_high) + ",,,," + (two_way ? ",,,\n" : "\n");
  return out;
}

std::string OccurrencesCsv(const Results& results) {
  std::string out = "kind,id,occurrences,probability,std_error\n";
  for (const Figure& f : results.figures) {
    if (f.kind != Figure::Kind::kEvent) continue;
    const std::string prefix = std::string(KindName(f.kind)) + "," + CsvField(f.id) + ",";
    for (size_t n = 0; n < f.now.occurrences.size(); ++n)
      out += prefix + std::to_string(n) + "," + FormatNumber(f.now.occurrences[n]) + "," +
             FormatNumber(f.now.occurrences_std_errors[n]) + "\n";
  }
  return out;
}

void WriteDrawsCsv(const Results& results, const std::vector<std::string>& parameter_names,
                   const std::vector<std::vector<double>>& parameter_values,
                   const std::function<void(std::string_view)>& sink,
                   const std::vector<double>* log_likelihood) {
  std::string out = "draw";
  for (const std::string& name : parameter_names) out += "," + ColumnName(name);
  for (const Figure& f : results.figures)
    out += "," + ColumnName(std::string(KindName(f.kind)) + "_" + f.id);
  if (log_likelihood != nullptr) out += ",log_likelihood";
  out += "\n";
  sink(out);
  for (int d = 0; d < results.draws; ++d) {
    out = std::to_string(d);
    for (double v : parameter_values[d]) out += "," + FormatNumber(v);
    for (size_t f = 0; f < results.figures.size(); ++f)
      out += "," + FormatNumber(results.draws == 1 ? results.figures[f].probability
                                                   : results.per_draw[d][f]);
    if (log_likelihood != nullptr) out += "," + FormatNumber((*log_likelihood)[d]);
    out += "\n";
    sink(out);
  }
}

std::string DrawsCsv(const Results& results, const std::vector<std::string>& parameter_names,
                     const std::vector<std::vector<double>>& parameter_values,
                     const std::vector<double>* log_likelihood) {
  std::string out;
  WriteDrawsCsv(results, parameter_names, parameter_values,
                [&](std::string_view text) { out += text; }, log_likelihood);
  return out;
}

uint64_t RunOutputBytes(const Model& model, int draws, int sampled) {
  uint64_t id_bytes = 0;
  for (const Event& e : model.events) id_bytes += e.id.size() + e.label.size();
  for (const std::string& level : model.levels) id_bytes += level.size() + 4;
  const uint64_t figures = model.events.size() + model.levels.size();
  const uint64_t steps = static_cast<uint64_t>(model.horizon);
  // Numbers take at most 24 characters with their comma; ids and labels are written
  // once per row of summary.csv, per step in timeline.csv and per bin in distribution.csv.
  const uint64_t draws_csv = static_cast<uint64_t>(draws) * (12 + 24 * (figures + sampled));
  const uint64_t timeline = steps * (figures * (8 + 6 + 6 * 24) + 2 * id_bytes);
  const uint64_t other = 21 * (figures * 80 + id_bytes) + figures * 12 * 24 + 4096;
  // A version-2 model: timeline.csv's extra column, and occurrences.csv (a row per count).
  const uint64_t two_way =
      model.IsTwoWay() ? steps * figures * 24 + (steps + 1) * (model.events.size() * 60 + id_bytes)
                       : 0;
  return draws_csv + timeline + other + two_way;
}

std::string DistributionCsv(const Results& results) {
  constexpr int kBins = 20;
  std::string out = "kind,id,bin_low,bin_high,count\n";
  for (size_t f = 0; f < results.figures.size(); ++f) {
    const Figure& fig = results.figures[f];
    std::vector<double> p;
    for (int d = 0; d < results.draws; ++d)
      p.push_back(results.draws == 1 ? fig.probability : results.per_draw[d][f]);
    const double lo = *std::min_element(p.begin(), p.end());
    const double hi = *std::max_element(p.begin(), p.end());
    const std::string prefix = std::string(KindName(fig.kind)) + "," + CsvField(fig.id) + ",";
    if (lo == hi) {
      out += prefix + FormatNumber(lo) + "," + FormatNumber(hi) + "," + std::to_string(p.size()) + "\n";
      continue;
    }
    std::vector<uint64_t> count(kBins, 0);
    for (double x : p)
      ++count[std::min(kBins - 1, static_cast<int>((x - lo) / (hi - lo) * kBins))];
    for (int b = 0; b < kBins; ++b)
      out += prefix + FormatNumber(lo + (hi - lo) * b / kBins) + "," +
             FormatNumber(b + 1 == kBins ? hi : lo + (hi - lo) * (b + 1) / kBins) + "," +
             std::to_string(count[b]) + "\n";
  }
  return out;
}

std::string TimelineCsv(const Results& results) {
  const bool two_way = results.two_way;
  std::string out = "step,kind,id,probability,label,ci95_low,ci95_high,p05,p50,p95";
  out += two_way ? ",active_probability\n" : "\n";
  if (results.figures.empty()) return out;
  const size_t horizon = results.figures[0].by_step.size();
  for (size_t t = 0; t < horizon; ++t)
    for (const Figure& f : results.figures) {
      const StepBand& band = f.band_by_step[t];
      out += std::to_string(t + 1) + "," + KindName(f.kind) + "," + CsvField(f.id) + "," +
             FormatNumber(f.by_step[t]) + "," + CsvField(f.label) + "," +
             FormatNumber(band.ci_low) + "," + FormatNumber(band.ci_high) + "," +
             Maybe(band.p05) + "," + Maybe(band.p50) + "," + Maybe(band.p95);
      if (two_way) out += "," + FormatNumber(f.now.by_step[t]);
      out += "\n";
    }
  return out;
}

}  // namespace brink
