// A group of trials as one value, compiled once per SIMD target (Google Highway): 64-trial
// blocks side by side, one block per 64-bit lane, one bit per trial. The fast engine's event
// states, conditions and decisions are all `Lanes`. A group is one AVX-512 vector (8 blocks,
// 512 trials), two AVX2 vectors (8 blocks), two SSE4 or NEON vectors (4 blocks), or one
// vector of the scalar target (1 block; 2 with Highway's EMU128). Every operation is integer
// bit logic, so the results are the same on every target and for every group size.
//
// A per-target header (Highway's -inl.h convention): included once per target from a file
// that includes hwy/foreach_target.h, inside no namespace. Lanes values live in registers;
// state kept between calls is stored as plain words (LoadLanes / StoreLanes), so no vector
// crosses a non-inlined call or an allocation.
#if defined(BRINK_ENGINE_LANES_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef BRINK_ENGINE_LANES_INL_H_
#undef BRINK_ENGINE_LANES_INL_H_
#else
#define BRINK_ENGINE_LANES_INL_H_
#endif

#include <cstdint>

#include <hwy/highway.h>

#include "engine/group.h"

HWY_BEFORE_NAMESPACE();
namespace brink {
namespace HWY_NAMESPACE {

namespace hn = hwy::HWY_NAMESPACE;

using LaneTag = hn::Simd<uint64_t, HWY_LANES(uint64_t), 0>;  // one whole vector of words
using LaneVec = hn::Vec<LaneTag>;
constexpr int kVecWords = static_cast<int>(HWY_LANES(uint64_t));
// Vectors per group, measured (docs/simd.md): two 128- or 256-bit vectors amortise the
// per-decision work over more trials without running out of registers; one otherwise.
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_SCALAR || HWY_TARGET == HWY_EMU128
constexpr int kGroupVecs = 1;
#else
constexpr int kGroupVecs = 2;
#endif
constexpr int kGroupBlocks = kGroupVecs * kVecWords;
static_assert(kRunBlocks % kGroupBlocks == 0, "groups tile a run's 512-trial units");

struct Lanes {
  // Uninitialized, like the vectors. Declared here so that it is compiled for this target
  // (an implicit one would not be, and could not inline Highway's vector constructors).
  HWY_INLINE Lanes() {}

  LaneVec v[kGroupVecs];
};

HWY_INLINE Lanes Broadcast(uint64_t x) {
  Lanes out;
  for (int i = 0; i < kGroupVecs; ++i) out.v[i] = hn::Set(LaneTag(), x);
  return out;
}

// REQUIRES: `words` holds kGroupBlocks words, aligned to HWY_ALIGNMENT.
HWY_INLINE Lanes LoadLanes(const uint64_t* HWY_RESTRICT words) {
  Lanes out;
  for (int i = 0; i < kGroupVecs; ++i) out.v[i] = hn::Load(LaneTag(), words + i * kVecWords);
  return out;
}

HWY_INLINE void StoreLanes(const Lanes& lanes, uint64_t* HWY_RESTRICT words) {
  for (int i = 0; i < kGroupVecs; ++i) hn::Store(lanes.v[i], LaneTag(), words + i * kVecWords);
}

HWY_INLINE Lanes operator&(const Lanes& a, const Lanes& b) {
  Lanes out;
  for (int i = 0; i < kGroupVecs; ++i) out.v[i] = hn::And(a.v[i], b.v[i]);
  return out;
}

HWY_INLINE Lanes operator|(const Lanes& a, const Lanes& b) {
  Lanes out;
  for (int i = 0; i < kGroupVecs; ++i) out.v[i] = hn::Or(a.v[i], b.v[i]);
  return out;
}

HWY_INLINE Lanes operator^(const Lanes& a, const Lanes& b) {
  Lanes out;
  for (int i = 0; i < kGroupVecs; ++i) out.v[i] = hn::Xor(a.v[i], b.v[i]);
  return out;
}

HWY_INLINE Lanes& operator&=(Lanes& a, const Lanes& b) { return a = a & b; }
HWY_INLINE Lanes& operator|=(Lanes& a, const Lanes& b) { return a = a | b; }

// a & ~b, in one instruction where the target has one.
HWY_INLINE Lanes AndNot(const Lanes& a, const Lanes& b) {
  Lanes out;
  for (int i = 0; i < kGroupVecs; ++i) out.v[i] = hn::AndNot(b.v[i], a.v[i]);
  return out;
}

// (a & b) | c.
HWY_INLINE Lanes AndOr(const Lanes& a, const Lanes& b, const Lanes& c) {
  Lanes out;
  for (int i = 0; i < kGroupVecs; ++i) out.v[i] = hn::OrAnd(c.v[i], a.v[i], b.v[i]);
  return out;
}

// Whether any lane is set: one test instruction on x86 (Highway's mask ops would first
// compare with zero).
HWY_INLINE bool Any(const Lanes& a) {
  LaneVec x = a.v[0];
  for (int i = 1; i < kGroupVecs; ++i) x = hn::Or(x, a.v[i]);
#if HWY_TARGET == HWY_AVX3
  return _mm512_test_epi64_mask(x.raw, x.raw) != 0;
#elif HWY_TARGET == HWY_AVX2
  return !_mm256_testz_si256(x.raw, x.raw);
#elif HWY_TARGET == HWY_SSE4
  return !_mm_testz_si128(x.raw, x.raw);
#else
  const LaneTag d;
  return !hn::AllTrue(d, hn::Eq(x, hn::Zero(d)));
#endif
}

HWY_INLINE uint64_t Popcount(const Lanes& a) {
  const LaneTag d;
  LaneVec sum = hn::PopulationCount(a.v[0]);
  for (int i = 1; i < kGroupVecs; ++i) sum = hn::Add(sum, hn::PopulationCount(a.v[i]));
  return hn::GetLane(hn::SumOfLanes(d, sum));
}

}  // namespace HWY_NAMESPACE
}  // namespace brink
HWY_AFTER_NAMESPACE();

#endif  // BRINK_ENGINE_LANES_INL_H_
