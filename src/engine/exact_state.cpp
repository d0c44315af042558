#include "engine/exact_state.h"

#include <algorithm>
#include <bit>

namespace brink {

StateLayout::StateLayout(const Plan& plan)
    : num_events_(plan.num_events),
      happened_words_((plan.num_events + 63) / 64),
      due_word_(plan.num_events, -1),
      due_shift_(plan.num_events, 0),
      level_of_(plan.level_of) {
  const int width = std::bit_width(static_cast<unsigned>(plan.horizon));
  due_mask_ = (uint64_t{1} << width) - 1;
  int next_word = (2 * num_events_ + 63) / 64;  // after the happened and decided bits
  int word = -1;
  int shift = 64;  // no word open for due fields yet
  for (const PlanEvent& pe : plan.order)
    if (!pe.trigger && pe.delay_hi >= 1) pending_events_.push_back(pe.event);
  std::sort(pending_events_.begin(), pending_events_.end());
  for (int e : pending_events_) {
    if (shift + width > 64) {
      word = next_word++;
      shift = 0;
    }
    due_word_[e] = word;
    due_shift_[e] = shift;
    shift += width;
  }
  words_ = std::max(next_word, 1);
}

int StateLayout::Level(const uint64_t* s) const {
  int level = 0;
  for (int w = 0; w < happened_words_; ++w) {
    uint64_t bits = s[w] & HappenedMask(w);
    while (bits != 0) {
      level = std::max(level, level_of_[w * 64 + __builtin_ctzll(bits)]);
      bits &= bits - 1;
    }
  }
  return level;
}

void StateSet::Clear() {
  keys_.clear();
  probability_.clear();
  std::fill(table_.begin(), table_.end(), 0);
  indexed_ = 0;
  zeroes_ = 0;
}

uint64_t StateSet::Hash(const uint64_t* key) const {
  uint64_t h = 0x9E3779B97F4A7C15ull;
  for (int i = 0; i < words_; ++i) {
    h ^= key[i];
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  h *= 0x94D049BB133111EBull;
  return h ^ (h >> 29);
}

size_t StateSet::Slot(const uint64_t* key, uint64_t hash) const {
  const size_t mask = table_.size() - 1;
  for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    uint32_t entry = table_[slot];
    if (entry == 0 || Equal(&keys_[(entry - 1) * words_], key)) return slot;
  }
}

void StateSet::Grow() {
  std::vector<uint32_t> old;
  old.swap(table_);
  table_.assign(std::max<size_t>(64, old.size() * 2), 0);
  for (uint32_t entry : old)
    if (entry != 0) table_[Slot(key(entry - 1), Hash(key(entry - 1)))] = entry;
}

size_t StateSet::Add(const uint64_t* key, double p) {
  if (2 * (indexed_ + 1) > table_.size()) Grow();
  size_t slot = Slot(key, Hash(key));
  if (table_[slot] != 0) {
    double& q = probability_[table_[slot] - 1];
    if (q == 0 && p != 0) --zeroes_;
    q += p;
    return table_[slot] - 1;
  }
  keys_.insert(keys_.end(), key, key + words_);
  probability_.push_back(p);
  zeroes_ += p == 0;
  table_[slot] = static_cast<uint32_t>(probability_.size());
  ++indexed_;
  return probability_.size() - 1;
}

size_t StateSet::Append(const uint64_t* key, double p) {
  if (2 * (indexed_ + 1) > table_.size()) Grow();
  size_t slot = Slot(key, Hash(key));
  keys_.insert(keys_.end(), key, key + words_);
  probability_.push_back(p);
  zeroes_ += p == 0;
  if (table_[slot] == 0) {
    table_[slot] = static_cast<uint32_t>(probability_.size());
    ++indexed_;
  }
  return probability_.size() - 1;
}

long StateSet::Find(const uint64_t* key) const {
  if (table_.empty()) return -1;
  uint32_t entry = table_[Slot(key, Hash(key))];
  return static_cast<long>(entry) - 1;
}

}  // namespace brink
