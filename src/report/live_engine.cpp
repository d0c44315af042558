// The live report's engine files, placed in the binary by the assembler's .incbin
// (live_page.h), as the Vega bundle is (vega_script.cpp).
#include "report/live_page.h"

#ifdef BRINK_LIVE_DIR
#define BRINK_LIVE_FILE(symbol, file)        \
  __asm__(".section .rodata\n"              \
          ".global " #symbol "_begin\n"     \
          ".global " #symbol "_end\n"       \
          #symbol "_begin:\n"               \
          ".incbin \"" BRINK_LIVE_DIR "/" file "\"\n" \
          #symbol "_end:\n"                 \
          ".previous\n");                   \
  extern "C" const char symbol##_begin[];   \
  extern "C" const char symbol##_end[];
BRINK_LIVE_FILE(brink_live_simd_wasm, "brink_live_simd.wasm.gz")
BRINK_LIVE_FILE(brink_live_simd_js, "brink_live_simd.js.gz")
BRINK_LIVE_FILE(brink_live_scalar_wasm, "brink_live_scalar.wasm.gz")
BRINK_LIVE_FILE(brink_live_scalar_js, "brink_live_scalar.js.gz")
#define BRINK_LIVE_VIEW(symbol) \
  std::string_view(symbol##_begin, static_cast<size_t>(symbol##_end - symbol##_begin))
#endif

namespace brink {

LiveEngine LiveEngineFiles() {
#ifdef BRINK_LIVE_DIR
  return {BRINK_LIVE_VIEW(brink_live_simd_wasm), BRINK_LIVE_VIEW(brink_live_simd_js),
          BRINK_LIVE_VIEW(brink_live_scalar_wasm), BRINK_LIVE_VIEW(brink_live_scalar_js)};
#else
  return {};
#endif
}

bool LiveAvailable() { return !LiveEngineFiles().simd_wasm.empty(); }

}  // namespace brink
