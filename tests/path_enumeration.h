// An independent exact answer for tiny models: every path of a trial, enumerated by brute
// force. It is the reference engine's loop with each random decision replaced by a branch over
// its outcomes, weighted by their probabilities; nothing is merged, and each path keeps the
// step at which every event happened, so conditional figures need no backward pass.
// Cost is exponential in events × horizon: keep models to a handful of events and steps.
#ifndef BRINK_TESTS_PATH_ENUMERATION_H_
#define BRINK_TESTS_PATH_ENUMERATION_H_

#include "engine/exact.h"

namespace brink::test {

// The same quantities as SolveExact (peak_states is the number of paths). With a history,
// only the paths consistent with it count, checked on each path's first steps directly:
// an observed event's first step in its window, a not-happened one's after as_of or never.
ExactSolution EnumeratePaths(const Plan& plan, const Condition* given,
                             const History* history = nullptr);

}  // namespace brink::test

#endif  // BRINK_TESTS_PATH_ENUMERATION_H_
