// The live report's controller (docs/reports.md), a script run at the end of the page: it
// unpacks the engine (gzip in base64: DecompressionStream), compiles the WebAssembly module
// once (SIMD128 when the browser validates it, else the scalar module), starts it in a Web
// Worker made from a Blob URL (so the page works from file://, with the network off), and on
// each control's `input` or `change` event sends the settings as a request (src/live/live.cpp)
// and redraws the header and every section but the model graph from the answer. One request
// runs at a time; the newest settings wait for it (a run that has taken over 400 ms is stopped
// and the worker started again). Hooks: [data-status] reads "running", "done" or "error: …";
// window.brink.files() gives the current files; window.brink.timings() the last run's times.
#ifndef BRINK_REPORT_LIVE_SCRIPT_H_
#define BRINK_REPORT_LIVE_SCRIPT_H_

namespace brink {

const char* LiveScript();

}  // namespace brink

#endif  // BRINK_REPORT_LIVE_SCRIPT_H_
