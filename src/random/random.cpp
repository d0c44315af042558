#include "random/random.h"

#include <Random123/philox.h>

#include <cmath>

namespace brink {

void Philox4x32(const uint32_t counter[4], const uint32_t key[2], uint32_t out[4]) {
  r123::Philox4x32 philox;
  r123::Philox4x32::ctr_type c = {{counter[0], counter[1], counter[2], counter[3]}};
  r123::Philox4x32::key_type k = {{key[0], key[1]}};
  r123::Philox4x32::ctr_type r = philox(c, k);
  for (int i = 0; i < 4; ++i) out[i] = r[i];
}

KeyedStream::KeyedStream(const StreamKey& key)
    : counter_{static_cast<uint32_t>(key.block), key.draw, key.event << 16 | key.step,
               static_cast<uint32_t>(key.purpose) << 30},
      key_{static_cast<uint32_t>(key.seed), static_cast<uint32_t>(key.seed >> 32)} {}

uint64_t KeyedStream::Word(uint32_t k) {
  uint32_t pair = k >> 1;
  if (pair != cached_pair_) {
    uint32_t counter[4] = {counter_[0], counter_[1], counter_[2], counter_[3] | pair};
    uint32_t out[4];
    Philox4x32(counter, key_, out);
    pair_[0] = uint64_t{out[0]} | uint64_t{out[1]} << 32;
    pair_[1] = uint64_t{out[2]} | uint64_t{out[3]} << 32;
    cached_pair_ = pair;
  }
  return pair_[k & 1];
}

Threshold Threshold::FromProbability(double p) {
  if (p >= 1) return {0, true};
  // p·2^64 is exact (a power-of-two scaling); below 1 its ceiling is < 2^64.
  return {static_cast<uint64_t>(std::ceil(std::ldexp(p, 64))), false};
}

bool LaneBelow(KeyedStream* stream, int lane, Threshold p) {
  if (p.certain) return true;
  for (uint32_t k = 0; k < 64; ++k) {
    uint64_t rest = p.bits << k;  // p's bits from position k on
    if (rest == 0) return false;  // U's prefix equals p's and p has no more 1s: U >= p
    uint64_t p_bit = rest >> 63;
    uint64_t u_bit = (stream->Word(k) >> lane) & 1;
    if (u_bit != p_bit) return u_bit < p_bit;
  }
  return false;  // U == p
}

uint64_t LaneBits(KeyedStream* stream, int lane) {
  uint64_t n = 0;
  for (uint32_t k = 0; k < 64; ++k) n = n << 1 | ((stream->Word(k) >> lane) & 1);
  return n;
}

std::vector<uint64_t> DelayCutoffs(int m) {
  std::vector<uint64_t> cutoffs;
  for (int j = 1; j < m; ++j) {
    unsigned __int128 scaled = static_cast<unsigned __int128>(j) << 64;
    cutoffs.push_back(static_cast<uint64_t>((scaled + static_cast<unsigned>(m) - 1) /
                                            static_cast<unsigned>(m)));
  }
  return cutoffs;
}

int DelayFromBits(uint64_t n, int lo, const uint64_t* cutoffs, int num_cutoffs) {
  int d = lo;
  for (int j = 0; j < num_cutoffs; ++j) d += n >= cutoffs[j];
  return d;
}

}  // namespace brink
