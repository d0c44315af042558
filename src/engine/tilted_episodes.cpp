// Weighted trials of a version-2 model (tilted_episodes.h): EpisodeTrial's step, phase by
// phase, each decision free (tilted) or restricted by the history.
#include "engine/tilted_episodes.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>

#include "model/condition_eval.h"

namespace brink {

namespace {

// The keyed streams of the current trial block, kept for its 64 lanes (random.h BlockStream):
// a lane reads the words an earlier lane of its block computed, so Philox runs once per block
// and key, not once per lane. One slot per event, step (0..horizon) and purpose while there
// are at most kMaxStreams of them; else each stream is made afresh.
class EpisodeStreams {
 public:
  static constexpr size_t kMaxStreams = 1 << 15;
  static constexpr int kPurposes = 8;

  EpisodeStreams(uint64_t seed, uint32_t draw, int events, int horizon)
      : seed_(seed), draw_(draw), horizon_(horizon),
        kept_(static_cast<size_t>(events) * (horizon + 1) * kPurposes <= kMaxStreams),
        streams_(kept_ ? static_cast<size_t>(events) * (horizon + 1) * kPurposes : 0),
        stamps_(streams_.size(), 0) {}

  BlockStream* Get(uint64_t block, int e, int step, Purpose purpose) {
    const StreamKey key{seed_, draw_, block, static_cast<uint32_t>(e),
                        static_cast<uint32_t>(step), purpose};
    if (!kept_) {
      fresh_.emplace(key);
      return &*fresh_;
    }
    const size_t slot = (static_cast<size_t>(e) * (horizon_ + 1) + step) * kPurposes +
                        static_cast<size_t>(purpose);
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
  int horizon_;
  bool kept_;
  std::vector<std::unique_ptr<BlockStream>> streams_;
  std::vector<uint64_t> stamps_;  // block + 1 of each kept stream; 0: none yet
  std::optional<BlockStream> fresh_;
};

}  // namespace

class TiltedEpisodes::Impl {
 public:
  Impl(const Plan& plan, const std::vector<double>& q, uint64_t seed, uint32_t draw,
       const History* history, int last_step)
      : plan_(plan), history_(history),
        last_step_(last_step > 0 ? std::min(last_step, plan.horizon) : plan.horizon),
        as_of_(history != nullptr ? history->as_of : 0),
        streams_(seed, draw, plan.num_events, plan.horizon) {
    const size_t n = static_cast<size_t>(plan.num_events);
    for (auto* v : {&active_, &ever_, &was_active_, &was_ever_, &armed_, &end_decided_})
      v->assign(n, 0);
    due_.assign(n, 0);
    end_due_.assign(n, 0);
    seen_.assign(n, 0);
    first_.assign(n, 0);
    observed_.assign(n, nullptr);
    record_.assign(n, nullptr);
    for (size_t c = 0; c < plan.cases.size(); ++c) {
      const double p = plan.cases[c].probability;
      const double tilt = q.empty() ? p : q[c];
      thresholds_.push_back(q.empty() ? plan.cases[c].threshold
                                      : Threshold::FromProbability(tilt));
      log_fire_.push_back(tilt > 0 ? std::log(p / tilt) : 0);
      log_miss_.push_back(tilt < 1 ? std::log1p(-p) - std::log1p(-tilt) : 0);
    }
    if (history != nullptr) {
      for (const Observation& o : history->observations) observed_[o.event] = &o;
      for (const EpisodeRecord& r : history->episodes) {
        record_[r.event] = &r.episodes;
        first_[r.event] = !r.episodes.empty() && r.episodes[0].initial() ? 1 : 0;
      }
    }
    EpisodePath& path = out_.path;
    path.horizon = plan.horizon;
    path.num_events = plan.num_events;
    path.first.assign(n, 0);
    path.initial.assign(n, 0);
    path.onsets.assign(n, 0);
    path.steps_active.assign(n, 0);
    path.active.assign(n * plan.horizon, 0);
    path.onset.assign(n * plan.horizon, 0);
    path.level_at.assign(plan.horizon, 0);
    path.level_reached.assign(plan.horizon, 0);
    out_.first.assign(n, 0);
    out_.attempts.assign(plan.cases.size(), 0);
    out_.fired.assign(plan.cases.size(), 0);
  }

