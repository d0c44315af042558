// The fast engine for a version-2 model (events that end, recur and start already going on):
// EpisodeTrial's step (engine/episode_trial.h; ../shared/spec/episodes.md "One step, with
// endings") evaluated for a group of up to 512 trials at once, one bit per trial. Every
// decision reads the same keyed words as EpisodeTrial, so the tally is EpisodeTrial's, byte
// for byte, on every SIMD kernel and thread count.
//
// Per-trial integers become rows of lanes: a response due at step t is a bit in its row for t
// (as in engine/fast.cpp), and so is an occurrence due to end at t (`lasts`, or a decided end
// with its delay); counts of onsets and of steps active are bit-sliced counters
// (engine/lane_rows-inl.h), whose histograms are read once per group. A row that stays
// active once it has begun (an event that never ends, a level no event at or above which
// ends) needs no counter: its steps active follow from its first step, and so does the count
// of onsets of an event that does not recur (0 or 1).
//
// Quantities (Plan::quantities) take one more counter per term, of its steps active or onsets
// so far: each step adds the terms' sums and pairwise products over the lanes from the bit
// planes, and the horizon each lane's counts, to the tally's QuantityCounts, as the reference
// engine's trial adds them one by one.
//
// Google Highway compiles this file once per SIMD target, like engine/fast.cpp.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "engine/fast_episodes.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep

#include <algorithm>
#include <vector>

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

// One worker's state for simulating groups of trials of a version-2 plan.
class FastEpisodeGroup {
 public:
  FastEpisodeGroup(const Plan& plan, const RunOptions& options)
      : plan_(plan),
        options_(options),
        keys_(options.seed),
        events_(plan.num_events),
        rows_(plan.num_events + plan.num_levels),
        steps_(plan.horizon + 1),
        buffered_(options.given != nullptr),
        active_(events_),
        ever_(events_),
        was_active_(events_),
        was_ever_(events_),
        armed_(events_),
        pending_(events_),
        end_decided_(events_),
        level_state_(plan.num_levels + 1),
        arrival_slot_(events_, -1),
        end_slot_(events_, -1),
        arrivals_(Count(plan, [](const PlanEvent& pe) { return !pe.trigger && pe.delay_hi > 0; }) *
                  steps_),
        end_due_(CountTimedEnds(plan) * steps_),
        fresh_(buffered_ ? rows_ * steps_ : 0),
        active_at_(buffered_ ? rows_ * steps_ : 0),
        onsets_(events_, LaneCounters::BitsFor(plan.horizon)),
        steps_active_(rows_, LaneCounters::BitsFor(plan.horizon)),
        onset_terms_(events_),
        term_counts_(CountTerms(plan), LaneCounters::BitsFor(plan.horizon)),
        decisions_(plan, &keys_) {
    for (const PlanQuantity& q : plan.quantities) {
      quantity_first_.push_back(static_cast<int>(terms_.size()));
      for (const PlanTerm& term : q.terms) {
        if (!term.per_step) onset_terms_[term.event].push_back(static_cast<int>(terms_.size()));
        terms_.push_back(term);
      }
    }
    quantity_first_.push_back(static_cast<int>(terms_.size()));
    lane_counts_.resize(terms_.size());
    term_top_.resize(terms_.size());
    int slots = 0, end_slots = 0;
    for (const PlanEvent& pe : plan.order)
      if (!pe.trigger && pe.delay_hi > 0) arrival_slot_[pe.event] = slots++;
    for (int e = 0; e < events_; ++e) {
      const Ending::Kind kind = plan.endings[e].kind;
      if (kind == Ending::Kind::kLasts || kind == Ending::Kind::kDecided)
        end_slot_[e] = end_slots++;
      if (kind != Ending::Kind::kNever) ending_events_.push_back(e);
      if (plan.initially[e] != InitialState::kNone)
        initial_level_ = std::max(initial_level_, plan.level_of[e]);
    }
    by_level_.resize(plan.num_levels + 1);
    for (int e = 0; e < events_; ++e)
      if (plan.level_of[e] > 0) by_level_[plan.level_of[e]].push_back(e);
    // Rows that stay active once begun, from the top level down.
    stays_.assign(rows_, 0);
    bool stays = true;
    for (int k = plan.num_levels; k >= 1; --k) {
      for (int e : by_level_[k]) stays = stays && Stays(e);
      stays_[events_ + k - 1] = stays;
    }
    for (int e = 0; e < events_; ++e) stays_[e] = Stays(e);
  }

