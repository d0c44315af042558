// The files of a model with quantities (brink/report.h; ../shared/spec/quantities.md).
#include <string>

#include "brink/format.h"
#include "brink/report.h"

namespace brink {

std::string QuantitiesCsv(const Results& results) {
  const bool draws = results.draws > 1;
  std::string out =
      "id,label,unit,mean,std_error,ci95_low,ci95_high,sd,p05,p50,p90,p95,p99,prob_positive";
  out += draws ? ",band_p05,band_p95\n" : "\n";
  for (const QuantityFigure& q : results.quantities) {
    out += CsvField(q.id) + "," + CsvField(q.label) + "," + CsvField(q.unit);
    for (double x : {q.mean, q.std_error, q.ci_low, q.ci_high, q.sd, q.p05, q.p50, q.p90, q.p95,
                     q.p99, q.prob_positive})
      out += "," + FormatNumber(x);
    if (draws) out += "," + FormatNumber(q.band_p05) + "," + FormatNumber(q.band_p95);
    out += "\n";
  }
  return out;
}

std::string ExceedanceCsv(const Results& results) {
  std::string out = "id,value,probability\n";
  for (const QuantityFigure& q : results.quantities)
    for (size_t i = 0; i < q.values.size(); ++i)
      out += CsvField(q.id) + "," + FormatNumber(q.values[i]) + "," +
             FormatNumber(q.exceedance[i]) + "\n";
  return out;
}

std::string QuantityTimelineCsv(const Results& results) {
  std::string out = "step,id,mean,ci95_low,ci95_high\n";
  if (results.quantities.empty()) return out;
  const size_t steps = results.quantities[0].mean_by_step.size();
  for (size_t t = 0; t < steps; ++t)
    for (const QuantityFigure& q : results.quantities)
      out += std::to_string(t + 1) + "," + CsvField(q.id) + "," + FormatNumber(q.mean_by_step[t]) +
             "," + FormatNumber(q.ci_low_by_step[t]) + "," + FormatNumber(q.ci_high_by_step[t]) +
             "\n";
  return out;
}

}  // namespace brink
