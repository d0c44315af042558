// A group's decisions, compiled once per SIMD target (engine/lanes-inl.h explains the
// convention): which lanes a Bernoulli decision with cases fires in, and how a uniform draw on
// lo..hi (a delay, a duration) splits the lanes among its values. Each reads the same keyed
// words as the engines that simulate trial by trial, so both give the same outcomes.
#if defined(BRINK_ENGINE_LANE_DECISIONS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef BRINK_ENGINE_LANE_DECISIONS_INL_H_
#undef BRINK_ENGINE_LANE_DECISIONS_INL_H_
#else
#define BRINK_ENGINE_LANE_DECISIONS_INL_H_
#endif

#include <algorithm>
#include <cstdint>
#include <vector>

#include <hwy/highway.h>

#include "engine/bernoulli-inl.h"
#include "engine/lane_rows-inl.h"
#include "engine/lanes-inl.h"
#include "plan/plan.h"

HWY_BEFORE_NAMESPACE();
namespace brink {
namespace HWY_NAMESPACE {

class LaneDecisions {
 public:
  // REQUIRES: keys are the round keys of every key's seed; plan outlives this object.
  LaneDecisions(const Plan& plan, const RoundKeys* keys)
      : plan_(plan),
        keys_(keys),
        case_applies_(MaxCases(plan)),
        case_bits_(MaxCases(plan)),
        case_last_(MaxCases(plan)) {}

  // The group's first block: the words of block first_block + b go to the group's block b.
  void SetFirstBlock(uint64_t first_block) { first_block_ = first_block; }

  // The lanes of `active` whose uniform number U (the words of `key`) is below the p of the
  // case that applies to them: the first of the num_cases cases from first_case whose
  // condition holds, holds(condition) giving its lanes; none: p = 0.
  template <typename Holds>
  HWY_INLINE Lanes Decide(int first_case, int num_cases, const Lanes& active,
                          const StreamKey& key, Holds&& holds) {
    if (num_cases == 1) {
      // The common case: one p for every active lane.
      const PlanCase& pc = plan_.cases[first_case];
      const Lanes applies = active & holds(pc.condition);
      if (pc.threshold.certain) return applies;
      if (pc.threshold.bits == 0 || !Any(applies)) return Broadcast(0);
      GroupWords words(key, first_block_, keys_, applies);
      return BelowThreshold(&words, applies, pc.threshold.bits);
    }
    return DecideCases(first_case, num_cases, active, key, holds);
  }

  // Splits `lanes` by a uniform draw on lo..hi from the words of `key` (cut-offs
  // plan.cutoffs[first_cutoff ..]): calls each(value, its lanes) for every value that some
  // lanes take, in increasing order. The value is lo + i for the lanes with T_i <= N < T_(i+1),
  // T_j the cut-offs; comparing U with each cut-off bit-serially gives nested sets
  // {U < T_1} ⊆ {U < T_2} ⊆ ..., whose differences are the lanes of each value, without reading
  // all 64 words of every lane.
  template <typename Each>
  HWY_INLINE void Uniform(int lo, int hi, int first_cutoff, const Lanes& lanes,
                          const StreamKey& key, Each&& each) {
    if (lo == hi) {
      each(lo, lanes);
      return;
    }
    GroupWords words(key, first_block_, keys_, lanes);
    const int m = hi - lo + 1;
    Lanes shorter = Broadcast(0);  // lanes whose value is below lo + i
    for (int i = 0; i < m; ++i) {
      const Lanes upto =
          i + 1 < m ? BelowThreshold(&words, lanes, plan_.cutoffs[first_cutoff + i]) : lanes;
      const Lanes part = AndNot(upto, shorter);
      shorter = upto;
      if (Any(part)) each(lo + i, part);
    }
  }

 private:
  static size_t MaxCases(const Plan& plan) {
    int n = 1;
    for (const PlanEvent& pe : plan.order) n = std::max(n, pe.num_cases);
    for (const PlanEnding& end : plan.endings) n = std::max(n, end.num_cases);
    return static_cast<size_t>(n);
  }

  // Several cases: each lane compares its U with its own case's p, all in one pass over
  // the words.
  template <typename Holds>
  HWY_NOINLINE Lanes DecideCases(int first_case, int num_cases, const Lanes& active,
                                 const StreamKey& key, Holds& holds) {
    Lanes success = Broadcast(0), undecided = Broadcast(0), remaining = active;
    int n = 0, needed = 0;
    for (int c = first_case; c < first_case + num_cases && Any(remaining); ++c) {
      const PlanCase& pc = plan_.cases[c];
      const Lanes applies = remaining & holds(pc.condition);
      remaining = AndNot(remaining, applies);
      if (!Any(applies)) continue;
      if (pc.threshold.certain) {
        success |= applies;
      } else if (pc.threshold.bits != 0) {
        undecided |= applies;
        case_applies_.Set(n, applies);
        case_bits_[n] = pc.threshold.bits;
        case_last_[n] = LastOne(pc.threshold.bits);
        needed = std::max(needed, case_last_[n] + 1);
        ++n;
      }
    }
    if (n == 0) return success;
    GroupWords words(key, first_block_, keys_, undecided);
    if (n == 1) return success | BelowThreshold(&words, undecided, case_bits_[0]);
    for (int k = 0; k < needed && Any(undecided); ++k) {
      Lanes live = Broadcast(0), ones = Broadcast(0);
      for (int i = 0; i < n; ++i) {
        if (case_last_[i] < k) continue;  // p has no 1 bit left: these lanes have U >= p
        const Lanes applies = case_applies_.Get(i);
        live |= applies;
        if ((case_bits_[i] >> (63 - k)) & 1) ones |= applies;
      }
      undecided &= live;
      const Lanes w = words.Word(k, needed);
      success |= AndNot(undecided & ones, w);
      undecided = AndNot(undecided, w ^ ones);
    }
    return success;
  }

  const Plan& plan_;
  const RoundKeys* keys_;
  uint64_t first_block_ = 0;
  LaneRows case_applies_;  // DecideCases' scratch, by case
  std::vector<uint64_t> case_bits_;
  std::vector<int> case_last_;
};

}  // namespace HWY_NAMESPACE
}  // namespace brink
HWY_AFTER_NAMESPACE();

#endif  // BRINK_ENGINE_LANE_DECISIONS_INL_H_
