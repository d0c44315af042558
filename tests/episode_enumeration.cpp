#include "episode_enumeration.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "model/condition_eval.h"
#include "model_generator.h"

namespace brink::test {

bool TrialRecord::Active(int e, int t) const {
  for (const Occurrence& o : occurrences[e])
    if (o.start <= t && (o.end == 0 || o.end > t)) return true;
  return false;
}

int TrialRecord::First(int e) const {
  for (const Occurrence& o : occurrences[e])
    if (o.start >= 1) return o.start;
  return 0;
}

int TrialRecord::Onsets(int e) const {
  int n = 0;
  for (const Occurrence& o : occurrences[e]) n += o.start >= 1;
  return n;
}

bool SatisfiesHistory(const TrialRecord& record, const History& history) {
  const int as_of = history.as_of;
  for (const Observation& o : history.observations) {
    const int first = record.First(o.event);
    const int when = first == 0 ? Observation::kNever : first;
    if (when < o.lo || when > o.hi) return false;
  }
  for (const EpisodeRecord& listed : history.episodes) {
    std::vector<Occurrence> seen;
    for (const Occurrence& o : record.occurrences[listed.event])
      if (o.start <= as_of) seen.push_back(o);
    if (seen.size() != listed.episodes.size()) return false;
    for (size_t i = 0; i < seen.size(); ++i) {
      const Episode& want = listed.episodes[i];
      const Occurrence& o = seen[i];
      if (o.start < want.start_lo || o.start > want.start_hi) return false;
      const bool ended = o.end != 0 && o.end <= as_of;
      switch (want.end) {
        case Episode::End::kWindow:
          if (!ended || o.end < want.end_lo || o.end > want.end_hi) return false;
          break;
        case Episode::End::kOngoing:
          if (ended) return false;
          break;
        case Episode::End::kUnknown:
          break;
      }
    }
  }
  return true;
}

bool HoldsAtHorizon(const TrialRecord& record, const Condition& given) {
  return given.Evaluate([&](int e) { return record.Active(e, record.horizon); },
                        [&](int e) { return record.Happened(e); }, true);
}

namespace {

// A trial in the middle of a step: the spec's state, and the record so far.
struct PathState {
  TrialRecord record;
  std::vector<char> active, ever;          // now
  std::vector<char> was_active, was_ever;  // S(t − 1), read by the endings phase
  std::vector<char> armed;                 // responses: may be decided
  std::vector<int> due;                    // responses: the step a decided onset is due, else 0
  std::vector<int> end_due;                // the step the current occurrence ends, else 0
  std::vector<char> end_decided;           // `ends.p`: this occurrence's end was decided
};

// One outcome of a random decision: its probability and what it does to the state.
struct Branch {
  double p;
  std::function<void(PathState*)> apply;
};

using LeafVisitor = std::function<void(double weight, const TrialRecord& record)>;

// Walks the tree of a trial's random decisions: every branch (dice == nullptr) or one branch
// drawn at each fork. A step t >= 1 has stages: the endings of each event (file order), the
// arrival of each event's due onset, re-arming, then each event's evaluation in plan order.
// "Step" 0 has one stage per event: the duration of an initially active occurrence.
class PathWalker {
 public:
  PathWalker(const Plan& plan, Dice* dice, LeafVisitor leaf)
      : plan_(plan), n_(plan.num_events), dice_(dice), leaf_(std::move(leaf)),
        slot_(plan.num_events, nullptr) {
    for (const PlanEvent& pe : plan.order) slot_[pe.event] = &pe;
  }

