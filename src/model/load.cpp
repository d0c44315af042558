#include "brink/load.h"


#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "model/loader.h"
#include "model/order.h"
#include "model/sha256.h"
#include "model/source_text.h"
#include "model/text_check.h"
#include "model/calendar.h"
#include "model/time_unit.h"
#include "model/value.h"
#include "model/yaml_tree.h"
#include "model/correlation_matrix.h"
#include "model/portable_math.h"

namespace brink {
namespace model_loader {

bool IsIdentifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_'))
    return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool IsReserved(const std::string& s) {
  return std::find(std::begin(kReserved), std::end(kReserved), s) != std::end(kReserved);
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

std::string Quote(const std::string& s) { return "'" + s + "'"; }

std::string DidYouMean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string near = NearestName(word, candidates);
  return near.empty() ? "" : " (did you mean " + Quote(near) + "?)";
}

ModelLoader::ModelLoader(const std::string& text, const std::string& path)
    : text_(text), source_(text) {
  model_.path = path;
  model_.sha256 = Sha256Hex(text);
  model_.source = text;
}

Model ModelLoader::Load() {
  CheckText();
  yaml::Node root;
  try {
    std::vector<yaml::Node> documents = yaml::LoadAll(text_);
    if (!documents.empty()) root = documents[0];
    if (documents.size() > 1) {
      Error(SecondDocumentLoc(documents[1]),
            "a model is one YAML document, but a second document starts here");
      Throw();
    }
  } catch (const yaml::ParserException& e) {
    const bool tab = !e.mark.is_null() && static_cast<size_t>(e.mark.pos) < text_.size() &&
                     text_[e.mark.pos] == '\t';
    // libyaml's own words for a key past its 1024-character limit mislead.
    const bool long_key = (e.msg == "mapping values are not allowed in this context" ||
                           e.msg.find("simple key") != std::string::npos) &&
                          e.mark.column > 1024;
    Error(e.mark.is_null() ? SourceLoc{1, 1} : PosLoc(e.mark.pos),
          "YAML syntax error: " +
              (tab        ? std::string("a tab, where YAML allows only spaces for indentation")
               : long_key ? std::string("a key longer than 1024 characters, YAML's limit")
                          : e.msg));
    Throw();
  }
  if (!root.IsMap()) {
    Error(root.IsDefined() && !root.IsNull() ? Loc(root) : SourceLoc{1, 1},
          "a model is a YAML map with keys such as 'scenario', 'horizon' and 'events'");
    Throw();
  }
  std::set<std::string> empty;
  std::map<std::string, yaml::Node> top = Keys(root, kTopKeys, "key", &empty);
  for (const char* key : {"scenario", "horizon", "events"})
    if (!top.count(key) && !empty.count(key)) Error({1, 1}, "missing required key " + Quote(key));
  if (top.count("scenario")) model_.scenario = String(top["scenario"], "scenario");
  if (top.count("description")) model_.description = String(top["description"], "description");
  if (top.count("step")) {
    model_.step_label = String(top["step"], "step");
    // A unit of time may be written in the plural (`step: years`): outputs name one step
    // ("horizon 3 years", "year 2030"), so the label is kept in the singular.
    if (CalendarUnitOf(model_.step_label) && model_.step_label.size() > 1 &&
        model_.step_label.back() == 's')
      model_.step_label.pop_back();
  }
  if (top.count("horizon")) LoadHorizon(top["horizon"]);
  if (top.count("start")) LoadStart(top["start"]);
  if (top.count("levels")) LoadLevels(top["levels"]);
  if (top.count("parameters")) LoadParameters(top["parameters"]);
  if (top.count("events")) LoadEvents(top["events"]);
  if (top.count("quantities")) LoadQuantities(top["quantities"]);
  FinishParameters();
  if (top.count("correlations")) LoadCorrelations(top["correlations"]);
  if (model_.parameters.size() > static_cast<size_t>(kMaxEvents))  // their random keys
    Error({1, 1}, "a model may have at most " + std::to_string(kMaxEvents) +
                      " probability values (named and inline)");
  model_.order = EvaluationOrder(model_.events, &errors_);
  Throw();
  return std::move(model_);
}

void ModelLoader::CheckText() {
  const TextProblem problem = FindTextProblem(text_);
  if (problem.message.empty()) return;
  Error(PosLoc(static_cast<int>(problem.offset)), problem.message);
  Throw();
}

SourceLoc ModelLoader::TextLoc(const yaml::Node& node, int offset) const {
  return source_.TextLoc(node, offset);
}

SourceLoc ModelLoader::SecondDocumentLoc(const yaml::Node& document) const {
  return source_.SecondDocumentLoc(document);
}

SourceLoc ModelLoader::KeyLoc(const std::string& key) const {
  auto it = key_locs_.find(key);
  return it == key_locs_.end() ? SourceLoc{1, 1} : it->second;
}

void ModelLoader::Throw() {
  if (!errors_.empty()) throw ModelError(model_.path, errors_);
}

std::map<std::string, yaml::Node> ModelLoader::Keys(const yaml::Node& map,
    const std::vector<std::string>& known, const std::string& what, std::set<std::string>* empty) {
  std::map<std::string, yaml::Node> out;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const yaml::Node key = it->first;  // a copy: it->first is a temporary
    if (!key.IsScalar()) {
      Error(Loc(key), "a key must be plain text");
      continue;
    }
    std::string name = key.Scalar();
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      Error(Loc(key), "unknown " + what + " " + Quote(name) + DidYouMean(name, known));
      continue;
    }
    if (out.count(name)) {
      Error(Loc(key), "duplicate key " + Quote(name));
      continue;
    }
    if (it->second.IsNull()) {
      Error(Loc(key), Quote(name) + " has no value");
      empty->insert(name);
      continue;
    }
    out[name] = it->second;
    if (&known == &kTopKeys) key_locs_[name] = Loc(key);
  }
  return out;
}

