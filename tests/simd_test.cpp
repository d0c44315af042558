// The SIMD kernel choice: names, what this machine offers, and the errors for the rest.
#include <catch2/catch.hpp>

#include "brink/error.h"
#include "brink/simd.h"

namespace brink {
namespace {

constexpr SimdKernel kAll[] = {SimdKernel::kAuto, SimdKernel::kScalar, SimdKernel::kSse4,
                               SimdKernel::kAvx2, SimdKernel::kAvx512, SimdKernel::kNeon};

TEST_CASE("Kernel names parse back to their kernel", "[simd]") {
  for (SimdKernel k : kAll) {
    const std::optional<SimdKernel> parsed = ParseName<SimdKernel>(KernelName(k));
    REQUIRE(parsed);
    CHECK(*parsed == k);
  }
  CHECK_FALSE(ParseName<SimdKernel>("AVX2"));
  CHECK_FALSE(ParseName<SimdKernel>(""));
}

TEST_CASE("Every machine has scalar, and auto is the widest available kernel", "[simd]") {
  const std::vector<SimdKernel> available = AvailableKernels();
  REQUIRE(!available.empty());
  CHECK(available.back() == SimdKernel::kScalar);
  CHECK(ResolveKernel(SimdKernel::kAuto) == available.front());
  for (SimdKernel k : available) {
    CHECK(k != SimdKernel::kAuto);
    CHECK(ResolveKernel(k) == k);
  }
#if defined(__x86_64__) || defined(__i386__)
  // Every x86-64 CPU brink targets has SSE4.2; none has NEON.
  CHECK(std::find(available.begin(), available.end(), SimdKernel::kSse4) != available.end());
  CHECK_THROWS_WITH(ResolveKernel(SimdKernel::kNeon),
                    Catch::Contains("simd neon: this CPU or build has no such kernel"));
#elif defined(__aarch64__)
  CHECK(std::find(available.begin(), available.end(), SimdKernel::kNeon) != available.end());
  CHECK_THROWS_AS(ResolveKernel(SimdKernel::kAvx2), UsageError);
#endif
}

TEST_CASE("BRINK_SIMD names the default kernel", "[simd]") {
  CHECK(KernelFromEnvironment(nullptr) == SimdKernel::kAuto);
  CHECK(KernelFromEnvironment("") == SimdKernel::kAuto);
  CHECK(KernelFromEnvironment("scalar") == SimdKernel::kScalar);
  CHECK_THROWS_WITH(KernelFromEnvironment("avx3"),
                    "BRINK_SIMD=avx3: expected auto, scalar, sse4, avx2, avx512, neon or wasm");
}

}  // namespace
}  // namespace brink
