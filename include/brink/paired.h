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

// One number of both arms, e.g. P(happened by the horizon). difference = p_b - p_a. With one
// draw, the intervals are Newcombe's hybrid score intervals (1998): for paired proportions
// from the 2×2 table of trials (both, A only, B only, neither), and for independent
// proportions from the two Wilson intervals — the interval two independent runs of the same
// size would give. With D > 1 draws (the arms share their draws), the paired interval is
// mean ± t(0.975, D-1)·sd/√D of the per-draw differences, the independent one
// mean ± t·√(se_a² + se_b²).
struct PairedValue {
  double p_a = 0, p_b = 0, difference = 0;
  double paired_low = 0, paired_high = 0;
  double independent_low = 0, independent_high = 0;
  // One draw: trials in which it held in both arms, in A only, in B only.
  uint64_t both = 0, a_only = 0, b_only = 0;
};

// A mean count of both arms (a version-2 event's mean occurrences): mean_a, mean_b and
// difference = mean_b − mean_a, with the paired 95% interval of the difference (one draw:
// difference ± 1.96·sd/√n of the per-trial differences; D > 1 draws: ± t(0.975, D-1)·sd/√D
// of the per-draw differences).
struct PairedMean {
  double mean_a = 0, mean_b = 0, difference = 0;
  double paired_low = 0, paired_high = 0;
};

// One figure of both arms: P(it happened by the horizon) (the PairedValue fields, as ever),
// and for two version-2 arms (two_way) also P(active at the horizon) (a level k: P(level at
// the horizon >= k)) and, for an event, its mean occurrences in 1..horizon.
struct PairedFigure : PairedValue {
  Figure::Kind kind = Figure::Kind::kEvent;
  std::string id;
  std::string label;
  bool two_way = false;
  PairedValue now;          // two_way only
  PairedMean occurrences;   // two_way events only
};

// One draw's counts of both arms, by figure (events, then levels): trials in which it
// happened by the horizon in A, in B, and in both; out of `trials` each. Two version-2 arms
// also count, by figure, the trials in which it is active at the horizon (a_active, b_active,
// both_active) and, by event, the onsets in all trials of A and of B and the sum over trials
// of (N_b − N_a)² (empty for version 1).
struct PairCounts {
  std::vector<uint64_t> a, b, both;
  std::vector<uint64_t> a_active, b_active, both_active;
  std::vector<uint64_t> a_onsets, b_onsets, onsets_squares;
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
