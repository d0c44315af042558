// A validated model as JSON, and back: how the live report (docs/reports.md) hands the model
// to the engine in the reader's browser, which has no YAML reader. The JSON is brink's own
// dump of a Model that LoadModel built, not a language for people: it carries every field the
// engines, the estimates and the writers read (conditions as their postfix programs), and
// ModelFromJson gives back a Model equal to it in all of them (source locations are left out,
// and `source`, the YAML text, travels beside it).
#ifndef BRINK_MODEL_JSON_H_
#define BRINK_MODEL_JSON_H_

#include <string>

#include "brink/model.h"

namespace brink {

std::string ModelToJson(const Model& model);

// REQUIRES: `json` is ModelToJson's output (of this version of brink). Throws
// std::invalid_argument when it is not.
Model ModelFromJson(const std::string& json, const std::string& source);

}  // namespace brink

#endif  // BRINK_MODEL_JSON_H_
