// Sequential Monte Carlo over a model's uncertain parameters: draws from the posterior given a
// history, whose likelihood a function supplies (exact, or an unbiased Monte Carlo estimate).
//
// The prior as a Gaussian copula. The d sampled parameters are functions of latent standard
// normal coordinates z: x = C·z with C the Cholesky factor of the model's correlation matrix
// among them (brink/model.h `correlations`; the same matrix Iman–Conover imposes on a run's
// normal scores), and parameter i = its distribution's quantile at Φ(x_i). The prior density
// of z is N(0, I), so the sampler needs no density of the parameters themselves.
//
// The sampler (Del Moral, Doucet & Jasra 2006; adaptive tempering as in Jasra et al. 2011):
//   1. N particles from the prior: a Latin hypercube of the uniforms (the run's draws' own
//      design and keys), mapped to z by Φ⁻¹; each particle's log-likelihood ℓ.
//   2. Stages of tempering π_β ∝ prior · L^β, β from 0 to 1. Each stage takes the largest
//      step Δ ≤ 1 − β for which the effective sample size of the weights exp(Δ·ℓ) is at least
//      half the particles with a positive likelihood (bisection), adds the log of the weights'
//      mean to the log evidence, and resamples (systematic).
//   3. Each stage then moves every particle by Metropolis–Hastings rounds targeting π_β: at
//      random (one chance in two) an independence proposal from the Gaussian fitted to the
//      weighted particles (covariance × 1.1²), or a random walk with that covariance scaled by
//      2.38/√d (its scale adapted to the acceptance rate). The rounds after the first are
//      as many as make the chance that a particle never moved at most 1%, from the first
//      round's acceptance rate a: ⌈ln 0.01 / ln(1 − a)⌉, from 2 to 20.
//   4. Once β = 1, a last resampling and rounds of moves: the final particles are equally
//      weighted draws from the posterior.
// With a Monte Carlo likelihood this is the pseudo-marginal sampler: each proposal gets a
// fresh estimate (a new key), and a particle keeps the estimate it was accepted with, so the
// particles target the exact posterior (Andrieu & Roberts 2009).
//
// Random keys (docs/randomness.md), all of purpose `param`: the initial uniforms are the
// draws' design (block 0, steps 0–2); the resampling uniform of stage s is
// W((seed, draw 0, block 2^31, event 0, step s), 0); Metropolis–Hastings round g of particle n
// reads the words of (seed, draw n, block 2^31 + 1, event 0, step g): word 0 picks the
// proposal, word 1 accepts, words 2.. give the proposal's normal deviates (Φ⁻¹ of each word's
// top 53 bits). Likelihood keys: particle n's first estimate has key
// n; a proposal in round g has key N·(g + 1) + n. Everything is a function of the seed, so
// the draws are the same bits for any thread or process count.
#ifndef BRINK_STUDY_SMC_H_
#define BRINK_STUDY_SMC_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "brink/cluster.h"
#include "brink/model.h"
#include "brink/run.h"

namespace brink {

class PriorMap {
 public:
  // The sampled parameters of `setting`, the others at their settled values.
  PriorMap(const Model& model, const ParameterSetting& setting);

  int dims() const { return static_cast<int>(sampled_.size()); }
  const std::vector<int>& sampled() const { return sampled_; }
  // Every parameter's value at latent point z (dims() numbers).
  std::vector<double> Values(const double* z) const;
  // The sampled parameters' normal scores x = C·z at latent point z: each is standard normal
  // under the prior, so |x_i| is how many prior sd parameter i lies from its median.
  std::vector<double> Scores(const double* z) const;
  // The model's uniforms of `draws` Latin hypercube draws, as latent points.
  std::vector<std::vector<double>> Design(int draws, uint64_t seed) const;

 private:
  const Model& model_;
  std::vector<double> base_;
  std::vector<int> sampled_;
  std::vector<double> chol_;  // C, row-major lower triangle (dims × dims)
};

// ℓ(values, key): the log-likelihood at every parameter's value `values` (-infinity for 0);
// `key` identifies a Monte Carlo estimate's trials. Called from several threads at once.
using LogLikelihood = std::function<double(const std::vector<double>& values, uint32_t key)>;

struct SmcRequest {
  uint64_t seed = 0;
  int particles = 1000;
  int threads = 1;
  const Cluster* cluster = nullptr;  // the evaluations are divided among its processes
  std::function<void(double)> progress;
};

struct SmcOutcome {
  std::vector<std::vector<double>> values;  // [n][p]: every parameter, per final particle
  std::vector<std::vector<double>> latent;  // [n][d]: each final particle's latent point z
  std::vector<double> log_likelihood;       // ℓ of each final particle
  std::vector<uint32_t> key;                // the key of each final particle's ℓ
  std::vector<int> ancestor;                // its ancestor at the last resampling
  double log_evidence = 0, log_evidence_se = 0;
  std::vector<double> temperatures;         // β after each stage (the last is 1)
  uint64_t evaluations = 0;
  double acceptance = 0;                    // accepted / proposed, over every round
  int rounds = 0;                           // Metropolis–Hastings rounds in all
};

// Throws UsageError when no initial particle has a positive likelihood. REQUIRES:
// map.dims() >= 1, particles >= 2.
SmcOutcome SampleSmc(const PriorMap& map, const LogLikelihood& log_likelihood,
                     const SmcRequest& request);

// The effective number of draws among equally weighted `points` that may repeat: with c_k
// copies of the k-th distinct point, (Σ c_k)² / Σ c_k². Copies of one point are 1 draw; n
// distinct points are n. REQUIRES: points not empty.
double DistinctEffectiveDraws(const std::vector<std::vector<double>>& points);

// Rows i in [0, n) of `width` numbers each, filled by work(i, row) on this process's share of
// them (the cluster's ranks take contiguous shares; threads within), then every row sent to
// every process: n × width numbers. The same work gives the same bits for any thread or
// process count. When work throws, every process throws what the lowest failing index
// throws (done again where it did not fail: work must be a pure function of i).
std::vector<double> ComputeSharedRows(int n, int width, int threads, const Cluster* cluster,
                                      const std::function<void(int, double*)>& work,
                                      const std::function<void(double)>& progress = nullptr);
// The same with one number per row.
std::vector<double> ComputeShared(int n, int threads, const Cluster* cluster,
                                  const std::function<double(int)>& work);

}  // namespace brink

#endif  // BRINK_STUDY_SMC_H_
