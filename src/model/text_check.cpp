#include "model/text_check.h"

#include <cstdint>
#include <cstdio>

namespace brink {

TextProblem FindTextProblem(const std::string& text, const std::string& what) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  for (size_t i = 0; i < n;) {
    const unsigned char c = bytes[i];
    const int length =
        c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    uint32_t code = length == 1 ? c : length == 2 ? c & 0x1F : length == 3 ? c & 0x0F : c & 0x07;
    bool valid = length > 0 && i + length <= n;
    for (int k = 1; valid && k < length; ++k) {
      valid = (bytes[i + k] & 0xC0) == 0x80;
      code = code << 6 | (bytes[i + k] & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    valid = valid && code >= kMin[length] && code <= 0x10FFFF &&
            !(code >= 0xD800 && code <= 0xDFFF);
    if (!valid) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", c);
      return {i, std::string("invalid UTF-8 (byte ") + hex + "): a " + what + " is UTF-8 text"};
    }
    if ((code < 0x20 && code != '\t' && code != '\n' && code != '\r') || code == 0x7F) {
      char name[16];
      std::snprintf(name, sizeof name, "U+%04X", code);
      return {i, std::string("control character ") + name + " in the " + what + ": a " + what + " is text"};
    }
    i += length;
  }
  return {};
}

}  // namespace brink
