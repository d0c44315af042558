// Rare-event estimation: cross-entropy tilts, then importance sampling (brink/rare.h).
#include "brink/rare.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

#include "brink/error.h"
#include "brink/format.h"
#include "engine/tilted.h"
#include "estimate/weighted.h"
#include "plan/plan.h"

namespace brink {
namespace {

constexpr uint64_t kEliteTrials = 20;  // the fewest trials an elite may have
constexpr uint64_t kStuckElite = 3;    // ... or, when no further than the last round, this
constexpr double kMaxTilt = 0.99;       // a tilted probability stays below this
constexpr double kSmoothing = 0.7;    // weight of the new tilts
constexpr int kMaxRounds = 25;
constexpr uint64_t kBatch = 16384;
constexpr double kNotRare = 0.01;     // above this, plain Monte Carlo is the tool
constexpr double kZ = 1.959963984540054;

// Whether a trial reached the target: happened (reached) by the horizon, or, `now`, active at
// the horizon (the level at the horizon); a version-2 trial reads its path.
bool Hit(const TiltedTrial& trial, int figure, int events, bool now) {
  const EpisodePath& path = trial.path;
  if (path.num_events > 0) {
    const int h = path.horizon;
    if (figure < events) return now ? path.Active(figure, h) : path.Happened(figure);
    return (now ? path.level_at[h - 1] : path.level_reached[h - 1]) >= figure - events + 1;
  }
  if (figure < events) return trial.first[figure] != 0;
  return trial.level >= figure - events + 1;
}

// Whether event e happened in a trial (before step 1 too, for a version-2 model).
bool Happened(const TiltedTrial& trial, int e) {
  return trial.first[e] != 0 || (trial.path.num_events > 0 && trial.path.initial[e] != 0);
}

// The events that lead to the target: those its conditions name as enablers (not under
// `not`), and theirs, and so on. The target's own events (the event, or every event at the
// target level or above) are not among them.
std::vector<char> Precursors(const Model& model, int target) {
  const int events = static_cast<int>(model.events.size());
  std::vector<char> goal(events, 0), lead(events, 0);
  std::vector<int> todo;
  for (int e = 0; e < events; ++e) {
    goal[e] = target < events ? e == target : model.events[e].level >= target - events + 1;
    if (goal[e]) todo.push_back(e);
  }
  while (!todo.empty()) {
    const Event& e = model.events[todo.back()];
    todo.pop_back();
    std::vector<const Condition*> conditions = {&e.gate};
    for (const Case& c : e.probability) conditions.push_back(&c.when);
    for (const Condition* condition : conditions)
      for (auto [event, inhibitor] : ConditionEvents(*condition))
        if (!inhibitor && !goal[event] && !lead[event]) {
          lead[event] = 1;
          todo.push_back(event);
        }
  }
  return lead;
}

// How far towards the target a trial got: its precursors that happened, or, when it reached
// the target, one more than all of them.
int Score(const TiltedTrial& trial, const std::vector<char>& lead, int goal, bool hit) {
  if (hit) return goal;
  int score = 0;
  for (size_t e = 0; e < lead.size(); ++e) score += lead[e] && Happened(trial, static_cast<int>(e));
  return score;
}

// The step a figure first happened in a trial (0 = not by the horizon).
int FirstStep(const TiltedTrial& trial, int figure, const Plan& plan) {
  const int events = plan.num_events;
  if (figure < events) return trial.first[figure];
  const int k = figure - events + 1;
  int first = 0;
  for (int e = 0; e < events; ++e)
    if (plan.level_of[e] >= k && trial.first[e] != 0 && (first == 0 || trial.first[e] < first))
      first = trial.first[e];
  return first;
}

// Weighted sums over the estimate's trials, in trial order.
struct Sums {
  uint64_t n = 0;
  double w = 0, w2 = 0;                   // Σ w, Σ w² over every trial
  std::vector<double> hit, hit2, step;    // per figure: Σ w·1, Σ (w·1)², Σ w·first step
  std::vector<double> by_step, by_step2;  // per figure × step t: Σ w·1{first <= t}, squared
  double goal = 0, goal2 = 0;             // the target (Hit): Σ w·1, Σ (w·1)²
  uint64_t target_hits = 0;
};

}  // namespace

RareOutcome EstimateRare(const Model& model, const std::vector<double>& values,
                         const RareRequest& request) {
  const Plan plan = Compile(model, values);
  const int events = plan.num_events;
  const int levels = plan.num_levels;
  const int figures = events + levels;
  const int horizon = plan.horizon;
  const int target = request.target;
  const int target_event = target < events ? target : -1;
  const std::vector<char> lead = Precursors(model, target);
  const int goal = static_cast<int>(std::count(lead.begin(), lead.end(), 1)) + 1;
  std::vector<double> q(plan.cases.size());
  for (size_t c = 0; c < q.size(); ++c) q[c] = plan.cases[c].probability;
  // The cases of the target's events and of its precursors, the ones tilted.
  std::vector<char> tilted(q.size(), 0);
  for (const PlanEvent& pe : plan.order) {
    const bool goal_event = target < events ? pe.event == target : pe.level >= target - events + 1;
    if (goal_event || lead[pe.event])
      for (int c = pe.first_case; c < pe.first_case + pe.num_cases; ++c) tilted[c] = 1;
  }

  RareOutcome out;
  // 1. Cross-entropy rounds.
  bool reached = false;
  int last_level = 0;
  for (int round = 0; round < kMaxRounds && !reached; ++round) {
    std::vector<TiltedTrial> trials;
    TiltedOptions options;
    options.seed = request.seed;
    options.draw = UINT32_MAX - static_cast<uint32_t>(round);
    options.trials = request.pilot_trials;
    options.threads = request.threads;
    trials.reserve(request.pilot_trials);
    RunTilted(plan, q, options, [&](uint64_t, const TiltedTrial& t) { trials.push_back(t); });
    out.pilot_trials += request.pilot_trials;
    out.rounds = round + 1;
    std::vector<int> scores;
    uint64_t hits = 0;
    for (const TiltedTrial& t : trials) {
      const bool hit = Hit(t, target, events, request.now);
      scores.push_back(Score(t, lead, goal, hit));
      if (hit) ++hits;
    }
    if (round == 0 && static_cast<double>(hits) > kNotRare * static_cast<double>(trials.size())) {
      const double p = static_cast<double>(hits) / static_cast<double>(trials.size());
      const double plain = p * (1 - p) * std::pow(kZ / (request.precision * p), 2);
      const std::string what =
          request.now ? (target_event >= 0 ? "active:" + model.events[target].id
                                           : "level_at:" + std::to_string(target - events + 1))
                      : std::string(target_event >= 0 ? "event " : "level ") +
                            (target_event >= 0 ? model.events[target].id
                                               : std::to_string(target - events + 1));
      throw UsageError("{rare}: " + what +
                       " is not rare (about " + FormatPercent(p) + " of trials): plain Monte " +
                       "Carlo reaches the interval asked for in about " +
                       std::to_string(static_cast<uint64_t>(plain)) +
                       " trials; use {precision} without {rare}");
    }
    // The elite: the trials at or past the furthest score that at least kEliteTrials (or
    // 0.5%) of the round reached — ties broken upwards, so each round pushes on.
    std::vector<uint64_t> at_least(goal + 2, 0);
    for (int score : scores) ++at_least[std::min(score, goal)];
    for (int v = goal; v-- > 0;) at_least[v] += at_least[v + 1];
    const uint64_t enough = std::max<uint64_t>(kEliteTrials, trials.size() / 200);
    int level = 0;
    for (int v = 1; v <= goal; ++v)
      if (at_least[v] >= enough) level = v;
    // No further than the last round: then the furthest that a handful of trials reached.
    if (level <= last_level)
      for (int v = level + 1; v <= goal; ++v)
        if (at_least[v] >= kStuckElite) level = v;
    if (level == 0 && at_least[1] > 0) level = 1;  // any progress at all
    last_level = std::max(last_level, level);
    reached = level >= goal;
    std::vector<double> fired(q.size(), 0), attempts(q.size(), 0);
    bool any = false;
    for (size_t i = 0; i < trials.size(); ++i) {
      if (scores[i] < level) continue;
      any = true;
      const double w = std::exp(trials[i].log_weight);
      for (size_t c = 0; c < q.size(); ++c) {
        fired[c] += w * trials[i].fired[c];
        attempts[c] += w * trials[i].attempts[c];
      }
    }
    if (!any) {
      // No trial made any progress: raise the tilted decisions' chances, and try again.
      for (size_t c = 0; c < q.size(); ++c)
        if (tilted[c] && q[c] > 0 && q[c] < 1) q[c] = std::min(0.5, 4 * q[c]);
      reached = false;
      continue;
    }
    for (size_t c = 0; c < q.size(); ++c) {
      const double p = plan.cases[c].probability;
      // Only the target's own and its precursors' cases are tilted, and only upwards; certain
      // and impossible cases never are.
      if (!tilted[c] || p <= 0 || p >= 1 || attempts[c] <= 0) continue;
      const double updated = std::clamp(fired[c] / attempts[c], p, kMaxTilt);
      q[c] = kSmoothing * updated + (1 - kSmoothing) * q[c];
    }
    if (request.progress) request.progress(0.05 * out.rounds / kMaxRounds);
  }
  if (!reached)
    throw UsageError("{rare}: " + std::to_string(kMaxRounds) + " cross-entropy rounds of " +
                     std::to_string(request.pilot_trials) +
                     " trials found no way to the target; it may be impossible in this model "
                     "(brink exact tells), or need more pilot trials");

  // 2. The estimate, batch by batch.
  Sums s;
  s.hit.assign(figures, 0);
  s.hit2.assign(figures, 0);
  s.step.assign(figures, 0);
  s.by_step.assign(static_cast<size_t>(figures) * horizon, 0);
  s.by_step2.assign(static_cast<size_t>(figures) * horizon, 0);
  std::vector<int> first(figures);
  // A version-2 model's figures: from the same weighted trials, as likelihood weighting's.
  std::optional<WeightedTally> tally;
  if (plan.two_way) tally.emplace(plan);
  auto half_width = [&] {
    const double n = static_cast<double>(s.n);
    const double p = s.goal / n;
    const double var = std::max(0.0, s.goal2 / n - p * p) / (n - 1);
    return std::pair<double, double>{p, kZ * std::sqrt(var)};
  };
  while (s.n < request.max_trials) {
    TiltedOptions options;
    options.seed = request.seed;
    options.draw = 0;
    options.first_trial = s.n;
    options.trials = std::min(kBatch, request.max_trials - s.n);
    options.threads = request.threads;
    RunTilted(plan, q, options, [&](uint64_t, const TiltedTrial& t) {
      const double w = std::exp(t.log_weight);
      s.w += w;
      s.w2 += w * w;
      if (Hit(t, target, events, request.now)) {
        s.goal += w;
        s.goal2 += w * w;
        ++s.target_hits;
      }
      if (tally) {
        tally->Add(t);
        return;
      }
      for (int f = 0; f < figures; ++f) {
        first[f] = FirstStep(t, f, plan);
        if (first[f] == 0) continue;
        s.hit[f] += w;
        s.hit2[f] += w * w;
        s.step[f] += w * first[f];
        for (int step = first[f]; step <= horizon; ++step) {
          s.by_step[static_cast<size_t>(f) * horizon + step - 1] += w;
          s.by_step2[static_cast<size_t>(f) * horizon + step - 1] += w * w;
        }
      }
    });
    s.n += options.trials;
    const auto [p, h] = half_width();
    out.precision_reached = p > 0 && h <= request.precision * p;
    if (request.progress)
      request.progress(0.05 + 0.95 * std::max(static_cast<double>(s.n) / request.max_trials,
                                              p > 0 ? std::min(1.0, request.precision * p / h) : 0));
    if (out.precision_reached) break;
  }

  // Every figure from the weighted sums: mean, standard error, normal 95% interval.
  const double n = static_cast<double>(s.n);
  Results& r = out.results;
  // The target's estimate, Σ w·1 / n, with its standard error.
  const double target_p = s.goal / n;
  const double target_se = std::sqrt(std::max(0.0, s.goal2 / n - target_p * target_p) / (n - 1));
  if (tally) {
    // A version-2 model: every figure as likelihood weighting gives it (Σ w·1 / Σ w), but the
    // target's, which is Σ w·1 / n (unbiased, the one the precision was reached for).
    r = tally->Ratio(model);
    Figure& fig = r.figures[target];
    const StepBand band = WaldBand(target_p, target_se);
    if (request.now) {
      fig.now.probability = target_p;
      fig.now.std_error = target_se;
      fig.now.ci_low = band.ci_low;
      fig.now.ci_high = band.ci_high;
      if (horizon > 0) fig.now.by_step.back() = target_p;
    } else {
      fig.probability = fig.p05 = fig.p50 = fig.p95 = target_p;
      fig.std_error = target_se;
      fig.ci_low = band.ci_low;
      fig.ci_high = band.ci_high;
      if (horizon > 0) {
        fig.by_step.back() = target_p;
        fig.band_by_step.back() = band;
      }
    }
  }
  if (!tally) r.figures.resize(figures);
  for (int f = 0; f < figures && !tally; ++f) {
    Figure& fig = r.figures[f];
    auto estimate = [&](double sum, double sum2, double* p, double* se) {
      *p = sum / n;
      *se = std::sqrt(std::max(0.0, sum2 / n - *p * *p) / (n - 1));
    };
    estimate(s.hit[f], s.hit2[f], &fig.probability, &fig.std_error);
    const StepBand whole = WaldBand(fig.probability, fig.std_error);
    fig.ci_low = whole.ci_low;
    fig.ci_high = whole.ci_high;
    fig.occurred = s.hit[f] > 0;
    fig.mean_first_step = s.hit[f] > 0 ? s.step[f] / s.hit[f] : 0;
    fig.p05 = fig.p50 = fig.p95 = fig.probability;
    for (int t = 0; t < horizon; ++t) {
      double p = 0, se = 0;
      estimate(s.by_step[static_cast<size_t>(f) * horizon + t],
               s.by_step2[static_cast<size_t>(f) * horizon + t], &p, &se);
      fig.by_step.push_back(p);
      fig.band_by_step.push_back(WaldBand(p, se));
    }
  }
  if (!tally) LabelFigures(model, &r.figures);
  r.simulated = r.counted = s.n;
  out.trials = s.n;
  out.target_hits = s.target_hits;
  out.effective_sample_size = s.w2 > 0 ? s.w * s.w / s.w2 : 0;
  out.plain_trials = target_se > 0 ? target_p * (1 - target_p) / (target_se * target_se) : 0;
  out.speedup = out.plain_trials / static_cast<double>(out.pilot_trials + out.trials);
  return out;
}

}  // namespace brink

