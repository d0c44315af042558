#include "cli/commands.h"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <iostream>
#include <thread>

#include "bench/bench.h"
#include "engine/engine.h"
#include "brink/estimate.h"
#include "engine/exact.h"
#include "run/exact_run.h"
#include "brink/given.h"
#include "brink/load.h"
#include "brink/output_folder.h"
#include "brink/rare.h"
#include "bench/synthetic.h"
#include "plan/plan.h"
#include "brink/report.h"
#include "brink/run.h"
#include "brink/version.h"
#include "cli/flags.h"
#include "cli/json_output.h"
#include "cli/record.h"

namespace brink {
namespace {

void WriteOutputs(const CommandOptions& options, const Model& model, const RunOutcome& outcome,
                  RunInfo info, OutputFolder* folder, const std::string& out,
                  const std::string& note = "") {
  const Results& results = outcome.results;
  info.files = {"summary.csv", "timeline.csv", "draws.csv", "distribution.csv", "model.yaml"};
  folder->Add("summary.csv", SummaryCsv(results));
  folder->Add("timeline.csv", TimelineCsv(results));
  {
    OutputFolder::Writer draws = folder->Open("draws.csv");
    WriteDrawsCsv(results, outcome.sampled_names, outcome.sampled_values,
                  [&](std::string_view row) { draws.Append(row); });
    draws.Close();
  }
  folder->Add("distribution.csv", DistributionCsv(results));
  CommitRecord(options, model, info, folder, out);
  if (!options.quiet && options.format == "json") {
    Json document = JsonDocument(RunJson(model, info));
    document["figures"] = FiguresJson(results);
    if (!results.given.text.empty())
      document["given"] = {{"condition", results.given.text},
                           {"probability", Number(results.given.probability)},
                           {"std_error", Number(results.given.std_error)},
                           {"ci95_low", Number(results.given.ci_low)},
                           {"ci95_high", Number(results.given.ci_high)}};
    if (!note.empty()) document["note"] = note.substr(0, note.size() - 1);
    document["out"] = out;
    PrintJson(document);
  } else if (!options.quiet) {
    PrintTable(std::cout, model, results, info);
    if (!note.empty()) std::cout << "\n" << note;
    std::cout << "\nWrote summary.csv, timeline.csv, draws.csv, distribution.csv, model.yaml "
                 "and run.json to "
              << out << "/\n";
  }
}

// Three significant digits: "0.00139".
std::string Significant(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", x);
  return text;
}

// Refuses, before running, a run whose files would not fit where they go.
void CheckOutputSpace(const Model& model, const ParameterSetting& setting,
                      const RunRequest& request, const OutputFolder& folder) {
  const int draws = request.draws > 0 ? request.draws : setting.sampled.empty() ? 1 : 200;
  folder.CheckSpace(RunOutputBytes(model, draws, static_cast<int>(setting.sampled.size())),
                    std::to_string(draws) + " draws × " +
                        std::to_string(model.events.size() + model.num_levels()) +
                        " figures × " + std::to_string(model.horizon) + " steps");
}

// --given, refused at once when it can never hold (rather than after every trial).
Condition ParseGivenForRun(const Model& model, const std::string& text) {
  Condition given = ParseGiven(model, text);
  if (!Satisfiable(given))
    throw UsageError("--given '" + text + "' can never hold, whatever happens (every figure "
                     "would be conditional on an impossible event)");
  return given;
}

RunRequest Request(const CommandOptions& options) {
  RunRequest request;
  FillRequest(options, &request);
  return request;
}

RunInfo Info(const CommandOptions& options, const Model& model, const ParameterSetting& setting,
             const RunRequest& request, const RunOutcome& outcome) {
  RunInfo info = RecordInfo(options.engine == "exact" ? "exact" : "run", options, model, setting,
                            request);
  info.trials = outcome.trials;
  info.draws = outcome.draws;
  info.sampling = outcome.sampled_names.empty() ? ""
                  : outcome.draws == 1           ? "medians"
                                                 : SamplingName(request.sampling);
  info.sampled = outcome.sampled_names;
  if (!outcome.results.given.text.empty()) {
    info.given = outcome.results.given.text;
    info.given_probability = outcome.results.given.probability;
    info.given_trials = outcome.results.counted;
  }
  return info;
}

int RunExact(const CommandOptions& given_options) {
  CommandOptions options = given_options;
  Model model = LoadForCommand(&options);
  ParameterSetting setting = SettleParameters(model, ParseSets(options.sets));
  RunRequest request = Request(options);
  const std::string out = OutputPath(options);
  const std::unique_ptr<OutputFolder> folder = OpenOutput(
      options, out, [&](const OutputFolder& f) { CheckOutputSpace(model, setting, request, f); });
  ExactOptions exact;
  exact.max_states = ParseMaxStates(options.max_states);
  Condition given;
  if (options.has_given) {
    given = ParseGivenForRun(model, options.given);
    request.given = &given;
  }
  auto start = std::chrono::steady_clock::now();
  ExactRunOutcome outcome;
  {
    Progress progress(!options.quiet, options.progress_hook);
    request.progress = progress.Callback();
    outcome = RunModelExactly(model, setting, request, exact);
  }
  RunInfo info = Info(options, model, setting, request, outcome.run);
  info.engine = "exact";
  info.seed = outcome.run.sampled_names.empty() ? 0 : request.seed;  // seeds only the draws
  info.threads = std::min(request.threads, outcome.run.draws);  // one draw per thread
  info.states = outcome.peak_states;
  info.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  WriteOutputs(options, model, outcome.run, info, folder.get(), out);
  return 0;
}

// brink run --rare (brink/rare.h, docs/rare-events.md): importance sampling of the target to a
// relative precision, the uncertain values at their medians.
int RunRare(const CommandOptions& options, const Model& model, const ParameterSetting& setting,
            RunRequest request) {
  if (options.has_given) throw UsageError("--rare does not go with --given");
  if (options.engine != "fast")
    throw UsageError("--rare runs its own engine (importance sampling): drop --engine");
  if (request.draws > 1)
    throw UsageError("--rare estimates one draw, the uncertain values at their medians: drop "
                     "--draws, or pin values with --set");
  RareRequest rare;
  rare.seed = request.seed;
  rare.threads = request.threads;
  rare.target = FindTarget(model, options.target);
  if (!options.precision.empty()) {
    if (!request.precision_relative)
      throw UsageError("--rare aims at a relative precision: give --precision as a percent of "
                       "the estimate, e.g. 10%");
    rare.precision = request.precision;
  }
  rare.max_trials = request.max_trials;
  const std::string out = OutputPath(options);
  request.draws = 1;
  const std::unique_ptr<OutputFolder> folder = OpenOutput(
      options, out, [&](const OutputFolder& f) { CheckOutputSpace(model, setting, request, f); });
  auto start = std::chrono::steady_clock::now();
  RareOutcome outcome;
  RunOutcome run;
  PlanDraws(model, setting, request, &run);
  {
    Progress progress(!options.quiet, options.progress_hook);
    rare.progress = progress.Callback();
    outcome = EstimateRare(model, setting.base, rare);  // ranges at their medians
  }
  run.results = outcome.results;
  run.trials = outcome.trials;
  run.precision_reached = outcome.precision_reached;
  RunInfo info = Info(options, model, setting, request, run);
  info.engine = "rare";
  info.kernel.clear();
  info.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const Figure& f = outcome.results.figures[rare.target];
  info.precision_target = options.target.empty() ? "level:" + f.id : options.target;
  info.precision = rare.precision;
  info.precision_relative = true;
  info.precision_half_width = HalfWidth(f);
  info.precision_reached = outcome.precision_reached;
  info.rare = true;
  info.rare_pilot_trials = outcome.pilot_trials;
  info.rare_rounds = outcome.rounds;
  info.rare_effective_sample_size = outcome.effective_sample_size;
  info.rare_plain_trials = outcome.plain_trials;
  info.rare_speedup = outcome.speedup;
  char text[512];
  std::snprintf(text, sizeof text,
                "Importance sampling (cross-entropy tilts, %d rounds of %llu pilot trials): %s = "
                "%s, 95%% interval %s – %s (±%s of the estimate) from %llu trials, effective "
                "sample size %.0f. Plain Monte Carlo would need about %.3g trials for this "
                "interval: %.3g times the %llu used here, pilot included.\n",
                outcome.rounds, static_cast<unsigned long long>(rare.pilot_trials),
                info.precision_target.c_str(), Significant(f.probability).c_str(),
                Significant(f.ci_low).c_str(), Significant(f.ci_high).c_str(),
                FormatPercent(f.probability > 0 ? HalfWidth(f) / f.probability : 0).c_str(),
                static_cast<unsigned long long>(outcome.trials), outcome.effective_sample_size,
                outcome.plain_trials, outcome.speedup,
                static_cast<unsigned long long>(outcome.pilot_trials + outcome.trials));
  std::string note = text;
  if (!outcome.precision_reached) {
    note += "Warning: precision NOT reached; raise --max-trials (now " +
            std::to_string(rare.max_trials) + ").\n";
    std::cerr << "brink: warning: --rare: precision not reached in " << rare.max_trials
              << " trials\n";
  }
  WriteOutputs(options, model, run, info, folder.get(), out, note);
  return 0;
}

int Run(const CommandOptions& given_options) {
  CommandOptions options = given_options;
  if (options.engine == "exact") return RunExact(given_options);
  Model model = LoadForCommand(&options);
  ParameterSetting setting = SettleParameters(model, ParseSets(options.sets));
  RunRequest request = Request(options);
  request.trials = ParseTrials(options.trials);
  if (options.rare) return RunRare(options, model, setting, request);
  Condition given;
  if (options.has_given) {
    given = ParseGivenForRun(model, options.given);
    request.given = &given;
  }
  if (request.precision > 0) request.target = FindTarget(model, options.target);
  const std::string out = OutputPath(options);
  const std::unique_ptr<OutputFolder> folder = OpenOutput(
      options, out, [&](const OutputFolder& f) { CheckOutputSpace(model, setting, request, f); });

  auto start = std::chrono::steady_clock::now();
  RunOutcome outcome;
  {
    Progress progress(!options.quiet, options.progress_hook);
    request.progress = progress.Callback();
    outcome = RunModel(model, setting, request);
  }
  RunInfo info = Info(options, model, setting, request, outcome);
  info.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (request.precision > 0) {
    const Figure& f = outcome.results.figures[request.target];
    info.precision_target = options.target.empty() ? "level:" + f.id : options.target;
    info.precision = request.precision;
    info.precision_relative = request.precision_relative;
    info.precision_half_width = HalfWidth(f);
    info.precision_reached = outcome.precision_reached;
  }
  std::string note;
  if (request.precision > 0) {
    // The half-width as the analyst asked for it: absolute, or relative to the estimate.
    const Figure& f = outcome.results.figures[request.target];
    char text[512];
    const double relative = f.probability > 0 ? info.precision_half_width / f.probability : 0;
    const std::string asked = request.precision_relative
                                  ? FormatPercent(request.precision) + " of the estimate"
                                  : FormatNumber(request.precision);
    std::snprintf(text, sizeof text,
                  "the 95%% interval of %s has half-width %s (%s of the estimate) after %llu "
                  "trials",
                  info.precision_target.c_str(), Significant(info.precision_half_width).c_str(),
                  FormatPercent(relative).c_str(),
                  static_cast<unsigned long long>(outcome.trials));
    if (outcome.precision_reached) {
      note = "Precision reached: " + std::string(text) + "; asked " + asked + ".\n";
    } else {
      note = "Warning: precision NOT reached: " + std::string(text) + "; asked " + asked +
             ". Raise --max-trials (now " + std::to_string(request.max_trials) + ").\n";
      std::cerr << "brink: warning: precision not reached: " << text << "; asked " << asked
                << "\n";
    }
  }
  WriteOutputs(options, model, outcome, info, folder.get(), out, note);
  return 0;
}

int Validate(const CommandOptions& options) {
  Model model = LoadModel(options.model_path);
  auto count = [](size_t n, const std::string& noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
  };
  std::cout << options.model_path << ": ok: " << model.scenario << ", "
            << count(model.events.size(), "event") << ", " << count(model.num_levels(), "level")
            << ", horizon " << count(model.horizon, model.step_label) << "\nEvaluation order:\n";
  for (size_t i = 0; i < model.order.size(); ++i) {
    const Event& e = model.events[model.order[i]];
    std::cout << "  " << i + 1 << ". " << e.id << " ("
              << (e.kind == Event::Kind::kTrigger ? "trigger" : "response");
    if (e.level > 0) std::cout << ", level " << e.level;
    std::cout << ")\n";
  }
  return 0;
}

int Bench(const CommandOptions& options) {
  if (options.print_model) {
    std::cout << SyntheticModelYaml(kBenchEvents, kBenchSteps, kBenchSeed);
    return 0;
  }
  BenchOptions bench;
  bench.quick = options.quick;
  bench.model_path = options.model_path;
  if (!options.simd.empty() || !options.simd_env.empty())
    bench.kernels = {ChosenKernel(options)};
  else
    bench.kernels = AvailableKernels();
  std::vector<BenchFigure> figures = RunBenchSuite(bench, options.json ? std::cerr : std::cout);
  if (options.json) std::cout << BenchJson(figures);
  if (options.baseline.empty()) return 0;
  std::ifstream in(options.baseline);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) throw UsageError("cannot read the baseline '" + options.baseline + "'");
  std::vector<std::string> regressions = Regressions(figures, text.str());
  for (const std::string& name : regressions)
    std::cerr << "brink bench: regression: " << name << " is below half its baseline\n";
  if (regressions.empty())
    std::cerr << "brink bench: every normalized figure is above half its baseline ("
              << options.baseline << ")\n";
  return regressions.empty() ? 0 : 1;
}

void AddModelArgument(CLI::App* command, CommandOptions* options) {
  command->add_option("MODEL", options->model_path, "The model file (YAML); - reads it from standard input")->required();
}

void AddGivenOption(CLI::App* command, CommandOptions* options) {
  command->add_option("--given", options->given,
                      "Make every figure conditional on this condition holding at the "
                      "horizon, e.g. --given 'dprk_troops and not treaty_invoked'");
}

void AddMaxStatesOption(CLI::App* command, CommandOptions* options) {
  command->add_option("--max-states", options->max_states,
                      "Exact engine: refuse a model once it needs more states than this")
      ->capture_default_str();
}

}  // namespace