std::string ModelLoader::String(const yaml::Node& node, const std::string& what) {
  if (!node.IsScalar()) {
    Error(Loc(node), Quote(what) + " must be text");
    return "";
  }
  return node.Scalar();
}

bool ModelLoader::Integer(const yaml::Node& node, int lo, int hi, const std::string& what,
    int* out) {
  if (node.IsScalar()) {
    const std::string& s = node.Scalar();
    int v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && end == s.data() + s.size() && v >= lo && v <= hi) {
      *out = v;
      return true;
    }
  }
  Error(Loc(node), what + " must be an integer from " + std::to_string(lo) + " to " +
                       std::to_string(hi) +
                       (node.IsScalar() ? ", not " + Quote(node.Scalar()) : ""));
  return false;
}

void ModelLoader::LoadHorizon(const yaml::Node& node) {
  Integer(node, 1, kMaxHorizon, "'horizon'", &model_.horizon);
}

void ModelLoader::LoadStart(const yaml::Node& node) {
  const std::string problem =
      ParseStart(model_.step_label, String(node, "start"), &model_.start, &model_.start_period);
  if (!problem.empty()) Error(Loc(node), problem);
}

void ModelLoader::LoadLevels(const yaml::Node& node) {
  if (!node.IsSequence() || node.size() < 2) {
    Error(Loc(node), "'levels' must be a list of at least 2 names (index 0 is the baseline)");
    return;
  }
  if (node.size() > static_cast<size_t>(kMaxLevels)) {
    Error(Loc(node), "a model may have at most " + std::to_string(kMaxLevels) + " levels");
    return;
  }
  std::unordered_set<std::string> seen;
  for (const yaml::Node& item : node) {
    std::string name = item.IsScalar() ? Trim(item.Scalar()) : "";
    if (name.empty())
      Error(Loc(item), "a level name must be non-empty text");
    else if (!seen.insert(name).second)
      Error(Loc(item), "duplicate level name " + Quote(name));
    model_.levels.push_back(name);
  }
}