  void Run() {
    PathState s;
    s.record.horizon = plan_.horizon;
    s.record.initial.assign(n_, 0);
    s.record.occurrences.assign(n_, {});
    s.active.assign(n_, 0);
    s.ever.assign(n_, 0);
    s.armed.assign(n_, 0);
    s.due.assign(n_, 0);
    s.end_due.assign(n_, 0);
    s.end_decided.assign(n_, 0);
    for (int e = 0; e < n_; ++e) {
      const InitialState initially = plan_.initially[e];
      // A response starts armed, unless it is already going on or over.
      s.armed[e] = !slot_[e]->trigger && initially == InitialState::kNone;
      if (initially == InitialState::kNone) continue;
      s.ever[e] = 1;
      s.record.initial[e] = 1;
      if (initially == InitialState::kActive) {
        s.active[e] = 1;
        s.record.occurrences[e].push_back({0, 0});
      }
    }
    Visit(0, 0, 1.0, std::move(s));
  }

 private:
  int Stages(int t) const {
    return t == 0 ? n_ : 2 * n_ + 1 + static_cast<int>(plan_.order.size());
  }

  void Visit(int t, int stage, double weight, PathState s) {
    if (t > plan_.horizon) {
      leaf_(weight, s.record);
      return;
    }
    if (t >= 1 && stage == 0) {
      s.was_active = s.active;
      s.was_ever = s.ever;
    }
    const std::vector<Branch> branches = Stage(t, stage, &s);
    if (branches.empty()) return Next(t, stage, weight, std::move(s));
    if (dice_ != nullptr) {
      const double u = dice_->Real();
      double sum = 0;
      const Branch* chosen = nullptr;
      for (const Branch& b : branches) {
        if (b.p <= 0) continue;
        chosen = &b;
        sum += b.p;
        if (u < sum) break;
      }
      if (chosen->apply) chosen->apply(&s);
      return Next(t, stage, weight * chosen->p, std::move(s));
    }
    for (const Branch& b : branches) {
      if (b.p <= 0) continue;  // impossible: pruned
      PathState copy = s;
      if (b.apply) b.apply(&copy);
      Next(t, stage, weight * b.p, std::move(copy));
    }
  }

  void Next(int t, int stage, double weight, PathState s) {
    if (stage + 1 < Stages(t)) return Visit(t, stage + 1, weight, std::move(s));
    Visit(t + 1, 0, weight, std::move(s));
  }

  // Does what stage `stage` of step t does for certain to *s, and returns the branches of its
  // random decision (none when it has none).
  std::vector<Branch> Stage(int t, int stage, PathState* s) {
    if (t == 0) return Duration(stage, 0, s);  // `lasts` of an initially active occurrence
    if (stage < n_) return Ending(stage, t, s);
    if (stage < 2 * n_) {
      const int e = stage - n_;
      if (s->due[e] != t) return {};
      return Onset(e, t, 1.0);
    }
    if (stage == 2 * n_) {
      for (int e = 0; e < n_; ++e)
        if (!slot_[e]->trigger && plan_.recurs[e] && !Now(slot_[e]->gate, *s)) s->armed[e] = 1;
      return {};
    }
    return Evaluation(plan_.order[stage - 2 * n_ - 1], t, s);
  }

  // At the onset step `start` of an occurrence of e (0: an initially active one) that ends
  // after `lasts`: the branches of its duration.
  std::vector<Branch> Duration(int e, int start, PathState* s) const {
    const PlanEnding& end = plan_.endings[e];
    if (!s->active[e] || end.kind != Ending::Kind::kLasts) return {};
    std::vector<Branch> out;
    const int m = end.lasts_hi - end.lasts_lo + 1;
    for (int d = end.lasts_lo; d <= end.lasts_hi; ++d)
      out.push_back({1.0 / m, [e, due = start + d](PathState* x) { x->end_due[e] = due; }});
    return out;
  }

