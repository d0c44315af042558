#include "model/correlation_matrix.h"

#include <Eigen/Cholesky>
#include <algorithm>

namespace brink {

Eigen::MatrixXd CorrelationMatrix(const Model& model, const std::vector<int>& parameters) {
  const int n = static_cast<int>(parameters.size());
  Eigen::MatrixXd c = Eigen::MatrixXd::Identity(n, n);
  auto position = [&](int p) {
    auto it = std::find(parameters.begin(), parameters.end(), p);
    return it == parameters.end() ? -1 : static_cast<int>(it - parameters.begin());
  };
  for (const Correlation& k : model.correlations) {
    int i = position(k.a), j = position(k.b);
    if (i < 0 || j < 0) continue;
    c(i, j) = k.rho;
    c(j, i) = k.rho;
  }
  return c;
}

bool CorrelationMatrixIsPositiveDefinite(const Model& model) {
  std::vector<int> involved;
  for (const Correlation& k : model.correlations) {
    involved.push_back(k.a);
    involved.push_back(k.b);
  }
  std::sort(involved.begin(), involved.end());
  involved.erase(std::unique(involved.begin(), involved.end()), involved.end());
  Eigen::LLT<Eigen::MatrixXd> llt(CorrelationMatrix(model, involved));
  if (llt.info() != Eigen::Success) return false;
  // Reject matrices that are positive definite only by rounding (|rho| = 1 pairs).
  return llt.matrixL().toDenseMatrix().diagonal().minCoeff() > 1e-6;
}

}  // namespace brink