  const TiltedTrial& Run(uint64_t block, int lane) {
    block_ = block;
    lane_ = lane;
    out_.log_weight = 0;
    out_.level = 0;
    std::fill(out_.attempts.begin(), out_.attempts.end(), 0);
    std::fill(out_.fired.begin(), out_.fired.end(), 0);
    std::fill(out_.path.active.begin(), out_.path.active.end(), 0);
    std::fill(out_.path.level_at.begin(), out_.path.level_at.end(), 0);
    std::fill(out_.path.level_reached.begin(), out_.path.level_reached.end(), 0);
    constrain_ = history_ != nullptr;
    Start();
    for (int t = 1; t <= last_step_ && !ruled_out(); ++t) {
      constrain_ = history_ != nullptr && t <= as_of_;
      was_active_ = active_;
      was_ever_ = ever_;
      Endings(t);
      if (!ruled_out()) Arrivals(t);
      for (const PlanEvent& pe : plan_.order) {
        if (ruled_out()) break;
        Evaluate(pe, t);
      }
      Record(t);
      if (constrain_ && !ruled_out()) Check(t);
      out_.level = out_.path.level_reached[t - 1];
    }
    out_.first = out_.path.first;
    return out_;
  }

 private:
  bool ruled_out() const { return out_.log_weight == -std::numeric_limits<double>::infinity(); }
  void Rule() { out_.log_weight = -std::numeric_limits<double>::infinity(); }
  void Weigh(double w) {
    if (w > 0)
      out_.log_weight += std::log(w);
    else
      Rule();
  }
  double Probability(int c) const { return c < 0 ? 0 : plan_.cases[c].probability; }

  // --- The history's constraints (tilted_episodes.h). ---

  // Whether event e's onsets or first onset are constrained now.
  bool Recorded(int e) const { return constrain_ && record_[e] != nullptr; }
  bool Observed(int e) const { return constrain_ && observed_[e] != nullptr && !ever_[e]; }
  // The record's next episode (the one the next onset begins), or nullptr.
  const Episode* Next(int e) const {
    const size_t i = static_cast<size_t>(seen_[e] + first_[e]);
    return i < record_[e]->size() ? &(*record_[e])[i] : nullptr;
  }
  // The record's episode of the current occurrence, or nullptr (none: the trial breaks it).
  const Episode* Current(int e) const {
    const int i = seen_[e] + first_[e] - 1;
    return i >= 0 && static_cast<size_t>(i) < record_[e]->size() ? &(*record_[e])[i] : nullptr;
  }
  // An onset at s <= as_of.
  bool OnsetOk(int e, int s) const {
    if (Recorded(e)) {
      const Episode* next = Next(e);
      return next != nullptr && s >= next->start_lo && s <= next->start_hi;
    }
    if (Observed(e)) return s >= observed_[e]->lo && s <= observed_[e]->hi;
    return true;
  }
  // No onset at t <= as_of.
  bool MissOk(int e, int t) const {
    if (Recorded(e)) {
      const Episode* next = Next(e);
      return next == nullptr || next->start_hi > t;
    }
    if (Observed(e)) return observed_[e]->hi > t;
    return true;
  }
  // No further onset by as_of.
  bool NoneOk(int e) const {
    if (Recorded(e)) return Next(e) == nullptr;
    if (Observed(e)) return !observed_[e]->happened();
    return true;
  }
  // A response decided now whose onset comes at s (no other onset can come before).
  bool LandOk(int e, int s) const { return s <= as_of_ ? OnsetOk(e, s) : NoneOk(e); }
  // The occurrence of episode `ep` ending at step s (kNever: never, or after the horizon).
  bool EndOk(const Episode* ep, int s) const {
    if (ep == nullptr) return true;
    if (s <= as_of_)
      return ep->end == Episode::End::kUnknown ||
             (ep->end == Episode::End::kWindow && s >= ep->end_lo && s <= ep->end_hi);
    return ep->end != Episode::End::kWindow;
  }

  // --- Decisions. ---

