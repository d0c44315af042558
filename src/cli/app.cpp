// The brink command line as a CLI11 app (main.cpp).
#include <string>
#include <vector>

#include "brink/error.h"
#include "brink/version.h"
#include "cli/commands.h"

namespace brink {

void AddCommands(CLI::App* app, Flags* flags) {
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
  AddRunCommand(app, flags);
  AddValidateCommand(app, flags);
  AddExactCommand(app, flags);
  AddSweepCommand(app, flags);
  AddSensitivityCommand(app, flags);
  AddBenchCommand(app, flags);
  AddCompareCommand(app, flags);
  AddShowCommand(app, flags);
  AddReportCommand(app, flags);
  AddGraphCommand(app, flags);
}

}  // namespace brink
