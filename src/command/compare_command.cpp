// brink compare (brink/command.h): two arms on the same trials.
#include <chrono>
#include <memory>
#include <optional>

#include "brink/command.h"
#include "brink/compare.h"
#include "brink/history.h"
#include "brink/load.h"
#include "brink/output_folder.h"
#include "brink/report.h"
#include "command/record.h"

namespace brink {

CompareCommandOutcome Execute(const CompareCommand& command) {
  Check(command);
  auto start = std::chrono::steady_clock::now();
  CompareCommandOutcome outcome;
  SettingTexts texts = command.sets;
  std::vector<std::string> structure;
  outcome.model = LoadForCommand(command.model, command.context, &texts, &structure);
  const Model& model_a = outcome.model;
  Model model_b;
  if (command.b_model) {
    std::string shown;
    const std::string text = ReadModelForCommand(command.context, *command.b_model, &shown);
    model_b = LoadModelFromString(text, shown);
  }
  HistoryRequest request;  // the settings of both kinds of comparison, and the history's
  static_cast<RunSettings&>(request) = BaseRequest(command);
  const Engine engine = command.engine;
  request.engine = engine;
  CompareArms arms;
  arms.model_a = &model_a;
  arms.model_b = command.b_model ? &model_b : &model_a;
  RefuseQuantities(model_a, "brink compare");
  RefuseQuantities(*arms.model_b, "brink compare");
  arms.sets = ParseSettings(model_a, texts, "set");
  arms.a = ParseSettings(model_a, command.a, "a");
  arms.b = ParseSettings(*arms.model_b, command.b, "b");
  // Names are checked here, so that an unknown one is refused before anything runs.
  for (const auto& [name, value] : arms.a) SettleParameters(model_a, {{name, value}});
  for (const auto& [name, value] : arms.b) SettleParameters(*arms.model_b, {{name, value}});
  std::optional<History> history_a, history_b;
  if (command.history) {
    std::string shown;
    const std::string text =
        ReadModelForCommand(command.context, *command.history, &shown, "history");
    history_a = LoadHistoryFromString(model_a, text, shown);
    history_b = LoadHistoryFromString(*arms.model_b, text, shown);
    // As brink run --history: few trials per likelihood estimate when a posterior is learned.
    Settings pins = arms.sets;
    pins.insert(pins.end(), arms.a.begin(), arms.a.end());
    const bool learns = !SettleParameters(model_a, pins).sampled.empty() && request.draws != 1;
    request.trials = command.trials.value_or(learns ? kDefaultHistoryTrials : kDefaultTrials);
    request.before_trials = command.trials.value_or(kDefaultTrials);
    request.max_states = command.max_states;
    request.history = &*history_a;
  }
  const std::string out = OutputPath(command.model, command.output);
  const std::unique_ptr<OutputFolder> folder = OpenOutput(command.context, command.output, out);
  request.progress = command.context.progress;
  outcome.compare = command.history ? CompareGivenHistory(arms, request, *history_b)
                                    : RunCompare(arms, request);
  RunInfo& info = outcome.record.info;
  info = RecordInfo(CommandKind::kCompare, command.context, engine, structure, arms.sets,
                    model_a, SettleParameters(model_a, arms.sets), request);
  info.trials = outcome.compare.trials;
  info.draws = outcome.compare.draws;
  info.sampled = outcome.compare.sampled_names;
  if (!outcome.compare.sampled_names.empty())
    info.sampling = outcome.compare.draws == 1 ? "medians" : SamplingName(request.sampling);
  info.pins_a = arms.a;
  info.pins_b = arms.b;
  if (command.history) {
    info.kernel = command.engine == Engine::kFast ? info.kernel : "";
    info.sampling = outcome.compare.draws > 1 ? "posterior" : info.sampling;
    info.history = history_a->path;
    info.history_sha256 = history_a->sha256;
    info.history_as_of = history_a->as_of;
    info.compare_history = true;
    info.evidence_a = outcome.compare.evidence_a;
    info.evidence_b = outcome.compare.evidence_b;
    info.bayes_factor = outcome.compare.bayes_factor;
    info.bayes_low = outcome.compare.bayes_low;
    info.bayes_high = outcome.compare.bayes_high;
  }
  if (command.b_model) {
    info.model_b = model_b.path;
    info.model_b_sha256 = model_b.sha256;
  }
  info.wall_seconds = SecondsSince(start);
  folder->Add("compare.csv", CompareCsv(outcome.compare));
  if (command.history) {
    folder->Add("evidence.csv",
                EvidenceCsv(outcome.compare, model_a.path, command.b_model ? model_b.path : model_a.path));
    folder->Add("history.yaml", history_a->source);
  }
  outcome.record.out = out;
  std::vector<std::pair<std::string, std::string>> models;
  if (command.b_model) models.emplace_back("model_b.yaml", model_b.source);
  CommitRecord(command.context, command.model, command.output, model_a, &info, folder.get(), out,
               models);
  return outcome;
}

}  // namespace brink
