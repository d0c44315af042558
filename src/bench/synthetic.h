// A large synthetic model for benchmarks: many events over many steps, generated from a seed
// so every machine measures the same model.
#ifndef BRINK_SYNTHETIC_H_
#define BRINK_SYNTHETIC_H_

#include <cstdint>
#include <string>

namespace brink {

// YAML text of a model with `events` events over `steps` steps (weekly steps, 5 levels):
// a quarter root triggers with small hazards, then triggers gated by earlier events (with
// `not` and cases), then responses after earlier events with fixed and ranged delays.
// With two_way, the same model in version 2 of the language: a third of the events end (by a
// hazard, a `lasts` range or a decision after another event stops), and half of those recur.
// REQUIRES: events >= 8, steps >= 1. Same arguments → same text.
std::string SyntheticModelYaml(int events, int steps, uint64_t seed, bool two_way = false);

// Four quantities to append to a SyntheticModelYaml (../shared/spec/quantities.md): two of one
// term (a per_step amount on an event that ends, a per_occurrence one on a recurring event),
// whose totals are kept exactly, and two of three terms (per_step and per_occurrence), binned
// over 52 steps.
std::string SyntheticQuantitiesYaml();

// The model `brink bench` measures: SyntheticModelYaml(kBenchEvents, kBenchSteps, kBenchSeed).
constexpr int kBenchEvents = 64;
constexpr int kBenchSteps = 52;
constexpr uint64_t kBenchSeed = 2024;

}  // namespace brink

#endif  // BRINK_SYNTHETIC_H_
