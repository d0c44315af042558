// The files of sweep, sensitivity and compare: sweep.csv, tornado.csv, importance.csv,
// rank_correlation.csv, sobol.csv and compare.csv (brink/report.h).
#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include "brink/report.h"

namespace brink {
namespace {

// A ratio that may be infinite (inf) or undefined (empty).
std::string Ratio(double x) {
  return std::isinf(x) ? "inf" : (std::isnan(x) ? "" : FormatNumber(x));
}

}  // namespace

std::string SweepCsvHeader(const std::vector<SweepAxis>& axes, bool draws, bool baseline,
                           bool two_way) {
  std::string out = "point";
  for (const SweepAxis& axis : axes) out += "," + ColumnName(axis.name);  // delay:x → delay_x
  out += ",kind,id,probability,std_error,ci95_low,ci95_high";
  if (draws) out += ",p05,p50,p95";
  if (baseline) out += ",difference,paired_low,paired_high";
  if (two_way) {
    out += ",active_probability,active_std_error,active_ci95_low,active_ci95_high,"
           "mean_occurrences,mean_steps_active";
    if (baseline) out += ",active_difference,active_paired_low,active_paired_high";
  }
  return out + "\n";
}

std::string SweepCsvRows(size_t index, const SweepPoint& point, bool draws) {
  std::string out;
  std::string prefix = std::to_string(index);
  for (double v : point.values) prefix += "," + FormatNumber(v);
  const std::vector<PairedFigure>& versus = point.outcome.versus_baseline;
  const bool two_way = point.outcome.results.two_way;
  const size_t events = static_cast<size_t>(std::count_if(
      point.outcome.results.figures.begin(), point.outcome.results.figures.end(),
      [](const Figure& f) { return f.kind == Figure::Kind::kEvent; }));
  for (size_t row = 0; row < point.outcome.results.figures.size(); ++row) {
    const Figure& f = point.outcome.results.figures[row];
    out += prefix + "," + std::string(NameOf(f.kind)) + "," +
           CsvField(f.id) + "," + FormatNumber(f.probability) + "," +
           FormatNumber(f.std_error) + "," + FormatNumber(f.ci_low) + "," +
           FormatNumber(f.ci_high);
    if (draws)
      out += "," + FormatNumber(f.p05) + "," + FormatNumber(f.p50) + "," + FormatNumber(f.p95);
    if (!versus.empty())
      out += "," + FormatNumber(versus[row].difference) + "," +
             FormatNumber(versus[row].paired_low) + "," + FormatNumber(versus[row].paired_high);
    if (two_way) {
      const NowFigure& now = f.now;
      out += "," + FormatNumber(now.probability) + "," + FormatNumber(now.std_error) + "," +
             FormatNumber(now.ci_low) + "," + FormatNumber(now.ci_high) + "," +
             (row < events ? FormatNumber(now.mean_occurrences) : "") + "," +
             FormatNumber(now.mean_steps_active);
      if (!versus.empty())
        out += "," + FormatNumber(versus[row].now.difference) + "," +
               FormatNumber(versus[row].now.paired_low) + "," +
               FormatNumber(versus[row].now.paired_high);
    }
    out += "\n";
  }
  return out;
}

std::string SweepCsv(const std::vector<SweepAxis>& axes, const std::vector<SweepPoint>& points) {
  bool draws = false;
  for (const SweepPoint& p : points) draws = draws || p.outcome.draws > 1;
  const bool baseline = !points.empty() && !points[0].outcome.versus_baseline.empty();
  const bool two_way = !points.empty() && points[0].outcome.results.two_way;
  std::string out = SweepCsvHeader(axes, draws, baseline, two_way);
  for (size_t i = 0; i < points.size(); ++i) out += SweepCsvRows(i, points[i], draws);
  return out;
}

uint64_t SweepCsvBytes(const Model& model, const std::vector<SweepAxis>& axes, size_t points,
                       bool draws, bool baseline) {
  // Per row: the point's number and values (up to 12 characters each), kind, id and four
  // (or seven) numbers of up to 23 characters; a version-2 model's six (or nine) more.
  uint64_t id_bytes = 0;
  for (const Event& e : model.events) id_bytes += e.id.size();
  id_bytes += 4 * model.levels.size();
  const uint64_t figures = model.events.size() + model.levels.size();
  const uint64_t numbers = (draws ? 7 : 4) + (baseline ? 3 : 0) +
                           (model.IsTwoWay() ? 6 + (baseline ? 3 : 0) : 0);
  const uint64_t row = 8 + 13 * axes.size() + 7 + numbers * 24;
  return 256 + points * (figures * row + id_bytes);
}

std::string TornadoCsv(const std::vector<TornadoBar>& bars) {
  std::string out = "parameter,low,high,target_at_low,target_at_high,swing,base,target_at_base\n";
  for (const TornadoBar& b : bars)
    out += CsvField(b.parameter) + "," + FormatNumber(b.low) + "," + FormatNumber(b.high) + "," +
           FormatNumber(b.target_at_low) + "," + FormatNumber(b.target_at_high) + "," +
           FormatNumber(b.swing) + "," + FormatNumber(b.base) + "," +
           FormatNumber(b.target_at_base) + "\n";
  return out;
}

std::string ImportanceCsv(const std::vector<EventImportance>& rows) {
  std::string out = "event,p_target,p_if_certain,p_if_impossible,birnbaum,raw,rrw\n";
  for (const EventImportance& r : rows)
    out += CsvField(r.event) + "," + FormatNumber(r.p_target) + "," +
           FormatNumber(r.p_if_certain) + "," + FormatNumber(r.p_if_impossible) + "," +
           FormatNumber(r.birnbaum) + "," + Ratio(r.raw) + "," + Ratio(r.rrw) + "\n";
  return out;
}

std::string RankCorrelationCsv(const std::vector<RankCorrelation>& rows) {
  std::string out = "parameter,spearman_rho\n";
  for (const RankCorrelation& r : rows)
    out += CsvField(r.parameter) + "," + FormatNumber(r.rho) + "\n";
  return out;
}

std::string SobolCsv(const std::vector<SobolIndex>& indices) {
  std::string csv = "parameter,s1,s1_low,s1_high,st,st_low,st_high\n";
  for (const SobolIndex& i : indices)
    csv += CsvField(i.parameter) + "," + FormatNumber(i.s1) + "," + FormatNumber(i.s1_low) + "," +
           FormatNumber(i.s1_high) + "," + FormatNumber(i.st) + "," + FormatNumber(i.st_low) +
           "," + FormatNumber(i.st_high) + "\n";
  return csv;
}

std::string EvidenceCsv(const CompareOutcome& outcome, const std::string& model_a,
                        const std::string& model_b) {
  std::string out = "arm,model,log_evidence,log_evidence_se,effective_draws,method\n";
  for (const auto& [arm, model, e] : {std::tuple<const char*, const std::string&, const ArmEvidence&>{
                                          "a", model_a, outcome.evidence_a},
                                      {"b", model_b, outcome.evidence_b}})
    out += std::string(arm) + "," + CsvField(model) + "," + FormatNumber(e.log_evidence) + "," +
           FormatNumber(e.log_evidence_se) + "," + FormatNumber(e.effective_draws) + "," +
           CsvField(e.method) + "\n";
  return out;
}

std::string CompareCsv(const CompareOutcome& outcome) {
  // Two version-2 arms: each figure's P(active at the horizon) and mean occurrences, after
  // version 1's columns (a version-1 file is unchanged).
  const bool two_way = !outcome.figures.empty() && outcome.figures[0].two_way;
  std::string out =
      "kind,id,label,p_a,p_b,difference,paired_low,paired_high,independent_low,independent_high";
  if (two_way)
    out += ",active_p_a,active_p_b,active_difference,active_paired_low,active_paired_high,"
           "active_independent_low,active_independent_high,occurrences_a,occurrences_b,"
           "occurrences_difference,occurrences_paired_low,occurrences_paired_high";
  out += "\n";
  auto values = [](const PairedValue& v) {
    return FormatNumber(v.p_a) + "," + FormatNumber(v.p_b) + "," + FormatNumber(v.difference) +
           "," + FormatNumber(v.paired_low) + "," + FormatNumber(v.paired_high) + "," +
           FormatNumber(v.independent_low) + "," + FormatNumber(v.independent_high);
  };
  for (const PairedFigure& f : outcome.figures) {
    out += std::string(NameOf(f.kind)) + "," + CsvField(f.id) + "," + CsvField(f.label) + "," +
           values(f);
    if (two_way) {
      out += "," + values(f.now);
      const PairedMean& m = f.occurrences;
      if (f.kind == Figure::Kind::kEvent)
        out += "," + FormatNumber(m.mean_a) + "," + FormatNumber(m.mean_b) + "," +
               FormatNumber(m.difference) + "," + FormatNumber(m.paired_low) + "," +
               FormatNumber(m.paired_high);
      else
        out += ",,,,,";
    }
    out += "\n";
  }
  return out;
}

}  // namespace brink
