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

#include "brink/names.h"  // SimdKernel

namespace brink {

// "auto", "scalar", "sse4", "avx2", "avx512", "neon", "wasm" (NameOf; brink/names.h).
const char* KernelName(SimdKernel kernel);

// The kernels this binary has and this CPU can run, widest first; never empty (scalar is
// always there).
std::vector<SimdKernel> AvailableKernels();

// kAuto → the first of AvailableKernels(); any other kernel → itself. Throws UsageError
// naming the available kernels when this binary or CPU lacks the one asked for.
SimdKernel ResolveKernel(SimdKernel kernel);

// The kernel choice (the CLI's --simd default) from the BRINK_SIMD environment variable's value (`env`, may be null):
// kAuto when unset or empty. Throws UsageError for a name that is not a kernel.
SimdKernel KernelFromEnvironment(const char* env);

}  // namespace brink

#endif  // BRINK_SIMD_H_