  std::vector<Branch> Ending(int e, int t, PathState* s) const {
    if (!s->was_active[e]) return {};
    const PlanEnding& end = plan_.endings[e];
    if (s->end_due[e] == t) {
      Stop(e, t, s);
      return {};
    }
    if (end.kind == Ending::Kind::kHazard) {
      if (!Before(end.gate, *s)) return {};
      const double p = Probability(end.first_case, end.num_cases, s->was_active, s->was_ever);
      return {{1 - p, nullptr}, {p, [e, t](PathState* x) { Stop(e, t, x); }}};
    }
    if (end.kind == Ending::Kind::kDecided && !s->end_decided[e] && Before(end.gate, *s)) {
      s->end_decided[e] = 1;
      const double p = Probability(end.first_case, end.num_cases, s->was_active, s->was_ever);
      std::vector<Branch> out = {{1 - p, nullptr}};
      const int m = end.delay_hi - end.delay_lo + 1;
      const int horizon = plan_.horizon;
      for (int d = end.delay_lo; d <= end.delay_hi; ++d)
        out.push_back({p / m, [e, t, d, horizon](PathState* x) {
                         if (d == 0)
                           Stop(e, t, x);
                         else if (t + d <= horizon)
                           x->end_due[e] = t + d;
                       }});
      return out;
    }
    return {};
  }

  std::vector<Branch> Evaluation(const PlanEvent& pe, int t, PathState* s) {
    const int e = pe.event;
    const bool recurs = plan_.recurs[e] != 0;
    if (pe.trigger) {
      if (s->active[e] || (s->ever[e] && !recurs) || !Now(pe.gate, *s)) return {};
      const double p = Probability(pe.first_case, pe.num_cases, s->active, s->ever);
      std::vector<Branch> out = Onset(e, t, p);
      out.insert(out.begin(), {1 - p, nullptr});
      return out;
    }
    if (!Now(pe.gate, *s)) {
      if (recurs) s->armed[e] = 1;
      return {};
    }
    if (!s->armed[e] || s->active[e] || s->due[e] != 0) return {};
    s->armed[e] = 0;
    const double p = Probability(pe.first_case, pe.num_cases, s->active, s->ever);
    std::vector<Branch> out = {{1 - p, nullptr}};
    const int m = pe.delay_hi - pe.delay_lo + 1;
    for (int d = pe.delay_lo; d <= pe.delay_hi; ++d) {
      if (d == 0) {
        for (Branch& b : Onset(e, t, p / m)) out.push_back(std::move(b));
      } else {
        // Past the horizon the success is lost: the state is as after a failure.
        const int due = t + d <= plan_.horizon ? t + d : 0;
        out.push_back({p / m, [e, due](PathState* x) { x->due[e] = due; }});
      }
    }
    return out;
  }

  // The branches of an onset of e at t that happens with probability p: one, or one per
  // duration when its occurrences last a drawn number of steps.
  std::vector<Branch> Onset(int e, int t, double p) const {
    const PlanEnding& end = plan_.endings[e];
    std::vector<Branch> out;
    if (end.kind != Ending::Kind::kLasts) {
      out.push_back({p, [e, t](PathState* x) { Start(e, t, x); }});
      return out;
    }
    const int m = end.lasts_hi - end.lasts_lo + 1;
    for (int d = end.lasts_lo; d <= end.lasts_hi; ++d)
      out.push_back({p / m, [e, t, d](PathState* x) {
                       Start(e, t, x);
                       x->end_due[e] = t + d;
                     }});
    return out;
  }

  static void Start(int e, int t, PathState* s) {
    s->active[e] = 1;
    s->ever[e] = 1;
    s->due[e] = 0;
    s->end_due[e] = 0;
    s->end_decided[e] = 0;
    s->record.occurrences[e].push_back({t, 0});
  }

  static void Stop(int e, int t, PathState* s) {
    s->active[e] = 0;
    s->end_due[e] = 0;
    s->end_decided[e] = 0;
    s->record.occurrences[e].back().end = t;
  }

