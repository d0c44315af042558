// `brink bench`: a fixed macro benchmark suite whose figures CI can track. Throughput is in
// event-steps per second (trials × events × steps / wall seconds), and each figure is also
// divided by the machine's raw Philox4x32-10 throughput measured in the same run, so the
// normalized figures are comparable across machines and noisy neighbours.
#ifndef BRINK_BENCH_H_
#define BRINK_BENCH_H_

#include <ostream>
#include <string>
#include <vector>

#include "brink/simd.h"

namespace brink {

// One tracked number, in the shape CI benchmark trackers ingest ("customBiggerIsBetter").
struct BenchFigure {
  std::string name;
  std::string unit;
  double value = 0;
};

struct BenchOptions {
  bool quick = false;       // smaller runs, for CI
  std::string model_path;   // an extra model to measure, or ""
  // The fast engine's kernels to measure, widest first (e.g. AvailableKernels()); each gets
  // its rows and figures, named "fast[KERNEL] ...". REQUIRES: available on this CPU.
  std::vector<SimdKernel> kernels;
};

// Runs the suite, printing a readable table to `log`; returns every figure.
std::vector<BenchFigure> RunBenchSuite(const BenchOptions& options, std::ostream& log);

// Philox4x32-10 calls per second on one thread, measured for about `seconds`: one call at a
// time (the reference engine's way), or for whole groups of blocks with a SIMD kernel's
// vectors (the fast engine's way). Each kernel's fast-engine figures are normalized by its
// own rate, so they compare across machines. REQUIRES: the kernel is available.
double CalibratePhilox(double seconds);
double CalibratePhiloxLanes(SimdKernel kernel, double seconds);

std::string BenchJson(const std::vector<BenchFigure>& figures);

// Names of the figures that travel between machines (normalized figures and fast/reference
// ratios) in `figures` that fell below half of their value in `baseline_json` (a BenchJson
// text). Figures absent from either side (e.g. a kernel this CPU lacks) are not compared.
std::vector<std::string> Regressions(const std::vector<BenchFigure>& figures,
                                     const std::string& baseline_json);

}  // namespace brink

#endif  // BRINK_BENCH_H_
