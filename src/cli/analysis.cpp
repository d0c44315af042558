// `brink sweep` and `brink sensitivity` on the command line.
#include <iostream>

#include "brink/command.h"
#include "brink/error.h"
#include "brink/load.h"
#include "brink/report.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "report/json_output.h"

namespace brink {
namespace {

// The common flags of both commands.
void AddCommonOptions(CLI::App* command, Flags* flags, const std::string& outputs) {
  command->add_option("MODEL", flags->model_path, "The model file (YAML); - reads it from standard input")->required();
  command->add_option("-n,--trials", flags->trials, "Trials per run (e.g. 1e5)")
      ->capture_default_str();
  command->add_option("--seed", flags->seed, "Seed, shared by every run (common random numbers)")
      ->capture_default_str();
  AddWholeOption(command, "-j,--threads", &flags->threads, "Worker threads (default: all cores)",
                 1, 1024);
  command->add_option("-o,--out", flags->out_dir,
                      "Folder for " + outputs + ", replaced whole (default: a new folder "
                      "results/MODEL-YYYYMMDD-HHMMSS, linked from results/MODEL-latest)");
  command->add_option("--set", flags->sets,
                      "Set a named parameter to a point value in every run (repeatable)");
  AddChoiceOption(command, "--engine", &flags->engine,
                  {Engine::kFast, Engine::kReference, Engine::kExact},
                  "fast, reference or exact (exact figures for small models; --trials unused)");
  command->add_option("--max-states", flags->max_states, "The exact engine's bound")
      ->capture_default_str();
  AddSimdOption(command, flags);
  AddFormatOption(command, flags);
  AddReportOption(command, flags);
  command->add_flag("-q,--quiet", flags->quiet, "Print nothing; only write the files");
}

}  // namespace

void AddSweepCommand(CLI::App* app, Flags* flags) {
  CLI::App* sweep = app->add_subcommand(
      "sweep", "Run a model over a grid of parameter values (common random numbers)");
  AddCommonOptions(sweep, flags, "sweep.csv");
  sweep->add_option("--vary", flags->varies,
                    "NAME=lo:hi:step or NAME=a,b,c (percents allowed); several make a grid")
      ->required();
  sweep->add_option("--baseline", flags->sweep_baseline,
                    "Also give each point's difference from this point (a number from 0, as in "
                    "sweep.csv; alone: the first point), with the paired interval; each point "
                    "then runs beside the baseline on the same trials, at twice the cost")
      ->expected(0, 1);
  AddSamplingOptions(sweep, flags);
  AddPrecisionOptions(sweep, flags);
  sweep->footer(
      "Example:\n"
      "  brink sweep models/russia_dprk_treaty.yaml --vary invoke_if_attacked=20%:90%:10%");
}

void AddSensitivityCommand(CLI::App* app, Flags* flags) {
  CLI::App* sensitivity = app->add_subcommand(
      "sensitivity", "Which parameters and events matter most for one target figure");
  // --set pins parameters in every run (and leaves them out of the tornado).
  AddCommonOptions(sensitivity, flags,
                   "tornado.csv, importance.csv and rank_correlation.csv");
  sensitivity->add_option("--target", flags->target,
                          "level:K or an event id (default: the top level); for a model whose "
                          "events end also level_at:K or active:EVENT (at the horizon)");
  sensitivity->add_option("--swing", flags->swing,
                          "Relative swing of point parameters in the tornado, e.g. 50% or 0.25")
      ->capture_default_str();
  AddSamplingOptions(sensitivity, flags);
  sensitivity->add_flag("--sobol", flags->sobol,
                        "Also the Sobol indices (first order and total effect, with bootstrap "
                        "intervals) of every uncertain parameter: sobol.csv");
  AddWholeOption(sensitivity, "--sobol-samples", &flags->sobol_samples,
                 "Rows N of the Saltelli design: N x (parameters + 2) runs of --trials",
                 kMinSobolSamples, kMaxSobolSamples)
      ->capture_default_str();
  sensitivity->footer(
      "Example:\n"
      "  brink sensitivity models/russia_dprk_treaty.yaml --target level:4");
}


int Sweep(const CLI::App& command, const Flags& flags) {
  SweepCommand request;
  FillModelRun(command, flags, &request);
  request.vary = flags.varies;
  if (Given(command, "--baseline")) {
    request.baseline = 0;
    if (!flags.sweep_baseline.empty()) {
      const std::string& text = flags.sweep_baseline;
      if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos ||
          text.size() > 18)
        throw UsageError("--baseline takes a point number from 0 (sweep.csv's point column), "
                         "not '" + text + "'");
      request.baseline = std::stoull(text);
    }
  }
  if (Given(command, "--precision")) {
    request.precision = ParsePrecision(flags.precision);
    request.max_trials = ParseTrials(flags.max_trials, "--max-trials");
  }
  if (Given(command, "--target")) request.target = flags.target;
  request.keep_points = !flags.quiet && flags.format == OutputFormat::kJson;
  const SweepCommandOutcome outcome = ExecuteWithProgress(request, flags);
  if (flags.quiet) return 0;
  const RunInfo& info = outcome.record.info;
  switch (flags.format) {
    case OutputFormat::kJson:
      std::cout << JsonText(SweepDocument(outcome.model, info, outcome.axes, outcome.points,
                                          info.baseline_point >= 0, outcome.record.out));
      return 0;
    case OutputFormat::kTable:
      break;
  }
  PrintSweepTable(std::cout, outcome.model, outcome.target, outcome.axes, outcome.rows,
                  outcome.total, info.draws == 1 ? info.sampled : std::vector<std::string>());
  std::cout << "\nWrote sweep.csv (" << outcome.total
            << " points, every figure), model.yaml and run.json to " << outcome.record.out
            << "/\n";
  return 0;
}

int Sensitivity(const CLI::App& command, const Flags& flags) {
  SensitivityCommand request;
  FillModelRun(command, flags, &request);
  if (Given(command, "--target")) request.target = flags.target;
  if (!ParsePointProbability(flags.swing, &request.swing))
    throw UsageError("--swing takes a relative swing in [0, 1] such as 50% or 0.25, not '" +
                     flags.swing + "'");
  request.sobol = flags.sobol;
  request.sobol_samples = static_cast<int>(
      ParseWhole(flags.sobol_samples, kMinSobolSamples, kMaxSobolSamples, "--sobol-samples",
                 std::to_string(kMaxSobolSamples)));
  const SensitivityCommandOutcome outcome = ExecuteWithProgress(request, flags);
  if (flags.quiet) return 0;
  const RunInfo& info = outcome.record.info;
  switch (flags.format) {
    case OutputFormat::kJson:
      std::cout << JsonText(SensitivityDocument(outcome.model, info, outcome.bars,
                                                outcome.importance, outcome.ranks,
                                                request.sobol ? &outcome.sobol : nullptr,
                                                outcome.record.out));
      return 0;
    case OutputFormat::kTable:
      break;
  }
  PrintSensitivity(std::cout, outcome.model, outcome.target, outcome.bars, outcome.importance,
                   outcome.ranks, info.draws);
  if (request.sobol)
    PrintSobol(std::cout, outcome.model, outcome.target, outcome.sobol, outcome.sobol_samples);
  std::cout << "\nWrote tornado.csv, importance.csv"
            << (outcome.ranks.empty() ? "" : ", rank_correlation.csv")
            << (request.sobol ? ", sobol.csv" : "") << ", model.yaml and run.json to "
            << outcome.record.out << "/\n";
  return 0;
}

}  // namespace brink