bool ModelLoader::CheckIdentifier(const yaml::Node& key, const std::string& id,
    const std::string& kind) {
  if (!IsIdentifier(id)) {
    Error(Loc(key), Quote(id) + " is not a valid " + kind +
                        " (letters, digits and '_', not starting with a digit)");
    return false;
  }
  if (IsReserved(id)) {
    Error(Loc(key), Quote(id) + " is a reserved word and cannot be an " + kind);
    return false;
  }
  return true;
}

void ModelLoader::LoadParameters(const yaml::Node& node) {
  if (!node.IsMap()) {
    Error(Loc(node), "'parameters' must be a map of name: probability");
    return;
  }
  if (node.size() > static_cast<size_t>(kMaxEvents)) {
    Error(Loc(node), "a model may have at most " + std::to_string(kMaxEvents) +
                         " probability values (named and inline)");
    return;
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string name = it->first.IsScalar() ? it->first.Scalar() : "";
    if (!CheckIdentifier(it->first, name, "parameter name")) continue;
    if (ParameterIndex(name) >= 0) {
      Error(Loc(it->first), "duplicate parameter " + Quote(name));
      continue;
    }
    Parameter p;
    p.name = name;
    p.named = true;
    p.loc = Loc(it->first);
    const int index = static_cast<int>(model_.parameters.size());
    ParameterValue(it->second, &named_values_[index]);
    parameter_index_[name] = index;
    model_.parameters.push_back(p);
  }
}

void ModelLoader::ParameterValue(const yaml::Node& node, NamedValue* value) {
  std::string text = node.IsScalar() ? Trim(node.Scalar()) : "";
  if (IsIdentifier(text) && !IsReserved(text)) {
    Error(TextLoc(node), "a parameter may not refer to another parameter (" + Quote(text) + ")");
    value->probability_ok = value->amount_ok = true;  // reported: no second message
    return;
  }
  value->probability_ok = TryValue(
      node, text, ValueKind::kProbability, &value->probability, &value->probability_error,
      "a number in [0, 1] (0.05), a percent (5%), a range ('4% to 12%') or a distribution: "
      "beta(a, b), uniform(lo, hi), triangular(lo, mode, hi), pert(lo, mode, hi)");
  value->amount_ok = TryValue(
      node, text, ValueKind::kAmount, &value->amount, &value->amount_error,
      "a number >= 0 (25000, 0.4), a range ('0.2 to 0.6', a lognormal) or a distribution: "
      "uniform(lo, hi), triangular(lo, mode, hi), pert(lo, mode, hi)");
}

bool ModelLoader::Value(const yaml::Node& node, const std::string& text, Distribution* dist,
    const std::string& forms) {
  Diagnostic error;
  if (TryValue(node, text, ValueKind::kProbability, dist, &error, forms)) return true;
  errors_.push_back(error);
  return false;
}

bool ModelLoader::TryValue(const yaml::Node& node, const std::string& text, ValueKind kind,
    Distribution* dist, Diagnostic* error, const std::string& forms) {
  const char* what = kind == ValueKind::kAmount ? "expected an amount: " : "expected a probability: ";
  if (!node.IsScalar() || text.empty()) {
    *error = {Loc(node), what + forms};
    return false;
  }
  // "VALUE per UNIT": a probability per another unit of time than the step.
  const size_t per = text.rfind(" per ");
  if (per != std::string::npos && kind == ValueKind::kAmount) {
    *error = {TextLoc(node, static_cast<int>(per + 1) + LeadingSpaces(node.Scalar())),
              "an amount has no 'per UNIT': a quantity's per_step amount is added at every "
              "step the event is active, per_occurrence at every onset"};
    return false;
  }
  const std::string value = per == std::string::npos ? text : Trim(text.substr(0, per));
  ValueError e = ParseValue(value, dist, kind);
  if (e.message.empty() && per != std::string::npos) {
    const std::string unit = Trim(text.substr(per + 5));
    double exponent = 1;
    std::string problem = StepsPerUnit(model_.step_label, unit, &exponent);
    if (!problem.empty()) {
      *error = {TextLoc(node, static_cast<int>(per + 1) + LeadingSpaces(node.Scalar())), problem};
      return false;
    }
    // 1 - (1 - x)^exponent: the chance within one step of a constant hazard with chance x
    // within one unit.
    if (dist->IsUncertain())
      dist->per_step = exponent;
    else
      dist->a = exponent == 1 ? dist->a : 1 - PortablePow(1 - dist->a, exponent);
  }
  if (e.message.empty()) return true;
  if (e.unrecognized) e.message += ": write " + forms;
  *error = {TextLoc(node, e.offset + LeadingSpaces(node.Scalar())), e.message};
  return false;
}