  void Run(uint64_t first_block, Tally* tally) {
    tally_ = tally;
    decisions_.SetFirstBlock(first_block);
    HWY_ALIGN uint64_t valid[kGroupBlocks];
    for (int b = 0; b < kGroupBlocks; ++b) {
      const uint64_t start = (first_block + b) * 64;
      const uint64_t end = options_.first_trial + options_.trials;
      const uint64_t n = end > start ? std::min<uint64_t>(64, end - start) : 0;
      valid[b] = n == 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
    }
    valid_ = LoadLanes(valid);
    for (LaneRows* rows : {&active_, &ever_, &armed_, &pending_, &end_decided_, &level_state_,
                           &arrivals_, &end_due_, &fresh_, &active_at_})
      rows->Clear();
    onsets_.Clear();
    steps_active_.Clear();
    term_counts_.Clear();

    Start();
    for (int t = 1; t <= plan_.horizon; ++t) {
      was_active_.CopyFrom(active_);
      was_ever_.CopyFrom(ever_);
      Endings(t);
      Arrivals(t);
      for (const PlanEvent& pe : plan_.order) {
        if (pe.trigger)
          EvaluateTrigger(pe, t);
        else
          EvaluateResponse(pe, t);
      }
      Record(t);
    }
    Finish();
  }

  // After Run, for the paired counts: the valid lanes where row `row` (an event, or a level k
  // as num_events + k − 1) happened by the horizon, and where it is active at the horizon.
  HWY_INLINE Lanes Happened(int row) const {
    return (row < events_ ? ever_.Get(row) : level_state_.Get(row - events_ + 1)) & valid_;
  }
  HWY_INLINE Lanes ActiveAtHorizon(int row) const {
    if (row < events_) return active_.Get(row);
    Lanes at = Broadcast(0);
    for (int k = plan_.num_levels; k >= row - events_ + 1; --k)
      for (int e : by_level_[k]) at |= active_.Get(e);
    return at;
  }
  // The sum over the lanes `lanes` of n_x · n_y, n the number of onsets of event e in this
  // group (x) and in `other` (y): from the counters' bit planes, or, for an event that does
  // not recur, the single plane of its onset in 1..horizon.
  uint64_t OnsetProducts(int e, const FastEpisodeGroup& other, const Lanes& lanes) const {
    const int bx = OnsetBits(e), by = other.OnsetBits(e);
    uint64_t sum = 0;
    for (int i = 0; i < bx; ++i) {
      const Lanes x = OnsetPlane(e, i) & lanes;
      if (!Any(x)) continue;
      for (int j = 0; j < by; ++j) sum += Popcount(x & other.OnsetPlane(e, j)) << (i + j);
    }
    return sum;
  }

 private:
  int OnsetBits(int e) const { return plan_.recurs[e] ? onsets_.bits() : 1; }
  HWY_INLINE Lanes OnsetPlane(int e, int b) const {
    if (plan_.recurs[e]) return onsets_.Plane(e, b);
    if (plan_.initially[e] != InitialState::kNone) return Broadcast(0);
    return ever_.Get(e);
  }

