#include "cli/flags.h"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cmath>
#include <cstring>
#include <iostream>

#include "brink/error.h"
#include "brink/format.h"
#include "brink/limits.h"

namespace brink {
namespace {

// The whole text as a decimal number ("100000", "1e6", "0.5"): digits first, no sign, space
// or hexadecimal; false for anything else.
bool ParseDecimal(const std::string& text, double* value) {
  if (text.empty() || !(std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '.'))
    return false;
  if (text.size() > 1 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *value,
                                   std::chars_format::general);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string FlagOf(std::string_view field) {
  std::string flag = "--" + std::string(field);
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

std::string FlagWorded(const std::string& message) { return WordFields(message, FlagOf); }

uint64_t ParseWhole(const std::string& text, uint64_t low, uint64_t high, const std::string& flag,
                    const std::string& range_text, bool example) {
  double value = 0;
  if (!ParseDecimal(text, &value) || !(value >= static_cast<double>(low)) ||
      value > static_cast<double>(high) || value != std::floor(value))
    throw UsageError(flag + " must be a whole number from " + std::to_string(low) + " to " +
                     range_text + (example ? " (e.g. 100000 or 1e6)" : "") + ", not '" + text +
                     "'");
  return static_cast<uint64_t>(value);
}

uint64_t ParseTrials(const std::string& text, const std::string& flag) {
  return ParseWhole(text, 1, kMaxTrials, flag, "2^38", true);
}

uint64_t ParseMaxMemory(const std::string& text) {
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
  // A size that rounds down to 0 bytes would mean "no limit".
  if (!(value * scale >= 1))
    throw UsageError("--max-memory must be at least one byte, not '" + text + "'");
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

Precision ParsePrecision(const std::string& text) {
  Precision precision;
  precision.relative = !text.empty() && text.back() == '%';
  std::string number = precision.relative ? text.substr(0, text.size() - 1) : text;
  double value = 0;
  if (!ParseDecimal(number, &value) || !(value > 0) || (!precision.relative && value >= 1))
    throw UsageError("--precision takes a half-width in (0, 1), e.g. 0.001, or a relative one "
                     "such as 5%, not '" + text + "'");
  precision.half_width = precision.relative ? value / 100 : value;
  return precision;
}

SettingTexts ParseSettingFlags(const std::vector<std::string>& sets, const std::string& flag) {
  SettingTexts out;
  for (const std::string& set : sets) {
    const size_t eq = set.find('=');
    if (eq == std::string::npos) throw UsageError(flag + " takes NAME=VALUE, not '" + set + "'");
    out.emplace_back(set.substr(0, eq), set.substr(eq + 1));
  }
  return out;
}

Progress::Progress(bool enabled) : enabled_(enabled && ::isatty(2)) {}

Progress::~Progress() {
  if (shown_) std::cerr << "\r" << std::string(60, ' ') << "\r" << std::flush;
}

std::function<void(double)> Progress::Callback() {
  if (!enabled_) return nullptr;
  return [this](double fraction) {
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
