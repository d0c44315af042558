// Version 2 of the language (../shared/spec/episodes.md): events that end, recur and start
// already going on. The language's keys and its `ever`; the one-trial semantics
// (engine/episode_trial.h) against closed forms, within 5 standard errors with fixed seeds;
// version 1's decisions and random streams unchanged.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "brink/estimate.h"
#include "brink/given.h"
#include "brink/load.h"
#include "brink/model_json.h"
#include "engine/engine.h"
#include "engine/episode_trial.h"
#include "estimate/from_tally.h"
#include "engine/tilted.h"
#include "model/condition_eval.h"
#include "plan/plan.h"
#include "random/random.h"
#include "test_util.h"

namespace brink {
namespace {

Model Load(const std::string& yaml) { return LoadModelFromString(yaml, "m.yaml"); }

// Per step t = 1..horizon, the fraction of `trials` trials in which event `e` is active at the
// end of t, and the mean number of onsets.
struct Observed {
  std::vector<double> active;  // by t − 1
  double onsets = 0;
  double onsets_sd = 0;
};

Observed Simulate(const Model& model, int e, int trials, uint64_t seed) {
  const Plan plan = Compile(model, PointValues(model));
  EpisodeTrial trial(plan, seed, 0);
  Observed o;
  o.active.assign(plan.horizon, 0);
  double sum = 0, sum2 = 0;
  for (int i = 0; i < trials; ++i) {
    const EpisodePath& path = trial.Run(i / 64, i % 64);
    for (int t = 1; t <= plan.horizon; ++t) o.active[t - 1] += path.Active(e, t);
    sum += path.onsets[e];
    sum2 += static_cast<double>(path.onsets[e]) * path.onsets[e];
  }
  for (double& a : o.active) a /= trials;
  o.onsets = sum / trials;
  o.onsets_sd = std::sqrt(std::max(0.0, sum2 / trials - o.onsets * o.onsets));
  return o;
}

// Each step's fraction within 5 standard errors of `want` (by t − 1).
void CheckActive(const Observed& o, const std::vector<double>& want, int trials) {
  for (size_t t = 0; t < want.size(); ++t) {
    INFO("step " << t + 1 << ": observed " << o.active[t] << ", exact " << want[t]);
    const double se = std::sqrt(want[t] * (1 - want[t]) / trials);
    CHECK(std::fabs(o.active[t] - want[t]) <= 5 * se + 1e-12);
  }
}

TEST_CASE("Episodes: the language's keys, ever, self-reference and the version", "[episodes]") {
  const Model m = Load(
      "scenario: s\nhorizon: 12\nevents:\n"
      "  offensive:\n    hazard: 10%\n    recurs: true\n    ends:\n      lasts: [3, 9]\n"
      "  troops:\n    after: offensive\n    p: 40%\n    ends:\n      hazard: 10%\n"
      "      while: not offensive\n"
      "  backing:\n    after: ever troops\n    p: 50%\n    delay: 1\n    ends:\n"
      "      after: not offensive\n      p: 80%\n      delay: [0, 2]\n"
      "  oil:\n    hazard: [{when: ever oil, p: 20%}, {else: 50%}]\n    initially: active\n"
      "    recurs: true\n    ends:\n      hazard: 5%\n"
      "  old:\n    hazard: 1%\n    initially: ended\n");
  CHECK(m.IsTwoWay());
  CHECK_FALSE(m.IsMonotone());
  CHECK(m.events[0].ends.kind == Ending::Kind::kLasts);
  CHECK(m.events[0].ends.lasts_lo == 3);
  CHECK(m.events[0].ends.lasts_hi == 9);
  CHECK(m.events[0].recurs);
  CHECK(m.events[1].ends.kind == Ending::Kind::kHazard);
  CHECK(m.events[1].ends.gate.text() == "not offensive");
  CHECK(m.events[2].ends.kind == Ending::Kind::kDecided);
  CHECK(m.events[2].ends.delay_hi == 2);
  CHECK(m.events[2].gate.UsesEver());
  CHECK(m.events[3].initially == InitialState::kActive);
  CHECK(m.events[4].initially == InitialState::kEnded);
  CHECK(m.parameters[m.events[1].ends.probability[0].param].name == "troops.ends.hazard");
  CHECK(m.warnings.empty());
  // The model's JSON (the live page's copy) keeps every version-2 key.
  const Model back = ModelFromJson(ModelToJson(m), m.source);
  REQUIRE(back.events.size() == m.events.size());
  for (size_t e = 0; e < m.events.size(); ++e) {
    CHECK(back.events[e].ends.kind == m.events[e].ends.kind);
    CHECK(back.events[e].ends.lasts_hi == m.events[e].ends.lasts_hi);
    CHECK(back.events[e].ends.delay_hi == m.events[e].ends.delay_hi);
    CHECK(back.events[e].ends.gate.text() == m.events[e].ends.gate.text());
    CHECK(back.events[e].ends.probability.size() == m.events[e].ends.probability.size());
    CHECK(back.events[e].recurs == m.events[e].recurs);
    CHECK(back.events[e].initially == m.events[e].initially);
  }
  CHECK(ModelToJson(back) == ModelToJson(m));
  // `ever X` evaluates X's happened state, `X` its active state.
  const Condition& after = m.events[2].gate;
  CHECK(after.Evaluate([](int) { return false; }, [](int) { return true; }, true));
  CHECK_FALSE(after.Evaluate([](int) { return true; }, [](int) { return false; }, true));
  // A version-1 model is not two-way; `recurs` with an `after` that is always true warns.
  CHECK_FALSE(Load("scenario: s\nhorizon: 3\nevents:\n  a:\n    hazard: 5%\n").IsTwoWay());
  const Model warned = Load(
      "scenario: s\nhorizon: 3\nevents:\n  a:\n    p: 5%\n    recurs: true\n    ends:\n"
      "      lasts: 1\n");
  REQUIRE(warned.warnings.size() == 1);
  CHECK(warned.warnings[0].loc.line == 6);
  CHECK(warned.warnings[0].loc.col == 5);
  CHECK(warned.warnings[0].message ==
        "'recurs' has no effect on 'a': its 'after' is always true, so it is decided once");
}

TEST_CASE("Episodes: a recurring trigger with an end hazard is a two-state Markov chain",
          "[episodes]") {
  // x_1 = h, x_t = x_{t−1}(1 − g) + (1 − x_{t−1}(1 − g))·h; onsets Σ_t (1 − x_{t−1}(1 − g))·h.
  const double h = 0.15, g = 0.3;
  const int horizon = 24, trials = 40000;
  const Model m = Load("scenario: s\nhorizon: 24\nevents:\n  x:\n    hazard: 15%\n"
                       "    recurs: true\n    ends:\n      hazard: 30%\n");
  std::vector<double> want;
  double x = 0, onsets = 0;
  for (int t = 1; t <= horizon; ++t) {
    onsets += (1 - x * (1 - g)) * h;
    x = x * (1 - g) + (1 - x * (1 - g)) * h;
    want.push_back(x);
  }
  const Observed o = Simulate(m, 0, trials, 20240619);
  CheckActive(o, want, trials);
  INFO("mean onsets " << o.onsets << ", exact " << onsets);
  CHECK(std::fabs(o.onsets - onsets) <= 5 * o.onsets_sd / std::sqrt(trials));
}

TEST_CASE("Episodes: lasts d on a one-off trigger", "[episodes]") {
  // P(active at t) = Σ_{s = max(1, t − d + 1)}^{t} (1 − h)^{s−1}·h.
  const double h = 0.1;
  const int d = 4, horizon = 20, trials = 40000;
  const Model m = Load("scenario: s\nhorizon: 20\nevents:\n  x:\n    hazard: 10%\n"
                       "    ends:\n      lasts: 4\n");
  std::vector<double> want;
  for (int t = 1; t <= horizon; ++t) {
    double p = 0;
    for (int s = std::max(1, t - d + 1); s <= t; ++s) p += std::pow(1 - h, s - 1) * h;
    want.push_back(p);
  }
  const Observed o = Simulate(m, 0, trials, 7);
  CheckActive(o, want, trials);
}

TEST_CASE("Episodes: an initially active event with an end hazard", "[episodes]") {
  // P(active at t) = (1 − g)^t; it is never counted among the onsets.
  const double g = 0.12;
  const int horizon = 18, trials = 40000;
  const Model m = Load("scenario: s\nhorizon: 18\nevents:\n  x:\n    hazard: 0%\n"
                       "    initially: active\n    ends:\n      hazard: 12%\n");
  std::vector<double> want;
  for (int t = 1; t <= horizon; ++t) want.push_back(std::pow(1 - g, t));
  const Observed o = Simulate(m, 0, trials, 99);
  CheckActive(o, want, trials);
  CHECK(o.onsets == 0);
}

TEST_CASE("Episodes: a version-1 event in a version-2 model decides as version 1 does",
          "[episodes]") {
  // The same events, then one more that is `initially: ended` and read by none: every trial's
  // first steps are the version-1 reference trial's (the same keys, the same decisions).
  const std::string v1 =
      "scenario: s\nhorizon: 30\nevents:\n  a:\n    hazard: 8%\n  b:\n    after: a\n"
      "    p: 60%\n    delay: [0, 3]\n  c:\n    hazard: [{when: b, p: 30%}, {else: 2%}]\n"
      "  d:\n    after: c and not a\n    p: 50%\n";
  const Model one = Load(v1);
  const Model two = Load(v1 + "  past:\n    hazard: 1%\n    initially: ended\n");
  REQUIRE(two.IsTwoWay());
  const Plan plan_one = Compile(one, PointValues(one));
  const Plan plan_two = Compile(two, PointValues(two));
  TiltedTrials reference(plan_one, {}, 5, 0, nullptr);
  EpisodeTrial trial(plan_two, 5, 0);
  int differ = 0, happened = 0;
  for (int i = 0; i < 5000; ++i) {
    const std::vector<int> first = reference.Run(i).first;
    const EpisodePath& path = trial.Run(i / 64, i % 64);
    for (int e = 0; e < 4; ++e) {
      differ += first[e] != path.first[e];
      happened += first[e] != 0;
      // Without ends, active at the horizon is happened by it.
      differ += (first[e] != 0) != path.Active(e, 30);
    }
  }
  CHECK(differ == 0);
  CHECK(happened > 5000);  // not vacuous
}

TEST_CASE("Episodes: version 1's random streams are unchanged, version 2's are new",
          "[episodes][random]") {
  // Version-1 purposes keep purpose << 30; version 2's set bit 29, which no version-1 counter
  // sets (its word index stays below 2^30).
  CHECK(PurposeBits(Purpose::kDecide) == 0u);
  CHECK(PurposeBits(Purpose::kDelay) == 1u << 30);
  CHECK(PurposeBits(Purpose::kHazard) == 2u << 30);
  CHECK(PurposeBits(Purpose::kParam) == 3u << 30);
  CHECK(PurposeBits(Purpose::kEndDecide) == (0u << 30 | 1u << 29));
  CHECK(PurposeBits(Purpose::kEndDelay) == (1u << 30 | 1u << 29));
  CHECK(PurposeBits(Purpose::kEndHazard) == (2u << 30 | 1u << 29));
  CHECK(PurposeBits(Purpose::kLasts) == (3u << 30 | 1u << 29));
  // A stream's word is Philox of its packed counter.
  const StreamKey key{42, 3, 7, 5, 11, Purpose::kEndHazard};
  KeyedStream stream(key);
  const uint32_t counter[4] = {7, 3, 5u << 16 | 11, PurposeBits(Purpose::kEndHazard) | 2};
  const uint32_t philox_key[2] = {42, 0};
  uint32_t out[4];
  Philox4x32(counter, philox_key, out);
  CHECK(stream.Word(5) == (uint64_t{out[2]} | uint64_t{out[3]} << 32));
}

}  // namespace
}  // namespace brink

