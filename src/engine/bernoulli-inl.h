// The fast engine's kernel, compiled once per SIMD target: for a group of trials, which
// lanes' uniform numbers U fall below p, reading a decision's keyed words (random/random.h)
// from the most significant bit down and stopping as soon as every lane is decided.
//
// A per-target header (engine/lanes-inl.h explains the convention).
#if defined(BRINK_ENGINE_BERNOULLI_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef BRINK_ENGINE_BERNOULLI_INL_H_
#undef BRINK_ENGINE_BERNOULLI_INL_H_
#else
#define BRINK_ENGINE_BERNOULLI_INL_H_
#endif

#include <algorithm>

#include <hwy/highway.h>

#include "engine/lanes-inl.h"
#include "engine/philox_lanes-inl.h"

HWY_BEFORE_NAMESPACE();
namespace brink {
namespace HWY_NAMESPACE {

// The words of one decision's stream for a group of 8 blocks, computed in batches as the
// lanes need them.
class GroupWords {
 public:
  // `lanes`: the lanes that will read the words, which sets the size of the first batch.
  // REQUIRES: `keys` are the round keys of key.seed.
  GroupWords(const StreamKey& key, uint64_t first_block, const RoundKeys* keys,
             const Lanes& lanes)
      : philox_(key, first_block, keys), first_words_(ExpectedWords(Popcount(lanes))) {}

  // Word k, having computed words up to at least k but, batching aside, not past
  // `needed` - 1 (so a p whose binary expansion ends early costs no extra words).
  HWY_INLINE Lanes Word(int k, int needed) {
    if (HWY_UNLIKELY(k >= computed_)) Compute(k, needed);
    return LoadLanes(words_ + k * kGroupBlocks);
  }

 private:
  // Out of line: the Philox rounds are the bulk of the code, and inlining them at every
  // decision would only bloat it. Only the object's own words cross the call.
  HWY_NOINLINE void Compute(int k, int needed) {
    while (k >= computed_) {
      const int goal = computed_ == 0 ? std::min(needed, std::max(k + 1, first_words_)) : needed;
      const int pairs = std::clamp((goal - computed_ + 1) / 2, 1, computed_ == 0 ? 4 : kLaterPairs);
      switch (pairs) {
        case 1: philox_.Pairs<1>(computed_ / 2, words_); break;
        case 2: philox_.Pairs<2>(computed_ / 2, words_); break;
        case 3: philox_.Pairs<3>(computed_ / 2, words_); break;
        default: philox_.Pairs<4>(computed_ / 2, words_); break;
      }
      computed_ += 2 * pairs;
    }
  }

  // Words that n lanes are expected to read before each has found the bit where its U and p
  // differ (each word decides a lane with chance 1/2): about log2(n) + 2. The first batch
  // computes that many, so a decision for a few lanes costs few words.
  static int ExpectedWords(uint64_t n) { return n == 0 ? 1 : 65 - __builtin_clzll(n); }

  // Pairs of words per later batch: AVX-512 has the registers to overlap two; elsewhere one
  // at a time wastes fewer words (measured, docs/simd.md).
#if HWY_TARGET == HWY_AVX3
  static constexpr int kLaterPairs = 2;
#else
  static constexpr int kLaterPairs = 1;
#endif

  PhiloxLanes philox_;
  int first_words_;
  int computed_ = 0;
  HWY_ALIGN uint64_t words_[64 * kGroupBlocks];
};

// Index, from the most significant bit, of the last 1 bit of `bits` (0..63). REQUIRES: bits.
HWY_INLINE int LastOne(uint64_t bits) { return 63 - __builtin_ctzll(bits); }

// The lanes of `active` with U < threshold, where threshold = ceil(p·2^64) in (0, 2^64).
HWY_INLINE Lanes BelowThreshold(GroupWords* words, const Lanes& active, uint64_t threshold) {
  Lanes success = Broadcast(0), undecided = active;
  const int last = LastOne(threshold);
  // Branching on p's bits measured faster than a branch-free form: a model's thresholds
  // repeat, so the predictor learns their bit patterns.
  for (int k = 0; k <= last && Any(undecided); ++k) {
    const Lanes w = words->Word(k, last + 1);
    if ((threshold >> (63 - k)) & 1) {
      success |= AndNot(undecided, w);  // U's bit 0 where p's is 1: U < p
      undecided &= w;
    } else {
      undecided = AndNot(undecided, w);  // U's bit 1 where p's is 0: U > p
    }
  }
  return success;  // lanes still undecided have U's prefix equal to all of p: U >= p
}

}  // namespace HWY_NAMESPACE
}  // namespace brink
HWY_AFTER_NAMESPACE();

#endif  // BRINK_ENGINE_BERNOULLI_INL_H_
