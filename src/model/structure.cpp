#include "brink/structure.h"

#include <charconv>

#include "brink/error.h"
#include "model/order.h"

namespace brink {
namespace {

bool ParseInt(const std::string& text, int lo, int hi, int* out) {
  int v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi) return false;
  *out = v;
  return true;
}

constexpr int kMaxHorizon = 10000;

}  // namespace

bool IsStructureName(const Model& model, const std::string& name) {
  if (name == "horizon") return model.FindParameter("horizon") < 0;
  return name.rfind("delay:", 0) == 0;
}

StructureSetting ParseStructure(const Model& model, const std::string& name,
                                const std::string& value, const std::string& flag) {
  StructureSetting s;
  if (name == "horizon") {
    s.what = StructureSetting::What::kHorizon;
    if (!ParseInt(value, 1, kMaxHorizon, &s.lo))
      throw UsageError(flag + " horizon: the horizon is a whole number of steps from 1 to 10000, "
                       "not '" + value + "'");
    s.hi = s.lo;
    return s;
  }
  const std::string id = name.substr(6);
  s.what = StructureSetting::What::kDelay;
  s.event = model.FindEvent(id);
  if (s.event < 0) {
    std::vector<std::string> ids;
    for (const Event& e : model.events) ids.push_back(e.id);
    const std::string near = NearestName(id, ids);
    throw UsageError(flag + " " + name + ": unknown event '" + id + "'" +
                     (near.empty() ? "" : " (did you mean 'delay:" + near + "'?)"));
  }
  if (model.events[s.event].kind != Event::Kind::kResponse)
    throw UsageError(flag + " " + name + ": '" + id +
                     "' is a trigger; only responses (events with 'p') have a delay");
  const size_t colon = value.find(':');
  const bool ok = colon == std::string::npos
                      ? ParseInt(value, 0, kMaxHorizon, &s.lo) && (s.hi = s.lo, true)
                      : ParseInt(value.substr(0, colon), 0, kMaxHorizon, &s.lo) &&
                            ParseInt(value.substr(colon + 1), 0, kMaxHorizon, &s.hi) &&
                            s.lo <= s.hi;
  if (!ok)
    throw UsageError(flag + " " + name + ": a delay is a whole number of steps D or a range "
                     "LO:HI (0 <= LO <= HI <= 10000), not '" + value + "'");
  return s;
}

Model WithStructure(const Model& model, const std::vector<StructureSetting>& settings) {
  Model out = model;
  for (const StructureSetting& s : settings) {
    if (s.what == StructureSetting::What::kHorizon) {
      out.horizon = s.lo;
    } else {
      out.events[s.event].delay_lo = s.lo;
      out.events[s.event].delay_hi = s.hi;
    }
  }
  // A zero delay makes a response immediate, which may close a cycle of immediate events.
  std::vector<Diagnostic> errors;
  out.order = EvaluationOrder(out.events, &errors);
  if (!errors.empty())
    throw UsageError("this delay makes a cycle of immediate events: " + errors[0].message);
  return out;
}

std::string StructureText(const Model& model, const StructureSetting& s) {
  if (s.what == StructureSetting::What::kHorizon) return "horizon=" + std::to_string(s.lo);
  return "delay:" + model.events[s.event].id + "=" +
         (s.lo == s.hi ? std::to_string(s.lo)
                       : std::to_string(s.lo) + ":" + std::to_string(s.hi));
}

}  // namespace brink