  template <typename F>
  static size_t Count(const Plan& plan, F&& f) {
    return static_cast<size_t>(std::count_if(plan.order.begin(), plan.order.end(), f));
  }
  static int CountTerms(const Plan& plan) {
    size_t terms = 0;
    for (const PlanQuantity& q : plan.quantities) terms += q.terms.size();
    return static_cast<int>(terms);
  }
  static size_t CountTimedEnds(const Plan& plan) {
    return static_cast<size_t>(std::count_if(
        plan.endings.begin(), plan.endings.end(), [](const PlanEnding& end) {
          return end.kind == Ending::Kind::kLasts || end.kind == Ending::Kind::kDecided;
        }));
  }

  // Whether event e, once begun, is active to the horizon.
  bool Stays(int e) const {
    return plan_.endings[e].kind == Ending::Kind::kNever &&
           plan_.initially[e] != InitialState::kEnded;
  }

  HWY_INLINE Lanes All() const { return Broadcast(~uint64_t{0}); }

  // A condition on the state now, or on the state at the end of the step before.
  HWY_INLINE Lanes Holds(int condition) const {
    const Condition& c = plan_.conditions[condition];
    if (c.IsConstantTrue()) return All();
    const auto& program = c.program();
    return HWY_NAMESPACE::EvaluateProgram(
        program.data(), program.size(), [this](int e) { return active_.Get(e); },
        [this](int e) { return ever_.Get(e); }, All());
  }
  HWY_INLINE Lanes HeldBefore(int condition) const {
    const Condition& c = plan_.conditions[condition];
    if (c.IsConstantTrue()) return All();
    const auto& program = c.program();
    return HWY_NAMESPACE::EvaluateProgram(
        program.data(), program.size(), [this](int e) { return was_active_.Get(e); },
        [this](int e) { return was_ever_.Get(e); }, All());
  }

  StreamKey Key(int e, int step, Purpose purpose) const {
    return StreamKey{options_.seed, options_.draw, 0, static_cast<uint32_t>(e),
                     static_cast<uint32_t>(step), purpose};
  }

  // S(0): events `initially` active or ended have happened; those active are, with their
  // `lasts` drawn from step 0; every other response is armed.
  void Start() {
    for (int k = 1; k <= initial_level_; ++k) level_state_.Set(k, valid_);
    for (int e = 0; e < events_; ++e) {
      const InitialState initially = plan_.initially[e];
      if (initially == InitialState::kNone) {
        armed_.Set(e, valid_);
        continue;
      }
      ever_.Set(e, valid_);
      if (initially != InitialState::kActive) continue;
      active_.Set(e, valid_);
      const PlanEnding& end = plan_.endings[e];
      if (end.kind == Ending::Kind::kLasts) ScheduleEnd(e, 0, end, valid_, Purpose::kLasts);
    }
  }

  // Lanes `lanes` of event e draw a duration (`lasts`, from step t's key) or an end delay and
  // are due to end t + d later, if that is within the horizon. A delay of 0 ends them now.
  HWY_INLINE void ScheduleEnd(int e, int t, const PlanEnding& end, const Lanes& lanes,
                              Purpose purpose) {
    const bool lasts = purpose == Purpose::kLasts;
    decisions_.Uniform(lasts ? end.lasts_lo : end.delay_lo, lasts ? end.lasts_hi : end.delay_hi,
                       lasts ? end.lasts_cutoff : end.delay_cutoff, lanes, Key(e, t, purpose),
                       [&](int d, const Lanes& part) {
                         if (d == 0)
                           active_.Clear(e, part);
                         else if (t + d <= plan_.horizon)
                           end_due_.Or(end_slot_[e] * steps_ + t + d, part);
                       });
  }

