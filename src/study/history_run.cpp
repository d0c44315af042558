// A study that learns from a history (brink/history_run.h).
#include "brink/history_run.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <string>

#include "brink/error.h"
#include "brink/format.h"
#include "brink/sampling.h"
#include "engine/exact.h"
#include "engine/tilted.h"
#include "estimate/from_tally.h"
#include "estimate/weighted.h"
#include "model/correlation_matrix.h"
#include "plan/plan.h"
#include "study/smc.h"

namespace brink {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// The exact check of a history (at the medians) before Monte Carlo likelihoods is skipped,
// and left to the trials, past this many states or this memory.
constexpr uint64_t kCheckStates = 200000;
constexpr uint64_t kCheckBytes = uint64_t{64} << 20;
// A posterior draw's log-likelihood estimate noisier than this slows the sampler and blurs
// the posterior (Doucet, Pitt, Deligiannidis & Kohn 2015 find about 1 to 1.7 best).
constexpr double kNoisyLogLikelihood = 1.5;
// A posterior mean further than this many prior sd (normal scores) from the prior's median
// is warned about: it rests on the shape of the prior's far tail.
constexpr double kFarTail = 5;

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
  prefix.episodes.clear();  // the observations first, then the episodes
  for (size_t i = 0; i < history.observations.size(); ++i) {
    prefix.observations.assign(history.observations.begin(),
                               history.observations.begin() + static_cast<long>(i) + 1);
    options.history = &prefix;
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
  // Then the episodes (a model whose events end), event by event in the file's order.
  for (const EpisodeRecord& record : history.episodes) {
    prefix.episodes.push_back(record);
    options.history = &prefix;
    if (SolveExact(plan, options).given_probability > 0) continue;
    const bool first = prefix.episodes.size() == 1 && history.observations.empty();
    throw ModelError(history.path,
                     {{record.loc, "the episodes of " + model.events[record.event].id +
                                       " cannot happen" +
                                       (first ? "" : " (with the observations before them)") +
                                       " in this model"}});
  }
  throw ModelError(history.path, {{{1, 1}, "this history cannot happen in this model"}});
}

// Refuses a history the model cannot produce, at the settled values (medians): an uncertain
// probability's median is strictly inside (0, 1), so a history impossible there is impossible
// for every value. When the exact engine cannot hold the model (`must` false), the check is
// left to the trials.
void CheckPossible(const Model& model, const ParameterSetting& setting, const History& history,
                   uint64_t max_states, bool must) {
  const Plan plan = Compile(model, setting.base);
  ExactOptions options;
  options.history = &history;
  options.likelihood_only = true;
  options.max_states = max_states;
  double likelihood = 0;
  try {
    likelihood = SolveExact(plan, options).given_probability;
  } catch (const StateLimitError&) {
    if (must) throw;
    return;
  }
  if (!(likelihood > 0)) ThrowImpossible(model, plan, history, options);
}

// ln P(history) from an exact solution: exactly 0 for a history that observes nothing (the
// states' masses sum to 1 only up to rounding).
double LogLikelihoodOf(const ExactSolution& solution, const History& history) {
  if (history.observations.empty() && history.episodes.empty()) return 0;
  return solution.given_probability > 0 ? solution.LogGivenProbability() : -kInf;
}

double ExactLogLikelihood(const Plan& plan, const History& history, uint64_t max_states) {
  ExactOptions options;
  options.history = &history;
  options.likelihood_only = true;
  options.max_states = max_states;
  return LogLikelihoodOf(SolveExact(plan, options), history);
}

// log(Σ w / n) over `trials` likelihood-weighted trials of key `key`, stopping at as_of.
double MonteCarloLogLikelihood(const Plan& plan, const History& history, uint64_t seed,
                               uint32_t key, uint64_t trials) {
  TiltedTrials run(plan, {}, seed, key, &history, history.as_of);
  double top = -kInf, sum = 0;  // Σ exp(log w − top)
  for (uint64_t i = 0; i < trials; ++i) {
    const double lw = run.Run(i).log_weight;
    if (lw == -kInf) continue;
    if (lw > top) {
      sum = sum * std::exp(top - lw) + 1;
      top = lw;
    } else {
      sum += std::exp(lw - top);
    }
  }
  return top == -kInf ? -kInf : top + std::log(sum / static_cast<double>(trials));
}

// One posterior draw's figures given the history, as numbers that processes can share:
// per figure, probability, std_error, ci_low, ci_high, mean_first_step, occurred, then
// by_step, ci_low and ci_high of each step, and, for a version-2 model, its NowFigure (Now
// below); then, last, the draw's log-likelihood and its standard error (Monte Carlo) or 0,
// and the consistent trials.
class Packing {
 public:
  Packing(const Model& model)
      : model_(model),
        figures_(static_cast<int>(model.events.size()) + model.num_levels()),
        horizon_(model.horizon),
        two_way_(model.IsTwoWay()) {}

