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
#include <functional>
#include <string>

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
  ~OutputFolder();  // removes the private folder unless committed
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  // Writes one file of the run. Throws IoError with the OS's reason.
  void Add(const std::string& name, const std::string& content);
  // Makes every added file appear at once in the target. Throws IoError.
  void Commit();

  const std::filesystem::path& target() const { return target_; }

  // The names brink's commands write.
  static bool IsOutputFile(const std::string& name);

 private:
  void Notify(Step step) const {
    if (on_step_) on_step_(step);
  }

  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::function<void(Step)> on_step_;
  bool temp_is_target_ = false;  // Commit renamed the private folder into place
};

}  // namespace brink

#endif  // BRINK_OUTPUT_FOLDER_H_