void FillRequest(const CommandOptions& options, RunRequest* request) {
  request->seed = ParseSeed(options.seed);
  request->threads = Threads(options.threads);
  request->draws = options.draws;
  request->engine = options.engine;
  request->simd = ChosenKernel(options);
  request->max_memory = ParseMaxMemory(options.max_memory);
  request->cluster = options.cluster;
  if (options.cluster != nullptr && options.cluster->size() > 1) {
    // The default limit is half of each machine's memory: every rank takes rank 0's, so that
    // all refuse a run or none does.
    std::string limit = std::to_string(request->max_memory);
    options.cluster->Broadcast(&limit);
    request->max_memory = std::stoull(limit);
  }
  request->max_states = ParseMaxStates(options.max_states);
  if (!ParseSampling(options.sampling, &request->sampling))
    throw UsageError("--sampling must be lhs, random or sobol");
  if (!options.precision.empty()) {
    ParsePrecision(options.precision, &request->precision, &request->precision_relative);
    request->max_trials = ParseTrials(options.max_trials, "--max-trials");
    if (options.engine == "exact")
      throw UsageError("--precision applies to the Monte Carlo engines; the exact engine's "
                       "figures have no sampling error");
  }
}

const char* const kOutHelp =
    "Folder for the output files, replaced whole (default: a new folder "
    "results/MODEL-YYYYMMDD-HHMMSS, linked from results/MODEL-latest)";

