// The run record and the output folder, shared by the commands (brink/command.h): where a
// command's files go when no `out` is given, the `-latest` link, the model read by rank 0
// alone, the run.json fields every command shares, and the request turned into a RunRequest.
#ifndef BRINK_COMMAND_RECORD_H_
#define BRINK_COMMAND_RECORD_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "brink/command.h"
#include "brink/model.h"
#include "brink/output_folder.h"
#include "brink/report.h"
#include "brink/run.h"

namespace brink {

// True on the ranks of an MPI job other than 0: they compute and write nothing.
bool IsWorker(const Context& context);

// The output folder: output.out when given; else a new folder PARENT/MODEL-YYYYMMDD-HHMMSS
// (local time; "-2", "-3"... when a run of the same second has it), MODEL being the model
// file's name without its extension ("stdin" for a model read from standard input).
std::string OutputPath(const ModelInput& model, const Output& output);

// The model's text and the name messages give it ("<stdin>" for "-"): read by rank 0 alone
// and sent to the other ranks of an MPI job (a failure to read is agreed, so every rank stops
// with it). `what` names the file in messages: "model" or "history".
std::string ReadModelForCommand(const Context& context, const ModelInput& model,
                                std::string* shown_path, const std::string& what = "model");

// The command's output folder `out`, opened and checked by `check` (e.g. for free space) on
// rank 0; on the other ranks, a folder that writes nothing; with output.files, a folder in
// memory. Every rank learns whether rank 0 succeeded before any goes on. Throws UsageError,
// IoError (rank 0), OtherRankFailed.
std::unique_ptr<OutputFolder> OpenOutput(
    const Context& context, const Output& output, const std::string& out,
    const std::function<void(const OutputFolder&)>& check = nullptr);

// The model with the structural settings among `sets` applied ("horizon" = "36",
// "delay:EVENT" = "1:3"; brink/structure.h), which are moved from *sets to *structure (as
// text, for run.json). Throws ModelError, UsageError.
Model LoadForCommand(const ModelInput& input, const Context& context, SettingTexts* sets,
                     std::vector<std::string>* structure);

// Point settings as (name, value): a probability, or for an amount (Parameter::IsAmount) a
// number >= 0. Throws UsageError naming `field` ("set", "a", "b").
std::vector<std::pair<std::string, double>> ParseSettings(const Model& model,
                                                          const SettingTexts& sets,
                                                          const std::string& field);

// Refuses a model with quantities in a command that does not total them yet (`what`, e.g.
// "brink sweep"): a UsageError that says so, rather than figures without them.
void RefuseQuantities(const Model& model, const std::string& what);

// The end of every command's writing: model.yaml (then `models`, other models' copies as
// (name, text)) and run.json beside the files already added (report.html too with
// output.report), the folder committed, and the -latest link. info->files becomes the files
// written (every rank's record lists them; only rank 0 writes). Throws IoError.
void CommitRecord(const Context& context, const ModelInput& input, const Output& output,
                  const Model& model, RunInfo* info, OutputFolder* folder,
                  const std::string& out,
                  const std::vector<std::pair<std::string, std::string>>& models = {});

// The run.json fields every command shares: version, command, command line, seed, threads,
// engine and kernel, and every parameter's resolved value in `setting` (point value, median,
// or pinned by `pins`).
RunInfo RecordInfo(CommandKind command, const Context& context, Engine engine,
                   const std::vector<std::string>& structure,
                   const std::vector<std::pair<std::string, double>>& pins, const Model& model,
                   const ParameterSetting& setting, const RunSettings& settings);

// The RunRequest of a request's shared options (seed, threads, draws, sampling, engine,
// kernel, memory and state bounds, MPI group), in mode FixedTrials. REQUIRES: Check passed.
RunRequest BaseRequest(const ModelRun& request);
// With `precision`, request->mode becomes precision control of figure `target`.
// REQUIRES: Check passed (a Monte Carlo engine).
void SetPrecision(const std::optional<Precision>& precision, uint64_t max_trials, Target target,
                  RunRequest* request);

// max_memory's default: half of this machine's physical memory.
uint64_t DefaultMaxMemory();
// Worker threads: `requested`, or for 0 the cores this process may run on (its CPU affinity).
int Threads(int requested);

// Seconds since `start`.
double SecondsSince(std::chrono::steady_clock::time_point start);

}  // namespace brink

#endif  // BRINK_COMMAND_RECORD_H_
