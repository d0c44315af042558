// brink's subcommands. Each Add*Command registers its flags on the app; RunSelected runs the
// one the user chose. Errors are thrown (ModelError, UsageError) for main to report.
#ifndef BRINK_CLI_COMMANDS_H_
#define BRINK_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "brink/compare.h"
#include "brink/model.h"
#include "brink/report.h"
#include "brink/sensitivity.h"
#include "brink/sobol.h"
#include "brink/simd.h"
#include "cli/process_group.h"

namespace brink {

// Flags shared by the commands that run a model.
struct CommandOptions {
  std::string command_line;
  // The processes of an MPI job (cli/process_group.h; one process without mpirun). A worker
  // (rank > 0) computes its share and writes and prints nothing.
  const ProcessGroup* cluster = nullptr;
  bool worker = false;
  // A model given as text (the Python module's Model) instead of read from model_path;
  // model_path is then only its name in messages.
  std::string model_text;
  bool has_model_text = false;
  // Called with the fraction done wherever the progress line would be, even when quiet; it
  // may throw to stop the command (the Python module's Ctrl-C), which leaves nothing written.
  std::function<void(double)> progress_hook;
  std::string model_path;
  std::string trials = "100000";  // text, so "1e6" is accepted
  std::string seed = "20240619";  // text, so that a seed out of range is an error, not wrapped
  int threads = 0;                // 0: all cores
  std::string out_dir = "results";  // --out; when not given (out_set false), the parent
  bool out_set = false;             // of a new timestamped folder (cli/record.h)
  std::vector<std::string> sets;  // NAME=VALUE
  std::vector<std::string> structure;  // --set horizon=, delay:EVENT= as applied (LoadForCommand)
  std::string engine = "fast";    // "fast", "reference" or "exact"
  std::string simd;               // --simd: a kernel name; "" when not given
  std::string simd_env;           // the BRINK_SIMD environment variable, the default of --simd
  int draws = 0;                  // 0: the default
  std::string sampling = "lhs";
  bool quiet = false;
  std::string format = "table";   // --format: "table" or "json" (cli/json_output.h)
  std::string given;              // --given: a condition; used only when has_given
  bool has_given = false;
  std::string max_states = "1000000";  // --max-states, text so "1e6" is accepted
  std::string max_memory;         // --max-memory, e.g. "8G"; "" half the physical memory
  // Precision control (run, sweep) and the target figure (also sensitivity).
  std::string precision;          // "" off; "0.001" absolute or "5%" relative half-width
  std::string max_trials = "1e8";
  std::string target;             // "level:K" or an event id; "" the top level
  bool rare = false;              // run --rare (brink/rare.h)
  // brink sweep
  std::vector<std::string> varies;
  std::string sweep_baseline;     // --baseline: a point number; "" with the flag alone: 0
  bool has_sweep_baseline = false;
  // brink sensitivity
  std::string swing = "50%";
  bool sobol = false;             // --sobol (brink/sobol.h)
  int sobol_samples = 512;
  // brink compare
  std::vector<std::string> arm_a, arm_b;  // --a, --b: NAME=VALUE
  std::string b_model;
  // --report (run, exact, sweep, sensitivity, compare): also write report.html
  bool report = false;
  // brink graph
  std::string graph_format = "dot";  // dot, svg or png
  std::string graph_output;          // -o FILE; "" standard output
  // brink bench
  bool json = false;
  bool quick = false;
  bool print_model = false;       // bench --print-model
  std::string baseline;
};

void AddRunCommand(CLI::App* app, CommandOptions* options);
void AddValidateCommand(CLI::App* app, CommandOptions* options);
// `brink exact`: the same as `brink run --engine exact`.
void AddExactCommand(CLI::App* app, CommandOptions* options);
void AddBenchCommand(CLI::App* app, CommandOptions* options);
// `brink sweep` and `brink sensitivity` (cli/analysis.cpp).
void AddSweepCommand(CLI::App* app, CommandOptions* options);
void AddSensitivityCommand(CLI::App* app, CommandOptions* options);
int Sweep(const CommandOptions& options);
int Sensitivity(const CommandOptions& options);

// The terminal tables of sweep and sensitivity, also printed by `brink show` from the files.
struct SweepRow {
  std::vector<double> values;  // one per axis
  double probability, low, high;  // the target figure and its 95% interval
  // With --baseline: the target's difference from the baseline point, paired 95% interval.
  bool versus = false;
  double difference = 0, paired_low = 0, paired_high = 0;
};
void PrintSweepTable(std::ostream& out, const Model& model, int target,
                     const std::vector<std::string>& axes, const std::vector<SweepRow>& rows,
                     size_t total, const std::vector<std::string>& at_medians);
void PrintSensitivity(std::ostream& out, const Model& model, int target,
                      const std::vector<TornadoBar>& bars,
                      const std::vector<EventImportance>& importance,
                      const std::vector<RankCorrelation>& ranks, int draws);
// The Sobol table of `brink sensitivity --sobol`.
void PrintSobol(std::ostream& out, const Model& model, int target,
                const std::vector<SobolIndex>& indices, int samples);
// The --target text that names figure `target` of Results::figures: "level:K" or an event id.
std::string TargetText(const Model& model, int target);
// The most sweep points the terminal table shows (sweep.csv has them all).
constexpr size_t kTableRows = 1000;

// `brink compare` (cli/compare_command.cpp); its table, also printed by `brink show`.
void AddCompareCommand(CLI::App* app, CommandOptions* options);
int Compare(const CommandOptions& options);
void PrintCompare(std::ostream& out, const Model& model, const CompareOutcome& outcome,
                  const RunInfo& info);

// `brink report DIR` and `brink graph MODEL` (cli/picture_commands.cpp), and the --report
// option of the commands that run a model.
void AddReportCommand(CLI::App* app, CommandOptions* options);
int Report(const CommandOptions& options);
void AddGraphCommand(CLI::App* app, CommandOptions* options);
int Graph(const CommandOptions& options);
void AddReportOption(CLI::App* command, CommandOptions* options);
// `brink show DIR` (cli/show.cpp).
void AddShowCommand(CLI::App* app, CommandOptions* options);
int Show(const CommandOptions& options);

extern const char* const kOutHelp;  // --out's help
void AddFormatOption(CLI::App* command, CommandOptions* options);

// Shared by the commands that run a model: the request from the flags (seed, threads, draws,
// sampling, engine, precision control), and the options that set them.
struct RunRequest;
void FillRequest(const CommandOptions& options, RunRequest* request);
void AddSamplingOptions(CLI::App* command, CommandOptions* options);
void AddPrecisionOptions(CLI::App* command, CommandOptions* options);
void AddSimdOption(CLI::App* command, CommandOptions* options);
// The kernel --simd (or else BRINK_SIMD) asks for, resolved to one this CPU has: never kAuto.
// Throws UsageError for a kernel this CPU or build lacks.
SimdKernel ChosenKernel(const CommandOptions& options);

// Runs the chosen subcommand; returns the exit status.
int RunSelected(const CLI::App& app, const CommandOptions& options);
// Every command on `app`, with the version flag and the examples (cli/app.cpp).
void AddCommands(CLI::App* app, CommandOptions* options);
// Runs one command given as its arguments ({"run", MODEL, "--trials", "1000", ...}) on top of
// `base` (e.g. a model's text, a progress hook), as the binary would, without printing when
// base.quiet. Returns the exit status; throws ModelError, UsageError (a bad flag too),
// IoError, and whatever the progress hook throws.
int RunCommandLine(const std::vector<std::string>& args, const CommandOptions& base);

}  // namespace brink

#endif  // BRINK_CLI_COMMANDS_H_
