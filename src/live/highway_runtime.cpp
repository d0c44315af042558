// The few functions of Google Highway's run-time library (its targets.cc and
// aligned_allocator.cc) that the engine calls, for the WebAssembly build: Debian ships Highway's headers, and its library built for
// the host only. A WebAssembly module either has SIMD128 or it does not, fixed when it is
// compiled, and every target compiled into it can run: the page loads the SIMD128 module only
// where the browser validates SIMD128, and the scalar module elsewhere.
#include <hwy/aligned_allocator.h>
#include <hwy/base.h>
#include <hwy/targets.h>

#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace hwy {

HWY_DLLEXPORT int64_t SupportedTargets() { return HWY_TARGETS; }

HWY_DLLEXPORT ChosenTarget& GetChosenTarget() {
  static ChosenTarget chosen;
  return chosen;
}

HWY_DLLEXPORT HWY_NORETURN void HWY_FORMAT(3, 4)
    Abort(const char* file, int line, const char* format, ...) {
  va_list args;
  va_start(args, format);
  std::fprintf(stderr, "Highway abort at %s:%d: ", file, line);
  std::vfprintf(stderr, format, args);
  va_end(args);
  std::abort();
}

// Aligned blocks: the allocation carries, just before the aligned address, the pointer the
// allocator returned, so that freeing needs nothing else.
HWY_DLLEXPORT void* AllocateAlignedBytes(size_t payload_size, AllocPtr alloc_ptr,
                                         void* opaque_ptr) {
  const size_t bytes = payload_size + HWY_ALIGNMENT + sizeof(void*);
  void* raw = alloc_ptr != nullptr ? alloc_ptr(opaque_ptr, bytes) : std::malloc(bytes);
  if (raw == nullptr) return nullptr;
  const uintptr_t start = reinterpret_cast<uintptr_t>(raw) + sizeof(void*);
  const uintptr_t aligned = (start + HWY_ALIGNMENT - 1) & ~uintptr_t{HWY_ALIGNMENT - 1};
  reinterpret_cast<void**>(aligned)[-1] = raw;
  return reinterpret_cast<void*>(aligned);
}

HWY_DLLEXPORT void FreeAlignedBytes(const void* aligned_pointer, FreePtr free_ptr,
                                    void* opaque_ptr) {
  if (aligned_pointer == nullptr) return;
  void* raw = reinterpret_cast<void* const*>(aligned_pointer)[-1];
  if (free_ptr != nullptr)
    free_ptr(opaque_ptr, raw);
  else
    std::free(raw);
}

}  // namespace hwy
