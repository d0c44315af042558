// The exact engine for version-2 models (engine/exact_episodes.h): against closed forms to
// 1e-12; against the one-trial reference (engine/episode_trial.h) within 5 standard errors,
// with fixed seeds, for every figure; against the version-1 engine where the two models agree;
// with a condition at the horizon; against itself with the other merging; its refusals.
// Histories: exact_episode_history_test.cpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "brink/given.h"
#include "brink/load.h"
#include "engine/episode_trial.h"
#include "engine/exact.h"
#include "exact_episode_util.h"
#include "model/condition_eval.h"
#include "plan/plan.h"

namespace brink {
namespace {

using test::By;
using test::CheckClose;

Model Load(const std::string& yaml) { return LoadModelFromString(yaml, "m.yaml"); }

ExactSolution Solve(const Model& model, const std::string& given = "",
                    ExactOptions options = {}) {
  return test::SolveAtPoint(model, given, options);
}

// Every figure of the exact engine's, as fractions of reference trials (with a condition:
// the fraction of trials in which the figure's event and the condition both hold).
struct Sampled {
  int trials = 0;
  int rows = 0;
  int horizon = 0;
  std::vector<double> active;  // row × (horizon + 1), column 0 unused
  std::vector<double> by;      // row × (horizon + 1): happened (reached) by t, t = 0..horizon
  std::vector<std::vector<double>> occurrences;  // by event, P(N = n)
  double given = 0;

  double Active(int row, int t) const { return active[row * (horizon + 1) + t]; }
  double By(int row, int t) const { return by[row * (horizon + 1) + t]; }
};

Sampled Sample(const Plan& plan, int trials, uint64_t seed, const Condition* given) {
  Sampled o;
  o.trials = trials;
  o.horizon = plan.horizon;
  o.rows = plan.num_events + plan.num_levels;
  const int columns = plan.horizon + 1;
  o.active.assign(static_cast<size_t>(o.rows) * columns, 0);
  o.by.assign(o.active.size(), 0);
  o.occurrences.assign(plan.num_events, std::vector<double>(plan.horizon + 1, 0));
  int initial_level = 0;
  for (int e = 0; e < plan.num_events; ++e)
    if (plan.initially[e] != InitialState::kNone)
      initial_level = std::max(initial_level, plan.level_of[e]);
  EpisodeTrial trial(plan, seed, 0);
  for (int i = 0; i < trials; ++i) {
    const EpisodePath& path = trial.Run(i / 64, i % 64);
    const int h = plan.horizon;
    if (given != nullptr &&
        !given->Evaluate([&](int e) { return path.Active(e, h); },
                         [&](int e) { return path.Happened(e); }, true))
      continue;
    ++o.given;
    for (int e = 0; e < plan.num_events; ++e) {
      for (int t = 0; t <= h; ++t) {
        if (t > 0) o.active[e * columns + t] += path.Active(e, t);
        o.by[e * columns + t] +=
            path.initial[e] != 0 || (path.first[e] != 0 && path.first[e] <= t);
      }
      ++o.occurrences[e][path.onsets[e]];
    }
    for (int k = 1; k <= plan.num_levels; ++k) {
      const int row = plan.num_events + k - 1;
      o.by[row * columns] += initial_level >= k;
      for (int t = 1; t <= h; ++t) {
        o.active[row * columns + t] += path.level_at[t - 1] >= k;
        o.by[row * columns + t] += path.level_reached[t - 1] >= k;
      }
    }
  }
  for (double& x : o.active) x /= trials;
  for (double& x : o.by) x /= trials;
  for (auto& v : o.occurrences)
    for (double& x : v) x /= trials;
  o.given /= trials;
  return o;
}

// Compares exact probabilities with sampled fractions: within 5 binomial standard errors of
// the exact p, plus 1e-9 (so an exact 0 or 1 must be matched exactly). Keeps the largest
// distance in standard errors, and how many exact 0s and 1s were matched.
class Agreement {
 public:
  explicit Agreement(int trials) : trials_(trials) {}

