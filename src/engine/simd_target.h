// Which Highway target implements each SIMD kernel. Every file that includes Highway for the
// engine is compiled with the same HWY_DISABLED_TARGETS (CMakeLists.txt), so HWY_TARGETS, the
// targets compiled in, is the same in each.
#ifndef BRINK_ENGINE_SIMD_TARGET_H_
#define BRINK_ENGINE_SIMD_TARGET_H_

#include <cstdint>

#include <hwy/highway.h>
#include <hwy/targets.h>

#include "brink/simd.h"

namespace brink {

// The Highway target bit of a kernel (0 for kAuto).
inline int64_t HighwayTarget(SimdKernel kernel) {
  switch (kernel) {
    case SimdKernel::kAuto: return 0;
    case SimdKernel::kScalar: return HWY_BASELINE_SCALAR;
    case SimdKernel::kSse4: return HWY_SSE4;
    case SimdKernel::kAvx2: return HWY_AVX2;
    case SimdKernel::kAvx512: return HWY_AVX3;
    case SimdKernel::kNeon: return HWY_NEON;
    case SimdKernel::kWasm: return HWY_WASM;
  }
  return 0;
}

// The index of a kernel's function in a HWY_EXPORT table of the including file, found as
// Highway's own dispatch (HWY_DYNAMIC_DISPATCH) finds the best one, but for the kernel asked
// for, and without touching Highway's process-wide choice. REQUIRES: the kernel is in
// AvailableKernels().
inline size_t DispatchIndex(SimdKernel kernel) {
  hwy::ChosenTarget chosen;
  chosen.Update(HighwayTarget(kernel));
  return chosen.GetIndex();
}

}  // namespace brink

#endif  // BRINK_ENGINE_SIMD_TARGET_H_
