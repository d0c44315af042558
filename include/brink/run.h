// A whole run of a model: parameter values (with `set` pins), draws of the uncertain ones,
// trials of each draw on an engine, and the combined estimates.
#ifndef BRINK_RUN_H_
#define BRINK_RUN_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "brink/cluster.h"
#include "brink/condition.h"
#include "brink/estimate.h"
#include "brink/history.h"
#include "brink/limits.h"
#include "brink/model.h"
#include "brink/names.h"
#include "brink/paired.h"
#include "brink/posterior.h"
#include "brink/sampling.h"
#include "brink/simd.h"

namespace brink {

// Parameter values before sampling: each parameter's point value (its median if uncertain),
// with `sets` (name, value) applied; a set parameter is pinned, not sampled. Throws
// UsageError for an unknown name.
struct ParameterSetting {
  std::vector<double> base;  // by parameter index
  std::vector<int> sampled;  // uncertain parameters left to sample, in model order
};
ParameterSetting SettleParameters(const Model& model,
                                  const std::vector<std::pair<std::string, double>>& sets);

struct RunRequest {
  uint64_t seed = 0;
  uint64_t trials = 0;  // per draw
  int threads = 1;
  int draws = 0;        // 0: 200 when anything is sampled, else 1
  Sampling sampling = Sampling::kLatinHypercube;
  Engine engine = Engine::kFast;  // fast, reference or exact (then trials are unused); not kRare
  SimdKernel simd = SimdKernel::kAuto;  // the fast engine's kernel (brink/simd.h)
  uint64_t max_states = kDefaultMaxStates;  // the exact engine's bound
  const Condition* given = nullptr;
  // A history (brink/history.h; not owned): the run learns from it (RunOutcome::history).
  // Its likelihood is exact with the exact engine, else estimated by likelihood weighting
  // from `trials` trials (engine/tilted.h). `draws` are then the posterior's draws (0: 2000
  // with uncertain values, else 1; 1 holds each at its median); the figures are conditional
  // on the history and averaged over the posterior. The figures before the history are a
  // plain run of `before_draws` draws (0: 200 with uncertain values, else 1) of
  // `before_trials` trials each (0: `trials`). Not with `given`, precision control, a
  // baseline or forced events.
  const History* history = nullptr;
  uint64_t before_trials = 0;
  int before_draws = 0;
  std::function<void(double)> progress;  // fraction of all trials done
  // Events whose probability is forced (importance measures): (event index, p).
  std::vector<std::pair<int, double>> forced;
  // Precision control, single draw only: when precision > 0, trials run in batches of
  // kPrecisionBatch until the 95% interval of figure `target` (index into Results::figures)
  // has a half-width <= precision (relative: <= precision × the estimate), or until
  // max_trials; `trials` is then ignored. The stopping point depends only on the model, the
  // seed and the target, never on the thread count.
  double precision = 0;
  bool precision_relative = false;
  int target = -1;
  uint64_t max_trials = 100000000;
  // A baseline to pair the run with (a sweep's baseline): its parameter setting (the same model;
  // it must sample the same parameters). Each draw then runs on the same trials as the
  // baseline's (RunFastPaired), and RunOutcome::versus_baseline holds each figure's
  // difference from it. Not with `given` or precision control.
  const ParameterSetting* baseline = nullptr;
  // Bytes the run's results may take in memory (ResultBytes); 0: no limit. A run (or sweep)
  // that would need more is refused before it starts.
  uint64_t max_memory = 0;
  // The processes to share the trials with (brink/cluster.h); null or of size 1: this process
  // does all the work. Every process must make the same calls with the same request; each
  // returns the whole, identical outcome. The exact engine is not divided: each process
  // solves the whole model.
  const Cluster* cluster = nullptr;
};

// An estimate, on the high side, of the bytes a run's results take: each draw's probabilities
// and parameter values (kept to the end, for draws.csv and the quantiles), and a few draws'
// whole results and tallies at a time (each folded into the combined timeline as it ends).
uint64_t ResultBytes(const Model& model, int draws, int threads);

// Throws UsageError naming the estimate, what drives it and {max_memory} when `bytes` (for
// `what`, e.g. "200 draws") exceed request.max_memory.
void CheckMemory(uint64_t bytes, const std::string& what, const RunRequest& request);

constexpr uint64_t kPrecisionBatch = 1 << 16;

struct RunOutcome {
  Results results;
  int draws = 1;
  uint64_t trials = 0;  // per draw, as run (with precision control: where it stopped)
  bool precision_reached = false;
  std::vector<std::string> sampled_names;
  std::vector<std::vector<double>> sampled_values;  // [draw][i] for sampled parameter i
  // With RunRequest::baseline: arm A the baseline, arm B this run (p_b = the figure).
  std::vector<PairedFigure> versus_baseline;
  // With RunRequest::history: the posterior, the figures before the history, the scores.
  // sampled_values are then the posterior's draws.
  std::optional<HistoryOutcome> history;
};

// The draws of a run: fills outcome->draws, sampled_names and sampled_values, and returns
// every parameter's value in each draw (values[d][p]). A single draw (draws = 1) holds every
// range at its median. Shared by every engine, so that the
// same request gives the same draws whichever engine runs them.
std::vector<std::vector<double>> PlanDraws(const Model& model, const ParameterSetting& setting,
                                           const RunRequest& request, RunOutcome* outcome);

// REQUIRES: request.trials in 1..kMaxTrials, draws in 0..10^6, threads >= 1, engine fast,
// reference or exact, max_states >= 1 (brink/command.h Check guarantees them). Throws UsageError when a
// condition (`given`) never held in a draw, or precision control is asked of several draws.
// With a condition, results.given is its figure (per draw: trials where it held out of those
// simulated; combined over draws like any figure).
RunOutcome RunModel(const Model& model, const ParameterSetting& setting,
                    const RunRequest& request);

// The figure a TARGET names: "level:K" (K in 1..levels), "level:NAME" (a level name, quotes
// optional) or an event id; "" is the top level,
// or the last event of a model without a ladder.
// Returns its index in Results::figures. Throws UsageError.
int FindTarget(const Model& model, const std::string& target);

// Half-width of a figure's 95% interval, the measure precision control uses.
inline double HalfWidth(const Figure& f) { return (f.ci_high - f.ci_low) / 2; }

}  // namespace brink

#endif  // BRINK_RUN_H_
