// The model loader behind LoadModelFromString (brink/load.h): one pass over the YAML tree that
// collects every problem it finds, each located. Its methods live by concept: load.cpp (the
// file, its top-level keys, parameters, values, conditions, cases and correlations) and
// load_events.cpp (events: kinds, levels, delays, and how occurrences end) and
// load_quantities.cpp (quantities, and the typing of parameters as probabilities or amounts).
#ifndef BRINK_MODEL_LOADER_H_
#define BRINK_MODEL_LOADER_H_

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "brink/error.h"
#include "brink/model.h"
#include "model/source_text.h"
#include "model/value.h"
#include "model/yaml_tree.h"

namespace brink::model_loader {

inline constexpr int kMaxHorizon = 10000;
inline constexpr int kMaxEvents = 65535;
inline constexpr int kMaxLevels = 1000;  // rungs of a ladder, the baseline included
inline constexpr const char* kReserved[] = {"and",   "or",   "not", "true",
                                            "false", "else", "ever"};
inline const std::vector<std::string> kTopKeys = {"scenario",   "description",  "horizon",
                                                  "step",       "start",        "levels",
                                                  "parameters", "correlations", "events",
                                                  "quantities"};
inline const std::vector<std::string> kEventKeys = {"label",  "level", "p",    "after",
                                                    "delay",  "hazard", "while", "ends",
                                                    "recurs", "initially"};
inline const std::vector<std::string> kEndsKeys = {"lasts", "hazard", "while",
                                                   "p",     "after",  "delay"};
inline const std::vector<std::string> kQuantityKeys = {"label", "unit", "per_step",
                                                       "per_occurrence"};
inline const std::string kAmountForms =
    "a number >= 0 (25000, 0.4), a parameter name, a range ('0.2 to 0.6', a lognormal) or a "
    "distribution: uniform(lo, hi), triangular(lo, mode, hi), pert(lo, mode, hi)";
inline const std::string kValueForms =
    "a number in [0, 1] (0.05), a percent (5%), a parameter name, a range ('4% to 12%') or a "
    "distribution: beta(a, b), uniform(lo, hi), triangular(lo, mode, hi), pert(lo, mode, hi)";

bool IsIdentifier(const std::string& s);
bool IsReserved(const std::string& s);
std::string Trim(const std::string& s);
std::string Quote(const std::string& s);
// " (did you mean 'NAME'?)" for the nearest candidate, or "".
std::string DidYouMean(const std::string& word, const std::vector<std::string>& candidates);

// Turns a YAML document into a Model, collecting every problem it finds.
class ModelLoader {
 public:
  ModelLoader(const std::string& text, const std::string& path);

  Model Load();

 private:
  // Bytes that are not text are refused first, at the first one (model/text_check.h).
  void CheckText();

  // Locations in the file (model/source_text.h).
  SourceLoc PosLoc(int pos) const { return source_.PosLoc(pos); }
  SourceLoc Loc(const yaml::Node& node) const { return source_.Loc(node); }
  SourceLoc TextLoc(const yaml::Node& node, int offset = 0) const;
  SourceLoc SecondDocumentLoc(const yaml::Node& document) const;

  SourceLoc KeyLoc(const std::string& key) const;

  void Error(SourceLoc loc, std::string message) { errors_.push_back({loc, std::move(message)}); }

  void Throw();

  // The map's entries by key, reporting unknown and duplicate keys. Top-level key locations
  // are remembered for later messages.
  // Keys given without a value are reported and left out, their names added to *empty.
  std::map<std::string, yaml::Node> Keys(const yaml::Node& map,
                                         const std::vector<std::string>& known,
                                         const std::string& what, std::set<std::string>* empty);

  std::string String(const yaml::Node& node, const std::string& what);

  bool Integer(const yaml::Node& node, int lo, int hi, const std::string& what, int* out);

  void LoadHorizon(const yaml::Node& node);

  // `start:`: the period of step 1, in the unit of the step (model/calendar.h).
  void LoadStart(const yaml::Node& node);

  void LoadLevels(const yaml::Node& node);

  // Reports whether `id` may name an event or parameter; `kind` is "event id" etc.
  bool CheckIdentifier(const yaml::Node& key, const std::string& id, const std::string& kind);

  void LoadParameters(const yaml::Node& node);

