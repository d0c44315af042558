// The files of a run given a history: posterior.csv, correlations.csv and scores.csv
// (brink/report.h).
#include <cmath>
#include <string>

#include "brink/format.h"
#include "brink/report.h"

namespace brink {

std::string PosteriorCsv(const std::vector<PosteriorParameter>& parameters) {
  std::string out =
      "parameter,prior_mean,prior_sd,posterior_mean,posterior_sd,posterior_p05,posterior_p50,"
      "posterior_p95,mc_se\n";
  for (const PosteriorParameter& p : parameters)
    out += CsvField(p.name) + "," + FormatNumber(p.prior_mean) + "," + FormatNumber(p.prior_sd) +
           "," + FormatNumber(p.posterior_mean) + "," + FormatNumber(p.posterior_sd) + "," +
           FormatNumber(p.p05) + "," + FormatNumber(p.p50) + "," + FormatNumber(p.p95) + "," +
           FormatNumber(p.mc_se) + "\n";
  return out;
}

std::string CorrelationsCsv(const std::vector<PosteriorCorrelation>& correlations) {
  std::string out = "parameter_a,parameter_b,prior,posterior\n";
  for (const PosteriorCorrelation& c : correlations)
    out += CsvField(c.a) + "," + CsvField(c.b) + "," + FormatNumber(c.prior) + "," +
           FormatNumber(c.posterior) + "\n";
  return out;
}

std::string ScoresCsv(const HistoryOutcome& history) {
  std::string out = "kind,id,label,as_of,forecast,outcome,brier,log_score\n";
  const std::string as_of = std::to_string(history.as_of);
  double brier = 0;
  for (const Score& s : history.scores) {
    out += std::string(NameOf(s.kind)) + "," + CsvField(s.id) + "," + CsvField(s.label) + "," +
           as_of + "," + FormatNumber(s.forecast) + "," + std::to_string(s.outcome) + "," +
           FormatNumber(s.brier) + "," + FormatNumber(s.log_score) + "\n";
    brier += s.brier;
  }
  const double mean = history.scores.empty() ? 0 : brier / history.scores.size();
  out += "total,history,the whole timed history (log evidence)," + as_of + "," +
         FormatNumber(std::exp(history.log_evidence)) + ",1," + FormatNumber(mean) + "," +
         FormatNumber(history.log_evidence) + "\n";
  return out;
}

}  // namespace brink
