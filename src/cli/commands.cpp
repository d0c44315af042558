// brink run, exact, validate and bench on the command line, and the options the commands
// share (cli/commands.h).
#include "cli/commands.h"

#include <iostream>

#include "brink/error.h"
#include "brink/report.h"
#include "cli/flags.h"
#include "report/json_output.h"

namespace brink {
namespace {

const std::vector<Engine> kRunEngines = {Engine::kFast, Engine::kReference, Engine::kExact};
const std::vector<Sampling> kSamplings = {Sampling::kLatinHypercube, Sampling::kRandom,
                                          Sampling::kSobol};
const std::vector<OutputFormat> kFormats = {OutputFormat::kTable, OutputFormat::kJson};

void PrintRunOutcome(const Flags& flags, const RunCommandOutcome& outcome) {
  if (flags.quiet) return;
  const std::string note = FlagWorded(outcome.record.note);
  const Results& results = outcome.run.results;
  switch (flags.format) {
    case OutputFormat::kJson:
      std::cout << JsonText(RunDocument(outcome.model, outcome.record.info, results, note,
                                        outcome.record.out,
                                        outcome.run.history ? &*outcome.run.history : nullptr));
      return;
    case OutputFormat::kTable: {
      if (outcome.run.history)
        PrintHistoryTable(std::cout, outcome.model, results, outcome.record.info,
                          *outcome.run.history);
      else
        PrintTable(std::cout, outcome.model, results, outcome.record.info);
      if (!note.empty()) std::cout << "\n" << note;
      std::string files;
      for (const std::string& name : outcome.record.info.files)
        if (name != "report.html") files += name + ", ";
      std::cout << "\nWrote " << files.substr(0, files.size() - 2) << " and run.json to "
                << outcome.record.out << "/\n";
      return;
    }
  }
}

int Run(const CLI::App& command, const Flags& flags) {
  RunCommand request;
  FillModelRun(command, flags, &request);
  if (Given(command, "--given")) request.given = flags.given;
  if (Given(command, "--history")) request.history = ModelInput{flags.history, std::nullopt};
  if (Given(command, "--precision")) {
    request.precision = ParsePrecision(flags.precision);
    request.max_trials = ParseTrials(flags.max_trials, "--max-trials");
  }
  if (Given(command, "--target")) request.target = flags.target;
  request.rare = flags.rare;
  const RunCommandOutcome outcome = ExecuteWithProgress(request, flags);
  PrintRunOutcome(flags, outcome);
  return 0;
}

int Exact(const CLI::App& command, const Flags& flags) {
  ExactCommand request;
  request.model.path = flags.model_path;
  (void)ResolveKernel(ChosenKernel(command, flags));  // a bad BRINK_SIMD is refused here too
  request.sets = ParseSettingFlags(flags.sets, "--set");
  if (Given(command, "--given")) request.given = flags.given;
  if (Given(command, "--history")) request.history = ModelInput{flags.history, std::nullopt};
  request.max_states = ParseWhole(flags.max_states, 1, 2000000000, "--max-states", "2e9", true);
  if (Given(command, "--draws"))
    request.draws = static_cast<int>(ParseWhole(flags.draws, 1, kMaxDraws, "--draws", std::to_string(kMaxDraws)));
  request.sampling = flags.sampling;
  request.seed = ParseSeed(flags.seed);
  if (Given(command, "--threads"))
    request.threads = static_cast<int>(ParseWhole(flags.threads, 1, 1024, "--threads", "1024"));
  if (Given(command, "--max-memory")) request.max_memory = ParseMaxMemory(flags.max_memory);
  if (Given(command, "--out")) request.output.out = flags.out_dir;
  request.output.parent = flags.out_dir;
  request.output.report = ReportOf(command, flags);
  const RunCommandOutcome outcome = ExecuteWithProgress(request, flags);
  PrintRunOutcome(flags, outcome);
  return 0;
}

int Validate(const Flags& flags) {
  ValidateCommand request;
  request.model.path = flags.model_path;
  const Model model = Execute(request).model;
  auto count = [](size_t n, const std::string& noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
  };
  std::cout << flags.model_path << ": ok: " << model.scenario << ", "
            << count(model.events.size(), "event") << ", " << count(model.num_levels(), "level")
            << ", horizon " << count(model.horizon, model.step_label) << "\nEvaluation order:\n";
  for (size_t i = 0; i < model.order.size(); ++i) {
    const Event& e = model.events[model.order[i]];
    std::cout << "  " << i + 1 << ". " << e.id << " ("
              << (e.kind == Event::Kind::kTrigger ? "trigger" : "response");
    if (e.level > 0) std::cout << ", level " << e.level;
    if (e.initially == InitialState::kActive) std::cout << ", initially active";
    if (e.initially == InitialState::kEnded) std::cout << ", initially ended";
    switch (e.ends.kind) {
      case Ending::Kind::kNever: break;
      case Ending::Kind::kLasts:
        std::cout << ", lasts " << e.ends.lasts_lo;
        if (e.ends.lasts_hi != e.ends.lasts_lo) std::cout << " to " << e.ends.lasts_hi;
        std::cout << " " << model.step_label << (e.ends.lasts_hi == 1 ? "" : "s");
        break;
      case Ending::Kind::kHazard: std::cout << ", ends by a hazard"; break;
      case Ending::Kind::kDecided: std::cout << ", ends by a decision"; break;
    }
    if (e.recurs) std::cout << ", recurs";
    std::cout << ")\n";
  }
  if (!model.quantities.empty()) std::cout << "Quantities:\n";
  for (const Quantity& q : model.quantities) {
    std::cout << "  " << q.id;
    if (!q.unit.empty()) std::cout << " (" << q.unit << ")";
    const char* sep = ": ";
    for (const auto* terms : {&q.per_step, &q.per_occurrence})
      for (const QuantityTerm& t : *terms) {
        std::cout << sep << model.parameters[t.param].dist.Text() << " "
                  << (terms == &q.per_step ? "per " + model.step_label + " of " : "per onset of ")
                  << model.events[t.event].id;
        sep = ", ";
      }
    std::cout << "\n";
  }
  for (const Diagnostic& w : model.warnings)
    std::cerr << model.path << ":" << w.loc.line << ":" << w.loc.col << ": warning: " << w.message
              << "\n";
  return 0;
}

int Bench(const CLI::App& command, const Flags& flags) {
  BenchCommand request;
  request.print_model = flags.print_model;
  request.quick = flags.quick;
  if (!flags.model_path.empty()) request.model = flags.model_path;
  if (Given(command, "--simd") || !flags.simd_env.empty())
    request.kernels = {ChosenKernel(command, flags)};
  if (Given(command, "--baseline")) request.baseline = flags.baseline;
  const BenchOutcome outcome = Execute(request, flags.json ? std::cerr : std::cout);
  if (flags.print_model) {
    std::cout << outcome.model_yaml;
    return 0;
  }
  if (flags.json) std::cout << outcome.json;
  if (!request.baseline) return 0;
  for (const std::string& name : outcome.regressions)
    std::cerr << "brink bench: regression: " << name << " is below half its baseline\n";
  if (outcome.regressions.empty())
    std::cerr << "brink bench: every normalized figure is above half its baseline ("
              << *request.baseline << ")\n";
  return outcome.regressions.empty() ? 0 : 1;
}

void AddModelArgument(CLI::App* command, Flags* flags) {
  command->add_option("MODEL", flags->model_path, "The model file (YAML); - reads it from standard input")->required();
}

void AddGivenOption(CLI::App* command, Flags* flags) {
  command->add_option("--given", flags->given,
                      "Make every figure conditional on this condition holding at the "
                      "horizon, e.g. --given 'dprk_troops and not treaty_invoked'");
}

void AddHistoryOption(CLI::App* command, Flags* flags) {
  command->add_option("--history", flags->history,
                      "Learn from what happened: a history file (YAML; docs/history.md). The "
                      "uncertain values' posterior (--draws posterior draws, default " +
                          std::to_string(kPosteriorDraws) +
                          "), every figure given the history, and the scores of the figures "
                          "before it");
}


void AddMaxMemoryOption(CLI::App* command, Flags* flags) {
  command->add_option("--max-memory", flags->max_memory,
                      "Refuse a run whose results would take more memory than this, e.g. 8G "
                      "(default: half of this machine's memory)");
}

void AddSamplingOption(CLI::App* command, Flags* flags) {
  AddChoiceOption(command, "--sampling", &flags->sampling, kSamplings,
                  "Design of the draws: " + OneOf(NamesOf(kSamplings)));
}

}  // namespace

void AddMaxStatesOption(CLI::App* command, Flags* flags) {
  command->add_option("--max-states", flags->max_states,
                      "Exact engine: refuse a model once it needs more states than this")
      ->capture_default_str();
}

CLI::Option* AddWholeOption(CLI::App* command, const std::string& flags, std::string* value,
                            const std::string& help, int low, int high) {
  return command->add_option(flags, *value, help)
      ->type_name("INT:INT in [" + std::to_string(low) + " - " + std::to_string(high) + "]");
}

bool Given(const CLI::App& command, const std::string& flag) {
  const CLI::Option* option = command.get_option_no_throw(flag);
  return option != nullptr && option->count() > 0;
}

Context CommandContext(const Flags& flags, std::function<void(double)> progress) {
  Context context;
  context.command_line = flags.command_line;
  context.cluster = flags.cluster;
  context.progress = std::move(progress);
  if (!flags.worker) context.warn = PrintWarning;  // only rank 0 prints
  return context;
}

void PrintWarning(const std::string& warning) {
  std::cerr << "brink: warning: " << FlagWorded(warning) << "\n";
}

SimdKernel ChosenKernel(const CLI::App& command, const Flags& flags) {
  if (Given(command, "--simd")) return flags.simd;
  return KernelFromEnvironment(flags.simd_env.c_str());
}

void FillModelRun(const CLI::App& command, const Flags& flags, ModelRun* request) {
  request->model.path = flags.model_path;
  // The exact engine samples no trials: --trials is not read (as brink exact has none).
  if (flags.engine != Engine::kExact && Given(command, "--trials"))
    request->trials = ParseTrials(flags.trials);
  request->seed = ParseSeed(flags.seed);
  if (Given(command, "--threads"))
    request->threads = static_cast<int>(ParseWhole(flags.threads, 1, 1024, "--threads", "1024"));
  request->sets = ParseSettingFlags(flags.sets, "--set");
  request->engine = flags.engine;
  request->simd = ChosenKernel(command, flags);
  if (Given(command, "--draws"))
    request->draws = static_cast<int>(ParseWhole(flags.draws, 1, kMaxDraws, "--draws", std::to_string(kMaxDraws)));
  request->sampling = flags.sampling;
  request->max_states = ParseWhole(flags.max_states, 1, 2000000000, "--max-states", "2e9", true);
  if (Given(command, "--max-memory")) request->max_memory = ParseMaxMemory(flags.max_memory);
  if (Given(command, "--out")) request->output.out = flags.out_dir;
  request->output.parent = flags.out_dir;
  request->output.report = ReportOf(command, flags);
}

const char* const kOutHelp =
    "Folder for the output files, replaced whole (default: a new folder "
    "results/MODEL-YYYYMMDD-HHMMSS, linked from results/MODEL-latest)";

void AddFormatOption(CLI::App* command, Flags* flags) {
  AddChoiceOption(command, "--format", &flags->format, kFormats,
                  "table (for reading) or json (the results as one JSON document on stdout)");
}

void AddSamplingOptions(CLI::App* command, Flags* flags) {
  AddWholeOption(command, "--draws", &flags->draws,
                 "Draws of the uncertain values, each run with --trials trials (default: " +
                     std::to_string(kDefaultDraws) + " when the model has uncertain values, "
                     "else 1)",
                 1, kMaxDraws);
  AddSamplingOption(command, flags);
  AddMaxMemoryOption(command, flags);
}

void AddSimdOption(CLI::App* command, Flags* flags) {
  const std::vector<SimdKernel> all = {SimdKernel::kAuto, SimdKernel::kScalar, SimdKernel::kSse4,
                                       SimdKernel::kAvx2, SimdKernel::kAvx512, SimdKernel::kNeon};
  AddChoiceOption(command, "--simd", &flags->simd, all,
                  "The fast engine's SIMD kernel: auto (the best this CPU has), scalar, "
                  "sse4, avx2, avx512 or neon; results are identical with every kernel "
                  "(default: $BRINK_SIMD, else auto)")
      ->default_str("");
}

void AddPrecisionOptions(CLI::App* command, Flags* flags) {
  command->add_option("--precision", flags->precision,
                      "Add trials in batches of " + std::to_string(kPrecisionBatch) + " until the 95% interval of --target has "
                      "this half-width (e.g. 0.001) or relative half-width (e.g. 5%); one draw only");
  command->add_option("--max-trials", flags->max_trials,
                      "With --precision: stop here even if not reached")
      ->capture_default_str();
  command->add_option("--target", flags->target,
                      "The figure --precision aims at: level:K or an event id (default: the top "
                      "level)");
}

void AddRunCommand(CLI::App* app, Flags* flags) {
  CLI::App* run = app->add_subcommand("run", "Run a model and write its estimates");
  AddModelArgument(run, flags);
  run->add_option("-n,--trials", flags->trials,
                  "Trials to simulate (e.g. 1e6); with --history and uncertain values, the "
                  "trials of each posterior draw's likelihood estimate (default 250)")
      ->capture_default_str();
  run->add_option("--seed", flags->seed, "Seed: the same seed gives the same figures")
      ->capture_default_str();
  AddWholeOption(run, "-j,--threads", &flags->threads, "Worker threads (default: all cores)", 1,
                 1024);
  run->add_option("-o,--out", flags->out_dir, kOutHelp);
  AddSamplingOptions(run, flags);
  AddPrecisionOptions(run, flags);
  run->add_flag("--rare", flags->rare,
                "Estimate a rare --target to a relative --precision (default 10%) with importance "
                "sampling (cross-entropy tilts): far fewer trials than plain Monte Carlo "
                "(docs/rare-events.md)");
  AddSimdOption(run, flags);
  run->add_option("--set", flags->sets,
                  "Set a named parameter to a point value (pins an uncertain one), e.g. --set "
                  "invoke_if_attacked=80% (repeatable)");
  AddChoiceOption(run, "--engine", &flags->engine, kRunEngines,
                  "fast (up to 512 trials at a time) or reference (one trial at a time), both "
                  "giving identical results; or exact (as brink exact)");
  AddGivenOption(run, flags);
  AddHistoryOption(run, flags);
  AddMaxStatesOption(run, flags);
  AddFormatOption(run, flags);
  AddReportOption(run, flags);
  run->add_flag("-q,--quiet", flags->quiet, "Print nothing; only write the files");
}

void AddExactCommand(CLI::App* app, Flags* flags) {
  CLI::App* exact = app->add_subcommand(
      "exact", "Compute a small model's probabilities exactly, without sampling trials");
  AddModelArgument(exact, flags);
  exact->add_option("-o,--out", flags->out_dir, kOutHelp);
  exact->add_option("--set", flags->sets,
                    "Set a named parameter to a point value (pins an uncertain one), e.g. --set "
                    "invoke_if_attacked=80% (repeatable)");
  AddGivenOption(exact, flags);
  AddHistoryOption(exact, flags);
  AddMaxStatesOption(exact, flags);
  AddWholeOption(exact, "--draws", &flags->draws,
                 "Draws of the uncertain values, each solved exactly (default: " +
                     std::to_string(kDefaultDraws) + " when the model has uncertain values, "
                     "else 1)",
                 1, kMaxDraws);
  AddSamplingOption(exact, flags);
  exact->add_option("--seed", flags->seed, "Seed of the draws of the uncertain values")
      ->capture_default_str();
  AddWholeOption(exact, "-j,--threads", &flags->threads,
                 "Draws solved side by side (default: all cores)", 1, 1024);
  AddMaxMemoryOption(exact, flags);
  AddFormatOption(exact, flags);
  AddReportOption(exact, flags);
  exact->add_flag("-q,--quiet", flags->quiet, "Print nothing; only write the files");
}

void AddValidateCommand(CLI::App* app, Flags* flags) {
  CLI::App* validate =
      app->add_subcommand("validate", "Check a model and list its events in evaluation order");
  AddModelArgument(validate, flags);
}

void AddBenchCommand(CLI::App* app, Flags* flags) {
  CLI::App* bench = app->add_subcommand(
      "bench", "Measure engine throughput (event-steps per second) on a synthetic 64x52 model");
  bench->add_flag("--json", flags->json,
                  "Print the figures as JSON (name, unit, value) on stdout; the table goes to "
                  "stderr");
  bench->add_flag("--quick", flags->quick, "Smaller runs (for CI)");
  bench->add_option("--model", flags->model_path, "Also measure this model");
  AddSimdOption(bench, flags);
  bench->add_option("--baseline", flags->baseline,
                    "Exit 1 if a normalized figure falls below half its value in this JSON file");
  bench->add_flag("--print-model", flags->print_model,
                  "Print the synthetic model (YAML) and exit, e.g. to time it with brink run "
                  "or under mpirun");
}

int RunSelected(const CLI::App& app, const Flags& given) {
  Flags flags = given;
  flags.quiet = flags.quiet || flags.worker;  // only rank 0 prints
  const CLI::App& command = *app.get_subcommands().front();
  const std::optional<CommandKind> kind = ParseName<CommandKind>(command.get_name());
  if (!kind) return 2;
  switch (*kind) {
    // Under MPI, the commands that do not divide their work run on rank 0 alone; the other
    // ranks wait for its exit status (ProcessGroup::Finish).
    case CommandKind::kBench: return flags.worker ? 0 : Bench(command, flags);
    case CommandKind::kShow: return flags.worker ? 0 : Show(command, flags);
    case CommandKind::kReport: return flags.worker ? 0 : Report(command, flags);
    case CommandKind::kGraph: return flags.worker ? 0 : Graph(command, flags);
    case CommandKind::kValidate: return flags.worker ? 0 : Validate(flags);
    case CommandKind::kSweep: return Sweep(command, flags);
    case CommandKind::kSensitivity: return Sensitivity(command, flags);
    case CommandKind::kCompare: return Compare(command, flags);
    case CommandKind::kRun: return Run(command, flags);
    case CommandKind::kExact: return Exact(command, flags);
  }
  return 2;
}

}  // namespace brink
