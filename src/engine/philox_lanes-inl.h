// Philox4x32-10 for the eight trial blocks of a group at once, compiled once per SIMD target:
// the words W(key, k) of random/random.h for the blocks first_block .. first_block + 7 of one
// (seed, draw, event, step, purpose). Each 64-bit lane carries one block's 32-bit counter
// words in its low half, so one 32×32→64 multiply per lane (MulEven) gives Philox's product.
//
// A per-target header (engine/lanes-inl.h explains the convention).
#if defined(BRINK_ENGINE_PHILOX_LANES_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef BRINK_ENGINE_PHILOX_LANES_INL_H_
#undef BRINK_ENGINE_PHILOX_LANES_INL_H_
#else
#define BRINK_ENGINE_PHILOX_LANES_INL_H_
#endif

#include <cstdint>

#include <hwy/highway.h>

#include "random/random.h"
#include "engine/lanes-inl.h"

HWY_BEFORE_NAMESPACE();
namespace brink {
namespace HWY_NAMESPACE {

// Philox's ten round keys for a seed, each broadcast to a whole vector: the same for every
// stream of a run, so computed once and read by the rounds as memory operands.
class RoundKeys {
 public:
  explicit RoundKeys(uint64_t seed) {
    uint32_t k0 = static_cast<uint32_t>(seed), k1 = static_cast<uint32_t>(seed >> 32);
    for (int round = 0; round < 10; ++round) {
      for (int i = 0; i < kVecWords; ++i) {
        keys_[2 * round][i] = k0;
        keys_[2 * round + 1][i] = k1;
      }
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
  }

  // Key word 0 or 1 (`which`) of a round.
  HWY_INLINE LaneVec Get(int round, int which) const {
    return hn::Load(LaneTag(), keys_[2 * round + which]);
  }

 private:
  HWY_ALIGN uint64_t keys_[20][kVecWords];
};

class PhiloxLanes {
 public:
  // REQUIRES: `keys` are the round keys of key.seed, and outlive this object.
  PhiloxLanes(const StreamKey& key, uint64_t first_block, const RoundKeys* keys) : keys_(keys) {
    const LaneTag d;
    for (int i = 0; i < kGroupVecs; ++i)
      block_.v[i] = hn::And(hn::Iota(d, first_block + static_cast<uint64_t>(i * kVecWords)),
                            hn::Set(d, uint64_t{0xffffffffu}));
    c1_ = key.draw;
    c2_ = key.event << 16 | key.step;
    c3_ = PurposeBits(key.purpose);
  }

  // Words 2j .. 2j + 2n - 1 into words[2j ..] (word k at words + k * kGroupBlocks, aligned):
  // n Philox calls per block. Each (call, vector)
  // pair is an independent chain of multiplies; chains are computed kMaxChains at a time so
  // that their latencies overlap without running out of registers.
  template <int n>
  HWY_INLINE void Pairs(uint32_t j, uint64_t* HWY_RESTRICT words) const {
    constexpr int kTotal = n * kGroupVecs;
    constexpr int kBatch = kTotal < kMaxChains ? kTotal : kMaxChains;
    int c = 0;
    for (; c + kBatch <= kTotal; c += kBatch) Chains<kBatch>(j, c, words);
    if constexpr (kTotal % kBatch != 0) Chains<kTotal % kBatch>(j, c, words);
  }

 private:
  // Four chains hold 16 vectors of state, which fits AVX-512's and NEON's 32 registers; with
  // x86's 16 SSE/AVX2 registers three measured best, and two on the scalar target.
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_NEON
  static constexpr int kMaxChains = 4;
#elif HWY_TARGET == HWY_SCALAR || HWY_TARGET == HWY_EMU128
  static constexpr int kMaxChains = 2;
#else
  static constexpr int kMaxChains = 3;
#endif

