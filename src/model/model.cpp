#include "brink/model.h"

#include <algorithm>

namespace brink {

int Model::FindParameter(const std::string& name) const {
  for (size_t i = 0; i < parameters.size(); ++i)
    if (parameters[i].named && parameters[i].name == name) return static_cast<int>(i);
  return -1;
}

int Model::FindEvent(const std::string& id) const {
  for (size_t i = 0; i < events.size(); ++i)
    if (events[i].id == id) return static_cast<int>(i);
  return -1;
}

int Model::FindQuantity(const std::string& id) const {
  for (size_t i = 0; i < quantities.size(); ++i)
    if (quantities[i].id == id) return static_cast<int>(i);
  return -1;
}

std::vector<std::string> Model::ParameterNames() const {
  std::vector<std::string> names;
  for (const Parameter& p : parameters)
    if (p.named) names.push_back(p.name);
  return names;
}

bool Model::HasUncertainty() const {
  return std::any_of(parameters.begin(), parameters.end(),
                     [](const Parameter& p) { return p.dist.IsUncertain(); });
}

bool Model::IsTwoWay() const {
  // Quantities count steps active and onsets: the version-2 engines' tallies.
  if (!quantities.empty()) return true;
  return std::any_of(events.begin(), events.end(), [](const Event& e) {
    return e.Ends() || e.initially != InitialState::kNone;
  });
}

bool Model::IsMonotone() const {
  return std::all_of(events.begin(), events.end(), [](const Event& e) {
    return !e.Ends() && e.gate.IsMonotone() && e.probability.size() <= 1 &&
           (e.probability.empty() || e.probability[0].when.IsConstantTrue());
  });
}

}  // namespace brink
