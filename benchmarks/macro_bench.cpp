// Whole runs: the default model and the synthetic 64-event × 52-step model, per engine and
// thread count. Items are event-steps (trials × events × steps).
#include <benchmark/benchmark.h>

#include "engine/engine.h"
#include "brink/load.h"
#include "plan/plan.h"
#include "bench/synthetic.h"

namespace brink {
namespace {

void RunModel(benchmark::State& state, const Model& model, bool fast) {
  Plan plan = Compile(model, PointValues(model));
  RunOptions options;
  options.seed = 1;
  options.trials = static_cast<uint64_t>(state.range(0));
  options.threads = static_cast<int>(state.range(1));
  for (auto _ : state) {
    Tally tally = fast ? RunFast(plan, options) : RunReference(plan, options);
    benchmark::DoNotOptimize(tally.counted());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(options.trials) *
                          static_cast<int64_t>(model.events.size()) * model.horizon);
}

const Model& DefaultModel() {
  static const Model model = LoadModel(BRINK_SOURCE_DIR "/examples/one-way/russia_dprk_treaty.yaml");
  return model;
}

const Model& Synthetic() {
  static const Model model = LoadModelFromString(SyntheticModelYaml(64, 52, 2024), "synthetic");
  return model;
}

void BM_DefaultModelReference(benchmark::State& s) { RunModel(s, DefaultModel(), false); }
void BM_DefaultModelFast(benchmark::State& s) { RunModel(s, DefaultModel(), true); }
void BM_SyntheticReference(benchmark::State& s) { RunModel(s, Synthetic(), false); }
void BM_SyntheticFast(benchmark::State& s) { RunModel(s, Synthetic(), true); }

BENCHMARK(BM_DefaultModelReference)->Args({20000, 1})->Args({40000, 2})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DefaultModelFast)->Args({1 << 20, 1})->Args({1 << 21, 2})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SyntheticReference)->Args({2048, 1})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SyntheticFast)->Args({1 << 17, 1})->Args({1 << 18, 2})->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace brink
