#include "brink/sampling.h"

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>
#include <boost/random/sobol.hpp>
#include <numeric>

#include "brink/error.h"
#include "random/random.h"
#include "model/correlation_matrix.h"
#include "model/portable_math.h"

namespace brink {
namespace {

// A uniform number in (0, 1) from the top 53 bits of a parameter stream's first word.
double ParamUniform(uint64_t seed, int draw, int dim, uint32_t step) {
  KeyedStream s({seed, static_cast<uint32_t>(draw), 0, static_cast<uint32_t>(dim), step,
                 Purpose::kParam});
  return (static_cast<double>(s.Word(0) >> 11) + 0.5) * 0x1p-53;
}

// Ranks 0..n-1 of x (ties broken by position).
std::vector<int> Ranks(const std::vector<double>& x) {
  std::vector<int> order(x.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return x[a] < x[b]; });
  std::vector<int> rank(x.size());
  for (size_t r = 0; r < order.size(); ++r) rank[order[r]] = static_cast<int>(r);
  return rank;
}

// Average ranks (1-based), ties sharing their mean rank.
std::vector<double> AverageRanks(const std::vector<double>& x) {
  std::vector<int> order(x.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return x[a] < x[b]; });
  std::vector<double> rank(x.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]]) ++j;
    for (size_t k = i; k <= j; ++k) rank[order[k]] = (static_cast<double>(i + j) / 2) + 1;
    i = j + 1;
  }
  return rank;
}

Eigen::MatrixXd PearsonMatrix(const Eigen::MatrixXd& x) {
  Eigen::MatrixXd centered = x.rowwise() - x.colwise().mean();
  Eigen::MatrixXd cov = centered.transpose() * centered;
  Eigen::VectorXd sd = cov.diagonal().cwiseSqrt();
  return cov.array() / (sd * sd.transpose()).array();
}

}  // namespace

// Null-terminated: the names are string literals.
const char* SamplingName(Sampling sampling) { return NameOf(sampling).data(); }

std::vector<std::vector<double>> DesignUniforms(int draws, int dims, Sampling sampling,
                                                uint64_t seed) {
  std::vector<std::vector<double>> u(draws, std::vector<double>(dims));
  if (dims == 0) return u;
  switch (sampling) {
    case Sampling::kRandom:
      for (int d = 0; d < draws; ++d)
        for (int i = 0; i < dims; ++i) u[d][i] = ParamUniform(seed, d, i, 0);
      break;
    case Sampling::kLatinHypercube:
      for (int i = 0; i < dims; ++i) {
        std::vector<double> keys(draws);
        for (int d = 0; d < draws; ++d) keys[d] = ParamUniform(seed, d, i, 2);
        std::vector<int> stratum = Ranks(keys);
        for (int d = 0; d < draws; ++d)
          u[d][i] = (stratum[d] + ParamUniform(seed, d, i, 1)) / draws;
      }
      break;
    case Sampling::kSobol: {
      if (dims > 3667) throw UsageError("{sampling} sobol supports at most 3667 uncertain values");
      boost::random::sobol sobol(static_cast<std::size_t>(dims));
      sobol.discard(static_cast<boost::uintmax_t>(dims));  // the origin
      for (int d = 0; d < draws; ++d)
        for (int i = 0; i < dims; ++i)
          u[d][i] = (static_cast<double>(sobol() >> 11) + 0.5) * 0x1p-53;  // inside (0, 1)
      break;
    }
  }
  return u;
}

