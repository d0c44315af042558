// A condition of the model language (`after`, `while`, `when`), compiled to a postfix program
// over event indices so every engine can evaluate it without strings or allocation.
#ifndef BRINK_CONDITION_H_
#define BRINK_CONDITION_H_

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "brink/error.h"

namespace brink {

class Condition {
 public:
  // kEvent: the event is active now (version 1: has happened, the same thing); kEver: it
  // has happened (`ever X`, ../shared/spec/episodes.md "Conditions").
  enum class Op : uint8_t { kTrue, kFalse, kEvent, kNot, kAnd, kOr, kEver };
  struct Instr {
    Op op;
    int event;  // event index (file order) for kEvent and kEver, else unused
  };

  // The condition `true`.
  Condition() : program_{{Op::kTrue, -1}} {}
  Condition(std::vector<Instr> program, std::string text, SourceLoc loc)
      : program_(std::move(program)), text_(std::move(text)), loc_(loc) {}

  // Postfix program; never empty.
  const std::vector<Instr>& program() const { return program_; }
  // The source text ("" for the default `true`) and where it was written.
  const std::string& text() const { return text_; }
  SourceLoc loc() const { return loc_; }

  bool IsConstantTrue() const { return program_.size() == 1 && program_[0].op == Op::kTrue; }
  // The event indices the condition names (as `X` or `ever X`), without repeats, in order of
  // appearance.
  std::vector<int> Events() const;
  // True when some `ever X` appears.
  bool UsesEver() const;
  // True when no `not` appears (the condition is monotone in the events).
  bool IsMonotone() const;

  // Evaluates over any value type with &, |, ^ semantics (so x ^ x is all false): bool for
  // one trial, a 64-bit mask for 64 trials. `happened(i)` gives event i's value, for `X` and
  // `ever X` alike (a model whose events never end: active and happened agree); `all` is the
  // "true" value. Defined in model/condition_eval.h (the library's own code).
  template <typename T, typename F>
  T Evaluate(F&& happened, T all) const;
  // The same with `active(i)` for `X` and `ever(i)` for `ever X`.
  template <typename T, typename A, typename E>
  T Evaluate(A&& active, E&& ever, T all) const;

  // The parser rejects conditions whose evaluation stack would be deeper than this.
  static constexpr int kMaxDepth = 64;

 private:
  std::vector<Instr> program_;
  std::string text_;
  SourceLoc loc_;
};

// Resolves a name in a condition to an event index; on failure returns -1 and sets *why to
// the message to report (e.g. with a "did you mean").
using NameResolver = std::function<int(const std::string& name, std::string* why)>;

// Where the character at `offset` of a condition's text stands in the source file.
using TextLocator = std::function<SourceLoc(int offset)>;

// Parses `text` by the grammar of the model language. Problems are appended to `errors`,
// located with `locate`; on any problem the returned condition is `true` and must not be used.
Condition ParseCondition(const std::string& text, const TextLocator& locate,
                         const NameResolver& resolve, std::vector<Diagnostic>* errors);

// The events a condition names, in order of appearance, each with whether it is an inhibitor
// there (every mention stands under an odd number of `not`s).
std::vector<std::pair<int, bool>> ConditionEvents(const Condition& condition);

}  // namespace brink

#endif  // BRINK_CONDITION_H_
