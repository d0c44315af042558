// The exact engine's trial states for a version-2 model (engine/exact_episodes.h): a layout
// that packs the state of ../shared/spec/episodes.md "One step, with endings" into a few 64-bit
// words, the onset counts a state carries beside its key, and the fan of branches one stage
// makes of one state.
#ifndef BRINK_ENGINE_EXACT_EPISODE_STATE_H_
#define BRINK_ENGINE_EXACT_EPISODE_STATE_H_

#include <cassert>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "plan/plan.h"

namespace brink {

// One state is `words()` words holding, by event (file order):
//   active            the event is active (every event)
//   ever              the event has happened (every event)
//   armed             a response may be decided (responses only)
//   end decided       `ends.p`: the current occurrence's end was decided (those events only)
//   due               the step a decided onset is due, 0 for none (responses whose largest
//                     delay is at least 1)
//   end due           the step the current occurrence is due to end, 0 for none or past the
//                     horizon (events with `lasts`, and `ends.p` whose largest delay is >= 1)
//   seen              the onsets in steps 1..t so far, while t <= as_of of a history that
//                     records the event's episodes (the `recorded` events; 0 after as_of)
// Bits first, then fields of bit_width(horizon) bits that never straddle a word. The number of
// onsets is not in the key: it changes no future and no other figure, so it is carried beside
// the key (OnsetCounts), which keeps the states as few as without it. `seen` is the exception:
// up to as_of it changes which futures a history allows, so it is in the key until then.
//
// A field or bit an event does not have reads 0 and must not be set. The engine keeps the
// state canonical, so that equal futures merge: an inactive event has no end due and no end
// decided; a step past the horizon is never stored.
class EpisodeLayout {
 public:
  // `recorded`: the events whose onsets a history's episode records count (a `seen` field
  // each); none without a history.
  explicit EpisodeLayout(const Plan& plan, const std::vector<int>& recorded = {});

  int words() const { return words_; }
  int num_events() const { return num_events_; }

  bool Active(const uint64_t* s, int e) const { return Bit(s, e); }
  void SetActive(uint64_t* s, int e, bool on) const { SetBit(s, e, on); }
  bool Ever(const uint64_t* s, int e) const { return Bit(s, num_events_ + e); }
  void SetEver(uint64_t* s, int e) const { SetBit(s, num_events_ + e, true); }
  bool Armed(const uint64_t* s, int e) const { return armed_bit_[e] >= 0 && Bit(s, armed_bit_[e]); }
  // REQUIRES: e is a response.
  void SetArmed(uint64_t* s, int e, bool on) const { SetBit(s, armed_bit_[e], on); }
  bool EndDecided(const uint64_t* s, int e) const {
    return decided_bit_[e] >= 0 && Bit(s, decided_bit_[e]);
  }
  // REQUIRES: e ends by `ends.p`.
  void SetEndDecided(uint64_t* s, int e, bool on) const { SetBit(s, decided_bit_[e], on); }

  int Due(const uint64_t* s, int e) const { return Get(s, due_[e]); }
  // REQUIRES: CanBeDue(e).
  void SetDue(uint64_t* s, int e, int step) const { Put(s, due_[e], step); }
  bool CanBeDue(int e) const { return due_[e].word >= 0; }
  int EndDue(const uint64_t* s, int e) const { return Get(s, end_due_[e]); }
  // REQUIRES: CanEndBeDue(e), or step == 0.
  void SetEndDue(uint64_t* s, int e, int step) const {
    if (end_due_[e].word >= 0) Put(s, end_due_[e], step);
  }
  bool CanEndBeDue(int e) const { return end_due_[e].word >= 0; }
  // The `seen` count; 0 for an event not recorded.
  int Seen(const uint64_t* s, int e) const { return Get(s, seen_[e]); }
  // REQUIRES: e recorded, 0 <= n <= horizon.
  void SetSeen(uint64_t* s, int e, int n) const { Put(s, seen_[e], n); }

  // The level at this point: the highest level among the active events (0 when none).
  int ActiveLevel(const uint64_t* s) const;
  // The level reached: the highest level among the events that have happened.
  int EverLevel(const uint64_t* s) const;

  // Calls row(r) for every row (event e → e, level k → n + k − 1) whose first occurrence is
  // the move from `before` to `after`: events that happened in it, levels newly reached.
  template <typename F>
  void ForEachNewRow(const uint64_t* before, const uint64_t* after, F&& row) const {
    int fresh_level = 0;
    for (int e = 0; e < num_events_; ++e) {
      if (!Ever(after, e) || Ever(before, e)) continue;
      row(e);
      if (level_of_[e] > fresh_level) fresh_level = level_of_[e];
    }
    if (fresh_level == 0) return;
    // Events only ever happen, so the level reached after is the higher of the two.
    for (int k = EverLevel(before) + 1; k <= fresh_level; ++k) row(num_events_ + k - 1);
  }

 private:
  struct Field {
    int word = -1;  // -1: the event has no such field
    int shift = 0;
  };

