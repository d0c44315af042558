// brink's closed sets (engines, commands, output formats, graph formats, sampling designs, SIMD
// kernels, the kinds of figures) and their names, each listed once, here. Every front end parses a name with
// ParseName and prints one with NameOf; help texts and errors list the names with OneOf. No
// other code compares such a name as text: it switches over the enum, so that a new value is
// a compile error (-Wswitch) wherever it must be handled.
#ifndef BRINK_NAMES_H_
#define BRINK_NAMES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace brink {

// How a run's figures are computed (run.json's "engine").
enum class Engine : uint8_t {
  kFast,       // many trials at a time (SIMD lanes)
  kReference,  // one trial at a time; the same figures as fast
  kExact,      // the state distribution, no sampling (small models)
};

// How a run's figures were computed, as its record says (run.json's "engine"): one of the
// engines, or importance sampling of one rare figure (run --rare, brink/rare.h), which no
// request asks of an engine.
enum class Method : uint8_t { kFast, kReference, kExact, kRare };

// brink's commands (run.json's "command" for those that write a folder).
enum class CommandKind : uint8_t {
  kRun, kExact, kSweep, kSensitivity, kCompare, kReport, kGraph, kShow, kValidate, kBench,
};

// How a command prints its results: a table for reading, or one JSON document.
enum class OutputFormat : uint8_t { kTable, kJson };

// The formats of `brink graph`: Graphviz's text, or drawn by its `dot`.
enum class GraphFormat : uint8_t { kDot, kSvg, kPng };

// The design of the draws of the uncertain values (docs/uncertainty.md).
enum class Sampling : uint8_t { kLatinHypercube, kRandom, kSobol };

// The fast engine's SIMD kernels (brink/simd.h).
enum class SimdKernel : uint8_t {
  kAuto,    // the best available kernel
  kScalar,  // portable C++, no vector instructions required (Highway's EMU128)
  kSse4,    // x86-64: SSE4.2, 128-bit
  kAvx2,    // x86-64: AVX2 (x86-64-v3), 256-bit
  kAvx512,  // x86-64: AVX-512 F/VL/DQ/BW, 512-bit
  kNeon,    // aarch64 (and armv7 with NEON): 128-bit
  kWasm,    // WebAssembly SIMD128, 128-bit (the live report's engine; docs/reports.md)
};

// The kinds of report.html (brink/html_report.h): the figures drawn, or drawn and the model
// runnable in the page (docs/reports.md).
enum class ReportKind : uint8_t { kStatic, kLive };

// What a figure of the results is about (Figure::Kind; the `kind` column of the files).
enum class FigureKind : uint8_t { kEvent, kLevel };

// A value and its name.
template <class E>
struct Named {
  E value;
  std::string_view name;
};

// Every value of each set with its name, in the order help texts list them.
inline constexpr Named<Engine> kEngineNames[] = {
    {Engine::kFast, "fast"}, {Engine::kReference, "reference"}, {Engine::kExact, "exact"}};
inline constexpr Named<Method> kMethodNames[] = {
    {Method::kFast, "fast"}, {Method::kReference, "reference"}, {Method::kExact, "exact"},
    {Method::kRare, "rare"}};
inline constexpr Named<CommandKind> kCommandNames[] = {
    {CommandKind::kRun, "run"},           {CommandKind::kExact, "exact"},
    {CommandKind::kSweep, "sweep"},       {CommandKind::kSensitivity, "sensitivity"},
    {CommandKind::kCompare, "compare"},   {CommandKind::kReport, "report"},
    {CommandKind::kGraph, "graph"},       {CommandKind::kShow, "show"},
    {CommandKind::kValidate, "validate"}, {CommandKind::kBench, "bench"}};
inline constexpr Named<OutputFormat> kOutputFormatNames[] = {{OutputFormat::kTable, "table"},
                                                             {OutputFormat::kJson, "json"}};
inline constexpr Named<GraphFormat> kGraphFormatNames[] = {
    {GraphFormat::kDot, "dot"}, {GraphFormat::kSvg, "svg"}, {GraphFormat::kPng, "png"}};
inline constexpr Named<Sampling> kSamplingNames[] = {{Sampling::kLatinHypercube, "lhs"},
                                                     {Sampling::kRandom, "random"},
                                                     {Sampling::kSobol, "sobol"}};
inline constexpr Named<SimdKernel> kKernelNames[] = {
    {SimdKernel::kAuto, "auto"},     {SimdKernel::kScalar, "scalar"},
    {SimdKernel::kSse4, "sse4"},     {SimdKernel::kAvx2, "avx2"},
    {SimdKernel::kAvx512, "avx512"}, {SimdKernel::kNeon, "neon"},
    {SimdKernel::kWasm, "wasm"}};

inline constexpr Named<ReportKind> kReportKindNames[] = {{ReportKind::kStatic, "static"},
                                                         {ReportKind::kLive, "live"}};
inline constexpr Named<FigureKind> kFigureKindNames[] = {{FigureKind::kEvent, "event"},
                                                         {FigureKind::kLevel, "level"}};

inline constexpr auto& NameTable(Engine) { return kEngineNames; }
inline constexpr auto& NameTable(Method) { return kMethodNames; }
inline constexpr auto& NameTable(FigureKind) { return kFigureKindNames; }
inline constexpr auto& NameTable(CommandKind) { return kCommandNames; }
inline constexpr auto& NameTable(OutputFormat) { return kOutputFormatNames; }
inline constexpr auto& NameTable(GraphFormat) { return kGraphFormatNames; }
inline constexpr auto& NameTable(Sampling) { return kSamplingNames; }
inline constexpr auto& NameTable(SimdKernel) { return kKernelNames; }
inline constexpr auto& NameTable(ReportKind) { return kReportKindNames; }

// The name of `value` ("fast", "json"...).
template <class E>
constexpr std::string_view NameOf(E value) {
  for (const Named<E>& entry : NameTable(E{}))
    if (entry.value == value) return entry.name;
  return "?";  // not reached: every value is in its table (tests/names_test.cpp)
}

// The value named `name` exactly; nullopt for anything else.
template <class E>
std::optional<E> ParseName(std::string_view name) {
  for (const Named<E>& entry : NameTable(E{}))
    if (entry.name == name) return entry.value;
  return std::nullopt;
}

// The names of `values` (default: the whole set), in table order.
template <class E>
std::vector<std::string> NamesOf(const std::vector<E>& values = {}) {
  std::vector<std::string> names;
  for (const Named<E>& entry : NameTable(E{}))
    for (size_t i = 0; i < (values.empty() ? 1 : values.size()); ++i)
      if (values.empty() || values[i] == entry.value) names.emplace_back(entry.name);
  return names;
}

// The method of a run on `engine`.
constexpr Method MethodOf(Engine engine) {
  switch (engine) {
    case Engine::kFast: return Method::kFast;
    case Engine::kReference: return Method::kReference;
    case Engine::kExact: return Method::kExact;
  }
  return Method::kFast;
}

// "a", "a or b", "a, b or c": names for a help text or an error.
std::string OneOf(const std::vector<std::string>& names);

}  // namespace brink

#endif  // BRINK_NAMES_H_
