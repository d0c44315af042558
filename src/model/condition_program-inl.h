// The evaluation of a condition's postfix program, as a textual include with no guard: once
// in namespace brink by brink/condition.h (Condition::Evaluate), and once per SIMD target
// inside that target's namespace by the fast engine, so that the evaluation is compiled for
// the target's instructions and inlines into its callers. REQUIRES: Condition is declared.
//
// Evaluates over any value type T with &, |, ^ semantics (so x ^ x is all false): bool for
// one trial, a 64-bit mask for 64 trials, a group of lanes. `active(i)` gives event i's value
// for `X`, `ever(i)` for `ever X`; `all` is the "true" value.
template <typename T, typename A, typename E>
inline T EvaluateProgram(const Condition::Instr* program, size_t size, A&& active, E&& ever,
                         T all) {
  T stack[Condition::kMaxDepth];
  int top = 0;
  for (size_t i = 0; i < size; ++i) {
    switch (program[i].op) {
      case Condition::Op::kTrue: stack[top++] = all; break;
      case Condition::Op::kFalse: stack[top++] = all ^ all; break;
      case Condition::Op::kEvent: stack[top++] = active(program[i].event); break;
      case Condition::Op::kEver: stack[top++] = ever(program[i].event); break;
      case Condition::Op::kNot: stack[top - 1] = all & (all ^ stack[top - 1]); break;
      case Condition::Op::kAnd: --top; stack[top - 1] = stack[top - 1] & stack[top]; break;
      case Condition::Op::kOr: --top; stack[top - 1] = stack[top - 1] | stack[top]; break;
    }
  }
  return stack[0];
}

// The same where an event stays active once it has happened (a model without ends): `X` and
// `ever X` both read happened(i).
template <typename T, typename F>
inline T EvaluateProgram(const Condition::Instr* program, size_t size, F&& happened, T all) {
  return EvaluateProgram(program, size, happened, happened, all);
}
