#include "cli/flags.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <thread>

#include "brink/engine.h"
#include "brink/error.h"
#include "brink/load.h"

namespace brink {

uint64_t ParseCount(const std::string& text, double limit, const std::string& flag) {
  double value = 0;
  size_t used = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !(value >= 1) || value > limit || value != std::floor(value))
    throw UsageError(flag + " must be a whole number from 1 to " +
                     (flag == "--max-states" ? std::string("2e9") : std::string("2^38")) +
                     " (e.g. 100000 or 1e6), not '" + text + "'");
  return static_cast<uint64_t>(value);
}

uint64_t ParseTrials(const std::string& text) {
  return ParseCount(text, static_cast<double>(kMaxTrials), "--trials");
}

uint64_t ParseMaxStates(const std::string& text) {
  return ParseCount(text, 2e9, "--max-states");  // state indices are 32-bit
}

std::vector<std::pair<std::string, double>> ParseSets(const std::vector<std::string>& sets) {
  std::vector<std::pair<std::string, double>> out;
  for (const std::string& set : sets) {
    size_t eq = set.find('=');
    if (eq == std::string::npos) throw UsageError("--set takes NAME=VALUE, not '" + set + "'");
    std::string name = set.substr(0, eq);
    double value = 0;
    if (!ParsePointProbability(set.substr(eq + 1), &value))
      throw UsageError("--set " + name + ": '" + set.substr(eq + 1) +
                       "' is not a probability (a number in [0, 1] or a percent)");
    out.emplace_back(name, value);
  }
  return out;
}

void ParsePrecision(const std::string& text, double* precision, bool* relative) {
  *relative = !text.empty() && text.back() == '%';
  std::string number = *relative ? text.substr(0, text.size() - 1) : text;
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(number, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != number.size() || !(value > 0) || (!*relative && value >= 1))
    throw UsageError("--precision takes a half-width in (0, 1), e.g. 0.001, or a relative one "
                     "such as 5%, not '" + text + "'");
  *precision = *relative ? value / 100 : value;
}

int Threads(int requested) {
  if (requested > 0) return requested;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

Progress::Progress(bool enabled) : enabled_(enabled && ::isatty(2)) {}

Progress::~Progress() {
  if (shown_) std::cerr << "\r" << std::string(40, ' ') << "\r" << std::flush;
}

std::function<void(double)> Progress::Callback() {
  if (!enabled_) return {};
  return [this](double fraction) {
    double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    if (elapsed < 1) return;
    shown_ = true;
    std::cerr << "\r  running: " << static_cast<int>(100 * fraction) << "%  ("
              << static_cast<int>(elapsed) << " s)" << std::flush;
  };
}

}  // namespace brink
