// `brink compare`: two arms — the same model with different settings, or two models with the
// same events — run in lockstep on the same trials with the same random numbers, and the
// difference of every figure with its interval from the paired outcomes
// (docs/compare.md). Common random numbers make the two arms' errors largely cancel, so the
// paired interval is far narrower than the one two independent runs would give; both are
// reported, so the gain is visible.
#ifndef BRINK_COMPARE_H_
#define BRINK_COMPARE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "brink/estimate.h"
#include "brink/model.h"
#include "brink/run.h"

namespace brink {

using Settings = std::vector<std::pair<std::string, double>>;

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

struct CompareOutcome {
  std::vector<PairedFigure> figures;  // events in file order, then levels 1..K
  uint64_t trials = 0;                // per draw
  int draws = 1;
  std::vector<std::string> sampled_names;
};

// What differs between the arms: `a` and `b` pins (as --set takes them) on top of the common
// `sets`; model_b is the second arm's model (the same as model_a for --a/--b).
struct CompareArms {
  const Model* model_a = nullptr;
  const Model* model_b = nullptr;
  Settings sets;  // both arms
  Settings a, b;  // each arm
};

// Runs both arms with request.trials trials per draw on the fast engine (request.simd), the
// draws shared: the uncertain values are drawn once (those pinned in both arms are not
// drawn) and each arm applies its own pins. Throws UsageError when the models' events or
// levels differ, for an unknown or twice-given name, or with --given or --precision.
CompareOutcome RunCompare(const CompareArms& arms, const RunRequest& request);

// 95% intervals of p_b - p_a (see PairedFigure): from the paired 2×2 counts out of n > 0
// trials, and from the same counts as if the arms were independent runs.
void PairedDifferenceInterval(uint64_t both, uint64_t a_only, uint64_t b_only, uint64_t n,
                              double* low, double* high);
void IndependentDifferenceInterval(uint64_t count_a, uint64_t count_b, uint64_t n, double* low,
                                   double* high);

// compare.csv: kind,id,label,p_a,p_b,difference,paired_low,paired_high,independent_low,
// independent_high — one row per event, then per level.
std::string CompareCsv(const CompareOutcome& outcome);

}  // namespace brink

#endif  // BRINK_COMPARE_H_
