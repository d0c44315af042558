#include "engine/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

namespace brink {

void ForEachIndex(int n, int threads, const std::function<void(int)>& work,
                  const std::function<void(double)>& progress) {
  std::vector<std::exception_ptr> failures(n);
  std::exception_ptr stopped;  // thrown by `progress`
  std::atomic<int> next{0}, done{0};
  auto worker = [&](int index) {
    for (int i; (i = next.fetch_add(1)) < n;) {
      try {
        work(i);
      } catch (...) {
        failures[i] = std::current_exception();
      }
      int finished = done.fetch_add(1) + 1;
      if (index == 0 && progress) {
        try {
          progress(static_cast<double>(finished) / n);
        } catch (...) {
          stopped = std::current_exception();
          next.store(n);
        }
      }
    }
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < std::min(threads, n); ++i) pool.emplace_back(worker, i);
  worker(0);
  for (std::thread& t : pool) t.join();
  if (stopped) std::rethrow_exception(stopped);
  for (const std::exception_ptr& failure : failures)
    if (failure) std::rethrow_exception(failure);
}

}  // namespace brink
