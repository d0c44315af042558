// Special functions that give the same bits on every platform: the quantiles brink draws
// uncertain values with and its intervals use, and the elementary functions beside them.
//
// A C library's exp, log and pow, and Boost.Math over `double` (which works in `long
// double`: 80 bits on x86-64, 128 on aarch64 and WebAssembly), may differ in a result's last
// bit between platforms; a drawn value one bit apart can move a figure's 15th digit, so the
// live report's engine (WebAssembly, musl) would not write the command line's bytes
// (docs/reports.md). These run Boost.Math over Boost.Multiprecision's software binary floats
// (cpp_bin_float, 56 bits: integer arithmetic, so identical everywhere) and round the result
// to double once. They cost microseconds (a beta quantile about 0.3 ms), so they serve where
// a result reaches a file — the draws, the intervals — not inner loops.
#ifndef BRINK_MODEL_PORTABLE_MATH_H_
#define BRINK_MODEL_PORTABLE_MATH_H_

namespace brink {

// exp(x), log(x) (x > 0), x^y (x >= 0).
double PortableExp(double x);
double PortableLog(double x);
double PortablePow(double x, double y);

// The quantiles at u in (0, 1) of beta(alpha, beta), of the standard normal, of
// triangular(lo, mode, hi) and of Student's t with `dof` degrees of freedom. The beta's
// throws boost::math::evaluation_error when Boost's iteration fails (distribution.cpp falls
// back to bisection on PortableBetaCdf).
double PortableBetaQuantile(double alpha, double beta, double u);
double PortableBetaCdf(double alpha, double beta, double x);
double PortableNormalQuantile(double u);
// The standard normal CDF Φ(z).
double PortableNormalCdf(double z);
double PortableTriangularQuantile(double lo, double mode, double hi, double u);
double PortableStudentsTQuantile(double dof, double u);

}  // namespace brink

#endif  // BRINK_MODEL_PORTABLE_MATH_H_
