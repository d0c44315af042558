#include "estimate/from_tally.h"
#include "run/exact_run.h"

#include <algorithm>
#include <string>

#include "brink/estimate.h"
#include "plan/plan.h"
#include "brink/sampling.h"
#include "engine/parallel.h"

namespace brink {
namespace {

// Where an observation's window is, in words: "at 2", "in 3..4", "by 6".
std::string WindowText(const Observation& o) {
  if (o.lo == o.hi) return "at " + std::to_string(o.lo);
  if (o.lo == 1) return "by " + std::to_string(o.hi);
  return "in " + std::to_string(o.lo) + ".." + std::to_string(o.hi);
}

// A history with likelihood 0 (`plan` being the model at the run's values): the first
// observation, in the file's order, that the ones before it make impossible, reported where
// the history file names it, with what the model says of its event.
[[noreturn]] void ThrowImpossible(const Model& model, const Plan& plan, const History& history,
                                  ExactOptions options) {
  History prefix = history;
  for (size_t i = 0; i < history.observations.size(); ++i) {
    prefix.observations.assign(history.observations.begin(),
                               history.observations.begin() + static_cast<long>(i) + 1);
    options.history = &prefix;
    options.given = nullptr;
    options.progress = nullptr;
    if (SolveExact(plan, options).given_probability > 0) continue;
    const Observation& o = history.observations[i];
    const Event& e = model.events[o.event];
    std::string why;
    if (e.kind == Event::Kind::kResponse) {
      why = "it follows " + e.gate.text() + " with a delay of " + std::to_string(e.delay_lo) +
            (e.delay_hi > e.delay_lo ? " to " + std::to_string(e.delay_hi) : "");
    } else {
      why = "the model gives it no chance there";
    }
    const std::string what = o.happened() ? e.id + " " + WindowText(o) + " cannot happen"
                                          : e.id + " not happening by " +
                                                std::to_string(history.as_of) + " cannot be";
    throw ModelError(history.path,
                     {{o.loc, what + (i > 0 ? " (with the observations before it)" : "") +
                                  ": " + why}});
  }
  throw ModelError(history.path, {{{1, 1}, "this history cannot happen in this model"}});
}

}  // namespace

ExactRunOutcome RunModelExactly(const Model& model, const ParameterSetting& setting,
                                const RunRequest& request, const ExactOptions& options) {
  ExactRunOutcome out;
  RunOutcome& run = out.run;
  std::vector<std::vector<double>> values = PlanDraws(model, setting, request, &run);
  run.trials = 0;

  const std::string given_text = request.given != nullptr ? request.given->text() : "";
  if (request.history != nullptr) {
    // Figures given a history are averaged over the posterior, not over the prior's draws.
    if (run.draws > 1)
      throw UsageError("{history} with uncertain parameters needs their posterior, which this "
                       "version does not compute yet: pin them with {set}, or use {draws} 1 "
                       "(each at its median)");
    if (request.given != nullptr)
      throw UsageError("{history} does not go with {given} in this version");
    run.likelihood.assign(run.draws, 0);
  }
  DrawCombiner combined(run.draws);
  std::vector<uint64_t> states(run.draws, 0);
  auto solve = [&](int d) {
    ExactOptions exact = options;
    exact.given = request.given;
    exact.history = request.history;
    exact.progress = run.draws == 1 ? request.progress : nullptr;
    Plan plan = Compile(model, values[d]);
    for (const auto& [event, p] : request.forced) ForceEvent(&plan, event, p);
    ExactSolution solution = SolveExact(plan, exact);
    states[d] = solution.peak_states;
    if (request.given != nullptr && !(solution.given_probability > 0))
      throw UsageError("{given}: the condition '" + given_text +
                       "' never holds in this model (its exact probability is 0" +
                       (run.draws > 1 ? " in draw " + std::to_string(d) : "") + ")");
    if (request.history != nullptr) {
      if (!(solution.given_probability > 0)) ThrowImpossible(model, plan, *request.history, exact);
      run.likelihood[d] = solution.given_probability;
    }
    combined.Add(d, EstimateFromExact(model, solution, given_text));
  };
  ForEachIndex(run.draws, request.threads, solve,
               run.draws > 1 ? request.progress : std::function<void(double)>());

  run.results = combined.Finish();
  out.peak_states = *std::max_element(states.begin(), states.end());
  return out;
}

}  // namespace brink
