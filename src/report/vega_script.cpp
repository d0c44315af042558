// The Vega bundle's bytes, placed in the binary by the assembler's .incbin (vega_script.h).
#include "report/vega_script.h"

#ifdef BRINK_VEGA_BUNDLE
__asm__(".section .rodata\n"
        ".global brink_vega_bundle_begin\n"
        ".global brink_vega_bundle_end\n"
        "brink_vega_bundle_begin:\n"
        ".incbin \"" BRINK_VEGA_BUNDLE "\"\n"
        "brink_vega_bundle_end:\n"
        ".previous\n");
extern "C" const char brink_vega_bundle_begin[];
extern "C" const char brink_vega_bundle_end[];
#endif

namespace brink {

std::string_view VegaScript() {
#ifdef BRINK_VEGA_BUNDLE
  return std::string_view(brink_vega_bundle_begin,
                          static_cast<size_t>(brink_vega_bundle_end - brink_vega_bundle_begin));
#else
  return {};
#endif
}

}  // namespace brink
