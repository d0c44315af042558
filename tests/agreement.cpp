#include "agreement.h"

#include <cmath>
#include <limits>

namespace brink::test {

void Agreement::Score(double z, const std::string& what) {
  ++checks_;
  z = std::fabs(z);
  if (z > kLimit) ++failures_;
  if (z > largest_z_ || worst_.empty()) {
    largest_z_ = z;
    worst_ = what;
  }
}

void Agreement::Add(const Agreement& other) {
  checks_ += other.checks_;
  failures_ += other.failures_;
  if (other.largest_z_ > largest_z_ || worst_.empty()) {
    largest_z_ = other.largest_z_;
    worst_ = other.worst_;
  }
}

void Agreement::Probability(double estimate, double exact, uint64_t n, const std::string& what) {
  const double nn = static_cast<double>(n);
  if (exact == 0) {
    Score(estimate == 0 ? 0 : std::numeric_limits<double>::infinity(), what);
    return;
  }
  const double se = std::sqrt(std::max(exact * (1 - exact), 4 / nn) / nn);
  Score((estimate - exact) / se,
        what + " (estimate " + std::to_string(estimate) + ", exact " + std::to_string(exact) +
            ", n " + std::to_string(n) + ")");
}

void Agreement::Mean(const Figure& estimate, const Figure& exact, uint64_t n,
                     const std::string& what) {
  const double count = std::round(estimate.probability * static_cast<double>(n));
  if (!estimate.occurred || !exact.occurred || count < 1) return;
  const int horizon = static_cast<int>(exact.by_step.size());
  double previous = 0, mean = 0, square = 0;
  for (int t = 1; t <= horizon; ++t) {
    const double q = (exact.by_step[t - 1] - previous) / exact.probability;
    previous = exact.by_step[t - 1];
    mean += t * q;
    square += static_cast<double>(t) * t * q;
  }
  const double variance = std::max(0.0, square - mean * mean);
  const double floor = 4.0 * (horizon - 1) * (horizon - 1) / count;
  const double diff = estimate.mean_first_step - exact.mean_first_step;
  const double se = std::sqrt(std::max(variance, floor) / count);
  double z = std::fabs(diff) <= 1e-9 ? 0 : se == 0 ? std::numeric_limits<double>::infinity()
                                                   : diff / se;
  Score(z, what + " mean first step (estimate " + std::to_string(estimate.mean_first_step) +
               ", exact " + std::to_string(exact.mean_first_step) + ")");
}

void Agreement::Compare(const Results& estimate, const Results& exact, const std::string& where) {
  const uint64_t n = estimate.counted;
  for (size_t i = 0; i < exact.figures.size(); ++i) {
    const Figure& e = estimate.figures[i];
    const Figure& x = exact.figures[i];
    const std::string what =
        where + " " + (x.kind == Figure::Kind::kEvent ? "event " : "level ") + x.id;
    Probability(e.probability, x.probability, n, what);
    for (size_t t = 0; t + 1 < x.by_step.size(); ++t)  // the last point is the headline
      Probability(e.by_step[t], x.by_step[t], n, what + " by step " + std::to_string(t + 1));
    Mean(e, x, n, what);
  }
  if (!exact.given.text.empty())
    Probability(estimate.given.probability, exact.given.probability, estimate.simulated,
                where + " P(" + exact.given.text + ")");
}

}  // namespace brink::test
