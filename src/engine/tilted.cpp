// Weighted trials (tilted.h): the reference engine's trial, deciding with tilted probabilities
// or as a history forces, and keeping the trial's weight.
#include "model/condition_eval.h"
#include "engine/tilted.h"
#include "engine/tilted_episodes.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <thread>
#include <vector>


namespace brink {

// The keyed streams of the current trial block, kept for its 64 lanes (random.h BlockStream):
// a lane reads the words an earlier lane of its block computed. Responses' decide and delay
// streams are kept by event; hazards' by event and step while the model has at most
// kMaxHazardStreams of them (else each is made afresh, as before).
class TiltedStreamCache {
 public:
  static constexpr size_t kMaxHazardStreams = 1 << 14;

  TiltedStreamCache(uint64_t seed, uint32_t draw, int events, int horizon)
      : seed_(seed), draw_(draw), events_(events), horizon_(horizon),
        hazards_(static_cast<size_t>(events) * (horizon + 1) <= kMaxHazardStreams),
        streams_(2 * static_cast<size_t>(events) +
                 (hazards_ ? static_cast<size_t>(events) * (horizon + 1) : 0)),
        stamps_(streams_.size(), 0) {}

  BlockStream* Get(uint64_t block, int e, int t, Purpose purpose) {
    const StreamKey key{seed_, draw_, block, static_cast<uint32_t>(e), static_cast<uint32_t>(t),
                        purpose};
    size_t slot = 0;
    if (purpose == Purpose::kDecide) {
      slot = static_cast<size_t>(e);
    } else if (purpose == Purpose::kDelay) {
      slot = static_cast<size_t>(events_) + e;
    } else if (hazards_) {
      slot = 2 * static_cast<size_t>(events_) + static_cast<size_t>(e) * (horizon_ + 1) + t;
    } else {
      fresh_.emplace(key);
      return &*fresh_;
    }
    if (stamps_[slot] != block + 1) {
      if (streams_[slot] == nullptr)
        streams_[slot] = std::make_unique<BlockStream>(key);
      else
        *streams_[slot] = BlockStream(key);
      stamps_[slot] = block + 1;
    }
    return streams_[slot].get();
  }

 private:
  uint64_t seed_;
  uint32_t draw_;
  int events_;
  int horizon_;
  bool hazards_;
  std::vector<std::unique_ptr<BlockStream>> streams_;
  std::vector<uint64_t> stamps_;  // block + 1 of each kept stream; 0: none yet
  std::optional<BlockStream> fresh_;
};

class TiltedTrials::Trial {
 public:
  Trial(const Plan& plan, const std::vector<double>& q, uint64_t seed, uint32_t draw,
        const History* history, int last_step)
      : plan_(plan), history_(history),
        last_step_(last_step > 0 ? std::min(last_step, plan.horizon) : plan.horizon),
        decided_(plan.num_events), due_(plan.num_events),
        observed_(plan.num_events, nullptr),
        streams_(seed, draw, plan.num_events, plan.horizon) {
    for (size_t c = 0; c < plan.cases.size(); ++c) {
      const double p = plan.cases[c].probability;
      const double tilt = q.empty() ? p : q[c];
      thresholds_.push_back(Threshold::FromProbability(tilt));
      // log of the ratio when the case fires, and when it does not.
      log_fire_.push_back(tilt > 0 ? std::log(p / tilt) : 0);
      log_miss_.push_back(tilt < 1 ? std::log1p(-p) - std::log1p(-tilt) : 0);
      log_p_.push_back(p > 0 ? std::log(p) : 0);
      log_not_p_.push_back(1 - p > 0 ? std::log(1 - p) : 0);
    }
    if (history_ != nullptr) {
      check_at_.assign(last_step_ + 1, false);
      for (const Observation& o : history_->observations) {
        observed_[o.event] = &o;
        if (o.happened() && o.hi <= last_step_) check_at_[o.hi] = true;
      }
    }
    for (const Condition& condition : plan.conditions) shortcuts_.push_back(ShortcutOf(condition));
    out_.first.resize(plan.num_events);
    out_.attempts.resize(plan.cases.size());
    out_.fired.resize(plan.cases.size());
  }

