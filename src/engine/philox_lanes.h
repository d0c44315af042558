// Philox4x32-10 for eight trial blocks at once: the words W(key, k) of brink/random.h for the
// blocks first_block .. first_block + 7 of one (seed, draw, event, step, purpose).
#ifndef BRINK_ENGINE_PHILOX_LANES_H_
#define BRINK_ENGINE_PHILOX_LANES_H_

#include "brink/random.h"
#include "engine/lanes.h"

namespace brink {

class PhiloxLanes {
 public:
  PhiloxLanes(const StreamKey& key, uint64_t first_block)
      : block_((Broadcast(first_block) + Lanes{0, 1, 2, 3, 4, 5, 6, 7}) & Broadcast(0xffffffffu)) {
    c1_ = key.draw;
    c2_ = key.event << 16 | key.step;
    c3_ = static_cast<uint32_t>(key.purpose) << 30;
    k0_ = static_cast<uint32_t>(key.seed);
    k1_ = static_cast<uint32_t>(key.seed >> 32);
  }

  // Words 2j .. 2j + 2n - 1 into words[2j ..]: n Philox calls per block, computed together
  // so that their multiply chains overlap.
  template <int n>
  void Pairs(uint32_t j, Lanes* words) const {
    const Lanes low = Broadcast(0xffffffffu);
    const Lanes m0 = Broadcast(0xD2511F53u), m1 = Broadcast(0xCD9E8D57u);
    Lanes c0[n], c1[n], c2[n], c3[n];
    for (int i = 0; i < n; ++i) {
      c0[i] = block_;
      c1[i] = Broadcast(c1_);
      c2[i] = Broadcast(c2_);
      c3[i] = Broadcast(c3_ | (j + i));
    }
    uint32_t k0 = k0_, k1 = k1_;
    for (int round = 0; round < 10; ++round) {
      const Lanes key0 = Broadcast(k0), key1 = Broadcast(k1);
      for (int i = 0; i < n; ++i) {
        Lanes p0 = MulLow32(m0, c0[i]);
        Lanes p1 = MulLow32(m1, c2[i]);
        Lanes next0 = (p1 >> 32) ^ c1[i] ^ key0;
        Lanes next2 = (p0 >> 32) ^ c3[i] ^ key1;
        c1[i] = p1 & low;
        c3[i] = p0 & low;
        c0[i] = next0;
        c2[i] = next2;
      }
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    for (int i = 0; i < n; ++i) {
      words[2 * (j + i)] = c0[i] | (c1[i] << 32);
      words[2 * (j + i) + 1] = c2[i] | (c3[i] << 32);
    }
  }

 private:
  Lanes block_;
  uint32_t c1_, c2_, c3_, k0_, k1_;
};

}  // namespace brink

#endif  // BRINK_ENGINE_PHILOX_LANES_H_