  void Check(double exact, double sampled, const char* what, int row, int t) {
    const double se = std::sqrt(std::max(0.0, exact * (1 - exact)) / trials_);
    INFO(what << " row " << row << " step/count " << t << ": exact " << exact << ", sampled "
              << sampled << ", se " << se);
    CHECK(std::fabs(exact - sampled) <= 5 * se + 1e-9);
    if (se > 0) largest_ = std::max(largest_, std::fabs(exact - sampled) / se);
    certain_ += se == 0;
    ++checked_;
  }

  double largest() const { return largest_; }
  int certain() const { return certain_; }
  int checked() const { return checked_; }

 private:
  int trials_;
  double largest_ = 0;
  int certain_ = 0;
  int checked_ = 0;
};

// Every figure of `model`'s exact solution against `trials` reference trials; returns the
// agreement (for the largest distance, in standard errors).
Agreement CheckAgainstTrials(const Model& model, int trials, uint64_t seed,
                             const std::string& given_text = "") {
  const Plan plan = Compile(model, PointValues(model));
  Condition given;
  if (!given_text.empty()) given = ParseGiven(model, given_text);
  ExactOptions options;
  if (!given_text.empty()) options.given = &given;
  const ExactSolution exact = SolveExact(plan, options);
  const Sampled sampled = Sample(plan, trials, seed, given_text.empty() ? nullptr : &given);
  REQUIRE(exact.two_way());
  Agreement agree(trials);
  agree.Check(exact.given_probability, sampled.given, "given", -1, 0);
  for (int row = 0; row < exact.num_rows(); ++row)
    for (int t = 0; t <= plan.horizon; ++t) {
      agree.Check(By(exact, row, t), sampled.By(row, t), "by", row, t);
      if (t > 0) agree.Check(exact.active(row, t), sampled.Active(row, t), "active", row, t);
    }
  for (int e = 0; e < plan.num_events; ++e) {
    const std::vector<double>& p = exact.occurrences[e];
    REQUIRE(!p.empty());
    CHECK(p.back() > 0);  // up to the largest count possible, no further
    double sum = 0;
    for (size_t n = 0; n < sampled.occurrences[e].size(); ++n) {
      const double want = n < p.size() ? p[n] : 0.0;
      sum += want;
      agree.Check(want, sampled.occurrences[e][n], "occurrences", e, static_cast<int>(n));
    }
    CheckClose(sum, exact.given_probability);
  }
  return agree;
}

// The spec's example, with a ladder: recurring `lasts` ranges, an end hazard with `while`, a
// decided end with `after` and a delay range, `ever`, self-reference in cases, an event
// initially active and one initially ended.
const char* const kSpecModel =
    "scenario: s\nhorizon: 12\nlevels: [calm, low, mid, high]\nevents:\n"
    "  offensive:\n    hazard: 25%\n    recurs: true\n    level: low\n"
    "    ends:\n      lasts: [2, 5]\n"
    "  troops:\n    after: offensive\n    p: 40%\n    level: mid\n"
    "    ends:\n      hazard: 30%\n      while: not offensive\n"
    "  backing:\n    after: ever troops\n    p: 50%\n    delay: 1\n    level: high\n"
    "    ends:\n      after: not offensive\n      p: 80%\n      delay: [0, 2]\n"
    "  oil:\n    hazard: [{when: ever oil, p: 20%}, {else: 50%}]\n    initially: active\n"
    "    recurs: true\n    level: low\n    ends:\n      hazard: 35%\n"
    "  old:\n    hazard: 10%\n    initially: ended\n";

// Recurring responses: delays, re-arming after arrivals and in the slot, a response whose
// `after` names itself, decided ends with the default `after`, cases reading `ever`.
const char* const kResponsesModel =
    "scenario: s\nhorizon: 12\nlevels: [calm, low, mid, high]\nevents:\n"
    "  spark:\n    hazard: 30%\n    recurs: true\n    level: low\n    ends:\n      hazard: 45%\n"
    "  flare:\n    after: spark\n    p: 60%\n    delay: [0, 2]\n    recurs: true\n"
    "    level: mid\n    ends:\n      lasts: [1, 2]\n"
    "  echo:\n    after: spark and not echo\n    p: 50%\n    recurs: true\n"
    "    ends:\n      p: 70%\n      delay: [0, 1]\n"
    "  lull:\n    after: not spark and ever spark\n"
    "    p: [{when: ever lull, p: 30%}, {else: 80%}]\n    recurs: true\n"
    "    ends:\n      lasts: 2\n"
    "  burst:\n    hazard: [{when: flare and not ever burst, p: 50%}, {else: 10%}]\n"
    "    recurs: true\n    level: high\n    ends:\n      after: not flare\n      p: 90%\n";

// A recurring response whose `after` names itself and turns false with its own onset when `z`
// began earlier in the step: it must not be armed in the slot that decided it, and without `z`
// ending first it is never re-armed (its `after` holds whenever it is inactive).
const char* const kSelfModel =
    "scenario: s\nhorizon: 12\nevents:\n"
    "  z:\n    hazard: 50%\n    recurs: true\n    ends:\n      hazard: 50%\n"
    "  echo:\n    after: not echo or not z\n    p: 60%\n    recurs: true\n"
    "    ends:\n      hazard: 30%\n"
    "  later:\n    after: echo and z\n    p: 50%\n    delay: 1\n    recurs: true\n"
    "    ends:\n      lasts: 1\n";

// Starting states and certainties: a trigger certain to recur every other step (every figure
// of it 0 or 1), an initially active `lasts` range, an initially active response (disarmed,
// re-armed), an initially ended recurring event, a one-off response with a delay range whose
// end hazard has cases.
const char* const kStartModel =
    "scenario: s\nhorizon: 10\nlevels: [calm, low, high]\nevents:\n"
    "  sure:\n    hazard: 100%\n    recurs: true\n    ends:\n      lasts: 2\n"
    "  siege:\n    hazard: 30%\n    while: not ever relief\n    initially: active\n"
    "    recurs: true\n    level: high\n    ends:\n      lasts: [2, 5]\n"
    "  post:\n    after: siege\n    p: 70%\n    initially: active\n    recurs: true\n"
    "    ends:\n      lasts: 1\n"
    "  relief:\n    after: not siege\n    p: 50%\n    delay: [1, 3]\n    level: low\n"
    "    ends:\n      hazard: [{when: siege, p: 60%}, {else: 10%}]\n"
    "  memory:\n    hazard: [{when: ever memory and relief, p: 40%}, {else: 0%}]\n"
    "    initially: ended\n    recurs: true\n"
    "    ends:\n      after: not relief\n      p: 50%\n      delay: [0, 2]\n";

TEST_CASE("Exact episodes: a recurring trigger with an end hazard is a two-state chain",
          "[exact_episodes]") {
  // x_1 = h, x_t = x_{t−1}(1 − g) + (1 − x_{t−1}(1 − g))·h; onsets Σ_t (1 − x_{t−1}(1 − g))·h;
  // P(N = n) from a small chain over (active, onsets).
  const double h = 0.15, g = 0.3;
  const int horizon = 24;
  const Model m = Load("scenario: s\nhorizon: 24\nevents:\n  x:\n    hazard: 15%\n"
                       "    recurs: true\n    ends:\n      hazard: 30%\n");
  const ExactSolution s = Solve(m);
  REQUIRE(s.two_way());
  CHECK(s.given_probability == 1);
  std::vector<std::vector<double>> chain(2, std::vector<double>(horizon + 2, 0));
  chain[0][0] = 1;
  double x = 0, onsets = 0;
  for (int t = 1; t <= horizon; ++t) {
    onsets += (1 - x * (1 - g)) * h;
    x = x * (1 - g) + (1 - x * (1 - g)) * h;
    CheckClose(s.active(0, t), x);
    std::vector<std::vector<double>> next(2, std::vector<double>(horizon + 2, 0));
    for (int n = 0; n <= horizon; ++n) {
      const double off = chain[0][n] + chain[1][n] * g;  // after the endings
      const double on = chain[1][n] * (1 - g);
      next[0][n] += off * (1 - h);
      next[1][n + 1] += off * h;
      next[1][n] += on;
    }
    chain = next;
    CheckClose(s.first(0, t), std::pow(1 - h, t - 1) * h);
  }
  CHECK(s.first(0, 0) == 0);
  const std::vector<double>& p = s.occurrences[0];
  REQUIRE(p.size() == static_cast<size_t>(horizon + 1));  // onsets at every step can happen
  double sum = 0, mean = 0;
  for (size_t n = 0; n < p.size(); ++n) {
    CheckClose(p[n], chain[0][n] + chain[1][n]);
    sum += p[n];
    mean += n * p[n];
  }
  CheckClose(sum, 1);
  CheckClose(mean, onsets);
}

TEST_CASE("Exact episodes: lasts d on a one-off trigger", "[exact_episodes]") {
  // P(active at t) = Σ_{s = max(1, t − d + 1)}^{t} (1 − h)^{s−1}·h.
  const double h = 0.1;
  const int d = 4, horizon = 20;
  const Model m = Load("scenario: s\nhorizon: 20\nlevels: [calm, up]\nevents:\n"
                       "  x:\n    hazard: 10%\n    level: up\n    ends:\n      lasts: 4\n");
  const ExactSolution s = Solve(m);
  for (int t = 1; t <= horizon; ++t) {
    double p = 0;
    for (int u = std::max(1, t - d + 1); u <= t; ++u) p += std::pow(1 - h, u - 1) * h;
    CheckClose(s.active(0, t), p);
    CheckClose(s.active(1, t), p);  // the level at t is the event's
    CheckClose(By(s, 1, t), 1 - std::pow(1 - h, t));  // the level reached stays
  }
  REQUIRE(s.occurrences[0].size() == 2);
  CheckClose(s.occurrences[0][1], 1 - std::pow(1 - h, horizon));
  CheckClose(s.occurrences[0][0] + s.occurrences[0][1], 1);
}

TEST_CASE("Exact episodes: an initially active event with an end hazard", "[exact_episodes]") {
  // P(active at t) = (1 − g)^t; it happened before step 1 and is never counted among onsets.
  const double g = 0.12;
  const Model m = Load("scenario: s\nhorizon: 18\nlevels: [calm, up]\nevents:\n"
                       "  x:\n    hazard: 0%\n    initially: active\n    level: up\n"
                       "    ends:\n      hazard: 12%\n");
  const ExactSolution s = Solve(m);
  CHECK(s.first(0, 0) == 1);
  CHECK(s.first(1, 0) == 1);  // the level it reaches
  for (int t = 1; t <= 18; ++t) {
    CheckClose(s.active(0, t), std::pow(1 - g, t));
    CHECK(s.first(0, t) == 0);
    CHECK(s.first(1, t) == 0);
  }
  REQUIRE(s.occurrences[0].size() == 1);
  CHECK(s.occurrences[0][0] == 1);
}

TEST_CASE("Exact episodes: a lasts range on an initially active event runs from step 0",
          "[exact_episodes]") {
  // lasts [2, 5] drawn at step 0: active at the end of t with chance P(d > t) = (5 − t)/4 for
  // t >= 2; a recurring one with hazard 0 never begins again.
  const Model m = Load("scenario: s\nhorizon: 6\nevents:\n  x:\n    hazard: 0%\n"
                       "    initially: active\n    recurs: true\n    ends:\n      lasts: [2, 5]\n");
  const ExactSolution s = Solve(m);
  const double want[] = {1, 1, 0.75, 0.5, 0.25, 0, 0};
  for (int t = 1; t <= 6; ++t) CheckClose(s.active(0, t), want[t]);
}

TEST_CASE("Exact episodes: a version-1 model still goes to the version-1 engine, and an "
          "unconnected version-2 event changes nothing",
          "[exact_episodes]") {
  const std::string v1 =
      "scenario: s\nhorizon: 20\nlevels: [calm, low, high]\nevents:\n"
      "  a:\n    hazard: 8%\n    level: low\n"
      "  b:\n    after: a\n    p: 60%\n    delay: [0, 3]\n"
      "  c:\n    hazard: [{when: b, p: 30%}, {else: 2%}]\n    level: high\n"
      "  d:\n    after: c and not a\n    p: 50%\n";
  const Model one = Load(v1);
  const Model two = Load(v1 + "  past:\n    hazard: 1%\n    initially: ended\n");
  REQUIRE_FALSE(one.IsTwoWay());
  REQUIRE(two.IsTwoWay());
  const ExactSolution s1 = Solve(one);
  const ExactSolution s2 = Solve(two);
  CHECK_FALSE(s1.two_way());
  CHECK(s1.occurrences.empty());
  REQUIRE(s2.two_way());
  for (int t = 1; t <= 20; ++t) {
    for (int e = 0; e < 4; ++e) {
      CAPTURE(e, t);
      CheckClose(s2.first(e, t), s1.first(e, t));
      CheckClose(s2.active(e, t), By(s1, e, t));  // without ends, active is happened by
    }
    for (int k = 0; k < 2; ++k) {
      CAPTURE(k, t);
      CheckClose(s2.first(4 + 1 + k, t), s1.first(4 + k, t));
    }
  }
  CHECK(s2.first(4, 0) == 1);  // `past`
  for (int e = 0; e < 4; ++e) {
    CheckClose(s2.occurrences[e][0], 1 - By(s1, e, 20));
    CheckClose(s2.occurrences[e].back(), By(s1, e, 20));
  }
  REQUIRE(s2.occurrences[4].size() == 1);  // initially ended, without `recurs`: never again
}

TEST_CASE("Exact episodes: the reference trial's every figure, within 5 standard errors",
          "[exact_episodes][slow]") {
  const int trials = 200000;
  SECTION("ends of every kind, ever, self-reference, initial states") {
    const Agreement a = CheckAgainstTrials(Load(kSpecModel), trials, 20240619);
    CAPTURE(a.largest(), a.checked());
    CHECK(a.checked() > 250);
  }
  SECTION("recurring responses, delays, re-arming, an after that names itself") {
    const Agreement a = CheckAgainstTrials(Load(kResponsesModel), trials, 7);
    CAPTURE(a.largest(), a.checked());
    CHECK(a.checked() > 250);
  }
  SECTION("a response whose after names itself and turns false with its onset") {
    const Agreement a = CheckAgainstTrials(Load(kSelfModel), trials, 5);
    CAPTURE(a.largest(), a.checked());
    CHECK(a.checked() > 100);
  }
  SECTION("starting states and certainties") {
    const Agreement a = CheckAgainstTrials(Load(kStartModel), trials, 99);
    CAPTURE(a.largest(), a.checked(), a.certain());
    CHECK(a.certain() > 20);  // `sure`'s figures, all 0 or 1, matched exactly
  }
  SECTION("with a condition at the horizon, initial states included") {
    const Agreement a = CheckAgainstTrials(Load(kSpecModel), trials, 3,
                                           "backing or (oil and not ever troops)");
    CAPTURE(a.largest(), a.checked());
    CHECK(a.checked() > 250);
  }
  SECTION("with a condition at the horizon, every figure joint with it") {
    const Agreement a =
        CheckAgainstTrials(Load(kResponsesModel), trials, 11, "burst or (ever lull and not spark)");
    CAPTURE(a.largest(), a.checked());
    CHECK(a.checked() > 250);
  }
}

TEST_CASE("Exact episodes: a condition at the horizon, by hand", "[exact_episodes]") {
  // The two-state chain of the first case, given `x` (active at the horizon): from active x
  // stays active with 1 − g(1 − h) (an end, then an onset in the same step), from inactive
  // begins with h. P(x at t and x at H) = x_t · T^(H − t)[on][on];
  // P(first onset at t and x at H) = (1 − h)^(t − 1)·h · T^(H − t)[on][on].
  const double h = 0.15, g = 0.3;
  const int horizon = 10;
  const Model m = Load("scenario: s\nhorizon: 10\nevents:\n  x:\n    hazard: 15%\n"
                       "    recurs: true\n    ends:\n      hazard: 30%\n");
  const ExactSolution s = Solve(m, "x");
  // stay[k] = P(on after k steps | on now).
  std::vector<double> stay(horizon + 1), x(horizon + 1, 0);
  double on = 1;
  for (int k = 0; k <= horizon; ++k) {
    stay[k] = on;
    on = on * (1 - g * (1 - h)) + (1 - on) * h;
  }
  for (int t = 1; t <= horizon; ++t) x[t] = x[t - 1] * (1 - g) + (1 - x[t - 1] * (1 - g)) * h;
  CheckClose(s.given_probability, x[horizon]);
  for (int t = 1; t <= horizon; ++t) {
    CAPTURE(t);
    CheckClose(s.active(0, t), x[t] * stay[horizon - t]);
    CheckClose(s.first(0, t), std::pow(1 - h, t - 1) * h * stay[horizon - t]);
  }
  // P(N = n and x at H) from the chain over (active, onsets), kept to the horizon.
  std::vector<std::vector<double>> chain(2, std::vector<double>(horizon + 2, 0));
  chain[0][0] = 1;
  for (int t = 1; t <= horizon; ++t) {
    std::vector<std::vector<double>> next(2, std::vector<double>(horizon + 2, 0));
    for (int n = 0; n <= horizon; ++n) {
      const double off = chain[0][n] + chain[1][n] * g;
      next[0][n] += off * (1 - h);
      next[1][n + 1] += off * h;
      next[1][n] += chain[1][n] * (1 - g);
    }
    chain = next;
  }
  const std::vector<double>& p = s.occurrences[0];
  CHECK(p[0] == 0);  // active at the horizon: it began at least once
  for (size_t n = 0; n < p.size(); ++n) CheckClose(p[n], chain[1][n]);
  // `ever x` is happened by the horizon: given it, P(x at t) is unconditioned's share.
  const ExactSolution ever = Solve(m, "ever x");
  CheckClose(ever.given_probability, 1 - std::pow(1 - h, horizon));
  for (int t = 1; t <= horizon; ++t) CheckClose(ever.active(0, t), x[t]);
}

TEST_CASE("Exact episodes: both mergings give the same figures", "[exact_episodes]") {
  const std::pair<const char*, const char*> cases[] = {
      {kSpecModel, ""}, {kResponsesModel, ""}, {kStartModel, ""},
      {kSelfModel, ""}, {kResponsesModel, "not spark or ever lull"},
      {kStartModel, "relief or memory"}};
  for (const auto& [yaml, given] : cases) {
    const Model m = Load(yaml);
    CAPTURE(given);
    ExactOptions step;
    step.merge = ExactOptions::Merge::kEachStep;
    const ExactSolution a = Solve(m, given);
    const ExactSolution b = Solve(m, given, step);
    CheckClose(a.given_probability, b.given_probability);
    for (int row = 0; row < a.num_rows(); ++row)
      for (int t = 0; t <= a.horizon(); ++t) {
        CAPTURE(row, t);
        CheckClose(a.first(row, t), b.first(row, t));
        if (t > 0) CheckClose(a.active(row, t), b.active(row, t));
      }
    for (int e = 0; e < a.num_events(); ++e) {
      REQUIRE(a.occurrences[e].size() == b.occurrences[e].size());
      for (size_t n = 0; n < a.occurrences[e].size(); ++n)
        CheckClose(a.occurrences[e][n], b.occurrences[e][n]);
    }
    CHECK(a.peak_states <= b.peak_states);
  }
}

TEST_CASE("Exact episodes: refusals", "[exact_episodes]") {
  const Model m = Load(kSpecModel);
  ExactOptions tiny;
  tiny.max_states = 3;
  CHECK_THROWS_AS(Solve(m, "", tiny), StateLimitError);
  CHECK(Solve(m).peak_states > 3);
}

}  // namespace
}  // namespace brink
