// A version-2 model's figures (brink/estimate.h NowFigure) from the engines' counts and exact
// probabilities, and their combination over draws. Part of the step Tally → Results
// (estimate/from_tally.h).
#ifndef BRINK_ESTIMATE_NOW_FIGURES_H_
#define BRINK_ESTIMATE_NOW_FIGURES_H_

#include <vector>

#include "brink/estimate.h"
#include "engine/exact.h"
#include "engine/tally.h"
#include "estimate/extended.h"

namespace brink {

// Row `row`'s figures from a version-2 tally. REQUIRES: tally.two_way(), tally.counted() > 0.
NowFigure NowFromTally(const Tally& tally, int row);

// Row `row`'s figures from a version-2 exact solution, divided by its condition's probability
// `given` (1 for none). REQUIRES: solution.two_way().
NowFigure NowFromExact(const ExactSolution& solution, int row, double given);

// Running sums of one figure's NowFigure over draws, folded in draw order (DrawCombiner).
class NowSums {
 public:
  void Fold(const NowFigure& now);
  // The means over the `draws` folded, with standard errors sd / sqrt(effective) and
  // intervals mean ± t·se clipped to [0, 1]. REQUIRES: draws >= 2.
  NowFigure Finish(int draws, const Extended& effective, double t) const;

 private:
  // A number's sum and sum of squares.
  struct Moments {
    Extended sum = 0, squares = 0;
    void Add(double x) {
      sum += x;
      squares += Extended(x) * x;
    }
    double Mean(int n) const { return static_cast<double>(sum / n); }
    // sd / sqrt(effective), the sd over n values; 0 when they all agree to rounding.
    double StdError(int n, const Extended& effective) const;
  };

  Moments probability_, initial_, steps_active_, occurrences_mean_;
  std::vector<Extended> by_step_, ends_;  // by step; P(ends = n) by n
  std::vector<Moments> occurrences_;
};

}  // namespace brink

#endif  // BRINK_ESTIMATE_NOW_FIGURES_H_
