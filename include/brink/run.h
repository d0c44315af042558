// A whole run of a model: parameter values (with `set` pins), draws of the uncertain ones,
// trials of each draw on an engine, and the combined estimates.
#ifndef BRINK_RUN_H_
#define BRINK_RUN_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "brink/cluster.h"
#include "brink/condition.h"
#include "brink/estimate.h"
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

// What every run shares, whatever it is for: the draws, the trials, the engine and where
// they run. A study's request (brink/posterior.h HistoryRequest, brink/sweep.h ...) carries
// these and its own fields.
struct RunSettings {
  uint64_t seed = 0;    // the commands' default is kDefaultSeed (brink/command.h)
  uint64_t trials = 0;  // per draw; REQUIRED >= 1 unless the engine is exact
  int threads = 1;
  int draws = 0;        // 0: kDefaultDraws when anything is sampled, else 1
  Sampling sampling = Sampling::kLatinHypercube;
  Engine engine = Engine::kFast;  // fast, reference or exact (then trials are unused)
  SimdKernel simd = SimdKernel::kAuto;  // the fast engine's kernel (brink/simd.h)
  uint64_t max_states = kDefaultMaxStates;  // the exact engine's bound
  // Bytes the run's results may take in memory (ResultBytes); 0: no limit. A run (or sweep)
  // that would need more is refused before it starts.
  uint64_t max_memory = 0;
  std::function<void(double)> progress;  // fraction of all trials done
  // The processes to share the trials with (brink/cluster.h); null or of size 1: this process
  // does all the work. Every process must make the same calls with the same request; each
  // returns the whole, identical outcome. The exact engine is not divided: each process
  // solves the whole model.
  const Cluster* cluster = nullptr;
};

// How many trials each draw runs. A run's mode is one of these (RunRequest::mode).
//
// A fixed number: RunSettings::trials per draw.
struct FixedTrials {};
// Precision control, single draw only: trials run in batches of kPrecisionBatch until the 95%
// interval of figure `target` (index into Results::figures) has a half-width <= precision
// (relative: <= precision × the estimate), or until max_trials; RunSettings::trials is then
// unused. The stopping point depends only on the model, the seed and the target, never on the
// thread or process count.
struct PrecisionGoal {
  double precision = 0;  // > 0
  bool relative = false;
  int target = -1;
  uint64_t max_trials = kDefaultMaxTrials;
  bool now = false;  // the target's figure "now" (Target::now): P(active at the horizon)
};
// Paired with a baseline (a sweep's baseline): its parameter setting (the same model; it must
// sample the same parameters). Each draw then runs on the same trials as the baseline's
// (RunFastPaired), and RunOutcome::versus_baseline holds each figure's difference from it.
struct PairedBaseline {
  const ParameterSetting* setting = nullptr;  // not owned; never null
};
using RunMode = std::variant<FixedTrials, PrecisionGoal, PairedBaseline>;

// A plain run: the settings, its mode, and what changes each trial's model or what its
// figures are conditional on. The command layer (brink/command.h Check) validates a request
// once; RunModel REQUIRES a valid one.
struct RunRequest : RunSettings {
  RunMode mode = FixedTrials{};
  // The figures given a condition (not owned): results.given is its figure. Not with a
  // PairedBaseline.
  const Condition* given = nullptr;
  // Events whose probability is forced (importance measures): (event index, p).
  std::vector<std::pair<int, double>> forced;

  const PrecisionGoal* precision() const { return std::get_if<PrecisionGoal>(&mode); }
  const ParameterSetting* baseline() const {
    const PairedBaseline* paired = std::get_if<PairedBaseline>(&mode);
    return paired != nullptr ? paired->setting : nullptr;
  }
};

// A request of `settings` in mode FixedTrials, with nothing forced and no condition.
RunRequest PlainRequest(const RunSettings& settings);

// An estimate, on the high side, of the bytes a run's results take: each draw's probabilities
// and parameter values (kept to the end, for draws.csv and the quantiles), and a few draws'
// whole results and tallies at a time (each folded into the combined timeline as it ends).
uint64_t ResultBytes(const Model& model, int draws, int threads);

