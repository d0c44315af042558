// Draws: the values of a model's uncertain parameters, sampled once per draw
// (docs/uncertainty.md). Every number comes from the run's seed through keyed Philox streams
// (purpose `param`), so draws are reproducible and independent of threads.
#ifndef BRINK_SAMPLING_H_
#define BRINK_SAMPLING_H_

#include <cstdint>
#include <string>
#include <vector>

#include "brink/model.h"
#include "brink/names.h"  // Sampling

namespace brink {

// "lhs", "random" or "sobol" (NameOf; brink/names.h).
const char* SamplingName(Sampling sampling);

// Uniform numbers in (0, 1): u[d][i] for draw d and dimension i.
//   random: independent, from W((seed, draw d, block 0, event i, step 0, param), 0);
//   lhs:    Latin hypercube: dimension i puts exactly one draw in each of the D strata
//           [k/D, (k+1)/D), the order of strata a random permutation (draws sorted by
//           W(seed, d, 0, i, 2, param)), the position in a stratum W(seed, d, 0, i, 1, param);
//   sobol:  points 1..D of Boost.Random's Sobol sequence in `dims` dimensions (point 0, the
//           origin, is skipped).
std::vector<std::vector<double>> DesignUniforms(int draws, int dims, Sampling sampling,
                                                uint64_t seed);

// Rearranges each column of u (draws × dims) so that its rank correlations approach
// `target` (dims × dims), by the Iman–Conover method; the values of each column are kept.
// Throws UsageError when there are too few draws for the target.
void ImposeRankCorrelation(const std::vector<std::vector<double>>& target,
                           std::vector<std::vector<double>>* u);

// The parameter values of each draw: values[d][p] for every parameter p of the model.
// Parameters in `sampled` (uncertain ones) are drawn by the design, with the model's
// correlations among them imposed, and mapped through their distribution's quantile
// function; every other parameter keeps its value from `base`. The model's i-th uncertain
// parameter always takes dimension i of the design, sampled or not, so pinning a parameter
// changes no other parameter's draws.
std::vector<std::vector<double>> DrawParameterValues(const Model& model,
                                                     const std::vector<double>& base,
                                                     const std::vector<int>& sampled, int draws,
                                                     Sampling sampling, uint64_t seed);

// Spearman rank correlation of two equally long samples (average ranks for ties).
double SpearmanCorrelation(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace brink

#endif  // BRINK_SAMPLING_H_