  // Chains first .. first + count - 1, chain c being Philox call j + c / kGroupVecs on vector
  // c % kGroupVecs of the group.
  //
  // Between rounds the counter words c1 and c3 keep the high half of their product, which
  // is harmless: they are only XORed into c0 and c2, whose high halves the multiplies never
  // read, and the high halves are dropped when the words are assembled.
  template <int count>
  HWY_INLINE void Chains(uint32_t j, int first, uint64_t* HWY_RESTRICT words) const {
    const LaneTag d;
    const LaneVec m0 = hn::Set(d, uint64_t{0xD2511F53u}), m1 = hn::Set(d, uint64_t{0xCD9E8D57u});
    LaneVec c0[count], c1[count], c2[count], c3[count];
    for (int c = 0; c < count; ++c) {
      c0[c] = block_.v[(first + c) % kGroupVecs];
      c1[c] = hn::Set(d, uint64_t{c1_});
      c2[c] = hn::Set(d, uint64_t{c2_});
      c3[c] = hn::Set(d, uint64_t{c3_ | (j + (first + c) / kGroupVecs)});
    }
    for (int round = 0; round < 10; ++round) {
      const LaneVec key0 = keys_->Get(round, 0), key1 = keys_->Get(round, 1);
      for (int c = 0; c < count; ++c) {
        const LaneVec p0 = MulLow32(m0, c0[c]);
        const LaneVec p1 = MulLow32(m1, c2[c]);
        c0[c] = hn::Xor3(hn::ShiftRight<32>(p1), c1[c], key0);
        c2[c] = hn::Xor3(hn::ShiftRight<32>(p0), c3[c], key1);
        c1[c] = p1;
        c3[c] = p0;
      }
    }
    for (int c = 0; c < count; ++c) {
      const int word = 2 * (j + (first + c) / kGroupVecs), v = (first + c) % kGroupVecs;
      hn::Store(Join(c0[c], c1[c]), d, words + word * kGroupBlocks + v * kVecWords);
      hn::Store(Join(c2[c], c3[c]), d, words + (word + 1) * kGroupBlocks + v * kVecWords);
    }
  }

  // Highway's one-lane scalar target (the fallback with GCC < 12.3) has no 32-bit view of a
  // 64-bit lane; there the two helpers below are plain integer arithmetic.

  // The product of the low halves of a and b, as 64-bit numbers.
  static HWY_INLINE LaneVec MulLow32(LaneVec a, LaneVec b) {
#if HWY_TARGET == HWY_SCALAR
    const LaneTag d;
    return hn::Set(d, (hn::GetLane(a) & 0xffffffffu) * (hn::GetLane(b) & 0xffffffffu));
#elif HWY_TARGET == HWY_WASM
    // Highway's MulEven here is i64x2.mul, which x86-64 browsers run as a sequence of
    // several multiplies; a 32×32→64 extending multiply of the low words is one (pmuludq).
    const v128_t lo_a = wasm_i32x4_shuffle(a.raw, a.raw, 0, 2, 0, 2);
    const v128_t lo_b = wasm_i32x4_shuffle(b.raw, b.raw, 0, 2, 0, 2);
    return LaneVec{wasm_u64x2_extmul_low_u32x4(lo_a, lo_b)};
#else
    const hn::Repartition<uint32_t, LaneTag> d32;
    return hn::MulEven(hn::BitCast(d32, a), hn::BitCast(d32, b));
#endif
  }

  // The low halves of lo and hi as one word: lo | hi << 32.
  static HWY_INLINE LaneVec Join(LaneVec lo, LaneVec hi) {
    const LaneTag d;
#if HWY_TARGET == HWY_SCALAR
    return hn::Set(d, (hn::GetLane(lo) & 0xffffffffu) | hn::GetLane(hi) << 32);
#else
    const hn::Repartition<uint32_t, LaneTag> d32;
    return hn::BitCast(d, hn::OddEven(hn::BitCast(d32, hn::ShiftLeft<32>(hi)),
                                      hn::BitCast(d32, lo)));
#endif
  }

  const RoundKeys* keys_;
  Lanes block_;
  uint32_t c1_, c2_, c3_;
};

}  // namespace HWY_NAMESPACE
}  // namespace brink
HWY_AFTER_NAMESPACE();

#endif  // BRINK_ENGINE_PHILOX_LANES_INL_H_
