// Conditional queries: `--given EXPR` makes every figure conditional on EXPR holding at the
// horizon. EXPR is a condition in the model language (`after`/`while`/`when` syntax) over the
// model's event ids; see docs/exact-and-conditional.md.
#ifndef BRINK_GIVEN_H_
#define BRINK_GIVEN_H_

#include <string>

#include "brink/condition.h"
#include "brink/model.h"

namespace brink {

// Parses `text` against the model's event ids. Throws UsageError
// "--given: column C: MESSAGE" at the first problem (unknown event, with "did you mean";
// a parameter's name; bad syntax). Columns count characters of `text` from 1. A condition
// that no combination of events satisfies (`false`, `a and not a`) is refused at once,
// before anything is simulated.
Condition ParseGiven(const Model& model, const std::string& text);

}  // namespace brink

#endif  // BRINK_GIVEN_H_
