// The live report's additions to report.html (brink report DIR --live; docs/reports.md): the
// controls, the data the engine in the page needs (the model as JSON, the run's own settings,
// each named parameter's slider, the folder's files), the engine itself (brink compiled to
// WebAssembly, gzip-compressed and in base64, a SIMD128 build and a scalar one) and the script
// that runs it in a Web Worker and redraws the page. Without JavaScript or WebAssembly the
// controls stay hidden and the page is the static report.
#ifndef BRINK_REPORT_LIVE_PAGE_H_
#define BRINK_REPORT_LIVE_PAGE_H_

#include <string>
#include <string_view>

#include "report/report_body.h"

namespace brink {

// True when this build carries the WebAssembly engine (BRINK_WASM).
bool LiveAvailable();

struct LiveParts {
  std::string style;     // CSS for the controls
  std::string controls;  // the hidden controls' <section>, for between the header and <main>
  std::string scripts;   // the data, the engine and the controller, for the end of <body>
};

// REQUIRES: LiveAvailable(). Throws UsageError when the files are not those of a run the page
// can make again (brink run or exact, without --given, --history or --rare), ModelError when
// model.yaml does not load.
LiveParts BuildLiveParts(const ReportFiles& files, const nlohmann::ordered_json& run);

// The engine's four files (built by src/live/CMakeLists.txt), each gzip-compressed: the
// SIMD128 module and its JavaScript glue, the scalar module and its glue. Empty without
// BRINK_WASM.
struct LiveEngine {
  std::string_view simd_wasm, simd_js, scalar_wasm, scalar_js;
};
LiveEngine LiveEngineFiles();

}  // namespace brink

#endif  // BRINK_REPORT_LIVE_PAGE_H_
