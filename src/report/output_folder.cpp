#include "brink/output_folder.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
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

constexpr size_t kBuffer = 1 << 20;

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
                            "rank_correlation.csv", "model.yaml", "model_b.yaml", "compare.csv",
                            "report.html", "sobol.csv", "posterior.csv", "correlations.csv",
                            "scores.csv", "prior_summary.csv", "history.yaml", "evidence.csv",
                            "occurrences.csv", "quantities.csv", "exceedance.csv",
                            "quantity_timeline.csv"})
    if (name == known) return true;
  // What an interrupted `brink report` may leave (brink/html_report.h).
  return name.rfind(".report.html.", 0) == 0;
}

OutputFolder::OutputFolder(const std::string& path, std::function<void(Step)> on_step)
    : on_step_(std::move(on_step)) {
  if (path.empty()) throw UsageError("{out} is empty: name a folder for the output files");
  std::error_code ec;
  fs::path target = fs::absolute(path, ec);
  if (!target.has_filename()) target = target.parent_path();  // "results/"
  target = fs::weakly_canonical(target, ec);
  if (ec) throw UsageError("{out} " + path + ": " + ec.message());
  if (target.parent_path() == target)
    throw UsageError("{out} " + path + ": the root folder cannot be an output folder");
  struct stat st;
  if (::stat(target.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode))
      throw UsageError("{out} " + path + ": not a folder (the output files go in a folder)");
    for (const fs::directory_entry& entry : fs::directory_iterator(target, ec)) {
      const std::string name = entry.path().filename().string();
      if (!IsOutputFile(name))
        throw UsageError("{out} " + path + " holds '" + name +
                         "', which brink did not write; brink replaces its output folder "
                         "whole, so name a new or empty folder");
    }
    if (ec) throw UsageError("{out} " + path + ": " + ec.message());
  } else if (errno != ENOENT) {
    throw UsageError("{out} " + path + ": " + Reason(errno));
  }
  fs::create_directories(target.parent_path(), ec);
  if (ec) throw UsageError("{out} " + path + ": cannot create its parent folder: " + ec.message());
  target_ = target;
  RemoveStale(target_);
  std::string pattern = (target_.parent_path() / (TempPrefix(target_) +
                                                  std::to_string(::getpid()) + "-XXXXXX"))
                            .string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr)
    throw UsageError("{out} " + path + ": cannot write in " + target_.parent_path().string() +
                     ": " + Reason(errno));
  temp_ = buffer.data();
}

OutputFolder::~OutputFolder() {
  // Before Commit, the private folder; after a swap, the previous run's folder.
  if (temp_.empty() || temp_is_target_) return;
  std::error_code ignored;
  fs::remove_all(temp_, ignored);
}

OutputFolder::Writer::Writer(int fd, std::string shown_name)
    : fd_(fd), shown_name_(std::move(shown_name)) {
  buffer_.reserve(kBuffer);
}

OutputFolder::Writer::Writer(Writer&& other) noexcept
    : fd_(other.fd_), discard_(other.discard_), memory_(other.memory_),
      shown_name_(std::move(other.shown_name_)),
      buffer_(std::move(other.buffer_)) {
  other.fd_ = -1;
}

OutputFolder::Writer::~Writer() {
  if (fd_ >= 0) ::close(fd_);
}

void OutputFolder::Writer::Append(std::string_view text) {
  if (discard_) return;
  if (memory_ != nullptr) {
    memory_->append(text);
    return;
  }
  if (buffer_.size() + text.size() > kBuffer) Flush();
  if (text.size() >= kBuffer) {
    buffer_.assign(text);
    Flush();
    return;
  }
  buffer_.append(text);
}

void OutputFolder::Writer::Flush() {
  size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw IoError("cannot write " + shown_name_ + ": " + Reason(n < 0 ? errno : ENOSPC));
    done += static_cast<size_t>(n);
  }
  buffer_.clear();
}

void OutputFolder::Writer::Close() {
  if (discard_ || memory_ != nullptr) return;
  Flush();
  const int fd = fd_;
  fd_ = -1;
  if (::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    throw IoError("cannot write " + shown_name_ + ": " + Reason(error));
  }
  if (::close(fd) != 0) throw IoError("cannot write " + shown_name_ + ": " + Reason(errno));
}

OutputFolder::Writer OutputFolder::Open(const std::string& name) {
  written_.push_back(name);
  if (discard_) {
    Writer dropped(-1, name);
    dropped.discard_ = true;
    return dropped;
  }
  if (memory_ != nullptr) {
    Writer held(-1, name);
    held.memory_ = &pending_[name];
    held.memory_->clear();
    return held;
  }
  Notify(Step::kFile);
  const fs::path file = temp_ / name;
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  const std::string shown = (target_ / name).string();
  if (fd < 0) throw IoError("cannot write " + shown + ": " + Reason(errno));
  return Writer(fd, shown);
}

void OutputFolder::Add(const std::string& name, const std::string& content) {
  Writer writer = Open(name);
  writer.Append(content);
  writer.Close();
}

void OutputFolder::CheckSpace(uint64_t bytes, const std::string& what) const {
  if (discard_ || memory_ != nullptr) return;
  struct statvfs fs_info;
  if (::statvfs(temp_.c_str(), &fs_info) != 0) return;  // unknown: writing will tell
  const uint64_t free_bytes = static_cast<uint64_t>(fs_info.f_bavail) * fs_info.f_frsize;
  if (bytes <= free_bytes) return;
  auto size = [](uint64_t b) {
    char text[32];
    if (b >= 1000000000)
      std::snprintf(text, sizeof text, "%.3g GB", static_cast<double>(b) / 1e9);
    else
      std::snprintf(text, sizeof text, "%.3g MB", static_cast<double>(b) / 1e6);
    return std::string(text);
  };
  throw UsageError("the output files would take about " + size(bytes) + " (" + what + "), but " +
                   target_.parent_path().string() + " has " + size(free_bytes) +
                   " free: ask for fewer, or write elsewhere with {out}");
}

void OutputFolder::Commit() {
  if (discard_) return;
  if (memory_ != nullptr) {
    *memory_ = std::move(pending_);
    pending_.clear();
    return;
  }
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
