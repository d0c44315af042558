// The reference engine: docs/model-language.md "Semantics of one trial", line by line.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "model/condition_eval.h"
#include "engine/delay.h"
#include "engine/engine.h"
#include "engine/episode_trial.h"
#include "engine/parallel.h"

namespace brink {
namespace {

constexpr uint64_t kChunkBlocks = 16;

// One trial's state, reused from trial to trial by one worker.
class ReferenceTrial {
 public:
  ReferenceTrial(const Plan& plan, uint64_t seed, uint32_t draw)
      : plan_(plan),
        seed_(seed),
        draw_(draw),
        first_(plan.num_events),
        decided_(plan.num_events),
        due_(plan.num_events) {}

  // Simulates trial `lane` of `block`; returns each event's first step (0 = never).
  const std::vector<int>& Run(uint64_t block, int lane) {
    std::fill(first_.begin(), first_.end(), 0);
    std::fill(decided_.begin(), decided_.end(), false);
    std::fill(due_.begin(), due_.end(), 0);
    for (int t = 1; t <= plan_.horizon; ++t) {
      for (int e = 0; e < plan_.num_events; ++e)
        if (due_[e] == t) first_[e] = t;
      for (const PlanEvent& pe : plan_.order) Evaluate(pe, block, lane, t);
    }
    return first_;
  }

  bool Holds(int condition) const {
    return plan_.conditions[condition].Evaluate(
        [this](int e) { return first_[e] != 0; }, true);
  }

 private:
  void Evaluate(const PlanEvent& pe, uint64_t block, int lane, int t) {
    const int e = pe.event;
    if (pe.trigger) {
      if (first_[e] != 0 || !Holds(pe.gate)) return;
      KeyedStream u({seed_, draw_, block, static_cast<uint32_t>(e), static_cast<uint32_t>(t),
                     Purpose::kHazard});
      if (LaneBelow(&u, lane, CaseThreshold(pe))) first_[e] = t;
      return;
    }
    if (decided_[e] || !Holds(pe.gate)) return;
    decided_[e] = true;
    KeyedStream u({seed_, draw_, block, static_cast<uint32_t>(e), 0, Purpose::kDecide});
    if (!LaneBelow(&u, lane, CaseThreshold(pe))) return;
    const int d = TrialDelay(plan_, pe, seed_, draw_, block, lane);
    if (d == 0)
      first_[e] = t;
    else if (t + d <= plan_.horizon)
      due_[e] = t + d;
  }

  // The probability of the first case whose condition holds now; 0 when none does.
  Threshold CaseThreshold(const PlanEvent& pe) const {
    for (int c = pe.first_case; c < pe.first_case + pe.num_cases; ++c)
      if (Holds(plan_.cases[c].condition)) return plan_.cases[c].threshold;
    return Threshold::FromProbability(0);
  }

