#include "cli/record.h"

#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <filesystem>

#include "brink/error.h"
#include "brink/html_report.h"
#include "brink/load.h"
#include "brink/structure.h"
#include "brink/version.h"
#include "cli/flags.h"

namespace brink {
namespace fs = std::filesystem;
namespace {

std::string ModelStem(const CommandOptions& options) {
  if (options.model_path == "-") return "stdin";
  std::string stem = fs::path(options.model_path).stem().string();
  return stem.empty() ? "model" : stem;
}

}  // namespace

std::string OutputPath(const CommandOptions& options) {
  if (options.out_set) return options.out_dir;
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
  const std::string base = (fs::path(options.out_dir) / (ModelStem(options) + "-" + stamp)).string();
  std::string path = base;
  std::error_code ec;
  for (int n = 2; fs::symlink_status(path, ec).type() != fs::file_type::not_found; ++n)
    path = base + "-" + std::to_string(n);
  return path;
}

void LinkLatest(const CommandOptions& options, const std::string& out) {
  if (options.out_set) return;
  const fs::path link = fs::path(options.out_dir) / (ModelStem(options) + "-latest");
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(link, ec);
  if (status.type() != fs::file_type::not_found && status.type() != fs::file_type::symlink)
    return;
  const fs::path temp = fs::path(options.out_dir) /
                        ("." + link.filename().string() + ".brink-" + std::to_string(::getpid()));
  fs::remove(temp, ec);
  fs::create_symlink(fs::path(out).filename(), temp, ec);
  if (!ec) fs::rename(temp, link, ec);
  if (ec) fs::remove(temp, ec);
}

std::string ReadModelForCommand(const CommandOptions& options, const std::string& path,
                                std::string* shown_path) {
  std::string text;
  std::exception_ptr error;
  if (options.has_model_text && path == options.model_path) {
    *shown_path = path;
    return options.model_text;
  }
  if (!options.worker) {
    try {
      text = ReadModelText(path, shown_path);
    } catch (...) {
      error = std::current_exception();
    }
  }
  if (options.cluster == nullptr || options.cluster->size() == 1) {
    if (error) std::rethrow_exception(error);
    return text;
  }
  options.cluster->ShareStatus(error);
  options.cluster->Broadcast(&text);
  *shown_path = path == "-" ? "<stdin>" : path;
  return text;
}

std::unique_ptr<OutputFolder> OpenOutput(const CommandOptions& options, const std::string& out,
                                         const std::function<void(const OutputFolder&)>& check) {
  std::unique_ptr<OutputFolder> folder;
  std::exception_ptr error;
  if (options.worker) {
    folder = std::make_unique<OutputFolder>(OutputFolder::Discard{});
  } else {
    try {
      folder = std::make_unique<OutputFolder>(out);
      if (check) check(*folder);
    } catch (...) {
      error = std::current_exception();
    }
  }
  if (options.cluster != nullptr && options.cluster->size() > 1)
    options.cluster->ShareStatus(error);
  else if (error)
    std::rethrow_exception(error);
  return folder;
}

Model LoadForCommand(CommandOptions* options) {
  std::string shown;
  const std::string text = ReadModelForCommand(*options, options->model_path, &shown);
  Model model = LoadModelFromString(text, shown);
  std::vector<std::string> parameters;
  std::vector<StructureSetting> structure;
  for (const std::string& set : options->sets) {
    const size_t eq = set.find('=');
    const std::string name = set.substr(0, eq);
    if (eq == std::string::npos || !IsStructureName(model, name)) {
      parameters.push_back(set);
      continue;
    }
    for (const StructureSetting& earlier : structure)
      if (StructureText(model, earlier).rfind(name + "=", 0) == 0)
        throw UsageError("--set " + name + " is given twice: give it once");
    structure.push_back(ParseStructure(model, name, set.substr(eq + 1), "--set"));
  }
  options->sets = parameters;
  for (const StructureSetting& s : structure) options->structure.push_back(StructureText(model, s));
  return structure.empty() ? model : WithStructure(model, structure);
}

void CommitRecord(const CommandOptions& options, const Model& model, const RunInfo& info,
                  OutputFolder* folder, const std::string& out) {
  if (options.worker) return;  // rank 0 writes
  folder->Add("model.yaml", model.source);
  if (!options.report) {
    folder->Add("run.json", RunJson(model, info));
  } else {
    // The report is drawn from the files staged so far, and lands with them in one commit.
    RunInfo listed = info;
    listed.files.push_back("report.html");
    folder->Add("run.json", RunJson(model, listed));
    folder->Add("report.html", ReportHtml(folder->staging()));
  }
  folder->Commit();
  LinkLatest(options, out);
}

RunInfo RecordInfo(const std::string& command, const CommandOptions& options, const Model& model,
                   const ParameterSetting& setting, const RunRequest& request) {
  RunInfo info;
  info.version = kVersion;
  info.command = command;
  info.command_line = options.command_line;
  info.ranks = options.cluster != nullptr ? options.cluster->size() : 1;
  {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    info.started = text;
  }
  info.engine = options.engine;
  if (options.engine == "fast") info.kernel = KernelName(request.simd);
  info.seed = request.seed;
  info.threads = request.threads;
  info.structure = options.structure;
  std::vector<bool> pinned(model.parameters.size(), false);
  for (const auto& [name, value] : ParseSets(options.sets)) {
    const int p = model.FindParameter(name);
    if (p >= 0) pinned[p] = true;
  }
  for (size_t p = 0; p < model.parameters.size(); ++p) {
    const Parameter& parameter = model.parameters[p];
    ParameterRecord record;
    record.name = parameter.name;
    record.value = setting.base[p];
    record.how = pinned[p] ? ParameterRecord::How::kSet
                 : parameter.dist.IsUncertain() ? ParameterRecord::How::kMedian
                                                : ParameterRecord::How::kPoint;
    info.parameters.push_back(record);
  }
  return info;
}

}  // namespace brink