  int width() const { return figures_ * (6 + 3 * horizon_ + NowWidth()) + 3; }

  void Pack(const Results& r, double log_likelihood, double error, double consistent,
            double* out) const {
    for (const Figure& f : r.figures) {
      *out++ = f.probability;
      *out++ = f.std_error;
      *out++ = f.ci_low;
      *out++ = f.ci_high;
      *out++ = f.mean_first_step;
      *out++ = f.occurred ? 1 : 0;
      for (int t = 0; t < horizon_; ++t) {
        *out++ = f.by_step[t];
        *out++ = f.band_by_step[t].ci_low;
        *out++ = f.band_by_step[t].ci_high;
      }
      if (two_way_) out = PackNow(f.now, out);
    }
    *out++ = log_likelihood;
    *out++ = error;
    *out++ = consistent;
  }

  Results Unpack(const double* in) const {
    Results r;
    r.figures.resize(figures_);
    for (Figure& f : r.figures) {
      f.probability = *in++;
      f.std_error = *in++;
      f.ci_low = *in++;
      f.ci_high = *in++;
      f.mean_first_step = *in++;
      f.occurred = *in++ != 0;
      f.p05 = f.p50 = f.p95 = f.probability;
      for (int t = 0; t < horizon_; ++t) {
        const double p = *in++;
        const double low = *in++;
        const double high = *in++;
        f.by_step.push_back(p);
        f.band_by_step.push_back({low, high, p, p, p});
      }
      if (two_way_) in = UnpackNow(in, &f.now);
    }
    r.two_way = two_way_;
    LabelFigures(model_, &r.figures);
    return r;
  }

  double LogLikelihood(const double* in) const { return in[width() - 3]; }
  double Error(const double* in) const { return in[width() - 2]; }
  double Consistent(const double* in) const { return in[width() - 1]; }

 private:
  // A NowFigure: active by step (horizon), 9 numbers, the length of the distribution of
  // occurrences, and its probabilities and standard errors (horizon + 1 each: no event has
  // more onsets than steps).
  int NowWidth() const { return two_way_ ? horizon_ + 10 + 2 * (horizon_ + 1) : 0; }

  double* PackNow(const NowFigure& now, double* out) const {
    for (int t = 0; t < horizon_; ++t) *out++ = now.by_step[t];
    for (double x : {now.probability, now.std_error, now.ci_low, now.ci_high, now.initial,
                     now.mean_steps_active, now.steps_active_std_error, now.mean_occurrences,
                     now.occurrences_std_error})
      *out++ = x;
    *out++ = static_cast<double>(now.occurrences.size());
    for (int n = 0; n <= horizon_; ++n) {
      const bool has = static_cast<size_t>(n) < now.occurrences.size();
      *out++ = has ? now.occurrences[n] : 0;
      *out++ = has ? now.occurrences_std_errors[n] : 0;
    }
    return out;
  }

