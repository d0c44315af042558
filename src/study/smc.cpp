// Sequential Monte Carlo over the uncertain parameters (smc.h).
#include "study/smc.h"

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <stdexcept>

#include "brink/error.h"
#include "brink/sampling.h"
#include "engine/parallel.h"
#include "model/correlation_matrix.h"
#include "random/random.h"

namespace brink {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kEssFraction = 0.5;    // each stage keeps this share of the live particles
constexpr double kNeverMoved = 0.01;    // rounds until a particle stays put with this chance
constexpr int kMinRounds = 2, kMaxRounds = 20;
constexpr double kIndependenceScale = 1.1;
constexpr int kMaxStages = 500;

double Uniform(uint64_t word) { return (static_cast<double>(word >> 11) + 0.5) * 0x1p-53; }
double NormalQuantile(double u) { return boost::math::quantile(boost::math::normal(), u); }

// A keyed stream of the sampler (purpose param, see smc.h).
KeyedStream Stream(uint64_t seed, uint32_t draw, uint64_t block, uint32_t step) {
  return KeyedStream({seed, draw, block, 0, step, Purpose::kParam});
}
constexpr uint64_t kResampleBlock = uint64_t{1} << 31;  // above any Sobol bootstrap's block
constexpr uint64_t kMoveBlock = kResampleBlock + 1;

// The effective sample size of weights W·exp(Δ·(ℓ − top)) (W may be unnormalised).
double Ess(const std::vector<double>& w, const std::vector<double>& ll, double delta, double top) {
  double s = 0, s2 = 0;
  for (size_t n = 0; n < w.size(); ++n) {
    if (w[n] == 0 || ll[n] == -kInf) continue;
    const double g = w[n] * std::exp(delta * (ll[n] - top));
    s += g;
    s2 += g * g;
  }
  return s2 > 0 ? s * s / s2 : 0;
}

// The Gaussian fitted to weighted latent points: mean and the Cholesky factor of the
// covariance (with a small ridge, so that it always exists).
struct Gaussian {
  Eigen::VectorXd mean;
  Eigen::MatrixXd chol;      // lower
  Eigen::MatrixXd inverse;   // of the covariance
};

Gaussian Fit(const std::vector<std::vector<double>>& z, const std::vector<double>& w) {
  const int d = static_cast<int>(z[0].size());
  Gaussian g;
  g.mean = Eigen::VectorXd::Zero(d);
  double total = 0;
  for (size_t n = 0; n < z.size(); ++n) {
    if (w[n] == 0) continue;
    total += w[n];
    for (int i = 0; i < d; ++i) g.mean(i) += w[n] * z[n][i];
  }
  g.mean /= total;
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(d, d);
  for (size_t n = 0; n < z.size(); ++n) {
    if (w[n] == 0) continue;
    for (int i = 0; i < d; ++i)
      for (int j = 0; j < d; ++j)
        cov(i, j) += w[n] * (z[n][i] - g.mean(i)) * (z[n][j] - g.mean(j));
  }
  cov /= total;
  for (int i = 0; i < d; ++i) cov(i, i) += 1e-8;
  Eigen::LLT<Eigen::MatrixXd> llt(cov);
  if (llt.info() != Eigen::Success) {
    cov = cov.diagonal().asDiagonal();
    llt.compute(cov);
  }
  g.chol = llt.matrixL();
  g.inverse = llt.solve(Eigen::MatrixXd::Identity(d, d));
  return g;
}

double LogNormalDensity(const std::vector<double>& z) {
  double s = 0;
  for (double x : z) s += x * x;
  return -0.5 * s;
}

// ln q(z) of the independence proposal, up to a constant.
double LogProposal(const Gaussian& g, const std::vector<double>& z, double scale) {
  const int d = static_cast<int>(z.size());
  Eigen::VectorXd x(d);
  for (int i = 0; i < d; ++i) x(i) = z[i] - g.mean(i);
  return -0.5 * x.dot(g.inverse * x) / (scale * scale);
}

// Systematic resampling: the ancestor of each of the N new particles.
std::vector<int> Resample(const std::vector<double>& w, double u) {
  const int n = static_cast<int>(w.size());
  double total = 0;
  for (double x : w) total += x;
  std::vector<int> ancestor(n);
  double cumulative = 0;
  int j = 0;
  for (int i = 0; i < n; ++i) {
    const double position = (u + i) / n * total;
    while (j < n - 1 && cumulative + w[j] <= position) cumulative += w[j++];
    while (j < n - 1 && w[j] == 0) ++j;  // never a particle of weight 0
    ancestor[i] = j;
  }
  return ancestor;
}

}  // namespace

