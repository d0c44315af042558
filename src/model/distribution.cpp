#include "brink/distribution.h"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/policies/error_handling.hpp>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>

#include "model/number_text.h"
#include "model/portable_math.h"
namespace brink {
namespace {

constexpr double kZ95 = 1.6448536269514722;  // standard normal 95% quantile

// Every value a draw takes goes through the portable functions (model/portable_math.h):
// the same bits on every platform, the live report's WebAssembly engine among them.
double Logit(double p) { return PortableLog(p / (1 - p)); }
double Logistic(double x) { return 1 / (1 + PortableExp(-x)); }

// PERT(lo, mode, hi) with λ = 4 is lo + (hi - lo)·Beta(α, β).
boost::math::beta_distribution<> PertBeta(double lo, double mode, double hi) {
  return {1 + 4 * (mode - lo) / (hi - lo), 1 + 4 * (hi - mode) / (hi - lo)};
}

// The beta quantile. Boost's inverse incomplete beta fails on rare inputs (in double, Boost
// 1.74's Newton iteration reported "no root" for beta(5, 5) at exactly 1/2, the median that
// point values and single draws use). A symmetric beta's median is 1/2 exactly; any other
// failure falls back to bisection on the CDF, down to adjacent doubles.
double BetaQuantile(const boost::math::beta_distribution<>& beta, double u) {
  if (beta.alpha() == beta.beta() && u == 0.5) return 0.5;
  try {
    return PortableBetaQuantile(beta.alpha(), beta.beta(), u);
  } catch (const boost::math::evaluation_error&) {
  }
  double lo = 0, hi = 1;
  for (;;) {
    const double mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) return hi;
    (PortableBetaCdf(beta.alpha(), beta.beta(), mid) < u ? lo : hi) = mid;
  }
}

// The quantile in double with Boost.Math and the C library: 100 times faster than the
// portable one, and perhaps a last bit apart from it. Mean and Variance integrate with it
// (20000 strata; posterior.csv's prior moments), as no draw is made from them.
double FastQuantile(const Distribution& dist, double u) {
  double x = dist.a;
  try {
  switch (dist.kind) {
    case Distribution::Kind::kPoint: return dist.a;
    case Distribution::Kind::kBeta:
      x = boost::math::quantile(boost::math::beta_distribution<>(dist.a, dist.b), u);
      break;
    case Distribution::Kind::kUniform: x = dist.a + (dist.b - dist.a) * u; break;
    case Distribution::Kind::kTriangular:
      x = boost::math::quantile(boost::math::triangular_distribution<>(dist.a, dist.b, dist.c), u);
      break;
    case Distribution::Kind::kPert:
      x = dist.a + (dist.c - dist.a) * boost::math::quantile(PertBeta(dist.a, dist.b, dist.c), u);
      break;
    case Distribution::Kind::kLogitNormal: {
      const double lo = std::log(dist.a / (1 - dist.a)), hi = std::log(dist.b / (1 - dist.b));
      const double z = boost::math::quantile(boost::math::normal(), u);
      x = 1 / (1 + std::exp(-((lo + hi) / 2 + (hi - lo) / (2 * kZ95) * z)));
      break;
    }
    case Distribution::Kind::kLogNormal: {
      const double lo = std::log(dist.a), hi = std::log(dist.b);
      const double z = boost::math::quantile(boost::math::normal(), u);
      x = std::exp((lo + hi) / 2 + (hi - lo) / (2 * kZ95) * z);
      break;
    }
  }
  } catch (const boost::math::evaluation_error&) {
    return dist.Quantile(u);
  }
  return dist.per_step == 1 ? x : 1 - std::pow(1 - x, dist.per_step);
}

// Logit-normal with its 5th and 95th percentiles at lo and hi.
void LogitNormal(double lo, double hi, double* mu, double* sigma) {
  *mu = (Logit(lo) + Logit(hi)) / 2;
  *sigma = (Logit(hi) - Logit(lo)) / (2 * kZ95);
}

// Lognormal (an amount's `LO to HI`) with its 5th and 95th percentiles at lo and hi.
void LogNormal(double lo, double hi, double* mu, double* sigma) {
  *mu = (PortableLog(lo) + PortableLog(hi)) / 2;
  *sigma = (PortableLog(hi) - PortableLog(lo)) / (2 * kZ95);
}

// The shortest text that reads back as x (std::to_chars's).
std::string FormatNumber(double x) { return ShortestText(x); }

}  // namespace

double Distribution::Quantile(double u) const {
  const double x = WrittenQuantile(u);
  // A value per another unit of time, as a probability per step.
  return per_step == 1 ? x : 1 - PortablePow(1 - x, per_step);
}

