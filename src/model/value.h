// The probability and amount values of the model language, as text: numbers, percents, the
// uncertain forms beta(a, b), uniform(lo, hi), triangular(lo, mode, hi), pert(lo, mode, hi) and
// `LO to HI`. Parameter names are the loader's business.
#ifndef BRINK_MODEL_VALUE_H_
#define BRINK_MODEL_VALUE_H_

#include <string>

#include "brink/distribution.h"

namespace brink {

struct ValueError {
  std::string message;        // empty: no error
  int offset = 0;             // where in the text the problem is
  bool unrecognized = false;  // the text is no form of value at all
};

// What a value is: a probability, or an amount a quantity adds up (../shared/spec/quantities.md:
// a number >= 0 without '%', uniform, triangular, pert, or `LO to HI` as a lognormal).
enum class ValueKind { kProbability, kAmount };

// Parses `text` (trimmed) into *dist as a value of `kind`. On failure returns the error; *dist
// is unspecified.
ValueError ParseValue(const std::string& text, Distribution* dist,
                      ValueKind kind = ValueKind::kProbability);

// A number or a percent ("35%", "0.5 %"), not range-checked.
bool ParseNumberOrPercent(const std::string& text, double* value, bool* percent);

// True when the text names a distribution function, "name(...)" — known or not.
bool LooksLikeFunction(const std::string& text);

}  // namespace brink

#endif  // BRINK_MODEL_VALUE_H_
