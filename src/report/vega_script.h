// The Vega script inlined into every report: Debian's libjs-vega packages gathered into one
// script that defines the global `vega` (cmake/vega_bundle.cmake), built into the binary.
#ifndef BRINK_REPORT_VEGA_SCRIPT_H_
#define BRINK_REPORT_VEGA_SCRIPT_H_

#include <string_view>

namespace brink {

// The script's text; empty when the build found no Vega.
std::string_view VegaScript();

}  // namespace brink

#endif  // BRINK_REPORT_VEGA_SCRIPT_H_
