#include "bench/bench.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <regex>

#include "engine/engine.h"
#include "brink/load.h"
#include "plan/plan.h"
#include "random/random.h"
#include "bench/synthetic.h"
#include "brink/report.h"

namespace brink {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// Best of `repeats` wall times (the least disturbed run) of `trials` trials.
double TimeRun(const Plan& plan, RunOptions options, bool fast, uint64_t trials, int repeats) {
  options.trials = trials;
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    auto start = Clock::now();
    Tally tally = fast ? RunFast(plan, options) : RunReference(plan, options);
    best = std::min(best, Seconds(start));
    if (tally.simulated() != trials) throw std::runtime_error("bench: trial count mismatch");
  }
  return best;
}

// Trials for about `seconds` of work, from a short pilot run: kernels differ tenfold in
// speed, so a fixed count would make the slow ones dominate the suite's time.
uint64_t SizeRun(const Plan& plan, const RunOptions& options, bool fast, double seconds) {
  uint64_t pilot = 4096;
  double took = 0;
  while ((took = TimeRun(plan, options, fast, pilot, 1)) < 0.02 && pilot < (uint64_t{1} << 30))
    pilot *= 4;
  const double trials = static_cast<double>(pilot) * seconds / std::max(took, 1e-9);
  return std::max<uint64_t>(4096, static_cast<uint64_t>(trials) / 512 * 512);
}

}  // namespace

double CalibratePhilox(double seconds) {
  uint32_t counter[4] = {0, 0, 0, 0}, key[2] = {12345, 678}, out[4] = {0, 0, 0, 0};
  uint64_t calls = 0;
  uint32_t sink = 0;
  auto start = Clock::now();
  double elapsed = 0;
  while ((elapsed = Seconds(start)) < seconds) {
    for (int i = 0; i < 4096; ++i) {
      counter[0] = static_cast<uint32_t>(calls++);
      Philox4x32(counter, key, out);
      sink ^= out[0];
    }
  }
  // Keep the loop from being optimized away.
  if (sink == 0x12345678u) std::fputs("", stderr);
  return static_cast<double>(calls) / elapsed;
}

