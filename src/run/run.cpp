#include "brink/run.h"

#include <algorithm>

#include "brink/engine.h"
#include "brink/error.h"
#include "brink/plan.h"

namespace brink {

ParameterSetting SettleParameters(const Model& model,
                                  const std::vector<std::pair<std::string, double>>& sets) {
  ParameterSetting setting;
  setting.base = PointValues(model);
  std::vector<bool> pinned(model.parameters.size(), false);
  for (const auto& [name, value] : sets) {
    SetParameter(model, name, value, &setting.base);
    pinned[model.FindParameter(name)] = true;
  }
  for (size_t p = 0; p < model.parameters.size(); ++p)
    if (model.parameters[p].dist.IsUncertain() && !pinned[p])
      setting.sampled.push_back(static_cast<int>(p));
  return setting;
}

RunOutcome RunModel(const Model& model, const ParameterSetting& setting,
                    const RunRequest& request) {
  RunOutcome outcome;
  outcome.draws = request.draws > 0 ? request.draws : (setting.sampled.empty() ? 1 : 200);
  std::vector<std::vector<double>> values =
      DrawParameterValues(model, setting.base, setting.sampled, outcome.draws, request.sampling,
                          request.seed);
  for (int p : setting.sampled) outcome.sampled_names.push_back(model.parameters[p].name);
  std::vector<Results> per_draw;
  for (int d = 0; d < outcome.draws; ++d) {
    std::vector<double> sampled;
    for (int p : setting.sampled) sampled.push_back(values[d][p]);
    outcome.sampled_values.push_back(std::move(sampled));

    RunOptions options;
    options.seed = request.seed;
    options.draw = static_cast<uint32_t>(d);
    options.trials = request.trials;
    options.threads = request.threads;
    options.given = request.given;
    if (request.progress)
      options.progress = [&, d](double f) { request.progress((d + f) / outcome.draws); };
    Plan plan = Compile(model, values[d]);
    Tally tally = request.engine == "reference" ? RunReference(plan, options)
                                                : RunFast(plan, options);
    if (tally.counted() == 0)
      throw UsageError("the condition never held in " + std::to_string(tally.simulated()) +
                       " trials" + (outcome.draws > 1 ? " of draw " + std::to_string(d) : ""));
    per_draw.push_back(EstimateFromTally(model, tally));
  }
  outcome.results = CombineDraws(std::move(per_draw));
  return outcome;
}

}  // namespace brink
