// brink report, graph, validate, show and bench (brink/command.h).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bench/bench.h"
#include "bench/synthetic.h"
#include "brink/command.h"
#include "brink/error.h"
#include "brink/html_report.h"
#include "brink/load.h"
#include "brink/model_graph.h"
#include "brink/report.h"
#include "command/record.h"

namespace brink {

ReportOutcome Execute(const ReportCommand& command) {
  const std::filesystem::path folder = command.folder;
  if (!std::filesystem::is_directory(folder))
    throw UsageError(command.folder + " is not a folder (name a run's output folder)");
  WriteReport(folder, command.kind);
  ReportOutcome outcome;
  outcome.path = (folder / "report.html").string();
  outcome.bytes = std::filesystem::file_size(outcome.path);
  return outcome;
}

GraphOutcome Execute(const GraphCommand& command) {
  SettingTexts sets;
  std::vector<std::string> structure;
  const Model model = LoadForCommand(command.model, Context{}, &sets, &structure);
  GraphOutcome outcome;
  outcome.text = ModelDot(model);
  switch (command.format) {
    case GraphFormat::kDot: break;
    case GraphFormat::kSvg: outcome.text = RenderDot(outcome.text, GraphFormat::kSvg); break;
    case GraphFormat::kPng:
      outcome.text = RenderDot(outcome.text, GraphFormat::kPng);
      outcome.binary = true;
      break;
  }
  if (!command.output) return outcome;
  // A temporary file beside the target, renamed over it.
  const std::string& path = *command.output;
  std::string temp = path + ".XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) throw UsageError("cannot write " + path + ": its folder is not writable");
  const std::string& text = outcome.text;
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::fchmod(fd, 0644) == 0 && ok;
  ok = ::close(fd) == 0 && ok;
  if (!ok || std::rename(temp.c_str(), path.c_str()) != 0) {
    ::unlink(temp.c_str());
    throw IoError("cannot write " + path);
  }
  outcome.text.clear();
  return outcome;
}

ValidateOutcome Execute(const ValidateCommand& command) {
  std::string shown;
  const std::string text = ReadModelForCommand(Context{}, command.model, &shown);
  return {LoadModelFromString(text, shown)};
}

ShowOutcome Execute(const ShowCommand& command) {
  std::ostringstream table;
  ShowFolder(command.folder, table);
  return {table.str()};
}

BenchOutcome Execute(const BenchCommand& command, std::ostream& log) {
  BenchOutcome outcome;
  if (command.print_model) {
    outcome.model_yaml = SyntheticModelYaml(kBenchEvents, kBenchSteps, kBenchSeed);
    return outcome;
  }
  BenchOptions bench;
  bench.quick = command.quick;
  bench.model_path = command.model.value_or("");
  bench.kernels = command.kernels.empty() ? AvailableKernels() : command.kernels;
  for (SimdKernel& kernel : bench.kernels) kernel = ResolveKernel(kernel);
  const std::vector<BenchFigure> figures = RunBenchSuite(bench, log);
  outcome.json = BenchJson(figures);
  if (!command.baseline) return outcome;
  std::ifstream in(*command.baseline);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) throw UsageError("cannot read the baseline '" + *command.baseline + "'");
  outcome.regressions = Regressions(figures, text.str());
  return outcome;
}

}  // namespace brink
