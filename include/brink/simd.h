// The fast engine's SIMD kernels. One binary carries a kernel for each instruction set it
// was built for (Google Highway compiles the engine once per target) and picks, at run time,
// the widest one this CPU supports, unless asked for a particular one. The kernels differ
// only in speed: every one realises the same random numbers and the same bit logic, so their
// tallies, and every output, are byte-identical (docs/simd.md).
#ifndef BRINK_SIMD_H_
#define BRINK_SIMD_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace brink {

enum class SimdKernel : uint8_t {
  kAuto,    // the best available kernel
  kScalar,  // portable C++, no vector instructions required (Highway's EMU128)
  kSse4,    // x86-64: SSE4.2, 128-bit
  kAvx2,    // x86-64: AVX2 (x86-64-v3), 256-bit
  kAvx512,  // x86-64: AVX-512 F/VL/DQ/BW, 512-bit
  kNeon,    // aarch64 (and armv7 with NEON): 128-bit
};

// "auto", "scalar", "sse4", "avx2", "avx512", "neon".
const char* KernelName(SimdKernel kernel);

// Parses a name of KernelName; false for anything else.
bool ParseKernel(std::string_view name, SimdKernel* kernel);

// The kernels this binary has and this CPU can run, widest first; never empty (scalar is
// always there).
std::vector<SimdKernel> AvailableKernels();

// kAuto → the first of AvailableKernels(); any other kernel → itself. Throws UsageError
// naming the available kernels when this binary or CPU lacks the one asked for.
SimdKernel ResolveKernel(SimdKernel kernel);

// The --simd choice from the BRINK_SIMD environment variable's value (`env`, may be null):
// kAuto when unset or empty. Throws UsageError for a name that is not a kernel.
SimdKernel KernelFromEnvironment(const char* env);

}  // namespace brink

#endif  // BRINK_SIMD_H_
