// Condition::Evaluate (brink/condition.h), for the code that evaluates conditions: the model
// (given), the engines and the tests.
#ifndef BRINK_MODEL_CONDITION_EVAL_H_
#define BRINK_MODEL_CONDITION_EVAL_H_

#include <utility>

#include "brink/condition.h"

namespace brink {

#include "model/condition_program-inl.h"

template <typename T, typename F>
T Condition::Evaluate(F&& happened, T all) const {
  return EvaluateProgram(program_.data(), program_.size(), std::forward<F>(happened), all);
}

}  // namespace brink

#endif  // BRINK_MODEL_CONDITION_EVAL_H_
