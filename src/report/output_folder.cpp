#include "brink/output_folder.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "brink/error.h"

namespace brink {
namespace fs = std::filesystem;
namespace {

std::string Reason(int error) { return std::strerror(error); }

// The prefix of the private folders for `target`: hidden, beside it, naming the process.
std::string TempPrefix(const fs::path& target) {
  return "." + target.filename().string() + ".brink-";
}

// Removes private folders that earlier runs on `target` left when they were killed: those
// whose process no longer exists.
void RemoveStale(const fs::path& target) {
  std::error_code ec;
  const std::string prefix = TempPrefix(target);
  for (const fs::directory_entry& entry : fs::directory_iterator(target.parent_path(), ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
      fs::remove_all(entry.path(), ec);
  }
}

void SyncPath(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

bool OutputFolder::IsOutputFile(const std::string& name) {
  for (const char* known : {"summary.csv", "timeline.csv", "draws.csv", "distribution.csv",
                            "run.json", "sweep.csv", "tornado.csv", "importance.csv",
                            "rank_correlation.csv"})
    if (name == known) return true;
  return false;
}

OutputFolder::OutputFolder(const std::string& path, std::function<void(Step)> on_step)
    : on_step_(std::move(on_step)) {
  if (path.empty()) throw UsageError("--out is empty: name a folder for the output files");
  std::error_code ec;
  fs::path target = fs::absolute(path, ec);
  if (!target.has_filename()) target = target.parent_path();  // "results/"
  target = fs::weakly_canonical(target, ec);
  if (ec) throw UsageError("--out " + path + ": " + ec.message());
  if (target.parent_path() == target)
    throw UsageError("--out " + path + ": the root folder cannot be an output folder");
  struct stat st;
  if (::stat(target.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode))
      throw UsageError("--out " + path + ": not a folder (the output files go in a folder)");
    for (const fs::directory_entry& entry : fs::directory_iterator(target, ec)) {
      const std::string name = entry.path().filename().string();
      if (!IsOutputFile(name))
        throw UsageError("--out " + path + " holds '" + name +
                         "', which brink did not write; brink replaces its output folder "
                         "whole, so name a new or empty folder");
    }
    if (ec) throw UsageError("--out " + path + ": " + ec.message());
  } else if (errno != ENOENT) {
    throw UsageError("--out " + path + ": " + Reason(errno));
  }
  fs::create_directories(target.parent_path(), ec);
  if (ec) throw UsageError("--out " + path + ": cannot create its parent folder: " + ec.message());
  target_ = target;
  RemoveStale(target_);
  std::string pattern = (target_.parent_path() / (TempPrefix(target_) +
                                                  std::to_string(::getpid()) + "-XXXXXX"))
                            .string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr)
    throw UsageError("--out " + path + ": cannot write in " + target_.parent_path().string() +
                     ": " + Reason(errno));
  temp_ = buffer.data();
}

OutputFolder::~OutputFolder() {
  // Before Commit, the private folder; after a swap, the previous run's folder.
  if (temp_.empty() || temp_is_target_) return;
  std::error_code ignored;
  fs::remove_all(temp_, ignored);
}

void OutputFolder::Add(const std::string& name, const std::string& content) {
  Notify(Step::kFile);
  const fs::path file = temp_ / name;
  auto fail = [&](int error) {
    return IoError("cannot write " + (target_ / name).string() + ": " + Reason(error));
  };
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) throw fail(errno);
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = n < 0 ? errno : ENOSPC;
      ::close(fd);
      throw fail(error);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) throw fail(errno);
}

void OutputFolder::Commit() {
  Notify(Step::kSync);
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::chmod(temp_.c_str(), 0777 & ~mask);  // mkdtemp made it private (0700)
  SyncPath(temp_);
  Notify(Step::kSwap);
  auto fail = [&](int error) {
    return IoError("cannot replace " + target_.string() + ": " + Reason(error));
  };
  bool old_aside = false;
  if (::rename(temp_.c_str(), target_.c_str()) == 0) {
    temp_is_target_ = true;
  } else {
    // The target exists (a non-empty folder cannot be renamed over): swap the two at once.
    if (errno != ENOTEMPTY && errno != EEXIST) throw fail(errno);
    if (::renameat2(AT_FDCWD, temp_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) != 0) {
      if (errno != EINVAL && errno != ENOSYS) throw fail(errno);
      // No RENAME_EXCHANGE on this file system: move the old folder aside first.
      const fs::path aside = temp_.string() + "-old";
      if (::rename(target_.c_str(), aside.c_str()) != 0) throw fail(errno);
      if (::rename(temp_.c_str(), target_.c_str()) != 0) {
        const int error = errno;
        ::rename(aside.c_str(), target_.c_str());  // put the previous run back
        throw fail(error);
      }
      temp_ = aside;
    }
    old_aside = true;
  }
  SyncPath(target_.parent_path());
  if (old_aside) {
    Notify(Step::kRemoveOld);
    std::error_code ignored;
    fs::remove_all(temp_, ignored);  // the previous run's folder; links are not followed
  }
}

}  // namespace brink
