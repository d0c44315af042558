// A Model as JSON and back (brink/model_json.h).
#include "brink/model_json.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace brink {
namespace {

using Json = nlohmann::ordered_json;
constexpr int kFormat = 1;  // bumped whenever a field changes

Json ConditionJson(const Condition& c) {
  Json program = Json::array();
  for (const Condition::Instr& instr : c.program())
    program.push_back({static_cast<int>(instr.op), instr.event});
  return {{"text", c.text()}, {"program", program}};
}

Condition ConditionFrom(const Json& j) {
  std::vector<Condition::Instr> program;
  for (const Json& instr : j.at("program"))
    program.push_back({static_cast<Condition::Op>(instr.at(0).get<int>()), instr.at(1).get<int>()});
  if (program.empty()) throw std::invalid_argument("model JSON: an empty condition");
  return Condition(std::move(program), j.at("text").get<std::string>(), {});
}

}  // namespace

std::string ModelToJson(const Model& model) {
  Json j;
  j["brink_model"] = kFormat;
  j["path"] = model.path;
  j["sha256"] = model.sha256;
  j["scenario"] = model.scenario;
  j["description"] = model.description;
  j["step_label"] = model.step_label;
  j["start"] = model.start;
  j["start_period"] = model.start_period;
  j["horizon"] = model.horizon;
  j["levels"] = model.levels;
  Json parameters = Json::array();
  for (const Parameter& p : model.parameters) {
    parameters.push_back({{"name", p.name},
                          {"named", p.named},
                          {"kind", static_cast<int>(p.dist.kind)},
                          {"a", p.dist.a},
                          {"b", p.dist.b},
                          {"c", p.dist.c},
                          {"per_step", p.dist.per_step}});
    // Only when not the default, so that a model without quantities keeps its JSON.
    if (p.IsAmount()) parameters.back()["amount"] = true;
    if (!p.used) parameters.back()["used"] = false;
  }
  j["parameters"] = parameters;
  if (!model.quantities.empty()) {
    Json quantities = Json::array();
    auto terms_json = [](const std::vector<QuantityTerm>& terms) {
      Json out = Json::array();
      for (const QuantityTerm& t : terms) out.push_back({t.event, t.param});
      return out;
    };
    for (const Quantity& q : model.quantities)
      quantities.push_back({{"id", q.id},
                            {"label", q.label},
                            {"unit", q.unit},
                            {"per_step", terms_json(q.per_step)},
                            {"per_occurrence", terms_json(q.per_occurrence)}});
    j["quantities"] = quantities;
  }
  Json correlations = Json::array();
  for (const Correlation& c : model.correlations)
    correlations.push_back({{"a", c.a}, {"b", c.b}, {"rho", c.rho}});
  j["correlations"] = correlations;
  Json events = Json::array();
  for (const Event& e : model.events) {
    Json cases = Json::array();
    for (const Case& c : e.probability)
      cases.push_back({{"when", ConditionJson(c.when)}, {"param", c.param}});
    events.push_back({{"id", e.id},
                      {"label", e.label},
                      {"trigger", e.kind == Event::Kind::kTrigger},
                      {"cases", cases},
                      {"gate", ConditionJson(e.gate)},
                      {"delay_lo", e.delay_lo},
                      {"delay_hi", e.delay_hi},
                      {"level", e.level}});
    // Version 2's keys only where given: a version-1 model's JSON is as it was.
    if (e.Ends()) {
      Json ends_cases = Json::array();
      for (const Case& c : e.ends.probability)
        ends_cases.push_back({{"when", ConditionJson(c.when)}, {"param", c.param}});
      events.back()["ends"] = {{"kind", static_cast<int>(e.ends.kind)},
                               {"lasts_lo", e.ends.lasts_lo},
                               {"lasts_hi", e.ends.lasts_hi},
                               {"cases", ends_cases},
                               {"gate", ConditionJson(e.ends.gate)},
                               {"delay_lo", e.ends.delay_lo},
                               {"delay_hi", e.ends.delay_hi}};
    }
    if (e.recurs) events.back()["recurs"] = true;
    if (e.initially != InitialState::kNone)
      events.back()["initially"] = static_cast<int>(e.initially);
  }
  j["events"] = events;
  j["order"] = model.order;
  return j.dump();
}

