// Scores how well Monte Carlo figures agree with exact ones, in standard errors, for the
// validation suite.
//
// For a probability with exact value p estimated from n trials, z = (estimate - p) / se with
// se = sqrt(max(p(1 - p), 4/n) / n): the binomial standard error, floored at that of a
// probability of 4/n ("four trials' worth", i.e. se >= 2/n), because near 0 or 1 the count is
// Poisson-like and a few stray trials must not read as many standard errors. An exact 0 must
// be estimated as exactly 0 (an engine must never realise an impossible event).
//
// For a mean first step from c trials in which the figure occurred, se = sqrt(max(v, 4(H-1)^2
// / c) / c), v the exact variance of the first step given occurrence, floored the same way
// for first steps that are nearly always the same; when H = 1 (or the exact variance is 0)
// the mean must match to 1e-9.
#ifndef BRINK_TESTS_AGREEMENT_H_
#define BRINK_TESTS_AGREEMENT_H_

#include <cstdint>
#include <string>

#include "brink/estimate.h"

namespace brink::test {

class Agreement {
 public:
  // Compares every figure's headline probability, every timeline point and every mean first
  // step of `estimate` (from `n` trials) with `exact`; with a condition, also the estimate of
  // P(condition) (from `simulated` trials). `where` names the model in reports.
  void Compare(const Results& estimate, const Results& exact, const std::string& where);

  // Adds another agreement's checks to this one.
  void Add(const Agreement& other);

  int checks() const { return checks_; }
  int failures() const { return failures_; }  // checks with |z| > kLimit
  double largest_z() const { return largest_z_; }
  const std::string& worst() const { return worst_; }  // what gave largest_z, for messages

  static constexpr double kLimit = 5;

 private:
  void Score(double z, const std::string& what);
  void Probability(double estimate, double exact, uint64_t n, const std::string& what);
  void Mean(const Figure& estimate, const Figure& exact, uint64_t n, const std::string& what);

  int checks_ = 0;
  int failures_ = 0;
  double largest_z_ = 0;
  std::string worst_;
};

}  // namespace brink::test

#endif  // BRINK_TESTS_AGREEMENT_H_