namespace brink {
namespace {

// The reference engine's tally of a version-2 model, through the estimates every writer reads.
Results RunEstimates(const Model& model, uint64_t trials, int threads, uint64_t seed,
                     const Condition* given = nullptr) {
  const Plan plan = Compile(model, PointValues(model));
  RunOptions options;
  options.seed = seed;
  options.trials = trials;
  options.threads = threads;
  options.given = given;
  return EstimateFromTally(model, RunReference(plan, options));
}

TEST_CASE("Episodes: the reference engine's figures of a two-state chain", "[episodes]") {
  // The chain of the closed form above, with a level: P(active at t) and P(level at t >= 1)
  // both x_t; mean steps active Σ x_t; mean occurrences Σ (1 − x_{t−1}(1 − g))·h; the
  // occurrences' distribution sums to 1 and its mean is the mean occurrences.
  const double h = 0.15, g = 0.3;
  const int horizon = 24;
  const uint64_t trials = 64000;
  const Model m = Load("scenario: s\nhorizon: 24\nlevels: [calm, up]\nevents:\n  x:\n"
                       "    hazard: 15%\n    recurs: true\n    level: 1\n    ends:\n"
                       "      hazard: 30%\n");
  const Results r = RunEstimates(m, trials, 2, 11);
  REQUIRE(r.two_way);
  double x = 0, onsets = 0, steps = 0;
  for (int t = 1; t <= horizon; ++t) {
    onsets += (1 - x * (1 - g)) * h;
    x = x * (1 - g) + (1 - x * (1 - g)) * h;
    steps += x;
    for (const Figure& f : r.figures) {
      const double se = std::sqrt(x * (1 - x) / trials);
      INFO("step " << t << " row " << f.id << ": " << f.now.by_step[t - 1] << " vs " << x);
      CHECK(std::fabs(f.now.by_step[t - 1] - x) <= 5 * se);
    }
  }
  const NowFigure& event = r.figures[0].now;
  CHECK(std::fabs(event.mean_occurrences - onsets) <= 5 * event.occurrences_std_error);
  CHECK(std::fabs(event.mean_steps_active - steps) <= 5 * event.steps_active_std_error);
  CHECK(r.figures[1].now.mean_steps_active == event.mean_steps_active);
  CHECK(r.figures[1].now.occurrences.empty());
  double total = 0, mean = 0;
  for (size_t n = 0; n < event.occurrences.size(); ++n) {
    total += event.occurrences[n];
    mean += static_cast<double>(n) * event.occurrences[n];
  }
  CHECK(total == Approx(1).epsilon(1e-12));
  CHECK(mean == Approx(event.mean_occurrences).epsilon(1e-12));
  // Ever: 1 − (1 − h)^H, and the standard errors are not vacuous.
  const double ever = 1 - std::pow(1 - h, horizon);
  CHECK(std::fabs(r.figures[0].probability - ever) <= 5 * r.figures[0].std_error);
  CHECK(event.std_error > 0);
  CHECK(event.occurrences_std_error > 0);
}

TEST_CASE("Episodes: the reference engine's tally is the same for every thread count and batch",
          "[episodes]") {
  const Model m = Load(
      "scenario: s\nhorizon: 12\nlevels: [calm, one, two]\nevents:\n"
      "  a:\n    hazard: 20%\n    recurs: true\n    level: 1\n    ends:\n      lasts: [1, 3]\n"
      "  b:\n    after: a\n    p: 50%\n    recurs: true\n    delay: [0, 2]\n    level: 2\n"
      "    ends:\n      p: 60%\n      after: not a\n      delay: [0, 1]\n"
      "  c:\n    hazard: 1%\n    initially: active\n    ends:\n      hazard: 25%\n");
  const Plan plan = Compile(m, PointValues(m));
  RunOptions options;
  options.seed = 5;
  options.trials = 4096;
  options.threads = 1;
  std::vector<uint64_t> one, two, batched;
  RunReference(plan, options).AppendCounts(&one);
  options.threads = 2;
  RunReference(plan, options).AppendCounts(&two);
  CHECK(one == two);
  // Two batches of 2048 trials add up to the one run.
  options.trials = 2048;
  Tally sum = RunReference(plan, options);
  options.first_trial = 2048;
  std::vector<uint64_t> second;
  RunReference(plan, options).AppendCounts(&second);
  sum.AddCounts(second.data());
  sum.AppendCounts(&batched);
  CHECK(batched == one);
  // The version-2 counts are there: column 0 holds c's initial occurrence in every trial.
  CHECK(sum.two_way());
  CHECK(sum.first(2, 0) == 4096);
  // Active, steps active and onsets by row (5), ends by event (3), each over 13 columns.
  CHECK(one.size() == Tally(12, 3, 2).CountsSize() + (3 * 5 + 3) * 13);
}

TEST_CASE("Episodes: a condition at the horizon reads active and ever", "[episodes]") {
  // x initially active, ending with hazard g, never beginning again: "x" at the horizon is
  // "still active", (1 − g)^H; "ever x" always holds.
  const Model m = Load("scenario: s\nhorizon: 6\nevents:\n  x:\n    hazard: 0%\n"
                       "    initially: active\n    ends:\n      hazard: 20%\n"
                       "  y:\n    hazard: 10%\n");
  const uint64_t trials = 64000;
  const Condition active = ParseGiven(m, "x");
  const Condition ever = ParseGiven(m, "ever x");
  const Results a = RunEstimates(m, trials, 2, 3, &active);
  const Results e = RunEstimates(m, trials, 2, 3, &ever);
  const double p = std::pow(0.8, 6);
  const double counted = static_cast<double>(a.counted);
  CHECK(std::fabs(counted / trials - p) <= 5 * std::sqrt(p * (1 - p) / trials));
  CHECK(e.counted == trials);
  CHECK(a.figures[0].now.probability == 1);
}

}  // namespace
}  // namespace brink

