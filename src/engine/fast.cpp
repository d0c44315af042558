// The fast engine: the reference engine's semantics evaluated for a group of up to 512
// trials at once, one bit per trial (engine/lanes-inl.h). Every decision reads the same keyed
// words as the reference engine, comparing all lanes' uniform numbers with p from the most
// significant bit down, so the tallies, and every output, are identical to the reference
// engine's.
//
// Google Highway compiles this file once per SIMD target (hwy/foreach_target.h); RunFast
// calls the kernel that RunOptions::simd names, or the best one this CPU supports.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "engine/fast.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep

#include <algorithm>
#include <chrono>
#include <vector>

#include <hwy/aligned_allocator.h>
#include <hwy/highway.h>

#include "engine/engine.h"
#include "engine/lane_decisions-inl.h"
#include "engine/lane_rows-inl.h"
#include "engine/lanes-inl.h"
#include "engine/parallel.h"

HWY_BEFORE_NAMESPACE();
namespace brink {
namespace HWY_NAMESPACE {
namespace {

// This target's own copy of the condition evaluator, so that it inlines into the engine.
#include "model/condition_program-inl.h"

constexpr uint64_t kChunkBlocks = 8 * kRunBlocks;  // the same on every target

// One worker's state for simulating groups of trials.
class FastGroup {
 public:
  FastGroup(const Plan& plan, const RunOptions& options)
      : plan_(plan),
        options_(options),
        keys_(options.seed),
        steps_(plan.horizon + 1),
        happened_(plan.num_events),
        decided_(plan.num_events),
        level_state_(plan.num_levels + 1),
        arrival_slot_(plan.num_events, -1),
        arrivals_(CountDelayed(plan) * steps_),
        fresh_(options.given != nullptr ? (plan.num_events + plan.num_levels) * steps_ : 0),
        decisions_(plan, &keys_) {
    for (const PlanEvent& pe : plan.order) {
      if (!pe.trigger && pe.delay_hi > 0) {
        arrival_slot_[pe.event] = static_cast<int>(delayed_events_.size());
        delayed_events_.push_back(pe.event);
      }
    }
    by_level_.resize(plan.num_levels + 1);
    for (int e = 0; e < plan.num_events; ++e)
      if (plan.level_of[e] > 0) by_level_[plan.level_of[e]].push_back(e);
  }

  // After Run: the valid lanes in which row `row` (an event, or a level k as
  // num_events + k - 1) happened by the horizon.
  HWY_INLINE Lanes Reached(int row) const {
    const Lanes reached = row < plan_.num_events ? happened_.Get(row)
                                                 : level_state_.Get(row - plan_.num_events + 1);
    return reached & valid_;
  }

  void Run(uint64_t first_block, Tally* tally) {
    tally_ = tally;
    decisions_.SetFirstBlock(first_block);
    HWY_ALIGN uint64_t valid[kGroupBlocks];
    for (int b = 0; b < kGroupBlocks; ++b) {
      uint64_t start = (first_block + b) * 64;
      const uint64_t end = options_.first_trial + options_.trials;
      uint64_t n = end > start ? std::min<uint64_t>(64, end - start) : 0;
      valid[b] = n == 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
    }
    valid_ = LoadLanes(valid);
    happened_.Clear();
    decided_.Clear();
    level_state_.Clear();
    arrivals_.Clear();
    fresh_.Clear();

    const int num_delayed = static_cast<int>(delayed_events_.size());
    for (int t = 1; t <= plan_.horizon; ++t) {
      for (int slot = 0; slot < num_delayed; ++slot) {
        const Lanes due = arrivals_.Get(slot * steps_ + t);
        if (Any(due)) Happen(delayed_events_[slot], t, due);
      }
      for (const PlanEvent& pe : plan_.order) {
        if (pe.trigger)
          EvaluateTrigger(pe, t);
        else
          EvaluateResponse(pe, t);
      }
      UpdateLevels(t);
    }

    Lanes counted = valid_;
    if (options_.given != nullptr) {
      counted &= Evaluate(*options_.given, valid_);
      for (int row = 0; row < plan_.num_events + plan_.num_levels; ++row)
        for (int t = 1; t <= plan_.horizon; ++t) {
          const Lanes f = fresh_.Get(row * steps_ + t) & counted;
          if (Any(f)) tally_->AddFirst(row, t, Popcount(f));
        }
    }
    tally_->AddTrials(Popcount(valid_), Popcount(counted));
  }

 private:
  static size_t CountDelayed(const Plan& plan) {
    return static_cast<size_t>(std::count_if(plan.order.begin(), plan.order.end(),
        [](const PlanEvent& pe) { return !pe.trigger && pe.delay_hi > 0; }));
  }