  bool Bit(const uint64_t* s, int b) const { return (s[b >> 6] >> (b & 63)) & 1; }
  void SetBit(uint64_t* s, int b, bool on) const {
    const uint64_t m = uint64_t{1} << (b & 63);
    s[b >> 6] = on ? s[b >> 6] | m : s[b >> 6] & ~m;
  }
  int Get(const uint64_t* s, Field f) const {
    return f.word < 0 ? 0 : static_cast<int>((s[f.word] >> f.shift) & field_mask_);
  }
  void Put(uint64_t* s, Field f, int step) const {
    uint64_t& w = s[f.word];
    w = (w & ~(field_mask_ << f.shift)) | (static_cast<uint64_t>(step) << f.shift);
  }

  int num_events_;
  int words_ = 1;
  uint64_t field_mask_;
  std::vector<int> armed_bit_;    // by event; -1 for none
  std::vector<int> decided_bit_;  // by event; -1 for none
  std::vector<Field> due_;
  std::vector<Field> end_due_;
  std::vector<Field> seen_;
  std::vector<int> level_of_;
};

// Beside each entry of a state set, for each recurring event r, the entry's mass split by the
// number of r's onsets so far: row(i)[slot(r) + n] = P(state i and n onsets of r). Each event's
// part sums to the entry's mass. Events without `recurs` need none: their count is 0 or 1 and
// read from the key (ever, and not `initially`).
class OnsetCounts {
 public:
  // `recurring`: the recurring events, in file order; each has room for counts 0..bound(r).
  OnsetCounts(std::vector<int> recurring, std::vector<int> bounds);

  bool empty() const { return width_ == 0; }
  int width() const { return width_; }
  const std::vector<int>& events() const { return events_; }
  int slot(int r) const { return slots_[r]; }  // r: position in events()
  int bound(int r) const { return bounds_[r]; }

  // Makes room for `entries` entries, new ones zero.
  void Resize(size_t entries) {
    if (entries * width_ > data_.size()) data_.resize(entries * width_, 0.0);
  }
  void Clear() { data_.clear(); }
  // Multiplies every count's mass by 2^k, as StateSet::Scale does the entries'.
  void Scale(int k) {
    for (double& p : data_) p = std::ldexp(p, k);
  }
  double* row(size_t i) { return data_.data() + i * width_; }
  const double* row(size_t i) const { return data_.data() + i * width_; }

  // Adds weight × `from` (a row) to row i, each recurring event's counts moved up by one
  // where onset(e) says the move began an occurrence of it. REQUIRES: Resize(i + 1) done.
  template <typename F>
  void AddMoved(size_t i, const double* from, double weight, F&& onset) {
    double* to = row(i);
    for (size_t r = 0; r < events_.size(); ++r) {
      const int at = slots_[r];
      const int up = onset(events_[r]) ? 1 : 0;
      assert(up == 0 || from[at + bounds_[r]] == 0);  // the bound holds every count
      for (int n = 0; n + up <= bounds_[r]; ++n) to[at + n + up] += weight * from[at + n];
    }
  }

 private:
  std::vector<int> events_;
  std::vector<int> bounds_;
  std::vector<int> slots_;
  int width_ = 0;
  std::vector<double> data_;
};

// The outcomes of one stage from one state: (key, weight) pairs, built by adding branches and
// splitting them, event by event, into independent outcomes.
class Branches {
 public:
  explicit Branches(int words) : words_(words) {}

  void Clear() {
    keys_.clear();
    weights_.clear();
  }
  // Adds a branch (a copy of `key`) and returns its index.
  size_t Add(const uint64_t* key, double weight) {
    keys_.insert(keys_.end(), key, key + words_);
    weights_.push_back(weight);
    return weights_.size() - 1;
  }
  size_t size() const { return weights_.size(); }
  uint64_t* key(size_t i) { return &keys_[i * words_]; }
  const uint64_t* key(size_t i) const { return &keys_[i * words_]; }
  double weight(size_t i) const { return weights_[i]; }

  // Replaces each branch from index `first` on by one copy per outcome j with weights[j] > 0:
  // its weight multiplied by weights[j], its key changed by change(key, j). The branches
  // before `first` stay as they are.
  template <typename F>
  void Split(const std::vector<double>& weights, F&& change, size_t first = 0) {
    next_keys_.assign(keys_.begin(), keys_.begin() + first * words_);
    next_weights_.assign(weights_.begin(), weights_.begin() + first);
    for (size_t b = first; b < weights_.size(); ++b)
      for (size_t j = 0; j < weights.size(); ++j) {
        if (!(weights[j] > 0)) continue;
        next_keys_.insert(next_keys_.end(), key(b), key(b) + words_);
        change(&next_keys_[next_keys_.size() - words_], static_cast<int>(j));
        next_weights_.push_back(weights_[b] * weights[j]);
      }
    keys_.swap(next_keys_);
    weights_.swap(next_weights_);
  }

 private:
  int words_;
  std::vector<uint64_t> keys_, next_keys_;
  std::vector<double> weights_, next_weights_;
};

}  // namespace brink

#endif  // BRINK_ENGINE_EXACT_EPISODE_STATE_H_