  const TiltedTrial& Run(uint64_t block, int lane) {
    std::fill(out_.first.begin(), out_.first.end(), 0);
    std::fill(out_.attempts.begin(), out_.attempts.end(), 0);
    std::fill(out_.fired.begin(), out_.fired.end(), 0);
    std::fill(decided_.begin(), decided_.end(), false);
    std::fill(due_.begin(), due_.end(), 0);
    out_.log_weight = 0;
    out_.level = 0;
    pending_ = 0;
    for (int t = 1; t <= last_step_; ++t) {
      happened_now_ = false;
      if (pending_ > 0)
        for (int e = 0; e < plan_.num_events; ++e)
          if (due_[e] == t) {
            Happen(e, t);
            --pending_;
          }
      for (const PlanEvent& pe : plan_.order) Evaluate(pe, block, lane, t);
      // A trial first breaks an observation at a step where an event happens (too early) or
      // at an observation's last step (too late): only then is it checked.
      if (history_ != nullptr && t <= history_->as_of && (happened_now_ || check_at_[t]) &&
          !history_->Consistent(t, [this](int e) { return out_.first[e] != 0; }))
        Rule();
      if (ruled_out()) return out_;
    }
    for (int e = 0; e < plan_.num_events; ++e)
      if (out_.first[e] != 0) out_.level = std::max(out_.level, plan_.level_of[e]);
    return out_;
  }

 private:
  void Happen(int e, int t) {
    out_.first[e] = t;
    happened_now_ = true;
  }
  bool ruled_out() const { return out_.log_weight == -std::numeric_limits<double>::infinity(); }
  void Rule() { out_.log_weight = -std::numeric_limits<double>::infinity(); }
  // Multiplies the weight by w (0 rules the trial out).
  // Weigh(p) of case c when `fire`, else Weigh(1 − p) (p = 0 without a case), from the logs
  // made once: the same bits as Weigh's.
  void WeighCase(int c, bool fire) {
    const double w = fire ? Probability(c) : 1 - Probability(c);
    if (!(w > 0)) {
      Rule();
      return;
    }
    if (c >= 0) out_.log_weight += fire ? log_p_[c] : log_not_p_[c];
    // c < 0: w = 1, whose log 0 leaves the weight as it is.
  }
  void Weigh(double w) {
    if (w > 0)
      out_.log_weight += std::log(w);
    else
      Rule();
  }

  bool Holds(int condition) const {
    const Shortcut& s = shortcuts_[condition];
    if (s.form == Shortcut::kAlways) return true;
    if (s.form == Shortcut::kEvent) return (out_.first[s.event] != 0) != s.negated;
    return plan_.conditions[condition].Evaluate([this](int e) { return out_.first[e] != 0; },
                                                true);
  }

  // A condition that is `true`, `X` or `not X` (most are), read without the program.
  struct Shortcut {
    enum Form : uint8_t { kAlways, kEvent, kProgram } form = kProgram;
    bool negated = false;
    int event = -1;
  };
  static Shortcut ShortcutOf(const Condition& condition) {
    const std::vector<Condition::Instr>& p = condition.program();
    if (condition.IsConstantTrue()) return {Shortcut::kAlways, false, -1};
    if (p.size() == 1 && p[0].op == Condition::Op::kEvent)
      return {Shortcut::kEvent, false, p[0].event};
    if (p.size() == 2 && p[0].op == Condition::Op::kEvent && p[1].op == Condition::Op::kNot)
      return {Shortcut::kEvent, true, p[0].event};
    return {};
  }

  // The first case whose condition holds now, or -1.
  int Case(const PlanEvent& pe) const {
    for (int c = pe.first_case; c < pe.first_case + pe.num_cases; ++c)
      if (Holds(plan_.cases[c].condition)) return c;
    return -1;
  }

  // Whether case c fires on the stream's word for `lane`, with its weight and counts.
  bool Decide(int c, BlockStream* u, int lane) {
    if (c < 0) return false;
    const bool fire = LaneBelow(u, lane, thresholds_[c]);
    out_.log_weight += fire ? log_fire_[c] : log_miss_[c];
    ++out_.attempts[c];
    if (fire) ++out_.fired[c];
    return fire;
  }

  double Probability(int c) const { return c < 0 ? 0 : plan_.cases[c].probability; }

  // The observation that constrains event e's decision at step t, or nullptr.
  const Observation* Constraint(int e, int t) const {
    return history_ != nullptr && t <= history_->as_of ? observed_[e] : nullptr;
  }

  void Evaluate(const PlanEvent& pe, uint64_t block, int lane, int t) {
    if (ruled_out()) return;
    const int e = pe.event;
    if (pe.trigger) {
      if (out_.first[e] != 0 || !Holds(pe.gate)) return;
      const int c = Case(pe);
      if (const Observation* o = Constraint(e, t)) {
        if (t < o->lo) {  // must not have happened yet
          WeighCase(c, false);
          return;
        }
        if (t >= o->hi) {  // must happen now, at the end of its window
          WeighCase(c, true);
          if (!ruled_out()) Happen(e, t);
          return;
        }
      }
      if (Decide(c, streams_.Get(block, e, t, Purpose::kHazard), lane)) Happen(e, t);
      return;
    }
    if (decided_[e] || !Holds(pe.gate)) return;
    decided_[e] = true;
    const int c = Case(pe);
    if (const Observation* o = Constraint(e, t)) {
      DecideObserved(pe, *o, Probability(c), block, lane, t);
      return;
    }
    if (!Decide(c, streams_.Get(block, e, 0, Purpose::kDecide), lane)) return;
    // The delay as engine/delay.h's TrialDelay draws it, from the block's kept stream.
    int d = pe.delay_lo;
    if (pe.delay_hi != pe.delay_lo)
      d = LaneDelay(streams_.Get(block, e, 0, Purpose::kDelay), lane, pe.delay_lo,
                    &plan_.cutoffs[pe.first_cutoff], pe.delay_hi - pe.delay_lo);
    Land(pe, d, t);
  }

