// A response's delay in one trial, as the engines that simulate trial by trial draw it
// (docs/randomness.md: the delay key, uniform on delay_lo..delay_hi).
#ifndef BRINK_ENGINE_DELAY_H_
#define BRINK_ENGINE_DELAY_H_

#include <cstdint>

#include "plan/plan.h"

namespace brink {

inline int TrialDelay(const Plan& plan, const PlanEvent& pe, uint64_t seed, uint32_t draw,
                      uint64_t block, int lane) {
  if (pe.delay_hi == pe.delay_lo) return pe.delay_lo;
  KeyedStream v({seed, draw, block, static_cast<uint32_t>(pe.event), 0, Purpose::kDelay});
  return DelayFromBits(LaneBits(&v, lane), pe.delay_lo, &plan.cutoffs[pe.first_cutoff],
                       pe.delay_hi - pe.delay_lo);
}

}  // namespace brink

#endif  // BRINK_ENGINE_DELAY_H_
