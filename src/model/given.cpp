#include "model/condition_eval.h"
#include "brink/given.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace brink {

// Whether some combination of the named events makes the condition true: its truth table,
// 64 rows at a time (row r gives event k the value of bit k of r). Conditions naming more
// than 24 events are assumed satisfiable rather than tabulated.
bool Satisfiable(const Condition& condition) {
  const std::vector<int> events = condition.Events();
  const int n = static_cast<int>(events.size());
  if (n > 24) return true;
  static constexpr uint64_t kLowBits[6] = {0xAAAAAAAAAAAAAAAAull, 0xCCCCCCCCCCCCCCCCull,
                                           0xF0F0F0F0F0F0F0F0ull, 0xFF00FF00FF00FF00ull,
                                           0xFFFF0000FFFF0000ull, 0xFFFFFFFF00000000ull};
  const uint64_t rows = n <= 6 ? 1 : uint64_t{1} << (n - 6);
  const uint64_t all = n >= 6 ? ~uint64_t{0} : (uint64_t{1} << (uint64_t{1} << n)) - 1;
  for (uint64_t chunk = 0; chunk < rows; ++chunk) {
    auto value = [&](int event) {
      const int k = static_cast<int>(std::find(events.begin(), events.end(), event) -
                                     events.begin());
      if (k < 6) return kLowBits[k];
      return (chunk >> (k - 6)) & 1 ? ~uint64_t{0} : uint64_t{0};
    };
    if (condition.Evaluate(value, all) != 0) return true;
  }
  return false;
}

Condition ParseGiven(const Model& model, const std::string& text) {
  std::vector<std::string> ids;
  for (const Event& e : model.events) ids.push_back(e.id);
  NameResolver resolve = [&](const std::string& name, std::string* why) {
    int index = model.FindEvent(name);
    if (index >= 0) return index;
    if (model.FindParameter(name) >= 0) {
      *why = "'" + name + "' is a parameter, not an event";
    } else {
      std::string near = NearestName(name, ids);
      *why = "unknown event '" + name + "'" + (near.empty() ? "" : " (did you mean '" + near + "'?)");
    }
    return -1;
  };
  std::vector<Diagnostic> errors;
  TextLocator locate = [&](int offset) {
    int column = 1;  // characters, not bytes: count UTF-8 lead bytes before `offset`
    for (int i = 0; i < offset && i < static_cast<int>(text.size()); ++i)
      column += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    return SourceLoc{1, column};
  };
  Condition condition = ParseCondition(text, locate, resolve, &errors);
  if (!errors.empty())
    throw UsageError("{given}: column " + std::to_string(errors[0].loc.col) + ": " +
                     errors[0].message);
  return condition;
}

}  // namespace brink