  HWY_INLINE Lanes Evaluate(const Condition& c, const Lanes& all) const {
    const auto& program = c.program();
    return HWY_NAMESPACE::EvaluateProgram(
        program.data(), program.size(), [this](int e) { return happened_.Get(e); }, all);
  }

  HWY_INLINE Lanes Holds(int condition) const {
    const Condition& c = plan_.conditions[condition];
    if (c.IsConstantTrue()) return Broadcast(~uint64_t{0});
    return Evaluate(c, Broadcast(~uint64_t{0}));
  }

  // Records that `lanes` first reach row `row` at step t.
  HWY_INLINE void Record(int row, int t, const Lanes& lanes) {
    if (options_.given != nullptr)
      fresh_.Or(row * steps_ + t, lanes);
    else
      tally_->AddFirst(row, t, Popcount(lanes));
  }

  HWY_INLINE void Happen(int e, int t, const Lanes& lanes) {
    happened_.Or(e, lanes);
    Record(e, t, lanes);
  }

  HWY_INLINE void Arrive(int e, int t, const Lanes& lanes) {
    arrivals_.Or(arrival_slot_[e] * steps_ + t, lanes);
  }

  void EvaluateTrigger(const PlanEvent& pe, int t) {
    Lanes active = AndNot(valid_, happened_.Get(pe.event));
    if (!Any(active)) return;
    active &= Holds(pe.gate);
    if (!Any(active)) return;
    StreamKey key{options_.seed, options_.draw, 0, static_cast<uint32_t>(pe.event),
                  static_cast<uint32_t>(t), Purpose::kHazard};
    const Lanes success = Decide(pe, active, key);
    if (Any(success)) Happen(pe.event, t, success);
  }

  void EvaluateResponse(const PlanEvent& pe, int t) {
    Lanes active = AndNot(valid_, decided_.Get(pe.event));
    if (!Any(active)) return;
    active &= Holds(pe.gate);
    if (!Any(active)) return;
    decided_.Or(pe.event, active);
    StreamKey key{options_.seed, options_.draw, 0, static_cast<uint32_t>(pe.event), 0,
                  Purpose::kDecide};
    const Lanes success = Decide(pe, active, key);
    if (!Any(success)) return;
    if (pe.delay_hi == pe.delay_lo) {
      if (pe.delay_lo == 0)
        Happen(pe.event, t, success);
      else if (t + pe.delay_lo <= plan_.horizon)
        Arrive(pe.event, t + pe.delay_lo, success);
      return;
    }
    DelayRange(pe, t, success);
  }

  // Delays uniform on lo..hi (LaneDecisions::Uniform).
  HWY_NOINLINE void DelayRange(const PlanEvent& pe, int t, const Lanes& success) {
    StreamKey key{options_.seed, options_.draw, 0, static_cast<uint32_t>(pe.event), 0,
                  Purpose::kDelay};
    decisions_.Uniform(pe.delay_lo, pe.delay_hi, pe.first_cutoff, success, key,
                       [&](int d, const Lanes& lanes) {
                         if (d == 0)
                           Happen(pe.event, t, lanes);
                         else if (t + d <= plan_.horizon)
                           Arrive(pe.event, t + d, lanes);
                       });
  }

  // The lanes of `active` whose uniform number U is below the p of the case that applies to
  // them (first case whose condition holds; none: p = 0).
  HWY_INLINE Lanes Decide(const PlanEvent& pe, const Lanes& active, const StreamKey& key) {
    return decisions_.Decide(pe.first_case, pe.num_cases, active, key,
                             [this](int condition) { return Holds(condition); });
  }

  void UpdateLevels(int t) {
    Lanes reached = Broadcast(0);
    for (int k = plan_.num_levels; k >= 1; --k) {
      for (int e : by_level_[k]) reached |= happened_.Get(e);
      const Lanes fresh = AndNot(reached, level_state_.Get(k));
      if (Any(fresh)) Record(plan_.num_events + k - 1, t, fresh);
      level_state_.Set(k, reached);
    }
  }

