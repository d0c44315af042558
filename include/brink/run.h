// A whole run of a model: parameter values (with --set pins), draws of the uncertain ones,
// trials of each draw on an engine, and the combined estimates.
#ifndef BRINK_RUN_H_
#define BRINK_RUN_H_

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "brink/condition.h"
#include "brink/estimate.h"
#include "brink/model.h"
#include "brink/sampling.h"

namespace brink {

// Parameter values before sampling: each parameter's point value (its median if uncertain),
// with `sets` (name, value) applied; a set parameter is pinned, not sampled. Throws
// UsageError for an unknown name.
struct ParameterSetting {
  std::vector<double> base;  // by parameter index
  std::vector<int> sampled;  // uncertain parameters left to sample, in model order
};
ParameterSetting SettleParameters(const Model& model,
                                  const std::vector<std::pair<std::string, double>>& sets);

struct RunRequest {
  uint64_t seed = 0;
  uint64_t trials = 0;  // per draw
  int threads = 1;
  int draws = 0;        // 0: 200 when anything is sampled, else 1
  Sampling sampling = Sampling::kLatinHypercube;
  std::string engine = "fast";  // "fast" or "reference"
  const Condition* given = nullptr;
  std::function<void(double)> progress;  // fraction of all trials done
};

struct RunOutcome {
  Results results;
  int draws = 1;
  std::vector<std::string> sampled_names;
  std::vector<std::vector<double>> sampled_values;  // [draw][i] for sampled parameter i
};

// REQUIRES: request.trials in 1..kMaxTrials, draws < 2^32.
RunOutcome RunModel(const Model& model, const ParameterSetting& setting,
                    const RunRequest& request);

}  // namespace brink

#endif  // BRINK_RUN_H_
