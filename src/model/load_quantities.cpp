// The model loader's quantities (model/loader.h, ../shared/spec/quantities.md): the
// `quantities:` section, amounts, and the typing of each named parameter as a probability or
// an amount by where it is used.
#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "model/loader.h"

namespace brink::model_loader {
namespace {

const char* UseName(ParameterUse use) {
  return use == ParameterUse::kAmount ? "an amount" : "a probability";
}

}  // namespace

void ModelLoader::UseParameter(int index, ParameterUse use, SourceLoc loc) {
  auto it = named_values_.find(index);
  if (it == named_values_.end()) return;  // an inline value: typed where it is written
  NamedValue& value = it->second;
  if (!value.used) {
    value.used = true;
    value.use = use;
    value.first_use = loc;
    return;
  }
  if (value.use != use)
    Error(loc, Quote(model_.parameters[index].name) + " is used here as " + UseName(use) +
                   " but at line " + std::to_string(value.first_use.line) + " as " +
                   UseName(value.use) + "; a parameter is one or the other");
}

void ModelLoader::FinishParameters() {
  for (auto& [index, value] : named_values_) {
    Parameter& p = model_.parameters[index];
    // Unused: typed by its form (a percent, or a value that fits in [0, 1], is a probability).
    const ParameterUse use =
        value.used ? value.use
                   : (!value.probability_ok && value.amount_ok ? ParameterUse::kAmount
                                                               : ParameterUse::kProbability);
    p.use = use;
    p.used = value.used;
    const bool amount = use == ParameterUse::kAmount;
    if (amount ? value.amount_ok : value.probability_ok) {
      p.dist = amount ? value.amount : value.probability;
      if (!value.used)
        model_.warnings.push_back(
            {p.loc, "parameter " + Quote(p.name) + " is not used (read as " + UseName(use) + ")"});
      continue;
    }
    Diagnostic error = amount ? value.amount_error : value.probability_error;
    // A value that would do as the other kind: say which use decides.
    if (value.used && (amount ? value.probability_ok : value.amount_ok))
      error.message += " (" + Quote(p.name) + " is used as " + UseName(use) + " at line " +
                       std::to_string(value.first_use.line) + ")";
    errors_.push_back(error);
  }
  std::stable_sort(model_.warnings.begin(), model_.warnings.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return a.loc.line != b.loc.line ? a.loc.line < b.loc.line
                                                     : a.loc.col < b.loc.col;
                   });
}

void ModelLoader::LoadQuantities(const yaml::Node& node) {
  if (!node.IsMap()) {
    Error(Loc(node), "'quantities' must be a map of id: {label, unit, per_step, per_occurrence}");
    return;
  }
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const yaml::Node key = it->first;
    const std::string id = key.IsScalar() ? key.Scalar() : "";
    if (!CheckIdentifier(key, id, "quantity id")) continue;
    if (EventIndex(id) >= 0) {
      Error(Loc(key), Quote(id) + " is already an event; events, parameters and quantities "
                                  "share one set of names");
      continue;
    }
    if (ParameterIndex(id) >= 0) {
      Error(Loc(key), Quote(id) + " is already a parameter; events, parameters and "
                                  "quantities share one set of names");
      continue;
    }
    if (!seen.insert(id).second) {
      Error(Loc(key), "duplicate quantity " + Quote(id));
      continue;
    }
    Quantity q;
    q.id = id;
    q.label = id;
    q.loc = Loc(key);
    LoadQuantity(key, it->second, &q);
    model_.quantities.push_back(std::move(q));
  }
}

void ModelLoader::LoadQuantity(const yaml::Node& key, const yaml::Node& body, Quantity* q) {
  if (!body.IsMap()) {
    Error(body.IsDefined() && !body.IsNull() ? Loc(body) : Loc(key),
          "quantity " + Quote(q->id) + " must be a map with 'per_step' or 'per_occurrence' "
          "(and 'label', 'unit')");
    return;
  }
  std::set<std::string> empty;
  const size_t errors = errors_.size();
  std::map<std::string, yaml::Node> keys = Keys(body, kQuantityKeys, "quantity key", &empty);
  if (keys.count("label")) q->label = String(keys["label"], "label");
  if (keys.count("unit")) q->unit = String(keys["unit"], "unit");
  if (keys.count("per_step")) q->per_step = LoadTerms(keys["per_step"], q->id + ".per_step");
  if (keys.count("per_occurrence"))
    q->per_occurrence = LoadTerms(keys["per_occurrence"], q->id + ".per_occurrence");
  if (!keys.count("per_step") && !keys.count("per_occurrence") && !empty.count("per_step") &&
      !empty.count("per_occurrence") && errors_.size() == errors)
    Error(Loc(key), "quantity " + Quote(q->id) + " needs 'per_step' or 'per_occurrence': a "
                    "map of event id to amount");
}

std::vector<QuantityTerm> ModelLoader::LoadTerms(const yaml::Node& node,
    const std::string& owner) {
  std::vector<QuantityTerm> terms;
  if (!node.IsMap() || node.size() == 0) {
    Error(Loc(node), Quote(owner.substr(owner.find('.') + 1)) +
                         " must be a map of event id to amount, e.g. 'dprk_troops: 0.5'");
    return terms;
  }
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const yaml::Node key = it->first;
    const std::string id = key.IsScalar() ? key.Scalar() : "";
    const int event = EventIndex(id);
    if (event < 0) {
      std::string message = "unknown event " + Quote(id);
      if (ParameterIndex(id) >= 0) message = Quote(id) + " is a parameter, not an event";
      Error(Loc(key), message + " in a quantity" + DidYouMean(id, event_ids_));
      continue;
    }
    if (!seen.insert(id).second) {
      Error(Loc(key), "duplicate key " + Quote(id));
      continue;
    }
    if (it->second.IsNull()) {
      Error(Loc(key), Quote(id) + " has no amount");
      continue;
    }
    const int param = AmountValue(it->second, owner + "." + id);
    if (param >= 0) terms.push_back({event, param, Loc(key)});
  }
  return terms;
}

int ModelLoader::AmountValue(const yaml::Node& node, const std::string& anonymous_name) {
  const std::string text = node.IsScalar() ? Trim(node.Scalar()) : "";
  if (IsIdentifier(text) && !IsReserved(text)) {
    const int index = ParameterIndex(text);
    if (index >= 0) {
      UseParameter(index, ParameterUse::kAmount, TextLoc(node));
      return index;
    }
    std::string message = "unknown parameter " + Quote(text);
    if (EventIndex(text) >= 0) message = Quote(text) + " is an event, not an amount";
    Error(TextLoc(node), message + DidYouMean(text, model_.ParameterNames()));
    return -1;
  }
  Parameter p;
  p.name = anonymous_name;
  p.loc = TextLoc(node);
  p.use = ParameterUse::kAmount;
  Diagnostic error;
  if (!TryValue(node, text, ValueKind::kAmount, &p.dist, &error, kAmountForms)) {
    errors_.push_back(error);
    return -1;
  }
  model_.parameters.push_back(p);
  return static_cast<int>(model_.parameters.size()) - 1;
}

}  // namespace brink::model_loader