void ImposeRankCorrelation(const std::vector<std::vector<double>>& target,
                           std::vector<std::vector<double>>* u) {
  const int n = static_cast<int>(u->size());
  const int dims = static_cast<int>(target.size());
  if (dims < 2) return;
  // Scores: normal quantiles at (rank + 1) / (n + 1), in each column's current rank order.
  Eigen::MatrixXd scores(n, dims);
  for (int i = 0; i < dims; ++i) {
    std::vector<double> column(n);
    for (int d = 0; d < n; ++d) column[d] = (*u)[d][i];
    std::vector<int> rank = Ranks(column);
    for (int d = 0; d < n; ++d)
      scores(d, i) = PortableNormalQuantile((rank[d] + 1.0) / (n + 1.0));
  }
  Eigen::MatrixXd c(dims, dims);
  for (int i = 0; i < dims; ++i)
    for (int j = 0; j < dims; ++j) c(i, j) = target[i][j];
  Eigen::LLT<Eigen::MatrixXd> want(c), have(PearsonMatrix(scores));
  if (n <= dims || want.info() != Eigen::Success || have.info() != Eigen::Success)
    throw UsageError("correlations need more draws than correlated parameters ({draws} " +
                     std::to_string(n) + ")");
  // Remove the scores' own correlation, then impose the target: T = S·Q^-T·P^T.
  Eigen::MatrixXd q = have.matrixL();
  Eigen::MatrixXd p = want.matrixL();
  Eigen::MatrixXd independent =
      q.triangularView<Eigen::Lower>().solve(scores.transpose()).transpose();
  Eigen::MatrixXd correlated = independent * p.transpose();
  // Give each column of u the rank order of the same column of T.
  for (int i = 0; i < dims; ++i) {
    std::vector<double> column(n), t(n);
    for (int d = 0; d < n; ++d) {
      column[d] = (*u)[d][i];
      t[d] = correlated(d, i);
    }
    std::sort(column.begin(), column.end());
    std::vector<int> rank = Ranks(t);
    for (int d = 0; d < n; ++d) (*u)[d][i] = column[rank[d]];
  }
}

std::vector<std::vector<double>> DrawParameterValues(const Model& model,
                                                     const std::vector<double>& base,
                                                     const std::vector<int>& sampled, int draws,
                                                     Sampling sampling, uint64_t seed) {
  // Dimension i of the design belongs to the model's i-th uncertain parameter, whether or not
  // it is sampled, so pinning one parameter leaves every other parameter's draws unchanged.
  std::vector<int> dimension(model.parameters.size(), -1);
  int dims = 0;
  for (size_t p = 0; p < model.parameters.size(); ++p)
    if (model.parameters[p].dist.IsUncertain()) dimension[p] = dims++;
  std::vector<std::vector<double>> u(draws, std::vector<double>(sampled.size()));
  if (!sampled.empty()) {
    std::vector<std::vector<double>> design = DesignUniforms(draws, dims, sampling, seed);
    for (int d = 0; d < draws; ++d)
      for (size_t i = 0; i < sampled.size(); ++i) u[d][i] = design[d][dimension[sampled[i]]];
  }

  // Correlations among the sampled parameters that have any: Iman-Conover on those columns.
  std::vector<int> correlated;  // positions in `sampled`
  for (size_t i = 0; i < sampled.size(); ++i)
    for (const Correlation& c : model.correlations)
      if ((c.a == sampled[i] || c.b == sampled[i]) &&
          std::find(correlated.begin(), correlated.end(), static_cast<int>(i)) == correlated.end())
        correlated.push_back(static_cast<int>(i));
  std::vector<int> params;
  for (int i : correlated) params.push_back(sampled[i]);
  Eigen::MatrixXd target = CorrelationMatrix(model, params);
  if (!target.isIdentity() && draws > 1) {  // a single draw has no correlation to impose
    std::vector<std::vector<double>> t(target.rows(), std::vector<double>(target.cols()));
    for (int i = 0; i < target.rows(); ++i)
      for (int j = 0; j < target.cols(); ++j) t[i][j] = target(i, j);
    std::vector<std::vector<double>> columns(draws, std::vector<double>(correlated.size()));
    for (int d = 0; d < draws; ++d)
      for (size_t j = 0; j < correlated.size(); ++j) columns[d][j] = u[d][correlated[j]];
    ImposeRankCorrelation(t, &columns);
    for (int d = 0; d < draws; ++d)
      for (size_t j = 0; j < correlated.size(); ++j) u[d][correlated[j]] = columns[d][j];
  }
  std::vector<std::vector<double>> values(draws, base);
  for (int d = 0; d < draws; ++d)
    for (size_t i = 0; i < sampled.size(); ++i)
      values[d][sampled[i]] = model.parameters[sampled[i]].dist.Quantile(u[d][i]);
  return values;
}

double SpearmanCorrelation(const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<double> rx = AverageRanks(x), ry = AverageRanks(y);
  const double n = static_cast<double>(x.size());
  double mx = (n + 1) / 2, sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxy += (rx[i] - mx) * (ry[i] - mx);
    sxx += (rx[i] - mx) * (rx[i] - mx);
    syy += (ry[i] - mx) * (ry[i] - mx);
  }
  return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0;
}

}  // namespace brink
