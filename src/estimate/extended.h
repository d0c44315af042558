// Extended: sums and sums of squares over draws with a 64-bit significand, as x86-64's `long
// double` holds them, but in Boost.Multiprecision's software float (integer arithmetic), so
// the means and intervals over draws are the same bits on every platform (`long double` is
// 128 bits on aarch64 and WebAssembly; docs/reports.md). Each operation rounds to nearest,
// as the x87 unit does, so x86-64's results are unchanged.
#ifndef BRINK_ESTIMATE_EXTENDED_H_
#define BRINK_ESTIMATE_EXTENDED_H_

#include <boost/multiprecision/cpp_bin_float.hpp>

namespace brink {

using Extended = boost::multiprecision::number<
    boost::multiprecision::cpp_bin_float<64, boost::multiprecision::digit_base_2>,
    boost::multiprecision::et_off>;

inline double ToDouble(const Extended& x) { return x.convert_to<double>(); }

}  // namespace brink

#endif  // BRINK_ESTIMATE_EXTENDED_H_
