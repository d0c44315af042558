// brink sensitivity (brink/command.h): the tornado, event importance, rank correlations over
// the draws and, with sobol, the Sobol indices of one target figure.
#include <algorithm>
#include <chrono>
#include <memory>

#include "brink/command.h"
#include "brink/output_folder.h"
#include "brink/report.h"
#include "brink/sensitivity.h"
#include "brink/sobol.h"
#include "command/record.h"

namespace brink {

SensitivityCommandOutcome Execute(const SensitivityCommand& command) {
  Check(command);
  auto start = std::chrono::steady_clock::now();
  SensitivityCommandOutcome outcome;
  SettingTexts texts = command.sets;
  std::vector<std::string> structure;
  outcome.model = LoadForCommand(command.model, command.context, &texts, &structure);
  const Model& model = outcome.model;
  RunRequest request = BaseRequest(command);
  const Engine engine = command.engine;
  request.engine = engine;
  const Target target = ParseTarget(model, command.target.value_or(""));
  outcome.target = target;
  const double swing = command.swing;
  RefuseQuantities(model, "brink sensitivity");
  const Settings sets = ParseSettings(model, texts, "set");
  const std::string out = OutputPath(command.model, command.output);
  const std::unique_ptr<OutputFolder> folder = OpenOutput(command.context, command.output, out);

  ParameterSetting setting = SettleParameters(model, sets);
  RunOutcome draws;
  {
    // Progress over every run: the tornado's, the importance runs, then the draws (which
    // count as many runs as they have draws).
    size_t named = 0;
    for (const Parameter& p : model.parameters)
      if (p.named && std::none_of(sets.begin(), sets.end(),
                                  [&](const auto& set) { return set.first == p.name; }))
        ++named;
    const int draw_count = setting.sampled.empty() ? 0
                           : request.draws > 0     ? request.draws
                                                   : kDefaultDraws;
    const double sobol_runs =
        command.sobol ? static_cast<double>(command.sobol_samples) * (setting.sampled.size() + 2)
                      : 0;
    const double total = static_cast<double>(2 * named + (named > 0) + 1 +
                                             2 * model.events.size() + draw_count) + sobol_runs;
    double runs = 0;
    const std::function<void(double)>& show = command.context.progress;
    auto run_done = [&] {
      runs += 1;
      if (show) show(runs / total);
    };
    outcome.bars = Tornado(model, target, swing, sets, request, run_done);
    outcome.importance = Importance(model, target, sets, request, run_done);
    RunRequest with_draws = request;
    if (show) with_draws.progress = [&](double f) { show((runs + f * draw_count) / total); };
    if (!setting.sampled.empty() && !target.now) {
      draws = RunModel(model, setting, with_draws);
      outcome.ranks = TargetRankCorrelations(draws, target.row);
    } else if (!setting.sampled.empty()) {
      // A now target: Results::per_draw holds the figures' probabilities only, so each draw
      // runs alone, all on the same trials (draw 0's random numbers, as the tornado's runs).
      const std::vector<std::vector<double>> values = PlanDraws(model, setting, request, &draws);
      std::vector<double> y;
      for (int d = 0; d < draws.draws; ++d) {
        RunRequest one = PlainRequest(request);
        one.draws = 1;
        one.progress = nullptr;
        ParameterSetting at;
        at.base = values[static_cast<size_t>(d)];
        y.push_back(TargetValue(RunModel(model, at, one).results, target));
        if (show) show((runs + static_cast<double>(d + 1)) / total);
      }
      outcome.ranks = RankCorrelations(draws, y);
    }
    runs += draw_count;
    if (command.sobol) {
      SobolOptions sobol_options;
      sobol_options.samples = command.sobol_samples;
      if (show) sobol_options.progress = [&](double f) { show((runs + f * sobol_runs) / total); };
      outcome.sobol = SobolIndices(model, target, sets, request, sobol_options);
    }
  }
  outcome.sobol_samples = command.sobol_samples;
  RunInfo& info = outcome.record.info;
  info = RecordInfo(CommandKind::kSensitivity, command.context, engine, structure, sets,
                    model, setting, request);
  info.trials = request.trials;
  info.draws = setting.sampled.empty() ? 1 : draws.draws;
  if (!setting.sampled.empty())
    info.sampling = draws.draws == 1 ? "medians" : SamplingName(request.sampling);
  info.sampled = draws.sampled_names;
  info.target = TargetText(model, target);
  info.swing = swing;
  folder->Add("tornado.csv", TornadoCsv(outcome.bars));
  folder->Add("importance.csv", ImportanceCsv(outcome.importance));
  // Rank correlations need 3 draws or more; otherwise no file.
  if (!outcome.ranks.empty()) {
    folder->Add("rank_correlation.csv", RankCorrelationCsv(outcome.ranks));
  }
  if (command.sobol) {
    folder->Add("sobol.csv", SobolCsv(outcome.sobol));
  }
  info.wall_seconds = SecondsSince(start);
  outcome.record.out = out;
  CommitRecord(command.context, command.model, command.output, model, &info, folder.get(), out);
  return outcome;
}

}  // namespace brink