void AddFormatOption(CLI::App* command, CommandOptions* options) {
  command->add_option("--format", options->format,
                      "table (for reading) or json (the results as one JSON document on stdout)")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
}

void AddMaxMemoryOption(CLI::App* command, CommandOptions* options) {
  command->add_option("--max-memory", options->max_memory,
                      "Refuse a run whose results would take more memory than this, e.g. 8G "
                      "(default: half of this machine's memory)");
}

void AddSamplingOptions(CLI::App* command, CommandOptions* options) {
  command->add_option("--draws", options->draws,
                      "Draws of the uncertain values, each run with --trials trials (default: "
                      "200 when the model has uncertain values, else 1)")
      ->check(CLI::Range(1, 1000000));
  command->add_option("--sampling", options->sampling, "Design of the draws: lhs, random or sobol")
      ->check(CLI::IsMember({"lhs", "random", "sobol"}))
      ->capture_default_str();
  AddMaxMemoryOption(command, options);
}

SimdKernel ChosenKernel(const CommandOptions& options) {
  SimdKernel kernel = SimdKernel::kAuto;
  if (options.simd.empty())
    kernel = KernelFromEnvironment(options.simd_env.c_str());
  else if (!ParseKernel(options.simd, &kernel))
    throw UsageError("--simd must be auto, scalar, sse4, avx2, avx512 or neon");
  return ResolveKernel(kernel);
}

