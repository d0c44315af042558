// Running Graphviz's `dot` (brink/model_graph.h): the DOT text goes in through a private
// temporary file, the picture comes back through a pipe, and dot's own messages through a
// second temporary file, so no pipe can fill up while the other waits.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "brink/error.h"
#include "brink/model_graph.h"

extern char** environ;

namespace brink {
namespace {

// A file made with mkstemp in the temporary folder, removed when this goes.
class TempFile {
 public:
  TempFile() {
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir && *dir ? dir : "/tmp") + "/brink-dot-XXXXXX";
    fd_ = ::mkstemp(path_.data());
    if (fd_ < 0) throw IoError("cannot make a temporary file for Graphviz: " + path_);
  }
  ~TempFile() {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  std::string ReadAll() const {
    std::string text;
    char buffer[4096];
    ::lseek(fd_, 0, SEEK_SET);
    for (ssize_t n; (n = ::read(fd_, buffer, sizeof buffer)) > 0;) text.append(buffer, n);
    return text;
  }

 private:
  std::string path_;
  int fd_ = -1;
};

const char* FormatFlag(GraphFormat format) {
  switch (format) {
    case GraphFormat::kSvg: return "-Tsvg";
    case GraphFormat::kPng: return "-Tpng";
    case GraphFormat::kDot: break;
  }
  return "-Tdot";
}

}  // namespace

bool GraphvizAvailable() {
  const char* path = std::getenv("PATH");
  std::string_view rest = path ? path : "/usr/bin:/bin";
  while (!rest.empty()) {
    const size_t colon = rest.find(':');
    const std::string dir(rest.substr(0, colon));
    rest = colon == std::string_view::npos ? "" : rest.substr(colon + 1);
    if (!dir.empty() && ::access((dir + "/dot").c_str(), X_OK) == 0) return true;
  }
  return false;
}

std::string RenderDot(const std::string& dot_text, GraphFormat format) {
  if (!GraphvizAvailable())
    throw UsageError("Graphviz's `dot` is not installed (Debian package graphviz); "
                     "`brink graph` without {format} prints the DOT text, which any Graphviz "
                     "viewer draws");
  TempFile input, messages;
  if (::write(input.fd(), dot_text.data(), dot_text.size()) !=
      static_cast<ssize_t>(dot_text.size()))
    throw IoError("cannot write " + input.path());
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) throw IoError("cannot make a pipe for Graphviz");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, input.path().c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, messages.fd(), 2);
  std::string flag = FormatFlag(format);
  std::string name = "dot";
  char* argv[] = {name.data(), flag.data(), nullptr};
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, "dot", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (spawned != 0) {
    ::close(out[0]);
    throw IoError("cannot run Graphviz's dot");
  }
  std::string picture;
  char buffer[65536];
  for (ssize_t n; (n = ::read(out[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    picture.append(buffer, n);
  }
  ::close(out[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw IoError("Graphviz's dot failed: " + messages.ReadAll());
  return picture;
}

}  // namespace brink
