// Figures an analyst reads: probabilities with standard errors and 95% intervals, per event
// and per escalation level, at the horizon and step by step.
#ifndef BRINK_ESTIMATE_H_
#define BRINK_ESTIMATE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "brink/model.h"
#include "brink/tally.h"

namespace brink {

struct Figure {
  enum class Kind { kEvent, kLevel };
  Kind kind;
  std::string id;          // event id, or the level index k as text
  std::string label;       // event label or level name
  double probability = 0;  // P(by the horizon); for a level k, P(level >= k by the horizon)
  double std_error = 0;
  double ci_low = 0;       // 95% interval
  double ci_high = 0;
  double mean_first_step = 0;  // among trials where it happened; meaningful when occurred
  bool occurred = false;
  std::vector<double> by_step;  // cumulative P(by step t) for t = 1..horizon
};

struct Results {
  std::vector<Figure> figures;  // events in file order, then levels 1..K
  uint64_t simulated = 0;       // trials run (0 for an exact engine)
  uint64_t counted = 0;         // trials the figures are based on
};

// Binomial estimates from a tally: probability = count / counted, std_error =
// sqrt(p(1-p)/counted), 95% Wilson score interval. REQUIRES: tally.counted() > 0.
Results EstimateFromTally(const Model& model, const Tally& tally);

// 95% Wilson score interval for `successes` out of `n` > 0.
void WilsonInterval(uint64_t successes, uint64_t n, double* low, double* high);

}  // namespace brink

#endif  // BRINK_ESTIMATE_H_
