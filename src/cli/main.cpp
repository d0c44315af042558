// brink's command line: parses flags with CLI11, calls the library, and maps errors to exit
// statuses (0 ok, 1 internal failure, 2 bad model or bad request).
#include <CLI/CLI.hpp>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "brink/error.h"
#include "brink/version.h"
#include "cli/commands.h"

namespace {

// Exit status `status`, or 1 with a message when standard output could not be written in
// full (a full disk, a closed pipe, /dev/full), as coreutils do: a table that never reached
// its reader must not look like success.
int CheckedExit(int status) {
  std::cout.flush();
  if (std::fflush(stdout) != 0 || std::ferror(stdout) || !std::cout) {
    const int error = errno;
    std::cerr << "brink: error: writing standard output: "
              << (error != 0 ? std::strerror(error) : "write failed") << "\n";
    return 1;
  }
  return status;
}

int Main(int argc, char** argv) {
  using namespace brink;
  CLI::App app{"brink: Monte Carlo estimates of escalation risk from a YAML model.", "brink"};
  app.set_version_flag("--version", std::string("brink ") + kVersion);
  app.require_subcommand(1);
  app.footer(
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
  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);

  CommandOptions options;
  options.command_line = command_line;
  if (const char* simd = std::getenv("BRINK_SIMD")) options.simd_env = simd;
  AddRunCommand(&app, &options);
  AddValidateCommand(&app, &options);
  AddExactCommand(&app, &options);
  AddSweepCommand(&app, &options);
  AddSensitivityCommand(&app, &options);
  AddBenchCommand(&app, &options);
  AddCompareCommand(&app, &options);
  AddShowCommand(&app, &options);
  AddReportCommand(&app, &options);
  AddGraphCommand(&app, &options);

  try {
    app.parse(argc, argv);
    return RunSelected(app, options);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "brink: error: " << e.what() << "\nRun 'brink --help' for usage.\n";
    return 2;
  } catch (const ModelError& e) {
    std::cerr << e.Format();
    return 2;
  } catch (const UsageError& e) {
    std::cerr << "brink: error: " << e.what() << "\n";
    return 2;
  } catch (const IoError& e) {
    std::cerr << "brink: error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "brink: internal error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Past a file size limit (ulimit -f), a write fails with EFBIG and brink says so, instead
  // of dying by SIGXFSZ.
  std::signal(SIGXFSZ, SIG_IGN);
  const int status = Main(argc, argv);
  return CheckedExit(status);
}
