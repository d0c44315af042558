// Integer counts a Monte Carlo run accumulates. Adding tallies is exact, so the totals, and
// every figure derived from them, are the same whatever the thread count or order.
#ifndef BRINK_TALLY_H_
#define BRINK_TALLY_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "engine/episode_trial.h"
#include "engine/quantity_counts.h"

namespace brink {

// Rows are the events (file order) then the levels 1..K. For each row and step t in
// 1..horizon, the number of counted trials whose first occurrence was at step t (for a level
// k: the first step at which the trial's level was >= k).
//
// A version-2 model's tally (two_way, ../shared/spec/episodes.md "What is estimated") counts
// more, all over counted trials: first(row, 0), the trials in which the row happened before
// step 1 (an event `initially` active or ended, a level such an event reaches); active(row,
// t), those in which the row is active at the end of step t (a level k: the level at t is at
// least k); steps_active(row, n), those in which it is active at the end of exactly n steps;
// onsets(e, n), those with exactly n onsets of event e in steps 1..horizon; and ends(e, n),
// those in which exactly n occurrences of e ended in steps 1..horizon (each occurrence begun
// at step 1..horizon or `initially` active either ended or is active at the horizon, so ends
// = onsets + [initially active] − [active at the horizon]; brink scores an episode's end with
// it, ../shared/spec/episodes.md "Histories with episodes"). A version-1
// tally has none of these (and first(row, 0) is 0), so its counts, and CountsSize, are those
// of version 1. A version-2 tally of a plan with quantities also keeps each quantity's counts
// (engine/quantity_counts.h), from the same trials.
class Tally {
 public:
  Tally() = default;
  Tally(int horizon, int num_events, int num_levels, bool two_way = false,
        const std::vector<PlanQuantity>& quantities = {});

  int horizon() const { return horizon_; }
  int num_events() const { return num_events_; }
  int num_levels() const { return num_levels_; }
  int num_rows() const { return num_events_ + num_levels_; }

  // Trials simulated, and trials counted (those satisfying the run's condition, if any).
  uint64_t simulated() const { return simulated_; }
  uint64_t counted() const { return counted_; }

  uint64_t first(int row, int t) const { return first_[row * (horizon_ + 1) + t]; }

  bool two_way() const { return two_way_; }
  // Version 2 only. REQUIRES: 1 <= t <= horizon; 0 <= n <= horizon; e an event.
  uint64_t active(int row, int t) const { return episodes_[Index(kActive, row, t)]; }
  uint64_t steps_active(int row, int n) const { return episodes_[Index(kStepsActive, row, n)]; }
  uint64_t onsets(int e, int n) const { return episodes_[Index(kOnsets, e, n)]; }
  uint64_t ends(int e, int n) const { return episodes_[Index(kEnds, e, n)]; }
  // By quantity (Plan::quantities); empty without.
  const std::vector<QuantityCounts>& quantities() const { return quantities_; }
  QuantityCounts& quantity(size_t q) { return quantities_[q]; }

  // Records one trial: first_step[e] is event e's step (1..horizon), or 0 when it never
  // happened; level_of[e] its level. `counted` false records only that it was simulated.
  void AddTrial(const int* first_step, const int* level_of, bool counted);
  // Records one trial of a version-2 model. REQUIRES: two_way().
  void AddEpisodeTrial(const EpisodePath& path, const int* level_of, bool counted);
  void Add(const Tally& other);

  // Adds `n` to the count of (row, t) directly, for engines that count many trials at once.
  void AddFirst(int row, int t, uint64_t n) { first_[row * (horizon_ + 1) + t] += n; }
  // The same for a version-2 tally's counts. REQUIRES: two_way().
  void AddActive(int row, int t, uint64_t n) { episodes_[Index(kActive, row, t)] += n; }
  void AddStepsActive(int row, int steps, uint64_t n) {
    episodes_[Index(kStepsActive, row, steps)] += n;
  }
  void AddOnsets(int e, int onsets, uint64_t n) { episodes_[Index(kOnsets, e, onsets)] += n; }
  void AddEnds(int e, int ends, uint64_t n) { episodes_[Index(kEnds, e, ends)] += n; }
  void AddTrials(uint64_t simulated, uint64_t counted) {
    simulated_ += simulated;
    counted_ += counted;
  }
  // Every count as one flat array (simulated, counted, then the first-step counts), to be
  // summed across processes; CountsSize() numbers; AddCounts adds such an array back in.
  size_t CountsSize() const {
    size_t size = 2 + first_.size() + episodes_.size();
    for (const QuantityCounts& q : quantities_) size += q.size();
    return size;
  }
  void AppendCounts(std::vector<uint64_t>* out) const;
  void AddCounts(const uint64_t* counts);

