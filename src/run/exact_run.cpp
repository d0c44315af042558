#include "brink/exact_run.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

#include "brink/estimate.h"
#include "brink/plan.h"
#include "brink/sampling.h"

namespace brink {

ExactRunOutcome RunModelExactly(const Model& model, const ParameterSetting& setting,
                                const RunRequest& request, const ExactOptions& options) {
  ExactRunOutcome out;
  RunOutcome& run = out.run;
  run.draws = request.draws > 0 ? request.draws : (setting.sampled.empty() ? 1 : 200);
  run.trials = 0;
  std::vector<std::vector<double>> values =
      DrawParameterValues(model, setting.base, setting.sampled, run.draws, request.sampling,
                          request.seed);
  for (int p : setting.sampled) run.sampled_names.push_back(model.parameters[p].name);
  for (int d = 0; d < run.draws; ++d) {
    std::vector<double> sampled;
    for (int p : setting.sampled) sampled.push_back(values[d][p]);
    run.sampled_values.push_back(std::move(sampled));
  }

  const std::string given_text = request.given != nullptr ? request.given->text() : "";
  std::vector<Results> per_draw(run.draws);
  std::vector<uint64_t> states(run.draws, 0);
  std::vector<std::exception_ptr> failures(run.draws);  // rethrown lowest draw first
  std::atomic<int> next{0}, done{0};
  auto worker = [&](int index) {
    for (int d; (d = next.fetch_add(1)) < run.draws;) {
      try {
        ExactOptions exact = options;
        exact.given = request.given;
        exact.progress = {};
        if (index == 0 && run.draws == 1 && request.progress) exact.progress = request.progress;
        Plan plan = Compile(model, values[d]);
        for (const auto& [event, p] : request.forced) ForceEvent(&plan, event, p);
        ExactSolution solution = SolveExact(plan, exact);
        states[d] = solution.peak_states;
        if (request.given != nullptr && !(solution.given_probability > 0))
          throw UsageError("--given: the condition '" + given_text +
                           "' never holds in this model (its exact probability is 0" +
                           (run.draws > 1 ? " in draw " + std::to_string(d) : "") + ")");
        per_draw[d] = EstimateFromExact(model, solution, given_text);
      } catch (...) {
        failures[d] = std::current_exception();
      }
      int finished = done.fetch_add(1) + 1;
      if (index == 0 && run.draws > 1 && request.progress)
        request.progress(static_cast<double>(finished) / run.draws);
    }
  };
  const int threads = std::max(1, std::min(request.threads, run.draws));
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(worker, i);
  worker(0);
  for (std::thread& t : pool) t.join();
  for (const std::exception_ptr& failure : failures)
    if (failure) std::rethrow_exception(failure);

  run.results = CombineDraws(std::move(per_draw));
  out.peak_states = *std::max_element(states.begin(), states.end());
  return out;
}

}  // namespace brink