PriorMap::PriorMap(const Model& model, const ParameterSetting& setting)
    : model_(model), base_(setting.base), sampled_(setting.sampled) {
  const int d = dims();
  const Eigen::MatrixXd r = CorrelationMatrix(model, sampled_);
  Eigen::LLT<Eigen::MatrixXd> llt(r);
  // The loader checks that the matrix is positive definite (CorrelationMatrixIsPositiveDefinite).
  const Eigen::MatrixXd c = llt.info() == Eigen::Success ? Eigen::MatrixXd(llt.matrixL())
                                                         : Eigen::MatrixXd::Identity(d, d);
  chol_.assign(static_cast<size_t>(d) * d, 0.0);
  for (int i = 0; i < d; ++i)
    for (int j = 0; j <= i; ++j) chol_[static_cast<size_t>(i) * d + j] = c(i, j);
}

std::vector<double> PriorMap::Scores(const double* z) const {
  const int d = dims();
  std::vector<double> x(d, 0.0);
  for (int i = 0; i < d; ++i)
    for (int j = 0; j <= i; ++j) x[i] += chol_[static_cast<size_t>(i) * d + j] * z[j];
  return x;
}

std::vector<double> PriorMap::Values(const double* z) const {
  const std::vector<double> x = Scores(z);
  std::vector<double> values = base_;
  for (int i = 0; i < dims(); ++i)
    values[sampled_[i]] = model_.parameters[sampled_[i]].dist.QuantileAtNormal(x[i]);
  return values;
}

std::vector<std::vector<double>> PriorMap::Design(int draws, uint64_t seed) const {
  // The i-th uncertain parameter of the model owns dimension i, as in DrawParameterValues.
  std::vector<int> dimension(model_.parameters.size(), -1);
  int all = 0;
  for (size_t p = 0; p < model_.parameters.size(); ++p)
    if (model_.parameters[p].dist.IsUncertain()) dimension[p] = all++;
  const std::vector<std::vector<double>> u =
      DesignUniforms(draws, all, Sampling::kLatinHypercube, seed);
  std::vector<std::vector<double>> z(draws, std::vector<double>(dims()));
  for (int n = 0; n < draws; ++n)
    for (int i = 0; i < dims(); ++i) z[n][i] = NormalQuantile(u[n][dimension[sampled_[i]]]);
  return z;
}

double DistinctEffectiveDraws(const std::vector<std::vector<double>>& points) {
  std::map<std::vector<double>, int> copies;
  for (const std::vector<double>& point : points) ++copies[point];
  double c2 = 0;
  for (const auto& [point, c] : copies) c2 += static_cast<double>(c) * c;
  const double n = static_cast<double>(points.size());
  return n * n / c2;
}

std::vector<double> ComputeSharedRows(int n, int width, int threads, const Cluster* cluster,
                                      const std::function<void(int, double*)>& work,
                                      const std::function<void(double)>& progress) {
  const int ranks = cluster != nullptr ? cluster->size() : 1;
  const int rank = cluster != nullptr ? cluster->rank() : 0;
  const int from = static_cast<int>(static_cast<int64_t>(n) * rank / ranks);
  const int to = static_cast<int>(static_cast<int64_t>(n) * (rank + 1) / ranks);
  const size_t w = static_cast<size_t>(width);
  std::vector<double> out(static_cast<size_t>(n) * w, 0.0);
  std::vector<double> scratch(w);
  std::exception_ptr failure;
  int failed = n;  // the lowest index whose work threw
  try {
    ForEachIndex(to - from, threads, [&](int i) { work(from + i, &out[(from + i) * w]); },
                 progress);
  } catch (...) {
    failure = std::current_exception();
    // ForEachIndex rethrows the lowest failing index's exception; find that index again.
    for (int i = from; i < to && failed == n; ++i) {
      try {
        work(i, scratch.data());
      } catch (...) {
        failed = i;
      }
    }
  }
  if (ranks > 1) {
    std::vector<uint64_t> bits(out.size() + static_cast<size_t>(ranks), 0);
    std::memcpy(bits.data() + from * w, out.data() + from * w, (to - from) * w * sizeof(double));
    bits[out.size() + static_cast<size_t>(rank)] = static_cast<uint64_t>(failed);
    cluster->SumEverywhere(&bits);
    std::memcpy(out.data(), bits.data(), out.size() * sizeof(double));
    int lowest = n;
    for (int r = 0; r < ranks; ++r)
      lowest = std::min(lowest, static_cast<int>(bits[out.size() + static_cast<size_t>(r)]));
    // Every process fails with the same error: the work that failed first, done again here.
    if (lowest < n) {
      if (lowest == failed && failure) std::rethrow_exception(failure);
      work(lowest, scratch.data());
      throw std::runtime_error("a computation failed on another process");
    }
  }
  if (failure) std::rethrow_exception(failure);
  return out;
}

