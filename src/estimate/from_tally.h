// Estimates from the engines' own results (engine/tally.h, engine/exact.h): the step of the
// data path from Tally to Results, inside the library (the public brink/estimate.h and
// brink/paired.h hold what a user works with).
#ifndef BRINK_ESTIMATE_FROM_TALLY_H_
#define BRINK_ESTIMATE_FROM_TALLY_H_

#include <string>

#include "brink/estimate.h"
#include "brink/model.h"
#include "brink/paired.h"
#include "engine/exact.h"
#include "engine/tally.h"

namespace brink {

// Binomial estimates from a tally: probability = count / counted, std_error =
// sqrt(p(1-p)/counted), 95% Wilson score interval. REQUIRES: tally.counted() > 0.
Results EstimateFromTally(const Model& model, const Tally& tally);

// Exact figures: std_error 0 and the interval equal to the value. When `given_text` is not
// empty the solution must have been solved with that condition, and the figures are divided by
// its probability. REQUIRES: solution.given_probability > 0.
Results EstimateFromExact(const Model& model, const ExactSolution& solution,
                          const std::string& given_text = "");

// One draw's counts of both arms (PairCounts) from its paired tally.
PairCounts CountPairs(const PairedTally& tally);

}  // namespace brink

#endif  // BRINK_ESTIMATE_FROM_TALLY_H_
