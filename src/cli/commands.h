// brink's subcommands on the command line: each Add*Command registers its flags on the app,
// and RunSelected maps the chosen command's flags to its typed request (brink/command.h),
// executes it and prints the outcome (a table or one JSON document). Errors are thrown
// (ModelError, UsageError with {field} marks, IoError) for main to report.
#ifndef BRINK_CLI_COMMANDS_H_
#define BRINK_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "brink/command.h"
#include "brink/names.h"
#include "cli/flags.h"
#include "cli/process_group.h"

namespace brink {

// The flags as given, before they are parsed into a request. Numbers stay text until the
// one strict parser reads them (cli/flags.h), so that "1e6" is accepted and "0x10" is not.
struct Flags {
  std::string command_line;
  // The processes of an MPI job; a worker (rank > 0) computes its share and writes and prints
  // nothing.
  const ProcessGroup* cluster = nullptr;
  bool worker = false;
  std::string simd_env;           // the BRINK_SIMD environment variable, the default of --simd
  std::string model_path;         // MODEL, or DIR for report and show
  std::string trials = std::to_string(kDefaultTrials);
  std::string seed = std::to_string(kDefaultSeed);
  std::string threads;            // "" (not given): all cores
  std::string out_dir = "results";
  std::vector<std::string> sets;  // NAME=VALUE
  Engine engine = Engine::kFast;
  SimdKernel simd = SimdKernel::kAuto;
  std::string draws;
  Sampling sampling = Sampling::kLatinHypercube;
  bool quiet = false;
  OutputFormat format = OutputFormat::kTable;
  std::string given;
  std::string history;
  std::string max_states = std::to_string(kDefaultMaxStates);
  std::string max_memory;
  std::string precision;
  std::string max_trials = std::to_string(kDefaultMaxTrials);
  std::string target;
  bool rare = false;
  std::vector<std::string> varies;
  std::string sweep_baseline;     // "" with the flag alone: point 0
  std::string swing = "50%";
  bool sobol = false;
  std::string sobol_samples = std::to_string(kDefaultSobolSamples);
  std::vector<std::string> arm_a, arm_b;
  std::string b_model;
  std::string report;             // --report's value: "" (the flag alone), static or live
  bool live = false;              // brink report --live
  GraphFormat graph_format = GraphFormat::kDot;
  std::string graph_output;
  bool json = false;
  bool quick = false;
  bool print_model = false;
  std::string baseline;
};

void AddRunCommand(CLI::App* app, Flags* flags);
void AddExactCommand(CLI::App* app, Flags* flags);
void AddValidateCommand(CLI::App* app, Flags* flags);
void AddBenchCommand(CLI::App* app, Flags* flags);
void AddSweepCommand(CLI::App* app, Flags* flags);
void AddSensitivityCommand(CLI::App* app, Flags* flags);
void AddCompareCommand(CLI::App* app, Flags* flags);
void AddReportCommand(CLI::App* app, Flags* flags);
void AddGraphCommand(CLI::App* app, Flags* flags);
void AddShowCommand(CLI::App* app, Flags* flags);

// The options several commands share.
extern const char* const kOutHelp;  // --out's help
void AddFormatOption(CLI::App* command, Flags* flags);
void AddSamplingOptions(CLI::App* command, Flags* flags);
void AddPrecisionOptions(CLI::App* command, Flags* flags);
void AddSimdOption(CLI::App* command, Flags* flags);
void AddReportOption(CLI::App* command, Flags* flags);
// --report's kind; nullopt when the flag is not given. Throws UsageError for another value.
std::optional<ReportKind> ReportOf(const CLI::App& command, const Flags& flags);
void AddMaxStatesOption(CLI::App* command, Flags* flags);

// The shared fields of a request from the flags of `command`, and the context (the command
// line, the MPI group, the progress line's callback `progress`).
void FillModelRun(const CLI::App& command, const Flags& flags, ModelRun* request);
Context CommandContext(const Flags& flags, std::function<void(double)> progress);
// The kernel --simd (or else BRINK_SIMD) asks for. Throws UsageError for an unknown name.
SimdKernel ChosenKernel(const CLI::App& command, const Flags& flags);
// Whether `flag` was given to `command`.
bool Given(const CLI::App& command, const std::string& flag);
// A command's warning, on standard error, as the command meets it (Context::warn).
void PrintWarning(const std::string& warning);
// An option taking a whole number in [low, high] (parsed later by ParseWhole), its help
// showing the range.
CLI::Option* AddWholeOption(CLI::App* command, const std::string& flags, std::string* value,
                            const std::string& help, int low, int high);

// Executes `request` (brink/command.h) with the flags' context and, unless quiet, a progress
// line on the terminal, cleared before the outcome is printed.
template <class Request>
auto ExecuteWithProgress(Request request, const Flags& flags) {
  Progress progress(!flags.quiet);
  request.context = CommandContext(flags, progress.Callback());
  return Execute(request);
}

// The commands (cli/analysis.cpp, cli/compare_command.cpp, cli/picture_commands.cpp).
int Sweep(const CLI::App& command, const Flags& flags);
int Sensitivity(const CLI::App& command, const Flags& flags);
int Compare(const CLI::App& command, const Flags& flags);
int Report(const CLI::App& command, const Flags& flags);
int Graph(const CLI::App& command, const Flags& flags);
int Show(const CLI::App& command, const Flags& flags);

// Runs the chosen subcommand; returns the exit status.
int RunSelected(const CLI::App& app, const Flags& flags);
// Every command on `app`, with the version flag and the examples (cli/app.cpp).
void AddCommands(CLI::App* app, Flags* flags);

}  // namespace brink

#endif  // BRINK_CLI_COMMANDS_H_
