#include "brink/format.h"

#include "model/number_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace brink {

double RoundForOutput(double x) {
  if (!std::isfinite(x) || x == 0) return x;
  const std::string text = ScientificText(x, 14);
  double y = x;
  ParseDouble(text.data(), text.data() + text.size(), &y);
  return y;
}

std::string FormatNumber(double x) { return ShortestText(RoundForOutput(x)); }

std::string FormatPercent(double fraction) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g%%", 100 * fraction);
  return buffer;
}

}  // namespace brink
