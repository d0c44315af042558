#include "estimate/from_tally.h"
#include "run/exact_run.h"

#include <algorithm>
#include <string>

#include "brink/estimate.h"
#include "plan/plan.h"
#include "brink/sampling.h"
#include "engine/parallel.h"

namespace brink {

ExactRunOutcome RunModelExactly(const Model& model, const ParameterSetting& setting,
                                const RunRequest& request, const ExactOptions& options) {
  ExactRunOutcome out;
  RunOutcome& run = out.run;
  std::vector<std::vector<double>> values = PlanDraws(model, setting, request, &run);
  run.trials = 0;

  const std::string given_text = request.given != nullptr ? request.given->text() : "";
  DrawCombiner combined(run.draws);
  std::vector<uint64_t> states(run.draws, 0);
  auto solve = [&](int d) {
    ExactOptions exact = options;
    exact.given = request.given;
    exact.progress = run.draws == 1 ? request.progress : nullptr;
    Plan plan = Compile(model, values[d]);
    for (const auto& [event, p] : request.forced) ForceEvent(&plan, event, p);
    ExactSolution solution = SolveExact(plan, exact);
    states[d] = solution.peak_states;
    if (request.given != nullptr && !(solution.given_probability > 0))
      throw UsageError("{given}: the condition '" + given_text +
                       "' never holds in this model (its exact probability is 0" +
                       (run.draws > 1 ? " in draw " + std::to_string(d) : "") + ")");
    combined.Add(d, EstimateFromExact(model, solution, given_text));
  };
  ForEachIndex(run.draws, request.threads, solve,
               run.draws > 1 ? request.progress : std::function<void(double)>());

  run.results = combined.Finish();
  out.peak_states = *std::max_element(states.begin(), states.end());
  return out;
}

}  // namespace brink