  const Plan& plan_;
  const RunOptions& options_;
  const RoundKeys keys_;                // Philox's round keys for options_.seed
  const int steps_;                     // horizon + 1: rows per event in arrivals_ and fresh_
  Tally* tally_ = nullptr;
  Lanes valid_;
  LaneRows happened_;                   // by event
  LaneRows decided_;                    // by event: responses already decided
  LaneRows level_state_;                // by level k: lanes whose level has reached k
  std::vector<int> arrival_slot_;       // by event: slot in arrivals_, or -1
  std::vector<int> delayed_events_;     // by slot
  LaneRows arrivals_;                   // [slot][t]: lanes due at step t
  LaneRows fresh_;                      // [row][t]: lanes first reaching row at t (with given)
  std::vector<std::vector<int>> by_level_;
  LaneDecisions decisions_;
};

}  // namespace

Tally RunFastKernel(const Plan& plan, const RunOptions& options) {
  const uint64_t num_blocks = (options.trials + 63) / 64;
  const uint64_t padded = (num_blocks + kRunBlocks - 1) / kRunBlocks * kRunBlocks;
  Tally zero(plan.horizon, plan.num_events, plan.num_levels);
  auto work = [&](Tally* tally, uint64_t begin, uint64_t end) {
    FastGroup group(plan, options);
    for (uint64_t block = begin; block < end; block += kGroupBlocks)
      group.Run(options.first_trial / 64 + block, tally);
  };
  return ForEachChunk(padded, kChunkBlocks, options.threads, zero, work, options.progress);
}

PairedTally RunFastPairedKernel(const Plan& a, const Plan& b, const RunOptions& options) {
  const uint64_t num_blocks = (options.trials + 63) / 64;
  const uint64_t padded = (num_blocks + kRunBlocks - 1) / kRunBlocks * kRunBlocks;
  const int rows = a.num_events + a.num_levels;
  PairedTally zero(a.horizon, a.num_events, a.num_levels);
  auto work = [&](PairedTally* tally, uint64_t begin, uint64_t end) {
    FastGroup group_a(a, options), group_b(b, options);
    for (uint64_t block = begin; block < end; block += kGroupBlocks) {
      group_a.Run(options.first_trial / 64 + block, &tally->a);
      group_b.Run(options.first_trial / 64 + block, &tally->b);
      for (int row = 0; row < rows; ++row)
        tally->both[row] += Popcount(group_a.Reached(row) & group_b.Reached(row));
    }
  };
  return ForEachChunk(padded, kChunkBlocks, options.threads, zero, work, options.progress);
}

// Philox4x32-10 calls per second on one thread, computing words for whole groups as the
// engine does (4 calls per block at a time).
double PhiloxLanesRate(double seconds) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  HWY_ALIGN uint64_t sink[kGroupBlocks] = {};
  const RoundKeys keys(1);
  uint64_t groups = 0;
  double elapsed = 0;
  while ((elapsed = std::chrono::duration<double>(Clock::now() - start).count()) < seconds) {
    for (int i = 0; i < 256; ++i) {
      HWY_ALIGN uint64_t words[8 * kGroupBlocks];
      PhiloxLanes philox({1, 0, 0, 3, 7, Purpose::kHazard}, groups++ * kGroupBlocks, &keys);
      philox.Pairs<4>(0, words);
      Lanes all = LoadLanes(sink);
      for (int k = 0; k < 8; ++k) all = all ^ LoadLanes(words + k * kGroupBlocks);  // use all
      StoreLanes(all, sink);
    }
  }
  // Keep the loop from being optimized away.
  if (sink[0] == 0x123456789ull) groups += 1;
  return static_cast<double>(groups) * 4 * kGroupBlocks / elapsed;
}

}  // namespace HWY_NAMESPACE
}  // namespace brink
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "engine/simd_target.h"

namespace brink {

HWY_EXPORT(RunFastKernel);
HWY_EXPORT(PhiloxLanesRate);
HWY_EXPORT(RunFastPairedKernel);

PairedTally RunFastPaired(const Plan& a, const Plan& b, const RunOptions& options) {
  if (a.two_way) return RunFastEpisodesPaired(a, b, options);
  const size_t index = DispatchIndex(ResolveKernel(options.simd));
  return HWY_DISPATCH_TABLE(RunFastPairedKernel)[index](a, b, options);
}

Tally RunFast(const Plan& plan, const RunOptions& options) {
  // With a condition, quantities are counted by the reference engine's trial (the fast one
  // would keep every step's counters until the condition is known; docs/quantities.md).
  if (plan.two_way && !plan.quantities.empty() && options.given != nullptr)
    return RunReference(plan, options);
  if (plan.two_way) return RunFastEpisodes(plan, options);
  const size_t index = DispatchIndex(ResolveKernel(options.simd));
  return HWY_DISPATCH_TABLE(RunFastKernel)[index](plan, options);
}

double CalibratePhiloxLanes(SimdKernel kernel, double seconds) {
  const size_t index = DispatchIndex(ResolveKernel(kernel));
  return HWY_DISPATCH_TABLE(PhiloxLanesRate)[index](seconds);
}

}  // namespace brink
#endif  // HWY_ONCE
