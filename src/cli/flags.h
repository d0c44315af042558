// Flag values shared by brink's commands: parsing, defaults and the progress line.
#ifndef BRINK_CLI_FLAGS_H_
#define BRINK_CLI_FLAGS_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace brink {

// A count written as "100000" or "1e6": a whole number in [1, limit]. Throws UsageError
// naming `flag` and the limit as `limit_text`.
uint64_t ParseCount(const std::string& text, double limit, const std::string& flag,
                    const std::string& limit_text);
uint64_t ParseTrials(const std::string& text, const std::string& flag = "--trials");
uint64_t ParseMaxStates(const std::string& text);
// --max-memory: bytes as "8G", "512M", "1.5GB" or a plain number (powers of 1000); "" is
// half of this machine's physical memory. Throws UsageError.
uint64_t ParseMaxMemory(const std::string& text);
// --seed: a whole number in [0, 2^64 - 1], in decimal digits only. Throws UsageError (never
// wraps "-1" or clamps "2^64" as a plain conversion would).
uint64_t ParseSeed(const std::string& text);
// --set NAME=VALUE pairs. Throws UsageError.
std::vector<std::pair<std::string, double>> ParseSets(const std::vector<std::string>& sets,
                                                      const std::string& flag = "--set");
// --precision H (absolute half-width) or H% (relative). Throws UsageError.
void ParsePrecision(const std::string& text, double* precision, bool* relative);
// Worker threads: `requested`, or for 0 the cores this process may run on (its CPU affinity).
int Threads(int requested);

// A progress line on a terminal's stderr, shown only once a run has taken over a second,
// and never when stderr is not a terminal.
class Progress {
 public:
  // `hook`, when set, is called too with every fraction (CommandOptions::progress_hook).
  explicit Progress(bool enabled, std::function<void(double)> hook = nullptr);
  ~Progress();
  // A callback taking the fraction done, or an empty function when disabled without a hook.
  std::function<void(double)> Callback();

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  std::function<void(double)> hook_;
  bool shown_ = false;
  Clock::time_point start_ = Clock::now();
};

}  // namespace brink

#endif  // BRINK_CLI_FLAGS_H_
