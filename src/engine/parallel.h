// The parallel loops: fixed blocks of trials for the Monte Carlo engines, and whole units of
// work (draws, sweep points) side by side.
#ifndef BRINK_ENGINE_PARALLEL_H_
#define BRINK_ENGINE_PARALLEL_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "brink/tally.h"

namespace brink {

// Runs work(tally, first_block, end_block) over the blocks [0, num_blocks) in chunks of
// `chunk` consecutive blocks, on `threads` threads, each adding to a tally of its own
// (a copy of `zero`); returns their sum, added in worker order. Because tallies are integer
// counts, the sum does not depend on which worker ran which chunk. `progress`, if set, is
// called from worker 0 with the fraction of blocks done.
Tally ForEachChunk(uint64_t num_blocks, uint64_t chunk, int threads, const Tally& zero,
                   const std::function<void(Tally*, uint64_t, uint64_t)>& work,
                   const std::function<void(double)>& progress);

// Runs work(i) for i in [0, n) on up to `threads` threads, indices taken in order. An
// exception thrown for an index is kept; once all are done, the one of the lowest index is
// rethrown, so the error reported does not depend on timing. `progress`, if set, is called
// from the first worker with the fraction of indices done.
void ForEachIndex(int n, int threads, const std::function<void(int)>& work,
                  const std::function<void(double)>& progress);

}  // namespace brink

#endif  // BRINK_ENGINE_PARALLEL_H_