  BlockStream* Stream(int e, int step, Purpose purpose) {
    return streams_.Get(block_, e, step, purpose);
  }
  bool Below(int e, int step, Purpose purpose, Threshold p) {
    return LaneBelow(Stream(e, step, purpose), lane_, p);
  }
  int Uniform(int e, int step, Purpose purpose, int lo, int hi, int cutoff) {
    if (lo == hi) return lo;
    return LaneDelay(Stream(e, step, purpose), lane_, lo, &plan_.cutoffs[cutoff], hi - lo);
  }
  // One of the `allowed_` values, uniformly, from the word of key (e, step, purpose).
  int Pick(int e, int step, Purpose purpose) {
    const int a = static_cast<int>(allowed_.size());
    if (a == 1) return allowed_[0];
    if (static_cast<int>(cutoffs_.size()) <= a) cutoffs_.resize(a + 1);
    if (cutoffs_[a].empty()) cutoffs_[a] = DelayCutoffs(a);
    return allowed_[LaneDelay(Stream(e, step, purpose), lane_, 0, cutoffs_[a].data(), a - 1)];
  }

  // A free decision of case c (-1: none holds, never fires) with its tilt.
  bool Free(int c, int e, int step, Purpose purpose) {
    if (c < 0) return false;
    const bool fire = Below(e, step, purpose, thresholds_[c]);
    out_.log_weight += fire ? log_fire_[c] : log_miss_[c];
    ++out_.attempts[c];
    if (fire) ++out_.fired[c];
    return fire;
  }
  // A yes/no decision of case c restricted to the allowed outcomes.
  bool Binary(int c, int e, int step, Purpose purpose, bool fire_ok, bool miss_ok) {
    if (fire_ok && miss_ok) return Free(c, e, step, purpose);
    if (fire_ok) {
      Weigh(Probability(c));
      return !ruled_out();
    }
    if (miss_ok)
      Weigh(1 - Probability(c));
    else
      Rule();
    return false;
  }
  // A decision of case c followed by a delay on lo..hi: the delay, or -1 for failure. `ok(d)`
  // says whether success with delay d is allowed, `fail_ok` whether failure is; all allowed,
  // the decision is free.
  template <typename Ok>
  int Delayed(int c, int e, int step, Purpose decide, Purpose delay, int lo, int hi, int cutoff,
              bool fail_ok, Ok ok) {
    const int m = hi - lo + 1;
    allowed_.clear();
    for (int d = lo; d <= hi; ++d)
      if (ok(d)) allowed_.push_back(d);
    const int a = static_cast<int>(allowed_.size());
    if (fail_ok && a == m) {
      if (!Free(c, e, step, decide)) return -1;
      return Uniform(e, step, delay, lo, hi, cutoff);
    }
    const double p = Probability(c);
    const double land = p * a / m;
    const double total = (fail_ok ? 1 - p : 0) + land;
    Weigh(total);
    if (ruled_out() || a == 0) return -1;
    if (fail_ok &&
        !Below(e, step, decide, Threshold::FromProbability(std::min(1.0, land / total))))
      return -1;
    return Pick(e, step, delay);
  }
  // The duration of an occurrence of e begun at `step` that `lasts` (episode ep, or nullptr).
  int Duration(int e, int step, const Episode* ep) {
    const PlanEnding& end = plan_.endings[e];
    if (ep != nullptr) {
      allowed_.clear();
      for (int d = end.lasts_lo; d <= end.lasts_hi; ++d)
        if (EndOk(ep, step + d)) allowed_.push_back(d);
      const int m = end.lasts_hi - end.lasts_lo + 1;
      const int a = static_cast<int>(allowed_.size());
      if (a < m) {
        Weigh(static_cast<double>(a) / m);
        return ruled_out() ? 0 : Pick(e, step, Purpose::kLasts);
      }
    }
    return Uniform(e, step, Purpose::kLasts, end.lasts_lo, end.lasts_hi, end.lasts_cutoff);
  }

  // --- The step (episode_trial.cpp). ---

  void Start() {
    std::fill(active_.begin(), active_.end(), 0);
    std::fill(ever_.begin(), ever_.end(), 0);
    std::fill(due_.begin(), due_.end(), 0);
    std::fill(end_due_.begin(), end_due_.end(), 0);
    std::fill(end_decided_.begin(), end_decided_.end(), 0);
    std::fill(seen_.begin(), seen_.end(), 0);
    EpisodePath& path = out_.path;
    std::fill(path.first.begin(), path.first.end(), 0);
    std::fill(path.onsets.begin(), path.onsets.end(), 0);
    std::fill(path.steps_active.begin(), path.steps_active.end(), 0);
    std::fill(path.onset.begin(), path.onset.end(), 0);
    for (int e = 0; e < plan_.num_events; ++e) {
      const InitialState initially = plan_.initially[e];
      path.initial[e] = initially != InitialState::kNone;
      ever_[e] = path.initial[e];
      armed_[e] = !path.initial[e];
      if (initially != InitialState::kActive) continue;
      active_[e] = 1;
      const Episode* ep = nullptr;
      if (Recorded(e)) {
        ep = Current(e);
        if (ep == nullptr) Rule();  // active, but the record has no initial occurrence
      }
      if (plan_.endings[e].kind == Ending::Kind::kLasts) end_due_[e] = Duration(e, 0, ep);
    }
  }

