#include "cli/flags.h"

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cmath>
#include <cstring>
#include <iostream>
#include <thread>

#include "engine/engine.h"
#include "brink/error.h"
#include "brink/load.h"
#include "brink/report.h"

namespace brink {

namespace {

// The whole text as a decimal number ("100000", "1e6"); false for anything else.
bool ParseDecimal(const std::string& text, double* value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

uint64_t ParseCount(const std::string& text, double limit, const std::string& flag,
                    const std::string& limit_text) {
  double value = 0;
  if (!ParseDecimal(text, &value) || !(value >= 1) || value > limit || value != std::floor(value))
    throw UsageError(flag + " must be a whole number from 1 to " + limit_text +
                     " (e.g. 100000 or 1e6), not '" + text + "'");
  return static_cast<uint64_t>(value);
}

uint64_t ParseTrials(const std::string& text, const std::string& flag) {
  return ParseCount(text, static_cast<double>(kMaxTrials), flag, "2^38");
}

uint64_t ParseMaxMemory(const std::string& text) {
  if (text.empty()) {
    const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
    return pages > 0 && page > 0 ? static_cast<uint64_t>(pages) * static_cast<uint64_t>(page) / 2
                                 : 0;
  }
  std::string number = text;
  double scale = 1;
  if (number.size() > 1 && (number.back() == 'B' || number.back() == 'b')) number.pop_back();
  if (!number.empty()) {
    const char unit = static_cast<char>(std::toupper(static_cast<unsigned char>(number.back())));
    const double scales[] = {1e3, 1e6, 1e9, 1e12};
    const char* units = "KMGT";
    if (const char* at = std::strchr(units, unit); at != nullptr && unit != '\0') {
      scale = scales[at - units];
      number.pop_back();
    }
  }
  double value = 0;
  if (!ParseDecimal(number, &value) || !(value > 0) || value * scale > 1e18)
    throw UsageError("--max-memory takes a size such as 8G, 512M or 2e9 (bytes), not '" + text +
                     "'");
  return static_cast<uint64_t>(value * scale);
}

uint64_t ParseSeed(const std::string& text) {
  uint64_t seed = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seed);
  const bool digits = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
  if (!digits || ec != std::errc() || end != text.data() + text.size())
    throw UsageError("--seed must be a whole number from 0 to 18446744073709551615, not '" +
                     text + "'");
  return seed;
}

uint64_t ParseMaxStates(const std::string& text) {
  return ParseCount(text, 2e9, "--max-states", "2e9");  // state indices are 32-bit
}

std::vector<std::pair<std::string, double>> ParseSets(const std::vector<std::string>& sets,
                                                      const std::string& flag) {
  std::vector<std::pair<std::string, double>> out;
  for (const std::string& set : sets) {
    size_t eq = set.find('=');
    if (eq == std::string::npos) throw UsageError(flag + " takes NAME=VALUE, not '" + set + "'");
    std::string name = set.substr(0, eq);
    double value = 0;
    if (!ParsePointProbability(set.substr(eq + 1), &value))
      throw UsageError(flag + " " + name + ": '" + set.substr(eq + 1) +
                       "' is not a probability (a number in [0, 1] or a percent)");
    for (const auto& [earlier, earlier_value] : out)
      if (earlier == name)
        throw UsageError(flag + " " + name + " is given twice (" + FormatNumber(earlier_value) +
                         " and " + FormatNumber(value) + "): give each parameter once");
    out.emplace_back(name, value);
  }
  return out;
}

void ParsePrecision(const std::string& text, double* precision, bool* relative) {
  *relative = !text.empty() && text.back() == '%';
  std::string number = *relative ? text.substr(0, text.size() - 1) : text;
  double value = 0;
  if (!ParseDecimal(number, &value) || !(value > 0) || (!*relative && value >= 1))
    throw UsageError("--precision takes a half-width in (0, 1), e.g. 0.001, or a relative one "
                     "such as 5%, not '" + text + "'");
  *precision = *relative ? value / 100 : value;
}

int Threads(int requested) {
  if (requested > 0) return requested;
  // The cores this process may run on: all of the machine's, or those mpirun, taskset or a
  // batch system bound it to (so that N ranks on one machine do not each take every core).
  cpu_set_t cpus;
  if (sched_getaffinity(0, sizeof cpus, &cpus) == 0 && CPU_COUNT(&cpus) > 0)
    return CPU_COUNT(&cpus);
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

Progress::Progress(bool enabled, std::function<void(double)> hook)
    : enabled_(enabled && ::isatty(2)), hook_(std::move(hook)) {}

Progress::~Progress() {
  if (shown_) std::cerr << "\r" << std::string(60, ' ') << "\r" << std::flush;
}

std::function<void(double)> Progress::Callback() {
  if (!enabled_) return hook_;
  return [this](double fraction) {
    if (hook_) hook_(fraction);
    double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    if (elapsed < 1) return;
    shown_ = true;
    std::cerr << "\r  running: " << static_cast<int>(100 * fraction) << "%  ("
              << static_cast<int>(elapsed) << " s";
    // The time left, from the pace so far (once there is a pace to go by).
    if (fraction > 0.01 && fraction < 1)
      std::cerr << ", about " << static_cast<int>(elapsed * (1 - fraction) / fraction + 0.5)
                << " s left";
    std::cerr << ")    " << std::flush;
  };
}

}  // namespace brink
