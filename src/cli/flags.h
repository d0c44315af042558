// The command line's words: flag values parsed strictly into the typed requests' fields
// (brink/command.h), field names worded as flags, and the progress line.
#ifndef BRINK_CLI_FLAGS_H_
#define BRINK_CLI_FLAGS_H_

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "brink/command.h"
#include "brink/names.h"

namespace brink {

// A request's field as its flag: "max_memory" → "--max-memory".
std::string FlagOf(std::string_view field);
// A message's {field} marks worded as flags (brink/error.h).
std::string FlagWorded(const std::string& message);

// The one number parser of every numeric flag: a whole number in [low, high], written in
// decimal digits with an optional exponent ("100000", "1e6"); nothing else (no sign, space,
// hexadecimal or fraction). Throws UsageError naming `flag` and the range as `range_text`.
uint64_t ParseWhole(const std::string& text, uint64_t low, uint64_t high, const std::string& flag,
                    const std::string& range_text, bool example = false);
uint64_t ParseTrials(const std::string& text, const std::string& flag = "--trials");
// --seed: a whole number in [0, 2^64 - 1], in decimal digits only.
uint64_t ParseSeed(const std::string& text);
// --max-memory: bytes as "8G", "512M", "1.5GB" or a plain number (powers of 1000), at least
// one byte. Throws UsageError.
uint64_t ParseMaxMemory(const std::string& text);
// --precision H (absolute half-width) or H% (relative). Throws UsageError.
Precision ParsePrecision(const std::string& text);
// NAME=VALUE flags (--set, --a, --b) as (name, value text). Throws UsageError naming `flag`.
SettingTexts ParseSettingFlags(const std::vector<std::string>& sets, const std::string& flag);

// An option taking one of the names of `allowed` (brink/names.h), parsed straight into
// *value; its help lists the names, and CLI11 refuses any other.
template <class E>
CLI::Option* AddChoiceOption(CLI::App* command, const std::string& flags, E* value,
                             const std::vector<E>& allowed, const std::string& help) {
  CLI::Option* option = command->add_option_function<std::string>(
      flags, [value](const std::string& name) { *value = *ParseName<E>(name); }, help);
  option->check(CLI::IsMember(NamesOf(allowed)));
  option->default_str(std::string(NameOf(*value)));
  return option;
}

// A progress line on a terminal's stderr, shown only once a run has taken over a second,
// and never when stderr is not a terminal.
class Progress {
 public:
  explicit Progress(bool enabled);
  ~Progress();
  // A callback taking the fraction done, or an empty function when disabled.
  std::function<void(double)> Callback();

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  bool shown_ = false;
  Clock::time_point start_ = Clock::now();
};

}  // namespace brink

#endif  // BRINK_CLI_FLAGS_H_
