#include "episode_cases.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "brink/load.h"
#include "episode_enumeration.h"

namespace brink::test {
namespace {

// Draws windows around true steps, each at least the window before it (lo and hi).
class Blur {
 public:
  Blur(Dice* dice, int as_of) : dice_(dice), as_of_(as_of) {}

  // A window holding step `v` (in 1..as_of): the step itself, a window, or `by T` (lo 1:
  // only while nothing before it has a lower bound past 1).
  std::pair<int, int> Window(int v) {
    const int form = dice_->Int(0, 9);
    int lo = v, hi = v;
    if (form >= 3) {
      const int below = dice_->Int(0, 2);
      const int above = dice_->Int(0, 2);
      lo = v - below;
      hi = v + above;
    }
    if (form >= 8 && lo_ <= 1) lo = 1;  // `by T`
    lo = std::max({lo, lo_, 1});
    hi = std::min(std::max(hi, hi_), as_of_);
    lo_ = lo;
    hi_ = hi;
    return {lo, hi};
  }

 private:
  Dice* dice_;
  int as_of_;
  int lo_ = 0, hi_ = 0;
};

EpisodeRecord Episodes(Dice* dice, const TrialRecord& path, int e, const Plan& plan,
                       int as_of) {
  EpisodeRecord record;
  record.event = e;
  Blur blur(dice, as_of);
  const bool ends = plan.endings[e].kind != Ending::Kind::kNever;
  for (const Occurrence& o : path.occurrences[e]) {
    if (o.start > as_of) break;
    Episode episode;  // start 0..0: the initial occurrence, always the first
    if (o.start != 0) std::tie(episode.start_lo, episode.start_hi) = blur.Window(o.start);
    const bool ended = o.end != 0 && o.end <= as_of;
    // An event that cannot end has no `end`, not even `unknown`.
    if (ends && dice->Chance(0.25)) {
      episode.end = Episode::End::kUnknown;
    } else if (ended) {
      episode.end = Episode::End::kWindow;
      std::tie(episode.end_lo, episode.end_hi) = blur.Window(o.end);
    } else {
      episode.end = Episode::End::kOngoing;
    }
    record.episodes.push_back(episode);
  }
  return record;
}

}  // namespace

History GenerateEpisodeHistoryData(uint64_t seed, const Plan& plan) {
  Dice dice(seed);
  // Of a few paths, the one with the most onsets, so that histories list several episodes.
  TrialRecord path;
  int most = -1;
  for (int draw = 0; draw < 8; ++draw) {
    const uint64_t path_seed = static_cast<uint64_t>(dice.Int(0, 1 << 30));
    TrialRecord drawn = SampleEpisodePath(plan, path_seed);
    int onsets = 0;
    for (int e = 0; e < plan.num_events; ++e) onsets += drawn.Onsets(e);
    if (onsets > most) {
      most = onsets;
      path = std::move(drawn);
    }
  }
  History history;
  history.path = "generated";
  history.as_of = dice.Chance(0.7) ? plan.horizon : dice.Int(1, plan.horizon);
  const int as_of = history.as_of;
  std::vector<Observation> not_happened;
  for (int e = 0; e < plan.num_events; ++e) {
    const int form = dice.Int(0, 9);
    const bool initially = plan.initially[e] != InitialState::kNone;
    int listed = 0;  // occurrences an `episodes` entry would list
    for (const Occurrence& o : path.occurrences[e]) listed += o.start <= as_of;
    // An event with several occurrences is nearly always listed: the rarest case, and the
    // one that says most.
    if (listed >= 2 && form < 9) {
      history.episodes.push_back(Episodes(&dice, path, e, plan, as_of));
      continue;
    }
    if (form < 2) continue;  // not observed
    if (initially || form < 6) {
      history.episodes.push_back(Episodes(&dice, path, e, plan, as_of));
      continue;
    }
    Observation o;
    o.event = e;
    const int first = path.First(e);
    if (first != 0 && first <= as_of) {
      Blur blur(&dice, as_of);
      std::tie(o.lo, o.hi) = blur.Window(first);
      history.observations.push_back(o);
    } else {
      o.lo = as_of + 1;
      o.hi = Observation::kNever;
      not_happened.push_back(o);
    }
  }
  for (const Observation& o : not_happened) history.observations.push_back(o);
  return history;
}

std::vector<EpisodeCase> EpisodeCases(int count) {
  std::vector<EpisodeCase> cases;
  for (int i = 0; i < count; ++i) {
    EpisodeCase c;
    c.seed = 7000 + static_cast<uint64_t>(i);
    c.model = GenerateEpisodeModel(c.seed, kEpisodeLimits);
    const Model model = LoadModelFromString(c.model, "generated.yaml");
    if (i % 3 == 0)
      c.given = GenerateEpisodeCondition(c.seed, static_cast<int>(model.events.size()));
    if (i % 2 == 0) {
      c.has_history = true;
      c.history = GenerateEpisodeHistoryData(c.seed, Compile(model, PointValues(model)));
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

}  // namespace brink::test
