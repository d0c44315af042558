#include "estimate/from_tally.h"
#include "brink/run.h"

#include <algorithm>
#include <stdexcept>
#include <charconv>
#include <cstdint>
#include <functional>
#include <cstdio>

#include "engine/engine.h"
#include "brink/error.h"
#include "engine/exact.h"
#include "run/exact_run.h"
#include "plan/plan.h"
#include "engine/parallel.h"
#include "engine/tally.h"

namespace brink {

ParameterSetting SettleParameters(const Model& model,
                                  const std::vector<std::pair<std::string, double>>& sets) {
  ParameterSetting setting;
  setting.base = PointValues(model);
  std::vector<bool> pinned(model.parameters.size(), false);
  for (const auto& [name, value] : sets) {
    SetParameter(model, name, value, &setting.base);
    pinned[model.FindParameter(name)] = true;
  }
  for (size_t p = 0; p < model.parameters.size(); ++p)
    if (model.parameters[p].dist.IsUncertain() && !pinned[p])
      setting.sampled.push_back(static_cast<int>(p));
  return setting;
}

std::vector<std::vector<double>> PlanDraws(const Model& model, const ParameterSetting& setting,
                                           const RunSettings& request, RunOutcome* outcome) {
  outcome->draws = request.draws > 0 ? request.draws : (setting.sampled.empty() ? 1 : kDefaultDraws);
  // One draw is no sample of the ranges: it runs at their medians (the point values), never
  // at one random point.
  std::vector<std::vector<double>> values =
      outcome->draws == 1 ? std::vector<std::vector<double>>{setting.base}
                          : DrawParameterValues(model, setting.base, setting.sampled,
                                                outcome->draws, request.sampling, request.seed);
  for (int p : setting.sampled) outcome->sampled_names.push_back(model.parameters[p].name);
  for (int d = 0; d < outcome->draws; ++d) {
    std::vector<double> sampled;
    for (int p : setting.sampled) sampled.push_back(values[d][p]);
    outcome->sampled_values.push_back(std::move(sampled));
  }
  return values;
}

uint64_t ResultBytes(const Model& model, int draws, int threads) {
  const uint64_t figures = model.events.size() + model.levels.size();
  const uint64_t steps = static_cast<uint64_t>(model.horizon) + 1;
  // Kept for every draw (DrawCombiner): its probabilities and timelines (for the quantiles of
  // each step), and its parameter values (all of them, and the sampled ones again for
  // draws.csv).
  const uint64_t per_draw = 8 * figures + 16 * model.parameters.size() + 3 * 48;
  // Each draw's timeline, kept within DrawCombiner's budget (for the per-step quantiles).
  const uint64_t timelines =
      8 * std::min<uint64_t>(DrawCombiner::kStepValuesBudget,
                             figures * steps * static_cast<uint64_t>(std::max(draws, 1)));
  // Held a few at a time: a draw's whole results (a timeline per figure) and its tally, for
  // each thread and a few that finish early; and the timeline's text at the end.
  const uint64_t whole_draw = figures * (sizeof(Figure) + 96 + 56 * steps);
  const uint64_t in_flight = static_cast<uint64_t>(std::max(threads, 1)) + 4;
  return per_draw * static_cast<uint64_t>(std::max(draws, 1)) * 3 / 2 + timelines +
         in_flight * whole_draw + figures * steps * 80;
}

void CheckMemory(uint64_t bytes, const std::string& what, const RunSettings& request) {
  if (request.max_memory == 0 || bytes <= request.max_memory) return;
  auto gb = [](uint64_t b) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g GB", static_cast<double>(b) / 1e9);
    return std::string(text);
  };
  throw UsageError("this run would hold about " + gb(bytes) + " of results (" + what +
                   "), more than the limit of " + gb(request.max_memory) +
                   " ({max_memory}): ask for fewer, or raise {max_memory}");
}

RunRequest PlainRequest(const RunSettings& settings) {
  RunRequest request;
  static_cast<RunSettings&>(request) = settings;
  return request;
}