  // The probability of the first case whose condition holds on (active, ever); 0 for none.
  double Probability(int first, int num, const std::vector<char>& active,
                     const std::vector<char>& ever) const {
    for (int c = first; c < first + num; ++c)
      if (Holds(plan_.cases[c].condition, active, ever)) return plan_.cases[c].probability;
    return 0;
  }

  bool Holds(int condition, const std::vector<char>& active, const std::vector<char>& ever) const {
    return plan_.conditions[condition].Evaluate([&](int i) { return active[i] != 0; },
                                                [&](int i) { return ever[i] != 0; }, true);
  }
  bool Now(int condition, const PathState& s) const { return Holds(condition, s.active, s.ever); }
  bool Before(int condition, const PathState& s) const {
    return Holds(condition, s.was_active, s.was_ever);
  }

  const Plan& plan_;
  const int n_;
  Dice* dice_;
  LeafVisitor leaf_;
  std::vector<const PlanEvent*> slot_;  // by event: its entry in plan.order
};

// Adds one counted path's figures to `out`.
void AddPath(const Plan& plan, double w, const TrialRecord& r, ExactSolution* out) {
  const int n = plan.num_events;
  for (int e = 0; e < n; ++e) {
    if (r.initial[e])
      out->AddFirst(e, 0, w);
    else if (r.First(e) != 0)
      out->AddFirst(e, r.First(e), w);
    for (int t = 1; t <= plan.horizon; ++t)
      if (r.Active(e, t)) out->AddActive(e, t, w);
    const size_t count = static_cast<size_t>(r.Onsets(e));
    std::vector<double>& dist = out->occurrences[e];
    if (dist.size() <= count) dist.resize(count + 1, 0.0);
    dist[count] += w;
    // Occurrences that ended in 1..horizon (an end of 0: not ended by the horizon).
    size_t ended = 0;
    for (const Occurrence& o : r.occurrences[e]) ended += o.end >= 1;
    std::vector<double>& ends = out->ends[e];
    if (ends.size() <= ended) ends.resize(ended + 1, 0.0);
    ends[ended] += w;
  }
  for (int k = 1; k <= plan.num_levels; ++k) {
    const int row = n + k - 1;
    int reached = -1;  // the first step at which the level reached is >= k
    for (int e = 0; e < n; ++e) {
      if (plan.level_of[e] < k) continue;
      const int when = r.initial[e] ? 0 : r.First(e) != 0 ? r.First(e) : -1;
      if (when >= 0 && (reached < 0 || when < reached)) reached = when;
    }
    if (reached >= 0) out->AddFirst(row, reached, w);
    for (int t = 1; t <= plan.horizon; ++t) {
      int level = 0;
      for (int e = 0; e < n; ++e)
        if (r.Active(e, t)) level = std::max(level, plan.level_of[e]);
      if (level >= k) out->AddActive(row, t, w);
    }
  }
}

}  // namespace

ExactSolution EnumerateEpisodePaths(const Plan& plan, const Condition* given,
                                    const History* history) {
  ExactSolution out(plan.horizon, plan.num_events, plan.num_levels, /*two_way=*/true);
  out.occurrences.assign(plan.num_events, {});
  out.ends.assign(plan.num_events, {});
  const bool conditional = given != nullptr || history != nullptr;
  if (conditional) out.given_probability = 0;
  PathWalker walker(plan, nullptr, [&](double w, const TrialRecord& r) {
    ++out.peak_states;
    if (history != nullptr && !SatisfiesHistory(r, *history)) return;
    if (given != nullptr && !HoldsAtHorizon(r, *given)) return;
    if (conditional) out.given_probability += w;
    AddPath(plan, w, r, &out);
  });
  walker.Run();
  return out;
}

TrialRecord SampleEpisodePath(const Plan& plan, uint64_t seed) {
  Dice dice(seed);
  TrialRecord drawn;
  PathWalker walker(plan, &dice, [&](double, const TrialRecord& r) { drawn = r; });
  walker.Run();
  return drawn;
}

}  // namespace brink::test
