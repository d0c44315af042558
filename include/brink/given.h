// Conditional queries: `given` EXPR makes every figure conditional on EXPR holding at the
// horizon. EXPR is a condition in the model language (`after`/`while`/`when` syntax) over the
// model's event ids; see docs/exact-and-conditional.md.
#ifndef BRINK_GIVEN_H_
#define BRINK_GIVEN_H_

#include <string>

#include "brink/condition.h"
#include "brink/model.h"

namespace brink {

// Parses `text` against the model's event ids. Throws UsageError
// "{given}: column C: MESSAGE" at the first problem (unknown event, with "did you mean";
// a parameter's name; bad syntax). Columns count characters of `text` from 1.
Condition ParseGiven(const Model& model, const std::string& text);

// Whether some combination of the events a condition names makes it true; false for
// `false` or `a and not a`, which can never hold whatever the model does (brink refuses such
// a condition before simulating). A condition naming more than 24 events is taken as
// satisfiable without tabulating it.
bool Satisfiable(const Condition& condition);

}  // namespace brink

#endif  // BRINK_GIVEN_H_
