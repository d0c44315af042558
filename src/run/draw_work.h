// What the two ways of running a model's draws share: in one process (run.cpp) and divided
// among processes (distributed_run.cpp). Both give the same outcome for the same request.
#ifndef BRINK_RUN_DRAW_WORK_H_
#define BRINK_RUN_DRAW_WORK_H_

#include <vector>

#include "brink/model.h"
#include "plan/plan.h"
#include "brink/run.h"
#include "engine/engine.h"
#include "engine/tally.h"

namespace brink {

// Draw d's plan: the model at `values`, with request.forced applied.
Plan DrawPlan(const Model& model, const std::vector<double>& values, const RunRequest& request);

// Precision control: true once the 95% interval of request.target, from `tally`, is as narrow
// as asked.
bool PrecisionReached(const Model& model, const RunRequest& request, const Tally& tally);

// Draw d's estimates from its whole tally (with the condition's figure when conditional).
// Throws UsageError when the condition never held.
Results DrawResults(const Model& model, const RunRequest& request, const Tally& tally, int d,
                    int draws);

// The baseline's parameter values per draw under request.baseline (none without one). Throws
// UsageError when a baseline does not go with the request.
std::vector<std::vector<double>> BaselineValues(const Model& model, const RunRequest& request,
                                                const RunOutcome& outcome);

// RunModel divided among request.cluster's processes (fast and reference engines).
// The per-draw set-up shared by the local and the distributed run: the engine options for
// trials first .. first + trials - 1 of draw `draw`, on `threads` threads.
RunOptions DrawOptions(const RunRequest& request, int draw, uint64_t first, uint64_t trials,
                       int threads);
// The draw's tally on the request's engine (fast or reference), alone or paired with `base`.
Tally RunDraw(const RunRequest& request, const Plan& plan, const RunOptions& options);
PairedTally RunDrawPaired(const RunRequest& request, const Plan& base, const Plan& plan,
                          const RunOptions& options);
// Throws UsageError when precision control is asked of several draws.
void CheckPrecisionDraws(const RunRequest& request, int draws);

RunOutcome RunAcrossCluster(const Model& model, const ParameterSetting& setting,
                            const RunRequest& request);

}  // namespace brink

#endif  // BRINK_RUN_DRAW_WORK_H_
