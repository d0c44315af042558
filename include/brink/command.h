// brink's commands as library calls: one typed request per command, checked in one place, and
// Execute, which runs it and writes its output folder. The command line (src/cli) and the
// Python module (python/) only map their users' words to these requests, and word the errors
// for them (a UsageError names a request's field as {field}: brink/error.h).
//
// A command that runs a model goes: Check (the request's fields) → the model loaded (with the
// structural `sets` applied) → the output folder opened and its free space checked, before
// anything runs → the figures computed → the files written by the report library → the folder
// committed in one rename (brink/output_folder.h) → the outcome returned, for the front end to
// print (report library: the tables and the JSON document). Nothing is printed here.
//
// Defaults are the CLI's. Every request may be given `context` (the command line to record,
// an MPI group, a progress callback).
#ifndef BRINK_COMMAND_H_
#define BRINK_COMMAND_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "brink/cluster.h"
#include "brink/compare.h"
#include "brink/limits.h"
#include "brink/model.h"
#include "brink/names.h"
#include "brink/report.h"
#include "brink/run.h"
#include "brink/sensitivity.h"
#include "brink/sobol.h"
#include "brink/sweep.h"

namespace brink {

// A model to read: the file `path` ("-": standard input), or, when `text` is given, that YAML
// (then `path` is only its name in messages).
struct ModelInput {
  std::string path;
  std::optional<std::string> text;
};

// NAME=VALUE settings (`set`, `a`, `b`): a named parameter's point value as a probability
// ("0.8", "80%"), or a structural setting (`horizon` = "36", `delay:EVENT` = "1:3").
using SettingTexts = std::vector<std::pair<std::string, std::string>>;

// A half-width for precision control: absolute (0.001) or relative to the estimate (0.05).
struct Precision {
  double half_width = 0;  // in (0, 1); relative: > 0
  bool relative = false;
};

// Where a command's files go.
struct Output {
  // The folder, replaced whole; nullopt: a new folder `parent`/MODEL-YYYYMMDD-HHMMSS, linked
  // from `parent`/MODEL-latest.
  std::optional<std::string> out;
  std::string parent = "results";
  // Also report.html (brink/html_report.h): static, or live (brink run only, without
  // given, history or rare).
  std::optional<ReportKind> report;
  // Not null: the files land here in memory (name → bytes) instead of in a folder, all at
  // once when the command succeeds; `out` and `parent` are unused and nothing is linked (the
  // Python module's results).
  std::map<std::string, std::string>* files = nullptr;
};

// How a command is run.
struct Context {
  std::string command_line;  // recorded in run.json
  // The processes of an MPI job (brink/cluster.h); null: this process alone. Rank 0 reads
  // the model and writes; the others compute their share and write nothing.
  const Cluster* cluster = nullptr;
  // Called with the fraction done; it may throw to stop the command, which then writes
  // nothing (the Python module's Ctrl-C).
  std::function<void(double)> progress;
  // Called with each warning as the command meets it ("{vary} x=0:1:0.3: the step does not
  // land on 1 ..."), before it goes on; may be empty. Every warning is also in the outcome's
  // CommandRecord::warnings.
  std::function<void(const std::string&)> warn;
};


// The options shared by the commands that run a model.
struct ModelRun {
  ModelInput model;
  // Per draw: 1 .. kMaxTrials; nullopt: kDefaultTrials (with a history and uncertain values,
  // kDefaultHistoryTrials per likelihood estimate, and kDefaultTrials per draw before it).
  std::optional<uint64_t> trials;
  uint64_t seed = kDefaultSeed;
  int threads = 0;                 // 0: the cores this process may use; else 1 .. 1024
  SettingTexts sets;
  Engine engine = Engine::kFast;   // fast, reference or exact
  SimdKernel simd = SimdKernel::kAuto;
  std::optional<int> draws;        // 1 .. kMaxDraws; nullopt: kDefaultDraws with uncertain values, else 1
  Sampling sampling = Sampling::kLatinHypercube;
  uint64_t max_states = kDefaultMaxStates;   // the exact engine's bound: 1 .. 2e9
  std::optional<uint64_t> max_memory;  // bytes (>= 1); nullopt: half of the physical memory
  Output output;
  Context context;
};

// brink run (and brink exact, as engine = kExact).
struct RunCommand : ModelRun {
  std::optional<std::string> given;    // a condition at the horizon
  std::optional<ModelInput> history;   // a history file (brink/history.h): exact engine only
  std::optional<Precision> precision;  // add trials until the target's interval is this narrow
  uint64_t max_trials = kDefaultMaxTrials;     // with precision
  std::optional<std::string> target;   // "level:K", a level's name or an event id
  bool rare = false;                   // importance sampling of the target (brink/rare.h)
};

// brink exact: the figures without sampling.
struct ExactCommand {
  ModelInput model;
  SettingTexts sets;
  std::optional<std::string> given;
  std::optional<ModelInput> history;
  uint64_t max_states = kDefaultMaxStates;
  std::optional<int> draws;
  Sampling sampling = Sampling::kLatinHypercube;
  uint64_t seed = kDefaultSeed;
  int threads = 0;
  std::optional<uint64_t> max_memory;
  Output output;
  Context context;
};

// brink sweep.
struct SweepCommand : ModelRun {
  std::vector<std::string> vary;       // "NAME=lo:hi:step" or "NAME=a,b,c"; at least one
  std::optional<uint64_t> baseline;    // a point number: each point's paired difference
  std::optional<Precision> precision;
  uint64_t max_trials = kDefaultMaxTrials;
  std::optional<std::string> target;
  bool keep_points = false;            // keep every point's figures in the outcome (JSON)
};

// brink sensitivity.
struct SensitivityCommand : ModelRun {
  std::optional<std::string> target;
  double swing = 0.5;                  // relative swing of point parameters, in [0, 1]
  bool sobol = false;
  int sobol_samples = kDefaultSobolSamples;  // kMinSobolSamples .. kMaxSobolSamples
};

// brink compare.
struct CompareCommand : ModelRun {
  SettingTexts a, b;                       // each arm's pins
  std::optional<ModelInput> b_model;   // arm B runs this model
  // A history: each arm learns from it (as RunCommand::history) and the outcome has the
  // Bayes factor of B over A (brink/compare.h CompareGivenHistory); then the engine may be
  // exact.
  std::optional<ModelInput> history;
};

// brink report DIR: report.html from a finished run's folder.
struct ReportCommand {
  std::string folder;
  ReportKind kind = ReportKind::kStatic;
};

// brink graph MODEL.
struct GraphCommand {
  ModelInput model;
  GraphFormat format = GraphFormat::kDot;
  std::optional<std::string> output;   // a file, replaced whole; nullopt: the outcome's text
};

// brink show DIR and brink validate MODEL.
struct ShowCommand {
  std::string folder;
};
struct ValidateCommand {
  ModelInput model;
};

// brink bench.
struct BenchCommand {
  bool quick = false;
  std::optional<std::string> model;    // also measure this model
  std::vector<SimdKernel> kernels;     // empty: every kernel this CPU has
  std::optional<std::string> baseline; // a JSON file of figures to compare against
  bool print_model = false;            // only the synthetic model's YAML
};

// What every command that writes a folder returns besides its figures.
struct CommandRecord {
  RunInfo info;                        // run.json
  std::string out;                     // the folder written
  std::string note;                    // printed below the table ("Precision reached: ...")
  std::vector<std::string> warnings;   // for standard error ("precision not reached ...")
};

struct RunCommandOutcome {
  Model model;
  RunOutcome run;
  CommandRecord record;
};

struct SweepCommandOutcome {
  Model model;
  Target target;                        // its row in Results::figures; now: its NowFigure
  std::vector<std::string> axes;        // the axes' names
  std::vector<SweepRow> rows;           // the target's figure at the first kTableRows points
  std::vector<SweepPoint> points;       // every point, with keep_points
  size_t total = 0;                     // points in all
  CommandRecord record;
};

struct SensitivityCommandOutcome {
  Model model;
  Target target;
  std::vector<TornadoBar> bars;
  std::vector<EventImportance> importance;
  std::vector<RankCorrelation> ranks;
  std::vector<SobolIndex> sobol;        // with sobol
  int sobol_samples = 0;
  CommandRecord record;
};

struct CompareCommandOutcome {
  Model model;
  CompareOutcome compare;
  CommandRecord record;
};

struct ReportOutcome {
  std::string path;                     // the report.html written
  uint64_t bytes = 0;
};

struct GraphOutcome {
  std::string text;                     // the graph, when no output file was given
  bool binary = false;                  // png
};

struct ValidateOutcome {
  Model model;
};

struct ShowOutcome {
  std::string table;                    // the run's table, as the command printed it
};

struct BenchOutcome {
  std::string json;                     // the figures: [{"name", "unit", "value"}...]
  std::vector<std::string> regressions; // figures below half their baseline
  std::string model_yaml;               // print_model
};

// The field checks: each throws UsageError naming the field ({trials}...) when a value is
// out of its range or options do not go together. Execute checks first; front ends may call
// them early.
void Check(const RunCommand& request);
void Check(const ExactCommand& request);
void Check(const SweepCommand& request);
void Check(const SensitivityCommand& request);
void Check(const CompareCommand& request);

// Runs the command. Throws ModelError (the model), UsageError (the request), IoError (the
// files), OtherRankFailed (an MPI rank whose rank 0 failed), and whatever `progress` throws;
// nothing is then written.
RunCommandOutcome Execute(const RunCommand& request);
RunCommandOutcome Execute(const ExactCommand& request);
SweepCommandOutcome Execute(const SweepCommand& request);
SensitivityCommandOutcome Execute(const SensitivityCommand& request);
CompareCommandOutcome Execute(const CompareCommand& request);
ReportOutcome Execute(const ReportCommand& request);
GraphOutcome Execute(const GraphCommand& request);
ValidateOutcome Execute(const ValidateCommand& request);
ShowOutcome Execute(const ShowCommand& request);
// The suite's table goes to `log` as it runs.
BenchOutcome Execute(const BenchCommand& request, std::ostream& log);

// Thrown on the ranks other than 0 of an MPI job when rank 0 failed at a step only it takes:
// the rank stops with rank 0's exit status and prints nothing.
struct OtherRankFailed {
  int status;
};

// The exit status of a failure: 2 for UsageError and ModelError, OtherRankFailed's own, else 1.
int ExitStatusOf(std::exception_ptr error);

// For a step only rank 0 takes: its outcome shared with every rank. On rank 0, rethrows
// `error` (when set); on the others, throws OtherRankFailed when rank 0 failed.
void ShareStatus(const Cluster& cluster, std::exception_ptr error);

}  // namespace brink

#endif  // BRINK_COMMAND_H_
