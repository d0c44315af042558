// Integer counts a Monte Carlo run accumulates. Adding tallies is exact, so the totals, and
// every figure derived from them, are the same whatever the thread count or order.
#ifndef BRINK_TALLY_H_
#define BRINK_TALLY_H_

#include <cstdint>
#include <vector>

namespace brink {

// Rows are the events (file order) then the levels 1..K. For each row and step t in
// 1..horizon, the number of counted trials whose first occurrence was at step t (for a level
// k: the first step at which the trial's level was >= k).
class Tally {
 public:
  Tally() = default;
  Tally(int horizon, int num_events, int num_levels);

  int horizon() const { return horizon_; }
  int num_events() const { return num_events_; }
  int num_levels() const { return num_levels_; }
  int num_rows() const { return num_events_ + num_levels_; }

  // Trials simulated, and trials counted (those satisfying the run's condition, if any).
  uint64_t simulated() const { return simulated_; }
  uint64_t counted() const { return counted_; }

  uint64_t first(int row, int t) const { return first_[row * (horizon_ + 1) + t]; }

  // Records one trial: first_step[e] is event e's step (1..horizon), or 0 when it never
  // happened; level_of[e] its level. `counted` false records only that it was simulated.
  void AddTrial(const int* first_step, const int* level_of, bool counted);
  void Add(const Tally& other);

  // Adds `n` to the count of (row, t) directly, for engines that count many trials at once.
  void AddFirst(int row, int t, uint64_t n) { first_[row * (horizon_ + 1) + t] += n; }
  void AddTrials(uint64_t simulated, uint64_t counted) {
    simulated_ += simulated;
    counted_ += counted;
  }

 private:
  int horizon_ = 0;
  int num_events_ = 0;
  int num_levels_ = 0;
  uint64_t simulated_ = 0;
  uint64_t counted_ = 0;
  std::vector<uint64_t> first_;  // num_rows × (horizon + 1); column 0 unused
  std::vector<int> level_first_;  // scratch for AddTrial
};

}  // namespace brink

#endif  // BRINK_TALLY_H_
