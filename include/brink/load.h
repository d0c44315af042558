// YAML → validated Model.
#ifndef BRINK_LOAD_H_
#define BRINK_LOAD_H_

#include <cstddef>
#include <string>

#include "brink/error.h"
#include "brink/limits.h"
#include "brink/model.h"

namespace brink {


// Reads and validates the model in `path` ("-": standard input, called "<stdin>" in messages).
// Throws ModelError listing every problem found
// (YAML syntax errors stop at the first one); a file that cannot be read, a folder or a file
// over kMaxModelBytes is reported at 1:1.
Model LoadModel(const std::string& path);
// The bytes LoadModel reads from `path` ("-": standard input), with the name its messages
// use in *shown_path. Throws ModelError at 1:1 as LoadModel does, and for anything but a
// regular file or standard input (a FIFO or a device would block or never end). `what` names
// the file in messages: "model" or "history".
std::string ReadModelText(const std::string& path, std::string* shown_path,
                          const std::string& what = "model");
// Throws ModelError at 1:1 ("the history is larger than 16 MiB ...") when `text` is over
// kMaxModelBytes: every front end's limit, whether the text came from a file or a string.
void CheckTextSize(const std::string& text, const std::string& path, const std::string& what);

// Where `text` stops being text as brink reads and writes it (UTF-8, no control character
// but tab, LF and CR): "" when it is text, else the message ("invalid UTF-8 (byte 0xFF): a
// WHAT is UTF-8 text"), with *loc its line and column.
std::string FindTextError(const std::string& text, const std::string& what, SourceLoc* loc);

// Same, from text in memory; `path` is used only in messages. The text must be UTF-8 without
// control characters other than tab, line feed and carriage return (a located error names
// the first offending byte).
Model LoadModelFromString(const std::string& text, const std::string& path);

// Parses a point probability as the language writes it: a number in [0, 1] or a percent.
// Returns false (leaving *value alone) for anything else.
bool ParsePointProbability(const std::string& text, double* value);
// The same for a point amount: a number >= 0 without a percent sign.
bool ParsePointAmount(const std::string& text, double* value);

}  // namespace brink

#endif  // BRINK_LOAD_H_
