#include "engine/parallel.h"

#include <algorithm>
#include <atomic>
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

}  // namespace brink