  // Phase 0: every occurrence active in S(t − 1) that ends at t, each reading S(t − 1) only.
  void Endings(int t) {
    for (int e : ending_events_) {
      Lanes live = was_active_.Get(e);
      if (!Any(live)) continue;
      if (end_slot_[e] >= 0) {
        const Lanes due = end_due_.Get(end_slot_[e] * steps_ + t) & live;
        if (Any(due)) {
          active_.Clear(e, due);
          live = AndNot(live, due);
        }
      }
      const PlanEnding& end = plan_.endings[e];
      if (end.kind == Ending::Kind::kHazard) {
        const Lanes candidates = live & HeldBefore(end.gate);
        if (!Any(candidates)) continue;
        const Lanes ends = decisions_.Decide(
            end.first_case, end.num_cases, candidates, Key(e, t, Purpose::kEndHazard),
            [this](int condition) { return HeldBefore(condition); });
        active_.Clear(e, ends);
      } else if (end.kind == Ending::Kind::kDecided) {
        const Lanes candidates = AndNot(live, end_decided_.Get(e)) & HeldBefore(end.gate);
        if (!Any(candidates)) continue;
        end_decided_.Or(e, candidates);  // once per occurrence
        const Lanes success = decisions_.Decide(
            end.first_case, end.num_cases, candidates, Key(e, t, Purpose::kEndDecide),
            [this](int condition) { return HeldBefore(condition); });
        if (Any(success)) ScheduleEnd(e, t, end, success, Purpose::kEndDelay);
      }
    }
  }

  // Phase 1: responses due now begin; then every recurring response whose `after` does not
  // hold on the state after arrivals is armed.
  void Arrivals(int t) {
    for (int e = 0; e < events_; ++e) {
      if (arrival_slot_[e] < 0) continue;
      const Lanes due = arrivals_.Get(arrival_slot_[e] * steps_ + t);
      if (!Any(due)) continue;
      pending_.Clear(e, due);
      Onset(e, t, due);
    }
    for (const PlanEvent& pe : plan_.order)
      if (!pe.trigger && plan_.recurs[pe.event]) armed_.Or(pe.event, AndNot(valid_, Holds(pe.gate)));
  }

  void EvaluateTrigger(const PlanEvent& pe, int t) {
    const int e = pe.event;
    Lanes candidates = AndNot(valid_, active_.Get(e));
    if (!plan_.recurs[e]) candidates = AndNot(candidates, ever_.Get(e));
    if (!Any(candidates)) return;
    candidates &= Holds(pe.gate);
    if (!Any(candidates)) return;
    const Lanes success =
        decisions_.Decide(pe.first_case, pe.num_cases, candidates, Key(e, t, Purpose::kHazard),
                          [this](int condition) { return Holds(condition); });
    if (Any(success)) Onset(e, t, success);
  }

  // A free, armed response decides once its `after` holds; a non-recurring response keeps
  // version 1's keys (step 0), a recurring one is keyed by the step of its decision.
  void EvaluateResponse(const PlanEvent& pe, int t) {
    const int e = pe.event;
    const bool recurs = plan_.recurs[e] != 0;
    Lanes free = armed_.Get(e);
    if (!recurs && !Any(free)) return;
    const Lanes gate = Holds(pe.gate);
    if (recurs) {
      free |= AndNot(valid_, gate);
      armed_.Set(e, free);
    }
    const Lanes candidates = AndNot(AndNot(free & gate, active_.Get(e)), pending_.Get(e));
    if (!Any(candidates)) return;
    armed_.Clear(e, candidates);
    const int step = recurs ? t : 0;
    const Lanes success =
        decisions_.Decide(pe.first_case, pe.num_cases, candidates, Key(e, step, Purpose::kDecide),
                          [this](int condition) { return Holds(condition); });
    if (!Any(success)) return;
    decisions_.Uniform(pe.delay_lo, pe.delay_hi, pe.first_cutoff, success,
                       Key(e, step, Purpose::kDelay), [&](int d, const Lanes& lanes) {
                         if (d == 0) {
                           Onset(e, t, lanes);
                         } else if (t + d <= plan_.horizon) {
                           arrivals_.Or(arrival_slot_[e] * steps_ + t + d, lanes);
                           pending_.Or(e, lanes);
                         }
                       });
  }

