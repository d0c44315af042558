// The record and files of a plain run, built once for every front end: the command layer's
// `brink run` and `brink exact`, and the live report's engine (WebAssembly), which has no
// command layer (brink/report.h RunRecord, WriteRunFiles).
#include "brink/report.h"
#include "brink/version.h"

namespace brink {

RunInfo RunRecord(CommandKind command, Engine engine, const RunSettings& settings,
                  const Model& model, const ParameterSetting& setting,
                  const std::vector<std::pair<std::string, double>>& pins) {
  RunInfo info;
  info.version = kVersion;
  info.command = command;
  info.engine = MethodOf(engine);
  if (engine == Engine::kFast) info.kernel = KernelName(settings.simd);
  info.seed = settings.seed;
  info.threads = settings.threads;
  info.ranks = settings.cluster != nullptr ? settings.cluster->size() : 1;
  std::vector<bool> pinned(model.parameters.size(), false);
  for (const auto& [name, value] : pins) {
    const int p = model.FindParameter(name);
    if (p >= 0) pinned[p] = true;
  }
  for (size_t p = 0; p < model.parameters.size(); ++p) {
    const Parameter& parameter = model.parameters[p];
    ParameterRecord record;
    record.name = parameter.name;
    record.value = setting.base[p];
    record.how = pinned[p] ? ParameterRecord::How::kSet
                 : parameter.dist.IsUncertain() ? ParameterRecord::How::kMedian
                                                : ParameterRecord::How::kPoint;
    info.parameters.push_back(record);
  }
  return info;
}

void RecordOutcome(const RunOutcome& outcome, Sampling sampling, RunInfo* info) {
  info->trials = outcome.trials;
  info->draws = outcome.draws;
  info->sampling = outcome.sampled_names.empty() ? ""
                   : outcome.draws == 1           ? "medians"
                                                  : SamplingName(sampling);
  info->sampled = outcome.sampled_names;
  if (!outcome.results.given.text.empty()) {
    info->given = outcome.results.given.text;
    info->given_probability = outcome.results.given.probability;
    info->given_trials = outcome.results.counted;
  }
}

void WriteRunFiles(const RunOutcome& outcome, const FileSink& sink) {
  const Results& results = outcome.results;
  const std::optional<HistoryOutcome>& history = outcome.history;
  sink("summary.csv", SummaryCsv(results));
  sink("timeline.csv", TimelineCsv(results));
  WriteDrawsCsv(results, outcome.sampled_names, outcome.sampled_values,
                [&](std::string_view row) { sink("draws.csv", row); },
                history ? &history->log_likelihood : nullptr);
  sink("distribution.csv", DistributionCsv(results));
  if (results.two_way) sink("occurrences.csv", OccurrencesCsv(results));
  if (!results.quantities.empty()) {
    sink("quantities.csv", QuantitiesCsv(results));
    sink("exceedance.csv", ExceedanceCsv(results));
    sink("quantity_timeline.csv", QuantityTimelineCsv(results));
  }
  if (!history) return;
  if (!history->parameters.empty()) sink("posterior.csv", PosteriorCsv(history->parameters));
  if (!history->correlations.empty()) sink("correlations.csv", CorrelationsCsv(history->correlations));
  sink("scores.csv", ScoresCsv(*history));
  sink("prior_summary.csv", SummaryCsv(history->before));
}

}  // namespace brink
