// The brink command line as a CLI11 app, for the binary (main.cpp) and for the Python module,
// which runs commands through it (commands.h).
#include <string>
#include <vector>

#include "brink/error.h"
#include "brink/version.h"
#include "cli/commands.h"

namespace brink {

void AddCommands(CLI::App* app, CommandOptions* options) {
  app->set_version_flag("--version", std::string("brink ") + kVersion);
  app->require_subcommand(1);
  app->footer(
      "Examples:\n"
      "  brink run models/russia_dprk_treaty.yaml\n"
      "  brink run models/chain.yaml --trials 1e6 --seed 7 --out results-chain\n"
      "  brink run models/russia_dprk_treaty.yaml --set invoke_if_attacked=80%\n"
      "  brink run models/russia_dprk_treaty.yaml --given dprk_troops\n"
      "  brink exact models/chain.yaml\n"
      "  brink validate models/russia_dprk_treaty.yaml\n"
      "  brink sweep models/russia_dprk_treaty.yaml --vary invoke_if_attacked=20%:90%:10%\n"
      "  brink sensitivity models/russia_dprk_treaty.yaml --target level:4\n"
      "  brink report results/russia_dprk_treaty-latest\n"
      "  brink graph models/russia_dprk_treaty.yaml --format svg -o graph.svg\n"
      "  brink bench --json\n"
      "Run 'brink COMMAND --help' for a command's options.");
  AddRunCommand(app, options);
  AddValidateCommand(app, options);
  AddExactCommand(app, options);
  AddSweepCommand(app, options);
  AddSensitivityCommand(app, options);
  AddBenchCommand(app, options);
  AddCompareCommand(app, options);
  AddShowCommand(app, options);
  AddReportCommand(app, options);
  AddGraphCommand(app, options);
}

int RunCommandLine(const std::vector<std::string>& args, const CommandOptions& base) {
  CLI::App app{"brink", "brink"};
  CommandOptions options = base;
  AddCommands(&app, &options);
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // as CLI11 takes them
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    throw UsageError(e.what());
  }
  return RunSelected(app, options);
}

}  // namespace brink
