// A run's output folder, replaced all at once. The files are written into a fresh private
// folder beside the target (made with mkdtemp, so its name cannot be predicted and nothing in
// it can be planted), each created exclusively without following links and synced to disk;
// Commit() then swaps that folder with the target in one rename (renameat2 RENAME_EXCHANGE,
// or a plain rename when there is no target yet) and removes the old one.
//
// What a reader of the target sees: the previous run's complete files until the swap, the
// new run's complete files after it, never a mix. A run that fails or is killed leaves the
// previous files untouched; a killed run may leave a hidden `.NAME.brink-PID-XXXXXX` folder
// beside the target, which the next run there removes. On a file system without
// RENAME_EXCHANGE, the old folder is first renamed aside, so the target is briefly absent
// (never mixed).
//
// The target may hold only files a brink command writes (OutputFolder::IsOutputFile): a
// folder holding anything else is refused rather than replaced with it.
#ifndef BRINK_OUTPUT_FOLDER_H_
#define BRINK_OUTPUT_FOLDER_H_

#include <filesystem>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>
#include <string_view>

namespace brink {

class OutputFolder {
 public:
  // Steps of writing, for tests that interrupt a run at each (`on_step` is called as each
  // begins; it may throw or end the process).
  enum class Step { kFile, kSync, kSwap, kRemoveOld };

  // Prepares to replace the folder `path` (the --out value; a symbolic link is followed).
  // Throws UsageError, with the OS's reason, when it cannot be: empty, not a folder, holding
  // other files, or its parent not writable.
  explicit OutputFolder(const std::string& path,
                        std::function<void(Step)> on_step = nullptr);
  // A folder that writes nothing: every file given to it is dropped (the ranks of an MPI job
  // other than 0, which compute but do not write).
  struct Discard {};
  explicit OutputFolder(Discard) : discard_(true) {}
  // A folder in memory: the files are held as they are written and land in *files (name →
  // bytes, replacing what it held) at Commit, all at once; nothing touches the disk (the
  // Python module's results).
  struct InMemory {
    std::map<std::string, std::string>* files;
  };
  explicit OutputFolder(InMemory memory) : memory_(memory.files) {}
  bool in_memory() const { return memory_ != nullptr; }
  // The files written so far, in memory. REQUIRES: in_memory().
  const std::map<std::string, std::string>& pending() const { return pending_; }
  ~OutputFolder();  // removes the private folder unless committed
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  // One file of the run written piece by piece, so that a large file (a sweep's rows, a
  // run's draws) never has to be held in memory whole. Pieces are buffered (1 MiB) and
  // written as the buffer fills; Close() writes the rest and syncs the file. Throws IoError
  // with the OS's reason. A Writer not closed leaves its file in the private folder only.
  class Writer {
   public:
    Writer(Writer&& other) noexcept;
    Writer& operator=(Writer&&) = delete;
    ~Writer();
    void Append(std::string_view text);
    void Close();

   private:
    friend class OutputFolder;
    Writer(int fd, std::string shown_name);
    void Flush();
    int fd_;
    bool discard_ = false;
    std::string* memory_ = nullptr;  // an in-memory folder's file
    std::string shown_name_;  // the file's path in the target, for messages
    std::string buffer_;
  };
  Writer Open(const std::string& name);

  // Writes one whole file of the run. Throws IoError with the OS's reason.
  void Add(const std::string& name, const std::string& content);

  // Throws UsageError when the target's file system has less than `bytes` free: `what` says
  // what makes the output that large, e.g. "1000000 points × 19 figures".
  void CheckSpace(uint64_t bytes, const std::string& what) const;
  // Makes every added file appear at once in the target. Throws IoError.
  void Commit();

  const std::filesystem::path& target() const { return target_; }
  // The private folder the files are written to before Commit (a report is drawn from them).
  const std::filesystem::path& staging() const { return temp_; }

  // The names brink's commands write.
  static bool IsOutputFile(const std::string& name);

  // The files opened so far, in the order they were opened (also when discarding): the run
  // record's file list is what was written, never a list kept beside it.
  const std::vector<std::string>& written() const { return written_; }

 private:
  void Notify(Step step) const {
    if (on_step_) on_step_(step);
  }

  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::function<void(Step)> on_step_;
  bool temp_is_target_ = false;  // Commit renamed the private folder into place
  bool discard_ = false;
  std::map<std::string, std::string>* memory_ = nullptr;
  std::map<std::string, std::string> pending_;
  std::vector<std::string> written_;
};

}  // namespace brink

#endif  // BRINK_OUTPUT_FOLDER_H_