namespace brink {
namespace {

// A monthly model from 2024-07 with one of each: a recurring offensive (lasts), troops there
// from the start (an end hazard), a one-off event that ends, and one that never ends.
Model EpisodeModel() {
  return Load("scenario: s\nhorizon: 24\nstep: month\nstart: 2024-07\nevents:\n"
              "  offensive:\n    hazard: 10%\n    recurs: true\n    ends:\n      lasts: [2, 4]\n"
              "  troops:\n    hazard: 5%\n    initially: active\n    ends:\n      hazard: 10%\n"
              "  strike:\n    hazard: 5%\n    ends:\n      hazard: 50%\n"
              "  talks:\n    hazard: 5%\n"
              "  sanctions:\n    hazard: 5%\n    initially: ended\n    recurs: true\n"
              "    ends:\n      hazard: 20%\n"
              "  gone:\n    hazard: 5%\n    initially: ended\n    ends:\n      hazard: 20%\n");
}

TEST_CASE("Episodes: a history reads episodes, and plain events' as observations",
          "[episodes]") {
  const Model m = EpisodeModel();
  const History h = LoadHistoryFromString(
      m, "as_of: 2025-06\nepisodes:\n"
         "  offensive:\n    - start: 2024-08\n      end: [2024-10, 2024-11]\n"
         "    - start: by 2025-05\n"
         "  troops:\n    - start: initial\n      end: unknown\n"
         "  strike: []\n"
         "  talks:\n    - start: [3, 5]\n"
         "  sanctions:\n    - start: 4\n      end: 6\n",
      "h.yaml");
  CHECK(h.as_of == 12);
  REQUIRE(h.episodes.size() == 4);  // offensive, troops, strike, sanctions
  const EpisodeRecord& offensive = h.episodes[0];
  CHECK(offensive.event == 0);
  REQUIRE(offensive.episodes.size() == 2);
  CHECK(offensive.episodes[0].start_lo == 2);
  CHECK(offensive.episodes[0].start_hi == 2);
  CHECK(offensive.episodes[0].end == Episode::End::kWindow);
  CHECK(offensive.episodes[0].end_lo == 4);
  CHECK(offensive.episodes[0].end_hi == 5);
  CHECK(offensive.episodes[1].start_lo == 1);
  CHECK(offensive.episodes[1].start_hi == 11);
  CHECK(offensive.episodes[1].end == Episode::End::kOngoing);
  CHECK(h.episodes[1].episodes[0].initial());
  CHECK(h.episodes[1].episodes[0].end == Episode::End::kUnknown);
  CHECK(h.episodes[2].episodes.empty());
  CHECK(h.episodes[3].episodes[0].end_lo == 6);
  // talks never ends and did not begin before step 1: an observation, happened in 3..5.
  REQUIRE(h.observations.size() == 1);
  CHECK(h.observations[0].event == 3);
  CHECK(h.observations[0].lo == 3);
  CHECK(h.observations[0].hi == 5);
}

TEST_CASE("Episodes: a bad history of episodes gets located errors", "[episodes]") {
  const Model m = EpisodeModel();
  using test::HistoryError;
  const std::string head = "as_of: 12\nepisodes:\n";
  CHECK(HistoryError(m, head + "  offensive:\n    - start: 5\n      end: 8\n    - start: 6\n") ==
        "h.yaml:6:14: error: episodes out of order: this one starts by step 6, before the one "
        "before it can have ended (step 8 at the earliest)\n");
  CHECK(HistoryError(m, head + "  offensive:\n    - start: 5\n      end: 5\n") ==
        "h.yaml:5:12: error: this end cannot fall after its start (an occurrence ends at the "
        "earliest in the step after its onset)\n");
  CHECK(HistoryError(m, head + "  offensive:\n    - start: 5\n    - start: 9\n") ==
        "h.yaml:4:7: error: only the last episode may have no 'end' (still going on at as_of)\n");
  CHECK(HistoryError(m, head + "  offensive:\n    - start: 13\n") ==
        "h.yaml:4:14: error: step 13 is outside 1..12 (as_of): nothing is observed after as_of\n");
  CHECK(HistoryError(m, head + "  talks:\n    - start: 2\n      end: 4\n") ==
        "h.yaml:5:12: error: 'talks' has no 'ends' in the model: its occurrence cannot end\n");
  CHECK(HistoryError(m, head + "  strike:\n    - start: 2\n      end: 4\n    - start: 6\n") ==
        "h.yaml:6:7: error: 'strike' does not recur in the model: it has at most one episode\n");
  CHECK(HistoryError(m, head + "  troops:\n    - start: 2\n") ==
        "h.yaml:4:14: error: 'troops' is initially active: its first episode is 'start: "
        "initial'\n");
  CHECK(HistoryError(m, head + "  sanctions:\n    - start: initial\n") ==
        "h.yaml:4:14: error: 'start: initial' is the occurrence of an event 'initially: active'; "
        "'sanctions' is initially ended: list the occurrences that began from step 1\n");
  CHECK(HistoryError(m, "as_of: 12\nhappened:\n  troops: 3\n") ==
        "h.yaml:3:3: error: event 'troops' is initially active: record it under 'episodes', "
        "its first episode 'start: initial'\n");
  CHECK(HistoryError(m, head + "  offensive:\n    - start: 5\n      ends: 8\n") ==
        "h.yaml:5:7: error: unknown key 'ends' in an episode (did you mean 'end'?)\n");
  CHECK(HistoryError(m, "as_of: 12\nhappened:\n  offensive: 3\nepisodes:\n  offensive: []\n") ==
        "h.yaml:5:3: error: event 'offensive' is observed twice (first at line 3)\n");
  CHECK(HistoryError(m, head + "  gone:\n    - start: 3\n") ==
        "h.yaml:4:5: error: 'gone' is initially ended and does not recur in the model: it has "
        "no occurrence from step 1 ([] or leave it out)\n");
  CHECK(HistoryError(m, head + "  troops: []\n") ==
        "h.yaml:3:11: error: 'troops' is initially active: its episodes begin with 'start: "
        "initial'\n");
  CHECK(HistoryError(m, head + "  offensive: 3\n") ==
        "h.yaml:3:14: error: an event's episodes are a list of {start: ..., end: ...} ([] for "
        "none)\n");
}

}  // namespace
}  // namespace brink
