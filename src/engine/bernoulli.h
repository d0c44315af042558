// The fast engine's kernel: for 512 trials at once, which lanes' uniform numbers U fall
// below p, reading a decision's keyed words (brink/random.h) from the most significant bit
// down and stopping as soon as every lane is decided.
#ifndef BRINK_ENGINE_BERNOULLI_H_
#define BRINK_ENGINE_BERNOULLI_H_

#include <algorithm>

#include "engine/lanes.h"
#include "engine/philox_lanes.h"

namespace brink {

// The words of one decision's stream for a group of 8 blocks, computed in batches as the
// lanes need them.
class GroupWords {
 public:
  GroupWords(const StreamKey& key, uint64_t first_block) : philox_(key, first_block) {}

  // Word k, having computed words up to at least k but, batching aside, not past
  // `needed` - 1 (so a p whose binary expansion ends early costs no extra words).
  Lanes Word(int k, int needed) {
    while (k >= computed_) {
      int pairs = std::clamp((needed - computed_ + 1) / 2, 1, computed_ == 0 ? 4 : 2);
      switch (pairs) {
        case 1: philox_.Pairs<1>(computed_ / 2, words_); break;
        case 2: philox_.Pairs<2>(computed_ / 2, words_); break;
        case 3: philox_.Pairs<3>(computed_ / 2, words_); break;
        default: philox_.Pairs<4>(computed_ / 2, words_); break;
      }
      computed_ += 2 * pairs;
    }
    return words_[k];
  }

  // All 64 words.
  const Lanes* All() {
    Word(63, 64);
    return words_;
  }

 private:
  PhiloxLanes philox_;
  int computed_ = 0;
  Lanes words_[64];
};

// Index, from the most significant bit, of the last 1 bit of `bits` (0..63). REQUIRES: bits.
inline int LastOne(uint64_t bits) { return 63 - __builtin_ctzll(bits); }

// The lanes of `active` with U < threshold, where threshold = ceil(p·2^64) in (0, 2^64).
inline Lanes BelowThreshold(GroupWords* words, Lanes active, uint64_t threshold) {
  Lanes success = Broadcast(0), undecided = active;
  const int last = LastOne(threshold);
  for (int k = 0; k <= last && Any(undecided); ++k) {
    Lanes w = words->Word(k, last + 1);
    if ((threshold >> (63 - k)) & 1) {
      success |= undecided & ~w;  // U's bit 0 where p's is 1: U < p
      undecided &= w;
    } else {
      undecided &= ~w;            // U's bit 1 where p's is 0: U > p
    }
  }
  return success;  // lanes still undecided have U's prefix equal to all of p: U >= p
}

}  // namespace brink

#endif  // BRINK_ENGINE_BERNOULLI_H_
