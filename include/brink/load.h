// YAML → validated Model.
#ifndef BRINK_LOAD_H_
#define BRINK_LOAD_H_

#include <string>

#include "brink/model.h"

namespace brink {

// Reads and validates the model in `path`. Throws ModelError listing every problem found
// (YAML syntax errors stop at the first one); a file that cannot be read is reported at 1:1.
Model LoadModel(const std::string& path);

// Same, from text in memory; `path` is used only in messages.
Model LoadModelFromString(const std::string& text, const std::string& path);

// Parses a point probability as the language writes it: a number in [0, 1] or a percent.
// Returns false (leaving *value alone) for anything else.
bool ParsePointProbability(const std::string& text, double* value);

}  // namespace brink

#endif  // BRINK_LOAD_H_
