// `brink compare` on the command line: two arms on the same trials.
#include <iostream>

#include "brink/command.h"
#include "brink/report.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "report/json_output.h"

namespace brink {

void AddCompareCommand(CLI::App* app, Flags* flags) {
  CLI::App* compare = app->add_subcommand(
      "compare", "Run two arms on the same trials and report each figure's paired difference");
  compare->add_option("MODEL", flags->model_path, "The model file (YAML); - reads it from standard input")->required();
  compare->add_option("--a", flags->arm_a,
                      "Arm A: set a named parameter, as --set does (repeatable)");
  compare->add_option("--b", flags->arm_b,
                      "Arm B: set a named parameter, as --set does (repeatable)");
  compare->add_option("--b-model", flags->b_model,
                      "Arm B runs this model instead (the same events, in the same order)");
  compare->add_option("--set", flags->sets, "Set a named parameter in both arms (repeatable)");
  compare->add_option("--history", flags->history,
                      "Each arm learns from this history (docs/history.md); the Bayes factor of B "
                      "over A, with its interval");
  AddMaxStatesOption(compare, flags);
  compare->add_option("-n,--trials", flags->trials, "Trials per draw (e.g. 1e5)")
      ->capture_default_str();
  compare->add_option("--seed", flags->seed, "Seed, shared by both arms")->capture_default_str();
  AddWholeOption(compare, "-j,--threads", &flags->threads, "Worker threads (default: all cores)",
                 1, 1024);
  compare->add_option("-o,--out", flags->out_dir,
                      "Folder for compare.csv and run.json, replaced whole (default: a new "
                      "folder results/MODEL-YYYYMMDD-HHMMSS, linked from results/MODEL-latest)");
  AddChoiceOption(compare, "--engine", &flags->engine,
                  {Engine::kFast, Engine::kReference, Engine::kExact},
                  "fast or reference (identical figures; reference is one trial at a time); "
                  "exact only with --history (exact likelihoods)");
  AddSamplingOptions(compare, flags);
  AddSimdOption(compare, flags);
  AddFormatOption(compare, flags);
  AddReportOption(compare, flags);
  compare->add_flag("-q,--quiet", flags->quiet, "Print nothing; only write the files");
  compare->footer(
      "Example:\n"
      "  brink compare models/russia_dprk_treaty.yaml --a invoke_if_attacked=30% "
      "--b invoke_if_attacked=60%");
}


int Compare(const CLI::App& command, const Flags& flags) {
  CompareCommand request;
  FillModelRun(command, flags, &request);
  request.a = ParseSettingFlags(flags.arm_a, "--a");
  request.b = ParseSettingFlags(flags.arm_b, "--b");
  if (Given(command, "--b-model")) request.b_model = ModelInput{flags.b_model, std::nullopt};
  if (Given(command, "--history")) request.history = ModelInput{flags.history, std::nullopt};
  const CompareCommandOutcome outcome = ExecuteWithProgress(request, flags);
  if (flags.quiet) return 0;
  switch (flags.format) {
    case OutputFormat::kJson:
      std::cout << JsonText(CompareDocument(outcome.model, outcome.record.info,
                                            outcome.compare.figures, outcome.record.out));
      return 0;
    case OutputFormat::kTable:
      break;
  }
  PrintCompare(std::cout, outcome.model, outcome.compare, outcome.record.info);
  std::string files;
  for (const std::string& name : outcome.record.info.files) files += name + ", ";
  std::cout << "\nWrote " << files.substr(0, files.size() - 2) << " and run.json to "
            << outcome.record.out << "/\n";
  return 0;
}

}  // namespace brink
