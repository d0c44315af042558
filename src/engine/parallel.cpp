#include "engine/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

namespace brink {

Tally ForEachChunk(uint64_t num_blocks, uint64_t chunk, int threads, const Tally& zero,
                   const std::function<void(Tally*, uint64_t, uint64_t)>& work,
                   const std::function<void(double)>& progress) {
  uint64_t num_chunks = (num_blocks + chunk - 1) / chunk;
  int workers = static_cast<int>(std::min<uint64_t>(std::max(threads, 1), std::max<uint64_t>(num_chunks, 1)));
  std::vector<Tally> tallies(workers, zero);
  std::atomic<uint64_t> next{0};
  std::atomic<uint64_t> done{0};
  auto worker = [&](int index) {
    for (;;) {
      uint64_t c = next.fetch_add(1, std::memory_order_relaxed);
      if (c >= num_chunks) break;
      uint64_t begin = c * chunk;
      work(&tallies[index], begin, std::min(num_blocks, begin + chunk));
      uint64_t finished = done.fetch_add(1, std::memory_order_relaxed) + 1;
      if (index == 0 && progress) progress(static_cast<double>(finished) / num_chunks);
    }
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < workers; ++i) pool.emplace_back(worker, i);
  worker(0);
  for (std::thread& t : pool) t.join();
  Tally total = zero;
  for (const Tally& t : tallies) total.Add(t);
  return total;
}

void ForEachIndex(int n, int threads, const std::function<void(int)>& work,
                  const std::function<void(double)>& progress) {
  std::vector<std::exception_ptr> failures(n);
  std::atomic<int> next{0}, done{0};
  auto worker = [&](int index) {
    for (int i; (i = next.fetch_add(1)) < n;) {
      try {
        work(i);
      } catch (...) {
        failures[i] = std::current_exception();
      }
      int finished = done.fetch_add(1) + 1;
      if (index == 0 && progress) progress(static_cast<double>(finished) / n);
    }
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < std::min(threads, n); ++i) pool.emplace_back(worker, i);
  worker(0);
  for (std::thread& t : pool) t.join();
  for (const std::exception_ptr& failure : failures)
    if (failure) std::rethrow_exception(failure);
}

}  // namespace brink
