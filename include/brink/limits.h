// brink's limits and defaults, each named once: the core, the command layer's checks, the
// command line's flags and help, the Python module's keywords and the live page use these
// constants, never a literal of their own (docs/limits.md).
#ifndef BRINK_LIMITS_H_
#define BRINK_LIMITS_H_

#include <cstddef>
#include <cstdint>

namespace brink {

// The seed of every command when none is given (the treaty's signing, 19 June 2024).
constexpr uint64_t kDefaultSeed = 20240619;

// Trials per draw when none are asked for; with a history and uncertain values, the trials of
// each posterior draw's likelihood estimate (brink run --history).
constexpr uint64_t kDefaultTrials = 100000;
constexpr uint64_t kDefaultHistoryTrials = 250;
// Trials of one draw at most: 2^32 trial blocks of 64 (docs/randomness.md).
constexpr uint64_t kMaxTrials = uint64_t{1} << 38;
// Trials at the most when precision control (or a rare-event estimate) stops a run, unless
// asked otherwise.
constexpr uint64_t kDefaultMaxTrials = 100000000;

// Draws of the uncertain values when none are asked for (1 when nothing is uncertain), also
// the prior's draws before a history; the posterior's draws when none are asked for; the most.
constexpr int kDefaultDraws = 200;
constexpr int kPosteriorDraws = 2000;
constexpr int kMaxDraws = 1000000;

// A sweep's values per axis and points in all, at the most.
constexpr size_t kMaxSweepValues = 10000;
constexpr size_t kMaxSweepPoints = 1000000;

// Rows N of a Sobol (Saltelli) design: by default, and the bounds.
constexpr int kDefaultSobolSamples = 512;
constexpr int kMinSobolSamples = 8, kMaxSobolSamples = 1000000;

// The exact engine's bound on the states it holds at once, by default and at the most (its
// state indices are 32-bit).
constexpr uint64_t kDefaultMaxStates = 1000000;
constexpr uint64_t kMaxStates = 2000000000;

// Threads of one process at the most.
constexpr int kMaxThreads = 1024;

// The largest model or history file brink reads. Real models are a few kilobytes; the limit
// keeps a wrong path (a log, a dump) from filling memory.
constexpr size_t kMaxModelBytes = size_t{16} << 20;

}  // namespace brink

#endif  // BRINK_LIMITS_H_
