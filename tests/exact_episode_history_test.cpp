// The exact engine for version-2 models given a history (engine/exact_episodes.h,
// engine/exact_episode_filter.h): likelihoods and figures by hand (product formulas and a
// small chain) to 1e-12; the likelihood and every figure given the history against the
// one-trial reference (engine/episode_trial.h) within 5 standard errors, with fixed seeds,
// each trial's path checked against the history independently of the engine's filter;
// impossible histories; likelihood_only; a likelihood far below the smallest double; both
// mergings; observations read as the version-1 engine reads them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "brink/given.h"
#include "brink/history.h"
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

History Read(const Model& model, const std::string& text) {
  return LoadHistoryFromString(model, text, "h.yaml");
}

ExactSolution Solve(const Model& model, const History& history, const std::string& given = "",
                    ExactOptions options = {}) {
  options.history = &history;
  return test::SolveAtPoint(model, given, options);
}

// Whether a trial's path satisfies `history`, read straight from the spec: every observation
// (the first onset in its window, or none by as_of), and for every record the list of the
// event's occurrences up to as_of (the initial one first, each with the step whose endings
// phase ended it, or none) matched episode by episode.
bool Satisfies(const Plan& plan, const History& history, const EpisodePath& path) {
  for (const Observation& o : history.observations) {
    const int first = path.first[o.event];
    if (o.happened() ? first < o.lo || first > o.hi : first != 0 && first <= history.as_of)
      return false;
  }
  for (const EpisodeRecord& record : history.episodes) {
    const int e = record.event;
    struct Occurrence {
      int start;
      int end;  // 0: not ended by as_of
    };
    std::vector<Occurrence> seen;
    bool on = plan.initially[e] == InitialState::kActive;
    if (on) seen.push_back({0, 0});
    for (int t = 1; t <= history.as_of; ++t) {
      const bool onset = path.onset[static_cast<size_t>(t - 1) * plan.num_events + e] != 0;
      // An occurrence active at the end of t − 1 ended at t if e is inactive at the end of t,
      // or began again (an onset needs e inactive after the endings).
      if (on && (!path.Active(e, t) || onset)) seen.back().end = t;
      if (onset) seen.push_back({t, 0});
      on = path.Active(e, t);
    }
    if (seen.size() != record.episodes.size()) return false;
    for (size_t i = 0; i < seen.size(); ++i) {
      const Episode& episode = record.episodes[i];
      if (episode.initial() ? seen[i].start != 0
                            : seen[i].start < episode.start_lo || seen[i].start > episode.start_hi)
        return false;
      if (episode.end == Episode::End::kOngoing && seen[i].end != 0) return false;
      if (episode.end == Episode::End::kWindow &&
          (seen[i].end < episode.end_lo || seen[i].end > episode.end_hi))
        return false;
    }
  }
  return true;
}

// The figures of the reference trials that satisfy the history (and the condition), as
// fractions of those trials; `kept` of `trials` did.
struct Sampled {
  int trials = 0;
  int kept = 0;
  int horizon = 0;
  std::vector<double> active;  // row × (horizon + 1), column 0 unused
  std::vector<double> by;      // row × (horizon + 1): happened (reached) by t
  std::vector<std::vector<double>> occurrences;  // by event, P(N = n)

  double Active(int row, int t) const { return active[row * (horizon + 1) + t]; }
  double By(int row, int t) const { return by[row * (horizon + 1) + t]; }
};

