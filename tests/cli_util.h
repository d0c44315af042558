// Running the brink binary from tests, as a user runs it.
#ifndef BRINK_TESTS_CLI_UTIL_H_
#define BRINK_TESTS_CLI_UTIL_H_

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace brink::test {

inline std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Outcome {
  int status;
  std::string out;
  std::string err;
};

// Runs `brink ARGS` with stdout and stderr captured in files under `scratch`; `env`, e.g.
// "BRINK_SIMD=avx2", is set for that command only.
inline Outcome Brink(const std::string& args, const std::filesystem::path& scratch,
                     const std::string& env = "") {
  std::filesystem::create_directories(scratch);
  std::filesystem::path out = scratch / "stdout.txt", err = scratch / "stderr.txt";
  std::string command = (env.empty() ? "" : "env " + env + " ") + std::string(BRINK_BINARY) +
                        " " + args + " >" + out.string() + " 2>" + err.string() + " </dev/null";
  int raw = std::system(command.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, Slurp(out), Slurp(err)};
}

// An empty scratch folder for one test, in the build tree (so that two builds' test runs, say
// a clone's CI beside a working copy, never share one).
inline std::filesystem::path ScratchRoot() {
  return std::filesystem::path(BRINK_BINARY).parent_path() / "test-scratch";
}
inline std::filesystem::path Scratch(const std::string& name) {
  std::filesystem::path dir = ScratchRoot() / ("cli_" + name);
  std::filesystem::remove_all(dir);
  return dir;
}

}  // namespace brink::test

#endif  // BRINK_TESTS_CLI_UTIL_H_
