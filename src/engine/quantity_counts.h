// The integer counts a Monte Carlo run keeps of one quantity (../shared/spec/quantities.md), in
// a Tally: adding them is exact, so every figure derived from them is the same whatever the
// thread, process or kernel count. Trials are not stored: a quantity takes
// 1 + horizon × (terms + terms·(terms + 1)/2) + cells counts (PlanQuantity), at most about
// 130 KB for kQuantityCells bins.
#ifndef BRINK_ENGINE_QUANTITY_COUNTS_H_
#define BRINK_ENGINE_QUANTITY_COUNTS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "plan/plan.h"

namespace brink {

class QuantityCounts {
 public:
  QuantityCounts(const PlanQuantity& quantity, int horizon);

  const PlanQuantity& quantity() const { return quantity_; }
  int horizon() const { return horizon_; }
  int num_terms() const { return static_cast<int>(quantity_.terms.size()); }
  int num_pairs() const { return num_terms() * (num_terms() + 1) / 2; }

  // Trials whose total at the horizon is > 0.
  uint64_t positive() const { return counts_[0]; }
  // Σ over trials of term i's count by step t (steps active in 1..t, or onsets in 1..t).
  uint64_t sum(int t, int i) const { return counts_[SumIndex(t, i)]; }
  // Σ over trials of the product of terms i's and j's counts by step t, i <= j.
  uint64_t cross(int t, int i, int j) const { return counts_[CrossIndex(t, i, j)]; }
  // Trials in cell c (PlanQuantity: exact, the joint counts Σ n_i (horizon + 1)^i; binned,
  // the bin of the total).
  uint64_t cell(size_t c) const { return counts_[CellIndex(c)]; }
  // Cell c's total: exact, Σ amount_i × n_i (the trial's own, bit for bit); binned, the bin's
  // lower edge.
  double CellTotal(size_t c) const;

  // Records a trial's counts: counts[(t − 1) × terms + i] is term i's count by step t.
  void AddTrial(const int* counts);
  // The same in parts, for engines that count many trials at once: n trials' sum of term i's
  // counts by step t, and of the products of terms i's and j's (i <= j); and one trial's counts
  // at the horizon (its total's cell and whether it is > 0).
  void AddSum(int t, int i, uint64_t n) { counts_[SumIndex(t, i)] += n; }
  void AddCross(int t, int i, int j, uint64_t n) { counts_[CrossIndex(t, i, j)] += n; }
  void AddHorizon(const int* n);
  void Add(const QuantityCounts& other);
  size_t size() const { return counts_.size(); }
  void AppendCounts(std::vector<uint64_t>* out) const;
  void AddCounts(const uint64_t* counts);

  // A trial's total from its terms' counts, in term order (every engine sums alike).
  static double Total(const PlanQuantity& quantity, const int* n);

 private:
  size_t SumIndex(int t, int i) const {
    return 1 + static_cast<size_t>(t - 1) * static_cast<size_t>(num_terms() + num_pairs()) +
           static_cast<size_t>(i);
  }
  size_t CrossIndex(int t, int i, int j) const {  // i <= j
    return SumIndex(t, 0) + static_cast<size_t>(num_terms()) +
           static_cast<size_t>(i * num_terms() - i * (i - 1) / 2 + (j - i));
  }
  size_t CellIndex(size_t c) const {
    return 1 + static_cast<size_t>(horizon_) * static_cast<size_t>(num_terms() + num_pairs()) + c;
  }

  PlanQuantity quantity_;
  int horizon_ = 0;
  std::vector<uint64_t> counts_;
};

}  // namespace brink

#endif  // BRINK_ENGINE_QUANTITY_COUNTS_H_
