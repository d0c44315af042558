// The parallel loops: fixed blocks of trials for the Monte Carlo engines, and whole units of
// work (draws, sweep points) side by side.
#ifndef BRINK_ENGINE_PARALLEL_H_
#define BRINK_ENGINE_PARALLEL_H_

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <thread>
#include <type_traits>
#include <vector>

#include "engine/tally.h"

namespace brink {

// Runs work(tally, first_block, end_block) over the blocks [0, num_blocks) in chunks of
// `chunk` consecutive blocks, on `threads` threads, each adding to a tally of its own
// (a copy of `zero`); returns their sum, added in worker order. Because tallies are integer
// counts, the sum does not depend on which worker ran which chunk. `progress`, if set, is
// called from worker 0 with the fraction of blocks done. Acc: Tally, or any type of integer
// counts with Add(const Acc&).
template <class Acc>
Acc ForEachChunk(uint64_t num_blocks, uint64_t chunk, int threads, const Acc& zero,
                 const std::type_identity_t<std::function<void(Acc*, uint64_t, uint64_t)>>& work,
                 const std::function<void(double)>& progress) {
  const uint64_t num_chunks = (num_blocks + chunk - 1) / chunk;
  const int workers = static_cast<int>(
      std::min<uint64_t>(std::max(threads, 1), std::max<uint64_t>(num_chunks, 1)));
  std::vector<Acc> tallies(workers, zero);
  std::atomic<uint64_t> next{0};
  std::atomic<uint64_t> done{0};
  // Whatever a worker throws (the progress callback may, to stop a run) stops every worker
  // from taking another chunk, and is rethrown once all have stopped.
  std::vector<std::exception_ptr> failures(workers);
  auto worker = [&](int index) {
    try {
      for (;;) {
        const uint64_t c = next.fetch_add(1, std::memory_order_relaxed);
        if (c >= num_chunks) break;
        const uint64_t begin = c * chunk;
        work(&tallies[index], begin, std::min(num_blocks, begin + chunk));
        const uint64_t finished = done.fetch_add(1, std::memory_order_relaxed) + 1;
        if (index == 0 && progress) progress(static_cast<double>(finished) / num_chunks);
      }
    } catch (...) {
      failures[index] = std::current_exception();
      next.store(num_chunks, std::memory_order_relaxed);
    }
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < workers; ++i) pool.emplace_back(worker, i);
  worker(0);
  for (std::thread& t : pool) t.join();
  for (const std::exception_ptr& failure : failures)
    if (failure) std::rethrow_exception(failure);
  Acc total = zero;
  for (const Acc& t : tallies) total.Add(t);
  return total;
}

// Runs work(i) for i in [0, n) on up to `threads` threads, indices taken in order. An
// exception thrown for an index is kept; once all are done, the one of the lowest index is
// rethrown, so the error reported does not depend on timing. `progress`, if set, is called
// from the first worker with the fraction of indices done; if it throws, no further index is
// started and its exception is rethrown once the running ones end.
void ForEachIndex(int n, int threads, const std::function<void(int)>& work,
                  const std::function<void(double)>& progress);

}  // namespace brink

#endif  // BRINK_ENGINE_PARALLEL_H_
