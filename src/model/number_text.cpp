// Doubles as text (number_text.h).
#include "model/number_text.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

// {fmt} (Debian's libfmt-dev), header-only: its shortest (Dragonbox) and fixed-precision
// conversions are exact in integer arithmetic. snprintf and strtod would do, but musl's work
// in long double, which WebAssembly emulates in software: 30 times slower.
#define FMT_HEADER_ONLY
#include <fmt/format.h>

// libstdc++ and newer libc++ have floating-point to_chars and from_chars; Emscripten's
// libc++ 14 does not (the feature-test macro says which).
#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L
#define BRINK_STD_FLOAT_CHARS 1
#else
#define BRINK_STD_FLOAT_CHARS 0
#endif

namespace brink {

std::string ScientificTextPortable(double x, int precision) {
  return fmt::format("{:.{}e}", x, precision);
}

std::string ShortestTextPortable(double x) {
  if (std::isnan(x)) return std::signbit(x) ? "-nan" : "nan";
  if (std::isinf(x)) return x < 0 ? "-inf" : "inf";
  if (x == 0) return std::signbit(x) ? "-0" : "0";
  // The fewest significant digits that read back as x, nearest x ({fmt}'s Dragonbox), as
  // [-]digits[.digits][e±XX]; then laid out as to_chars lays them out.
  std::string text = fmt::format("{}", x);
  const bool negative = text[0] == '-';
  if (negative) text.erase(0, 1);
  const size_t e = text.find('e');
  int exponent = e == std::string::npos ? 0 : std::atoi(text.c_str() + e + 1);
  std::string digits = text.substr(0, e);
  const size_t point = digits.find('.');
  // The decimal exponent of the first digit: digits before the point, less one.
  exponent += static_cast<int>(point == std::string::npos ? digits.size() : point) - 1;
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  const size_t first = digits.find_first_not_of('0');  // "0.00041": leading zeros
  exponent -= static_cast<int>(first);
  std::string mantissa = digits.substr(first);
  while (mantissa.size() > 1 && mantissa.back() == '0') mantissa.pop_back();
  const int n = static_cast<int>(mantissa.size());

  std::string scientific = mantissa.substr(0, 1);
  if (n > 1) scientific += "." + mantissa.substr(1);
  char power[16];
  std::snprintf(power, sizeof power, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
  scientific += power;

  std::string fixed;
  if (exponent >= 0) {
    if (n <= exponent + 1) {
      // An integer written out: its exact digits, as to_chars writes them (beyond 2^53 the
      // shortest digits padded with zeros would be another number).
      fixed = fmt::format("{:.0f}", std::fabs(x));
    } else {
      fixed = mantissa.substr(0, static_cast<size_t>(exponent + 1)) + "." +
              mantissa.substr(static_cast<size_t>(exponent + 1));
    }
  } else {
    fixed = "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + mantissa;
  }
  return (negative ? "-" : "") + (fixed.size() <= scientific.size() ? fixed : scientific);
}

std::from_chars_result ParseDoublePortable(const char* first, const char* last, double* x) {
  const char* p = first;
  if (p < last && *p == '-') ++p;
  auto word = [&](const char* w) {
    const size_t n = std::strlen(w);
    if (static_cast<size_t>(last - p) < n) return false;
    for (size_t i = 0; i < n; ++i)
      if (std::tolower(static_cast<unsigned char>(p[i])) != w[i]) return false;
    return true;
  };
  const char* end = nullptr;
  if (word("infinity")) {
    end = p + 8;
  } else if (word("inf")) {
    end = p + 3;
  } else if (word("nan")) {
    end = p + 3;
    // nan(chars), as from_chars reads it.
    if (end < last && *end == '(') {
      const char* q = end + 1;
      while (q < last && (std::isalnum(static_cast<unsigned char>(*q)) || *q == '_')) ++q;
      if (q < last && *q == ')') end = q + 1;
    }
  } else {
    const char* q = p;
    bool any = false;
    while (q < last && std::isdigit(static_cast<unsigned char>(*q))) ++q, any = true;
    if (q < last && *q == '.') {
      ++q;
      while (q < last && std::isdigit(static_cast<unsigned char>(*q))) ++q, any = true;
    }
    if (!any) return {first, std::errc::invalid_argument};
    end = q;
    if (q < last && (*q == 'e' || *q == 'E')) {
      const char* r = q + 1;
      if (r < last && (*r == '+' || *r == '-')) ++r;
      const char* digits = r;
      while (r < last && std::isdigit(static_cast<unsigned char>(*r))) ++r;
      if (r > digits) end = r;
    }
  }
  const std::string text(first, end);
  errno = 0;
  const double v = std::strtod(text.c_str(), nullptr);
  // Too large for a double, or so small that it reads as 0: what from_chars refuses.
  if (errno == ERANGE && (std::isinf(v) || v == 0)) return {end, std::errc::result_out_of_range};
  *x = v;
  return {end, std::errc()};
}

std::string ShortestText(double x) {
#if BRINK_STD_FLOAT_CHARS
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, ec == std::errc() ? end : buffer);
#else
  return ShortestTextPortable(x);
#endif
}

std::string ScientificText(double x, int precision) {
#if BRINK_STD_FLOAT_CHARS
  char buffer[64];
  auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::scientific, precision);
  return std::string(buffer, ec == std::errc() ? end : buffer);
#else
  return ScientificTextPortable(x, precision);
#endif
}

std::from_chars_result ParseDouble(const char* first, const char* last, double* x) {
#if BRINK_STD_FLOAT_CHARS
  return std::from_chars(first, last, *x);
#else
  return ParseDoublePortable(first, last, x);
#endif
}

}  // namespace brink