double Distribution::WrittenQuantile(double u) const {
  switch (kind) {
    case Kind::kPoint:
      return a;
    case Kind::kBeta:
      return BetaQuantile(boost::math::beta_distribution<>(a, b), u);
    case Kind::kUniform:
      return a + (b - a) * u;
    case Kind::kTriangular:
      return PortableTriangularQuantile(a, b, c, u);
    case Kind::kPert:
      return a + (c - a) * BetaQuantile(PertBeta(a, b, c), u);
    case Kind::kLogitNormal: {
      double mu = 0, sigma = 0;
      LogitNormal(a, b, &mu, &sigma);
      return Logistic(mu + sigma * PortableNormalQuantile(u));
    }
    case Kind::kLogNormal: {
      double mu = 0, sigma = 0;
      LogNormal(a, b, &mu, &sigma);
      return PortableExp(mu + sigma * PortableNormalQuantile(u));
    }
  }
  return a;
}

namespace {

// Shapes that are whole numbers up to this (to within 1e-12, as PERT's 1 + 4·(mode − lo)/(hi − lo)
// rounds them) take WholeBetaAtNormal.
constexpr double kMaxWholeShape = 40;

// `x` when it lies within 1e-12 of a whole number in 1..kMaxWholeShape, that number; else 0.
int WholeShape(double x) {
  const double n = std::nearbyint(x);
  return n >= 1 && n <= kMaxWholeShape && std::fabs(x - n) <= 1e-12 * n ? static_cast<int>(n) : 0;
}

// P(X <= y) and the density at y of beta(p, q) with whole shapes: P(Binomial(n, y) >= p),
// n = p + q − 1, a sum of positive terms, and y^(p−1)·(1−y)^(q−1)·n!/((p−1)!·(q−1)!). Only
// +, −, × and ÷: the same bits on every platform.
void WholeBeta(int p, int q, double y, double* cdf, double* density) {
  const int n = p + q - 1;
  const double not_y = 1 - y;
  double power = 1;  // y^(p−1)
  for (int j = 1; j < p; ++j) power *= y;
  double rest = 1;  // (1 − y)^(q−1)
  for (int j = 1; j < q; ++j) rest *= not_y;
  double scale = 1;  // n! / ((p − 1)!·(q − 1)!)
  for (int j = 1; j <= n; ++j) scale *= j;
  for (int j = 1; j < p; ++j) scale /= j;
  for (int j = 1; j < q; ++j) scale /= j;
  *density = scale * power * rest;
  // term_j = C(n, j)·y^j·(1 − y)^(n−j) for j = p .. n, from term_p = density·y/p.
  double term = *density * y / p;
  double sum = 0;
  for (int j = p; j <= n; ++j) {
    sum += term;
    if (j < n) term *= static_cast<double>(n - j) / (j + 1) * (y / not_y);
  }
  *cdf = sum;
}

// The value of beta(p, q) (whole shapes) at the normal score z: y with P(X <= y) = Φ(z), solved
// in the lower tail (for z > 0, 1 − y' with y' the lower-tail value of beta(q, p) at −z), by
// Newton's method kept inside a bracket. Every step is portable arithmetic (Φ too), so the
// result is the same everywhere.
double WholeBetaAtNormal(int p, int q, double z) {
  const bool upper = z > 0;
  if (upper) std::swap(p, q);
  const double v = PortableNormalCdf(-std::fabs(z));  // <= 1/2
  double lo = 0, hi = 1, y = 0.5;
  // Bisection narrows the bracket to 1/256, then Newton's steps (bisecting any that leaves
  // it) converge.
  for (int iteration = 0; iteration < 200; ++iteration) {
    double cdf = 0, density = 0;
    WholeBeta(p, q, y, &cdf, &density);
    if (cdf < v) lo = y; else hi = y;
    double next = iteration >= 8 && density > 0 ? y - (cdf - v) / density : (lo + hi) / 2;
    if (!(next > lo && next < hi)) next = lo + (hi - lo) / 2;
    if (next == y || (iteration >= 8 && std::fabs(next - y) <= 1e-16 * y)) {
      y = next;
      break;
    }
    y = next;
  }
  return upper ? 1 - y : y;
}

}  // namespace

double Distribution::QuantileAtNormal(double z) const {
  const bool upper = z > 0;
  double x = a;
  if (kind == Kind::kLogitNormal) {
    // Φ and its inverse cancel: the logit is normal.
    double mu = 0, sigma = 0;
    LogitNormal(a, b, &mu, &sigma);
    x = Logistic(mu + sigma * z);
  } else if (kind == Kind::kLogNormal) {
    double mu = 0, sigma = 0;
    LogNormal(a, b, &mu, &sigma);
    x = PortableExp(mu + sigma * z);
  } else if (std::fabs(z) > kTailDeviate) {
    // Past kTailDeviate, where Φ(z) as a double would round to 1 (every z past 8.2 one value),
    // the tail is taken through Φ(−z) and the mirrored distribution.
    x = WrittenTailQuantile(PortableNormalCdf(-std::fabs(z)), upper);
  } else {
    switch (kind) {
      case Kind::kPoint:
      case Kind::kLogitNormal:
      case Kind::kLogNormal:
        break;
      case Kind::kUniform:
        x = a + (b - a) * PortableNormalCdf(z);
        break;
      case Kind::kBeta: {
        const int p = WholeShape(a), q = WholeShape(b);
        x = p > 0 && q > 0 ? WholeBetaAtNormal(p, q, z) : WrittenQuantile(PortableNormalCdf(z));
        break;
      }
      case Kind::kPert: {
        const boost::math::beta_distribution<> beta = PertBeta(a, b, c);
        const int p = WholeShape(beta.alpha()), q = WholeShape(beta.beta());
        x = p > 0 && q > 0 ? a + (c - a) * WholeBetaAtNormal(p, q, z)
                           : WrittenQuantile(PortableNormalCdf(z));
        break;
      }
      case Kind::kTriangular:
        x = WrittenQuantile(PortableNormalCdf(z));
        break;
    }
  }
  return per_step == 1 ? x : 1 - PortablePow(1 - x, per_step);
}

