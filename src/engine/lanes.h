// 512 trials as one value: eight 64-trial blocks side by side, one bit per trial. The fast
// engine's event states, conditions and decisions are all `Lanes`. Written with GCC vector
// extensions, so the same code compiles to AVX-512, AVX2 or plain 64-bit registers with the
// same results (it is integer arithmetic throughout).
#ifndef BRINK_ENGINE_LANES_H_
#define BRINK_ENGINE_LANES_H_

#include <cstdint>

#if defined(__AVX512F__) || defined(__AVX2__)
#include <immintrin.h>
#endif

namespace brink {

constexpr int kGroupBlocks = 8;                     // 64-trial blocks per Lanes value
constexpr int kGroupTrials = 64 * kGroupBlocks;

typedef uint64_t Lanes __attribute__((vector_size(64)));

inline Lanes Broadcast(uint64_t x) { return Lanes{x, x, x, x, x, x, x, x}; }

inline bool Any(Lanes v) {
#if defined(__AVX512F__)
  return _mm512_test_epi64_mask(reinterpret_cast<__m512i>(v), reinterpret_cast<__m512i>(v)) != 0;
#else
  uint64_t x = 0;
  for (int i = 0; i < kGroupBlocks; ++i) x |= v[i];
  return x != 0;
#endif
}

inline uint64_t Popcount(Lanes v) {
  uint64_t n = 0;
  for (int i = 0; i < kGroupBlocks; ++i) n += static_cast<uint64_t>(__builtin_popcountll(v[i]));
  return n;
}

// Lane-wise product of the low 32 bits of a and b, as 64-bit numbers.
inline Lanes MulLow32(Lanes a, Lanes b) {
#if defined(__AVX512F__)
  // vpmuludq; the builtin with an explicit zero pass-through, because GCC 12's
  // _mm512_mul_epu32 trips -Wmaybe-uninitialized on its undefined pass-through.
  typedef int v16si __attribute__((vector_size(64)));
  typedef long long v8di __attribute__((vector_size(64)));
  return reinterpret_cast<Lanes>(__builtin_ia32_pmuludq512_mask(
      reinterpret_cast<v16si>(a), reinterpret_cast<v16si>(b), v8di{}, 0xff));
#elif defined(__AVX2__)
  typedef long long v4di __attribute__((vector_size(32)));
  Lanes out;
  for (int half = 0; half < 2; ++half) {
    v4di x = {static_cast<long long>(a[4 * half]), static_cast<long long>(a[4 * half + 1]),
              static_cast<long long>(a[4 * half + 2]), static_cast<long long>(a[4 * half + 3])};
    v4di y = {static_cast<long long>(b[4 * half]), static_cast<long long>(b[4 * half + 1]),
              static_cast<long long>(b[4 * half + 2]), static_cast<long long>(b[4 * half + 3])};
    v4di p = reinterpret_cast<v4di>(
        _mm256_mul_epu32(reinterpret_cast<__m256i>(x), reinterpret_cast<__m256i>(y)));
    for (int i = 0; i < 4; ++i) out[4 * half + i] = static_cast<uint64_t>(p[i]);
  }
  return out;
#else
  const Lanes low = Broadcast(0xffffffffu);
  return (a & low) * (b & low);
#endif
}

}  // namespace brink

#endif  // BRINK_ENGINE_LANES_H_