std::vector<double> ComputeShared(int n, int threads, const Cluster* cluster,
                                  const std::function<double(int)>& work) {
  return ComputeSharedRows(n, 1, threads, cluster, [&](int i, double* row) { *row = work(i); });
}

SmcOutcome SampleSmc(const PriorMap& map, const LogLikelihood& log_likelihood,
                     const SmcRequest& request) {
  const int d = map.dims();
  const int n = request.particles;
  const uint64_t seed = request.seed;
  SmcOutcome out;

  std::vector<std::vector<double>> z = map.Design(n, seed);
  std::vector<uint32_t> key(n);
  for (int i = 0; i < n; ++i) key[i] = static_cast<uint32_t>(i);
  std::vector<double> ll = ComputeShared(n, request.threads, request.cluster, [&](int i) {
    return log_likelihood(map.Values(z[i].data()), key[i]);
  });
  out.evaluations += static_cast<uint64_t>(n);

  std::vector<double> w(n, 1.0);  // unnormalised weights
  double beta = 0;
  double variance = 0;  // of the log evidence
  double rw_scale = 2.38 / std::sqrt(static_cast<double>(d));
  uint64_t proposed = 0, accepted = 0;
  int round = 0;  // Metropolis–Hastings rounds so far (the key of the next)
  std::vector<int> ancestor(n);
  for (int i = 0; i < n; ++i) ancestor[i] = i;

  for (int stage = 0; stage < kMaxStages; ++stage) {
    double top = -kInf;
    int live = 0;
    for (int i = 0; i < n; ++i)
      if (ll[i] > -kInf) {
        top = std::max(top, ll[i]);
        ++live;
      }
    if (live == 0)
      throw UsageError("no draw of the prior gives the history a chance (" + std::to_string(n) +
                       " draws): the history is too unlikely under the model's ranges, or try "
                       "more {draws}");
    // The largest step whose weights keep the effective sample size asked for.
    const double target = kEssFraction * live;
    double delta = 1 - beta;
    if (Ess(w, ll, delta, top) < target) {
      double lo = 0, hi = delta;
      for (int k = 0; k < 60; ++k) {
        const double mid = (lo + hi) / 2;
        (Ess(w, ll, mid, top) >= target ? lo : hi) = mid;
      }
      delta = lo > 0 ? lo : hi;
    }
    // The incremental weights, the log evidence and its variance (particles as independent).
    double total = 0, mean = 0;
    for (int i = 0; i < n; ++i) total += w[i];
    std::vector<double> g(n, 0.0);
    for (int i = 0; i < n; ++i) {
      g[i] = ll[i] == -kInf ? 0 : std::exp(delta * (ll[i] - top));
      mean += w[i] / total * g[i];
    }
    double spread = 0;
    for (int i = 0; i < n; ++i) {
      const double wi = w[i] / total;
      spread += wi * wi * (g[i] - mean) * (g[i] - mean);
    }
    // Every particle alike (a history that tells nothing: ℓ = 0 for all) adds exactly Δ·top,
    // not Δ·top + ln(1 ± rounding).
    bool alike = true;
    for (int i = 0; i < n && alike; ++i) alike = ll[i] == top;
    out.log_evidence += delta * top + (alike ? 0 : std::log(mean));
    variance += alike ? 0 : spread / (mean * mean);
    for (int i = 0; i < n; ++i) w[i] *= g[i];
    beta = delta >= 1 - beta ? 1.0 : beta + delta;
    out.temperatures.push_back(beta);

    // Resample, then move.
    const Gaussian fit = Fit(z, w);
    KeyedStream resampling = Stream(seed, 0, kResampleBlock, static_cast<uint32_t>(stage));
    ancestor = Resample(w, Uniform(resampling.Word(0)));
    {
      std::vector<std::vector<double>> z2(n);
      std::vector<double> ll2(n);
      std::vector<uint32_t> key2(n);
      for (int i = 0; i < n; ++i) {
        z2[i] = z[ancestor[i]];
        ll2[i] = ll[ancestor[i]];
        key2[i] = key[ancestor[i]];
      }
      z.swap(z2);
      ll.swap(ll2);
      key.swap(key2);
      std::fill(w.begin(), w.end(), 1.0);
    }
    int rounds = kMaxRounds;
    for (int r = 0; r < rounds; ++r, ++round) {
      // Each particle's proposal, from its round's keyed words.
      std::vector<std::vector<double>> proposal(n, std::vector<double>(d));
      std::vector<char> independent(n);
      std::vector<double> log_u(n);
      for (int i = 0; i < n; ++i) {
        KeyedStream s = Stream(seed, static_cast<uint32_t>(i), kMoveBlock, static_cast<uint32_t>(round));
        independent[i] = Uniform(s.Word(0)) < 0.5;
        log_u[i] = std::log(Uniform(s.Word(1)));
        Eigen::VectorXd xi(d);
        for (int j = 0; j < d; ++j) xi(j) = NormalQuantile(Uniform(s.Word(2 + j)));
        const Eigen::VectorXd step = fit.chol * xi;
        for (int j = 0; j < d; ++j)
          proposal[i][j] = independent[i] ? fit.mean(j) + kIndependenceScale * step(j)
                                          : z[i][j] + rw_scale * step(j);
      }
      const uint32_t round_key = static_cast<uint32_t>(n) * static_cast<uint32_t>(round + 1);
      const std::vector<double> proposed_ll =
          ComputeShared(n, request.threads, request.cluster, [&](int i) {
            return log_likelihood(map.Values(proposal[i].data()),
                                  round_key + static_cast<uint32_t>(i));
          });
      out.evaluations += static_cast<uint64_t>(n);
      int accepted_now = 0, rw_proposed = 0, rw_accepted = 0;
      for (int i = 0; i < n; ++i) {
        if (!independent[i]) ++rw_proposed;
        if (proposed_ll[i] == -kInf) continue;
        double log_ratio = beta * (proposed_ll[i] - ll[i]) + LogNormalDensity(proposal[i]) -
                           LogNormalDensity(z[i]);
        if (independent[i])
          log_ratio += LogProposal(fit, z[i], kIndependenceScale) -
                       LogProposal(fit, proposal[i], kIndependenceScale);
        if (ll[i] == -kInf || log_u[i] < log_ratio) {
          z[i] = proposal[i];
          ll[i] = proposed_ll[i];
          key[i] = round_key + static_cast<uint32_t>(i);
          ++accepted_now;
          if (!independent[i]) ++rw_accepted;
        }
      }
      proposed += static_cast<uint64_t>(n);
      accepted += static_cast<uint64_t>(accepted_now);
      // The random walk's scale follows its acceptance rate (about 0.23 is best).
      if (rw_proposed > 0) {
        const double a = static_cast<double>(rw_accepted) / rw_proposed;
        if (a < 0.15) rw_scale *= 0.7;
        if (a > 0.4) rw_scale *= 1.3;
      }
      if (r == 0) {
        const double a = static_cast<double>(accepted_now) / n;
        rounds = a >= 1 ? kMinRounds
                        : a <= 0 ? kMaxRounds
                                 : static_cast<int>(std::ceil(std::log(kNeverMoved) /
                                                              std::log(1 - a)));
        rounds = std::clamp(rounds, kMinRounds, kMaxRounds);
      }
    }
    if (request.progress) request.progress(0.1 + 0.8 * beta);
    if (beta >= 1) break;
  }
  if (beta < 1)
    throw UsageError("the posterior's tempering did not end in " + std::to_string(kMaxStages) +
                     " stages: the history is too informative for {draws} " + std::to_string(n));

  out.values.reserve(n);
  for (int i = 0; i < n; ++i) out.values.push_back(map.Values(z[i].data()));
  out.latent = z;
  out.log_likelihood = ll;
  out.key = key;
  out.ancestor = ancestor;
  out.log_evidence_se = std::sqrt(variance);
  out.acceptance = proposed > 0 ? static_cast<double>(accepted) / static_cast<double>(proposed) : 0;
  out.rounds = round;
  return out;
}

}  // namespace brink
