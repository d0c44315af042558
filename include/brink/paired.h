// Paired estimates: the difference of a figure between two arms run on the same trials
// (common random numbers), from each draw's 2×2 counts, with its paired 95% interval and the
// interval two independent runs would give. Used by `brink compare` and a sweep's baseline.
#ifndef BRINK_PAIRED_H_
#define BRINK_PAIRED_H_

#include <cstdint>
#include <string>
#include <vector>

#include "brink/estimate.h"
#include "brink/model.h"

namespace brink {

// One figure of both arms. difference = p_b - p_a. With one draw, the intervals are
// Newcombe's hybrid score intervals (1998): for paired proportions from the 2×2 table of
// trials (both, A only, B only, neither), and for independent proportions from the two
// Wilson intervals — the interval two independent runs of the same size would give. With
// D > 1 draws (the arms share their draws), the paired interval is mean ± t(0.975, D-1)·sd/√D
// of the per-draw differences, the independent one mean ± t·√(se_a² + se_b²).
struct PairedFigure {
  Figure::Kind kind = Figure::Kind::kEvent;
  std::string id;
  std::string label;
  double p_a = 0, p_b = 0, difference = 0;
  double paired_low = 0, paired_high = 0;
  double independent_low = 0, independent_high = 0;
  // One draw: trials in which the figure happened in both arms, in A only, in B only.
  uint64_t both = 0, a_only = 0, b_only = 0;
};

// One draw's counts of both arms, by figure (events, then levels): trials in which it
// happened by the horizon in A, in B, and in both; out of `trials` each.
struct PairCounts {
  std::vector<uint64_t> a, b, both;
};

// The paired figures from each draw's counts (see PairedFigure), labelled from `model`.
std::vector<PairedFigure> PairedFigures(const Model& model, const std::vector<PairCounts>& draws,
                                        uint64_t trials);

// 95% intervals of p_b - p_a (see PairedFigure): from the paired 2×2 counts out of n > 0
// trials, and from the same counts as if the arms were independent runs.
void PairedDifferenceInterval(uint64_t both, uint64_t a_only, uint64_t b_only, uint64_t n,
                              double* low, double* high);
void IndependentDifferenceInterval(uint64_t count_a, uint64_t count_b, uint64_t n, double* low,
                                   double* high);

}  // namespace brink

#endif  // BRINK_PAIRED_H_