namespace {

// The work of a run is its (draw, trial) space in units of 512 trials (the fast engine's
// batch; a run may start at any multiple of 512 and give the numbers of one long run). Units
// are numbered draw by draw, and taken in chunks. Each chunk is split among the processes in
// equal contiguous shares: with few draws and many trials a process takes a slice of one
// draw's trials; with many draws, whole draws. After each chunk the tallies of the draws it
// touched are summed over every process (Cluster::SumEverywhere); a draw whose last unit is
// done is estimated and folded in, exactly as in one process. Precision control runs batch
// by batch the same way, so every process stops at the same trial count. One process is a
// cluster of size 1 (OneProcess): the same loop, with sums that change nothing.
constexpr uint64_t kUnit = 512;  // trials

// One process's part of a draw: trials [first, first + count).
struct Piece {
  int draw;
  uint64_t first;
  uint64_t count;
};

// This process's share of units [begin, end) of a run whose draws have `trials` trials each,
// as pieces of draws.
std::vector<Piece> Share(uint64_t begin, uint64_t end, const Cluster& cluster, uint64_t trials) {
  const uint64_t per_draw = (trials + kUnit - 1) / kUnit;
  const uint64_t n = end - begin;
  const uint64_t ranks = static_cast<uint64_t>(cluster.size());
  const uint64_t rank = static_cast<uint64_t>(cluster.rank());
  uint64_t from = begin + n * rank / ranks;
  const uint64_t to = begin + n * (rank + 1) / ranks;
  std::vector<Piece> pieces;
  while (from < to) {
    const uint64_t draw = from / per_draw;
    const uint64_t last = std::min(to, (draw + 1) * per_draw);  // units of this draw
    const uint64_t first_trial = (from - draw * per_draw) * kUnit;
    const uint64_t end_trial = std::min(trials, (last - draw * per_draw) * kUnit);
    pieces.push_back({static_cast<int>(draw), first_trial, end_trial - first_trial});
    from = last;
  }
  return pieces;
}

// The engine options for trials first .. first + trials - 1 of draw `draw`, on `threads`
// threads.
RunOptions DrawOptions(const RunRequest& request, int draw, uint64_t first, uint64_t trials,
                       int threads) {
  RunOptions options;
  options.seed = request.seed;
  options.draw = static_cast<uint32_t>(draw);
  options.first_trial = first;
  options.trials = trials;
  options.threads = threads;
  options.given = request.given;
  options.simd = request.simd;
  return options;
}

// The draw's tally on the request's engine (fast or reference), alone or paired with `base`.
Tally RunDraw(const RunRequest& request, const Plan& plan, const RunOptions& options) {
  return request.engine == Engine::kReference ? RunReference(plan, options)
                                              : RunFast(plan, options);
}

PairedTally RunDrawPaired(const RunRequest& request, const Plan& base, const Plan& plan,
                          const RunOptions& options) {
  return request.engine == Engine::kReference ? RunReferencePaired(base, plan, options)
                                              : RunFastPaired(base, plan, options);
}

// Draw d's plan: the model at `values`, with request.forced applied.
Plan DrawPlan(const Model& model, const std::vector<double>& values, const RunRequest& request) {
  Plan plan = Compile(model, values);
  for (const auto& [event, p] : request.forced) ForceEvent(&plan, event, p);
  return plan;
}

// Precision control: true once the 95% interval of the goal's target, from `tally`, is as
// narrow as asked.
bool PrecisionReached(const Model& model, const PrecisionGoal& goal, const Tally& tally) {
  if (tally.counted() == 0) return false;
  const Figure f = EstimateFromTally(model, tally).figures[goal.target];
  if (goal.now) return HalfWidth(f.now) <= goal.precision * (goal.relative ? f.now.probability : 1);
  return HalfWidth(f) <= goal.precision * (goal.relative ? f.probability : 1);
}

// Draw d's estimates from its whole tally (with the condition's figure when conditional).
// Throws UsageError when the condition never held.
Results DrawResults(const Model& model, const RunRequest& request, const Tally& tally, int d,
                    int draws) {
  if (tally.counted() == 0 && request.given != nullptr)
    throw UsageError("{given}: the condition '" + request.given->text() + "' never held in " +
                     std::to_string(tally.simulated()) + " trials" +
                     (draws > 1 ? " of draw " + std::to_string(d) : ""));
  Results results = EstimateFromTally(model, tally);
  if (request.given != nullptr)
    results.given = GivenFromCounts(request.given->text(), tally.counted(), tally.simulated());
  return results;
}

// The one loop (above): draws `values` of `model` on the request's engine (fast or
// reference); paired with `base` (its model and values per draw) when not null. Fills
// outcome's results and trials (and precision_reached), and `pairs` with each draw's pair
// counts when paired.
struct Arm {
  const Model* model;
  const std::vector<std::vector<double>>* values;
};

void RunDrawValues(const Model& model, const std::vector<std::vector<double>>& values,
                   const Arm* base, const RunRequest& request, RunOutcome* result,
                   std::vector<PairCounts>* pairs) {
  const PrecisionGoal* goal = request.precision();
  const bool paired = base != nullptr;
  const OneProcess alone;
  const Cluster& cluster = request.cluster != nullptr ? *request.cluster : alone;
  RunOutcome& outcome = *result;
  const int draws = outcome.draws;
  const int horizon = model.horizon;
  const int events = static_cast<int>(model.events.size());
  const int levels = model.num_levels();
  const bool two_way = model.IsTwoWay();
  // A draw's quantities (their amounts; the layout, so the counts' size, is the model's).
  auto quantities_of = [&](int d) { return CompileQuantities(model, values[d]); };
  const size_t draw_size =
      paired ? PairedTally(horizon, events, levels, two_way).CountsSize()
             : Tally(horizon, events, levels, two_way, quantities_of(0)).CountsSize();

  // Runs this process's pieces, adding their counts into `counts` at the place of their draw
  // (draw - first_draw). Many pieces: side by side, one thread each. Few: each on every
  // thread. Either way each draw's counts are the same, so the results are too.
  auto run_pieces = [&](const std::vector<Piece>& pieces, int first_draw,
                        std::vector<uint64_t>* counts, const std::function<void(double)>& progress) {
    auto run_piece = [&](size_t i, int threads, const std::function<void(double)>& report) {
      const Piece& piece = pieces[i];
      RunOptions options = DrawOptions(request, piece.draw, piece.first, piece.count, threads);
      options.progress = report;
      const Plan plan = DrawPlan(model, values[piece.draw], request);
      std::vector<uint64_t> flat;
      if (paired) {
        const Plan base_plan = DrawPlan(*base->model, (*base->values)[piece.draw], request);
        RunDrawPaired(request, base_plan, plan, options).AppendCounts(&flat);
      } else {
        RunDraw(request, plan, options).AppendCounts(&flat);
      }
      uint64_t* into = counts->data() + static_cast<size_t>(piece.draw - first_draw) * draw_size;
      for (size_t k = 0; k < flat.size(); ++k) into[k] += flat[k];
    };
    if (pieces.size() >= 2 * static_cast<size_t>(request.threads)) {
      // Pieces write to different draws' places, so side by side they never share a count.
      ForEachIndex(static_cast<int>(pieces.size()), request.threads,
                   [&](int i) { run_piece(static_cast<size_t>(i), 1, nullptr); }, progress);
    } else {
      for (size_t i = 0; i < pieces.size(); ++i)
        run_piece(i, request.threads, progress ? [&, i](double f) {
          progress((static_cast<double>(i) + f) / static_cast<double>(pieces.size()));
        } : std::function<void(double)>());
    }
  };

  DrawCombiner combined(draws);
  if (paired) pairs->assign(static_cast<size_t>(draws), PairCounts());
  auto finish_draw = [&](int d, const uint64_t* counts) {
    Tally tally(horizon, events, levels, two_way, paired ? std::vector<PlanQuantity>() : quantities_of(d));
    if (paired) {
      PairedTally both(horizon, events, levels, two_way);
      both.AddCounts(counts);
      (*pairs)[d] = CountPairs(both);
      tally = std::move(both.b);
    } else {
      tally.AddCounts(counts);
    }
    combined.Add(d, DrawResults(model, request, tally, d, draws));
  };

  if (goal != nullptr) {
    // Batch by batch, each batch divided among the processes.
    Tally tally(horizon, events, levels, two_way, quantities_of(0));
    uint64_t first = 0;
    for (;;) {
      const uint64_t count = std::min<uint64_t>(kPrecisionBatch, goal->max_trials - first);
      const uint64_t units = (first + count + kUnit - 1) / kUnit - first / kUnit;
      std::vector<Piece> pieces = Share(0, units, cluster, count);
      for (Piece& piece : pieces) piece.first += first;
      std::vector<uint64_t> counts(draw_size, 0);
      run_pieces(pieces, 0, &counts, nullptr);
      cluster.SumEverywhere(&counts);
      tally.AddCounts(counts.data());
      first += count;
      if (request.progress)
        request.progress(static_cast<double>(tally.simulated()) / goal->max_trials);
      outcome.precision_reached = PrecisionReached(model, *goal, tally);
      if (outcome.precision_reached || first >= goal->max_trials) break;
    }
    outcome.trials = tally.simulated();
    std::vector<uint64_t> counts;
    tally.AppendCounts(&counts);
    finish_draw(0, counts.data());
  } else {
    outcome.trials = request.trials;
    const uint64_t per_draw = (request.trials + kUnit - 1) / kUnit;
    const uint64_t total = per_draw * static_cast<uint64_t>(draws);
    // Chunks touch at most 32 MB of counts (summed at once). Divided among processes, a run
    // takes about 64 chunks, each giving every process at least 8 units, so that progress
    // moves; one process takes the largest chunk, so that its threads share the most draws.
    const uint64_t ranks = static_cast<uint64_t>(cluster.size());
    const uint64_t most_draws = std::max<uint64_t>(1, (uint64_t{1} << 22) / draw_size);
    uint64_t chunk = ranks == 1 ? total : std::max<uint64_t>((total + 63) / 64, 8 * ranks);
    chunk = std::max<uint64_t>(std::min<uint64_t>(chunk, most_draws * per_draw), 8 * ranks);
    std::vector<uint64_t> open;  // counts of the draw a chunk ended inside, carried over
    int open_draw = -1;
    for (uint64_t begin = 0; begin < total; begin += chunk) {
      const uint64_t end = std::min(total, begin + chunk);
      const int first_draw = static_cast<int>(begin / per_draw);
      const int last_draw = static_cast<int>((end - 1) / per_draw);
      std::vector<uint64_t> counts(static_cast<size_t>(last_draw - first_draw + 1) * draw_size, 0);
      std::function<void(double)> progress;
      if (request.progress)
        progress = [&](double f) {
          request.progress((static_cast<double>(begin) + f * static_cast<double>(end - begin)) /
                           static_cast<double>(total));
        };
      run_pieces(Share(begin, end, cluster, request.trials), first_draw, &counts, progress);
      cluster.SumEverywhere(&counts);
      if (open_draw == first_draw)
        for (size_t k = 0; k < draw_size; ++k) counts[k] += open[k];
      // Draws finished by this chunk: all but the last, and the last when its units end here.
      const bool last_done = end == static_cast<uint64_t>(last_draw + 1) * per_draw;
      for (int d = first_draw; d < last_draw + (last_done ? 1 : 0); ++d)
        finish_draw(d, counts.data() + static_cast<size_t>(d - first_draw) * draw_size);
      open_draw = last_done ? -1 : last_draw;
      if (!last_done)
        open.assign(counts.end() - static_cast<std::ptrdiff_t>(draw_size), counts.end());
      if (request.progress) request.progress(static_cast<double>(end) / static_cast<double>(total));
    }
  }
  outcome.results = combined.Finish();
}

}  // namespace

