#include "estimate/from_tally.h"
#include "brink/run.h"

#include <algorithm>
#include <stdexcept>
#include <charconv>
#include <cstdio>

#include "engine/engine.h"
#include "brink/error.h"
#include "engine/exact.h"
#include "run/exact_run.h"
#include "plan/plan.h"
#include "engine/parallel.h"
#include "run/draw_work.h"
#include "run/history_run.h"

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

std::vector<std::vector<double>> PlanDraws(const Model& model, const ParameterSetting& setting,
                                           const RunRequest& request, RunOutcome* outcome) {
  outcome->draws = request.draws > 0 ? request.draws : (setting.sampled.empty() ? 1 : kDefaultDraws);
  // One draw is no sample of the ranges: it runs at their medians (the point values), never
  // at one random point.
  std::vector<std::vector<double>> values =
      outcome->draws == 1 ? std::vector<std::vector<double>>{setting.base}
                          : DrawParameterValues(model, setting.base, setting.sampled,
                                                outcome->draws, request.sampling, request.seed);
  for (int p : setting.sampled) outcome->sampled_names.push_back(model.parameters[p].name);
  for (int d = 0; d < outcome->draws; ++d) {
    std::vector<double> sampled;
    for (int p : setting.sampled) sampled.push_back(values[d][p]);
    outcome->sampled_values.push_back(std::move(sampled));
  }
  return values;
}

uint64_t ResultBytes(const Model& model, int draws, int threads) {
  const uint64_t figures = model.events.size() + model.levels.size();
  const uint64_t steps = static_cast<uint64_t>(model.horizon) + 1;
  // Kept for every draw (DrawCombiner): its probabilities and timelines (for the quantiles of
  // each step), and its parameter values (all of them, and the sampled ones again for
  // draws.csv).
  const uint64_t per_draw = 8 * figures + 16 * model.parameters.size() + 3 * 48;
  // Each draw's timeline, kept within DrawCombiner's budget (for the per-step quantiles).
  const uint64_t timelines =
      8 * std::min<uint64_t>(DrawCombiner::kStepValuesBudget,
                             figures * steps * static_cast<uint64_t>(std::max(draws, 1)));
  // Held a few at a time: a draw's whole results (a timeline per figure) and its tally, for
  // each thread and a few that finish early; and the timeline's text at the end.
  const uint64_t whole_draw = figures * (sizeof(Figure) + 96 + 56 * steps);
  const uint64_t in_flight = static_cast<uint64_t>(std::max(threads, 1)) + 4;
  return per_draw * static_cast<uint64_t>(std::max(draws, 1)) * 3 / 2 + timelines +
         in_flight * whole_draw + figures * steps * 80;
}

void CheckMemory(uint64_t bytes, const std::string& what, const RunRequest& request) {
  if (request.max_memory == 0 || bytes <= request.max_memory) return;
  auto gb = [](uint64_t b) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g GB", static_cast<double>(b) / 1e9);
    return std::string(text);
  };
  throw UsageError("this run would hold about " + gb(bytes) + " of results (" + what +
                   "), more than the limit of " + gb(request.max_memory) +
                   " ({max_memory}): ask for fewer, or raise {max_memory}");
}

RunOptions DrawOptions(const RunRequest& request, int draw, uint64_t first, uint64_t trials,
                       int threads) {
  RunOptions options;
  options.seed = request.seed;
  options.draw = static_cast<uint32_t>(draw);
  options.first_trial = first;
  options.trials = trials;
  options.threads = threads;
  options.given = request.given;
  options.simd = request.simd;
  return options;
}

Tally RunDraw(const RunRequest& request, const Plan& plan, const RunOptions& options) {
  return request.engine == Engine::kReference ? RunReference(plan, options)
                                              : RunFast(plan, options);
}

PairedTally RunDrawPaired(const RunRequest& request, const Plan& base, const Plan& plan,
                          const RunOptions& options) {
  return request.engine == Engine::kReference ? RunReferencePaired(base, plan, options)
                                              : RunFastPaired(base, plan, options);
}

void CheckPrecisionDraws(const RunRequest& request, int draws) {
  if (request.precision > 0 && draws > 1)
    throw UsageError("{precision} needs a single draw: pin the uncertain values with {set}, or "
                     "use {draws} 1");
}

Plan DrawPlan(const Model& model, const std::vector<double>& values, const RunRequest& request) {
  Plan plan = Compile(model, values);
  for (const auto& [event, p] : request.forced) ForceEvent(&plan, event, p);
  return plan;
}

bool PrecisionReached(const Model& model, const RunRequest& request, const Tally& tally) {
  if (tally.counted() == 0) return false;
  const Figure f = EstimateFromTally(model, tally).figures[request.target];
  return HalfWidth(f) <= request.precision * (request.precision_relative ? f.probability : 1);
}

Results DrawResults(const Model& model, const RunRequest& request, const Tally& tally, int d,
                    int draws) {
  if (tally.counted() == 0 && request.given != nullptr)
    throw UsageError("{given}: the condition '" + request.given->text() + "' never held in " +
                     std::to_string(tally.simulated()) + " trials" +
                     (draws > 1 ? " of draw " + std::to_string(d) : ""));
  Results results = EstimateFromTally(model, tally);
  if (request.given != nullptr)
    results.given = GivenFromCounts(request.given->text(), tally.counted(), tally.simulated());
  return results;
}

