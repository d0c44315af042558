#include "random/random.h"

#ifndef __EMSCRIPTEN__
#include <Random123/philox.h>
#endif

#include <cmath>

namespace brink {

void Philox4x32Written(const uint32_t counter[4], const uint32_t key[2], uint32_t out[4]) {
  // The multipliers and the Weyl sequence's increments of Salmon et al. (2011), table 2.
  constexpr uint64_t kM0 = 0xD2511F53, kM1 = 0xCD9E8D57;
  constexpr uint32_t kW0 = 0x9E3779B9, kW1 = 0xBB67AE85;
  uint32_t c0 = counter[0], c1 = counter[1], c2 = counter[2], c3 = counter[3];
  uint32_t k0 = key[0], k1 = key[1];
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += kW0;
      k1 += kW1;
    }
    const uint64_t p0 = kM0 * c0, p1 = kM1 * c2;
    const uint32_t n0 = static_cast<uint32_t>(p1 >> 32) ^ c1 ^ k0;
    const uint32_t n2 = static_cast<uint32_t>(p0 >> 32) ^ c3 ^ k1;
    c1 = static_cast<uint32_t>(p1);
    c3 = static_cast<uint32_t>(p0);
    c0 = n0;
    c2 = n2;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

void Philox4x32(const uint32_t counter[4], const uint32_t key[2], uint32_t out[4]) {
#ifdef __EMSCRIPTEN__
  Philox4x32Written(counter, key, out);
#else
  r123::Philox4x32 philox;
  r123::Philox4x32::ctr_type c = {{counter[0], counter[1], counter[2], counter[3]}};
  r123::Philox4x32::key_type k = {{key[0], key[1]}};
  r123::Philox4x32::ctr_type r = philox(c, k);
  for (int i = 0; i < 4; ++i) out[i] = r[i];
#endif
}

KeyedStream::KeyedStream(const StreamKey& key)
    : counter_{static_cast<uint32_t>(key.block), key.draw, key.event << 16 | key.step,
               PurposeBits(key.purpose)},
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

void BlockStream::Fill(uint32_t pair) {
  words_[2 * pair] = stream_.Word(2 * pair);
  words_[2 * pair + 1] = stream_.Word(2 * pair + 1);  // the same Philox call's other half
  have_ |= uint64_t{1} << pair;
}

namespace {

template <typename Stream>
bool Below(Stream* stream, int lane, Threshold p) {
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

template <typename Stream>
uint64_t Bits(Stream* stream, int lane) {
  uint64_t n = 0;
  for (uint32_t k = 0; k < 64; ++k) n = n << 1 | ((stream->Word(k) >> lane) & 1);
  return n;
}

}  // namespace

bool LaneBelow(KeyedStream* stream, int lane, Threshold p) { return Below(stream, lane, p); }
bool LaneBelow(BlockStream* stream, int lane, Threshold p) { return Below(stream, lane, p); }
uint64_t LaneBits(KeyedStream* stream, int lane) { return Bits(stream, lane); }
uint64_t LaneBits(BlockStream* stream, int lane) { return Bits(stream, lane); }

std::vector<uint64_t> DelayCutoffs(int m) {
  std::vector<uint64_t> cutoffs;
  for (int j = 1; j < m; ++j) {
    unsigned __int128 scaled = static_cast<unsigned __int128>(j) << 64;
    cutoffs.push_back(static_cast<uint64_t>((scaled + static_cast<unsigned>(m) - 1) /
                                            static_cast<unsigned>(m)));
  }
  return cutoffs;
}

int LaneDelay(BlockStream* stream, int lane, int lo, const uint64_t* cutoffs, int num_cutoffs) {
  // N >= T_j for j below the first cut-off N falls under, and for none after it.
  int d = lo;
  for (int j = 0; j < num_cutoffs; ++j) {
    if (Below(stream, lane, Threshold{cutoffs[j], false})) break;
    ++d;
  }
  return d;
}

int DelayFromBits(uint64_t n, int lo, const uint64_t* cutoffs, int num_cutoffs) {
  int d = lo;
  for (int j = 0; j < num_cutoffs; ++j) d += n >= cutoffs[j];
  return d;
}

}  // namespace brink