  const double* UnpackNow(const double* in, NowFigure* now) const {
    now->by_step.assign(in, in + horizon_);
    in += horizon_;
    for (double* x : {&now->probability, &now->std_error, &now->ci_low, &now->ci_high,
                      &now->initial, &now->mean_steps_active, &now->steps_active_std_error,
                      &now->mean_occurrences, &now->occurrences_std_error})
      *x = *in++;
    const size_t n = static_cast<size_t>(*in++);
    for (int k = 0; k <= horizon_; ++k, in += 2) {
      if (static_cast<size_t>(k) >= n) continue;
      now->occurrences.push_back(in[0]);
      now->occurrences_std_errors.push_back(in[1]);
    }
    return in;
  }

  const Model& model_;
  int figures_;
  int horizon_;
  bool two_way_;
};

// The forecasts made before the history, scored against what happened by as_of: `before`
// the prior's figures, `by_as_of` the same run's figures with the horizon at as_of (for the
// counts of onsets and ends by as_of; null when the history records no episodes).
std::vector<Score> ScoreForecasts(const Model& model, const History& history,
                                  const Results& before, const Results* by_as_of) {
  const int events = static_cast<int>(model.events.size());
  const int as_of = history.as_of;
  std::vector<const Observation*> observed(events, nullptr);
  for (const Observation& o : history.observations) observed[o.event] = &o;
  // An event recorded by its episodes happened by as_of when it has one, or began before step
  // 1: an observation of its first onset as far as "ever" is concerned.
  std::vector<Observation> from_episodes;
  from_episodes.reserve(history.episodes.size());
  for (const EpisodeRecord& record : history.episodes) {
    Observation o;
    o.event = record.event;
    const bool happened = !record.episodes.empty() ||
                          model.events[record.event].initially != InitialState::kNone;
    o.lo = happened ? 1 : as_of + 1;
    o.hi = happened ? as_of : Observation::kNever;
    from_episodes.push_back(o);
  }
  for (const Observation& o : from_episodes) observed[o.event] = &o;
  std::vector<Score> scores;
  auto add = [&](int figure, int outcome) {
    const Figure& f = before.figures[figure];
    Score s;
    s.kind = f.kind;
    s.id = f.id;
    s.label = f.label;
    s.forecast = f.by_step[as_of - 1];
    s.outcome = outcome;
    s.brier = (s.forecast - outcome) * (s.forecast - outcome);
    s.log_score = LogScore(outcome ? s.forecast : 1 - s.forecast, before.simulated);
    scores.push_back(s);
  };
  for (int e = 0; e < events; ++e)
    if (observed[e] != nullptr) add(e, observed[e]->happened() ? 1 : 0);
  for (int k = 1; k <= model.num_levels(); ++k) {
    bool reached = false, all_missed = true, any = false;
    for (int e = 0; e < events; ++e) {
      if (model.events[e].level < k) continue;
      any = true;
      if (observed[e] != nullptr && observed[e]->happened()) reached = true;
      if (observed[e] == nullptr || observed[e]->happened()) all_missed = false;
    }
    if (reached)
      add(events + k - 1, 1);
    else if (any && all_missed)
      add(events + k - 1, 0);
  }
  // An event recorded by its episodes is also scored, by the same rule, on each of its
  // episodes' onsets and ends and on whether it was going on at the end of as_of (the
  // forecasts from `by_as_of`, the prior's figures at a horizon of as_of; docs/history.md):
  //   active:EVENT  P(active at as_of); outcome: the last recorded occurrence has no `end`
  //                 (none recorded: 0; an `end: unknown` last: not scored);
  //   onset:EVENT:K P(at least K onsets in 1..as_of), K = 2 .. n + 1 for n recorded onsets,
  //                 an event that recurs only (K = 1 is its row above, but for an event
  //                 `initially` active or ended: from K = 1); outcome K <= n;
  //   end:EVENT:K   P(at least K occurrences ended in 1..as_of), K = 1 .. the occurrences
  //                 recorded (its initial one first); outcome: the K-th has an `end` (one
  //                 with `end: unknown` ended if a later one began; if it is the last, it
  //                 and what follows are not scored).
  auto add_row = [&](const Figure& f, const std::string& id, const std::string& what,
                     double forecast, int outcome) {
    Score s;
    s.kind = f.kind;
    s.id = id;
    s.label = f.label + ", " + what;
    s.forecast = forecast;
    s.outcome = outcome;
    s.brier = (s.forecast - outcome) * (s.forecast - outcome);
    s.log_score = LogScore(outcome ? s.forecast : 1 - s.forecast, before.simulated);
    scores.push_back(s);
  };
  // P(X >= k) from P(X = n), n = 0, 1, ...
  auto at_least = [](const std::vector<double>& p, int k) {
    double sum = 0;
    for (size_t n = static_cast<size_t>(k); n < p.size(); ++n) sum += p[n];
    return std::min(1.0, sum);
  };
  if (before.two_way)
    for (const EpisodeRecord& record : history.episodes) {
      const Figure& f = before.figures[record.event];
      const std::vector<Episode>& list = record.episodes;
      if (list.empty() || list.back().end != Episode::End::kUnknown)
        add_row(f, "active:" + f.id, "going on", f.now.by_step[as_of - 1],
                !list.empty() && list.back().end == Episode::End::kOngoing ? 1 : 0);
      if (by_as_of == nullptr) continue;
      const NowFigure& now = by_as_of->figures[record.event].now;
      const int onsets = static_cast<int>(
          std::count_if(list.begin(), list.end(), [](const Episode& x) { return !x.initial(); }));
      // K = 1 is the row above ("ever"), but for an event that began before step 1.
      const int first = model.events[record.event].initially == InitialState::kNone ? 2 : 1;
      if (model.events[record.event].recurs)
        for (int k = first; k <= onsets + 1; ++k)
          add_row(f, "onset:" + f.id + ":" + std::to_string(k), "onset " + std::to_string(k),
                  at_least(now.occurrences, k), k <= onsets ? 1 : 0);
      for (size_t i = 0; i < list.size() && model.events[record.event].Ends(); ++i) {
        const bool last = i + 1 == list.size();
        if (last && list[i].end == Episode::End::kUnknown) break;
        const int k = static_cast<int>(i) + 1;
        add_row(f, "end:" + f.id + ":" + std::to_string(k), "end " + std::to_string(k),
                at_least(now.ends, k), list[i].end == Episode::End::kOngoing ? 0 : 1);
      }
    }
  return scores;
}

// Posterior summaries of the sampled parameters from equally weighted draws, with the Monte
// Carlo error of each mean counted over the groups of draws that share an ancestor at the
// last resampling (draws of one group are correlated; groups nearly independent).
double SummarisePosterior(const Model& model, const std::vector<int>& sampled,
                          const std::vector<std::vector<double>>& values,
                          const std::vector<int>& ancestor, HistoryOutcome* h) {
  const int n = static_cast<int>(values.size());
  double effective = n;
  std::vector<std::vector<double>> columns;
  for (int p : sampled) {
    const Parameter& parameter = model.parameters[p];
    PosteriorParameter row;
    row.name = parameter.name;
    row.prior_mean = parameter.dist.Mean();
    row.prior_sd = std::sqrt(std::max(0.0, parameter.dist.Variance()));
    std::vector<double> x(n);
    double sum = 0;
    for (int i = 0; i < n; ++i) sum += x[i] = values[i][p];
    const double mean = sum / n;
    double ss = 0;
    for (double v : x) ss += (v - mean) * (v - mean);
    std::map<int, double> groups;
    for (int i = 0; i < n; ++i) groups[ancestor.empty() ? i : ancestor[i]] += x[i] - mean;
    double group_ss = 0;
    for (const auto& [g, s] : groups) group_ss += s * s;
    row.posterior_mean = mean;
    row.posterior_sd = n > 1 ? std::sqrt(ss / (n - 1)) : 0;
    row.p05 = SampleQuantile(x, 0.05);
    row.p50 = SampleQuantile(x, 0.5);
    row.p95 = SampleQuantile(x, 0.95);
    row.mc_se = std::sqrt(group_ss) / n;
    if (row.mc_se > 0) effective = std::min(effective, ss / n / (row.mc_se * row.mc_se));
    h->parameters.push_back(row);
    columns.push_back(std::move(x));
  }
  // Copies of one particle are one draw: the effective number of the distinct draws'
  // multiplicities, (Σ c)² / Σ c², bounds the figure above (all copies of one: 1).
  std::vector<std::vector<double>> points(n);
  for (int i = 0; i < n; ++i)
    for (int p : sampled) points[i].push_back(values[i][p]);
  effective = std::min(effective, DistinctEffectiveDraws(points));
  for (size_t i = 0; i < sampled.size(); ++i)
    for (size_t j = i + 1; j < sampled.size(); ++j) {
      PosteriorCorrelation c;
      c.a = model.parameters[sampled[i]].name;
      c.b = model.parameters[sampled[j]].name;
      c.prior = CorrelationMatrix(model, {sampled[i], sampled[j]})(0, 1);
      c.posterior = n > 2 ? SpearmanCorrelation(columns[i], columns[j]) : 0;
      h->correlations.push_back(c);
    }
  return std::max(1.0, effective);
}

// 2000 → "2,000".
std::string Count(uint64_t n) {
  std::string digits = std::to_string(n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, ",");
  return digits;
}

// A log-likelihood's standard error in words: "0.12".
std::string Short(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2g", x);
  return text;
}

}  // namespace

