// The exact engine's trial states (brink/exact.h): a layout that packs one state into a few
// 64-bit words, and a set of states with their probabilities that merges identical ones.
#ifndef BRINK_ENGINE_EXACT_STATE_H_
#define BRINK_ENGINE_EXACT_STATE_H_

#include <cstddef>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "plan/plan.h"

namespace brink {

// One state is `words()` words:
//   bits [0, n)            event e has happened
//   bits [n, 2n)           event e (a response) has been decided
//   then, word-aligned,    the absolute step at which each response that can be pending is
//                          due (0: nothing pending), in fields of bit_width(horizon) bits that
//                          never straddle a word.
// A response can be pending only if its largest delay is at least 1.
class StateLayout {
 public:
  explicit StateLayout(const Plan& plan);

  int words() const { return words_; }
  int num_events() const { return num_events_; }

  bool Happened(const uint64_t* s, int e) const { return (s[e >> 6] >> (e & 63)) & 1; }
  void SetHappened(uint64_t* s, int e) const { s[e >> 6] |= uint64_t{1} << (e & 63); }
  bool Decided(const uint64_t* s, int e) const { return Happened(s, num_events_ + e); }
  void SetDecided(uint64_t* s, int e) const { SetHappened(s, num_events_ + e); }

  // REQUIRES: event e can be pending (CanBePending(e)) for the setter; Due is 0 otherwise.
  bool CanBePending(int e) const { return due_word_[e] >= 0; }
  int Due(const uint64_t* s, int e) const {
    if (due_word_[e] < 0) return 0;
    return static_cast<int>((s[due_word_[e]] >> due_shift_[e]) & due_mask_);
  }
  void SetDue(uint64_t* s, int e, int step) const {
    uint64_t& w = s[due_word_[e]];
    w = (w & ~(due_mask_ << due_shift_[e])) | (static_cast<uint64_t>(step) << due_shift_[e]);
  }
  // Events that can be pending, in increasing index order.
  const std::vector<int>& pending_events() const { return pending_events_; }

  // The largest level among the events that happened in `s` (0 when none).
  int Level(const uint64_t* s) const;
  // Calls row(r) for every row (event e → e, level k → n + k - 1) whose first occurrence is
  // the move from `before` to `after`: events that happened, and levels newly reached.
  template <typename F>
  void ForEachNewRow(const uint64_t* before, const uint64_t* after, F&& row) const {
    int fresh_level = 0;  // the highest level among the events that happened in the move
    for (int w = 0; w < happened_words_; ++w) {
      uint64_t fresh = after[w] & ~before[w] & HappenedMask(w);
      while (fresh != 0) {
        const int e = w * 64 + __builtin_ctzll(fresh);
        row(e);
        fresh_level = std::max(fresh_level, level_of_[e]);
        fresh &= fresh - 1;
      }
    }
    if (fresh_level == 0) return;
    // Events only ever happen, so the level after is the higher of the two.
    for (int k = Level(before) + 1; k <= fresh_level; ++k) row(num_events_ + k - 1);
  }

 private:
  uint64_t HappenedMask(int w) const {
    int bits = num_events_ - w * 64;
    return bits >= 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
  }

  int num_events_;
  int happened_words_;
  int words_;
  uint64_t due_mask_;
  std::vector<int> due_word_;   // by event; -1 when it can never be pending
  std::vector<int> due_shift_;
  std::vector<int> pending_events_;
  std::vector<int> level_of_;
};

// States with their probabilities. Add merges a state into an existing equal one; Append
// always makes a new entry (for the unmerged mode) yet Find still finds the first entry with
// a key. Indices are stable and follow insertion order, so the same inserts give the same set.
// An entry may hold probability 0 (a state whose mass moved on, SetProbability); it keeps its
// index until the set is copied without it, and live() does not count it.
class StateSet {
 public:
  explicit StateSet(int words) : words_(words) {}

  size_t size() const { return probability_.size(); }
  size_t live() const { return probability_.size() - zeroes_; }
  const uint64_t* key(size_t i) const { return &keys_[i * words_]; }
  double probability(size_t i) const { return probability_[i]; }

  void Clear();
  // Adds probability p > 0 to the state `key`, creating it if new; returns its entry.
  size_t Add(const uint64_t* key, double p);
  // Sets entry i's probability (>= 0).
  void SetProbability(size_t i, double p) {
    zeroes_ += (p == 0) - (probability_[i] == 0);
    probability_[i] = p;
  }
  // A new entry for `key` with probability p, even when an equal state exists; returns it.
  size_t Append(const uint64_t* key, double p);
  // Multiplies every probability by 2^k (k >= 0): exact, so sums and products of the scaled
  // probabilities round as the unscaled ones would.
  void Scale(int k) {
    for (double& p : probability_) p = std::ldexp(p, k);
  }
  // The largest probability held (0 for none).
  double Largest() const {
    double m = 0;
    for (double p : probability_) m = p > m ? p : m;
    return m;
  }
  // The index of the first entry whose key equals `key`, or -1.
  long Find(const uint64_t* key) const;

 private:
  uint64_t Hash(const uint64_t* key) const;
  bool Equal(const uint64_t* a, const uint64_t* b) const {
    for (int i = 0; i < words_; ++i)
      if (a[i] != b[i]) return false;
    return true;
  }
  // The slot holding `key`, or the empty slot where it belongs.
  size_t Slot(const uint64_t* key, uint64_t hash) const;
  void Grow();

  int words_;
  std::vector<uint64_t> keys_;
  std::vector<double> probability_;
  std::vector<uint32_t> table_;  // open addressing, linear probing: entry index + 1, 0 = empty
  size_t indexed_ = 0;           // distinct keys in table_
  size_t zeroes_ = 0;            // entries of probability 0
};

}  // namespace brink

#endif  // BRINK_ENGINE_EXACT_STATE_H_