  // A named parameter's value, read both as a probability and as an amount: which it is
  // depends on its uses (../shared/spec/quantities.md "Amounts"), known once the model is read.
  struct NamedValue {
    bool probability_ok = false, amount_ok = false;
    Distribution probability, amount;
    Diagnostic probability_error, amount_error;  // when not ok
    bool used = false;
    ParameterUse use = ParameterUse::kProbability;
    SourceLoc first_use;
  };

  // A parameter's own value (a parameter may not name another): *value filled both ways.
  void ParameterValue(const yaml::Node& node, NamedValue* value);

  // Records a use of parameter `index` as `use` at `loc`; a named parameter used both as a
  // probability and as an amount is reported at the second use.
  void UseParameter(int index, ParameterUse use, SourceLoc loc);

  // Types each named parameter by its uses (or, unused, by its form, with a warning), reports
  // a value wrong for its use at the parameter, and fixes its distribution.
  void FinishParameters();

  // Parses a value that is not a name as `kind`; on failure fills *error (located), else *dist.
  bool TryValue(const yaml::Node& node, const std::string& text, ValueKind kind,
                Distribution* dist, Diagnostic* error, const std::string& forms);

  // Reports everything wrong with a value that is not a name; fills *dist when it is right.
  bool Value(const yaml::Node& node, const std::string& text, Distribution* dist,
             const std::string& forms = kValueForms);

  // `quantities:` (../shared/spec/quantities.md), after the events.
  void LoadQuantities(const yaml::Node& node);
  void LoadQuantity(const yaml::Node& key, const yaml::Node& body, Quantity* q);
  // `per_step:` or `per_occurrence:`, a map event id → amount.
  std::vector<QuantityTerm> LoadTerms(const yaml::Node& node, const std::string& owner);
  // An amount: a named parameter's index (its use recorded) or a new anonymous one; -1 after
  // reporting a problem.
  int AmountValue(const yaml::Node& node, const std::string& anonymous_name);

  static int LeadingSpaces(const std::string& s);

  // An event's probability value: returns the parameter it refers to (a new anonymous one
  // for an inline value), or -1 after reporting a problem.
  int ProbabilityValue(const yaml::Node& node, const std::string& anonymous_name);

  Condition ConditionOf(const yaml::Node& node);

  // `p` or `hazard`: a value, or a list of cases.
  std::vector<Case> Cases(const yaml::Node& node, const std::string& owner);

  // `correlations: [[a, b, rho], ...]` between named uncertain parameters.
  void LoadCorrelations(const yaml::Node& node);

  int CorrelatedParameter(const yaml::Node& node);

  void LoadDelay(const yaml::Node& node, Event* e);

  // A number of steps, `N` or `[lo, hi]`, each at least `min` (a `delay` or `lasts`).
  void Steps(const yaml::Node& node, int min, const std::string& what, int* lo, int* hi);

  // `ends:` (../shared/spec/episodes.md "The three kinds of end").
  void LoadEnds(const yaml::Node& key, const yaml::Node& node, Event* e);

  // `recurs: true|false`.
  void LoadRecurs(const yaml::Node& node, Event* e);

  // `initially: active|ended`.
  void LoadInitially(const yaml::Node& node, Event* e);

  void LoadLevel(const yaml::Node& node, Event* e);

  void LoadEvents(const yaml::Node& node);

  void LoadEvent(const yaml::Node& key, const yaml::Node& body, Event* e);

  yaml::Node KeyIn(const yaml::Node& map, const std::string& key) const;

  SourceLoc KeyLocIn(const yaml::Node& map, const std::string& key) const;

  const std::string& text_;
  SourceText source_;
  Model model_;
  std::vector<Diagnostic> errors_;
  std::vector<std::string> event_ids_;
  // Names to indices, so that loading takes time in proportion to the model's size.
  std::unordered_map<std::string, int> event_index_;
  std::unordered_map<std::string, int> parameter_index_;  // named parameters only
  std::unordered_map<int, NamedValue> named_values_;     // by parameter index

  int EventIndex(const std::string& id) const;
  int ParameterIndex(const std::string& name) const;
  std::map<std::string, SourceLoc> key_locs_;
};

}  // namespace brink::model_loader

#endif  // BRINK_MODEL_LOADER_H_