  HWY_INLINE void Onset(int e, int t, const Lanes& lanes) {
    const Lanes first = AndNot(lanes, ever_.Get(e));
    if (Any(first)) RecordFirst(e, t, first);
    active_.Or(e, lanes);
    ever_.Or(e, lanes);
    if (plan_.recurs[e]) onsets_.Increment(e, lanes);
    for (int term : onset_terms_[e]) term_counts_.Increment(term, lanes);
    end_decided_.Clear(e, lanes);
    const PlanEnding& end = plan_.endings[e];
    if (end.kind == Ending::Kind::kLasts) ScheduleEnd(e, t, end, lanes, Purpose::kLasts);
  }

  // Records that `lanes` first reach row `row` at step t.
  HWY_INLINE void RecordFirst(int row, int t, const Lanes& lanes) {
    if (buffered_)
      fresh_.Or(row * steps_ + t, lanes);
    else
      AddFirst(row, t, Popcount(lanes));
  }

  // Adds n trials first reaching row at t; a row that stays active is then active for the
  // steps t..horizon.
  HWY_INLINE void AddFirst(int row, int t, uint64_t n) {
    tally_->AddFirst(row, t, n);
    if (stays_[row]) tally_->AddStepsActive(row, plan_.horizon - t + 1, n);
  }

  HWY_INLINE void RecordActive(int row, int t, const Lanes& lanes) {
    if (!stays_[row]) steps_active_.Increment(row, lanes);
    if (buffered_)
      active_at_.Set(row * steps_ + t, lanes);
    else if (Any(lanes))
      tally_->AddActive(row, t, Popcount(lanes));
  }

  // The end of step t: what is active, and the levels at and reached by t.
  void Record(int t) {
    for (int e = 0; e < events_; ++e) RecordActive(e, t, active_.Get(e));
    if (!terms_.empty()) QuantitySteps(t);
    Lanes at = Broadcast(0), reached = Broadcast(0);
    for (int k = plan_.num_levels; k >= 1; --k) {
      for (int e : by_level_[k]) {
        at |= active_.Get(e);
        reached |= ever_.Get(e);
      }
      const int row = events_ + k - 1;
      RecordActive(row, t, at);
      const Lanes fresh = AndNot(reached, level_state_.Get(k));
      if (Any(fresh)) RecordFirst(row, t, fresh);
      level_state_.Set(k, reached);
    }
  }

