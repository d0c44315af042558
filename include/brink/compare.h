// `brink compare`: two arms — the same model with different settings, or two models with the
// same events — run in lockstep on the same trials with the same random numbers, and the
// difference of every figure with its interval from the paired outcomes
// (docs/compare.md). Common random numbers make the two arms' errors largely cancel, so the
// paired interval is far narrower than the one two independent runs would give; both are
// reported, so the gain is visible.
#ifndef BRINK_COMPARE_H_
#define BRINK_COMPARE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "brink/model.h"
#include "brink/paired.h"
#include "brink/history_run.h"
#include "brink/run.h"

namespace brink {

using Settings = std::vector<std::pair<std::string, double>>;

// How likely a history is under one arm (brink/posterior.h).
struct ArmEvidence {
  double log_evidence = 0;
  double log_evidence_se = 0;
  double effective_draws = 1;
  std::string method;
};

struct CompareOutcome {
  std::vector<PairedFigure> figures;  // events in file order, then levels 1..K
  uint64_t trials = 0;                // per draw
  int draws = 1;
  std::vector<std::string> sampled_names;
  // Given a history (CompareGivenHistory): each arm's evidence, and the Bayes factor of B over
  // A, exp(ln Z_B − ln Z_A), with its 95% interval exp(ln BF ± 1.96·SE), SE² = SE_A² + SE_B².
  bool history = false;
  ArmEvidence evidence_a, evidence_b;
  double bayes_factor = 1, bayes_low = 1, bayes_high = 1;
};

// What differs between the arms: `a` and `b` pins (as the request's `set` takes them) on top of the common
// `sets`; model_b is the second arm's model (the same as model_a for pins a/b).
struct CompareArms {
  const Model* model_a = nullptr;
  const Model* model_b = nullptr;
  Settings sets;  // both arms
  Settings a, b;  // each arm
};

// Runs both arms with request.trials trials per draw on the fast engine (request.simd), the
// draws shared: the uncertain values are drawn once (those pinned in both arms are not
// drawn) and each arm applies its own pins. Throws UsageError when the models' events or
// levels differ, or for an unknown or twice-given name.
// REQUIRES: request.engine fast or reference, request.trials in 1..kMaxTrials (CompareCommand
// Check guarantees both).
CompareOutcome RunCompare(const CompareArms& arms, const RunSettings& request);

// Both arms given a history (request.history read against model_a, history_b the same file
// against model_b): each arm learns from it (brink/history_run.h RunGivenHistory), its figures are the
// forecasts given the history, and the difference of each figure has the interval of two
// independent runs (the arms' posteriors differ: no trial pairs them), written as both the
// paired and the independent one. Throws as RunCompare does, and as RunModel with a history.
CompareOutcome CompareGivenHistory(const CompareArms& arms, const HistoryRequest& request,
                                   const History& history_b);


}  // namespace brink

#endif  // BRINK_COMPARE_H_
