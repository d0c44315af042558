#include "brink/error.h"

#include <algorithm>

namespace brink {
namespace {

std::string FormatOne(const std::string& file, const Diagnostic& d) {
  return file + ":" + std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) +
         ": error: " + d.message + "\n";
}

std::vector<Diagnostic> Sorted(std::vector<Diagnostic> diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return a.loc.line != b.loc.line ? a.loc.line < b.loc.line
                                                     : a.loc.col < b.loc.col;
                   });
  return diagnostics;
}

// Edits (insert, delete, substitute, swap two neighbours) that turn a into b.
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1,
                          d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

ModelError::ModelError(std::string file, std::vector<Diagnostic> diagnostics)
    : std::runtime_error(diagnostics.empty() ? file + ": error"
                                             : FormatOne(file, Sorted(diagnostics)[0])),
      file_(std::move(file)),
      diagnostics_(Sorted(std::move(diagnostics))) {}

std::string ModelError::Format() const {
  std::string out;
  const size_t shown = std::min(diagnostics_.size(), kShownDiagnostics);
  for (size_t i = 0; i < shown; ++i) out += FormatOne(file_, diagnostics_[i]);
  if (diagnostics_.size() > shown)
    out += file_ + ": error: … and " + std::to_string(diagnostics_.size() - shown) + " more\n";
  return out;
}

namespace {

// Each {field} mark of `message` (a lower-case identifier in braces) replaced by word(field).
std::string ReplaceFields(const std::string& message,
                          const std::function<std::string(std::string_view)>& word,
                          std::string* first = nullptr) {
  std::string out;
  size_t i = 0;
  while (i < message.size()) {
    size_t end = message[i] == '{' ? i + 1 : std::string::npos;
    while (end != std::string::npos && end < message.size() &&
           ((message[end] >= 'a' && message[end] <= 'z') || message[end] == '_'))
      ++end;
    if (end != std::string::npos && end > i + 1 && end < message.size() && message[end] == '}') {
      const std::string_view field(message.data() + i + 1, end - i - 1);
      if (first != nullptr && first->empty()) *first = field;
      out += word(field);
      i = end + 1;
    } else {
      out += message[i++];
    }
  }
  return out;
}

std::string Bare(std::string_view field) { return std::string(field); }

}  // namespace

UsageError::UsageError(const std::string& message)
    : std::runtime_error(ReplaceFields(message, Bare)), message_(message) {}

std::string UsageError::Worded(
    const std::function<std::string(std::string_view field)>& word) const {
  return ReplaceFields(message_, word);
}

std::string UsageError::Field() const {
  std::string first;
  ReplaceFields(message_, Bare, &first);
  return first;
}

std::string WordFields(const std::string& message,
                       const std::function<std::string(std::string_view field)>& word) {
  return ReplaceFields(message, word);
}

std::string NearestName(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  // A plausible typo: at most a third of the word's letters wrong (at least 1, at most 3).
  size_t best_distance = std::clamp<size_t>(word.size() / 3, 1, 3) + 1;
  for (const std::string& c : candidates) {
    size_t d = EditDistance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace brink