RunOutcome RunModel(const Model& model, const ParameterSetting& setting,
                    const RunRequest& request) {
  const ParameterSetting* baseline = request.baseline();
  if (std::holds_alternative<PairedBaseline>(request.mode) &&
      (baseline == nullptr || request.given != nullptr))
    throw std::invalid_argument("RunModel: a PairedBaseline needs a setting and no condition");
  {
    const int draws = request.draws > 0 ? request.draws : (setting.sampled.empty() ? 1 : kDefaultDraws);
    const uint64_t figures = model.events.size() + model.num_levels();
    CheckMemory(ResultBytes(model, draws, request.threads),
                std::to_string(draws) + " draws × " + std::to_string(figures) + " figures",
                request);
  }
  switch (request.engine) {
    case Engine::kExact: {
      ExactOptions exact;
      exact.max_states = request.max_states;
      return RunModelExactly(model, setting, request, exact).run;
    }
    case Engine::kFast:
    case Engine::kReference:
      break;
  }
  RunOutcome outcome;
  const std::vector<std::vector<double>> values = PlanDraws(model, setting, request, &outcome);
  if (request.precision() != nullptr && outcome.draws > 1)
    throw UsageError("{precision} needs a single draw: pin the uncertain values with {set}, or "
                     "use {draws} 1");
  if (baseline == nullptr) {
    RunDrawValues(model, values, nullptr, request, &outcome, nullptr);
    return outcome;
  }
  RunOutcome planned;
  const std::vector<std::vector<double>> baseline_values =
      PlanDraws(model, *baseline, request, &planned);
  if (planned.sampled_names != outcome.sampled_names)
    throw UsageError("{baseline}: the baseline must leave the same parameters uncertain");
  const Arm base{&model, &baseline_values};
  std::vector<PairCounts> pairs;
  RunDrawValues(model, values, &base, request, &outcome, &pairs);
  outcome.versus_baseline = PairedFigures(model, pairs, request.trials);
  return outcome;
}

