// brink run and brink exact (brink/command.h).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <string_view>

#include "brink/command.h"
#include "brink/error.h"
#include "brink/given.h"
#include "brink/history.h"
#include "brink/output_folder.h"
#include "brink/rare.h"
#include "brink/report.h"
#include "brink/run.h"
#include "command/check.h"
#include "command/record.h"
#include "run/exact_run.h"
#include "brink/history_run.h"

namespace brink {
namespace {

// Three significant digits: "0.00139".
std::string Significant(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", x);
  return text;
}

// Refuses, before running, a run whose files would not fit where they go.
void CheckOutputSpace(const Model& model, const ParameterSetting& setting,
                      const RunSettings& request, const OutputFolder& folder) {
  const int draws = request.draws > 0 ? request.draws : setting.sampled.empty() ? 1 : kDefaultDraws;
  folder.CheckSpace(RunOutputBytes(model, draws, static_cast<int>(setting.sampled.size())),
                    std::to_string(draws) + " draws × " +
                        std::to_string(model.events.size() + model.num_levels()) +
                        " figures × " + std::to_string(model.horizon) + " steps");
}

// `given`, refused at once when it can never hold (rather than after every trial).
Condition ParseGivenForRun(const Model& model, const std::string& text) {
  Condition given = ParseGiven(model, text);
  if (!Satisfiable(given))
    throw UsageError("{given} '" + text + "' can never hold, whatever happens (every figure "
                     "would be conditional on an impossible event)");
  return given;
}

// What the commands share once the model is loaded.
struct Prepared {
  Model model;
  SettingTexts sets;                  // the parameter settings (structural ones applied)
  std::vector<std::string> structure;
  std::vector<std::pair<std::string, double>> pins;
  ParameterSetting setting;
  RunRequest request;
  std::string out;
  std::optional<History> history;
  // The engine that runs it: the command's.
  Engine engine = Engine::kFast;
};

Prepared Prepare(const RunCommand& command) {
  Prepared p;
  p.sets = command.sets;
  p.model = LoadForCommand(command.model, command.context, &p.sets, &p.structure);
  p.engine = command.engine;
  p.pins = ParseSettings(p.model, p.sets, "set");
  p.setting = SettleParameters(p.model, p.pins);
  p.request = BaseRequest(command);
  p.request.engine = p.engine;
  p.out = OutputPath(command.model, command.output);
  if (command.history) {
    // Read against the model as it runs (a --set horizon= reaches further).
    std::string shown;
    const std::string text =
        ReadModelForCommand(command.context, *command.history, &shown, "history");
    p.history = LoadHistoryFromString(p.model, text, shown);
  }
  return p;
}

RunInfo Info(CommandKind kind, const RunCommand& command, const Prepared& p,
             const RunOutcome& outcome) {
  RunInfo info = RecordInfo(kind, command.context, p.engine, p.structure, p.pins, p.model,
                            p.setting, p.request);
  RecordOutcome(outcome, p.request.sampling, &info);
  return info;
}

// The four files of a run (and, given a history, what it learned), then model.yaml and
// run.json.
void WriteRun(const RunCommand& command, RunCommandOutcome& outcome, OutputFolder* folder,
              const History* given = nullptr) {
  std::optional<OutputFolder::Writer> file;
  std::string name;
  WriteRunFiles(outcome.run, [&](const std::string& next, std::string_view piece) {
    if (next != name) {
      if (file) file->Close();
      file.emplace(folder->Open(next));
      name = next;
    }
    file->Append(piece);
  });
  if (file) file->Close();
  if (given != nullptr) folder->Add("history.yaml", given->source);
  CommitRecord(command.context, command.model, command.output, outcome.model,
               &outcome.record.info, folder, outcome.record.out);
}

// run or exact with a history (brink/history_run.h, the history study): what the history taught, the figures given
// it, and the scores of the figures before it.
RunCommandOutcome RunWithHistory(CommandKind kind, const RunCommand& command, Prepared p) {
  const History& history = *p.history;
  const bool exact = command.engine == Engine::kExact;
  HistoryRequest request;
  static_cast<RunSettings&>(request) = p.request;
  const bool learns = !p.setting.sampled.empty() && request.draws != 1;
  request.trials = command.trials.value_or(learns ? kDefaultHistoryTrials : kDefaultTrials);
  request.before_trials = command.trials.value_or(kDefaultTrials);
  request.history = &history;
  if (exact) request.engine = Engine::kExact;
  request.max_states = command.max_states;
  const std::unique_ptr<OutputFolder> folder = OpenOutput(
      command.context, command.output, p.out, [&](const OutputFolder& f) {
        RunSettings sized = request;
        if (sized.draws == 0) sized.draws = learns ? kPosteriorDraws : 1;
        CheckOutputSpace(p.model, p.setting, sized, f);
      });
  auto start = std::chrono::steady_clock::now();
  request.progress = command.context.progress;
  RunCommandOutcome outcome;
  outcome.run = RunGivenHistory(p.model, p.setting, request);
  const HistoryOutcome& h = *outcome.run.history;
  RunInfo& info = outcome.record.info;
  info = Info(kind, command, p, outcome.run);
  if (exact) {
    info.engine = Method::kExact;
    info.kernel.clear();
    info.seed = p.setting.sampled.empty() ? 0 : request.seed;
  }
  if (outcome.run.draws > 1) info.sampling = "posterior";
  info.trials = outcome.run.trials;
  info.history = history.path;
  info.history_sha256 = history.sha256;
  info.history_as_of = history.as_of;
  info.log_evidence = h.log_evidence;
  info.log_evidence_se = h.log_evidence_se;
  info.effective_draws = h.effective_draws;
  info.history_method = h.method;
  info.history_stages = h.stages;
  info.history_evaluations = h.evaluations;
  info.history_acceptance = h.acceptance;
  info.history_trials = h.trials;
  info.history_log_likelihood_se = h.log_likelihood_sd;
  info.before_draws = h.before_draws;
  info.before_trials = exact ? 0 : request.before_trials;
  info.before_seconds = h.before_seconds;
  info.posterior_seconds = h.posterior_seconds;
  info.given_seconds = h.given_seconds;
  info.wall_seconds = SecondsSince(start);
  for (const std::string& warning : h.warnings) {
    outcome.record.warnings.push_back(warning);
    if (command.context.warn) command.context.warn(warning);
  }
  outcome.model = std::move(p.model);
  outcome.record.out = p.out;
  WriteRun(command, outcome, folder.get(), &history);
  return outcome;
}

RunCommandOutcome RunExactly(const RunCommand& command) {
  Prepared p = Prepare(command);
  RefuseQuantities(p.model, "brink exact");
  if (p.history) return RunWithHistory(CommandKind::kExact, command, std::move(p));
  const std::unique_ptr<OutputFolder> folder = OpenOutput(
      command.context, command.output, p.out,
      [&](const OutputFolder& f) { CheckOutputSpace(p.model, p.setting, p.request, f); });
  ExactOptions exact;
  exact.max_states = command.max_states;
  Condition given;
  if (command.given) {
    given = ParseGivenForRun(p.model, *command.given);
    p.request.given = &given;
  }
  auto start = std::chrono::steady_clock::now();
  p.request.progress = command.context.progress;
  ExactRunOutcome solved = RunModelExactly(p.model, p.setting, p.request, exact);
  RunCommandOutcome outcome;
  RunInfo& info = outcome.record.info;
  info = Info(CommandKind::kExact, command, p, solved.run);
  info.engine = Method::kExact;
  info.seed = solved.run.sampled_names.empty() ? 0 : p.request.seed;  // seeds only the draws
  info.threads = std::min(p.request.threads, solved.run.draws);  // one draw per thread
  info.states = solved.peak_states;
  info.wall_seconds = SecondsSince(start);
  outcome.model = std::move(p.model);
  outcome.run = std::move(solved.run);
  outcome.record.out = p.out;
  WriteRun(command, outcome, folder.get());
  return outcome;
}

// run with rare (brink/rare.h, docs/rare-events.md): importance sampling of the target to a
// relative precision, the uncertain values at their medians.
RunCommandOutcome RunRare(const RunCommand& command, Prepared p) {
  RareRequest rare;
  rare.seed = p.request.seed;
  rare.threads = p.request.threads;
  const Target target = ParseTarget(p.model, command.target.value_or(""));
  rare.target = target.row;
  rare.now = target.now;
  if (command.precision) rare.precision = command.precision->half_width;
  rare.max_trials = command.max_trials;
  p.request.draws = 1;
  const std::unique_ptr<OutputFolder> folder = OpenOutput(
      command.context, command.output, p.out,
      [&](const OutputFolder& f) { CheckOutputSpace(p.model, p.setting, p.request, f); });
  auto start = std::chrono::steady_clock::now();
  RunOutcome run;
  PlanDraws(p.model, p.setting, p.request, &run);
  rare.progress = command.context.progress;
  const RareOutcome estimate = EstimateRare(p.model, p.setting.base, rare);  // at the medians
  run.results = estimate.results;
  run.trials = estimate.trials;
  run.precision_reached = estimate.precision_reached;
  RunCommandOutcome outcome;
  RunInfo& info = outcome.record.info;
  info = Info(CommandKind::kRun, command, p, run);
  info.engine = Method::kRare;
  info.kernel.clear();
  info.wall_seconds = SecondsSince(start);
  const Figure& figure = estimate.results.figures[rare.target];
  // The target's estimate: the figure, or its NowFigure (active at the horizon).
  struct {
    double probability, ci_low, ci_high, half_width;
  } f = {figure.probability, figure.ci_low, figure.ci_high, HalfWidth(figure)};
  if (rare.now)
    f = {figure.now.probability, figure.now.ci_low, figure.now.ci_high, HalfWidth(figure.now)};
  info.precision_target = command.target ? *command.target : "level:" + figure.id;
  info.precision = rare.precision;
  info.precision_relative = true;
  info.precision_half_width = f.half_width;
  info.precision_reached = estimate.precision_reached;
  info.rare = true;
  info.rare_pilot_trials = estimate.pilot_trials;
  info.rare_rounds = estimate.rounds;
  info.rare_effective_sample_size = estimate.effective_sample_size;
  info.rare_plain_trials = estimate.plain_trials;
  info.rare_speedup = estimate.speedup;
  char text[512];
  std::snprintf(text, sizeof text,
                "Importance sampling (cross-entropy tilts, %d rounds of %llu pilot trials): %s = "
                "%s, 95%% interval %s – %s (±%s of the estimate) from %llu trials, effective "
                "sample size %.0f. Plain Monte Carlo would need about %.3g trials for this "
                "interval: %.3g times the %llu used here, pilot included.\n",
                estimate.rounds, static_cast<unsigned long long>(rare.pilot_trials),
                info.precision_target.c_str(), Significant(f.probability).c_str(),
                Significant(f.ci_low).c_str(), Significant(f.ci_high).c_str(),
                FormatPercent(f.probability > 0 ? f.half_width / f.probability : 0).c_str(),
                static_cast<unsigned long long>(estimate.trials), estimate.effective_sample_size,
                estimate.plain_trials, estimate.speedup,
                static_cast<unsigned long long>(estimate.pilot_trials + estimate.trials));
  outcome.record.note = text;
  if (!estimate.precision_reached) {
    outcome.record.note += "Warning: precision NOT reached; raise {max_trials} (now " +
                           std::to_string(rare.max_trials) + ").\n";
    outcome.record.warnings.push_back("{rare}: precision not reached in " +
                                      std::to_string(rare.max_trials) + " trials");
    if (command.context.warn) command.context.warn(outcome.record.warnings.back());
  }
  outcome.model = std::move(p.model);
  outcome.run = std::move(run);
  outcome.record.out = p.out;
  WriteRun(command, outcome, folder.get());
  return outcome;
}

}  // namespace

RunCommandOutcome Execute(const RunCommand& command) {
  Check(command);
  if (command.engine == Engine::kExact) return RunExactly(command);
  Prepared p = Prepare(command);
  if (p.history) RefuseQuantities(p.model, "a run with a history");
  if (p.history) return RunWithHistory(CommandKind::kRun, command, std::move(p));
  // The target is checked even when unused.
  const Target target = command.target ? ParseTarget(p.model, *command.target) : Target();
  if (command.rare) RefuseQuantities(p.model, "a run with --rare");
  if (command.rare) return RunRare(command, std::move(p));
  Condition given;
  if (command.given) {
    given = ParseGivenForRun(p.model, *command.given);
    p.request.given = &given;
  }
  if (command.precision)
    SetPrecision(command.precision, command.max_trials,
                 target.row >= 0 ? target : ParseTarget(p.model, ""), &p.request);
  const std::unique_ptr<OutputFolder> folder = OpenOutput(
      command.context, command.output, p.out,
      [&](const OutputFolder& f) { CheckOutputSpace(p.model, p.setting, p.request, f); });
  auto start = std::chrono::steady_clock::now();
  p.request.progress = command.context.progress;
  RunCommandOutcome outcome;
  outcome.run = RunModel(p.model, p.setting, p.request);
  RunInfo& info = outcome.record.info;
  info = Info(CommandKind::kRun, command, p, outcome.run);
  info.wall_seconds = SecondsSince(start);
  if (const PrecisionGoal* goal = p.request.precision()) {
    const Figure& f = outcome.run.results.figures[goal->target];
    info.precision_target = command.target ? *command.target : "level:" + f.id;
    info.precision = goal->precision;
    info.precision_relative = goal->relative;
    info.precision_half_width = goal->now ? HalfWidth(f.now) : HalfWidth(f);
    info.precision_reached = outcome.run.precision_reached;
    // The half-width as the analyst asked for it: absolute, or relative to the estimate.
    char text[512];
    const double estimate = goal->now ? f.now.probability : f.probability;
    const double relative = estimate > 0 ? info.precision_half_width / estimate : 0;
    const std::string asked = goal->relative ? FormatPercent(goal->precision) + " of the estimate"
                                             : FormatNumber(goal->precision);
    std::snprintf(text, sizeof text,
                  "the 95%% interval of %s has half-width %s (%s of the estimate) after %llu "
                  "trials",
                  info.precision_target.c_str(), Significant(info.precision_half_width).c_str(),
                  FormatPercent(relative).c_str(),
                  static_cast<unsigned long long>(outcome.run.trials));
    if (outcome.run.precision_reached) {
      outcome.record.note = "Precision reached: " + std::string(text) + "; asked " + asked + ".\n";
    } else {
      outcome.record.note = "Warning: precision NOT reached: " + std::string(text) + "; asked " +
                            asked + ". Raise {max_trials} (now " +
                            std::to_string(goal->max_trials) + ").\n";
      outcome.record.warnings.push_back("precision not reached: " + std::string(text) +
                                        "; asked " + asked);
      if (command.context.warn) command.context.warn(outcome.record.warnings.back());
    }
  }
  outcome.model = std::move(p.model);
  outcome.record.out = p.out;
  WriteRun(command, outcome, folder.get());
  return outcome;
}

RunCommandOutcome Execute(const ExactCommand& exact) {
  Check(exact);
  RunCommand command;
  command.model = exact.model;
  command.sets = exact.sets;
  command.given = exact.given;
  command.history = exact.history;
  command.max_states = exact.max_states;
  command.draws = exact.draws;
  command.sampling = exact.sampling;
  command.seed = exact.seed;
  command.threads = exact.threads;
  command.max_memory = exact.max_memory;
  command.output = exact.output;
  command.context = exact.context;
  command.engine = Engine::kExact;
  return RunExactly(command);
}

}  // namespace brink