double Distribution::WrittenTailQuantile(double q, bool upper) const {
  // A distribution on [lo, hi] mirrored is one on [lo, hi] with its shapes swapped; its lower
  // tail at q is the upper tail at q reflected.
  switch (kind) {
    case Kind::kPoint:
    case Kind::kLogitNormal:  // QuantileAtNormal's own
    case Kind::kLogNormal:
      return a;
    case Kind::kBeta:
      if (q == 0) return upper ? 1 : 0;
      return upper ? 1 - BetaQuantile(boost::math::beta_distribution<>(b, a), q)
                   : BetaQuantile(boost::math::beta_distribution<>(a, b), q);
    case Kind::kUniform:
      return upper ? b - (b - a) * q : a + (b - a) * q;
    case Kind::kTriangular:
      if (q == 0) return upper ? c : a;
      return upper ? a + c - PortableTriangularQuantile(a, a + c - b, c, q)
                   : PortableTriangularQuantile(a, b, c, q);
    case Kind::kPert: {
      if (q == 0) return upper ? c : a;
      const boost::math::beta_distribution<> beta = PertBeta(a, b, c);
      return upper ? c - (c - a) * BetaQuantile({beta.beta(), beta.alpha()}, q)
                   : a + (c - a) * BetaQuantile(beta, q);
    }
  }
  return a;
}

double Distribution::Mean() const {
  if (per_step == 1) switch (kind) {
    case Kind::kPoint: return a;
    case Kind::kBeta: return a / (a + b);
    case Kind::kUniform: return (a + b) / 2;
    case Kind::kTriangular: return (a + b + c) / 3;
    case Kind::kPert: return a + (c - a) * boost::math::mean(PertBeta(a, b, c));
    case Kind::kLogitNormal: break;
    case Kind::kLogNormal: {
      double mu = 0, sigma = 0;
      LogNormal(a, b, &mu, &sigma);
      return std::exp(mu + sigma * sigma / 2);
    }
  }
  // No closed form: integrate the quantile function (midpoint rule on 20000 strata).
  const int n = 20000;
  double sum = 0;
  for (int i = 0; i < n; ++i) sum += FastQuantile(*this, (i + 0.5) / n);
  return sum / n;
}

double Distribution::Variance() const {
  if (per_step == 1) switch (kind) {
    case Kind::kPoint: return 0;
    case Kind::kBeta: return boost::math::variance(boost::math::beta_distribution<>(a, b));
    case Kind::kUniform: return (b - a) * (b - a) / 12;
    case Kind::kTriangular:
      return boost::math::variance(boost::math::triangular_distribution<>(a, b, c));
    case Kind::kPert: return (c - a) * (c - a) * boost::math::variance(PertBeta(a, b, c));
    case Kind::kLogitNormal: break;
    case Kind::kLogNormal: {
      double mu = 0, sigma = 0;
      LogNormal(a, b, &mu, &sigma);
      return std::expm1(sigma * sigma) * std::exp(2 * mu + sigma * sigma);
    }
  }
  const int n = 20000;
  const double mean = Mean();
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    double x = FastQuantile(*this, (i + 0.5) / n) - mean;
    sum += x * x;
  }
  return sum / n;
}

std::string Distribution::Text() const {
  switch (kind) {
    case Kind::kPoint: return FormatNumber(a);
    case Kind::kBeta: return "beta(" + FormatNumber(a) + ", " + FormatNumber(b) + ")";
    case Kind::kUniform: return "uniform(" + FormatNumber(a) + ", " + FormatNumber(b) + ")";
    case Kind::kTriangular:
      return "triangular(" + FormatNumber(a) + ", " + FormatNumber(b) + ", " + FormatNumber(c) + ")";
    case Kind::kPert:
      return "pert(" + FormatNumber(a) + ", " + FormatNumber(b) + ", " + FormatNumber(c) + ")";
    case Kind::kLogitNormal:
    case Kind::kLogNormal: return FormatNumber(a) + " to " + FormatNumber(b);
  }
  return "";
}

}  // namespace brink
