#include "command/record.h"

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <thread>

#include "brink/error.h"
#include "brink/html_report.h"
#include "brink/load.h"
#include "brink/structure.h"
#include "brink/version.h"

namespace brink {
namespace fs = std::filesystem;
namespace {

std::string ModelStem(const ModelInput& model) {
  if (model.path == "-") return "stdin";
  std::string stem = fs::path(model.path).stem().string();
  return stem.empty() ? "model" : stem;
}

bool Shared(const Context& context) {
  return context.cluster != nullptr && context.cluster->size() > 1;
}

// After a run wrote its files to `out`: when no `out` was given, points the link
// PARENT/MODEL-latest at it (replaced in one rename; a file of that name that is not a link
// is left alone).
void LinkLatest(const ModelInput& model, const Output& output, const std::string& out) {
  if (output.out) return;
  const fs::path link = fs::path(output.parent) / (ModelStem(model) + "-latest");
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(link, ec);
  if (status.type() != fs::file_type::not_found && status.type() != fs::file_type::symlink)
    return;
  const fs::path temp = fs::path(output.parent) /
                        ("." + link.filename().string() + ".brink-" + std::to_string(::getpid()));
  fs::remove(temp, ec);
  fs::create_symlink(fs::path(out).filename(), temp, ec);
  if (!ec) fs::rename(temp, link, ec);
  if (ec) fs::remove(temp, ec);
}

}  // namespace

bool IsWorker(const Context& context) {
  return context.cluster != nullptr && context.cluster->rank() > 0;
}

int ExitStatusOf(std::exception_ptr error) {
  if (!error) return 0;
  try {
    std::rethrow_exception(error);
  } catch (const UsageError&) {
    return 2;
  } catch (const ModelError&) {
    return 2;
  } catch (const OtherRankFailed& e) {
    return e.status;
  } catch (...) {
    return 1;
  }
}

void ShareStatus(const Cluster& cluster, std::exception_ptr error) {
  int status = cluster.rank() == 0 ? ExitStatusOf(error) : 0;
  cluster.Broadcast(&status);
  if (error) std::rethrow_exception(error);
  if (status != 0) throw OtherRankFailed{status};
}

std::string OutputPath(const ModelInput& model, const Output& output) {
  if (output.out) return *output.out;
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
  const std::string base =
      (fs::path(output.parent) / (ModelStem(model) + "-" + stamp)).string();
  std::string path = base;
  std::error_code ec;
  for (int n = 2; fs::symlink_status(path, ec).type() != fs::file_type::not_found; ++n)
    path = base + "-" + std::to_string(n);
  return path;
}

std::string ReadModelForCommand(const Context& context, const ModelInput& model,
                                std::string* shown_path, const std::string& what) {
  if (model.text) {
    *shown_path = model.path;
    return *model.text;
  }
  std::string text;
  std::exception_ptr error;
  if (!IsWorker(context)) {
    try {
      text = ReadModelText(model.path, shown_path, what);
    } catch (...) {
      error = std::current_exception();
    }
  }
  if (!Shared(context)) {
    if (error) std::rethrow_exception(error);
    return text;
  }
  ShareStatus(*context.cluster, error);
  context.cluster->Broadcast(&text);
  *shown_path = model.path == "-" ? "<stdin>" : model.path;
  return text;
}

std::unique_ptr<OutputFolder> OpenOutput(const Context& context, const Output& output,
                                         const std::string& out,
                                         const std::function<void(const OutputFolder&)>& check) {
  std::unique_ptr<OutputFolder> folder;
  std::exception_ptr error;
  if (IsWorker(context)) {
    folder = std::make_unique<OutputFolder>(OutputFolder::Discard{});
  } else if (output.files != nullptr) {
    folder = std::make_unique<OutputFolder>(OutputFolder::InMemory{output.files});
  } else {
    try {
      folder = std::make_unique<OutputFolder>(out);
      if (check) check(*folder);
    } catch (...) {
      error = std::current_exception();
    }
  }
  if (Shared(context))
    ShareStatus(*context.cluster, error);
  else if (error)
    std::rethrow_exception(error);
  return folder;
}

Model LoadForCommand(const ModelInput& input, const Context& context, SettingTexts* sets,
                     std::vector<std::string>* structure_text) {
  std::string shown;
  const std::string text = ReadModelForCommand(context, input, &shown);
  Model model = LoadModelFromString(text, shown);
  SettingTexts parameters;
  std::vector<StructureSetting> structure;
  for (const auto& [name, value] : *sets) {
    if (!IsStructureName(model, name)) {
      parameters.emplace_back(name, value);
      continue;
    }
    for (const StructureSetting& earlier : structure)
      if (StructureText(model, earlier).rfind(name + "=", 0) == 0)
        throw UsageError("{set} " + name + " is given twice: give it once");
    structure.push_back(ParseStructure(model, name, value, "{set}"));
  }
  *sets = parameters;
  for (const StructureSetting& s : structure) structure_text->push_back(StructureText(model, s));
  return structure.empty() ? model : WithStructure(model, structure);
}

std::vector<std::pair<std::string, double>> ParseSettings(const Model& model,
                                                          const SettingTexts& sets,
                                                          const std::string& field) {
  const std::string flag = "{" + field + "}";
  std::vector<std::pair<std::string, double>> out;
  for (const auto& [name, text] : sets) {
    double value = 0;
    const int index = model.FindParameter(name);
    if (index >= 0 && model.parameters[index].IsAmount()) {
      if (!ParsePointAmount(text, &value))
        throw UsageError(flag + " " + name + ": '" + text +
                         "' is not an amount (a number >= 0, without a percent sign)");
    } else if (!ParsePointProbability(text, &value)) {
      throw UsageError(flag + " " + name + ": '" + text +
                       "' is not a probability (a number in [0, 1] or a percent)");
    }
    for (const auto& [earlier, earlier_value] : out)
      if (earlier == name)
        throw UsageError(flag + " " + name + " is given twice (" + FormatNumber(earlier_value) +
                         " and " + FormatNumber(value) + "): give each parameter once");
    out.emplace_back(name, value);
  }
  return out;
}

void RefuseQuantities(const Model& model, const std::string& what) {
  if (model.quantities.empty()) return;
  throw UsageError(model.path + " has quantities, which " + what +
                   " does not total yet: brink run does (docs/quantities.md)");
}

void CommitRecord(const Context& context, const ModelInput& input, const Output& output,
                  const Model& model, RunInfo* info, OutputFolder* folder,
                  const std::string& out,
                  const std::vector<std::pair<std::string, std::string>>& models) {
  folder->Add("model.yaml", model.source);
  for (const auto& [name, text] : models) folder->Add(name, text);
  info->files = folder->written();
  if (output.report) info->files.push_back("report.html");
  if (IsWorker(context)) return;  // rank 0 writes
  folder->Add("run.json", RunJson(model, *info));
  // The report is drawn from the files staged so far, and lands with them in one commit.
  if (output.report)
    folder->Add("report.html", folder->in_memory()
                                   ? ReportHtmlOfFiles(folder->pending(), *output.report)
                                   : ReportHtml(folder->staging(), *output.report));
  folder->Commit();
  if (!folder->in_memory()) LinkLatest(input, output, out);
}

RunInfo RecordInfo(CommandKind command, const Context& context, Engine engine,
                   const std::vector<std::string>& structure,
                   const std::vector<std::pair<std::string, double>>& pins, const Model& model,
                   const ParameterSetting& setting, const RunSettings& request) {
  RunInfo info = RunRecord(command, engine, request, model, setting, pins);
  info.command_line = context.command_line;
  {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    info.started = text;
  }
  info.structure = structure;
  return info;
}

uint64_t DefaultMaxMemory() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? static_cast<uint64_t>(pages) * static_cast<uint64_t>(page) / 2
                               : 0;
}

