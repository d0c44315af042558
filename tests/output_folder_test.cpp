// A run's outputs appear all together or not at all: the output folder is replaced in one
// rename, whatever interrupts the writing, and nothing is written through a planted link.
#include <catch2/catch.hpp>

#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>

#include "brink/error.h"
#include "brink/output_folder.h"
#include "cli_util.h"

namespace brink {
namespace {

namespace fs = std::filesystem;
using Files = std::map<std::string, std::string>;

const Files kOld = {{"summary.csv", "old summary\n"}, {"timeline.csv", "old timeline\n"},
                    {"run.json", "{\"old\": true}\n"}};
const Files kNew = {{"summary.csv", "new summary\n"}, {"timeline.csv", "new timeline\n"},
                    {"draws.csv", "new draws\n"}, {"run.json", "{\"new\": true}\n"}};

fs::path Fresh(const std::string& name) {
  fs::path dir = test::ScratchRoot() / ("output_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

Files Read(const fs::path& dir) {
  Files files;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir))
    files[entry.path().filename().string()] = test::Slurp(entry.path());
  return files;
}

void Write(const fs::path& target, const Files& files,
           std::function<void(OutputFolder::Step)> on_step = nullptr) {
  OutputFolder folder(target.string(), std::move(on_step));
  for (const auto& [name, content] : files) folder.Add(name, content);
  folder.Commit();
}

TEST_CASE("An output folder is replaced whole, with nothing left beside it", "[report]") {
  fs::path dir = Fresh("replace");
  Write(dir / "out", kOld);
  CHECK(Read(dir / "out") == kOld);
  Write(dir / "out", kNew);
  CHECK(Read(dir / "out") == kNew);  // run.json and summary.csv replaced, draws.csv added
  Write(dir / "out/", kOld);         // a trailing slash names the same folder
  CHECK(Read(dir / "out") == kOld);
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
}

TEST_CASE("A run killed or failing at any step of writing leaves old or new, never a mix",
          "[report]") {
  // Each step of writing (each file, the sync, the swap, the removal of the old folder) is
  // interrupted in turn, by SIGKILL in a child process and by an exception.
  const int steps = static_cast<int>(kNew.size()) + 3;
  for (int stop = 0; stop < steps; ++stop) {
    for (bool kill : {true, false}) {
      CAPTURE(stop, kill);
      fs::path dir = Fresh("interrupt");
      Write(dir / "out", kOld);
      int seen = 0;
      auto on_step = [&](OutputFolder::Step) {
        if (seen++ != stop) return;
        if (kill) ::raise(SIGKILL);
        throw IoError("interrupted");
      };
      if (kill) {
        const pid_t child = ::fork();
        if (child == 0) {
          try {
            Write(dir / "out", kNew, on_step);
          } catch (...) {
          }
          ::_exit(0);
        }
        int status = 0;
        ::waitpid(child, &status, 0);
        CHECK(WIFSIGNALED(status));
      } else {
        CHECK_THROWS_AS(Write(dir / "out", kNew, on_step), IoError);
      }
      const Files seen_files = Read(dir / "out");
      // Killed after the swap, the new files are complete; before it, the old are intact.
      const bool swapped = stop >= static_cast<int>(kNew.size()) + 2;
      CHECK(seen_files == (swapped ? kNew : kOld));
      // The next run removes what a killed one left, and leaves nothing itself.
      Write(dir / "out", kOld);
      CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
    }
  }
}

TEST_CASE("Output folders that cannot be replaced are usage errors with the reason",
          "[report]") {
  fs::path dir = Fresh("refuse");
  std::ofstream(dir / "file.txt") << "mine\n";
  fs::create_directories(dir / "mixed");
  std::ofstream(dir / "mixed" / "notes.txt") << "mine\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "out is empty: name a folder for the output files"},
      {(dir / "file.txt").string(), "not a folder"},
      {"/dev/null", "not a folder"},
      {(dir / "mixed").string(), "holds 'notes.txt', which brink did not write"},
      {"/proc/brink_out", "cannot write in /proc"},
      {"/", "the root folder cannot be an output folder"},
  };
  for (const auto& [path, message] : cases) {
    CAPTURE(path);
    CHECK_THROWS_WITH(OutputFolder(path), Catch::Contains(message));
  }
  CHECK(test::Slurp(dir / "file.txt") == "mine\n");
  CHECK(test::Slurp(dir / "mixed" / "notes.txt") == "mine\n");
}

TEST_CASE("Nothing is written through a link planted in the output folder", "[report]") {
  fs::path dir = Fresh("symlink");
  Write(dir / "out", kOld);
  std::ofstream(dir / "victim.txt") << "precious\n";
  fs::remove(dir / "out" / "summary.csv");
  fs::create_symlink(dir / "victim.txt", dir / "out" / "summary.csv");
  Write(dir / "out", kNew);
  CHECK(test::Slurp(dir / "victim.txt") == "precious\n");
  CHECK(fs::is_regular_file(fs::symlink_status(dir / "out" / "summary.csv")));
  CHECK(Read(dir / "out") == kNew);
}

}  // namespace
}  // namespace brink