  void Endings(int t) {
    for (int e = 0; e < plan_.num_events && !ruled_out(); ++e) {
      if (!was_active_[e]) continue;
      if (end_due_[e] == t) {
        End(e, t);
        continue;
      }
      const PlanEnding& end = plan_.endings[e];
      const Episode* ep = nullptr;
      if (Recorded(e) && (end.kind == Ending::Kind::kHazard ||
                          end.kind == Ending::Kind::kDecided)) {
        ep = Current(e);
        if (ep == nullptr) {
          Rule();
          return;
        }
      }
      if (end.kind == Ending::Kind::kHazard) {
        if (!HeldBefore(end.gate)) continue;
        const int c = CaseIndex(end.first_case, end.num_cases, true);
        const bool ends =
            ep != nullptr
                ? Binary(c, e, t, Purpose::kEndHazard, EndOk(ep, t),
                         !(ep->end == Episode::End::kWindow && ep->end_hi <= t))
                : Free(c, e, t, Purpose::kEndHazard);
        if (ends) End(e, t);
      } else if (end.kind == Ending::Kind::kDecided) {
        if (end_decided_[e] || !HeldBefore(end.gate)) continue;
        end_decided_[e] = 1;
        const int c = CaseIndex(end.first_case, end.num_cases, true);
        const bool never_ok = EndOk(ep, Observation::kNever);
        const int d = Delayed(c, e, t, Purpose::kEndDecide, Purpose::kEndDelay, end.delay_lo,
                              end.delay_hi, end.delay_cutoff, never_ok, [&](int d) {
                                return t + d > plan_.horizon ? never_ok : EndOk(ep, t + d);
                              });
        if (d < 0 || ruled_out()) continue;
        if (d == 0)
          End(e, t);
        else if (t + d <= plan_.horizon)
          end_due_[e] = t + d;
      }
    }
  }

  void Arrivals(int t) {
    for (int e = 0; e < plan_.num_events; ++e) {
      if (due_[e] != t) continue;
      due_[e] = 0;
      Onset(e, t);
    }
    for (const PlanEvent& pe : plan_.order)
      if (!pe.trigger && plan_.recurs[pe.event] && !Holds(pe.gate)) armed_[pe.event] = 1;
  }

  void Evaluate(const PlanEvent& pe, int t) {
    const int e = pe.event;
    const bool recurs = plan_.recurs[e] != 0;
    if (pe.trigger) {
      if (active_[e] || (ever_[e] && !recurs) || !Holds(pe.gate)) return;
      const int c = CaseIndex(pe.first_case, pe.num_cases, false);
      if (Binary(c, e, t, Purpose::kHazard, OnsetOk(e, t), MissOk(e, t))) Onset(e, t);
      return;
    }
    if (!Holds(pe.gate)) {
      if (recurs) armed_[e] = 1;
      return;
    }
    if (!armed_[e] || active_[e] || due_[e] != 0) return;
    armed_[e] = 0;
    const int step = recurs ? t : 0;
    const int c = CaseIndex(pe.first_case, pe.num_cases, false);
    // Failure is allowed unless a response that cannot be armed again must still begin; a
    // success landing past the horizon is lost, as a failure.
    const bool fail_ok = recurs || NoneOk(e);
    const int d = Delayed(c, e, step, Purpose::kDecide, Purpose::kDelay, pe.delay_lo,
                          pe.delay_hi, pe.first_cutoff, fail_ok, [&](int d) {
                            return t + d > plan_.horizon ? fail_ok : LandOk(e, t + d);
                          });
    if (d < 0 || ruled_out()) return;
    if (d == 0)
      Onset(e, t);
    else if (t + d <= plan_.horizon)
      due_[e] = t + d;
  }