  // The trials counted (those where options.given holds at the horizon) and their histograms.
  void Finish() {
    Lanes counted = valid_;
    if (buffered_) {
      const auto& program = options_.given->program();
      counted &= HWY_NAMESPACE::EvaluateProgram(
          program.data(), program.size(), [this](int e) { return active_.Get(e); },
          [this](int e) { return ever_.Get(e); }, valid_);
      for (int row = 0; row < rows_; ++row)
        for (int t = 1; t <= plan_.horizon; ++t) {
          const Lanes f = fresh_.Get(row * steps_ + t) & counted;
          if (Any(f)) AddFirst(row, t, Popcount(f));
          const Lanes a = active_at_.Get(row * steps_ + t) & counted;
          if (Any(a)) tally_->AddActive(row, t, Popcount(a));
        }
    }
    const uint64_t num_counted = Popcount(counted);
    for (int e = 0; e < events_; ++e) {
      const bool initial = plan_.initially[e] != InitialState::kNone;
      if (initial) tally_->AddFirst(e, 0, num_counted);
      // Ends = onsets + [initially active] − [active at the horizon] (tally.h), from the
      // onsets of the lanes active at the horizon and of the others.
      const int carried = plan_.initially[e] == InitialState::kActive ? 1 : 0;
      const Lanes on = counted & active_.Get(e), off = AndNot(counted, active_.Get(e));
      if (plan_.recurs[e]) {
        onsets_.Histogram(e, counted, [&](int n, uint64_t c) { tally_->AddOnsets(e, n, c); });
        onsets_.Histogram(e, on, [&](int n, uint64_t c) { tally_->AddEnds(e, n + carried - 1, c); });
        onsets_.Histogram(e, off, [&](int n, uint64_t c) { tally_->AddEnds(e, n + carried, c); });
      } else {
        const Lanes onset = initial ? Broadcast(0) : ever_.Get(e);
        const uint64_t once = Popcount(counted & onset);
        tally_->AddOnsets(e, 1, once);
        tally_->AddOnsets(e, 0, num_counted - once);
        // Onsets n ∈ {0, 1} split by activity: ends = n + carried − active.
        const uint64_t on_once = Popcount(on & onset), off_once = Popcount(off & onset);
        const uint64_t num_on = Popcount(on), num_off = Popcount(off);
        // (Only counts that can be non-zero: an active lane without an onset began active.)
        if (on_once != 0) tally_->AddEnds(e, carried, on_once);
        if (num_on != on_once) tally_->AddEnds(e, 0, num_on - on_once);
        if (off_once != 0) tally_->AddEnds(e, 1 + carried, off_once);
        if (num_off != off_once) tally_->AddEnds(e, carried, num_off - off_once);
      }
    }
    for (int k = 1; k <= initial_level_; ++k) tally_->AddFirst(events_ + k - 1, 0, num_counted);
    for (int row = 0; row < rows_; ++row) {
      if (!stays_[row]) {
        steps_active_.Histogram(row, counted,
                                [&](int n, uint64_t c) { tally_->AddStepsActive(row, n, c); });
        continue;
      }
      // Active at every step from the start, or never begun (the others came with AddFirst).
      const bool initial = row < events_ ? plan_.initially[row] == InitialState::kActive
                                         : row - events_ + 1 <= initial_level_;
      const Lanes begun = row < events_ ? ever_.Get(row) : level_state_.Get(row - events_ + 1);
      if (initial) {
        tally_->AddStepsActive(row, plan_.horizon, num_counted);
      } else {
        tally_->AddStepsActive(row, 0, num_counted - Popcount(counted & begun));
      }
    }
    if (!terms_.empty()) QuantityHorizon();
    tally_->AddTrials(Popcount(valid_), num_counted);
  }

  // Step t of the quantities: each per_step term counts its event's active lanes, then every
  // quantity adds, over the lanes, each term's count by t and each pair's product (from the
  // counters' bit planes; a lane that is not valid counts nothing). REQUIRES: !buffered_.
  void QuantitySteps(int t) {
    for (size_t i = 0; i < terms_.size(); ++i)
      if (terms_[i].per_step) term_counts_.Increment(static_cast<int>(i), active_.Get(terms_[i].event));
    // Each term's planes up to its highest non-zero one: counts grow one step at a time, so
    // the high planes are empty for most of a run.
    const int bits = term_counts_.bits();
    for (size_t i = 0; i < terms_.size(); ++i) {
      int top = bits;
      while (top > 0 && !Any(term_counts_.Plane(static_cast<int>(i), top - 1))) --top;
      term_top_[i] = top;
    }
    for (size_t q = 0; q + 1 < quantity_first_.size(); ++q) {
      QuantityCounts& counts = tally_->quantity(q);
      const int first = quantity_first_[q], k = quantity_first_[q + 1] - first;
      for (int i = 0; i < k; ++i) {
        const int top_i = term_top_[static_cast<size_t>(first + i)];
        if (top_i == 0) continue;  // every count 0: nothing to add
        uint64_t sum = 0;
        for (int b = 0; b < top_i; ++b) sum += Popcount(term_counts_.Plane(first + i, b)) << b;
        counts.AddSum(t, i, sum);
        for (int j = i; j < k; ++j) {
          const int top_j = term_top_[static_cast<size_t>(first + j)];
          uint64_t products = 0;
          for (int b = 0; b < top_i; ++b) {
            const Lanes x = term_counts_.Plane(first + i, b);
            if (!Any(x)) continue;
            for (int c = 0; c < top_j; ++c)
              products += Popcount(x & term_counts_.Plane(first + j, c)) << (b + c);
          }
          if (products != 0) counts.AddCross(t, i, j, products);
        }
      }
    }
  }

