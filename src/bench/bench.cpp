#include "brink/bench.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <regex>

#include "brink/engine.h"
#include "brink/load.h"
#include "brink/plan.h"
#include "brink/random.h"
#include "brink/synthetic.h"
#include "brink/report.h"

namespace brink {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

struct BenchCase {
  std::string engine;
  std::string model_name;
  const Model* model;
  int threads;
  uint64_t trials;
};

// Best of `repeats` wall times: the least disturbed run.
double TimeRun(const BenchCase& c, const Plan& plan, int repeats) {
  RunOptions options;
  options.seed = 1;
  options.trials = c.trials;
  options.threads = c.threads;
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    auto start = Clock::now();
    Tally tally = c.engine == "fast" ? RunFast(plan, options) : RunReference(plan, options);
    best = std::min(best, Seconds(start));
    if (tally.simulated() != c.trials) throw std::runtime_error("bench: trial count mismatch");
  }
  return best;
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
  const double philox = CalibratePhilox(options.quick ? 0.2 : 0.5);
  char line[256];
  std::snprintf(line, sizeof line, "calibration: Philox4x32-10, 1 thread: %.3g calls/s\n\n",
                philox);
  log << line;

  std::vector<std::pair<std::string, Model>> models;
  models.emplace_back("synthetic-64x52",
                      LoadModelFromString(SyntheticModelYaml(64, 52, 2024), "synthetic"));
  if (!options.model_path.empty())
    models.emplace_back(options.model_path, LoadModel(options.model_path));

  const uint64_t scale = options.quick ? 2 : 8;
  const int repeats = options.quick ? 2 : 3;
  std::vector<BenchFigure> figures{{"philox4x32-10 calls/s (calibration)", "calls/s", philox}};
  std::snprintf(line, sizeof line, "%-10s %-22s %7s %10s %8s %14s %11s\n", "engine", "model",
                "threads", "trials", "seconds", "event-steps/s", "normalized");
  log << line;
  double fast1 = 0, fast2 = 0, reference1 = 0;
  for (const auto& [name, model] : models) {
    Plan plan = Compile(model, PointValues(model));
    const double per_trial =
        static_cast<double>(model.events.size()) * static_cast<double>(model.horizon);
    // Trial counts sized for about half a second each on a 2-core machine (full suite).
    const uint64_t reference_trials =
        std::max<uint64_t>(2048, static_cast<uint64_t>(scale * 2.5e7 / per_trial / 8));
    const uint64_t fast_trials = std::max<uint64_t>(
        4096, static_cast<uint64_t>(scale * 4e9 / per_trial / 8) / 512 * 512);
    const std::vector<BenchCase> cases = {{"reference", name, &model, 1, reference_trials},
                                     {"fast", name, &model, 1, fast_trials},
                                     {"fast", name, &model, 2, 2 * fast_trials}};
    for (const BenchCase& c : cases) {
      double seconds = TimeRun(c, plan, repeats);
      double rate = static_cast<double>(c.trials) * per_trial / seconds;
      std::string id = c.engine + " " + name + " threads=" + std::to_string(c.threads);
      figures.push_back({id + " event-steps/s", "event-steps/s", rate});
      figures.push_back({id + " (normalized)", "event-steps per Philox call", rate / philox});
      std::snprintf(line, sizeof line, "%-10s %-22s %7d %10llu %8.3f %14.4g %11.4g\n",
                    c.engine.c_str(), name.c_str(), c.threads,
                    static_cast<unsigned long long>(c.trials), seconds, rate, rate / philox);
      log << line;
      if (&model == &models.front().second) {
        if (c.engine == "reference") reference1 = rate;
        else if (c.threads == 1) fast1 = rate;
        else fast2 = rate;
      }
    }
  }
  figures.push_back({"fast / reference, synthetic-64x52, 1 thread", "ratio", fast1 / reference1});
  figures.push_back({"fast 2 threads / 1 thread, synthetic-64x52", "ratio", fast2 / fast1});
  std::snprintf(line, sizeof line,
                "\nsynthetic-64x52: fast / reference (1 thread) = %.1fx; fast 2 threads / 1 "
                "thread = %.2fx; fast, 2 threads = %.3g event-steps/s\n",
                fast1 / reference1, fast2 / fast1, fast2);
  log << line;
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
    if (name.find("(normalized)") == std::string::npos) continue;
    const double baseline = std::stod((*it)[2]);
    for (const BenchFigure& f : figures)
      if (f.name == name && f.value < baseline / 2) regressions.push_back(name);
  }
  return regressions;
}

}  // namespace brink