std::vector<std::vector<double>> BaselineValues(const Model& model, const RunRequest& request,
                                                const RunOutcome& outcome) {
  if (request.baseline == nullptr) return {};
  if (request.precision > 0 || request.given != nullptr)
    throw UsageError("{baseline} does not go with {precision} or {given}");
  RunOutcome planned;
  std::vector<std::vector<double>> values = PlanDraws(model, *request.baseline, request, &planned);
  if (planned.sampled_names != outcome.sampled_names)
    throw UsageError("{baseline}: the baseline must leave the same parameters uncertain");
  return values;
}

RunOutcome RunModel(const Model& model, const ParameterSetting& setting,
                    const RunRequest& request) {
  if (request.history != nullptr) return RunGivenHistory(model, setting, request);
  {
    const int draws = request.draws > 0 ? request.draws : (setting.sampled.empty() ? 1 : kDefaultDraws);
    const uint64_t figures = model.events.size() + model.num_levels();
    CheckMemory(ResultBytes(model, draws, request.threads),
                std::to_string(draws) + " draws × " + std::to_string(figures) + " figures",
                request);
  }
  switch (request.engine) {
    case Engine::kExact: {
      ExactOptions exact;
      exact.max_states = request.max_states;
      return RunModelExactly(model, setting, request, exact).run;
    }
    case Engine::kRare:
      throw std::logic_error("RunModel: the rare-event engine runs through EstimateRare");
    case Engine::kFast:
    case Engine::kReference:
      break;
  }
  if (request.cluster != nullptr && request.cluster->size() > 1)
    return RunAcrossCluster(model, setting, request);
  RunOutcome outcome;
  std::vector<std::vector<double>> values = PlanDraws(model, setting, request, &outcome);

  // Many draws: whole draws side by side, one thread each. Few: each draw on every thread.
  // Either way each draw's tally is the same, so the results are too.
  const bool by_draw = outcome.draws >= 2 * request.threads;
  DrawCombiner combined(outcome.draws);
  const bool precise = request.precision > 0;
  const std::vector<std::vector<double>> baseline_values = BaselineValues(model, request, outcome);
  std::vector<PairCounts> pairs(request.baseline != nullptr ? outcome.draws : 0);
  CheckPrecisionDraws(request, outcome.draws);
  outcome.trials = request.trials;
  auto run_draw = [&](int d, int threads, bool report) {
    RunOptions options = DrawOptions(
        request, d, 0, precise ? std::min(kPrecisionBatch, request.max_trials) : request.trials,
        threads);
    if (request.progress && report && !precise)
      options.progress = [&, d](double f) { request.progress((d + f) / outcome.draws); };
    const Plan plan = DrawPlan(model, values[d], request);
    Tally tally;
    if (request.baseline != nullptr) {
      const Plan base = DrawPlan(model, baseline_values[d], request);
      PairedTally paired = RunDrawPaired(request, base, plan, options);
      pairs[d] = CountPairs(paired);
      tally = std::move(paired.b);
    } else {
      tally = RunDraw(request, plan, options);
    }
    while (precise) {
      outcome.precision_reached = PrecisionReached(model, request, tally);
      if (outcome.precision_reached) break;
      if (options.first_trial + options.trials >= request.max_trials) break;
      options.first_trial += options.trials;
      options.trials = std::min<uint64_t>(kPrecisionBatch, request.max_trials - options.first_trial);
      tally.Add(RunDraw(request, plan, options));
      if (request.progress)
        request.progress(static_cast<double>(tally.simulated()) / request.max_trials);
    }
    if (precise) outcome.trials = tally.simulated();
    combined.Add(d, DrawResults(model, request, tally, d, outcome.draws));
  };
  if (by_draw)
    ForEachIndex(outcome.draws, request.threads, [&](int d) { run_draw(d, 1, false); },
                 request.progress);
  else
    for (int d = 0; d < outcome.draws; ++d) run_draw(d, request.threads, true);
  outcome.results = combined.Finish();
  if (request.baseline != nullptr)
    outcome.versus_baseline = PairedFigures(model, pairs, request.trials);
  return outcome;
}

int FindTarget(const Model& model, const std::string& target) {
  const int events = static_cast<int>(model.events.size());
  if (target.empty()) return events + model.num_levels() - 1;  // no ladder: the last event
  if (target.rfind("level:", 0) == 0) {
    // level:K, or level:NAME (quotes optional: level:"exchange of fire").
    std::string name = target.substr(6);
    if (name.size() >= 2 && (name.front() == '"' || name.front() == '\'') &&
        name.back() == name.front())
      name = name.substr(1, name.size() - 2);
    for (int k = 1; k <= model.num_levels(); ++k)
      if (model.levels[k] == name) return events + k - 1;
    int k = 0;
    auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), k);
    if (ec != std::errc() || end != name.data() + name.size()) k = 0;
    if (k < 1 || k > model.num_levels()) {
      std::vector<std::string> names(model.levels.begin() + (model.levels.empty() ? 0 : 1),
                                     model.levels.end());
      const std::string near = NearestName(name, names);
      throw UsageError("{target} " + target + ": the model's levels are 1 to " +
                       std::to_string(model.num_levels()) +
                       (model.num_levels() > 0 ? ", or their names" : "") +
                       (near.empty() ? "" : " (did you mean level:\"" + near + "\"?)"));
    }
    return events + k - 1;
  }
  int e = model.FindEvent(target);
  if (e < 0) {
    std::vector<std::string> ids;
    for (const Event& event : model.events) ids.push_back(event.id);
    std::string near = NearestName(target, ids);
    throw UsageError("{target}: unknown event '" + target + "'" +
                     (near.empty() ? "" : " (did you mean '" + near + "'?)") +
                     "; a target is an event id or level:K");
  }
  return e;
}

}  // namespace brink