Sampled Sample(const Plan& plan, const History& history, const Condition* given, int trials,
               uint64_t seed) {
  Sampled o;
  o.trials = trials;
  o.horizon = plan.horizon;
  const int rows = plan.num_events + plan.num_levels;
  const int columns = plan.horizon + 1;
  o.active.assign(static_cast<size_t>(rows) * columns, 0);
  o.by.assign(o.active.size(), 0);
  o.occurrences.assign(plan.num_events, std::vector<double>(plan.horizon + 1, 0));
  int initial_level = 0;
  for (int e = 0; e < plan.num_events; ++e)
    if (plan.initially[e] != InitialState::kNone)
      initial_level = std::max(initial_level, plan.level_of[e]);
  EpisodeTrial trial(plan, seed, 0);
  const int h = plan.horizon;
  for (int i = 0; i < trials; ++i) {
    const EpisodePath& path = trial.Run(i / 64, i % 64);
    if (!Satisfies(plan, history, path)) continue;
    if (given != nullptr && !given->Evaluate([&](int e) { return path.Active(e, h); },
                                             [&](int e) { return path.Happened(e); }, true))
      continue;
    ++o.kept;
    for (int e = 0; e < plan.num_events; ++e) {
      for (int t = 0; t <= h; ++t) {
        if (t > 0) o.active[e * columns + t] += path.Active(e, t);
        o.by[e * columns + t] += path.initial[e] != 0 || (path.first[e] != 0 && path.first[e] <= t);
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
  const double kept = std::max(o.kept, 1);
  for (double& x : o.active) x /= kept;
  for (double& x : o.by) x /= kept;
  for (auto& v : o.occurrences)
    for (double& x : v) x /= kept;
  return o;
}

// Exact probabilities against sampled fractions of n trials: within 5 binomial standard errors
// of the exact p, plus 1e-9 (an exact 0 or 1 must be matched exactly). Keeps the largest
// distance in standard errors.
class Agreement {
 public:
  void Check(double exact, double sampled, int n, const char* what, int row, int t) {
    const double se = std::sqrt(std::max(0.0, exact * (1 - exact)) / n);
    INFO(what << " row " << row << " step/count " << t << ": exact " << exact << ", sampled "
              << sampled << ", se " << se);
    CHECK(std::fabs(exact - sampled) <= 5 * se + 1e-9);
    if (se > 0) largest_ = std::max(largest_, std::fabs(exact - sampled) / se);
    ++checked_;
  }
  double largest() const { return largest_; }
  int checked() const { return checked_; }

 private:
  double largest_ = 0;
  int checked_ = 0;
};

struct Outcome {
  double likelihood = 0;  // exact: P(history [and condition])
  double distance = 0;    // the likelihood's, in standard errors
  double largest = 0;     // the largest distance of any figure given the history
  int checked = 0;
  int kept = 0;
};

// The likelihood (joint with the condition, when `given_text`) against the fraction of trials
// that satisfy the history, and every figure given it against those trials' fractions.
Outcome CheckAgainstTrials(const Model& model, const std::string& history_text, int trials,
                           uint64_t seed, const std::string& given_text = "") {
  const Plan plan = Compile(model, PointValues(model));
  const History history = Read(model, history_text);
  Condition given;
  if (!given_text.empty()) given = ParseGiven(model, given_text);
  ExactOptions options;
  options.history = &history;
  if (!given_text.empty()) options.given = &given;
  const ExactSolution exact = SolveExact(plan, options);
  const Sampled sampled =
      Sample(plan, history, given_text.empty() ? nullptr : &given, trials, seed);
  REQUIRE(exact.two_way());
  Outcome out;
  out.likelihood = exact.GivenProbability();
  out.kept = sampled.kept;
  const double fraction = static_cast<double>(sampled.kept) / trials;
  Agreement joint;
  joint.Check(out.likelihood, fraction, trials, "likelihood", -1, 0);
  out.distance = joint.largest();
  REQUIRE(sampled.kept > 1000);
  const double z = exact.given_probability;  // figures / z: given the history
  Agreement agree;
  for (int row = 0; row < exact.num_rows(); ++row)
    for (int t = 0; t <= plan.horizon; ++t) {
      agree.Check(By(exact, row, t) / z, sampled.By(row, t), sampled.kept, "by", row, t);
      if (t > 0)
        agree.Check(exact.active(row, t) / z, sampled.Active(row, t), sampled.kept, "active",
                    row, t);
    }
  for (int e = 0; e < plan.num_events; ++e) {
    const std::vector<double>& p = exact.occurrences[e];
    double sum = 0;
    for (size_t n = 0; n < sampled.occurrences[e].size(); ++n) {
      const double want = n < p.size() ? p[n] / z : 0.0;
      sum += want;
      agree.Check(want, sampled.occurrences[e][n], sampled.kept, "occurrences", e,
                  static_cast<int>(n));
    }
    CheckClose(sum, 1);
  }
  out.largest = agree.largest();
  out.checked = agree.checked();
  // likelihood_only: the same likelihood, bit for bit (the same forward pass to as_of).
  ExactOptions alone;
  alone.history = &history;
  alone.likelihood_only = true;
  const ExactSolution only = SolveExact(plan, alone);
  if (given_text.empty()) {
    CHECK(only.given_probability == exact.given_probability);
    CHECK(only.given_exponent == exact.given_exponent);
  }
  return out;
}

// A recurring trigger with an end hazard, a recurring response with a delay and a `lasts`
// range, a trigger reading `ever`, an event initially active that recurs.
const char* const kChainModel =
    "scenario: s\nhorizon: 12\nlevels: [calm, low, high]\nevents:\n"
    "  x:\n    hazard: 30%\n    recurs: true\n    level: low\n    ends:\n      hazard: 40%\n"
    "  y:\n    after: x\n    p: 50%\n    delay: [0, 1]\n    recurs: true\n    level: high\n"
    "    ends:\n      lasts: [1, 2]\n"
    "  z:\n    hazard: [{when: ever y, p: 20%}, {else: 5%}]\n"
    "  w:\n    hazard: 15%\n    initially: active\n    recurs: true\n"
    "    ends:\n      hazard: 25%\n";

// The spec's example (as in exact_episodes_test.cpp): `lasts` ranges, an end hazard with
// `while`, a decided end with `after` and a delay range, an event initially active and one
// initially ended.
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

// Initially active `lasts` ranges, an initially active response, decided ends with delays.
const char* const kStartModel =
    "scenario: s\nhorizon: 10\nlevels: [calm, low, high]\nevents:\n"
    "  siege:\n    hazard: 30%\n    while: not ever relief\n    initially: active\n"
    "    recurs: true\n    level: high\n    ends:\n      lasts: [2, 5]\n"
    "  post:\n    after: siege\n    p: 70%\n    initially: active\n    recurs: true\n"
    "    ends:\n      lasts: 1\n"
    "  relief:\n    after: not siege\n    p: 50%\n    delay: [1, 3]\n    level: low\n"
    "    ends:\n      hazard: [{when: siege, p: 60%}, {else: 10%}]\n"
    "  memory:\n    hazard: [{when: ever memory and relief, p: 40%}, {else: 0%}]\n"
    "    initially: ended\n    recurs: true\n"
    "    ends:\n      after: not relief\n      p: 50%\n      delay: [0, 2]\n";

TEST_CASE("Exact episode history: an initially active event's end, by hand",
          "[exact_episodes]") {
  // Active in S(0), not recurring; each step's endings end it with g. Ended at step k:
  // (1 − g)^(k − 1)·g; still active at as_of: (1 − g)^as_of.
  const double g = 0.2;
  const Model m = Load("scenario: s\nhorizon: 8\nevents:\n  x:\n    hazard: 10%\n"
                       "    initially: active\n    ends:\n      hazard: 20%\n");
  const std::string head = "as_of: 5\nepisodes:\n  x:\n    - start: initial\n";
  const ExactSolution at3 = Solve(m, Read(m, head + "      end: 3\n"));
  CheckClose(at3.given_probability, (1 - g) * (1 - g) * g);
  CHECK(at3.given_exponent == 0);
  CheckClose(at3.first(0, 0), at3.given_probability);  // it happened before step 1
  for (int t = 1; t <= 8; ++t) {
    CAPTURE(t);
    CheckClose(at3.active(0, t) / at3.given_probability, t < 3 ? 1 : 0);
  }
  REQUIRE(at3.occurrences[0].size() == 1);  // no onset in 1..horizon
  const ExactSolution window = Solve(m, Read(m, head + "      end: [2, 4]\n"));
  CheckClose(window.given_probability,
             (1 - g) * g + std::pow(1 - g, 2) * g + std::pow(1 - g, 3) * g);
  // P(active at 3 | ended in 2..4) = P(ended at 4) / the likelihood.
  CheckClose(window.active(0, 3) / window.given_probability,
             std::pow(1 - g, 3) * g / window.given_probability);
  const ExactSolution ongoing = Solve(m, Read(m, "as_of: 5\nepisodes:\n  x:\n"
                                                 "    - start: initial\n"));
  CheckClose(ongoing.given_probability, std::pow(1 - g, 5));
  CheckClose(ongoing.active(0, 7) / ongoing.given_probability, std::pow(1 - g, 2));
  const ExactSolution unknown = Solve(m, Read(m, head + "      end: unknown\n"));
  CheckClose(unknown.given_probability, 1);
  for (int t = 1; t <= 8; ++t) CheckClose(unknown.active(0, t), std::pow(1 - g, t));
}

TEST_CASE("Exact episode history: a recurring trigger's start, end and start again, by hand",
          "[exact_episodes]") {
  // Onset with h while inactive, end with g in each later step's endings: the record fixes
  // every step's branch, so the likelihood is a product; an end and an onset may share a step.
  const double h = 0.2, g = 0.3;
  const int horizon = 10;
  const Model m = Load("scenario: s\nhorizon: 10\nevents:\n  x:\n    hazard: 20%\n"
                       "    recurs: true\n    ends:\n      hazard: 30%\n");
  const std::string head =
      "as_of: 6\nepisodes:\n  x:\n    - start: 2\n      end: 4\n";
  const ExactSolution exact = Solve(m, Read(m, head + "    - start: 5\n"));
  CheckClose(exact.given_probability, (1 - h) * h * (1 - g) * g * (1 - h) * h * (1 - g));
  // Begun again at 4 (in the step that ended it) or at 5.
  const double at4 = h * (1 - g) * (1 - g), at5 = (1 - h) * h * (1 - g);
  const History history = Read(m, head + "    - start: [4, 5]\n");
  const ExactSolution s = Solve(m, history);
  const double z = (1 - h) * h * (1 - g) * g * (at4 + at5);
  CheckClose(s.given_probability, z);
  CheckClose(s.first(0, 2), z);  // the first onset is at 2, surely
  const double smoothed[] = {0, 0, 1, 1, at4 / (at4 + at5), 1, 1};
  for (int t = 1; t <= 6; ++t) {
    CAPTURE(t);
    CheckClose(s.active(0, t) / z, smoothed[t]);
  }
  // After as_of: from active at 6, stay[k] = P(active k steps later | active now); the
  // onsets from a chain over (active, onsets) started at (active, 2).
  std::vector<double> stay(horizon + 1);
  double on = 1;
  for (int k = 0; k <= horizon; ++k) {
    stay[k] = on;
    on = on * (1 - g * (1 - h)) + (1 - on) * h;
  }
  for (int t = 7; t <= horizon; ++t) CheckClose(s.active(0, t) / z, stay[t - 6]);
  std::vector<std::vector<double>> chain(2, std::vector<double>(horizon + 2, 0));
  chain[1][2] = 1;
  for (int t = 7; t <= horizon; ++t) {
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
  for (size_t n = 0; n < p.size(); ++n) {
    CAPTURE(n);
    CheckClose(p[n] / z, chain[0][n] + chain[1][n]);
  }
  // With a condition at the horizon as well: active at 10, from active at 6.
  const ExactSolution both = Solve(m, history, "x");
  CheckClose(both.given_probability, z * stay[4]);
  CheckClose(both.first(0, 2), both.given_probability);
  CheckClose(both.active(0, 4) / both.given_probability, at4 / (at4 + at5));
  CheckClose(both.active(0, 8) / both.given_probability, stay[2] * stay[2] / stay[4]);
}

TEST_CASE("Exact episode history: an onset by T with an unknown end, by a small chain",
          "[exact_episodes]") {
  // Exactly one onset in 1..5, at a step in 1..3, then none: after the onset at s the chain
  // (active, inactive) with onsets forbidden runs to step 5.
  const double h = 0.2, g = 0.3;
  const Model m = Load("scenario: s\nhorizon: 8\nevents:\n  x:\n    hazard: 20%\n"
                       "    recurs: true\n    ends:\n      hazard: 30%\n");
  const ExactSolution s = Solve(
      m, Read(m, "as_of: 5\nepisodes:\n  x:\n    - start: by 3\n      end: unknown\n"));
  auto quiet = [&](int k) {  // P(no onset in the next k steps | active now)
    double on = 1, off = 0;
    for (int i = 0; i < k; ++i) {
      off = (off + on * g) * (1 - h);
      on *= 1 - g;
    }
    return on + off;
  };
  double z = 0;
  std::vector<double> active(6, 0);  // P(active at t and the history)
  for (int start = 1; start <= 3; ++start) {
    const double begin = std::pow(1 - h, start - 1) * h;
    CheckClose(s.first(0, start), begin * quiet(5 - start));
    z += begin * quiet(5 - start);
    for (int t = start; t <= 5; ++t) active[t] += begin * std::pow(1 - g, t - start) * quiet(5 - t);
  }
  CheckClose(s.given_probability, z);
  for (int t = 1; t <= 5; ++t) CheckClose(s.active(0, t), active[t]);
  CHECK(s.first(0, 4) == 0);
  CHECK(s.first(0, 5) == 0);
}

TEST_CASE("Exact episode history: impossible histories have likelihood 0",
          "[exact_episodes]") {
  // `lasts: 3` from an onset at 2 ends at 5, not 4 (nor 6); y follows x, which never began.
  // (An initially active event's `[]`, and an episode of an initially ended event that does
  // not recur, are located errors of the history: tests/episodes_test.cpp.)
  const Model m = Load(
      "scenario: s\nhorizon: 8\nevents:\n"
      "  x:\n    hazard: 20%\n    ends:\n      lasts: 3\n"
      "  y:\n    after: x\n    p: 50%\n"
      "  gone:\n    hazard: 30%\n    initially: ended\n    ends:\n      hazard: 10%\n"
      "  here:\n    hazard: 30%\n    initially: active\n    ends:\n      hazard: 10%\n");
  const double h = 0.2;
  const std::string x = "as_of: 6\nepisodes:\n  x:\n    - start: 2\n      end: ";
  CheckClose(Solve(m, Read(m, x + "5\n")).given_probability, (1 - h) * h);
  const char* const impossible[] = {
      "as_of: 6\nepisodes:\n  x:\n    - start: 2\n      end: 4\n",
      "as_of: 6\nepisodes:\n  x:\n    - start: 2\n      end: [6, 6]\n",
      "as_of: 6\nhappened:\n  y: 4\nepisodes:\n  x: []\n",
  };
  for (const char* text : impossible) {
    CAPTURE(text);
    const History history = Read(m, text);
    const ExactSolution s = Solve(m, history);
    CHECK(s.given_probability == 0);
    CHECK(s.GivenProbability() == 0);
    CHECK(std::isinf(s.LogGivenProbability()));
    for (int row = 0; row < s.num_rows(); ++row)
      for (int t = 0; t <= s.horizon(); ++t) {
        CHECK(s.first(row, t) == 0);
        if (t > 0) CHECK(s.active(row, t) == 0);
      }
    for (const std::vector<double>& o : s.occurrences)
      for (double p : o) CHECK(p == 0);
    ExactOptions alone;
    alone.likelihood_only = true;
    CHECK(Solve(m, history, "", alone).given_probability == 0);
  }
}

TEST_CASE("Exact episode history: a likelihood far below the smallest double",
          "[exact_episodes]") {
  // x begins with 0.1% and lasts one step; the record has it begin at 1, 3, .., 299 (ended at
  // 2, 4, .., 300), so each pair of steps has chance 0.001 · 0.999: the likelihood is about
  // 10^-450. Its logarithm, and the figures given it, come out through given_exponent.
  const double h = 0.001;
  const Model m = Load("scenario: s\nhorizon: 310\nevents:\n  x:\n    hazard: 0.1%\n"
                       "    recurs: true\n    ends:\n      lasts: 1\n");
  std::string text = "as_of: 300\nepisodes:\n  x:\n";
  for (int t = 1; t < 300; t += 2)
    text += "    - start: " + std::to_string(t) + "\n      end: " + std::to_string(t + 1) + "\n";
  const History history = Read(m, text);
  const ExactSolution s = Solve(m, history);
  const double want = 150 * std::log(h * (1 - h));
  INFO("log likelihood " << s.LogGivenProbability() << ", want " << want);
  CHECK(std::fabs(s.LogGivenProbability() - want) <= 1e-9 * std::fabs(want));
  CHECK(s.given_exponent > 1000);
  CHECK(s.GivenProbability() == 0);  // it is there only as given_probability · 2^-exponent
  const double z = s.given_probability;
  CHECK(std::isfinite(z));
  CheckClose(s.active(0, 299) / z, 1);
  CheckClose(s.active(0, 300) / z, 0);
  CheckClose(s.active(0, 301) / z, h);
  CheckClose(s.first(0, 1) / z, 1);
  CheckClose(s.occurrences[0][150] / z, std::pow(1 - h, 10));
  ExactOptions alone;
  alone.likelihood_only = true;
  const ExactSolution only = Solve(m, history, "", alone);
  CHECK(only.given_probability == s.given_probability);
  CHECK(only.given_exponent == s.given_exponent);
  // With a condition at the horizon too: x active at 310, an onset there.
  const ExactSolution both = Solve(m, history, "x");
  CheckClose(both.given_probability / z * std::ldexp(1.0, s.given_exponent - both.given_exponent),
             h);
  CheckClose(both.first(0, 1) / both.given_probability, 1);
}

TEST_CASE("Exact episode history: observations read as the version-1 engine reads them",
          "[exact_episodes]") {
  const std::string v1 =
      "scenario: s\nhorizon: 12\nlevels: [calm, low, high]\nevents:\n"
      "  a:\n    hazard: 8%\n    level: low\n"
      "  b:\n    after: a\n    p: 60%\n    delay: [0, 3]\n"
      "  c:\n    hazard: [{when: b, p: 30%}, {else: 2%}]\n    level: high\n"
      "  d:\n    after: c and not a\n    p: 50%\n";
  const Model one = Load(v1);
  const Model two = Load(v1 + "  past:\n    hazard: 1%\n    initially: ended\n");
  const std::string text =
      "as_of: 7\nhappened:\n  a: [2, 4]\n  c: by 7\nnot_happened: [d]\n";
  const ExactSolution s1 = Solve(one, Read(one, text));
  const ExactSolution s2 = Solve(two, Read(two, text));
  REQUIRE(s2.two_way());
  CheckClose(s2.GivenProbability(), s1.GivenProbability());
  for (int t = 1; t <= 12; ++t)
    for (int e = 0; e < 4; ++e) {
      CAPTURE(e, t);
      CheckClose(s2.first(e, t) / s2.given_probability, s1.first(e, t) / s1.given_probability);
      CheckClose(s2.active(e, t) / s2.given_probability, By(s1, e, t) / s1.given_probability);
    }
}

TEST_CASE("Exact episode history: the likelihood and every figure given it, against the "
          "reference trials within 5 standard errors",
          "[exact_episodes][slow]") {
  const int trials = 200000;
  SECTION("windows, by T, an unknown end, an initial episode, an ongoing last one, happened") {
    const Outcome o = CheckAgainstTrials(
        Load(kChainModel),
        "as_of: 7\nhappened:\n  z: by 7\nepisodes:\n"
        "  x:\n    - start: [1, 3]\n      end: [2, 5]\n    - start: by 7\n      end: unknown\n"
        "  w:\n    - start: initial\n      end: [1, 4]\n    - start: [2, 7]\n",
        trials, 101);
    CAPTURE(o.likelihood, o.distance, o.kept, o.largest);
    CHECK(o.checked > 150);
  }
  SECTION("[] and not_happened, an initial episode still going on") {
    const Outcome o = CheckAgainstTrials(
        Load(kChainModel),
        "as_of: 6\nnot_happened: [z]\nepisodes:\n  y: []\n"
        "  x:\n    - start: [1, 3]\n      end: unknown\n  w:\n    - start: initial\n",
        trials, 202);
    CAPTURE(o.likelihood, o.distance, o.kept, o.largest);
    CHECK(o.checked > 150);
  }
  SECTION("lasts ranges, an end hazard with while, initially ended, an event that ends not "
          "happened") {
    const Outcome o = CheckAgainstTrials(
        Load(kSpecModel),
        "as_of: 8\nnot_happened: [backing]\nepisodes:\n"
        "  offensive:\n    - start: [1, 4]\n      end: [3, 8]\n    - start: by 8\n"
        "  troops:\n    - start: by 8\n      end: unknown\n"
        "  oil:\n    - start: initial\n      end: [1, 4]\n    - start: [2, 8]\n"
        "      end: unknown\n"
        "  old: []\n",
        trials, 303);
    CAPTURE(o.likelihood, o.distance, o.kept, o.largest);
    CHECK(o.checked > 150);
  }
  SECTION("initial lasts ranges, an initially active response, delays") {
    const Outcome o = CheckAgainstTrials(
        Load(kStartModel),
        "as_of: 6\nepisodes:\n"
        "  siege:\n    - start: initial\n      end: [3, 4]\n    - start: [4, 6]\n"
        "      end: unknown\n"
        "  post:\n    - start: initial\n      end: 1\n"
        "  memory: []\n",
        trials, 404);
    CAPTURE(o.likelihood, o.distance, o.kept, o.largest);
    CHECK(o.checked > 150);
  }
  SECTION("with a condition at the horizon, every figure joint with both") {
    const Outcome o = CheckAgainstTrials(
        Load(kChainModel),
        "as_of: 7\nhappened:\n  z: by 7\nepisodes:\n"
        "  x:\n    - start: [1, 3]\n      end: [2, 5]\n    - start: by 7\n      end: unknown\n"
        "  w:\n    - start: initial\n      end: [1, 4]\n    - start: [2, 7]\n",
        trials, 505, "y or not w");
    CAPTURE(o.likelihood, o.distance, o.kept, o.largest);
    CHECK(o.checked > 150);
  }
}

TEST_CASE("Exact episode history: both mergings give the same figures", "[exact_episodes]") {
  const Model m = Load(kSpecModel);
  const History history = Read(
      m, "as_of: 8\nepisodes:\n"
         "  offensive:\n    - start: [1, 3]\n      end: [4, 7]\n    - start: by 8\n"
         "  oil:\n    - start: initial\n      end: 3\n    - start: [4, 6]\n      end: unknown\n");
  for (const std::string given : {"", "backing or not oil"}) {
    CAPTURE(given);
    ExactOptions step;
    step.merge = ExactOptions::Merge::kEachStep;
    const ExactSolution a = Solve(m, history, given);
    const ExactSolution b = Solve(m, history, given, step);
    CheckClose(a.given_probability, b.given_probability);
    CHECK(a.given_exponent == b.given_exponent);
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
  }
}

}  // namespace
}  // namespace brink
