// A deliberately wrong Monte Carlo engine, for showing that the validation suite catches a
// real semantic error: it is the reference engine except that every condition (`after`,
// `while`, `when`) sees the state at the end of the previous step instead of the state "now".
// Same random numbers as the reference engine, one thread.
#ifndef BRINK_TESTS_STALE_ENGINE_H_
#define BRINK_TESTS_STALE_ENGINE_H_

#include "engine/engine.h"

namespace brink::test {

Tally RunStale(const Plan& plan, const RunOptions& options);

}  // namespace brink::test

#endif  // BRINK_TESTS_STALE_ENGINE_H_
