// Keyed random words (../docs/randomness.md). Every random decision of a run owns a stream
// of 64-bit words W(key, k), k = 0, 1, 2..., that is a pure function of its key: Philox4x32-10
// keyed by the run's seed, with a 128-bit counter packed as
//
//   ctr[0] = trial block (trial / 64), low 32 bits      → at most 2^38 trials per draw
//   ctr[1] = draw                                        → at most 2^32 draws
//   ctr[2] = event index << 16 | step                    → at most 65535 events and steps
//   ctr[3] = (purpose & 3) << 30 | (purpose >> 2) << 29 | k / 2
//                                                        → at most 2^30 words per stream
//
// Version 2's purposes (events that end, ../shared/spec/randomness.md) set bit 29, which no
// version-1 counter sets (its word index stays below 2^30): version 1's streams are unchanged.
//
// and word k the (k % 2)-th half of that Philox output: out[0] | out[1] << 32 for even k,
// out[2] | out[3] << 32 for odd k. Trial `lane = trial % 64` of a block reads bit `lane` of
// each word: bit lane of word 0 is the most significant bit of its uniform number U.
#ifndef BRINK_RANDOM_H_
#define BRINK_RANDOM_H_

#include <cstdint>
#include <vector>

namespace brink {

enum class Purpose : uint32_t {
  kDecide = 0,
  kDelay = 1,
  kHazard = 2,
  kParam = 3,
  kEndDecide = 4,  // an end decision's success (step: the step of the decision)
  kEndDelay = 5,   // its delay
  kEndHazard = 6,  // an end hazard at step t
  kLasts = 7,      // a `lasts` duration (step: the onset step, 0 for an initial occurrence)
};

// ctr[3]'s purpose bits.
constexpr uint32_t PurposeBits(Purpose purpose) {
  const uint32_t p = static_cast<uint32_t>(purpose);
  return (p & 3) << 30 | (p >> 2) << 29;
}

struct StreamKey {
  uint64_t seed = 0;
  uint32_t draw = 0;
  uint64_t block = 0;  // REQUIRES: < 2^32
  uint32_t event = 0;  // REQUIRES: < 2^16 (a parameter index for kParam)
  uint32_t step = 0;   // REQUIRES: < 2^16; 0 for a response's decide and delay
  Purpose purpose = Purpose::kDecide;
};

// Philox4x32-10 of (counter, key): the primitive, exposed for the known-answer test. Random123's
// (its authors' code) where its feature header knows the target; brink's own written-out
// rounds (Philox4x32Written) for WebAssembly, which that header refuses. The test suite checks
// both against the published known-answer vectors.
void Philox4x32(const uint32_t counter[4], const uint32_t key[2], uint32_t out[4]);
void Philox4x32Written(const uint32_t counter[4], const uint32_t key[2], uint32_t out[4]);

// The words of one key, computed on demand (two per Philox call, the last pair cached).
class KeyedStream {
 public:
  explicit KeyedStream(const StreamKey& key);
  uint64_t Word(uint32_t k);

 private:
  uint32_t counter_[4];
  uint32_t key_[2];
  uint32_t cached_pair_ = ~0u;
  uint64_t pair_[2] = {0, 0};
};

// The first 64 words of one key, computed in pairs on demand and kept: the words every lane
// of a trial block shares (each lane reads its own bit of each word), for an engine that runs
// the lanes of a block one at a time (engine/tilted.h) and should run Philox once per block,
// not once per lane. The same words as KeyedStream's.
class BlockStream {
 public:
  explicit BlockStream(const StreamKey& key) : stream_(key) {}
  uint64_t Word(uint32_t k) {  // REQUIRES: k < 64
    const uint32_t pair = k >> 1;
    if (!(have_ >> pair & 1)) Fill(pair);
    return words_[k];
  }

 private:
  void Fill(uint32_t pair);  // words 2·pair and 2·pair + 1, from one Philox call

  KeyedStream stream_;
  uint64_t have_ = 0;  // bit j: words 2j and 2j + 1 are in words_
  uint64_t words_[64];
};

// p as an exact comparison threshold: U < p ⇔ N < bits for the 64-bit integer N = U·2^64,
// except that p = 1 is `certain` (always true). bits = ceil(p·2^64), exact for every double.
struct Threshold {
  uint64_t bits = 0;
  bool certain = false;

  static Threshold FromProbability(double p);  // REQUIRES: 0 <= p <= 1
  bool operator==(const Threshold&) const = default;
};

// Whether U < p for trial `lane` of the stream, reading words from the most significant bit
// down only until the answer is known.
bool LaneBelow(KeyedStream* stream, int lane, Threshold p);
bool LaneBelow(BlockStream* stream, int lane, Threshold p);

// N = U·2^64 for trial `lane`, all 64 bits.
uint64_t LaneBits(KeyedStream* stream, int lane);
uint64_t LaneBits(BlockStream* stream, int lane);

// Cut-offs for a uniform integer delay on lo..hi, m = hi - lo + 1: T_j = ceil(j·2^64 / m),
// j = 1..m-1, so that d = lo + #{j : N >= T_j} (empty when m = 1).
std::vector<uint64_t> DelayCutoffs(int m);
int DelayFromBits(uint64_t n, int lo, const uint64_t* cutoffs, int num_cutoffs);
// The same delay, DelayFromBits(LaneBits(stream, lane), ...), found by comparing N with each
// cut-off from the most significant bit down (as LaneBelow does) until one exceeds it: a few
// words per cut-off instead of all 64. REQUIRES: cutoffs increasing.
int LaneDelay(BlockStream* stream, int lane, int lo, const uint64_t* cutoffs, int num_cutoffs);

}  // namespace brink

#endif  // BRINK_RANDOM_H_