  // The horizon of the quantities: each valid lane's counts, read off the bit planes.
  void QuantityHorizon() {
    const int bits = term_counts_.bits();
    const size_t terms = terms_.size();
    planes_.resize(terms * static_cast<size_t>(bits) * kGroupBlocks);
    HWY_ALIGN uint64_t words[kGroupBlocks];
    for (size_t c = 0; c < terms; ++c)
      for (int b = 0; b < bits; ++b) {
        StoreLanes(term_counts_.Plane(static_cast<int>(c), b), words);  // aligned
        std::copy(words, words + kGroupBlocks,
                  &planes_[(c * static_cast<size_t>(bits) + static_cast<size_t>(b)) * kGroupBlocks]);
      }
    HWY_ALIGN uint64_t valid[kGroupBlocks];
    StoreLanes(valid_, valid);
    for (int w = 0; w < kGroupBlocks; ++w) {
      for (uint64_t lanes = valid[w]; lanes != 0; lanes &= lanes - 1) {
        const int bit = __builtin_ctzll(lanes);
        for (size_t c = 0; c < terms; ++c) {
          int n = 0;
          for (int b = 0; b < bits; ++b)
            n |= static_cast<int>((planes_[(c * static_cast<size_t>(bits) + static_cast<size_t>(b)) *
                                               kGroupBlocks + static_cast<size_t>(w)] >> bit) & 1)
                 << b;
          lane_counts_[c] = n;
        }
        for (size_t q = 0; q + 1 < quantity_first_.size(); ++q)
          tally_->quantity(q).AddHorizon(&lane_counts_[static_cast<size_t>(quantity_first_[q])]);
      }
    }
  }

  const Plan& plan_;
  const RunOptions& options_;
  const RoundKeys keys_;           // Philox's round keys for options_.seed
  const int events_;
  const int rows_;                 // events, then levels
  const int steps_;                // horizon + 1: rows per slot in the [slot][t] tables
  const bool buffered_;            // options_.given: counts wait for the horizon
  Tally* tally_ = nullptr;
  Lanes valid_;
  LaneRows active_, ever_;         // by event: the state now
  LaneRows was_active_, was_ever_;  // by event: S(t − 1)
  LaneRows armed_;                 // by event: responses that may be decided
  LaneRows pending_;               // by event: responses decided and due later
  LaneRows end_decided_;           // by event: `ends.p` decided for the current occurrence
  LaneRows level_state_;           // by level k: lanes whose level has reached k
  std::vector<int> arrival_slot_;  // by event: slot in arrivals_, or -1
  std::vector<int> end_slot_;      // by event: slot in end_due_, or -1
  std::vector<int> ending_events_;  // events that can end, in index order
  std::vector<std::vector<int>> by_level_;
  int initial_level_ = 0;          // the level that S(0) reaches
  std::vector<char> stays_;        // by row: active to the horizon once begun (no counter)
  LaneRows arrivals_;              // [slot][t]: responses due at step t
  LaneRows end_due_;               // [end slot][t]: occurrences due to end at step t
  LaneRows fresh_;                 // [row][t]: lanes first reaching row at t (with given)
  LaneRows active_at_;             // [row][t]: lanes where row is active at t (with given)
  LaneCounters onsets_;            // by event
  LaneCounters steps_active_;      // by row
  std::vector<PlanTerm> terms_;    // every quantity's terms, one after another
  std::vector<int> quantity_first_;  // by quantity: its first term; then the number of terms
  std::vector<std::vector<int>> onset_terms_;  // by event: its per_occurrence terms
  LaneCounters term_counts_;       // by term: its count so far
  std::vector<uint64_t> planes_;   // scratch for QuantityHorizon: the counters' words
  std::vector<int> lane_counts_;   // scratch for QuantityHorizon: a lane's count by term
  std::vector<int> term_top_;      // scratch for QuantitySteps: planes in use, by term
  LaneDecisions decisions_;
};

}  // namespace

