#include <catch2/catch.hpp>

#include "model/condition_eval.h"
#include "brink/condition.h"

namespace brink {
namespace {

Condition Parse(const std::string& text, std::vector<Diagnostic>* errors) {
  const std::vector<std::string> names = {"a", "b", "c"};
  NameResolver resolve = [&](const std::string& name, std::string* why) {
    for (size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return static_cast<int>(i);
    *why = "unknown event '" + name + "'";
    return -1;
  };
  return ParseCondition(text, [](int offset) { return SourceLoc{3, 10 + offset}; }, resolve,
                        errors);
}

bool Eval(const Condition& c, bool a, bool b, bool cc) {
  bool values[] = {a, b, cc};
  return c.Evaluate([&](int e) { return values[e]; }, true);
}

TEST_CASE("Conditions follow the grammar's precedence: not, and, or", "[condition]") {
  std::vector<Diagnostic> errors;
  Condition c = Parse("a or b and not c", &errors);
  REQUIRE(errors.empty());
  for (int m = 0; m < 8; ++m) {
    bool a = m & 1, b = m & 2, cc = m & 4;
    CHECK(Eval(c, a, b, cc) == (a || (b && !cc)));
  }
  Condition p = Parse("(a or b) and not (c)", &errors);
  REQUIRE(errors.empty());
  for (int m = 0; m < 8; ++m) {
    bool a = m & 1, b = m & 2, cc = m & 4;
    CHECK(Eval(p, a, b, cc) == ((a || b) && !cc));
  }
  CHECK(Eval(Parse("true", &errors), false, false, false));
  CHECK_FALSE(Eval(Parse("false or not not a", &errors), false, true, true));
  CHECK(errors.empty());
  CHECK(p.Events() == std::vector<int>{0, 1, 2});
  CHECK_FALSE(p.IsMonotone());
  CHECK(Parse("a and (b or c)", &errors).IsMonotone());
}

TEST_CASE("A condition evaluates 64 trials at once as bit masks", "[condition]") {
  std::vector<Diagnostic> errors;
  Condition c = Parse("a and not b or c", &errors);
  REQUIRE(errors.empty());
  const uint64_t masks[] = {0xF0F0F0F0F0F0F0F0ull, 0xFF00FF00FF00FF00ull, 0x1ull};
  const uint64_t all = 0x0000FFFFFFFFFFFFull;  // only 48 lanes exist
  uint64_t got = c.Evaluate([&](int e) { return masks[e]; }, all);
  CHECK(got == (((masks[0] & ~masks[1]) | masks[2]) & all));
}

TEST_CASE("Condition errors are located at the offending token", "[condition]") {
  struct Bad {
    std::string text;
    int col;
    const char* message;
  };
  const Bad cases[] = {
      {"a and d", 16, "unknown event 'd'"},
      {"a and", 15, "condition ends where an event id was expected"},
      {"(a or b", 10, "unbalanced '(' in condition"},
      {"a b", 12, "expected 'and' or 'or' before 'b'"},
      {"a & b", 12,
       "unexpected '&' in condition (conditions use 'and', 'or', 'not' and parentheses)"},
      {"", 10, "empty condition"},
      {"a)", 11, "unbalanced ')' in condition"},
      {std::string(5000, '(') + "a" + std::string(5000, ')'), 74,
       "condition is nested too deeply"},
      {"not " + std::string(100, '(') + "a" + std::string(100, ')'), 77,
       "condition is nested too deeply"},
  };
  for (const Bad& bad : cases) {
    std::vector<Diagnostic> errors;
    Condition c = Parse(bad.text, &errors);
    CAPTURE(bad.text);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].loc.line == 3);
    CHECK(errors[0].loc.col == bad.col);
    CHECK(errors[0].message == bad.message);
    CHECK(c.IsConstantTrue());
  }
}

}  // namespace
}  // namespace brink