int Threads(int requested) {
  if (requested > 0) return requested;
  // The cores this process may run on: all of the machine's, or those mpirun, taskset or a
  // batch system bound it to (so that N ranks on one machine do not each take every core).
  cpu_set_t cpus;
  if (sched_getaffinity(0, sizeof cpus, &cpus) == 0 && CPU_COUNT(&cpus) > 0)
    return CPU_COUNT(&cpus);
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

RunRequest BaseRequest(const ModelRun& options) {
  RunRequest request;
  request.seed = options.seed;
  request.trials = options.trials.value_or(kDefaultTrials);
  request.threads = Threads(options.threads);
  request.draws = options.draws.value_or(0);
  request.engine = options.engine;
  request.simd = ResolveKernel(options.simd);
  request.max_memory = options.max_memory ? *options.max_memory : DefaultMaxMemory();
  request.cluster = options.context.cluster;
  if (Shared(options.context)) {
    // The default limit is half of each machine's memory: every rank takes rank 0's, so that
    // all refuse a run or none does.
    std::string limit = std::to_string(request.max_memory);
    options.context.cluster->Broadcast(&limit);
    request.max_memory = std::stoull(limit);
  }
  request.max_states = options.max_states;
  request.sampling = options.sampling;
  return request;
}

void SetPrecision(const std::optional<Precision>& precision, uint64_t max_trials, Target target,
                  RunRequest* request) {
  if (!precision) return;
  request->mode = PrecisionGoal{precision->half_width, precision->relative, target.row,
                               max_trials, target.now};
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace brink
