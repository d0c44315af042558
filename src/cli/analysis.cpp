// `brink sweep` and `brink sensitivity`.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "brink/error.h"
#include "brink/load.h"
#include "brink/output_folder.h"
#include "brink/report.h"
#include "brink/run.h"
#include "brink/sensitivity.h"
#include "brink/sweep.h"
#include "cli/commands.h"
#include "cli/flags.h"

namespace brink {
namespace {

// The most sweep points the terminal table shows (sweep.csv has them all).
constexpr size_t kTableRows = 1000;

std::string Percent(double p) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f%%", 100 * p);
  return buffer;
}

// "level >= K NAME" or "event ID".
std::string TargetName(const Model& model, int target) {
  const int events = static_cast<int>(model.events.size());
  if (target < events) return "event " + model.events[target].id;
  const int k = target - events + 1;
  return "level >= " + std::to_string(k) + " (" + model.levels[k] + ")";
}

// The common flags of both commands.
void AddCommonOptions(CLI::App* command, CommandOptions* options, const std::string& outputs) {
  command->add_option("MODEL", options->model_path, "The model file (YAML)")->required();
  command->add_option("-n,--trials", options->trials, "Trials per run (e.g. 1e5)")
      ->capture_default_str();
  command->add_option("--seed", options->seed, "Seed, shared by every run (common random numbers)")
      ->capture_default_str();
  command->add_option("-j,--threads", options->threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  command->add_option("-o,--out", options->out_dir, "Folder for " + outputs)->capture_default_str();
  command->add_option("--set", options->sets,
                      "Set a named parameter to a point value in every run (repeatable)");
  command->add_option("--engine", options->engine,
                      "fast, reference or exact (exact figures for small models; --trials unused)")
      ->check(CLI::IsMember({"fast", "reference", "exact"}))
      ->capture_default_str();
  command->add_option("--max-states", options->max_states, "The exact engine's bound")
      ->capture_default_str();
  AddSimdOption(command, options);
  command->add_flag("-q,--quiet", options->quiet, "Print nothing; only write the files");
}

}  // namespace

void AddSweepCommand(CLI::App* app, CommandOptions* options) {
  CLI::App* sweep = app->add_subcommand(
      "sweep", "Run a model over a grid of parameter values (common random numbers)");
  AddCommonOptions(sweep, options, "sweep.csv");
  sweep->add_option("--vary", options->varies,
                    "NAME=lo:hi:step or NAME=a,b,c (percents allowed); several make a grid")
      ->required();
  AddSamplingOptions(sweep, options);
  AddPrecisionOptions(sweep, options);
  sweep->footer(
      "Example:\n"
      "  brink sweep models/russia_dprk_treaty.yaml --vary invoke_if_attacked=20%:90%:10%");
}

void AddSensitivityCommand(CLI::App* app, CommandOptions* options) {
  CLI::App* sensitivity = app->add_subcommand(
      "sensitivity", "Which parameters and events matter most for one target figure");
  // --set pins parameters in every run (and leaves them out of the tornado).
  AddCommonOptions(sensitivity, options,
                   "tornado.csv, importance.csv and rank_correlation.csv");
  sensitivity->add_option("--target", options->target,
                          "level:K or an event id (default: the top level)");
  sensitivity->add_option("--swing", options->swing,
                          "Relative swing of point parameters in the tornado, e.g. 50% or 0.25")
      ->capture_default_str();
  AddSamplingOptions(sensitivity, options);
  sensitivity->footer(
      "Example:\n"
      "  brink sensitivity models/russia_dprk_treaty.yaml --target level:4");
}

int Sweep(const CommandOptions& options) {
  Model model = LoadModel(options.model_path);
  std::vector<SweepAxis> axes;
  for (const std::string& vary : options.varies) axes.push_back(ParseVary(model, vary));
  RunRequest request;
  FillRequest(options, &request);
  request.trials = ParseTrials(options.trials);
  const int target = FindTarget(model, options.target);
  request.target = target;
  OutputFolder folder(options.out_dir);
  const std::vector<std::pair<std::string, double>> sets = ParseSets(options.sets);
  const size_t total = SweepPoints(axes);
  const bool draws = SweepDraws(model, axes, sets, request) > 1;
  folder.CheckSpace(SweepCsvBytes(model, axes, total, draws),
                    std::to_string(total) + " points × " +
                        std::to_string(model.events.size() + model.levels.size()) + " figures");
  // sweep.csv is written point by point as the points finish; the table needs only the
  // target's figure of each point.
  struct Row {
    std::vector<double> values;
    double probability, low, high;
  };
  std::vector<Row> rows;
  {
    OutputFolder::Writer csv = folder.Open("sweep.csv");
    csv.Append(SweepCsvHeader(axes, draws));
    Progress progress(!options.quiet);
    request.progress = progress.Callback();
    RunSweep(model, axes, sets, request, [&](size_t i, SweepPoint point) {
      csv.Append(SweepCsvRows(i, point, draws));
      const Figure& f = point.outcome.results.figures[target];
      if (!options.quiet && rows.size() < kTableRows)
        rows.push_back({std::move(point.values), f.probability, f.ci_low, f.ci_high});
    });
    csv.Close();
  }
  folder.Commit();
  if (options.quiet) return 0;
  std::cout << model.scenario << ": " << TargetName(model, target) << ", by "
            << model.step_label << " " << model.horizon << "\n";
  std::vector<int> width;
  for (const SweepAxis& axis : axes) {
    width.push_back(std::max<int>(8, static_cast<int>(axis.name.size())));
    std::printf("%*s ", width.back(), axis.name.c_str());
  }
  std::printf("%9s   95%% interval\n", "chance");
  for (const Row& row : rows) {
    for (size_t a = 0; a < row.values.size(); ++a)
      std::printf("%*s ", width[a], Percent(row.values[a]).c_str());
    std::printf("%9s   %s – %s\n", Percent(row.probability).c_str(), Percent(row.low).c_str(),
                Percent(row.high).c_str());
  }
  if (total > rows.size())
    std::cout << "(the first " << rows.size() << " of " << total << " points; all are in sweep.csv)\n";
  std::cout << "\nWrote sweep.csv (" << total << " points, every figure) to "
            << options.out_dir << "/\n";
  return 0;
}

int Sensitivity(const CommandOptions& options) {
  Model model = LoadModel(options.model_path);
  RunRequest request;
  FillRequest(options, &request);
  request.trials = ParseTrials(options.trials);
  const int target = FindTarget(model, options.target);
  double swing = 0;
  if (!ParsePointProbability(options.swing, &swing))
    throw UsageError("--swing takes a relative swing in [0, 1] such as 50% or 0.25, not '" +
                     options.swing + "'");
  const Settings sets = ParseSets(options.sets);
  OutputFolder folder(options.out_dir);

  std::vector<TornadoBar> bars;
  std::vector<EventImportance> importance;
  RunOutcome draws;
  bars = Tornado(model, target, swing, sets, request);
  importance = Importance(model, target, sets, request);
  ParameterSetting setting = SettleParameters(model, sets);
  if (!setting.sampled.empty()) draws = RunModel(model, setting, request);
  folder.Add("tornado.csv", TornadoCsv(bars));
  folder.Add("importance.csv", ImportanceCsv(importance));
  // Rank correlations need 3 draws or more; otherwise no file.
  std::vector<RankCorrelation> ranks = TargetRankCorrelations(draws, target);
  if (!ranks.empty()) folder.Add("rank_correlation.csv", RankCorrelationCsv(ranks));
  folder.Commit();
  if (options.quiet) return 0;

  std::cout << model.scenario << "\nTarget: " << TargetName(model, target) << " = "
            << Percent(importance[0].p_target)
            << " with every parameter at its point value or median\n\nTornado (swing of the "
               "target, largest first):\n";
  for (size_t i = 0; i < bars.size() && i < 10; ++i)
    std::printf("  %-28s %8s .. %-8s -> %8s .. %-8s (swing %s)\n", bars[i].parameter.c_str(),
                Percent(bars[i].low).c_str(), Percent(bars[i].high).c_str(),
                Percent(bars[i].target_at_low).c_str(), Percent(bars[i].target_at_high).c_str(),
                Percent(bars[i].swing).c_str());
  std::cout << "\nEvent importance (Birnbaum = P(target | certain) - P(target | impossible)):\n";
  std::vector<EventImportance> sorted = importance;
  std::stable_sort(sorted.begin(), sorted.end(), [](const EventImportance& a,
                                                    const EventImportance& b) {
    return a.birnbaum > b.birnbaum;
  });
  for (size_t i = 0; i < sorted.size() && i < 10; ++i)
    std::printf("  %-28s certain %8s   impossible %8s   Birnbaum %s\n", sorted[i].event.c_str(),
                Percent(sorted[i].p_if_certain).c_str(),
                Percent(sorted[i].p_if_impossible).c_str(), Percent(sorted[i].birnbaum).c_str());
  if (!ranks.empty()) {
    std::cout << "\nRank correlation with the target over " << draws.draws << " draws:\n";
    for (const RankCorrelation& r : ranks)
      std::printf("  %-28s %+.3f\n", r.parameter.c_str(), r.rho);
  }
  std::cout << "\nWrote tornado.csv, importance.csv"
            << (ranks.empty() ? "" : ", rank_correlation.csv") << " to " << options.out_dir
            << "/\n";
  return 0;
}

}  // namespace brink