  const Plan& plan_;
  uint64_t seed_;
  uint32_t draw_;
  std::vector<int> first_;
  std::vector<char> decided_;
  std::vector<int> due_;
};

// A version-2 model: EpisodeTrial, the spec's step with endings; the condition reads the state
// at the horizon (a bare id: active at the horizon).
Tally RunReferenceEpisodes(const Plan& plan, const RunOptions& options) {
  const uint64_t num_blocks = (options.trials + 63) / 64;
  const uint64_t first_block = options.first_trial / 64;
  const uint64_t end_trial = options.first_trial + options.trials;
  Tally zero(plan.horizon, plan.num_events, plan.num_levels, true, plan.quantities);
  auto work = [&](Tally* tally, uint64_t begin, uint64_t end) {
    EpisodeTrial trial(plan, options.seed, options.draw);
    for (uint64_t block = first_block + begin; block < first_block + end; ++block) {
      int lanes = static_cast<int>(std::min<uint64_t>(64, end_trial - block * 64));
      for (int lane = 0; lane < lanes; ++lane) {
        const EpisodePath& path = trial.Run(block, lane);
        const int h = plan.horizon;
        bool counted = options.given == nullptr ||
                       options.given->Evaluate([&](int e) { return path.Active(e, h); },
                                               [&](int e) { return path.Happened(e); }, true);
        tally->AddEpisodeTrial(path, plan.level_of.data(), counted);
      }
    }
  };
  return ForEachChunk(num_blocks, kChunkBlocks, options.threads, zero, work, options.progress);
}

// Two version-2 arms on the same trials: EpisodeTrial for each, with the same keys (seed,
// draw, block, lane), into a version-2 PairedTally.
PairedTally RunReferenceEpisodesPaired(const Plan& a, const Plan& b, const RunOptions& options) {
  const uint64_t num_blocks = (options.trials + 63) / 64;
  const uint64_t first_block = options.first_trial / 64;
  const uint64_t end_trial = options.first_trial + options.trials;
  const int events = a.num_events;
  const int h = a.horizon;
  PairedTally zero(a.horizon, a.num_events, a.num_levels, true);
  // The level reached by the horizon, with the levels of events that happened before step 1.
  auto reached = [h](const EpisodePath& path, const Plan& plan) {
    int level = h > 0 ? path.level_reached[h - 1] : 0;
    for (int e = 0; e < path.num_events; ++e)
      if (path.initial[e]) level = std::max(level, plan.level_of[e]);
    return level;
  };
  auto work = [&](PairedTally* tally, uint64_t begin, uint64_t end) {
    EpisodeTrial trial_a(a, options.seed, options.draw), trial_b(b, options.seed, options.draw);
    for (uint64_t block = first_block + begin; block < first_block + end; ++block) {
      const int lanes = static_cast<int>(std::min<uint64_t>(64, end_trial - block * 64));
      for (int lane = 0; lane < lanes; ++lane) {
        const EpisodePath& path_a = trial_a.Run(block, lane);
        const EpisodePath& path_b = trial_b.Run(block, lane);
        tally->a.AddEpisodeTrial(path_a, a.level_of.data(), true);
        tally->b.AddEpisodeTrial(path_b, b.level_of.data(), true);
        for (int e = 0; e < events; ++e) {
          if (path_a.Happened(e) && path_b.Happened(e)) ++tally->both[e];
          if (h > 0 && path_a.Active(e, h) && path_b.Active(e, h)) ++tally->both_active[e];
          const int64_t d = static_cast<int64_t>(path_b.onsets[e]) - path_a.onsets[e];
          tally->onsets_squares[e] += static_cast<uint64_t>(d * d);
        }
        const int reached_both = std::min(reached(path_a, a), reached(path_b, b));
        for (int k = 1; k <= reached_both; ++k) ++tally->both[events + k - 1];
        if (h > 0)
          for (int k = 1; k <= std::min(path_a.level_at[h - 1], path_b.level_at[h - 1]); ++k)
            ++tally->both_active[events + k - 1];
      }
    }
  };
  return ForEachChunk(num_blocks, kChunkBlocks, options.threads, zero, work, options.progress);
}

}  // namespace

Tally RunReference(const Plan& plan, const RunOptions& options) {
  if (plan.two_way) return RunReferenceEpisodes(plan, options);
  const uint64_t num_blocks = (options.trials + 63) / 64;
  const uint64_t first_block = options.first_trial / 64;
  const uint64_t end_trial = options.first_trial + options.trials;
  Tally zero(plan.horizon, plan.num_events, plan.num_levels);
  auto work = [&](Tally* tally, uint64_t begin, uint64_t end) {
    ReferenceTrial trial(plan, options.seed, options.draw);
    for (uint64_t block = first_block + begin; block < first_block + end; ++block) {
      int lanes = static_cast<int>(std::min<uint64_t>(64, end_trial - block * 64));
      for (int lane = 0; lane < lanes; ++lane) {
        const std::vector<int>& first = trial.Run(block, lane);
        bool counted = options.given == nullptr ||
                       options.given->Evaluate([&](int e) { return first[e] != 0; }, true);
        tally->AddTrial(first.data(), plan.level_of.data(), counted);
      }
    }
  };
  return ForEachChunk(num_blocks, kChunkBlocks, options.threads, zero, work, options.progress);
}

PairedTally RunReferencePaired(const Plan& a, const Plan& b, const RunOptions& options) {
  if (a.two_way) return RunReferenceEpisodesPaired(a, b, options);
  const uint64_t num_blocks = (options.trials + 63) / 64;
  const uint64_t first_block = options.first_trial / 64;
  const uint64_t end_trial = options.first_trial + options.trials;
  const int events = a.num_events;
  PairedTally zero(a.horizon, a.num_events, a.num_levels);
  auto work = [&](PairedTally* tally, uint64_t begin, uint64_t end) {
    ReferenceTrial trial_a(a, options.seed, options.draw), trial_b(b, options.seed, options.draw);
    for (uint64_t block = first_block + begin; block < first_block + end; ++block) {
      const int lanes = static_cast<int>(std::min<uint64_t>(64, end_trial - block * 64));
      for (int lane = 0; lane < lanes; ++lane) {
        const std::vector<int>& first_a = trial_a.Run(block, lane);
        const std::vector<int>& first_b = trial_b.Run(block, lane);
        tally->a.AddTrial(first_a.data(), a.level_of.data(), true);
        tally->b.AddTrial(first_b.data(), b.level_of.data(), true);
        int level_a = 0, level_b = 0;
        for (int e = 0; e < events; ++e) {
          if (first_a[e] != 0 && first_b[e] != 0) ++tally->both[e];
          if (first_a[e] != 0) level_a = std::max(level_a, a.level_of[e]);
          if (first_b[e] != 0) level_b = std::max(level_b, b.level_of[e]);
        }
        for (int k = 1; k <= std::min(level_a, level_b); ++k) ++tally->both[events + k - 1];
      }
    }
  };
  return ForEachChunk(num_blocks, kChunkBlocks, options.threads, zero, work, options.progress);
}

}  // namespace brink