int ModelLoader::LeadingSpaces(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  return b == std::string::npos ? 0 : static_cast<int>(b);
}

int ModelLoader::ProbabilityValue(const yaml::Node& node, const std::string& anonymous_name) {
  std::string text = node.IsScalar() ? Trim(node.Scalar()) : "";
  if (IsIdentifier(text) && !IsReserved(text)) {
    int index = ParameterIndex(text);
    if (index >= 0) {
      UseParameter(index, ParameterUse::kProbability, TextLoc(node));
      return index;
    }
    std::string message = "unknown parameter " + Quote(text);
    if (EventIndex(text) >= 0) message = Quote(text) + " is an event, not a parameter";
    Error(TextLoc(node), message + DidYouMean(text, model_.ParameterNames()));
    return -1;
  }
  Parameter p;
  p.name = anonymous_name;
  p.loc = TextLoc(node);
  if (!Value(node, text, &p.dist)) return -1;
  model_.parameters.push_back(p);
  return static_cast<int>(model_.parameters.size()) - 1;
}

Condition ModelLoader::ConditionOf(const yaml::Node& node) {
  if (!node.IsScalar()) {
    Error(Loc(node), "a condition must be text such as 'a and not b'");
    return Condition();
  }
  NameResolver resolve = [this](const std::string& name, std::string* why) {
    int index = EventIndex(name);
    if (index >= 0) return index;
    if (ParameterIndex(name) >= 0)
      *why = Quote(name) + " is a parameter, not an event" + DidYouMean(name, event_ids_);
    else if (std::find(model_.levels.begin(), model_.levels.end(), name) != model_.levels.end())
      *why = Quote(name) + " is a level name; a condition names events";
    else
      *why = "unknown event " + Quote(name) + " in condition" + DidYouMean(name, event_ids_);
    return -1;
  };
  return ParseCondition(
      node.Scalar(), [this, &node](int offset) { return TextLoc(node, offset); }, resolve,
      &errors_);
}

std::vector<Case> ModelLoader::Cases(const yaml::Node& node, const std::string& owner) {
  std::vector<Case> cases;
  if (!node.IsSequence()) {
    int param = ProbabilityValue(node, owner);
    if (param >= 0) cases.push_back({Condition(), param});
    return cases;
  }
  if (node.size() == 0) {
    Error(Loc(node), "a list of cases must not be empty");
    return cases;
  }
  for (size_t i = 0; i < node.size(); ++i) {
    const yaml::Node& item = node[i];
    std::string name = owner + "[" + std::to_string(i + 1) + "]";
    if (!item.IsMap()) {
      Error(Loc(item), "a case is 'when: CONDITION' with 'p: VALUE', or 'else: VALUE'");
      continue;
    }
    std::set<std::string> empty;
    std::map<std::string, yaml::Node> keys =
        Keys(item, {"when", "p", "else"}, "case key", &empty);
    if (keys.empty() && empty.empty() && item.size() == 0) {
      Error(Loc(item), "a case is 'when: CONDITION' with 'p: VALUE', or 'else: VALUE'");
    } else if (keys.count("else")) {
      if (keys.count("when") || keys.count("p"))
        Error(Loc(item), "an 'else' case must not have 'when' or 'p'");
      if (i + 1 != node.size()) Error(Loc(item), "'else' must be the last case");
      int param = ProbabilityValue(keys["else"], name);
      if (param >= 0) cases.push_back({Condition(), param});
    } else if (keys.count("when") && keys.count("p")) {
      Condition when = ConditionOf(keys["when"]);
      int param = ProbabilityValue(keys["p"], name);
      if (param >= 0) cases.push_back({when, param});
    } else if (!keys.empty() && empty.empty()) {
      Error(Loc(item), std::string("a case needs both 'when' and 'p'") +
                           (keys.count("when") ? " (missing 'p')" : " (missing 'when')"));
    }
  }
  return cases;
}