std::vector<BenchFigure> RunBenchSuite(const BenchOptions& options, std::ostream& log) {
  const double seconds = options.quick ? 0.15 : 0.5;  // per timed run
  const int repeats = options.quick ? 2 : 3;
  char line[256];
  const double philox = CalibratePhilox(options.quick ? 0.2 : 0.5);
  std::vector<BenchFigure> figures{{"philox4x32-10 calls/s (calibration)", "calls/s", philox}};
  log << "calibration, Philox4x32-10 calls/s on 1 thread (normalizes the figures below):\n";
  std::snprintf(line, sizeof line, "  %-9s %10.4g  (one call at a time: the reference engine)\n",
                "scalar", philox);
  log << line;
  std::vector<double> lanes_rate;
  for (SimdKernel kernel : options.kernels) {
    lanes_rate.push_back(CalibratePhiloxLanes(kernel, options.quick ? 0.2 : 0.5));
    figures.push_back({std::string("philox4x32-10 lanes[") + KernelName(kernel) +
                           "] calls/s (calibration)",
                       "calls/s", lanes_rate.back()});
    std::snprintf(line, sizeof line, "  %-9s %10.4g  (whole groups in %s vectors)\n",
                  KernelName(kernel), lanes_rate.back(), KernelName(kernel));
    log << line;
  }

  std::vector<std::pair<std::string, Model>> models;
  models.emplace_back("synthetic-64x52",
                      LoadModelFromString(SyntheticModelYaml(kBenchEvents, kBenchSteps, kBenchSeed), "synthetic"));
  // The same model with events that end and recur (version 2 of the language).
  models.emplace_back("synthetic-v2-64x52",
                      LoadModelFromString(SyntheticModelYaml(kBenchEvents, kBenchSteps, kBenchSeed,
                                                             true),
                                          "synthetic-v2"));
  // The version-2 model with four quantities (../shared/spec/quantities.md "Speed").
  models.emplace_back("synthetic-v2-64x52+4q",
                      LoadModelFromString(SyntheticModelYaml(kBenchEvents, kBenchSteps, kBenchSeed,
                                                             true) +
                                              SyntheticQuantitiesYaml(),
                                          "synthetic-v2-4q"));
  if (!options.model_path.empty())
    models.emplace_back(options.model_path, LoadModel(options.model_path));

  std::snprintf(line, sizeof line, "\n%-10s %-7s %-22s %7s %10s %8s %14s %11s\n", "engine",
                "kernel", "model", "threads", "trials", "seconds", "event-steps/s", "normalized");
  log << line;
  auto measure = [&](const std::string& name, const Plan& plan, const Model& model,
                     Engine engine, SimdKernel kernel, int threads, double calibration) {
    RunOptions run;
    run.seed = 1;
    run.threads = threads;
    run.simd = kernel;
    const bool fast = engine == Engine::kFast;
    const uint64_t trials = SizeRun(plan, run, fast, seconds);
    const double took = TimeRun(plan, run, fast, trials, repeats);
    const double rate = static_cast<double>(trials) * static_cast<double>(model.events.size()) *
                        model.horizon / took;
    const std::string label =
        fast ? std::string(NameOf(engine)) + "[" + KernelName(kernel) + "]" : "reference";
    const std::string id = label + " " + name + " threads=" + std::to_string(threads);
    figures.push_back({id + " event-steps/s", "event-steps/s", rate});
    figures.push_back({id + " (normalized)", "event-steps per Philox call", rate / calibration});
    std::snprintf(line, sizeof line, "%-10s %-7s %-22s %7d %10llu %8.3f %14.4g %11.4g\n",
                  fast ? "fast" : "reference", fast ? KernelName(kernel) : "-", name.c_str(),
                  threads, static_cast<unsigned long long>(trials), took, rate,
                  rate / calibration);
    log << line;
    return rate;
  };
  std::vector<double> fast1(options.kernels.size()), fast2(options.kernels.size()),
      two_way1(options.kernels.size()), quantities1(options.kernels.size());
  double reference1 = 0;
  for (const auto& [name, model] : models) {
    const Plan plan = Compile(model, PointValues(model));
    const bool first = &model == &models[0].second, two_way = &model == &models[1].second,
               quantities = &model == &models[2].second;
    double r = measure(name, plan, model, Engine::kReference, SimdKernel::kScalar, 1, philox);
    if (first) reference1 = r;
    for (size_t i = 0; i < options.kernels.size(); ++i) {
      for (int threads : {1, 2}) {
        r = measure(name, plan, model, Engine::kFast, options.kernels[i], threads, lanes_rate[i]);
        if (first) (threads == 1 ? fast1 : fast2)[i] = r;
        if (two_way && threads == 1) two_way1[i] = r;
        if (quantities && threads == 1) quantities1[i] = r;
      }
    }
  }
  log << "\nsynthetic-64x52, 1 thread unless noted:\n";
  for (size_t i = 0; i < options.kernels.size(); ++i) {
    const std::string k = KernelName(options.kernels[i]);
    figures.push_back({"fast[" + k + "] / reference, synthetic-64x52, 1 thread", "ratio",
                       fast1[i] / reference1});
    figures.push_back({"fast[" + k + "] 2 threads / 1 thread, synthetic-64x52", "ratio",
                       fast2[i] / fast1[i]});
    figures.push_back({"fast[" + k + "] version 2 / version 1, synthetic-64x52, 1 thread",
                       "ratio", two_way1[i] / fast1[i]});
    figures.push_back({"fast[" + k + "] 4 quantities / none, synthetic-v2-64x52, 1 thread",
                       "ratio", quantities1[i] / two_way1[i]});
    std::snprintf(line, sizeof line,
                  "  fast[%s] = %.1fx reference; %.3gx the widest kernel; 2 threads / 1 thread "
                  "= %.2fx; version 2 / version 1 = %.2fx; 4 quantities / none = %.2fx\n",
                  k.c_str(), fast1[i] / reference1, fast1[i] / fast1[0], fast2[i] / fast1[i],
                  two_way1[i] / fast1[i], quantities1[i] / two_way1[i]);
    log << line;
  }
  return figures;
}

std::string BenchJson(const std::vector<BenchFigure>& figures) {
  std::string out = "[\n";
  for (size_t i = 0; i < figures.size(); ++i) {
    out += "  {\"name\": \"" + figures[i].name + "\", \"unit\": \"" + figures[i].unit +
           "\", \"value\": " + FormatNumber(figures[i].value) + "}" +
           (i + 1 < figures.size() ? ",\n" : "\n");
  }
  return out + "]\n";
}

std::vector<std::string> Regressions(const std::vector<BenchFigure>& figures,
                                     const std::string& baseline_json) {
  // The baseline is our own BenchJson output: one {"name": ..., "value": ...} per line.
  static const std::regex entry(R"re(\{"name": "([^"]*)", "unit": "[^"]*", "value": ([^}\s]+)\})re");
  std::vector<std::string> regressions;
  for (std::sregex_iterator it(baseline_json.begin(), baseline_json.end(), entry), end;
       it != end; ++it) {
    const std::string name = (*it)[1];
    if (name.find("(normalized)") == std::string::npos &&
        name.find("/ reference") == std::string::npos)
      continue;
    const double baseline = std::stod((*it)[2]);
    for (const BenchFigure& f : figures)
      if (f.name == name && f.value < baseline / 2) regressions.push_back(name);
  }
  return regressions;
}

}  // namespace brink
