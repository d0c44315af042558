// `brink bench`: a fixed macro benchmark suite whose figures CI can track. Throughput is in
// event-steps per second (trials × events × steps / wall seconds), and each figure is also
// divided by the machine's raw Philox4x32-10 throughput measured in the same run, so the
// normalized figures are comparable across machines and noisy neighbours.
#ifndef BRINK_BENCH_H_
#define BRINK_BENCH_H_

#include <ostream>
#include <string>
#include <vector>

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
};

// Runs the suite, printing a readable table to `log`; returns every figure.
std::vector<BenchFigure> RunBenchSuite(const BenchOptions& options, std::ostream& log);

// Philox4x32-10 calls per second on one thread, measured for about `seconds`.
double CalibratePhilox(double seconds);

std::string BenchJson(const std::vector<BenchFigure>& figures);

// Names of the normalized figures in `figures` that fell below half of their value in
// `baseline_json` (a BenchJson text). Figures absent from the baseline are not compared.
std::vector<std::string> Regressions(const std::vector<BenchFigure>& figures,
                                     const std::string& baseline_json);

}  // namespace brink

#endif  // BRINK_BENCH_H_
