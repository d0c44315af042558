#include "estimate/from_tally.h"
#include "brink/compare.h"
#include "brink/history_run.h"

#include <algorithm>
#include <cmath>

#include "engine/engine.h"
#include "brink/error.h"
#include "plan/plan.h"
#include "brink/format.h"
#include "brink/sampling.h"
#include "engine/parallel.h"

namespace brink {
namespace {

// The models' events and levels must match: the random numbers are keyed by event index.
void CheckSameEvents(const Model& a, const Model& b) {
  if (a.events.size() != b.events.size())
    throw UsageError("{b_model} has " + std::to_string(b.events.size()) + " events, the model " +
                     std::to_string(a.events.size()) +
                     ": the two arms must have the same events, in the same order");
  for (size_t e = 0; e < a.events.size(); ++e)
    if (a.events[e].id != b.events[e].id)
      throw UsageError("{b_model}'s event " + std::to_string(e + 1) + " is '" + b.events[e].id +
                       "', the model's '" + a.events[e].id +
                       "': the two arms must have the same events, in the same order");
  if (a.IsTwoWay() != b.IsTwoWay())
    throw UsageError(std::string(a.IsTwoWay() ? "the model" : "{b_model}") +
                     " has events that end or start 'initially' (version 2 of the language), " +
                     (a.IsTwoWay() ? "{b_model}" : "the model") +
                     " none: the two arms must both be version 2, or both version 1");
  if (a.num_levels() != b.num_levels())
    throw UsageError("{b_model} has " + std::to_string(b.num_levels()) + " levels, the model " +
                     std::to_string(a.num_levels()) + ": the two arms must have the same ladder");
}

// Each name once among `sets`, and the arm's own pins once each.
void CheckOnce(const Settings& pins, const std::string& flag) {
  for (size_t i = 0; i < pins.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (pins[i].first == pins[j].first)
        throw UsageError(flag + " " + pins[i].first + " is given twice: give each parameter once");
}


// What both kinds of comparison refuse.
void CheckArms(const CompareArms& arms) {
  CheckSameEvents(*arms.model_a, *arms.model_b);
  CheckOnce(arms.sets, "{set}");
  CheckOnce(arms.a, "{a}");
  CheckOnce(arms.b, "{b}");
  for (const auto& [name, value] : arms.a)
    for (const auto& [common, v] : arms.sets)
      if (name == common) throw UsageError("{a} " + name + " is also given by {set}");
  for (const auto& [name, value] : arms.b)
    for (const auto& [common, v] : arms.sets)
      if (name == common) throw UsageError("{b} " + name + " is also given by {set}");
}

}  // namespace

CompareOutcome CompareGivenHistory(const CompareArms& arms, const HistoryRequest& request,
                                   const History& history_b) {
  const History& history_a = *request.history;
  CheckArms(arms);
  Settings pins_a = arms.sets, pins_b = arms.sets;
  pins_a.insert(pins_a.end(), arms.a.begin(), arms.a.end());
  pins_b.insert(pins_b.end(), arms.b.begin(), arms.b.end());
  auto arm = [&](const Model& model, const Settings& pins, const History& history, double from) {
    HistoryRequest r = request;
    r.history = &history;
    if (request.progress)
      r.progress = [&request, from](double f) { request.progress(from + 0.5 * f); };
    return RunGivenHistory(model, SettleParameters(model, pins), r);
  };
  const RunOutcome a = arm(*arms.model_a, pins_a, history_a, 0);
  const RunOutcome b = arm(*arms.model_b, pins_b, history_b, 0.5);
  CompareOutcome out;
  out.history = true;
  out.trials = a.trials;
  out.draws = a.draws;
  out.sampled_names = a.sampled_names;
  constexpr double kZ = 1.959963984540054;
  for (size_t f = 0; f < a.results.figures.size(); ++f) {
    const Figure& fa = a.results.figures[f];
    const Figure& fb = b.results.figures[f];
    PairedFigure p;
    p.kind = fa.kind;
    p.id = fa.id;
    p.label = fa.label;
    p.p_a = fa.probability;
    p.p_b = fb.probability;
    p.difference = fb.probability - fa.probability;
    const double half = kZ * std::sqrt(fa.std_error * fa.std_error + fb.std_error * fb.std_error);
    p.independent_low = p.paired_low = std::max(-1.0, p.difference - half);
    p.independent_high = p.paired_high = std::min(1.0, p.difference + half);
    // Two version-2 arms: P(active at the horizon) and mean occurrences given the history, each
    // arm's own, with the intervals of independent runs (the arms learned apart).
    if (a.results.two_way) {
      p.two_way = true;
      p.now.p_a = fa.now.probability;
      p.now.p_b = fb.now.probability;
      p.now.difference = p.now.p_b - p.now.p_a;
      const double now_half = kZ * std::hypot(fa.now.std_error, fb.now.std_error);
      p.now.independent_low = p.now.paired_low = std::max(-1.0, p.now.difference - now_half);
      p.now.independent_high = p.now.paired_high = std::min(1.0, p.now.difference + now_half);
      if (fa.kind == Figure::Kind::kEvent) {
        PairedMean& m = p.occurrences;
        m.mean_a = fa.now.mean_occurrences;
        m.mean_b = fb.now.mean_occurrences;
        m.difference = m.mean_b - m.mean_a;
        const double mean_half =
            kZ * std::hypot(fa.now.occurrences_std_error, fb.now.occurrences_std_error);
        m.paired_low = m.difference - mean_half;
        m.paired_high = m.difference + mean_half;
      }
    }
    out.figures.push_back(p);
  }
  auto evidence = [](const HistoryOutcome& h) {
    return ArmEvidence{h.log_evidence, h.log_evidence_se, h.effective_draws, h.method};
  };
  out.evidence_a = evidence(*a.history);
  out.evidence_b = evidence(*b.history);
  const double log_bf = out.evidence_b.log_evidence - out.evidence_a.log_evidence;
  const double se = std::hypot(out.evidence_a.log_evidence_se, out.evidence_b.log_evidence_se);
  out.bayes_factor = std::exp(log_bf);
  out.bayes_low = std::exp(log_bf - kZ * se);
  out.bayes_high = std::exp(log_bf + kZ * se);
  return out;
}

CompareOutcome RunCompare(const CompareArms& arms, const RunSettings& request) {
  const Model& model_a = *arms.model_a;
  const Model& model_b = *arms.model_b;
  CheckArms(arms);

  // The draws, shared by both arms: uncertain values pinned by neither --set nor both arms.
  ParameterSetting common_a = SettleParameters(model_a, arms.sets);
  ParameterSetting common_b = SettleParameters(model_b, arms.sets);
  auto pinned_by_both = [&](const std::string& name) {
    bool in_a = false, in_b = false;
    for (const auto& pin : arms.a) in_a = in_a || pin.first == name;
    for (const auto& pin : arms.b) in_b = in_b || pin.first == name;
    return in_a && in_b;
  };
  for (ParameterSetting* setting : {&common_a, &common_b}) {
    const Model& model = setting == &common_a ? model_a : model_b;
    std::vector<int> sampled;
    for (int p : setting->sampled)
      if (!pinned_by_both(model.parameters[p].name)) sampled.push_back(p);
    setting->sampled = sampled;
  }
  RunOutcome draws_a, draws_b;
  std::vector<std::vector<double>> values_a = PlanDraws(model_a, common_a, request, &draws_a);
  std::vector<std::vector<double>> values_b = PlanDraws(model_b, common_b, request, &draws_b);
  for (auto& values : values_a)
    for (const auto& [name, value] : arms.a) SetParameter(model_a, name, value, &values);
  for (auto& values : values_b)
    for (const auto& [name, value] : arms.b) SetParameter(model_b, name, value, &values);
  const int draws = draws_a.draws;
  CheckMemory(ResultBytes(model_a, draws, request.threads) +
                  ResultBytes(model_b, draws, request.threads),
              std::to_string(draws) + " draws × 2 arms", request);

  // The one runner, arm B paired with arm A on the same trials (and divided among processes
  // as any run).
  const std::vector<PairCounts> tallies = RunPairedDraws(model_a, values_a, model_b, values_b,
                                                         request);
  CompareOutcome out;
  out.trials = request.trials;
  out.draws = draws;
  out.sampled_names = draws_a.sampled_names;
  out.figures = PairedFigures(model_a, tallies, request.trials);
  return out;
}

}  // namespace brink
