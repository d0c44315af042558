#include "brink/simd.h"

#include <hwy/highway.h>
#include <hwy/targets.h>

#include <optional>

#include "brink/error.h"
#include "engine/simd_target.h"

namespace brink {

// Null-terminated: the names are string literals.
const char* KernelName(SimdKernel kernel) { return NameOf(kernel).data(); }

std::vector<SimdKernel> AvailableKernels() {
  const int64_t available = HWY_TARGETS & hwy::SupportedTargets();
  std::vector<SimdKernel> kernels;
  // Widest first: Highway's target bits are ordered best (lowest) to worst.
  for (SimdKernel k : {SimdKernel::kAvx512, SimdKernel::kAvx2, SimdKernel::kSse4,
                       SimdKernel::kNeon, SimdKernel::kWasm})
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
  throw UsageError(std::string("{simd} ") + KernelName(kernel) +
                   ": this CPU or build has no such kernel; available: auto, " + names);
}

SimdKernel KernelFromEnvironment(const char* env) {
  if (env == nullptr || *env == '\0') return SimdKernel::kAuto;
  const std::optional<SimdKernel> kernel = ParseName<SimdKernel>(env);
  if (!kernel)
    throw UsageError(std::string("BRINK_SIMD=") + env + ": expected " +
                     OneOf(NamesOf<SimdKernel>()));
  return *kernel;
}

}  // namespace brink
