#include "brink/distribution.h"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <charconv>
#include <cmath>

namespace brink {
namespace {

constexpr double kZ95 = 1.6448536269514722;  // standard normal 95% quantile

double Logit(double p) { return std::log(p / (1 - p)); }
double Logistic(double x) { return 1 / (1 + std::exp(-x)); }

// PERT(lo, mode, hi) with λ = 4 is lo + (hi - lo)·Beta(α, β).
boost::math::beta_distribution<> PertBeta(double lo, double mode, double hi) {
  return {1 + 4 * (mode - lo) / (hi - lo), 1 + 4 * (hi - mode) / (hi - lo)};
}

// The beta quantile. Boost 1.74's inverse incomplete beta fails on rare inputs: its Newton
// iteration reports "no root" for beta(5, 5) at exactly 1/2, the median that point values
// and single draws use (the only failure in a grid of 3.2 million shapes and LHS stratum
// midpoints). A symmetric beta's median is 1/2 exactly; any other failure falls back to
// bisection on the CDF, down to adjacent doubles.
double BetaQuantile(const boost::math::beta_distribution<>& beta, double u) {
  if (beta.alpha() == beta.beta() && u == 0.5) return 0.5;
  try {
    return boost::math::quantile(beta, u);
  } catch (const boost::math::evaluation_error&) {
  }
  double lo = 0, hi = 1;
  for (;;) {
    const double mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) return hi;
    (boost::math::cdf(beta, mid) < u ? lo : hi) = mid;
  }
}

// Logit-normal with its 5th and 95th percentiles at lo and hi.
void LogitNormal(double lo, double hi, double* mu, double* sigma) {
  *mu = (Logit(lo) + Logit(hi)) / 2;
  *sigma = (Logit(hi) - Logit(lo)) / (2 * kZ95);
}

std::string FormatNumber(double x) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, ec == std::errc() ? end : buffer);
}

}  // namespace

double Distribution::Quantile(double u) const {
  const double x = WrittenQuantile(u);
  // A value per another unit of time, as a probability per step.
  return per_step == 1 ? x : 1 - std::pow(1 - x, per_step);
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
      return boost::math::quantile(boost::math::triangular_distribution<>(a, b, c), u);
    case Kind::kPert:
      return a + (c - a) * BetaQuantile(PertBeta(a, b, c), u);
    case Kind::kLogitNormal: {
      double mu = 0, sigma = 0;
      LogitNormal(a, b, &mu, &sigma);
      return Logistic(mu + sigma * boost::math::quantile(boost::math::normal(), u));
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
  }
  // No closed form: integrate the quantile function (midpoint rule on 20000 strata).
  const int n = 20000;
  double sum = 0;
  for (int i = 0; i < n; ++i) sum += Quantile((i + 0.5) / n);
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
  }
  const int n = 20000;
  const double mean = Mean();
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    double x = Quantile((i + 0.5) / n) - mean;
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
    case Kind::kLogitNormal: return FormatNumber(a) + " to " + FormatNumber(b);
  }
  return "";
}

}  // namespace brink
