// The value of a parameter, a probability or an amount (../shared/spec/quantities.md): a point,
// or one of the language's uncertain forms.
#ifndef BRINK_DISTRIBUTION_H_
#define BRINK_DISTRIBUTION_H_

#include <string>

namespace brink {

// The largest beta shape the loader accepts. Quantiles are tested up to it (a beta that
// concentrated has a standard deviation below 0.0005: a point value says the same).
constexpr double kMaxBetaShape = 1e6;

// Distribution::QuantileAtNormal's switch to its tail form (Φ(−5) ≈ 2.9e-7).
constexpr double kTailDeviate = 5;

struct Distribution {
  enum class Kind { kPoint, kBeta, kUniform, kTriangular, kPert, kLogitNormal, kLogNormal };

  Kind kind = Kind::kPoint;
  // kPoint: a = the value. kBeta: shapes 0 < a, b <= kMaxBetaShape. kUniform: a = lo < b = hi.
  // kTriangular, kPert: a = lo <= b = mode <= c = hi, lo < hi (PERT with λ = 4).
  // kLogitNormal (`LO to HI` as a probability): a = LO < b = HI, its 5th and 95th percentiles.
  // kLogNormal (`LO to HI` as an amount): the same, 0 < LO < HI.
  // Bounds are checked by the loader: a probability lies in [0, 1], an amount is >= 0 (beta
  // is a probability's only).
  double a = 0;
  double b = 0;
  double c = 0;
  // A value written per another unit of time (`20% per year` in a monthly model) holds per
  // step as 1 - (1 - x)^per_step, here 1/12; 1 for a value per step. Applied by Quantile
  // (so by Median, Mean, Variance and every draw), not to a, b, c.
  double per_step = 1;

  static Distribution Point(double p) { return {Kind::kPoint, p, 0, 0, 1}; }

  bool IsUncertain() const { return kind != Kind::kPoint; }
  // The inverse CDF at u, per step. REQUIRES: 0 < u < 1. For a point, its value.
  double Quantile(double u) const;
  // The same for the value as written, before any conversion to the step.
  double WrittenQuantile(double u) const;
  // The value at the standard normal deviate z, Quantile(Φ(z)), for samplers that work on
  // the normal scale (the posterior's, study/smc.h), computed for speed and the same bits on
  // every platform (Φ portable): a logit-normal as logistic(μ + σz); a beta or PERT whose
  // shapes are whole numbers (to 1e-12) up to 40 by Newton's method on its CDF, a finite
  // binomial sum, solved in the nearer tail; the others as WrittenQuantile(Φ(z)). Past
  // |z| = kTailDeviate, where Φ(z) as a double would round to 1 (every z past 8.2 one value),
  // the tail is taken through Φ(−z) and the mirrored distribution: a posterior far in the
  // prior's tail is followed there. Within a few units in the last place of Quantile(Φ(z)).
  double QuantileAtNormal(double z) const;
  double Median() const { return Quantile(0.5); }
  double Mean() const;
  double Variance() const;
  // As the language writes it, e.g. "beta(2, 8)" or "10% to 30%" (as numbers).
  std::string Text() const;

 private:
  // The written value whose upper (lower) tail probability is q, 0 <= q < 1/2.
  double WrittenTailQuantile(double q, bool upper) const;
};

}  // namespace brink

#endif  // BRINK_DISTRIBUTION_H_