// Two version-2 arms on the same trials (engine.h's RunFastPaired): each arm's tally is its
// own RunFastEpisodes tally; both, both_active and onsets_squares as RunReferencePaired counts
// them.
PairedTally RunFastEpisodesPairedKernel(const Plan& a, const Plan& b, const RunOptions& options) {
  const uint64_t num_blocks = (options.trials + 63) / 64;
  const uint64_t padded = (num_blocks + kRunBlocks - 1) / kRunBlocks * kRunBlocks;
  const int rows = a.num_events + a.num_levels;
  PairedTally zero(a.horizon, a.num_events, a.num_levels, true);
  auto work = [&](PairedTally* tally, uint64_t begin, uint64_t end) {
    FastEpisodeGroup group_a(a, options), group_b(b, options);
    for (uint64_t block = begin; block < end; block += kGroupBlocks) {
      group_a.Run(options.first_trial / 64 + block, &tally->a);
      group_b.Run(options.first_trial / 64 + block, &tally->b);
      for (int row = 0; row < rows; ++row) {
        const Lanes happened = group_a.Happened(row) & group_b.Happened(row);
        tally->both[row] += Popcount(happened);
        tally->both_active[row] +=
            Popcount(group_a.ActiveAtHorizon(row) & group_b.ActiveAtHorizon(row));
      }
      // Σ (n_b − n_a)² = Σ n_a² + Σ n_b² − 2 Σ n_a·n_b, exact in unsigned arithmetic (onsets
      // are counted in valid lanes only).
      const Lanes all = Broadcast(~uint64_t{0});
      for (int e = 0; e < a.num_events; ++e)
        tally->onsets_squares[e] += group_a.OnsetProducts(e, group_a, all) +
                                    group_b.OnsetProducts(e, group_b, all) -
                                    2 * group_a.OnsetProducts(e, group_b, all);
    }
  };
  return ForEachChunk(padded, kChunkBlocks, options.threads, zero, work, options.progress);
}

Tally RunFastEpisodesKernel(const Plan& plan, const RunOptions& options) {
  const uint64_t num_blocks = (options.trials + 63) / 64;
  const uint64_t padded = (num_blocks + kRunBlocks - 1) / kRunBlocks * kRunBlocks;
  Tally zero(plan.horizon, plan.num_events, plan.num_levels, true, plan.quantities);
  auto work = [&](Tally* tally, uint64_t begin, uint64_t end) {
    FastEpisodeGroup group(plan, options);
    for (uint64_t block = begin; block < end; block += kGroupBlocks)
      group.Run(options.first_trial / 64 + block, tally);
  };
  return ForEachChunk(padded, kChunkBlocks, options.threads, zero, work, options.progress);
}

}  // namespace HWY_NAMESPACE
}  // namespace brink
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "engine/simd_target.h"

namespace brink {

HWY_EXPORT(RunFastEpisodesKernel);
HWY_EXPORT(RunFastEpisodesPairedKernel);

PairedTally RunFastEpisodesPaired(const Plan& a, const Plan& b, const RunOptions& options) {
  const size_t index = DispatchIndex(ResolveKernel(options.simd));
  return HWY_DISPATCH_TABLE(RunFastEpisodesPairedKernel)[index](a, b, options);
}

Tally RunFastEpisodes(const Plan& plan, const RunOptions& options) {
  const size_t index = DispatchIndex(ResolveKernel(options.simd));
  return HWY_DISPATCH_TABLE(RunFastEpisodesKernel)[index](plan, options);
}

}  // namespace brink
#endif  // HWY_ONCE
