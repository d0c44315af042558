// Rows of lanes kept between the steps of a group's trials, and counters with one small
// integer per lane, compiled once per SIMD target (engine/lanes-inl.h explains the
// convention). Rows are stored as plain aligned words, so that no vector lives across calls.
#if defined(BRINK_ENGINE_LANE_ROWS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef BRINK_ENGINE_LANE_ROWS_INL_H_
#undef BRINK_ENGINE_LANE_ROWS_INL_H_
#else
#define BRINK_ENGINE_LANE_ROWS_INL_H_
#endif

#include <algorithm>
#include <cstdint>

#include <hwy/aligned_allocator.h>
#include <hwy/highway.h>

#include "engine/lanes-inl.h"

HWY_BEFORE_NAMESPACE();
namespace brink {
namespace HWY_NAMESPACE {

// Rows of lanes (a row is one Lanes).
class LaneRows {
 public:
  explicit LaneRows(size_t rows)
      : rows_(rows),
        words_(hwy::AllocateAligned<uint64_t>(std::max<size_t>(rows, 1) * kGroupBlocks)) {}

  HWY_INLINE Lanes Get(size_t row) const { return LoadLanes(&words_[row * kGroupBlocks]); }
  HWY_INLINE void Set(size_t row, const Lanes& lanes) {
    StoreLanes(lanes, &words_[row * kGroupBlocks]);
  }
  HWY_INLINE void Or(size_t row, const Lanes& lanes) { Set(row, Get(row) | lanes); }
  HWY_INLINE void Clear(size_t row, const Lanes& lanes) { Set(row, AndNot(Get(row), lanes)); }
  void Clear() { std::fill(words_.get(), words_.get() + rows_ * kGroupBlocks, uint64_t{0}); }
  // Copies every row of `other`. REQUIRES: other has as many rows.
  void CopyFrom(const LaneRows& other) {
    std::copy(other.words_.get(), other.words_.get() + rows_ * kGroupBlocks, words_.get());
  }

 private:
  size_t rows_;
  hwy::AlignedFreeUniquePtr<uint64_t[]> words_;
};

// Counters, one per lane, each of `bits` bits (bit-sliced: row c · bits + b holds bit b of
// counter c for every lane), counting up to 2^bits − 1 without overflow.
class LaneCounters {
 public:
  LaneCounters(int counters, int bits) : bits_(bits), rows_(static_cast<size_t>(counters) * bits) {}

  static int BitsFor(int max_count) {
    int bits = 1;
    while ((max_count >> bits) != 0) ++bits;
    return bits;
  }

  void Clear() { rows_.Clear(); }

  int bits() const { return bits_; }
  // Bit b of counter c, for every lane.
  HWY_INLINE Lanes Plane(int c, int b) const {
    return rows_.Get(static_cast<size_t>(c) * bits_ + b);
  }

  // Adds 1 to counter c in `lanes`.
  HWY_INLINE void Increment(int c, Lanes carry) {
    const size_t base = static_cast<size_t>(c) * bits_;
    for (int b = 0; b < bits_ && Any(carry); ++b) {
      const Lanes bit = rows_.Get(base + b);
      rows_.Set(base + b, bit ^ carry);
      carry &= bit;
    }
  }

  // Calls visit(n, count) for each value n that counter c takes in `lanes` (count: the number
  // of those lanes), splitting the lanes bit by bit and skipping empty parts.
  template <typename Visit>
  void Histogram(int c, const Lanes& lanes, Visit&& visit) const {
    Split(static_cast<size_t>(c) * bits_, bits_ - 1, 0, lanes, visit);
  }

 private:
  template <typename Visit>
  void Split(size_t base, int b, int prefix, const Lanes& lanes, Visit& visit) const {
    if (!Any(lanes)) return;
    if (b < 0) {
      visit(prefix, Popcount(lanes));
      return;
    }
    const Lanes bit = rows_.Get(base + b);
    Split(base, b - 1, prefix, AndNot(lanes, bit), visit);
    Split(base, b - 1, prefix | (1 << b), lanes & bit, visit);
  }

  int bits_;
  LaneRows rows_;
};

}  // namespace HWY_NAMESPACE
}  // namespace brink
HWY_AFTER_NAMESPACE();

#endif  // BRINK_ENGINE_LANE_ROWS_INL_H_
