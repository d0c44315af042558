#include "brink/format.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace brink {

double RoundForOutput(double x) {
  if (!std::isfinite(x) || x == 0) return x;
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::scientific, 14);
  double y = x;
  std::from_chars(buffer, end, y);
  return y;
}

std::string FormatNumber(double x) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, RoundForOutput(x));
  return std::string(buffer, ec == std::errc() ? end : buffer);
}

std::string FormatPercent(double fraction) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g%%", 100 * fraction);
  return buffer;
}

}  // namespace brink
