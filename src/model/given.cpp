#include "brink/given.h"

#include <vector>

namespace brink {

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
    throw UsageError("--given: column " + std::to_string(errors[0].loc.col) + ": " +
                     errors[0].message);
  return condition;
}

}  // namespace brink
