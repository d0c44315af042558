// The run record: where a command's files go when --out is not given, the `-latest` link, and
// the run.json fields every command shares.
#ifndef BRINK_CLI_RECORD_H_
#define BRINK_CLI_RECORD_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "brink/model.h"
#include "brink/output_folder.h"
#include "brink/report.h"
#include "brink/run.h"
#include "cli/commands.h"

namespace brink {

// The output folder: --out when given; else a new folder results/MODEL-YYYYMMDD-HHMMSS (local
// time; "-2", "-3"... when a run of the same second has it), MODEL being the model file's
// name without its extension ("stdin" for a model read from standard input).
std::string OutputPath(const CommandOptions& options);

// After a run wrote its files to `out`: when --out was not given, points the link
// results/MODEL-latest at it (replaced in one rename; a file of that name that is not a link
// is left alone).
void LinkLatest(const CommandOptions& options, const std::string& out);

// The model file's text and the name messages give it ("<stdin>" for "-"): read by rank 0
// alone and sent to the other ranks of an MPI job (a failure to read is agreed, so every rank
// stops with it).
std::string ReadModelForCommand(const CommandOptions& options, const std::string& path,
                                std::string* shown_path);

// The command's output folder `out`, opened and checked by `check` (e.g. for free space) on
// rank 0; on the other ranks of an MPI job, a folder that writes nothing. Every rank learns
// whether rank 0 succeeded before any goes on. Throws UsageError, IoError (rank 0),
// OtherRankFailed (the others).
std::unique_ptr<OutputFolder> OpenOutput(
    const CommandOptions& options, const std::string& out,
    const std::function<void(const OutputFolder&)>& check = nullptr);

// Loads options->model_path and applies the structural settings among options->sets
// ("horizon=36", "delay:EVENT=1:3"; brink/structure.h), which it moves from sets to
// options->structure (as text, for run.json). Throws ModelError, UsageError.
Model LoadForCommand(CommandOptions* options);

// The end of every command's writing: model.yaml and run.json beside the files already added,
// the folder committed, and the -latest link (LinkLatest). Throws IoError.
void CommitRecord(const CommandOptions& options, const Model& model, const RunInfo& info,
                  OutputFolder* folder, const std::string& out);

// The run.json fields every command shares: version, command, command line, seed, threads,
// engine and kernel, and every parameter's resolved value in `setting` (point value, median,
// or the --set pin).
RunInfo RecordInfo(const std::string& command, const CommandOptions& options, const Model& model,
                   const ParameterSetting& setting, const RunRequest& request);

}  // namespace brink

#endif  // BRINK_CLI_RECORD_H_
