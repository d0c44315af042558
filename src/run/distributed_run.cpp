// RunModel divided among processes (draw_work.h, brink/cluster.h).
//
// The work of a run is its (draw, trial) space in units of 512 trials (the fast engine's
// batch; a run may start at any multiple of 512 and give the numbers of one long run). Units
// are numbered draw by draw, and taken in chunks of about 1/64 of the run, so that progress
// and memory stay bounded. Each chunk is split among the processes in equal contiguous
// shares: with few draws and many trials a process takes a slice of one draw's trials; with
// many draws, whole draws. After each chunk the tallies of the draws it touched are summed
// over every process (Cluster::SumEverywhere); a draw whose last unit is done is estimated
// and folded in, in draw order, exactly as in one process. Precision control runs batch by
// batch the same way, so every process stops at the same trial count.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "estimate/from_tally.h"
#include "engine/engine.h"
#include "brink/error.h"
#include "engine/parallel.h"
#include "run/draw_work.h"

namespace brink {
namespace {

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

}  // namespace

RunOutcome RunAcrossCluster(const Model& model, const ParameterSetting& setting,
                            const RunRequest& request) {
  const Cluster& cluster = *request.cluster;
  RunOutcome outcome;
  const std::vector<std::vector<double>> values = PlanDraws(model, setting, request, &outcome);
  const std::vector<std::vector<double>> baseline_values = BaselineValues(model, request, outcome);
  const bool precise = request.precision > 0;
  CheckPrecisionDraws(request, outcome.draws);
  const bool paired = request.baseline != nullptr;
  const int draws = outcome.draws;
  const int horizon = model.horizon;
  const int events = static_cast<int>(model.events.size());
  const int levels = model.num_levels();
  const size_t draw_size = paired ? PairedTally(horizon, events, levels).CountsSize()
                                  : Tally(horizon, events, levels).CountsSize();

  // Runs this process's pieces, each on `threads` threads, adding their counts into `counts`
  // at the place of their draw (draw - first_draw).
  auto run_pieces = [&](const std::vector<Piece>& pieces, int first_draw,
                        std::vector<uint64_t>* counts, const std::function<void(double)>& progress) {
    auto run_piece = [&](size_t i, int threads, const std::function<void(double)>& report) {
      const Piece& piece = pieces[i];
      RunOptions options = DrawOptions(request, piece.draw, piece.first, piece.count, threads);
      options.progress = report;
      const Plan plan = DrawPlan(model, values[piece.draw], request);
      std::vector<uint64_t> flat;
      if (paired) {
        const Plan base = DrawPlan(model, baseline_values[piece.draw], request);
        RunDrawPaired(request, base, plan, options).AppendCounts(&flat);
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
  std::vector<PairCounts> pairs(paired ? draws : 0);
  auto finish_draw = [&](int d, const uint64_t* counts) {
    Tally tally(horizon, events, levels);
    if (paired) {
      PairedTally both(horizon, events, levels);
      both.AddCounts(counts);
      pairs[d] = CountPairs(both);
      tally = std::move(both.b);
    } else {
      tally.AddCounts(counts);
    }
    combined.Add(d, DrawResults(model, request, tally, d, draws));
  };

  if (precise) {
    // Batch by batch, as RunModel does, each batch divided among the processes.
    Tally tally(horizon, events, levels);
    uint64_t first = 0;
    for (;;) {
      const uint64_t count = std::min<uint64_t>(kPrecisionBatch, request.max_trials - first);
      const uint64_t units = (first + count + kUnit - 1) / kUnit - first / kUnit;
      std::vector<Piece> pieces = Share(0, units, cluster, count);
      for (Piece& piece : pieces) piece.first += first;
      std::vector<uint64_t> counts(draw_size, 0);
      run_pieces(pieces, 0, &counts, nullptr);
      cluster.SumEverywhere(&counts);
      tally.AddCounts(counts.data());
      first += count;
      if (request.progress)
        request.progress(static_cast<double>(tally.simulated()) / request.max_trials);
      outcome.precision_reached = PrecisionReached(model, request, tally);
      if (outcome.precision_reached || first >= request.max_trials) break;
    }
    outcome.trials = tally.simulated();
    std::vector<uint64_t> counts;
    tally.AppendCounts(&counts);
    finish_draw(0, counts.data());
  } else {
    outcome.trials = request.trials;
    const uint64_t per_draw = (request.trials + kUnit - 1) / kUnit;
    const uint64_t total = per_draw * static_cast<uint64_t>(draws);
    // About 64 chunks, each giving every process at least 8 units, and touching at most
    // 32 MB of counts (summed at once).
    const uint64_t ranks = static_cast<uint64_t>(cluster.size());
    const uint64_t most_draws = std::max<uint64_t>(1, (uint64_t{1} << 22) / draw_size);
    uint64_t chunk = std::max<uint64_t>((total + 63) / 64, 8 * ranks);
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
  if (paired) outcome.versus_baseline = PairedFigures(model, pairs, request.trials);
  return outcome;
}

}  // namespace brink