RunOutcome RunGivenHistory(const Model& model, const ParameterSetting& setting,
                           const HistoryRequest& request) {
  const History& history = *request.history;
  const bool exact = request.engine == Engine::kExact;
  auto part = [&](double from, double to) -> std::function<void(double)> {
    if (!request.progress) return {};
    return [&request, from, to](double f) { request.progress(from + (to - from) * f); };
  };

  // Memory: the draws' results (as a plain run's), each distinct posterior draw's figures
  // (Packing), and the Monte Carlo check's states; the exact engine's own states are bounded
  // by {max_states}.
  const int draws = setting.sampled.empty() ? 1
                    : request.draws > 0      ? request.draws
                                             : kPosteriorDraws;
  uint64_t check_states = request.max_states;
  if (!exact) {
    const uint64_t by_memory = kCheckBytes / ExactStateBytes(Compile(model, setting.base));
    check_states = std::min({check_states, kCheckStates, std::max<uint64_t>(1000, by_memory)});
  }
  {
    const uint64_t figures = model.events.size() + static_cast<uint64_t>(model.num_levels());
    const uint64_t packed = 8 * (figures * (6 + 3 * static_cast<uint64_t>(model.horizon)) + 3);
    const uint64_t bytes = ResultBytes(model, draws, request.threads) +
                           packed * static_cast<uint64_t>(draws) + (exact ? 0 : kCheckBytes);
    CheckMemory(bytes,
                Count(static_cast<uint64_t>(draws)) + " posterior draws of " + Count(figures) +
                    " figures by step",
                request);
  }
  CheckPossible(model, setting, history, check_states, exact);

  RunOutcome outcome;
  HistoryOutcome& h = outcome.history.emplace();
  h.as_of = history.as_of;
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
  };
  Clock::time_point phase = Clock::now();
  {  // The figures before the history.
    RunRequest before = PlainRequest(request);
    before.draws = request.before_draws > 0    ? request.before_draws
                   : setting.sampled.empty() ? 1
                                             : kDefaultDraws;
    before.trials = request.before_trials > 0 ? request.before_trials : request.trials;
    before.progress = part(0, 0.1);
    RunOutcome prior = RunModel(model, setting, before);
    h.before = std::move(prior.results);
    h.before_draws = prior.draws;
    // The counts of onsets and ends by as_of, for the episodes' scores: the same run with the
    // horizon at as_of (a trial's steps up to as_of do not depend on the horizon).
    std::optional<Results> by_as_of;
    if (h.before.two_way && !history.episodes.empty() && history.as_of < model.horizon) {
      Model at = model;
      at.horizon = history.as_of;
      before.progress = part(0.1, 0.1);  // brief: a run of as_of steps
      by_as_of = RunModel(at, setting, before).results;
    }
    h.scores = ScoreForecasts(model, history, h.before,
                              history.episodes.empty() ? nullptr
                              : by_as_of               ? &*by_as_of
                                                       : &h.before);
  }
  h.before_seconds = seconds(phase);
  phase = Clock::now();

  const uint64_t trials = request.trials;
  // Nothing uncertain, or a single draw (each range at its median): nothing to learn.
  const bool pinned = draws == 1;
  h.trials = exact ? 0 : trials;
  std::vector<std::vector<double>> values;
  std::vector<double> log_likelihood;
  std::vector<uint32_t> key;
  std::vector<int> ancestor;
  double tail_distance = 0;    // the farthest posterior mean past kFarTail, in prior sd
  std::string tail_parameter;  // and its parameter
  if (pinned) {
    values = {setting.base};
    key = {0};
  } else {
    const PriorMap map(model, setting);
    SmcRequest smc;
    smc.seed = request.seed;
    smc.particles = draws;
    smc.threads = request.threads;
    smc.cluster = request.cluster;
    smc.progress = part(0.1, 0.85);
    if (!exact && static_cast<uint64_t>(draws) * 10000 > (uint64_t{1} << 31))
      throw UsageError("{draws} " + std::to_string(draws) + " is too many for Monte Carlo "
                       "likelihoods (their trials' keys): at most 214748");
    const SmcOutcome s = SampleSmc(
        map,
        [&](const std::vector<double>& v, uint32_t k) {
          const Plan plan = Compile(model, v);
          return exact ? ExactLogLikelihood(plan, history, request.max_states)
                       : MonteCarloLogLikelihood(plan, history, request.seed, k, trials);
        },
        smc);
    // How far the posterior lies from the prior's bulk, in prior sd (normal scores).
    for (int i = 0; i < map.dims(); ++i) {
      double sum = 0;
      for (const std::vector<double>& z : s.latent) sum += map.Scores(z.data())[i];
      const double distance = std::fabs(sum / static_cast<double>(s.latent.size()));
      if (distance > kFarTail && distance > tail_distance) {
        tail_distance = distance;
        tail_parameter = model.parameters[setting.sampled[i]].name;
      }
    }
    values = s.values;
    log_likelihood = s.log_likelihood;
    key = s.key;
    ancestor = s.ancestor;
    h.log_evidence = s.log_evidence;
    h.log_evidence_se = s.log_evidence_se;
    h.stages = static_cast<int>(s.temperatures.size());
    h.temperatures = s.temperatures;
    h.evaluations = s.evaluations;
    h.acceptance = s.acceptance;
  }

  h.posterior_seconds = seconds(phase);
  phase = Clock::now();
  // Each distinct posterior draw's figures given the history (the same key and values give
  // the same figures).
  std::vector<int> unique_of(values.size());
  std::vector<int> unique;  // a draw of each distinct one
  {
    std::map<std::pair<uint32_t, std::vector<double>>, int> seen;
    for (size_t i = 0; i < values.size(); ++i) {
      auto [it, fresh] =
          seen.emplace(std::make_pair(exact ? 0u : key[i], values[i]), static_cast<int>(unique.size()));
      if (fresh) unique.push_back(static_cast<int>(i));
      unique_of[i] = it->second;
    }
  }
  const Packing packing(model);
  const int width = packing.width();
  const std::vector<double> packed = ComputeSharedRows(
      static_cast<int>(unique.size()), width, request.threads, request.cluster,
      [&](int u, double* out) {
        const int i = unique[u];
        const Plan plan = Compile(model, values[i]);
        if (exact) {
          ExactOptions options;
          options.history = &history;
          options.max_states = request.max_states;
          const ExactSolution solution = SolveExact(plan, options);
          packing.Pack(EstimateFromExact(model, solution), LogLikelihoodOf(solution, history),
                       0, 0, out);
          return;
        }
        TiltedTrials run(plan, {}, request.seed, key[i], &history);
        WeightedTally tally(plan);
        for (uint64_t t = 0; t < trials; ++t) tally.Add(run.Run(t));
        if (tally.consistent() == 0)
          throw UsageError("none of the " + Count(trials) + " trials was consistent with the "
                           "history: raise {trials}");
        packing.Pack(tally.Ratio(model), tally.LogMeanWeight(), tally.LogMeanWeightError(),
                     static_cast<double>(tally.consistent()), out);
      },
      part(0.85, 1));
  h.given_seconds = seconds(phase);
  auto row = [&](int i) { return packed.data() + static_cast<size_t>(unique_of[i]) * width; };

  outcome.draws = draws;
  outcome.trials = exact ? 0 : trials;
  for (int p : setting.sampled) outcome.sampled_names.push_back(model.parameters[p].name);
  for (const std::vector<double>& v : values) {
    std::vector<double> sampled;
    for (int p : setting.sampled) sampled.push_back(v[p]);
    outcome.sampled_values.push_back(std::move(sampled));
  }
  if (pinned) {
    const double* r = row(0);
    outcome.results = packing.Unpack(r);
    h.log_likelihood = {packing.LogLikelihood(r)};
    h.log_evidence = packing.LogLikelihood(r);
    h.log_evidence_se = packing.Error(r);
    h.effective_draws = 1;
    h.log_likelihood_sd = packing.Error(r);
    if (exact) {
      h.method = "exact likelihood, parameters pinned";
    } else {
      h.method = "likelihood weighting (" + Count(trials) + " trials), parameters pinned";
      outcome.results.simulated = outcome.results.counted = trials;
      const double consistent = packing.Consistent(r);
      if (consistent < 100)
        h.warnings.push_back("only " + Count(static_cast<uint64_t>(consistent)) + " of the " +
                             Count(trials) + " trials could match the history: the figures "
                             "given it rest on them; raise {trials}");
    }
    return outcome;
  }

  h.log_likelihood = log_likelihood;
  h.effective_draws = SummarisePosterior(model, setting.sampled, values, ancestor, &h);
  DrawCombiner combined(draws);
  combined.SetEffectiveDraws(h.effective_draws);
  for (int i = 0; i < draws; ++i) combined.Add(i, packing.Unpack(row(i)));
  outcome.results = combined.Finish();
  const std::string stages = std::to_string(h.stages) + (h.stages == 1 ? " stage" : " stages");
  if (exact) {
    h.method = "sequential Monte Carlo (" + stages + "), exact likelihoods";
  } else {
    h.method = "sequential Monte Carlo (" + stages + "), likelihood weighting (" + Count(trials) +
               " trials each)";
    std::vector<double> errors;
    for (int i = 0; i < draws; ++i) errors.push_back(packing.Error(row(i)));
    h.log_likelihood_sd = SampleQuantile(errors, 0.5);
    if (h.log_likelihood_sd > kNoisyLogLikelihood) {
      const double more = std::ceil(static_cast<double>(trials) * h.log_likelihood_sd *
                                    h.log_likelihood_sd);
      h.warnings.push_back("the likelihood estimates are noisy (a posterior draw's "
                           "log-likelihood has a standard error of " +
                           Short(h.log_likelihood_sd) + " from " + Count(trials) +
                           " trials): raise {trials} to about " +
                           Count(static_cast<uint64_t>(more)));
    }
  }
  if (!tail_parameter.empty()) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", tail_distance);
    h.warnings.push_back("the history lies " + std::string(text) + " prior sd from the bulk of " +
                         tail_parameter + "'s prior: its posterior follows the far tail of the "
                         "prior's form (for LO to HI, the logit-normal), which the range does "
                         "not pin down; if the history is right, widen the range");
  }
  const double enough = std::min(500.0, draws / 2.0);
  if (h.effective_draws < enough) {
    char text[64];
    std::snprintf(text, sizeof text, "%.0f", h.effective_draws);
    h.warnings.push_back("the posterior rests on only " + std::string(text) + " effective draws of " +
                         Count(static_cast<uint64_t>(draws)) +
                         ": its figures are rough; raise {draws}");
  }
  return outcome;
}

}  // namespace brink
