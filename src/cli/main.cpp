// brink's command line: parses flags with CLI11, calls the library, and maps errors to exit
// statuses (0 ok, 1 internal failure, 2 bad model or bad request).
#include <CLI/CLI.hpp>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>

#include "brink/error.h"
#include "brink/command.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/process_group.h"

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

// Runs the command; on failure, prints the message (on this rank's stderr, which only rank 0
// of an MPI job shows) and keeps it in *message.
int Main(int argc, char** argv, const brink::ProcessGroup& group, std::string* message) {
  using namespace brink;
  CLI::App app{"brink: Monte Carlo estimates of escalation risk from a YAML model.", "brink"};
  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);

  Flags flags;
  flags.command_line = command_line;
  flags.cluster = &group;
  flags.worker = group.rank() > 0;
  if (const char* simd = std::getenv("BRINK_SIMD")) flags.simd_env = simd;
  AddCommands(&app, &flags);

  auto fail = [&](int status, const std::string& text) {
    *message = text;
    std::cerr << text;
    return status;
  };
  try {
    app.parse(argc, argv);
    return RunSelected(app, flags);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return fail(2, "brink: error: " + std::string(e.what()) + "\nRun 'brink --help' for usage.\n");
  } catch (const ModelError& e) {
    return fail(2, e.Format());
  } catch (const UsageError& e) {
    return fail(2, "brink: error: " + e.Worded(FlagOf) + "\n");
  } catch (const IoError& e) {
    return fail(1, "brink: error: " + std::string(e.what()) + "\n");
  } catch (const OtherRankFailed& e) {
    return fail(e.status, "");  // rank 0 printed the message
  } catch (const std::exception& e) {
    return fail(1, "brink: internal error: " + std::string(e.what()) + "\n");
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Past a file size limit (ulimit -f), a write fails with EFBIG and brink says so, instead
  // of dying by SIGXFSZ.
  std::signal(SIGXFSZ, SIG_IGN);
  std::unique_ptr<brink::ProcessGroup> group;
  try {
    group = std::make_unique<brink::ProcessGroup>(&argc, &argv);
  } catch (const brink::UsageError& e) {
    std::cerr << "brink: error: " << e.what() << "\n";
    return 2;
  }
  std::string message;
  const int status = CheckedExit(Main(argc, argv, *group, &message));
  // Under MPI, every rank exits with the same status (process_group.h).
  return group->Finish(status, status != 0, message);
}
