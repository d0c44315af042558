#include "engine/quantity_counts.h"

#include <algorithm>
#include <cmath>

namespace brink {

QuantityCounts::QuantityCounts(const PlanQuantity& quantity, int horizon)
    : quantity_(quantity), horizon_(horizon) {
  counts_.assign(CellIndex(quantity_.cells), 0);
}

double QuantityCounts::Total(const PlanQuantity& quantity, const int* n) {
  double total = 0;
  for (size_t i = 0; i < quantity.terms.size(); ++i)
    total += quantity.terms[i].amount * static_cast<double>(n[i]);
  return total;
}

double QuantityCounts::CellTotal(size_t c) const {
  if (!quantity_.exact) return static_cast<double>(c) * quantity_.bin_width;
  std::vector<int> n(quantity_.terms.size());
  for (int& count : n) {
    count = static_cast<int>(c % static_cast<size_t>(horizon_ + 1));
    c /= static_cast<size_t>(horizon_ + 1);
  }
  return Total(quantity_, n.data());
}

void QuantityCounts::AddTrial(const int* counts) {
  const int k = num_terms();
  for (int t = 1; t <= horizon_; ++t) {
    const int* n = counts + static_cast<size_t>(t - 1) * k;
    uint64_t* sums = &counts_[SumIndex(t, 0)];
    for (int i = 0; i < k; ++i) sums[i] += static_cast<uint64_t>(n[i]);
    uint64_t* cross = sums + k;
    for (int i = 0; i < k; ++i)
      for (int j = i; j < k; ++j)
        *cross++ += static_cast<uint64_t>(n[i]) * static_cast<uint64_t>(n[j]);
  }
  AddHorizon(counts + static_cast<size_t>(horizon_ - 1) * k);
}

void QuantityCounts::AddHorizon(const int* last) {
  const int k = num_terms();
  const double total = Total(quantity_, last);
  if (total > 0) counts_[0] += 1;
  size_t cell = 0;
  if (quantity_.exact) {
    for (int i = k - 1; i >= 0; --i)
      cell = cell * static_cast<size_t>(horizon_ + 1) + static_cast<size_t>(last[i]);
  } else if (quantity_.bin_width > 0) {
    const double bin = std::floor(total / quantity_.bin_width);
    cell = bin >= static_cast<double>(quantity_.cells - 1) ? quantity_.cells - 1
                                                           : static_cast<size_t>(bin);
  }
  counts_[CellIndex(cell)] += 1;
}

void QuantityCounts::Add(const QuantityCounts& other) {
  for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
}

void QuantityCounts::AppendCounts(std::vector<uint64_t>* out) const {
  out->insert(out->end(), counts_.begin(), counts_.end());
}

void QuantityCounts::AddCounts(const uint64_t* counts) {
  for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += counts[i];
}

}  // namespace brink