 private:
  // The version-2 counts, one block after another, each row × (horizon + 1).
  // kOnsets and kEnds are by event: kOnsets is a whole block of rows (its levels' part
  // unused), so that kEnds, its events only, follows the events of kOnsets.
  enum Block { kActive = 0, kStepsActive = 1, kOnsets = 2, kEnds = 3 };
  size_t Index(Block block, int row, int column) const {
    return (static_cast<size_t>(block) * static_cast<size_t>(num_rows()) +
            static_cast<size_t>(row)) * static_cast<size_t>(horizon_ + 1) +
           static_cast<size_t>(column);
  }

  int horizon_ = 0;
  int num_events_ = 0;
  int num_levels_ = 0;
  bool two_way_ = false;
  uint64_t simulated_ = 0;
  uint64_t counted_ = 0;
  std::vector<uint64_t> first_;  // num_rows × (horizon + 1); column 0: before step 1
  std::vector<uint64_t> episodes_;  // version 2: the blocks of Index (kEnds by event only)
  std::vector<int> level_first_;  // scratch for AddTrial
  std::vector<QuantityCounts> quantities_;
  std::vector<int> quantity_scratch_;  // scratch for AddEpisodeTrial: counts by step and term
};

// The tallies of two arms run on the same trials with the same random numbers (common random
// numbers: the plans differ only in their probabilities, or are two models with the same
// events), and, for each row, the trials in which it happened by the horizon in both arms.
// With the arms' own counts this gives the 2×2 table of every row: both, A only, B only,
// neither — what a paired interval of the difference needs.
//
// Two version-2 arms (two_way) count more: each arm's tally is a version-2 one; both_active,
// by row, the trials in which it is active at the horizon in both arms (a level k: the level at
// the horizon is at least k in both); onsets_squares, by event, the sum over trials of
// (N_b − N_a)², N the onsets in 1..horizon (the paired spread of the mean occurrences). A
// version-1 pair has neither, so its counts and CountsSize are those of version 1.
struct PairedTally {
  PairedTally() = default;
  PairedTally(int horizon, int num_events, int num_levels, bool two_way = false,
              const std::vector<PlanQuantity>& quantities_a = {},
              const std::vector<PlanQuantity>& quantities_b = {})
      : a(horizon, num_events, num_levels, two_way, quantities_a),
        b(horizon, num_events, num_levels, two_way, quantities_b),
        both(static_cast<size_t>(num_events + num_levels), 0),
        both_active(two_way ? static_cast<size_t>(num_events + num_levels) : 0, 0),
        onsets_squares(two_way ? static_cast<size_t>(num_events) : 0, 0) {}

  Tally a, b;
  std::vector<uint64_t> both;            // by row
  std::vector<uint64_t> both_active;     // version 2, by row
  std::vector<uint64_t> onsets_squares;  // version 2, by event

  bool two_way() const { return a.two_way(); }

  // Every count as one flat array (a's, b's, both, both_active, onsets_squares), to be summed
  // across processes; AddCounts adds such an array back in.
  size_t CountsSize() const {
    return a.CountsSize() + b.CountsSize() + both.size() + both_active.size() +
           onsets_squares.size();
  }
  void AppendCounts(std::vector<uint64_t>* out) const {
    a.AppendCounts(out);
    b.AppendCounts(out);
    out->insert(out->end(), both.begin(), both.end());
    out->insert(out->end(), both_active.begin(), both_active.end());
    out->insert(out->end(), onsets_squares.begin(), onsets_squares.end());
  }
  void AddCounts(const uint64_t* counts) {
    a.AddCounts(counts);
    b.AddCounts(counts + a.CountsSize());
    counts += a.CountsSize() + b.CountsSize();
    for (std::vector<uint64_t>* block : {&both, &both_active, &onsets_squares})
      for (uint64_t& count : *block) count += *counts++;
  }
  void Add(const PairedTally& other) {
    a.Add(other.a);
    b.Add(other.b);
    for (size_t row = 0; row < both.size(); ++row) both[row] += other.both[row];
    for (size_t row = 0; row < both_active.size(); ++row)
      both_active[row] += other.both_active[row];
    for (size_t e = 0; e < onsets_squares.size(); ++e)
      onsets_squares[e] += other.onsets_squares[e];
  }
};

}  // namespace brink

#endif  // BRINK_TALLY_H_
