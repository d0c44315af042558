#include "model/time_unit.h"

namespace brink {

std::string StepsPerUnit(const std::string& step_label, std::string unit, double* exponent) {
  // Lengths within two families that convert exactly: months, and days.
  struct Unit {
    const char* name;
    int family;
    double length;
  };
  static constexpr Unit kUnits[] = {{"day", 0, 1},   {"week", 0, 7},    {"month", 1, 1},
                                    {"quarter", 1, 3}, {"year", 1, 12}};
  auto find = [](std::string name) -> const Unit* {
    if (name.size() > 1 && name.back() == 's') name.pop_back();
    for (const Unit& u : kUnits)
      if (name == u.name) return &u;
    return nullptr;
  };
  auto quote = [](const std::string& s) { return "'" + s + "'"; };
  const Unit* per = find(unit);
  if (per == nullptr)
    return "unknown unit of time " + quote(unit) + ": write per day, week, month, quarter or year";
  const Unit* step = find(step_label);
  if (step == nullptr)
    return "'per " + unit + "' needs the model's step to be a unit of time (step: day, week, "
           "month, quarter or year), not " + quote(step_label);
  if (step->family != per->family)
    return "a " + std::string(per->name) + " is not a whole number of " + step->name +
           "s: write the probability per " + step->name;
  *exponent = step->length / per->length;
  return "";
}

}  // namespace brink