void AddSimdOption(CLI::App* command, CommandOptions* options) {
  command->add_option("--simd", options->simd,
                      "The fast engine's SIMD kernel: auto (the best this CPU has), scalar, "
                      "sse4, avx2, avx512 or neon; results are identical with every kernel "
                      "(default: $BRINK_SIMD, else auto)")
      ->check(CLI::IsMember({"auto", "scalar", "sse4", "avx2", "avx512", "neon"}));
}

void AddPrecisionOptions(CLI::App* command, CommandOptions* options) {
  command->add_option("--precision", options->precision,
                      "Add trials in batches of 65536 until the 95% interval of --target has "
                      "this half-width (e.g. 0.001) or relative half-width (e.g. 5%); one draw only");
  command->add_option("--max-trials", options->max_trials,
                      "With --precision: stop here even if not reached")
      ->capture_default_str();
  command->add_option("--target", options->target,
                      "The figure --precision aims at: level:K or an event id (default: the top "
                      "level)");
}

void AddRunCommand(CLI::App* app, CommandOptions* options) {
  CLI::App* run = app->add_subcommand("run", "Run a model and write its estimates");
  AddModelArgument(run, options);
  run->add_option("-n,--trials", options->trials, "Trials to simulate (e.g. 1e6)")
      ->capture_default_str();
  run->add_option("--seed", options->seed, "Seed: the same seed gives the same figures")
      ->capture_default_str();
  run->add_option("-j,--threads", options->threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  run->add_option("-o,--out", options->out_dir, kOutHelp);
  AddSamplingOptions(run, options);
  AddPrecisionOptions(run, options);
  run->add_flag("--rare", options->rare,
                "Estimate a rare --target to a relative --precision (default 10%) with importance "
                "sampling (cross-entropy tilts): far fewer trials than plain Monte Carlo "
                "(docs/rare-events.md)");
  AddSimdOption(run, options);
  run->add_option("--set", options->sets,
                  "Set a named parameter to a point value (pins an uncertain one), e.g. --set "
                  "invoke_if_attacked=80% (repeatable)");
  run->add_option("--engine", options->engine,
                  "fast (up to 512 trials at a time) or reference (one trial at a time), both giving "
                  "identical results; or exact (as brink exact)")
      ->check(CLI::IsMember({"fast", "reference", "exact"}))
      ->capture_default_str();
  AddGivenOption(run, options);
  AddMaxStatesOption(run, options);
  AddFormatOption(run, options);
  AddReportOption(run, options);
  run->add_flag("-q,--quiet", options->quiet, "Print nothing; only write the files");
}

void AddExactCommand(CLI::App* app, CommandOptions* options) {
  CLI::App* exact = app->add_subcommand(
      "exact", "Compute a small model's probabilities exactly, without sampling trials");
  AddModelArgument(exact, options);
  exact->add_option("-o,--out", options->out_dir, kOutHelp);
  exact->add_option("--set", options->sets,
                    "Set a named parameter to a point value (pins an uncertain one), e.g. --set "
                    "invoke_if_attacked=80% (repeatable)");
  AddGivenOption(exact, options);
  AddMaxStatesOption(exact, options);
  exact->add_option("--draws", options->draws,
                    "Draws of the uncertain values, each solved exactly (default: 200 when the "
                    "model has uncertain values, else 1)")
      ->check(CLI::Range(1, 1000000));
  exact->add_option("--sampling", options->sampling, "Design of the draws: lhs, random or sobol")
      ->check(CLI::IsMember({"lhs", "random", "sobol"}))
      ->capture_default_str();
  exact->add_option("--seed", options->seed, "Seed of the draws of the uncertain values")
      ->capture_default_str();
  exact->add_option("-j,--threads", options->threads,
                    "Draws solved side by side (default: all cores)")
      ->check(CLI::Range(1, 1024));
  AddMaxMemoryOption(exact, options);
  AddFormatOption(exact, options);
  AddReportOption(exact, options);
  exact->add_flag("-q,--quiet", options->quiet, "Print nothing; only write the files");
}

void AddValidateCommand(CLI::App* app, CommandOptions* options) {
  CLI::App* validate =
      app->add_subcommand("validate", "Check a model and list its events in evaluation order");
  AddModelArgument(validate, options);
}

void AddBenchCommand(CLI::App* app, CommandOptions* options) {
  CLI::App* bench = app->add_subcommand(
      "bench", "Measure engine throughput (event-steps per second) on a synthetic 64x52 model");
  bench->add_flag("--json", options->json,
                  "Print the figures as JSON (name, unit, value) on stdout; the table goes to "
                  "stderr");
  bench->add_flag("--quick", options->quick, "Smaller runs (for CI)");
  bench->add_option("--model", options->model_path, "Also measure this model");
  AddSimdOption(bench, options);
  bench->add_option("--baseline", options->baseline,
                    "Exit 1 if a normalized figure falls below half its value in this JSON file");
  bench->add_flag("--print-model", options->print_model,
                  "Print the synthetic model (YAML) and exit, e.g. to time it with brink run "
                  "or under mpirun");
}

int RunSelected(const CLI::App& app, const CommandOptions& options) {
  CommandOptions chosen = options;
  chosen.quiet = chosen.quiet || chosen.worker;  // only rank 0 prints
  const CLI::App* command = app.get_subcommands().front();
  chosen.out_set = command->get_option_no_throw("--out") != nullptr && command->count("--out") > 0;
  chosen.has_sweep_baseline = command->get_name() == "sweep" && command->count("--baseline") > 0;
  // Under MPI, the commands that do not divide their work run on rank 0 alone; the other
  // ranks wait for its exit status (ProcessGroup::Finish).
  for (const char* alone : {"bench", "show", "report", "graph", "validate"})
    if (chosen.worker && command->get_name() == alone) return 0;
  if (app.got_subcommand("sweep")) return Sweep(chosen);
  if (app.got_subcommand("sensitivity")) return Sensitivity(chosen);
  if (app.got_subcommand("bench")) return Bench(chosen);
  if (app.got_subcommand("show")) return Show(chosen);
  if (app.got_subcommand("report")) return Report(chosen);
  if (app.got_subcommand("graph")) return Graph(chosen);
  if (app.got_subcommand("compare")) return Compare(chosen);
  for (const char* name : {"run", "exact"}) {
    if (command->get_name() != name) continue;
    chosen.has_given = command->count("--given") > 0;
    if (std::string(name) == "exact") chosen.engine = "exact";
    return Run(chosen);
  }
  if (app.got_subcommand("validate")) return Validate(chosen);
  return 2;
}

}  // namespace brink
