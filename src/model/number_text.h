// Doubles as text, exactly as std::to_chars writes them and std::from_chars reads them, on
// every C++ library. The library of the live report's engine (Emscripten's libc++ 14) has no
// floating-point to_chars or from_chars; there these are built on snprintf and strtod, which
// both C libraries round correctly, to the same results (tests/format_test.cpp compares the
// two on a million values). The portable versions are compiled everywhere, so that the host's
// tests can hold them to the standard ones.
#ifndef BRINK_MODEL_NUMBER_TEXT_H_
#define BRINK_MODEL_NUMBER_TEXT_H_

#include <charconv>
#include <string>

namespace brink {

// std::to_chars(x): the shortest text that reads back as x, in fixed or scientific notation,
// whichever is shorter (fixed on a tie): "0.125", "1e-07", "1.5e+20", "-0", "inf", "nan".
std::string ShortestText(double x);
// std::to_chars(x, std::chars_format::scientific, precision): "1.23450000000000e-02".
std::string ScientificText(double x, int precision);
// std::from_chars(first, last, *x) in the general format: the longest prefix that is a decimal
// number ([-]digits[.digits][e[±]digits], or inf, infinity, nan), correctly rounded; ec is
// invalid_argument when no number begins at `first`, result_out_of_range when it overflows or
// underflows (*x then unchanged).
std::from_chars_result ParseDouble(const char* first, const char* last, double* x);

// The portable versions, for the tests.
std::string ShortestTextPortable(double x);
std::string ScientificTextPortable(double x, int precision);
std::from_chars_result ParseDoublePortable(const char* first, const char* last, double* x);

}  // namespace brink

#endif  // BRINK_MODEL_NUMBER_TEXT_H_
