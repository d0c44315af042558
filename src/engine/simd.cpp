#include "brink/simd.h"

#include <hwy/highway.h>
#include <hwy/targets.h>

#include "brink/error.h"
#include "engine/simd_target.h"

namespace brink {

const char* KernelName(SimdKernel kernel) {
  switch (kernel) {
    case SimdKernel::kAuto: return "auto";
    case SimdKernel::kScalar: return "scalar";
    case SimdKernel::kSse4: return "sse4";
    case SimdKernel::kAvx2: return "avx2";
    case SimdKernel::kAvx512: return "avx512";
    case SimdKernel::kNeon: return "neon";
  }
  return "?";
}

bool ParseKernel(std::string_view name, SimdKernel* kernel) {
  for (SimdKernel k : {SimdKernel::kAuto, SimdKernel::kScalar, SimdKernel::kSse4,
                       SimdKernel::kAvx2, SimdKernel::kAvx512, SimdKernel::kNeon})
    if (name == KernelName(k)) {
      *kernel = k;
      return true;
    }
  return false;
}

std::vector<SimdKernel> AvailableKernels() {
  const int64_t available = HWY_TARGETS & hwy::SupportedTargets();
  std::vector<SimdKernel> kernels;
  // Widest first: Highway's target bits are ordered best (lowest) to worst.
  for (SimdKernel k : {SimdKernel::kAvx512, SimdKernel::kAvx2, SimdKernel::kSse4,
                       SimdKernel::kNeon})
    if (available & HighwayTarget(k)) kernels.push_back(k);
  kernels.push_back(SimdKernel::kScalar);
  return kernels;
}

SimdKernel ResolveKernel(SimdKernel kernel) {
  const std::vector<SimdKernel> available = AvailableKernels();
  if (kernel == SimdKernel::kAuto) return available.front();
  for (SimdKernel k : available)
    if (k == kernel) return k;
  std::string names;
  for (SimdKernel k : available) names += std::string(names.empty() ? "" : ", ") + KernelName(k);
  throw UsageError(std::string("--simd ") + KernelName(kernel) +
                   ": this CPU or build has no such kernel; available: auto, " + names);
}

SimdKernel KernelFromEnvironment(const char* env) {
  SimdKernel kernel = SimdKernel::kAuto;
  if (env == nullptr || *env == '\0') return kernel;
  if (!ParseKernel(env, &kernel))
    throw UsageError(std::string("BRINK_SIMD=") + env +
                     ": expected auto, scalar, sse4, avx2, avx512 or neon");
  return kernel;
}

}  // namespace brink
