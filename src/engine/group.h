// The fast engine's unit of alignment: runs are padded to, and extended by, whole units of
// 8 blocks (512 trials). Each SIMD target simulates a group of blocks at a time that divides
// this unit (engine/lanes-inl.h: 8 on AVX-512 and AVX2, 4 on SSE4 and NEON, 1 or 2 on the
// scalar target), so a run's trials, and its tally, never depend on the target.
#ifndef BRINK_ENGINE_GROUP_H_
#define BRINK_ENGINE_GROUP_H_

namespace brink {

constexpr int kRunBlocks = 8;  // 64-trial blocks per unit

}  // namespace brink

#endif  // BRINK_ENGINE_GROUP_H_