  void Onset(int e, int t) {
    if (!OnsetOk(e, t)) {  // a check: the decisions were restricted to allowed onsets
      Rule();
      return;
    }
    const Episode* ep = nullptr;
    if (Recorded(e)) {
      ++seen_[e];
      ep = Current(e);
    }
    active_[e] = 1;
    EpisodePath& path = out_.path;
    if (!ever_[e]) path.first[e] = t;
    ever_[e] = 1;
    ++path.onsets[e];
    path.onset[static_cast<size_t>(t - 1) * plan_.num_events + e] = 1;
    end_decided_[e] = 0;
    end_due_[e] = 0;
    if (plan_.endings[e].kind == Ending::Kind::kLasts) end_due_[e] = t + Duration(e, t, ep);
  }

  void End(int e, int t) {
    if (Recorded(e) && !EndOk(Current(e), t)) Rule();
    if (Recorded(e) && Current(e) == nullptr) Rule();
    active_[e] = 0;
    end_due_[e] = 0;
  }

  // The end of step t <= as_of: EpisodeFilter::Keep.
  void Check(int t) {
    if (!history_->Consistent(t, [this](int e) { return ever_[e] != 0; })) {
      Rule();
      return;
    }
    for (const EpisodeRecord& r : history_->episodes) {
      const int e = r.event;
      const Episode* next = Next(e);
      if (next != nullptr && next->start_hi <= t) {
        Rule();
        return;
      }
      if (!active_[e]) continue;
      const Episode* current = Current(e);
      if (current == nullptr ||
          (current->end == Episode::End::kWindow && current->end_hi <= t)) {
        Rule();
        return;
      }
    }
  }

  void Record(int t) {
    int at = 0, reached = 0;
    EpisodePath& path = out_.path;
    char* active = &path.active[static_cast<size_t>(t - 1) * plan_.num_events];
    for (int e = 0; e < plan_.num_events; ++e) {
      active[e] = active_[e];
      path.steps_active[e] += active_[e];
      if (active_[e]) at = std::max(at, plan_.level_of[e]);
      if (ever_[e]) reached = std::max(reached, plan_.level_of[e]);
    }
    path.level_at[t - 1] = at;
    path.level_reached[t - 1] = reached;
  }

  bool Holds(int condition) const {
    return plan_.conditions[condition].Evaluate([this](int e) { return active_[e] != 0; },
                                                [this](int e) { return ever_[e] != 0; }, true);
  }
  bool HeldBefore(int condition) const {
    return plan_.conditions[condition].Evaluate([this](int e) { return was_active_[e] != 0; },
                                                [this](int e) { return was_ever_[e] != 0; },
                                                true);
  }
  int CaseIndex(int first, int num, bool before) const {
    for (int c = first; c < first + num; ++c)
      if (before ? HeldBefore(plan_.cases[c].condition) : Holds(plan_.cases[c].condition))
        return c;
    return -1;
  }

  const Plan& plan_;
  const History* history_;
  int last_step_;
  int as_of_;
  uint64_t block_ = 0;
  int lane_ = 0;
  bool constrain_ = false;  // the current step is <= as_of of a history
  std::vector<Threshold> thresholds_;
  std::vector<double> log_fire_, log_miss_;
  std::vector<char> active_, ever_, was_active_, was_ever_, armed_, end_decided_;
  std::vector<int> due_, end_due_;
  std::vector<int> seen_;   // recorded events: onsets in 1..as_of so far
  std::vector<int> first_;  // recorded events: 1 when the record begins with `initial`
  std::vector<const Observation*> observed_;
  std::vector<const std::vector<Episode>*> record_;
  std::vector<int> allowed_;  // scratch: the allowed delays or durations
  std::vector<std::vector<uint64_t>> cutoffs_;
  EpisodeStreams streams_;
  TiltedTrial out_;
};

TiltedEpisodes::TiltedEpisodes(const Plan& plan, const std::vector<double>& q, uint64_t seed,
                               uint32_t draw, const History* history, int last_step)
    : impl_(std::make_unique<Impl>(plan, q, seed, draw, history, last_step)) {}

TiltedEpisodes::~TiltedEpisodes() = default;

const TiltedTrial& TiltedEpisodes::Run(uint64_t block, int lane) {
  return impl_->Run(block, lane);
}

}  // namespace brink
