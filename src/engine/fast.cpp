// The fast engine: the reference engine's semantics evaluated for 512 trials at once, one bit
// per trial (engine/lanes.h). Every decision reads the same keyed words as the reference
// engine, comparing all lanes' uniform numbers with p from the most significant bit down, so
// the tallies, and every output, are identical to the reference engine's.
#include <algorithm>
#include <vector>

#include "brink/engine.h"
#include "engine/lanes.h"
#include "engine/parallel.h"
#include "engine/bernoulli.h"

namespace brink {
namespace {

constexpr uint64_t kChunkBlocks = 8 * kGroupBlocks;

// One worker's state for simulating groups of 512 trials.
class FastGroup {
 public:
  FastGroup(const Plan& plan, const RunOptions& options)
      : plan_(plan),
        options_(options),
        happened_(plan.num_events),
        decided_(plan.num_events),
        level_state_(plan.num_levels + 1),
        arrival_slot_(plan.num_events, -1) {
    for (const PlanEvent& pe : plan.order) {
      if (!pe.trigger && pe.delay_hi > 0) {
        arrival_slot_[pe.event] = num_delayed_++;
        delayed_events_.push_back(pe.event);
      }
      max_cases_ = std::max(max_cases_, pe.num_cases);
    }
    arrivals_.resize(static_cast<size_t>(num_delayed_) * (plan.horizon + 1));
    if (options.given != nullptr)
      fresh_.resize(static_cast<size_t>(plan.num_events + plan.num_levels) * (plan.horizon + 1));
    by_level_.resize(plan.num_levels + 1);
    for (int e = 0; e < plan.num_events; ++e)
      if (plan.level_of[e] > 0) by_level_[plan.level_of[e]].push_back(e);
    case_applies_.resize(max_cases_);
    case_bits_.resize(max_cases_);
    case_last_.resize(max_cases_);
  }

