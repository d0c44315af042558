// The generated version-2 cases that tests/episode_paths_test.cpp checks: each a model, maybe
// a `given` condition and maybe a history, deterministic functions of a seed, so that any
// engine (the reference engine there; the exact engine to 1e-9 later) can be compared with
// EnumerateEpisodePaths (tests/episode_enumeration.h) on the same cases.
#ifndef BRINK_TESTS_EPISODE_CASES_H_
#define BRINK_TESTS_EPISODE_CASES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "brink/history.h"
#include "model_generator.h"
#include "plan/plan.h"

namespace brink::test {

// Small enough for the enumeration: at most 4 events, horizon 5, delays 2, `lasts` 3.
inline constexpr GeneratorLimits kEpisodeLimits = {4, 5, 2, 3};

// The number of cases EpisodeCases gives by default.
inline constexpr int kEpisodeCases = 400;

struct EpisodeCase {
  uint64_t seed = 0;
  std::string model;         // YAML: GenerateEpisodeModel(seed, kEpisodeLimits)
  std::string given;         // GenerateEpisodeCondition(seed, events), or "" for none
  bool has_history = false;  // when true, `history` holds; its event indices are the model's
  History history;           // GenerateEpisodeHistoryData(seed, the plan at point values)
};

// Case i (0-based) has seed 7000 + i; a `given` when i % 3 == 0 and a history when i is even,
// so a sixth of the cases have both. The models are loaded (LoadModelFromString) to make
// the histories; every one loads.
std::vector<EpisodeCase> EpisodeCases(int count = kEpisodeCases);

// A random valid history of `plan` with a likelihood well above zero: a path drawn from the
// model (SampleEpisodePath; of four, the one with the most onsets), observed through as_of
// (the horizon, or 1..horizon) and blurred. Each event is
// left out or, at random, recorded as `episodes` (every occurrence with an onset up to as_of,
// the initial one first for an event `initially` active; starts as a step, a window or
// `by T`; ends as a window, `unknown`, or no end for one still going on at as_of) or, for an
// event without `initially`, as `happened` (its first onset's window) or `not_happened`.
// The windows of an event's episodes never go back: each window's bounds are at least those
// of the window before it. The YAML form is not written (the history parser for episodes is
// not here yet): the structs are filled directly. REQUIRES: plan.two_way.
History GenerateEpisodeHistoryData(uint64_t seed, const Plan& plan);

}  // namespace brink::test

#endif  // BRINK_TESTS_EPISODE_CASES_H_
