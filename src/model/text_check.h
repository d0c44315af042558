// Is a model's text text? The YAML parser's messages for bytes that are not text mislead
// ("unknown escape character" for a NUL), and invalid UTF-8 would end up in run.json, so the
// loader checks the whole file first.
#ifndef BRINK_MODEL_TEXT_CHECK_H_
#define BRINK_MODEL_TEXT_CHECK_H_

#include <cstddef>
#include <string>

namespace brink {

struct TextProblem {
  size_t offset = 0;     // byte offset of the first offending byte
  std::string message;   // "" when the text is fine
};

// The first byte that makes `text` not UTF-8 (overlong forms, surrogates and code points
// past U+10FFFF included), or a control character other than tab, LF and CR.
// `what` names the text in the message ("a model is UTF-8 text", "a history is ...").
TextProblem FindTextProblem(const std::string& text, const std::string& what = "model");

}  // namespace brink

#endif  // BRINK_MODEL_TEXT_CHECK_H_
