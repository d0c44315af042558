// `brink compare`: two arms on the same trials, and the paired difference of every figure.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "brink/compare.h"
#include "brink/error.h"
#include "brink/load.h"
#include "brink/output_folder.h"
#include "brink/report.h"
#include "brink/sampling.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/json_output.h"
#include "cli/record.h"

namespace brink {
namespace {

// Percentage points with a sign: "+1.23".
std::string Points(double d) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%+.2f", 100 * RoundForOutput(d));
  return std::string(buffer) == "-0.00" ? "+0.00" : buffer;
}

std::string Pins(const Settings& pins) {
  std::string text;
  for (const auto& [name, value] : pins)
    text += (text.empty() ? "" : ", ") + name + "=" + FixedPercent(value);
  return text;
}

std::string Pad(const std::string& s, size_t width) {
  size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  return chars >= width ? s : s + std::string(width - chars, ' ');
}

}  // namespace

void AddCompareCommand(CLI::App* app, CommandOptions* options) {
  CLI::App* compare = app->add_subcommand(
      "compare", "Run two arms on the same trials and report each figure's paired difference");
  compare->add_option("MODEL", options->model_path, "The model file (YAML); - reads it from standard input")->required();
  compare->add_option("--a", options->arm_a,
                      "Arm A: set a named parameter, as --set does (repeatable)");
  compare->add_option("--b", options->arm_b,
                      "Arm B: set a named parameter, as --set does (repeatable)");
  compare->add_option("--b-model", options->b_model,
                      "Arm B runs this model instead (the same events, in the same order)");
  compare->add_option("--set", options->sets, "Set a named parameter in both arms (repeatable)");
  compare->add_option("-n,--trials", options->trials, "Trials per draw (e.g. 1e5)")
      ->capture_default_str();
  compare->add_option("--seed", options->seed, "Seed, shared by both arms")->capture_default_str();
  compare->add_option("-j,--threads", options->threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  compare->add_option("-o,--out", options->out_dir,
                      "Folder for compare.csv and run.json, replaced whole (default: a new "
                      "folder results/MODEL-YYYYMMDD-HHMMSS, linked from results/MODEL-latest)");
  compare->add_option("--engine", options->engine,
                      "fast or reference (identical figures; reference is one trial at a time)")
      ->check(CLI::IsMember({"fast", "reference"}))
      ->capture_default_str();
  AddSamplingOptions(compare, options);
  AddSimdOption(compare, options);
  AddFormatOption(compare, options);
  AddReportOption(compare, options);
  compare->add_flag("-q,--quiet", options->quiet, "Print nothing; only write the files");
  compare->footer(
      "Example:\n"
      "  brink compare models/russia_dprk_treaty.yaml --a invoke_if_attacked=30% "
      "--b invoke_if_attacked=60%");
}

int Compare(const CommandOptions& given_options) {
  CommandOptions options = given_options;
  auto start = std::chrono::steady_clock::now();
  const Model model_a = LoadForCommand(&options);
  Model model_b;
  if (!options.b_model.empty()) {
    std::string shown;
    const std::string text = ReadModelForCommand(options, options.b_model, &shown);
    model_b = LoadModelFromString(text, shown);
  }
  RunRequest request;
  FillRequest(options, &request);
  request.trials = ParseTrials(options.trials);
  CompareArms arms;
  arms.model_a = &model_a;
  arms.model_b = options.b_model.empty() ? &model_a : &model_b;
  arms.sets = ParseSets(options.sets);
  arms.a = ParseSets(options.arm_a, "--a");
  arms.b = ParseSets(options.arm_b, "--b");
  if (arms.a.empty() && arms.b.empty() && options.b_model.empty())
    throw UsageError("compare needs two different arms: give --a NAME=VALUE and --b "
                     "NAME=VALUE, or --b-model FILE");
  // Names are checked here, so that an unknown one is refused before anything runs.
  for (const auto& [name, value] : arms.a) SettleParameters(model_a, {{name, value}});
  for (const auto& [name, value] : arms.b) SettleParameters(*arms.model_b, {{name, value}});
  const std::string out = OutputPath(options);
  const std::unique_ptr<OutputFolder> folder = OpenOutput(options, out);
  CompareOutcome outcome;
  {
    Progress progress(!options.quiet, options.progress_hook);
    request.progress = progress.Callback();
    outcome = RunCompare(arms, request);
  }
  RunInfo info =
      RecordInfo("compare", options, model_a, SettleParameters(model_a, arms.sets), request);
  info.trials = outcome.trials;
  info.draws = outcome.draws;
  info.sampled = outcome.sampled_names;
  if (!outcome.sampled_names.empty())
    info.sampling = outcome.draws == 1 ? "medians" : SamplingName(request.sampling);
  info.pins_a = arms.a;
  info.pins_b = arms.b;
  info.files = {"compare.csv", "model.yaml"};
  if (!options.b_model.empty()) {
    info.model_b = model_b.path;
    info.model_b_sha256 = model_b.sha256;
    info.files.push_back("model_b.yaml");
  }
  info.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  folder->Add("compare.csv", CompareCsv(outcome));
  if (!options.b_model.empty()) folder->Add("model_b.yaml", model_b.source);
  CommitRecord(options, model_a, info, folder.get(), out);
  if (options.quiet) return 0;
  if (options.format == "json") {
    Json document = JsonDocument(RunJson(model_a, info));
    document["figures"] = PairedFiguresJson(outcome.figures);
    document["out"] = out;
    PrintJson(document);
    return 0;
  }
  PrintCompare(std::cout, model_a, outcome, info);
  std::cout << "\nWrote compare.csv, model.yaml" << (options.b_model.empty() ? "" : ", model_b.yaml")
            << " and run.json to " << out << "/\n";
  return 0;
}

void PrintCompare(std::ostream& out, const Model& model, const CompareOutcome& outcome,
                  const RunInfo& info) {
  out << model.scenario << "\n";
  out << "A: " << (info.pins_a.empty() ? "the model as written" : Pins(info.pins_a)) << "\n";
  out << "B: "
      << (!info.model_b.empty()
              ? info.model_b + (info.pins_b.empty() ? "" : " with " + Pins(info.pins_b))
              : info.pins_b.empty() ? "the model as written"
                                    : Pins(info.pins_b))
      << "\n";
  char line[512];
  const std::string draws = info.draws > 1 ? std::to_string(info.draws) + " draws (" +
                                                 info.sampling + ") x "
                                           : "";
  const std::string kernel = info.kernel.empty() ? "" : " (" + info.kernel + " kernel)";
  std::snprintf(line, sizeof line,
                "%s engine%s, seed %llu, %s%llu trials, the same for both arms, %d thread%s, "
                "%.2f s\n",
                info.engine.c_str(), kernel.c_str(), static_cast<unsigned long long>(info.seed),
                draws.c_str(), static_cast<unsigned long long>(info.trials), info.threads,
                info.threads == 1 ? "" : "s", info.wall_seconds);
  out << line;
  if (info.draws == 1 && !info.sampled.empty()) out << MediansLine(info.sampled);
  out << "difference: B - A in percentage points, with 95% intervals: paired (these runs) and "
         "independent (what two separate runs would give)\n";
  const std::string by = "by " + model.step_label + " " + std::to_string(model.horizon);
  auto header = [&](const std::string& title) {
    std::snprintf(line, sizeof line, "%8s %8s %8s   %-18s  %s", "A", "B", "B - A",
                  "paired", "independent");
    out << "\n" << Pad(title + ", " + by, 44) << line << "\n";
  };
  auto row = [&](const PairedFigure& f, const std::string& name) {
    std::snprintf(line, sizeof line, "%8s %8s %8s   %-18s  %s", FixedPercent(f.p_a).c_str(),
                  FixedPercent(f.p_b).c_str(), Points(f.difference).c_str(),
                  (Points(f.paired_low) + " to " + Points(f.paired_high)).c_str(),
                  (Points(f.independent_low) + " to " + Points(f.independent_high)).c_str());
    out << "  " << Pad(name, 42) << line << "\n";
  };
  if (model.num_levels() > 0) {
    header("Escalation level");
    for (const PairedFigure& f : outcome.figures)
      if (f.kind == Figure::Kind::kLevel) row(f, CutText(">= " + f.id + " " + f.label, 42));
  }
  header("Event");
  for (const PairedFigure& f : outcome.figures)
    if (f.kind == Figure::Kind::kEvent) row(f, CutText(f.label.empty() ? f.id : f.label, 42));
  // The gain: how much narrower the paired intervals are, where the arms differ at all.
  double paired = 0, independent = 0;
  for (const PairedFigure& f : outcome.figures)
    if (f.p_a != f.p_b) {
      paired += f.paired_high - f.paired_low;
      independent += f.independent_high - f.independent_low;
    }
  if (paired > 0)
    std::snprintf(line, sizeof line,
                  "\nWhere the arms differ, the paired intervals are %.1f times narrower than "
                  "independent runs' (%.0f times fewer trials for the same width).\n",
                  independent / paired, std::pow(independent / paired, 2));
  else
    std::snprintf(line, sizeof line, "\nThe arms gave the same figures in every trial.\n");
  out << line;
}

}  // namespace brink
