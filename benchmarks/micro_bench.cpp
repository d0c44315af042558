// Micro benchmarks of the fast engine's parts: keyed Philox words, the 512-lane Bernoulli
// kernel and condition evaluation over lanes.
#include <benchmark/benchmark.h>

#include "brink/condition.h"
#include "brink/random.h"
#include "engine/bernoulli.h"

namespace brink {
namespace {

// Scalar words, one decision's stream at a time (what the reference engine reads).
void BM_PhiloxScalarWords(benchmark::State& state) {
  uint64_t block = 0, sink = 0;
  for (auto _ : state) {
    KeyedStream stream({1, 0, block++, 3, 7, Purpose::kHazard});
    for (uint32_t k = 0; k < 8; ++k) sink ^= stream.Word(k);
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(state.iterations() * 8);
}
BENCHMARK(BM_PhiloxScalarWords);

// The same words for 8 blocks at once, 4 Philox calls per block interleaved.
void BM_PhiloxLaneWords(benchmark::State& state) {
  uint64_t block = 0;
  Lanes words[64];
  for (auto _ : state) {
    PhiloxLanes philox({1, 0, 0, 3, 7, Purpose::kHazard}, block);
    block += kGroupBlocks;
    philox.Pairs<4>(0, words);
    benchmark::DoNotOptimize(words);
  }
  state.SetItemsProcessed(state.iterations() * 8 * kGroupBlocks);
}
BENCHMARK(BM_PhiloxLaneWords);

// Deciding 512 trials against p, all lanes active: items are trials decided.
void BM_BernoulliKernel(benchmark::State& state) {
  const uint64_t threshold = Threshold::FromProbability(static_cast<double>(state.range(0)) / 1000).bits;
  uint64_t block = 0;
  Lanes sink = Broadcast(0);
  for (auto _ : state) {
    GroupWords words({1, 0, 0, 3, 7, Purpose::kHazard}, block);
    block += kGroupBlocks;
    sink ^= BelowThreshold(&words, Broadcast(~uint64_t{0}), threshold);
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(state.iterations() * kGroupTrials);
}
BENCHMARK(BM_BernoulliKernel)->Arg(5)->Arg(100)->Arg(500)->Arg(937);

// A five-operator condition over 512 trials.
void BM_ConditionLanes(benchmark::State& state) {
  std::vector<Diagnostic> errors;
  NameResolver resolve = [](const std::string& name, std::string*) { return name[0] - 'a'; };
  Condition c = ParseCondition("(a or b) and not (c and d) or e",
                               [](int) { return SourceLoc{}; }, resolve, &errors);
  Lanes happened[5];
  for (int e = 0; e < 5; ++e) happened[e] = Broadcast(0x9E3779B97F4A7C15ull * (e + 1));
  for (auto _ : state) {
    Lanes v = c.Evaluate([&](int e) { return happened[e]; }, Broadcast(~uint64_t{0}));
    benchmark::DoNotOptimize(v);
    happened[0] += Broadcast(1);
  }
  state.SetItemsProcessed(state.iterations() * kGroupTrials);
}
BENCHMARK(BM_ConditionLanes);

}  // namespace
}  // namespace brink