  // A response decided at step t that the history observes: its outcome restricted to the
  // delays that land where the history says it happened (or after as_of, or failure).
  void DecideObserved(const PlanEvent& pe, const Observation& o, double p, uint64_t block,
                      int lane, int t) {
    const int m = pe.delay_hi - pe.delay_lo + 1;
    int lo = 0, hi = 0;  // the allowed delays
    if (o.happened()) {
      lo = std::max(pe.delay_lo, o.lo - t);
      hi = std::min(pe.delay_hi, o.hi - t);
    } else {
      lo = std::max(pe.delay_lo, history_->as_of - t + 1);
      hi = pe.delay_hi;
    }
    const int allowed = std::max(0, hi - lo + 1);
    const double land = p * allowed / m;  // success with an allowed delay
    if (o.happened()) {
      Weigh(land);
    } else {
      const double total = (1 - p) + land;
      Weigh(total);
      if (ruled_out() || land == 0) return;
      if (!LaneBelow(streams_.Get(block, pe.event, 0, Purpose::kDecide), lane,
                     Threshold::FromProbability(std::min(1.0, land / total))))
        return;
    }
    if (ruled_out()) return;
    int d = lo;
    if (allowed > 1) {
      const std::vector<uint64_t>& cutoffs = Cutoffs(allowed);
      d = LaneDelay(streams_.Get(block, pe.event, 0, Purpose::kDelay), lane, lo, cutoffs.data(),
                    allowed - 1);
    }
    Land(pe, d, t);
  }

  void Land(const PlanEvent& pe, int d, int t) {
    if (d == 0)
      Happen(pe.event, t);
    else if (t + d <= plan_.horizon) {
      due_[pe.event] = t + d;
      ++pending_;
    }
  }

  // DelayCutoffs(m), made once.
  const std::vector<uint64_t>& Cutoffs(int m) {
    if (static_cast<int>(cutoffs_.size()) <= m) cutoffs_.resize(m + 1);
    if (cutoffs_[m].empty()) cutoffs_[m] = DelayCutoffs(m);
    return cutoffs_[m];
  }

  const Plan& plan_;
  const History* history_;
  int last_step_;
  std::vector<Threshold> thresholds_;
  std::vector<double> log_fire_, log_miss_;
  std::vector<double> log_p_, log_not_p_;  // per case: ln p and ln(1 − p), for forced decisions
  std::vector<char> decided_;
  std::vector<int> due_;
  std::vector<const Observation*> observed_;  // by event
  std::vector<Shortcut> shortcuts_;  // by condition
  std::vector<char> check_at_;  // by step: some observation's window ends here
  int pending_ = 0;             // responses due at a later step
  bool happened_now_ = false;   // an event happened in the current step
  std::vector<std::vector<uint64_t>> cutoffs_;
  TiltedStreamCache streams_;
  TiltedTrial out_;
};

TiltedTrials::TiltedTrials(const Plan& plan, const std::vector<double>& q, uint64_t seed,
                           uint32_t draw, const History* history, int last_step)
    : trial_(plan.two_way ? nullptr
                          : std::make_unique<Trial>(plan, q, seed, draw, history, last_step)),
      episodes_(plan.two_way ? std::make_unique<TiltedEpisodes>(plan, q, seed, draw, history,
                                                                last_step)
                             : nullptr) {}

TiltedTrials::~TiltedTrials() = default;

const TiltedTrial& TiltedTrials::Run(uint64_t trial) {
  if (episodes_ != nullptr) return episodes_->Run(trial / 64, static_cast<int>(trial % 64));
  return trial_->Run(trial / 64, static_cast<int>(trial % 64));
}

namespace {
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
      TiltedTrials trials(plan, q, options.seed, options.draw, options.history);
      const uint64_t from = round + static_cast<uint64_t>(k) * kChunk;
      const uint64_t to = std::min(round_end, from + kChunk);
      kept[k].reserve(to - from);
      for (uint64_t i = from; i < to; ++i) kept[k].push_back(trials.Run(i));
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
