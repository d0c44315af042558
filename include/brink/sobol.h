// Variance-based (Sobol) sensitivity of a target figure to the model's uncertain parameters
// (docs/sweeps-and-sensitivity.md, "Sobol indices").
//
// Design (Saltelli 2010): two independent samples A and B of N parameter vectors (the
// uncertain parameters, each drawn from its own distribution; the others at their point
// values), and for each parameter i the matrix AB_i, A with column i from B: N·(k + 2) runs
// for k parameters. Each run estimates the target with the same trials and random numbers
// (common random numbers: draw 0 of the seed), so the differences the estimators take are
// not swamped by Monte Carlo noise. Estimators, with V the variance of f over A and B:
//
//   first order  S1_i = (1/N) Σ_j (f(B)_j − f̄) · (f(AB_i)_j − f(A)_j) / V   (Saltelli 2010,
//                centred on the mean f̄ of f over A and B: still unbiased, as the mean of
//                f(AB_i) − f(A) is 0, and far less variable when f̄ is large beside V)
//   total effect ST_i = (1/2N) Σ_j (f(A)_j − f(AB_i)_j)² / V             (Jansen 1999)
//
// Correlated parameters (the model's `correlations`) form one group, given one pair of indices
// under the name "a+b": A, B and AB_g then take the whole group's columns together, as its
// members cannot be varied apart; the groups are independent of each other.
//
// Intervals: 95% percentile bootstrap over the N rows (1,000 resamples; resample b's row
// indices from the keyed words of purpose kParam, block 1 + b, which parameter draws never
// read), so they are the same for the same seed.
#ifndef BRINK_SOBOL_H_
#define BRINK_SOBOL_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "brink/model.h"
#include "brink/run.h"

namespace brink {

struct SobolIndex {
  std::string parameter;
  double s1 = 0, s1_low = 0, s1_high = 0;  // first order, 95% interval
  double st = 0, st_low = 0, st_high = 0;  // total effect, 95% interval
};

struct SobolOptions {
  int samples = 512;      // N, rows of A and B
  int resamples = 1000;   // bootstrap
  std::function<void(double)> progress;
};

// The indices of every uncertain parameter (or correlated group) not pinned by `sets`, in
// model order, for figure `target` (index into Results::figures), each run as `request` asks
// (its trials, seed, engine, threads; draws are not used). Throws UsageError when the model
// has no uncertain parameter. REQUIRES: options.samples >= 8 (SensitivityCommand Check).
// A now target (target.now) is the figure's NowFigure probability (P(active at the horizon)).
std::vector<SobolIndex> SobolIndices(const Model& model, Target target,
                                     const std::vector<std::pair<std::string, double>>& sets,
                                     const RunSettings& request, const SobolOptions& options);
inline std::vector<SobolIndex> SobolIndices(const Model& model, int target,
                                            const std::vector<std::pair<std::string, double>>& sets,
                                            const RunSettings& request,
                                            const SobolOptions& options) {
  return SobolIndices(model, Target{target, false}, sets, request, options);
}


}  // namespace brink

#endif  // BRINK_SOBOL_H_
