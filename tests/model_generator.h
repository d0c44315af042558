// Random valid models for the validation suite: every feature of the model language that the
// engines implement (hazards with `while`, responses with `after`, and/or/not with and
// without parentheses, case lists with and without `else`, fixed and ranged delays including
// delays past the horizon, named parameters, levels by name and by index), as YAML text, so
// that each model goes through the loader like an analyst's file.
//
// A model is a pure function of its seed and limits, on every platform: the generator draws
// from std::mt19937_64 (whose output the C++ standard fixes) through its own arithmetic, not
// through the library's distributions (whose output it does not).
#ifndef BRINK_TESTS_MODEL_GENERATOR_H_
#define BRINK_TESTS_MODEL_GENERATOR_H_

#include <cstdint>
#include <random>
#include <string>

namespace brink::test {

struct GeneratorLimits {
  int max_events = 10;   // 1..max_events events
  int max_horizon = 12;  // horizon 1..max_horizon
  int max_delay = 4;     // largest delay a response can have (version 2: and an end decision)
  int max_lasts = 3;     // version 2: the longest `lasts`
};

// A random model that loads without error. Events can only name earlier events (in the order
// generated) or later events that are never immediate, so no cycle of immediate events can
// arise; the events are then written in a shuffled order, so that the evaluation order the
// loader derives is not simply file order.
std::string GenerateModel(uint64_t seed, const GeneratorLimits& limits = {});

// A random condition over events e0..e{num_events - 1} (the generator's ids), for --given.
std::string GenerateCondition(uint64_t seed, int num_events);

// A random version-2 model (../shared/spec/episodes.md) that loads without error, with
// events drawn from every feature of the language's second version: ends of the three kinds
// (`lasts` fixed and ranged; `hazard` with and without `while`; `p` with and without `after`
// and `delay`), `recurs` on triggers and responses, `initially: active` and `ended`, `ever` in
// conditions, an event naming itself in its own conditions (the spec's
// `[{when: ever X, p: ..}, {else: ..}]` among them), case lists, response delays, levels and
// named parameters. At least one event ends or starts `initially`, so the model is version 2.
// Cycles of immediate events are avoided as GenerateModel does; conditions inside `ends` name
// any event (they read the step before and make no edge). Keep limits tiny (e.g. 4 events,
// horizon 5) for EnumerateEpisodePaths.
std::string GenerateEpisodeModel(uint64_t seed, const GeneratorLimits& limits);

// A random condition with `ever` over events e0..e{num_events - 1}, for --given.
std::string GenerateEpisodeCondition(uint64_t seed, int num_events);

// The generator's randomness, exposed for tests that need a few more portable draws.
class Dice {
 public:
  explicit Dice(uint64_t seed) : engine_(seed) {}
  // Uniform integer in [lo, hi] (lo <= hi).
  int Int(int lo, int hi) { return lo + static_cast<int>(engine_() % (hi - lo + 1)); }
  // Uniform in [0, 1).
  double Real() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Real() < p; }

 private:
  std::mt19937_64 engine_;
};

}  // namespace brink::test

#endif  // BRINK_TESTS_MODEL_GENERATOR_H_
