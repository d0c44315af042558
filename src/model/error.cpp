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

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitute});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

ModelError::ModelError(std::string file, std::vector<Diagnostic> diagnostics)
    : std::runtime_error(diagnostics.empty() ? file + ": error"
                                             : FormatOne(file, Sorted(diagnostics)[0])),
      file_(std::move(file)),
      diagnostics_(Sorted(std::move(diagnostics))) {}

std::string ModelError::Format() const {
  std::string out;
  for (const Diagnostic& d : diagnostics_) out += FormatOne(file_, d);
  return out;
}

std::string NearestName(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
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
