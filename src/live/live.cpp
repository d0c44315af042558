// The engine of the live report (docs/reports.md), compiled to WebAssembly: the page's Web
// Worker hands it a request as JSON and gets back the files `brink run` would write for the
// same settings and the page's new content, both made by brink's own code (RunModel, the
// writers of src/report, the report's body). Nothing here reads or writes a file.
//
// Request: {"model": ModelToJson's text, "model_yaml": the model's YAML (model.yaml),
// "sets": [[name, text]...] (as --set NAME=TEXT), "trials": N, "seed": "S" (decimal text: a seed may pass
// 2^53), "draws": D (0: the default), "sampling": "lhs"|"random"|"sobol", "kernel":
// "auto"|"wasm"|"scalar", "started": an ISO 8601 time, "command_line": the equivalent brink
// command, "structure": the run's --set horizon= and delay: settings as text}.
// Answer: {"ok": true, "files": {name: text}, "header", "sections", "specs", "kernel",
// "seconds"} or {"ok": false, "error": message}.
#include <emscripten/emscripten.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "brink/error.h"
#include "brink/load.h"
#include "brink/model_json.h"
#include "brink/report.h"
#include "brink/run.h"
#include "brink/simd.h"
#include "brink/version.h"
#include "engine/engine.h"
#include "report/report_body.h"

namespace brink {
namespace {

using Json = nlohmann::ordered_json;

Json Run(const Json& request) {
  const auto start = std::chrono::steady_clock::now();
  auto mark = start;
  Json profile;  // where the time goes, in ms (docs/reports.md)
  auto lap = [&](const char* what) {
    const auto now = std::chrono::steady_clock::now();
    profile[what] = std::chrono::duration<double, std::milli>(now - mark).count();
    mark = now;
  };
  const Model model = ModelFromJson(request.at("model").get<std::string>(),
                                    request.at("model_yaml").get<std::string>());
  // Each pin as the command line's --set NAME=TEXT reads it (the same parser, the same value).
  std::vector<std::pair<std::string, double>> sets;
  for (const Json& set : request.at("sets")) {
    const std::string name = set.at(0).get<std::string>(), text = set.at(1).get<std::string>();
    double value = 0;
    if (model.FindParameter(name) < 0 || !ParsePointProbability(text, &value))
      throw UsageError("--set " + name + "=" + text + ": not a parameter's probability");
    sets.emplace_back(name, value);
  }
  const ParameterSetting setting = SettleParameters(model, sets);
  lap("model");
  RunRequest run;
  run.seed = std::stoull(request.at("seed").get<std::string>());
  run.trials = request.at("trials").get<uint64_t>();
  run.threads = 1;
  run.draws = request.at("draws").get<int>();
  const std::optional<Sampling> sampling = ParseName<Sampling>(request.at("sampling").get<std::string>());
  if (!sampling) throw UsageError("unknown sampling");
  run.sampling = *sampling;
  const std::optional<SimdKernel> kernel = ParseName<SimdKernel>(request.at("kernel").get<std::string>());
  if (!kernel) throw UsageError("unknown kernel");
  run.simd = ResolveKernel(*kernel);
  // As `brink run` (src/command/run_command.cpp): a version-2 model, which the fast engine does
  // not run yet, runs on the reference engine, and run.json says so.
  if (model.IsTwoWay()) run.engine = Engine::kReference;
  if (run.trials < 1 || run.trials > kMaxTrials) throw UsageError("trials out of range");
  if (run.draws < 0 || run.draws > kMaxDraws) throw UsageError("draws out of range");
  const RunOutcome outcome = RunModel(model, setting, run);
  lap("run");

  // The record and files as the command line builds them (brink/report.h).
  RunInfo info = RunRecord(CommandKind::kRun, run.engine, run, model, setting, sets);
  RecordOutcome(outcome, run.sampling, &info);
  info.command_line = request.value("command_line", "");
  info.started = request.value("started", "");
  for (const Json& text : request.value("structure", Json::array()))
    info.structure.push_back(text.get<std::string>());
  ReportFiles files;
  WriteRunFiles(outcome, [&](const std::string& name, std::string_view piece) {
    if (files.find(name) == files.end()) info.files.push_back(name);
    files[name] += piece;
  });
  files["model.yaml"] = model.source;
  info.files.push_back("model.yaml");
  info.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  files["run.json"] = RunJson(model, info);
  lap("files");
  const ReportBody body = BuildReportBody(files);
  lap("report");
  Json answer;
  answer["ok"] = true;
  answer["files"] = files;
  answer["header"] = body.header;
  answer["sections"] = body.sections;
  answer["specs"] = body.specs;
  answer["kernel"] = info.kernel;
  answer["seconds"] = info.wall_seconds;
  answer["profile"] = profile;
  return answer;
}

}  // namespace
}  // namespace brink

// The answer to `request` (see above), valid until the next call.
extern "C" EMSCRIPTEN_KEEPALIVE const char* brink_live_run(const char* request) {
  static std::string answer;
  try {
    answer = brink::Run(nlohmann::ordered_json::parse(request)).dump();
  } catch (const std::exception& e) {  // a UsageError's what() names its fields bare
    answer = nlohmann::ordered_json{{"ok", false}, {"error", e.what()}}.dump();
  }
  return answer.c_str();
}

// The kernels this module can run, for the page to show ("wasm scalar" or "scalar").
extern "C" EMSCRIPTEN_KEEPALIVE const char* brink_live_kernels() {
  static std::string names;
  names.clear();
  for (brink::SimdKernel kernel : brink::AvailableKernels())
    names += std::string(names.empty() ? "" : " ") + brink::KernelName(kernel);
  return names.c_str();
}
