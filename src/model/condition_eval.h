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

template <typename T, typename A, typename E>
T Condition::Evaluate(A&& active, E&& ever, T all) const {
  return EvaluateProgram(program_.data(), program_.size(), std::forward<A>(active),
                         std::forward<E>(ever), all);
}

}  // namespace brink

#endif  // BRINK_MODEL_CONDITION_EVAL_H_
