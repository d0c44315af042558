// Checks of a results folder's files before they are read (folder_check.h).
#include "report/folder_check.h"

#include <map>
#include <nlohmann/json.hpp>

#include "brink/error.h"
#include "brink/load.h"

namespace brink {
namespace {

using Json = nlohmann::ordered_json;

enum class Expected { kNumber, kWhole, kString, kObject, kList, kBool };

// What run.json's fields hold, by name, at every depth (run_json.cpp writes them).
const std::map<std::string, Expected>& RunRecordFields() {
  static const std::map<std::string, Expected> fields = {
      {"acceptance_rate", Expected::kNumber}, {"as_of", Expected::kWhole},
      {"axes", Expected::kList}, {"b_over_a", Expected::kNumber},
      {"baseline_point", Expected::kWhole}, {"bayes_factor", Expected::kObject},
      {"before_the_history", Expected::kObject}, {"brink_version", Expected::kString},
      {"ci95_high", Expected::kNumber}, {"ci95_low", Expected::kNumber},
      {"command", Expected::kString}, {"command_line", Expected::kString},
      {"draws", Expected::kWhole}, {"effective_draws", Expected::kNumber},
      {"effective_sample_size", Expected::kNumber}, {"engine", Expected::kString},
      {"files", Expected::kList}, {"given", Expected::kString},
      {"given_probability", Expected::kNumber}, {"given_trials", Expected::kWhole},
      {"history", Expected::kObject}, {"horizon", Expected::kWhole},
      {"likelihood_evaluations", Expected::kWhole}, {"likelihood_trials", Expected::kWhole},
      {"log_evidence", Expected::kNumber}, {"log_evidence_se", Expected::kNumber},
      {"log_likelihood_se", Expected::kNumber}, {"method", Expected::kString},
      {"model", Expected::kString}, {"model_sha256", Expected::kString},
      {"path", Expected::kString}, {"points", Expected::kWhole},
      {"precision_reached", Expected::kBool}, {"ranks", Expected::kWhole},
      {"sampled_parameters", Expected::kList}, {"sampling", Expected::kString},
      {"scenario", Expected::kString}, {"seed", Expected::kWhole},
      {"sha256", Expected::kString}, {"simd_kernel", Expected::kString},
      {"stages", Expected::kWhole}, {"started", Expected::kString},
      {"states", Expected::kWhole}, {"step_label", Expected::kString},
      {"structure", Expected::kList}, {"target", Expected::kString},
      {"threads", Expected::kWhole}, {"trials", Expected::kWhole},
      {"trials_per_second", Expected::kNumber}, {"wall_seconds", Expected::kNumber},
  };
  return fields;
}

bool HoldsExpected(const Json& value, Expected expected) {
  switch (expected) {
    case Expected::kNumber: return value.is_number();
    case Expected::kWhole: return value.is_number_integer();
    case Expected::kString: return value.is_string();
    case Expected::kObject: return value.is_object();
    case Expected::kList: return value.is_array();
    case Expected::kBool: return value.is_boolean();
  }
  return false;
}

const char* ExpectedWords(Expected expected) {
  switch (expected) {
    case Expected::kNumber: return "a number";
    case Expected::kWhole: return "a whole number";
    case Expected::kString: return "a string";
    case Expected::kObject: return "an object";
    case Expected::kList: return "a list";
    case Expected::kBool: return "true or false";
  }
  return "";
}

// Line and column of byte `pos` of `text`.
SourceLoc PlaceOf(const std::string& text, size_t pos) {
  SourceLoc loc{1, 1};
  for (size_t i = 0; i < pos && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++loc.line;
      loc.col = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++loc.col;
    }
  }
  return loc;
}

// Where field `name` holding `value` is written in `text`: its key, else 1:1.
SourceLoc RecordFieldLoc(const std::string& text, const std::string& name, const Json& value) {
  const std::string key = "\"" + name + "\"";
  size_t at = text.find(key + ": " + value.dump());
  if (at == std::string::npos) at = text.find(key + ":" + value.dump());
  if (at == std::string::npos) at = text.find(key);
  return at == std::string::npos ? SourceLoc{1, 1} : PlaceOf(text, at);
}

// The objects whose fields are brink's own (not parameters' or files' names), checked too.
bool NestedRecord(const std::string& name) {
  return name == "history" || name == "before_the_history" || name == "bayes_factor" ||
         name == "a" || name == "b" || name == "evidence" || name == "sampler";
}

void CheckRecordFields(const std::string& path, const std::string& text, const Json& json) {
  for (const auto& [name, value] : json.items()) {
    const auto known = RunRecordFields().find(name);
    if (known == RunRecordFields().end() || value.is_null() ||
        HoldsExpected(value, known->second)) {
      if (value.is_object() && NestedRecord(name)) CheckRecordFields(path, text, value);
      continue;
    }
    std::string shown = value.dump();
    if (shown.size() > 40) shown = shown.substr(0, 40) + "…";
    throw ModelError(path, {{RecordFieldLoc(text, name, value),
                             "'" + name + "' is " + shown + ", not " +
                                 ExpectedWords(known->second) +
                                 ": this run.json is not as brink wrote it"}});
  }
}

}  // namespace

void CheckFolderText(const std::string& path, const std::string& text) {
  SourceLoc loc;
  const std::string problem = FindTextError(text, "file brink writes", &loc);
  if (!problem.empty())
    throw ModelError(path, {{loc, problem + ": this file is not as brink wrote it"}});
}

void CheckRunRecord(const std::string& path, const std::string& text) {
  CheckFolderText(path, text);
  Json json;
  try {
    json = Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw ModelError(path, {{PlaceOf(text, e.byte > 0 ? e.byte - 1 : 0),
                             "this run.json is not as brink wrote it: not JSON (" +
                                 std::string(e.what()) + ")"}});
  }
  if (!json.is_object())
    throw ModelError(path, {{{1, 1}, "this run.json is not as brink wrote it: not a JSON object"}});
  CheckRecordFields(path, text, json);
}

}  // namespace brink
