// YAML → validated Model.
#ifndef BRINK_LOAD_H_
#define BRINK_LOAD_H_

#include <cstddef>
#include <string>

#include "brink/model.h"

namespace brink {

// The largest model file brink reads. Real models are a few kilobytes; the limit keeps a
// wrong path (a device, a log) from filling memory.
constexpr size_t kMaxModelBytes = size_t{16} << 20;

// Reads and validates the model in `path` ("-": standard input, called "<stdin>" in messages).
// Throws ModelError listing every problem found
// (YAML syntax errors stop at the first one); a file that cannot be read, a folder or a file
// over kMaxModelBytes is reported at 1:1.
Model LoadModel(const std::string& path);
// The bytes LoadModel reads from `path` ("-": standard input), with the name its messages
// use in *shown_path. Throws ModelError at 1:1 as LoadModel does.
std::string ReadModelText(const std::string& path, std::string* shown_path);

// Same, from text in memory; `path` is used only in messages. The text must be UTF-8 without
// control characters other than tab, line feed and carriage return (a located error names
// the first offending byte).
Model LoadModelFromString(const std::string& text, const std::string& path);

// Parses a point probability as the language writes it: a number in [0, 1] or a percent.
// Returns false (leaving *value alone) for anything else.
bool ParsePointProbability(const std::string& text, double* value);

}  // namespace brink

#endif  // BRINK_LOAD_H_