Model ModelFromJson(const std::string& text, const std::string& source) {
  Model m;
  try {
    const Json j = Json::parse(text);
    if (j.at("brink_model").get<int>() != kFormat)
      throw std::invalid_argument("model JSON of another version of brink");
    m.path = j.at("path").get<std::string>();
    m.sha256 = j.at("sha256").get<std::string>();
    m.source = source;
    m.scenario = j.at("scenario").get<std::string>();
    m.description = j.at("description").get<std::string>();
    m.step_label = j.at("step_label").get<std::string>();
    m.start = j.at("start").get<std::string>();
    m.start_period = j.at("start_period").get<long>();
    m.horizon = j.at("horizon").get<int>();
    m.levels = j.at("levels").get<std::vector<std::string>>();
    for (const Json& p : j.at("parameters")) {
      Parameter parameter;
      parameter.name = p.at("name").get<std::string>();
      parameter.named = p.at("named").get<bool>();
      parameter.dist.kind = static_cast<Distribution::Kind>(p.at("kind").get<int>());
      parameter.dist.a = p.at("a").get<double>();
      parameter.dist.b = p.at("b").get<double>();
      parameter.dist.c = p.at("c").get<double>();
      parameter.dist.per_step = p.at("per_step").get<double>();
      if (p.value("amount", false)) parameter.use = ParameterUse::kAmount;
      parameter.used = p.value("used", true);
      m.parameters.push_back(parameter);
    }
    for (const Json& c : j.at("correlations"))
      m.correlations.push_back({c.at("a").get<int>(), c.at("b").get<int>(),
                                c.at("rho").get<double>(), {}});
    for (const Json& e : j.at("events")) {
      Event event;
      event.id = e.at("id").get<std::string>();
      event.label = e.at("label").get<std::string>();
      event.kind = e.at("trigger").get<bool>() ? Event::Kind::kTrigger : Event::Kind::kResponse;
      for (const Json& c : e.at("cases"))
        event.probability.push_back({ConditionFrom(c.at("when")), c.at("param").get<int>()});
      event.gate = ConditionFrom(e.at("gate"));
      event.delay_lo = e.at("delay_lo").get<int>();
      event.delay_hi = e.at("delay_hi").get<int>();
      event.level = e.at("level").get<int>();
      if (e.contains("ends")) {
        const Json& ends = e.at("ends");
        event.ends.kind = static_cast<Ending::Kind>(ends.at("kind").get<int>());
        event.ends.lasts_lo = ends.at("lasts_lo").get<int>();
        event.ends.lasts_hi = ends.at("lasts_hi").get<int>();
        for (const Json& c : ends.at("cases"))
          event.ends.probability.push_back(
              {ConditionFrom(c.at("when")), c.at("param").get<int>()});
        event.ends.gate = ConditionFrom(ends.at("gate"));
        event.ends.delay_lo = ends.at("delay_lo").get<int>();
        event.ends.delay_hi = ends.at("delay_hi").get<int>();
      }
      event.recurs = e.value("recurs", false);
      event.initially = static_cast<InitialState>(e.value("initially", 0));
      m.events.push_back(std::move(event));
    }
    m.order = j.at("order").get<std::vector<int>>();
    if (j.contains("quantities")) {
      auto terms_from = [](const Json& terms) {
        std::vector<QuantityTerm> out;
        for (const Json& t : terms) out.push_back({t.at(0).get<int>(), t.at(1).get<int>(), {}});
        return out;
      };
      for (const Json& q : j.at("quantities")) {
        Quantity quantity;
        quantity.id = q.at("id").get<std::string>();
        quantity.label = q.at("label").get<std::string>();
        quantity.unit = q.at("unit").get<std::string>();
        quantity.per_step = terms_from(q.at("per_step"));
        quantity.per_occurrence = terms_from(q.at("per_occurrence"));
        m.quantities.push_back(std::move(quantity));
      }
    }
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("model JSON: ") + e.what());
  }
  return m;
}

}  // namespace brink
