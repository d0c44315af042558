// The rank-correlation matrix a model's `correlations` describe.
#ifndef BRINK_MODEL_CORRELATION_MATRIX_H_
#define BRINK_MODEL_CORRELATION_MATRIX_H_

#include <Eigen/Core>
#include <vector>

#include "brink/model.h"

namespace brink {

// Target correlations among `parameters` (indices into model.parameters): 1 on the diagonal,
// rho for each correlation between two of them, 0 elsewhere.
Eigen::MatrixXd CorrelationMatrix(const Model& model, const std::vector<int>& parameters);

// Whether the matrix over every correlated parameter is positive definite (a valid
// correlation matrix that Iman–Conover can impose).
bool CorrelationMatrixIsPositiveDefinite(const Model& model);

}  // namespace brink

#endif  // BRINK_MODEL_CORRELATION_MATRIX_H_