  void Run(uint64_t first_block, Tally* tally) {
    tally_ = tally;
    first_block_ = first_block;
    valid_ = Broadcast(0);
    for (int b = 0; b < kGroupBlocks; ++b) {
      uint64_t start = (first_block + b) * 64;
      const uint64_t end = options_.first_trial + options_.trials;
      uint64_t n = end > start ? std::min<uint64_t>(64, end - start) : 0;
      valid_[b] = n == 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
    }
    std::fill(happened_.begin(), happened_.end(), Broadcast(0));
    std::fill(decided_.begin(), decided_.end(), Broadcast(0));
    std::fill(level_state_.begin(), level_state_.end(), Broadcast(0));
    std::fill(arrivals_.begin(), arrivals_.end(), Broadcast(0));
    std::fill(fresh_.begin(), fresh_.end(), Broadcast(0));

    for (int t = 1; t <= plan_.horizon; ++t) {
      for (int slot = 0; slot < num_delayed_; ++slot) {
        Lanes due = arrivals_[slot * (plan_.horizon + 1) + t];
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
      counted &= options_.given->Evaluate([this](int e) { return happened_[e]; }, valid_);
      for (int row = 0; row < plan_.num_events + plan_.num_levels; ++row)
        for (int t = 1; t <= plan_.horizon; ++t) {
          Lanes f = fresh_[row * (plan_.horizon + 1) + t] & counted;
          if (Any(f)) tally_->AddFirst(row, t, Popcount(f));
        }
    }
    tally_->AddTrials(Popcount(valid_), Popcount(counted));
  }

 private:
  Lanes Holds(int condition) const {
    const Condition& c = plan_.conditions[condition];
    if (c.IsConstantTrue()) return Broadcast(~uint64_t{0});
    return c.Evaluate([this](int e) { return happened_[e]; }, Broadcast(~uint64_t{0}));
  }

  // Records that `lanes` first reach row `row` at step t.
  void Record(int row, int t, Lanes lanes) {
    if (options_.given != nullptr)
      fresh_[row * (plan_.horizon + 1) + t] |= lanes;
    else
      tally_->AddFirst(row, t, Popcount(lanes));
  }

  void Happen(int e, int t, Lanes lanes) {
    happened_[e] |= lanes;
    Record(e, t, lanes);
  }

  void EvaluateTrigger(const PlanEvent& pe, int t) {
    Lanes active = valid_ & ~happened_[pe.event];
    if (!Any(active)) return;
    active &= Holds(pe.gate);
    if (!Any(active)) return;
    StreamKey key{options_.seed, options_.draw, 0, static_cast<uint32_t>(pe.event),
                  static_cast<uint32_t>(t), Purpose::kHazard};
    Lanes success = Decide(pe, active, key);
    if (Any(success)) Happen(pe.event, t, success);
  }

  void EvaluateResponse(const PlanEvent& pe, int t) {
    Lanes active = valid_ & ~decided_[pe.event];
    if (!Any(active)) return;
    active &= Holds(pe.gate);
    if (!Any(active)) return;
    decided_[pe.event] |= active;
    StreamKey key{options_.seed, options_.draw, 0, static_cast<uint32_t>(pe.event), 0,
                  Purpose::kDecide};
    Lanes success = Decide(pe, active, key);
    if (!Any(success)) return;
    if (pe.delay_hi == pe.delay_lo) {
      if (pe.delay_lo == 0)
        Happen(pe.event, t, success);
      else if (t + pe.delay_lo <= plan_.horizon)
        arrivals_[arrival_slot_[pe.event] * (plan_.horizon + 1) + t + pe.delay_lo] |= success;
      return;
    }
    DelayRange(pe, t, success);
  }

  // Delays uniform on lo..hi: the delay is lo + i for the lanes with T_i <= N < T_(i+1),
  // T_j = ceil(j·2^64 / m) the cut-offs. Comparing U with each cut-off bit-serially on the
  // delay stream's words gives nested sets {U < T_1} ⊆ {U < T_2} ⊆ ..., whose differences
  // are the lanes of each delay, without reading all 64 words of every lane.
  void DelayRange(const PlanEvent& pe, int t, Lanes success) {
    StreamKey key{options_.seed, options_.draw, 0, static_cast<uint32_t>(pe.event), 0,
                  Purpose::kDelay};
    GroupWords words(key, first_block_);
    const int m = pe.delay_hi - pe.delay_lo + 1;
    Lanes shorter = Broadcast(0);  // lanes whose delay is below lo + i
    for (int i = 0; i < m; ++i) {
      Lanes upto = i + 1 < m ? BelowThreshold(&words, success, plan_.cutoffs[pe.first_cutoff + i])
                             : success;
      Lanes lanes = upto & ~shorter;
      shorter = upto;
      const int d = pe.delay_lo + i;
      if (!Any(lanes)) continue;
      if (d == 0)
        Happen(pe.event, t, lanes);
      else if (t + d <= plan_.horizon)
        arrivals_[arrival_slot_[pe.event] * (plan_.horizon + 1) + t + d] |= lanes;
    }
  }

  // The lanes of `active` whose uniform number U is below the p of the case that applies to
  // them (first case whose condition holds; none: p = 0).
  Lanes Decide(const PlanEvent& pe, Lanes active, const StreamKey& key) {
    Lanes success = Broadcast(0), undecided = Broadcast(0), remaining = active;
    int n = 0, needed = 0;
    for (int c = pe.first_case; c < pe.first_case + pe.num_cases && Any(remaining); ++c) {
      const PlanCase& pc = plan_.cases[c];
      Lanes applies = remaining & Holds(pc.condition);
      remaining &= ~applies;
      if (!Any(applies)) continue;
      if (pc.threshold.certain) {
        success |= applies;
      } else if (pc.threshold.bits != 0) {
        undecided |= applies;
        case_applies_[n] = applies;
        case_bits_[n] = pc.threshold.bits;
        case_last_[n] = LastOne(pc.threshold.bits);
        needed = std::max(needed, case_last_[n] + 1);
        ++n;
      }
    }
    if (n == 0) return success;
    GroupWords words(key, first_block_);
    if (n == 1) return success | BelowThreshold(&words, undecided, case_bits_[0]);
    for (int k = 0; k < needed && Any(undecided); ++k) {
      Lanes live = Broadcast(0), ones = Broadcast(0);
      for (int i = 0; i < n; ++i) {
        if (case_last_[i] < k) continue;  // p has no 1 bit left: these lanes have U >= p
        live |= case_applies_[i];
        if ((case_bits_[i] >> (63 - k)) & 1) ones |= case_applies_[i];
      }
      undecided &= live;
      Lanes w = words.Word(k, needed);
      success |= undecided & ones & ~w;
      undecided &= ~(w ^ ones);
    }
    return success;
  }

  void UpdateLevels(int t) {
    Lanes reached = Broadcast(0);
    for (int k = plan_.num_levels; k >= 1; --k) {
      for (int e : by_level_[k]) reached |= happened_[e];
      Lanes fresh = reached & ~level_state_[k];
      if (Any(fresh)) Record(plan_.num_events + k - 1, t, fresh);
      level_state_[k] = reached;
    }
  }

  const Plan& plan_;
  const RunOptions& options_;
  Tally* tally_ = nullptr;
  uint64_t first_block_ = 0;
  Lanes valid_;
  std::vector<Lanes> happened_;
  std::vector<Lanes> decided_;
  std::vector<Lanes> level_state_;      // by level k: lanes whose level has reached k
  std::vector<int> arrival_slot_;       // by event: row of arrivals_, or -1
  std::vector<int> delayed_events_;     // by slot
  int num_delayed_ = 0;
  std::vector<Lanes> arrivals_;         // [slot][t]: lanes due at step t
  std::vector<Lanes> fresh_;            // [row][t]: lanes first reaching row at t (with given)
  std::vector<std::vector<int>> by_level_;
  int max_cases_ = 0;
  std::vector<Lanes> case_applies_;
  std::vector<uint64_t> case_bits_;
  std::vector<int> case_last_;
};

}  // namespace

Tally RunFast(const Plan& plan, const RunOptions& options) {
  const uint64_t num_blocks = (options.trials + 63) / 64;
  const uint64_t padded = (num_blocks + kGroupBlocks - 1) / kGroupBlocks * kGroupBlocks;
  Tally zero(plan.horizon, plan.num_events, plan.num_levels);
  auto work = [&](Tally* tally, uint64_t begin, uint64_t end) {
    FastGroup group(plan, options);
    for (uint64_t block = begin; block < end; block += kGroupBlocks)
      group.Run(options.first_trial / 64 + block, tally);
  };
  return ForEachChunk(padded, kChunkBlocks, options.threads, zero, work, options.progress);
}

}  // namespace brink