void ModelLoader::LoadCorrelations(const yaml::Node& node) {
  const std::string form = "a correlation is [parameter, parameter, rho]";
  if (!node.IsSequence()) {
    Error(Loc(node), "'correlations' must be a list of [parameter, parameter, rho]");
    return;
  }
  bool ok = true;
  for (const yaml::Node& item : node) {
    if (!item.IsSequence() || item.size() != 3 || !item[0].IsScalar() || !item[1].IsScalar() ||
        !item[2].IsScalar()) {
      Error(Loc(item), form);
      ok = false;
      continue;
    }
    Correlation c;
    c.loc = Loc(item);
    c.a = CorrelatedParameter(item[0]);
    c.b = CorrelatedParameter(item[1]);
    double rho = 0;
    bool percent = false;
    std::string text = Trim(item[2].Scalar());
    bool negative = !text.empty() && text[0] == '-';
    if (!ParseNumberOrPercent(negative ? text.substr(1) : text, &rho, &percent) || percent ||
        rho > 1) {
      Error(TextLoc(item[2]), "a correlation must be a number in [-1, 1], not " + Quote(text));
      ok = false;
      continue;
    }
    c.rho = negative ? -rho : rho;
    if (c.a < 0 || c.b < 0) {
      ok = false;
      continue;
    }
    if (c.a == c.b) {
      Error(Loc(item), "a parameter cannot be correlated with itself");
      ok = false;
      continue;
    }
    for (const Correlation& other : model_.correlations) {
      if ((other.a == c.a && other.b == c.b) || (other.a == c.b && other.b == c.a)) {
        Error(Loc(item), "the correlation of " + Quote(model_.parameters[c.a].name) + " and " +
                             Quote(model_.parameters[c.b].name) + " is given twice");
        ok = false;
      }
    }
    model_.correlations.push_back(c);
  }
  if (ok && !CorrelationMatrixIsPositiveDefinite(model_))
    Error(KeyLoc("correlations"),
          "the correlations contradict each other: their matrix is not positive definite");
}

int ModelLoader::CorrelatedParameter(const yaml::Node& node) {
  std::string name = Trim(node.Scalar());
  int index = ParameterIndex(name);
  if (index < 0) {
    Error(TextLoc(node), "unknown parameter " + Quote(name) +
                             DidYouMean(name, model_.ParameterNames()));
    return -1;
  }
  if (!model_.parameters[index].dist.IsUncertain()) {
    Error(TextLoc(node), Quote(name) +
                             " is a point value; correlations apply to uncertain parameters");
    return -1;
  }
  return index;
}

int ModelLoader::EventIndex(const std::string& id) const {
  auto it = event_index_.find(id);
  return it == event_index_.end() ? -1 : it->second;
}

int ModelLoader::ParameterIndex(const std::string& name) const {
  auto it = parameter_index_.find(name);
  return it == parameter_index_.end() ? -1 : it->second;
}

}  // namespace model_loader

bool ParsePointProbability(const std::string& raw, double* value) {
  double v = 0;
  bool percent = false;
  if (!ParseNumberOrPercent(model_loader::Trim(raw), &v, &percent) || v < 0 || v > 1)
    return false;
  *value = v;
  return true;
}

bool ParsePointAmount(const std::string& raw, double* value) {
  Distribution dist;
  if (!ParseValue(model_loader::Trim(raw), &dist, ValueKind::kAmount).message.empty() ||
      dist.IsUncertain())
    return false;
  *value = dist.a;
  return true;
}

Model LoadModelFromString(const std::string& text, const std::string& path) {
  CheckTextSize(text, path, "model");
  return model_loader::ModelLoader(text, path).Load();
}

}  // namespace brink

