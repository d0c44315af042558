// Micro benchmarks of the fast engine's parts, for every SIMD kernel this CPU has: keyed
// Philox words, the Bernoulli kernel and condition evaluation over a group of lanes. Each
// benchmark's name ends in its kernel, e.g. BM_PhiloxLaneWords/avx2.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "micro_bench.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep

#include <benchmark/benchmark.h>

#include <hwy/highway.h>

#include "brink/condition.h"
#include "random/random.h"
#include "engine/bernoulli-inl.h"
#include "engine/lanes-inl.h"

HWY_BEFORE_NAMESPACE();
namespace brink {
namespace HWY_NAMESPACE {
namespace {
#include "brink/condition_program-inl.h"
}  // namespace

// The words of 8 Philox calls per block for one group: items are 64-bit words per block.
void BM_PhiloxLaneWords(benchmark::State& state) {
  const RoundKeys keys(1);
  uint64_t block = 0;
  HWY_ALIGN uint64_t words[8 * kGroupBlocks];
  for (auto _ : state) {
    PhiloxLanes philox({1, 0, 0, 3, 7, Purpose::kHazard}, block, &keys);
    block += kGroupBlocks;
    philox.Pairs<4>(0, words);
    benchmark::DoNotOptimize(words);
  }
  state.SetItemsProcessed(state.iterations() * 8 * kGroupBlocks);
}

// Deciding a group's trials against p = range(0) / 1000, all lanes active: items are trials.
void BM_BernoulliKernel(benchmark::State& state) {
  const RoundKeys keys(1);
  const uint64_t threshold =
      Threshold::FromProbability(static_cast<double>(state.range(0)) / 1000).bits;
  const Lanes all = Broadcast(~uint64_t{0});
  uint64_t block = 0;
  HWY_ALIGN uint64_t sink[kGroupBlocks] = {};
  for (auto _ : state) {
    GroupWords words({1, 0, 0, 3, 7, Purpose::kHazard}, block, &keys, all);
    block += kGroupBlocks;
    StoreLanes(LoadLanes(sink) ^ BelowThreshold(&words, all, threshold), sink);
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(state.iterations() * 64 * kGroupBlocks);
}

// A five-operator condition over a group: items are trials.
void BM_ConditionLanes(benchmark::State& state) {
  std::vector<Diagnostic> errors;
  NameResolver resolve = [](const std::string& name, std::string*) { return name[0] - 'a'; };
  Condition c = ParseCondition("(a or b) and not (c and d) or e",
                               [](int) { return SourceLoc{}; }, resolve, &errors);
  HWY_ALIGN uint64_t happened[5][kGroupBlocks];
  for (int e = 0; e < 5; ++e)
    for (int b = 0; b < kGroupBlocks; ++b) happened[e][b] = 0x9E3779B97F4A7C15ull * (e + b + 1);
  HWY_ALIGN uint64_t sink[kGroupBlocks] = {};
  const auto& program = c.program();
  for (auto _ : state) {
    const Lanes v = HWY_NAMESPACE::EvaluateProgram(
        program.data(), program.size(), [&](int e) { return LoadLanes(happened[e]); },
        Broadcast(~uint64_t{0}));
    StoreLanes(LoadLanes(sink) ^ v, sink);
    benchmark::DoNotOptimize(sink);
    happened[0][0] += 1;
  }
  state.SetItemsProcessed(state.iterations() * 64 * kGroupBlocks);
}

}  // namespace HWY_NAMESPACE
}  // namespace brink
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "brink/simd.h"
#include "engine/simd_target.h"

namespace brink {
namespace {

HWY_EXPORT(BM_PhiloxLaneWords);
HWY_EXPORT(BM_BernoulliKernel);
HWY_EXPORT(BM_ConditionLanes);

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

// Registers each per-kernel benchmark once per kernel this CPU has.
int RegisterKernelBenchmarks() {
  for (SimdKernel kernel : AvailableKernels()) {
    const size_t i = DispatchIndex(kernel);
    const std::string suffix = std::string("/") + KernelName(kernel);
    benchmark::RegisterBenchmark(("BM_PhiloxLaneWords" + suffix).c_str(),
                                 HWY_DISPATCH_TABLE(BM_PhiloxLaneWords)[i]);
    auto* bernoulli = benchmark::RegisterBenchmark(("BM_BernoulliKernel" + suffix).c_str(),
                                                   HWY_DISPATCH_TABLE(BM_BernoulliKernel)[i]);
    for (int p : {5, 100, 500, 937}) bernoulli->Arg(p);
    benchmark::RegisterBenchmark(("BM_ConditionLanes" + suffix).c_str(),
                                 HWY_DISPATCH_TABLE(BM_ConditionLanes)[i]);
  }
  return 0;
}
const int kRegistered = RegisterKernelBenchmarks();

}  // namespace
}  // namespace brink
#endif  // HWY_ONCE
