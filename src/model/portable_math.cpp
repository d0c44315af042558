// Special functions over software floats (portable_math.h).
#include "model/portable_math.h"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/multiprecision/cpp_bin_float.hpp>

namespace brink {
namespace {

namespace mp = boost::multiprecision;

// 56 bits, not 53: Boost.Math's 53-bit code paths are written for `double` (their tables are
// long double constants, whose value differs between platforms), its generic ones for any
// precision. The exponent range is double's.
using Soft = mp::number<mp::cpp_bin_float<56, mp::digit_base_2, void, int, -1022, 1023>,
                        mp::et_off>;

double ToDouble(const Soft& x) { return x.convert_to<double>(); }

}  // namespace

double PortableExp(double x) { return ToDouble(exp(Soft(x))); }

double PortableLog(double x) { return ToDouble(log(Soft(x))); }

double PortablePow(double x, double y) {
  if (x == 0 || x == 1 || y == 1) return y == 0 ? 1 : x;
  return ToDouble(pow(Soft(x), Soft(y)));
}

double PortableBetaQuantile(double alpha, double beta, double u) {
  return ToDouble(boost::math::quantile(boost::math::beta_distribution<Soft>(alpha, beta), Soft(u)));
}

double PortableBetaCdf(double alpha, double beta, double x) {
  return ToDouble(boost::math::cdf(boost::math::beta_distribution<Soft>(alpha, beta), Soft(x)));
}

double PortableNormalQuantile(double u) {
  return ToDouble(boost::math::quantile(boost::math::normal_distribution<Soft>(), Soft(u)));
}

double PortableNormalCdf(double z) {
  return ToDouble(boost::math::cdf(boost::math::normal_distribution<Soft>(), Soft(z)));
}

double PortableTriangularQuantile(double lo, double mode, double hi, double u) {
  return ToDouble(boost::math::quantile(boost::math::triangular_distribution<Soft>(lo, mode, hi),
                                        Soft(u)));
}

double PortableStudentsTQuantile(double dof, double u) {
  return ToDouble(boost::math::quantile(boost::math::students_t_distribution<Soft>(dof), Soft(u)));
}

}  // namespace brink
