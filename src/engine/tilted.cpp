// The importance-sampling engine (tilted.h): the reference engine's trial, deciding with
// tilted probabilities and keeping the likelihood ratio.
#include "model/condition_eval.h"
#include "engine/tilted.h"

#include <algorithm>
#include <cmath>
#include <thread>
#include <vector>

#include "engine/delay.h"

namespace brink {
namespace {

class Trial {
 public:
  Trial(const Plan& plan, const std::vector<double>& q, uint64_t seed, uint32_t draw)
      : plan_(plan), q_(q), seed_(seed), draw_(draw), decided_(plan.num_events),
        due_(plan.num_events) {
    for (size_t c = 0; c < q.size(); ++c) {
      thresholds_.push_back(Threshold::FromProbability(q[c]));
      const double p = plan.cases[c].probability;
      // log of the ratio when the case fires, and when it does not.
      log_fire_.push_back(q[c] > 0 ? std::log(p / q[c]) : 0);
      log_miss_.push_back(q[c] < 1 ? std::log1p(-p) - std::log1p(-q[c]) : 0);
    }
    out_.first.resize(plan.num_events);
    out_.attempts.resize(q.size());
    out_.fired.resize(q.size());
  }

  const TiltedTrial& Run(uint64_t block, int lane) {
    std::fill(out_.first.begin(), out_.first.end(), 0);
    std::fill(out_.attempts.begin(), out_.attempts.end(), 0);
    std::fill(out_.fired.begin(), out_.fired.end(), 0);
    std::fill(decided_.begin(), decided_.end(), false);
    std::fill(due_.begin(), due_.end(), 0);
    out_.log_weight = 0;
    for (int t = 1; t <= plan_.horizon; ++t) {
      for (int e = 0; e < plan_.num_events; ++e)
        if (due_[e] == t) out_.first[e] = t;
      for (const PlanEvent& pe : plan_.order) Evaluate(pe, block, lane, t);
    }
    out_.level = 0;
    for (int e = 0; e < plan_.num_events; ++e)
      if (out_.first[e] != 0) out_.level = std::max(out_.level, plan_.level_of[e]);
    return out_;
  }

 private:
  bool Holds(int condition) const {
    return plan_.conditions[condition].Evaluate([this](int e) { return out_.first[e] != 0; },
                                                true);
  }

  // The first case whose condition holds now, or -1.
  int Case(const PlanEvent& pe) const {
    for (int c = pe.first_case; c < pe.first_case + pe.num_cases; ++c)
      if (Holds(plan_.cases[c].condition)) return c;
    return -1;
  }

  // Whether case c fires on the stream's word for `lane`, with its weight and counts.
  bool Decide(int c, KeyedStream* u, int lane) {
    if (c < 0) return false;
    const bool fire = LaneBelow(u, lane, thresholds_[c]);
    out_.log_weight += fire ? log_fire_[c] : log_miss_[c];
    ++out_.attempts[c];
    if (fire) ++out_.fired[c];
    return fire;
  }

  void Evaluate(const PlanEvent& pe, uint64_t block, int lane, int t) {
    const int e = pe.event;
    if (pe.trigger) {
      if (out_.first[e] != 0 || !Holds(pe.gate)) return;
      KeyedStream u({seed_, draw_, block, static_cast<uint32_t>(e), static_cast<uint32_t>(t),
                     Purpose::kHazard});
      if (Decide(Case(pe), &u, lane)) out_.first[e] = t;
      return;
    }
    if (decided_[e] || !Holds(pe.gate)) return;
    decided_[e] = true;
    KeyedStream u({seed_, draw_, block, static_cast<uint32_t>(e), 0, Purpose::kDecide});
    if (!Decide(Case(pe), &u, lane)) return;
    const int d = TrialDelay(plan_, pe, seed_, draw_, block, lane);
    if (d == 0)
      out_.first[e] = t;
    else if (t + d <= plan_.horizon)
      due_[e] = t + d;
  }

  const Plan& plan_;
  const std::vector<double>& q_;
  uint64_t seed_;
  uint32_t draw_;
  std::vector<Threshold> thresholds_;
  std::vector<double> log_fire_, log_miss_;
  std::vector<char> decided_;
  std::vector<int> due_;
  TiltedTrial out_;
};

constexpr uint64_t kChunk = 1024;  // trials a worker runs at a time

}  // namespace

void RunTilted(const Plan& plan, const std::vector<double>& q, const TiltedOptions& options,
               const std::function<void(uint64_t, const TiltedTrial&)>& visit) {
  const uint64_t end = options.first_trial + options.trials;
  const int threads = std::max(options.threads, 1);
  // Rounds of `threads` chunks side by side; each chunk's trials are kept and handed on in
  // trial order once the round ends.
  for (uint64_t round = options.first_trial; round < end;) {
    const uint64_t round_end = std::min(end, round + kChunk * static_cast<uint64_t>(threads));
    const int chunks = static_cast<int>((round_end - round + kChunk - 1) / kChunk);
    std::vector<std::vector<TiltedTrial>> kept(chunks);
    auto work = [&](int k) {
      Trial trial(plan, q, options.seed, options.draw);
      const uint64_t from = round + static_cast<uint64_t>(k) * kChunk;
      const uint64_t to = std::min(round_end, from + kChunk);
      kept[k].reserve(to - from);
      for (uint64_t i = from; i < to; ++i)
        kept[k].push_back(trial.Run(i / 64, static_cast<int>(i % 64)));
    };
    std::vector<std::thread> pool;
    for (int k = 1; k < chunks; ++k) pool.emplace_back(work, k);
    work(0);
    for (std::thread& t : pool) t.join();
    uint64_t i = round;
    for (const auto& chunk : kept)
      for (const TiltedTrial& trial : chunk) visit(i++, trial);
    round = round_end;
    if (options.progress)
      options.progress(static_cast<double>(round - options.first_trial) /
                       static_cast<double>(options.trials));
  }
}

}  // namespace brink
