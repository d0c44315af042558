// The brute-force enumeration of version-2 paths (tests/episode_enumeration.h): against
// closed forms to 1e-12, which checks the enumerator itself; then against the reference
// engine's trial (engine/episode_trial.h) on generated models, conditions and histories
// (tests/episode_cases.h), every figure within 5 binomial standard errors with a fixed seed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "brink/given.h"
#include "brink/load.h"
#include "engine/episode_trial.h"
#include "episode_cases.h"
#include "episode_enumeration.h"
#include "model/condition_eval.h"
#include "plan/plan.h"

namespace brink {
namespace {

constexpr double kTight = 1e-12;
constexpr int kTrials = 80000;
constexpr uint64_t kSeed = 20240619;

Model Load(const std::string& yaml) { return LoadModelFromString(yaml, "m.yaml"); }

ExactSolution Enumerate(const std::string& yaml, const std::string& given = "") {
  const Model m = Load(yaml);
  const Plan plan = Compile(m, PointValues(m));
  if (given.empty()) return test::EnumerateEpisodePaths(plan, nullptr);
  const Condition g = ParseGiven(m, given);
  return test::EnumerateEpisodePaths(plan, &g);
}

double Mean(const std::vector<double>& dist) {
  double mean = 0;
  for (size_t n = 0; n < dist.size(); ++n) mean += static_cast<double>(n) * dist[n];
  return mean;
}

// A trial's record rebuilt from the reference engine's path: an occurrence begins at each
// onset and ends at the first later step at whose end the event is inactive or that has a new
// onset (an end and an onset in one step). *consistent is cleared when the path's bits cannot
// come from occurrences (active without an onset, an onset not active at its step's end).
test::TrialRecord FromPath(const EpisodePath& path, const Plan& plan, bool* consistent) {
  test::TrialRecord r;
  r.horizon = path.horizon;
  r.initial.assign(path.initial.begin(), path.initial.end());
  r.occurrences.assign(path.num_events, {});
  for (int e = 0; e < path.num_events; ++e) {
    bool open = plan.initially[e] == InitialState::kActive;
    if (open) r.occurrences[e].push_back({0, 0});
    for (int t = 1; t <= path.horizon; ++t) {
      const bool now = path.Active(e, t);
      const bool onset = path.onset[static_cast<size_t>(t - 1) * path.num_events + e] != 0;
      if (open && (!now || onset)) {
        r.occurrences[e].back().end = t;
        open = false;
      }
      if (onset) {
        r.occurrences[e].push_back({t, 0});
        open = true;
      }
      if (open != now) *consistent = false;
    }
    if (r.Onsets(e) != path.onsets[e]) *consistent = false;
  }
  return r;
}

// The reference engine's counts over `trials` trials (trial i: block i / 64, lane i % 64),
// of the trials that satisfy `history` and `given` (when not null).
struct Counts {
  uint64_t trials = 0;
  uint64_t counted = 0;
  int horizon = 0;
  std::vector<uint64_t> first;   // by row and t in 0..horizon: happened first at t
  std::vector<uint64_t> active;  // by row and t in 1..horizon: active (a level: at >= k)
  std::vector<std::vector<uint64_t>> onsets;  // by event and n: n onsets in 1..horizon
  std::vector<std::vector<uint64_t>> ends;    // by event and n: n ends in 1..horizon
  bool consistent = true;        // every path's onset flags agree with its active bits
  uint64_t First(int row, int t) const { return first[row * (horizon + 1) + t]; }
  uint64_t Active(int row, int t) const { return active[row * (horizon + 1) + t]; }
};

Counts Simulate(const Plan& plan, const Condition* given, const History* history,
                uint64_t seed, int trials) {
  const int h = plan.horizon, n = plan.num_events, rows = n + plan.num_levels;
  Counts c;
  c.horizon = h;
  c.first.assign(static_cast<size_t>(rows) * (h + 1), 0);
  c.active.assign(static_cast<size_t>(rows) * (h + 1), 0);
  c.onsets.assign(n, std::vector<uint64_t>(h + 1, 0));
  c.ends.assign(n, std::vector<uint64_t>(h + 1, 0));
  EpisodeTrial trial(plan, seed, 0);
  for (int i = 0; i < trials; ++i) {
    const EpisodePath& p = trial.Run(static_cast<uint64_t>(i / 64), i % 64);
    ++c.trials;
    if (history != nullptr &&
        !test::SatisfiesHistory(FromPath(p, plan, &c.consistent), *history))
      continue;
    if (given != nullptr && !given->Evaluate([&](int e) { return p.Active(e, h); },
                                             [&](int e) { return p.Happened(e); }, true))
      continue;
    ++c.counted;
    int initial_level = 0;
    for (int e = 0; e < n; ++e) {
      if (p.initial[e]) {
        initial_level = std::max(initial_level, plan.level_of[e]);
        ++c.first[e * (h + 1)];
      } else if (p.first[e] != 0) {
        ++c.first[e * (h + 1) + p.first[e]];
      }
      for (int t = 1; t <= h; ++t) c.active[e * (h + 1) + t] += p.Active(e, t);
      ++c.onsets[e][p.onsets[e]];
      ++c.ends[e][p.ends[e]];
    }
    for (int k = 1; k <= plan.num_levels; ++k) {
      const int row = n + k - 1;
      int reached = k <= initial_level ? 0 : -1;
      for (int t = 1; t <= h; ++t) {
        if (reached < 0 && p.level_reached[t - 1] >= k) reached = t;
        c.active[row * (h + 1) + t] += p.level_at[t - 1] >= k;
      }
      if (reached >= 0) ++c.first[row * (h + 1) + reached];
    }
  }
  return c;
}

// The largest |difference| / standard error seen, and the checks made.
struct Agreement {
  double worst = 0;
  std::string where;
  uint64_t checks = 0;
  uint64_t failures = 0;
};

// The fraction k / n within 5 binomial standard errors of `want` (exactly, when `want` is 0
// or 1).
void Check(double want, uint64_t k, uint64_t n, const std::string& what, Agreement* a) {
  ++a->checks;
  want = std::clamp(want, 0.0, 1.0);
  const double got = n == 0 ? 0 : static_cast<double>(k) / static_cast<double>(n);
  const double se = std::sqrt(want * (1 - want) / static_cast<double>(n));
  const double diff = std::fabs(got - want);
  if (se > 0 && diff / se > a->worst) {
    a->worst = diff / se;
    a->where = what;
  }
  if (diff <= 5 * se + 1e-9) return;
  ++a->failures;
  FAIL_CHECK(what << ": enumeration " << want << ", reference " << got << " (" << k << " of "
                  << n << "), " << diff / se << " standard errors");
}

void Compare(const ExactSolution& exact, const Counts& mc, const Plan& plan, Agreement* a) {
  const double g = exact.given_probability;
  Check(g, mc.counted, mc.trials, "P(given and history)", a);
  if (g == 0 || mc.counted == 0) return;
  const uint64_t n = mc.counted;
  for (int row = 0; row < exact.num_rows(); ++row) {
    double first = 0;
    uint64_t seen = 0;
    for (int t = 0; t <= plan.horizon; ++t) {
      first += exact.first(row, t);
      seen += mc.First(row, t);
      Check(first / g, seen, n, "row " + std::to_string(row) + " first by " + std::to_string(t),
            a);
      if (t >= 1)
        Check(exact.active(row, t) / g, mc.Active(row, t), n,
              "row " + std::to_string(row) + " active at " + std::to_string(t), a);
    }
  }
  for (int e = 0; e < plan.num_events; ++e) {
    const std::vector<double>& dist = exact.occurrences[e];
    for (size_t k = 0; k < mc.onsets[e].size() || k < dist.size(); ++k)
      Check(k < dist.size() ? dist[k] / g : 0, k < mc.onsets[e].size() ? mc.onsets[e][k] : 0, n,
            "event " + std::to_string(e) + " onsets = " + std::to_string(k), a);
    const std::vector<double>& ends = exact.ends[e];
    for (size_t k = 0; k < mc.ends[e].size() || k < ends.size(); ++k)
      Check(k < ends.size() ? ends[k] / g : 0, k < mc.ends[e].size() ? mc.ends[e][k] : 0, n,
            "event " + std::to_string(e) + " ends = " + std::to_string(k), a);
  }
}

TEST_CASE("Episode paths: a recurring trigger with an end hazard is a two-state chain",
          "[episode_paths]") {
  const double a = 0.3, b = 0.4;
  const ExactSolution s = Enumerate(
      "scenario: s\nhorizon: 5\nevents:\n  x:\n    hazard: 30%\n    recurs: true\n"
      "    ends:\n      hazard: 40%\n");
  // Ended (b) or inactive: it may begin again in the same step (a).
  double x = 0, onsets = 0;
  for (int t = 1; t <= 5; ++t) {
    const double free = 1 - x * (1 - b);
    onsets += free * a;
    x = x * (1 - b) + free * a;
    CHECK(s.active(0, t) == Approx(x).epsilon(0).margin(kTight));
  }
  CHECK(s.first(0, 0) == 0);
  CHECK(s.first(0, 1) == Approx(a).epsilon(0).margin(kTight));
  CHECK(s.first(0, 5) == Approx(a * std::pow(1 - a, 4)).epsilon(0).margin(kTight));
  CHECK(Mean(s.occurrences[0]) == Approx(onsets).epsilon(0).margin(kTight));
  CHECK(s.occurrences[0].size() == 6);
  CHECK(s.occurrences[0][5] == Approx(std::pow(a, 5) * std::pow(b, 4)).epsilon(0).margin(kTight));
  CHECK(s.given_probability == 1);
}

TEST_CASE("Episode paths: `lasts` d keeps an occurrence active for d steps", "[episode_paths]") {
  const double a = 0.25;
  for (const char* lasts : {"2", "[1, 3]"}) {
    CAPTURE(lasts);
    const bool ranged = std::string(lasts) != "2";
    const ExactSolution s = Enumerate(
        std::string("scenario: s\nhorizon: 5\nlevels: [calm, tense]\nevents:\n  x:\n"
                    "    hazard: 25%\n    level: 1\n    ends:\n      lasts: ") + lasts + "\n");
    for (int t = 1; t <= 5; ++t) {
      // Onset at s, duration L: active at the end of t when t - s < L.
      double want = 0;
      for (int start = 1; start <= t; ++start) {
        const int k = t - start;
        const double longer = ranged ? std::max(0, 3 - k) / 3.0 : (k < 2 ? 1.0 : 0.0);
        want += a * std::pow(1 - a, start - 1) * longer;
      }
      CHECK(s.active(0, t) == Approx(want).epsilon(0).margin(kTight));
      CHECK(s.active(1, t) == Approx(want).epsilon(0).margin(kTight));  // level at t >= 1
      CHECK(s.first(1, t) == Approx(a * std::pow(1 - a, t - 1)).epsilon(0).margin(kTight));
    }
    CHECK(s.occurrences[0].size() == 2);  // without `recurs`, at most one
  }
}

TEST_CASE("Episode paths: initially active, ended by a hazard, (1 - g)^t", "[episode_paths]") {
  const double g = 0.15;
  const ExactSolution s = Enumerate(
      "scenario: s\nhorizon: 5\nlevels: [calm, tense, war]\nevents:\n  x:\n    hazard: 50%\n"
      "    level: 2\n    initially: active\n    ends:\n      hazard: 15%\n");
  for (int t = 1; t <= 5; ++t) {
    CHECK(s.active(0, t) == Approx(std::pow(1 - g, t)).epsilon(0).margin(kTight));
    CHECK(s.active(2, t) == Approx(std::pow(1 - g, t)).epsilon(0).margin(kTight));
    for (int row = 0; row < 3; ++row) CHECK(s.first(row, t) == 0);
  }
  for (int row = 0; row < 3; ++row) CHECK(s.first(row, 0) == Approx(1).epsilon(0).margin(kTight));
  REQUIRE(s.occurrences[0].size() == 1);  // it never begins again
  CHECK(s.occurrences[0][0] == Approx(1).epsilon(0).margin(kTight));
  CHECK(s.peak_states == 6);  // ends at 1..5, or never
}

TEST_CASE("Episode paths: an end decided once, at step 1, with a delay", "[episode_paths]") {
  const double q = 0.6;
  const ExactSolution s = Enumerate(
      "scenario: s\nhorizon: 5\nevents:\n  x:\n    hazard: 50%\n    initially: active\n"
      "    ends:\n      p: 60%\n      delay: [0, 2]\n");
  for (int t = 1; t <= 5; ++t)
    CHECK(s.active(0, t) == Approx(1 - q * std::min(t, 3) / 3.0).epsilon(0).margin(kTight));
  // `initially: ended`, and a condition at the horizon on it.
  const ExactSolution e = Enumerate(
      "scenario: s\nhorizon: 3\nevents:\n  x:\n    hazard: 50%\n    initially: ended\n"
      "    recurs: true\n    ends:\n      lasts: 1\n",
      "ever x and not x");
  // Every step free again: active at 3 with probability 1/2.
  CHECK(e.given_probability == Approx(0.5).epsilon(0).margin(kTight));
  CHECK(e.first(0, 0) == Approx(0.5).epsilon(0).margin(kTight));
  // Onsets at steps 1 and 2 (one half each), none at 3.
  CHECK(Mean(e.occurrences[0]) == Approx(0.5 * 1.0).epsilon(0).margin(kTight));
}

TEST_CASE("Episode paths: `ever` on itself, and a spell that restarts within one step",
          "[episode_paths]") {
  const double a = 0.2, b = 0.7;
  const ExactSolution s = Enumerate(
      "scenario: s\nhorizon: 5\nevents:\n  x:\n    hazard: [{when: ever x, p: 70%}, {else: 20%}]\n"
      "    recurs: true\n    ends:\n      lasts: 1\n");
  // Each occurrence lasts one step, so x is free at every evaluation: an onset at t with b once
  // it has happened, a before.
  for (int t = 1; t <= 5; ++t) {
    const double happened = 1 - std::pow(1 - a, t - 1);
    CHECK(s.active(0, t) == Approx(a * (1 - happened) + b * happened).epsilon(0).margin(kTight));
  }
  // x ends and begins again every step; y follows each new spell of x, decided afresh.
  const ExactSolution r = Enumerate(
      "scenario: s\nhorizon: 4\nevents:\n  x:\n    hazard: 1\n    recurs: true\n"
      "    ends:\n      lasts: 1\n  y:\n    after: x\n    p: 50%\n    recurs: true\n"
      "    ends:\n      lasts: 1\n");
  for (int t = 1; t <= 4; ++t) {
    CHECK(r.active(0, t) == 1);
    CHECK(r.active(1, t) == Approx(0.5).epsilon(0).margin(kTight));
  }
  REQUIRE(r.occurrences[1].size() == 5);
  for (int n = 0; n <= 4; ++n) {
    const double choose = n == 0 || n == 4 ? 1 : n == 2 ? 6 : 4;
    CHECK(r.occurrences[1][n] == Approx(choose / 16).epsilon(0).margin(kTight));
  }
  CHECK(r.occurrences[0].size() == 5);
  CHECK(r.occurrences[0][4] == 1);
}

// x ends and begins again at every step (a new spell of y's `after` each step).
constexpr const char* kPulse =
    "  x:\n    hazard: 1\n    recurs: true\n    ends:\n      lasts: 1\n";

TEST_CASE("Episode paths: a success past the horizon is lost; a response due waits",
          "[episode_paths]") {
  // Decided at 1 with delay 0, 1 or 2: the last is past horizon 2, lost, and y is decided
  // again in x's next spell (as is y after its occurrence from step 1 has ended); due at 2,
  // it is active then and waits.
  const ExactSolution lost = Enumerate(
      std::string("scenario: s\nhorizon: 2\nevents:\n") + kPulse +
      "  y:\n    after: x\n    p: 1\n    delay: [0, 2]\n    recurs: true\n"
      "    ends:\n      lasts: 1\n");
  CHECK(lost.active(1, 1) == Approx(1.0 / 3).epsilon(0).margin(kTight));
  CHECK(lost.active(1, 2) == Approx(5.0 / 9).epsilon(0).margin(kTight));
  REQUIRE(lost.occurrences[1].size() == 3);
  CHECK(lost.occurrences[1][0] == Approx(2.0 / 9).epsilon(0).margin(kTight));
  CHECK(lost.occurrences[1][1] == Approx(6.0 / 9).epsilon(0).margin(kTight));
  CHECK(lost.occurrences[1][2] == Approx(1.0 / 9).epsilon(0).margin(kTight));
  // Decided at 1, due at 3: re-armed at 2 but due, so not decided again; begins at 3; decided
  // again at 4 (after its end), due at 6, past the horizon.
  const ExactSolution due = Enumerate(
      std::string("scenario: s\nhorizon: 4\nevents:\n") + kPulse +
      "  y:\n    after: x\n    p: 1\n    delay: 2\n    recurs: true\n    ends:\n      lasts: 1\n");
  for (int t = 1; t <= 4; ++t) CHECK(due.active(1, t) == (t == 3 ? 1 : 0));
  CHECK(due.peak_states == 1);
}

// The two-state chain (onset a, end b) active at the end of step `from`: the probabilities
// that it has no onset in steps from+1..to and is active, or inactive, at the end of `to`.
std::pair<double, double> NoNewOnset(double a, double b, int from, int to) {
  double active = 1, inactive = 0;
  for (int t = from + 1; t <= to; ++t) {
    const double ended = active * b + inactive;
    active *= 1 - b;
    inactive = ended * (1 - a);
  }
  return {active, inactive};
}

TEST_CASE("Episode paths: a history's likelihood by hand", "[episode_paths]") {
  const double a = 0.3, b = 0.4, g = 0.25;
  const Model m = Load(
      "scenario: s\nhorizon: 5\nevents:\n  x:\n    hazard: 30%\n    recurs: true\n"
      "    ends:\n      hazard: 40%\n  quiet:\n    hazard: 10%\n"
      "  old:\n    hazard: 50%\n    initially: active\n    ends:\n      hazard: 25%\n"
      "  gone:\n    hazard: 20%\n    initially: ended\n    recurs: true\n"
      "    ends:\n      lasts: 1\n");
  const Plan plan = Compile(m, PointValues(m));
  // x began at 1, ended at 2 or 3, began again at 2..4 (it may begin in the step it ended)
  // and is still going on at the end of 4; quiet has not happened; old's initial occurrence
  // ended at 2; gone has not begun again.
  Episode first;
  first.start_lo = first.start_hi = 1;
  first.end = Episode::End::kWindow;
  first.end_lo = 2;
  first.end_hi = 3;
  Episode second;
  second.start_lo = 2;
  second.start_hi = 4;
  Episode initial;
  initial.end = Episode::End::kWindow;
  initial.end_lo = initial.end_hi = 2;
  History h;
  h.as_of = 4;
  h.episodes = {{0, {first, second}, {}}, {2, {initial}, {}}, {3, {}, {}}};
  h.observations = {{1, 5, Observation::kNever, {}}};
  double ongoing = 0, unknown = 0, active_at_5 = 0;
  for (int u = 2; u <= 3; ++u) {
    const double end = u == 2 ? b : (1 - b) * b;
    for (int start = u; start <= 4; ++start) {
      const double path = a * end * std::pow(1 - a, start - u) * a;
      const auto [active, inactive] = NoNewOnset(a, b, start, 4);
      ongoing += path * std::pow(1 - b, 4 - start);
      unknown += path * (active + inactive);
      active_at_5 += path * (active * (1 - b + b * a) + inactive * a);
    }
  }
  const double others = std::pow(0.9, 4) * (1 - g) * g * std::pow(0.8, 4);
  CHECK(test::EnumerateEpisodePaths(plan, nullptr, &h).given_probability ==
        Approx(ongoing * others).epsilon(0).margin(kTight));
  h.episodes[0].episodes[1].end = Episode::End::kUnknown;
  CHECK(test::EnumerateEpisodePaths(plan, nullptr, &h).given_probability ==
        Approx(unknown * others).epsilon(0).margin(kTight));
  // With a condition at the horizon: x active at 5, quiet never happened (nor at step 5).
  const Condition given = ParseGiven(m, "x and not ever quiet");
  const ExactSolution both = test::EnumerateEpisodePaths(plan, &given, &h);
  CHECK(both.given_probability == Approx(active_at_5 * others * 0.9).epsilon(0).margin(kTight));
  // And the reference engine's trials that satisfy them.
  Agreement agreement;
  Compare(both, Simulate(plan, &given, &h, kSeed, kTrials), plan, &agreement);
  CHECK(agreement.failures == 0);
}

// The generated models' features, each counted once per model that has it.
void Survey(const Model& m, std::map<std::string, int>* seen) {
  std::map<std::string, bool> has;
  auto names_self = [](const Condition& c, int self) {
    const std::vector<int> named = c.Events();
    return std::find(named.begin(), named.end(), self) != named.end();
  };
  for (int i = 0; i < static_cast<int>(m.events.size()); ++i) {
    const Event& e = m.events[i];
    const bool response = e.kind == Event::Kind::kResponse;
    const Ending& end = e.ends;
    std::vector<const Condition*> onset = {&e.gate}, ends = {&end.gate};
    for (const Case& c : e.probability) onset.push_back(&c.when);
    for (const Case& c : end.probability) ends.push_back(&c.when);
    for (const Condition* c : onset) {
      has["ever in a condition"] |= c->UsesEver();
      has["self-reference (onset)"] |= names_self(*c, i);
    }
    for (const Condition* c : ends) {
      has["ever in a condition"] |= c->UsesEver();
      has["self-reference (ends)"] |= names_self(*c, i);
    }
    has["cases list (onset)"] |= e.probability.size() > 1;
    has["cases list (ends)"] |= end.probability.size() > 1;
    has["response delay"] |= response && e.delay_hi > 0;
    has["response delay ranged"] |= response && e.delay_lo < e.delay_hi;
    has["lasts fixed"] |= end.kind == Ending::Kind::kLasts && end.lasts_lo == end.lasts_hi;
    has["lasts ranged"] |= end.kind == Ending::Kind::kLasts && end.lasts_lo < end.lasts_hi;
    const bool hazard = end.kind == Ending::Kind::kHazard;
    const bool decided = end.kind == Ending::Kind::kDecided;
    has["ends.hazard with while"] |= hazard && !end.gate.IsConstantTrue();
    has["ends.hazard without while"] |= hazard && end.gate.IsConstantTrue();
    has["ends.p with after"] |= decided && !end.gate.IsConstantTrue();
    has["ends.p without after"] |= decided && end.gate.IsConstantTrue();
    has["ends.p with delay"] |= decided && end.delay_hi > 0;
    has["ends.p without delay"] |= decided && end.delay_hi == 0;
    has["recurring trigger"] |= e.recurs && !response;
    has["recurring response"] |= e.recurs && response;
    has["initially active"] |= e.initially == InitialState::kActive;
    has["initially ended"] |= e.initially == InitialState::kEnded;
    has["level"] |= e.level > 0;
  }
  has["4 events"] = m.events.size() == 4;
  has["horizon 5"] = m.horizon == 5;
  for (const auto& [name, yes] : has) (*seen)[name] += yes;
}

// What the generated histories record, each counted once per history that has it.
void SurveyHistory(const History& h, std::map<std::string, int>* seen) {
  std::map<std::string, bool> has;
  for (const Observation& o : h.observations) {
    has["history: happened"] |= o.happened();
    has["history: not_happened"] |= !o.happened();
  }
  for (const EpisodeRecord& r : h.episodes) {
    has["history: no episode"] |= r.episodes.empty();
    has["history: two episodes or more"] |= r.episodes.size() > 1;
    for (const Episode& e : r.episodes) {
      has["history: initial episode"] |= e.initial();
      has["history: start window"] |= !e.initial() && e.start_lo < e.start_hi;
      has["history: end window"] |= e.end == Episode::End::kWindow;
      has["history: end unknown"] |= e.end == Episode::End::kUnknown;
      has["history: no end"] |= e.end == Episode::End::kOngoing;
    }
  }
  for (const auto& [name, yes] : has) (*seen)[name] += yes;
}

TEST_CASE("Episode paths: the reference engine on the hand-made cases", "[episode_paths]") {
  const std::string head = "scenario: s\nhorizon: 5\nlevels: [calm, tense, war]\nevents:\n";
  const std::vector<std::string> models = {
      head + kPulse + "  y:\n    after: x\n    p: 70%\n    delay: [0, 3]\n    recurs: true\n"
             "    level: 2\n    ends:\n      lasts: 1\n",
      head + kPulse + "  y:\n    after: x\n    p: 1\n    delay: 2\n    recurs: true\n"
             "    ends:\n      lasts: [1, 2]\n",
      head + "  x:\n    hazard: [{when: ever x, p: 70%}, {else: 20%}]\n    recurs: true\n"
             "    level: 1\n    ends:\n      lasts: 1\n  y:\n    hazard: 10%\n    level: 2\n",
      head + "  x:\n    hazard: 50%\n    initially: active\n    ends:\n      p: 60%\n"
             "      delay: [0, 2]\n      after: not y\n  y:\n    after: not x\n    p: 40%\n"
             "    initially: ended\n    recurs: true\n    level: war\n"
             "    ends:\n      hazard: 30%\n      while: ever x\n",
  };
  Agreement agreement;
  for (size_t i = 0; i < models.size(); ++i) {
    INFO(models[i]);
    const Model m = Load(models[i]);
    const Plan plan = Compile(m, PointValues(m));
    const Condition given = ParseGiven(m, "ever y or not x");
    for (const Condition* g : {static_cast<const Condition*>(nullptr), &given})
      Compare(test::EnumerateEpisodePaths(plan, g, nullptr),
              Simulate(plan, g, nullptr, kSeed + i, kTrials), plan, &agreement);
  }
  std::printf("[episode_paths] hand-made cases: %llu figures checked, the largest |diff| %.2f "
              "standard errors (%s)\n",
              static_cast<unsigned long long>(agreement.checks), agreement.worst,
              agreement.where.c_str());
  CHECK(agreement.failures == 0);
}

TEST_CASE("Episode paths: the enumeration and the reference engine agree on generated "
          "models, conditions and histories", "[episode_paths][slow]") {
  const auto begin = std::chrono::steady_clock::now();
  const std::vector<test::EpisodeCase> cases = test::EpisodeCases();
  std::map<std::string, int> seen;
  Agreement agreement;
  uint64_t leaves = 0, most_leaves = 0;
  int givens = 0, histories = 0, likely_histories = 0;
  for (const test::EpisodeCase& c : cases) {
    CAPTURE(c.seed);
    INFO(c.model);
    INFO("given: " << c.given);
    const Model m = Load(c.model);
    Survey(m, &seen);
    const Plan plan = Compile(m, PointValues(m));
    Condition given;
    if (!c.given.empty()) given = ParseGiven(m, c.given);
    const Condition* g = c.given.empty() ? nullptr : &given;
    const History* h = c.has_history ? &c.history : nullptr;
    const ExactSolution exact = test::EnumerateEpisodePaths(plan, g, h);
    leaves += exact.peak_states;
    most_leaves = std::max(most_leaves, exact.peak_states);
    givens += g != nullptr;
    if (h != nullptr) {
      ++histories;
      SurveyHistory(*h, &seen);
      // Drawn from a path of the model, a history is possible: its likelihood is not 0.
      const ExactSolution alone = test::EnumerateEpisodePaths(plan, nullptr, h);
      CHECK(alone.given_probability > 0);
      likely_histories += alone.given_probability >= 0.02 && alone.given_probability <= 0.98;
    }
    const Counts mc = Simulate(plan, g, h, kSeed + c.seed, kTrials);
    CHECK(mc.consistent);
    Compare(exact, mc, plan, &agreement);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  std::printf("[episode_paths] %zu models (%d with a condition, %d with a history, %d of those "
              "with likelihood in [0.02, 0.98]); %llu paths enumerated (at most %llu for one); "
              "%llu figures checked, the largest |diff| %.2f standard errors (%s); %.1f s\n",
              cases.size(), givens, histories, likely_histories,
              static_cast<unsigned long long>(leaves),
              static_cast<unsigned long long>(most_leaves),
              static_cast<unsigned long long>(agreement.checks), agreement.worst,
              agreement.where.c_str(), seconds);
  for (const auto& [name, count] : seen) {
    std::printf("[episode_paths]   %-32s %d\n", name.c_str(), count);
    CAPTURE(name);
    CHECK(count >= 10);  // every feature is really exercised
  }
  CHECK(seen.size() >= 30);
  CHECK(cases.size() >= 150);
  CHECK(givens >= 50);
  CHECK(histories >= 50);
  CHECK(likely_histories >= 40);
  CHECK(agreement.failures == 0);
}

}  // namespace
}  // namespace brink