std::vector<PairCounts> RunPairedDraws(const Model& model_a,
                                       const std::vector<std::vector<double>>& values_a,
                                       const Model& model_b,
                                       const std::vector<std::vector<double>>& values_b,
                                       const RunSettings& settings) {
  const RunRequest request = PlainRequest(settings);
  RunOutcome outcome;
  outcome.draws = static_cast<int>(values_b.size());
  const Arm base{&model_a, &values_a};
  std::vector<PairCounts> pairs;
  RunDrawValues(model_b, values_b, &base, request, &outcome, &pairs);
  return pairs;
}

Target ParseTarget(const Model& model, const std::string& target) {
  const int events = static_cast<int>(model.events.size());
  if (target.empty()) return {events + model.num_levels() - 1, false};  // no ladder: the last event
  const bool two_way = model.IsTwoWay();
  const bool level = target.rfind("level:", 0) == 0;
  const bool level_at = target.rfind("level_at:", 0) == 0;
  if (level || level_at) {
    // level:K, or level:NAME (quotes optional: level:"exchange of fire").
    std::string name = target.substr(level ? 6 : 9);
    if (name.size() >= 2 && (name.front() == '"' || name.front() == '\'') &&
        name.back() == name.front())
      name = name.substr(1, name.size() - 2);
    for (int k = 1; k <= model.num_levels(); ++k)
      if (model.levels[k] == name) return {events + k - 1, level_at && two_way};
    int k = 0;
    auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), k);
    if (ec != std::errc() || end != name.data() + name.size()) k = 0;
    if (k < 1 || k > model.num_levels()) {
      std::vector<std::string> names(model.levels.begin() + (model.levels.empty() ? 0 : 1),
                                     model.levels.end());
      const std::string near = NearestName(name, names);
      throw UsageError("{target} " + target + ": the model's levels are 1 to " +
                       std::to_string(model.num_levels()) +
                       (model.num_levels() > 0 ? ", or their names" : "") +
                       (near.empty() ? "" : " (did you mean " + target.substr(0, level ? 6 : 9) +
                                                "\"" + near + "\"?)"));
    }
    return {events + k - 1, level_at && two_way};
  }
  const bool active = target.rfind("active:", 0) == 0;
  std::string id = target;
  if (active) id = target.substr(7);
  else if (target.rfind("event:", 0) == 0) id = target.substr(6);
  int e = model.FindEvent(id);
  if (e < 0) {
    std::vector<std::string> ids;
    for (const Event& event : model.events) ids.push_back(event.id);
    std::string near = NearestName(id, ids);
    throw UsageError("{target}: unknown event '" + id + "'" +
                     (near.empty() ? "" : " (did you mean '" + near + "'?)") +
                     "; a target is EVENT, event:EVENT, active:EVENT, level:K or level_at:K");
  }
  return {e, active && two_way};
}

int FindTarget(const Model& model, const std::string& target) {
  const Target t = ParseTarget(model, target);
  if (t.now)
    throw UsageError("{target} " + target + ": this command estimates what happened by the "
                     "horizon; name it as EVENT or level:K");
  return t.row;
}

}  // namespace brink