// Throws UsageError naming the estimate, what drives it and {max_memory} when `bytes` (for
// `what`, e.g. "200 draws") exceed request.max_memory.
void CheckMemory(uint64_t bytes, const std::string& what, const RunSettings& settings);

constexpr uint64_t kPrecisionBatch = 1 << 16;

struct RunOutcome {
  Results results;
  int draws = 1;
  uint64_t trials = 0;  // per draw, as run (with precision control: where it stopped)
  bool precision_reached = false;
  std::vector<std::string> sampled_names;
  std::vector<std::vector<double>> sampled_values;  // [draw][i] for sampled parameter i
  // With a PairedBaseline: arm A the baseline, arm B this run (p_b = the figure).
  std::vector<PairedFigure> versus_baseline;
  // Filled by the history study (brink/posterior.h RunGivenHistory), never by RunModel: the
  // posterior, the figures before the history, the scores. sampled_values are then the
  // posterior's draws.
  std::optional<HistoryOutcome> history;
};

// The draws of a run: fills outcome->draws, sampled_names and sampled_values, and returns
// every parameter's value in each draw (values[d][p]). A single draw (draws = 1) holds every
// range at its median. Shared by every engine, so that the
// same request gives the same draws whichever engine runs them.
std::vector<std::vector<double>> PlanDraws(const Model& model, const ParameterSetting& setting,
                                           const RunSettings& settings, RunOutcome* outcome);

// The one runner: every draw's trials on the request's engine, in this process or divided
// among request.cluster's processes (the same bytes either way), combined into the figures.
// REQUIRES: request.trials in 1..kMaxTrials, draws in 0..kMaxDraws, threads >= 1, engine fast,
// reference or exact, max_states >= 1, a PairedBaseline without `given` (brink/command.h
// Check guarantees them; std::invalid_argument otherwise). Throws UsageError when a
// condition (`given`) never held in a draw, or precision control is asked of several draws.
// With a condition, results.given is its figure (per draw: trials where it held out of those
// simulated; combined over draws like any figure).
RunOutcome RunModel(const Model& model, const ParameterSetting& setting,
                    const RunRequest& request);

// Arm B's draws paired with arm A's on the same trials (compare: two models with the same
// events, or one model at two settings), by the one runner RunModel uses: values_x[d] are
// every parameter's value in draw d of arm x. Returns each draw's pair counts (for
// PairedFigures). REQUIRES: values_a.size() == values_b.size() >= 1, settings.engine fast or
// reference.
std::vector<PairCounts> RunPairedDraws(const Model& model_a,
                                       const std::vector<std::vector<double>>& values_a,
                                       const Model& model_b,
                                       const std::vector<std::vector<double>>& values_b,
                                       const RunSettings& settings);

// The figure a TARGET names, one grammar for every command (../shared/spec/episodes.md):
// EVENT or event:EVENT (P(it happened by the horizon)), active:EVENT (P(it is active at the
// horizon)), level:K (P(level reached by the horizon >= K)), level_at:K (P(level at the
// horizon >= K)); K is 1..levels or a level's name (quotes optional). "" is the top level,
// or the last event of a model without a ladder. `row` is its index in Results::figures;
// `now` says it is the row's NowFigure, which only a version-2 model has (for a version-1
// model active: and level_at: name the same figure as event: and level:, and `now` is false).
struct Target {
  int row = -1;
  bool now = false;
};
// Throws UsageError.
Target ParseTarget(const Model& model, const std::string& target);
// The same, for a command that estimates only what happened by the horizon: throws
// UsageError for a `now` target. Returns the row.
int FindTarget(const Model& model, const std::string& target);

// Half-width of a figure's 95% interval, the measure precision control uses.
inline double HalfWidth(const Figure& f) { return (f.ci_high - f.ci_low) / 2; }
inline double HalfWidth(const NowFigure& f) { return (f.ci_high - f.ci_low) / 2; }

}  // namespace brink

#endif  // BRINK_RUN_H_