namespace brink {
namespace {

TEST_CASE("Output that would not fit on the disk is refused before the run", "[report]") {
  fs::path dir = Fresh("space");
  OutputFolder folder((dir / "o").string());
  struct statvfs info;
  REQUIRE(::statvfs(dir.c_str(), &info) == 0);
  const uint64_t free_bytes = static_cast<uint64_t>(info.f_bavail) * info.f_frsize;
  CHECK_NOTHROW(folder.CheckSpace(1000, "a small run"));
  CHECK_THROWS_AS(folder.CheckSpace(free_bytes + (uint64_t{1} << 40), "1000 points"), UsageError);
  CHECK_THROWS_WITH(folder.CheckSpace(free_bytes + (uint64_t{1} << 40), "1000 points"),
                    Catch::Contains("(1000 points), but " + dir.string() + " has ") &&
                        Catch::EndsWith(" free: ask for fewer, or write elsewhere with out"));
}

TEST_CASE("A file written piece by piece reads back whole", "[report]") {
  fs::path dir = Fresh("writer");
  std::string expected;
  {
    OutputFolder folder((dir / "o").string());
    OutputFolder::Writer writer = folder.Open("sweep.csv");
    for (int i = 0; i < 200000; ++i) {  // about 2.5 MB: the 1 MiB buffer fills twice
      const std::string row = std::to_string(i) + ",row\n";
      writer.Append(row);
      expected += row;
    }
    writer.Append(std::string(3 << 20, 'x'));  // one piece larger than the buffer
    expected += std::string(3 << 20, 'x');
    writer.Close();
    folder.Commit();
  }
  CHECK(test::Slurp(dir / "o" / "sweep.csv") == expected);
}

TEST_CASE("A folder in memory writes nothing to disk and lands whole at Commit", "[report]") {
  fs::path dir = Fresh("memory");
  std::map<std::string, std::string> files{{"stale.csv", "old"}};
  {
    OutputFolder folder(OutputFolder::InMemory{&files});
    CHECK(folder.in_memory());
    folder.Add("summary.csv", "a,b\n");
    OutputFolder::Writer writer = folder.Open("draws.csv");
    writer.Append("1,");
    writer.Append("2\n");
    writer.Close();
    folder.CheckSpace(uint64_t{1} << 62, "in memory, nothing to check");
    CHECK(files.count("stale.csv") == 1);  // nothing lands before Commit
    CHECK(folder.pending().at("draws.csv") == "1,2\n");
    CHECK(folder.written() == std::vector<std::string>{"summary.csv", "draws.csv"});
    folder.Commit();
  }
  CHECK(files == std::map<std::string, std::string>{{"draws.csv", "1,2\n"},
                                                    {"summary.csv", "a,b\n"}});
  CHECK(fs::is_empty(dir));
}

TEST_CASE("An output folder lists the files it was given, in order", "[report]") {
  fs::path dir = Fresh("listed");
  OutputFolder folder((dir / "o").string());
  folder.Add("summary.csv", "x\n");
  folder.Add("model.yaml", "y\n");
  CHECK(folder.written() == std::vector<std::string>{"summary.csv", "model.yaml"});
  OutputFolder discard(OutputFolder::Discard{});
  discard.Add("run.json", "{}");
  CHECK(discard.written() == std::vector<std::string>{"run.json"});
}

}  // namespace
}  // namespace brink
