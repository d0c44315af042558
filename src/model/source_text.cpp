#include "model/source_text.h"

#include <algorithm>

namespace brink {

SourceText::SourceText(const std::string& text) : text_(text) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

// Line and column of byte `pos`; columns count characters, as editors show them.
SourceLoc SourceText::PosLoc(int pos) const {
  if (pos < 0) return {1, 1};
  size_t p = std::min(static_cast<size_t>(pos), text_.size());
  auto line = std::upper_bound(line_starts_.begin(), line_starts_.end(), p) - 1;
  // Counting from the last place asked for when it is earlier on the same line: a long line
  // (a flow list of 100,000 items) is then counted once, not once per item.
  size_t from = *line;
  int col = 1;
  if (cache_.pos != std::string::npos && cache_.line_start == *line && cache_.pos <= p) {
    from = cache_.pos;
    col = cache_.col;
  }
  for (size_t i = from; i < p; ++i) col += (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80;
  cache_ = {*line, p, col};
  return {static_cast<int>(line - line_starts_.begin()) + 1, col};
}

SourceLoc SourceText::Loc(const yaml::Node& node) const {
  yaml::Mark m = node.Mark();
  return m.is_null() ? SourceLoc{1, 1} : PosLoc(m.pos);
}

// Where character `offset` of a scalar's value stands in the file: past the opening quote
// of a quoted scalar or the header line of a block scalar, following line folding.
SourceLoc SourceText::TextLoc(const yaml::Node& node, int offset) const {
  yaml::Mark m = node.Mark();
  if (m.is_null() || m.pos < 0 || static_cast<size_t>(m.pos) >= text_.size()) return Loc(node);
  size_t pos = m.pos;
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  if (text_[pos] == '"' || text_[pos] == '\'') {
    ++pos;
  } else if (text_[pos] == '|' || text_[pos] == '>') {
    pos = text_.find('\n', pos);
    if (pos == std::string::npos) return Loc(node);
    while (pos < text_.size() && is_space(text_[pos])) ++pos;
  }
  const std::string& value = node.Scalar();
  for (int i = 0; i < offset && static_cast<size_t>(i) < value.size() && pos < text_.size();
       ++i) {
    if (value[i] != text_[pos] && is_space(value[i]) && is_space(text_[pos])) {
      while (pos < text_.size() && is_space(text_[pos])) ++pos;  // a folded line break
    } else {
      ++pos;
    }
  }
  return PosLoc(static_cast<int>(pos));
}

// The `---` line that opens a second document, else the document's first node.
SourceLoc SourceText::SecondDocumentLoc(const yaml::Node& document) const {
  yaml::Mark m = document.Mark();
  size_t end = m.is_null() || m.pos < 0 ? text_.size() : static_cast<size_t>(m.pos);
  for (size_t line = line_starts_.size(); line-- > 1;) {
    size_t start = line_starts_[line];
    if (start <= end && text_.compare(start, 3, "---") == 0) return PosLoc(static_cast<int>(start));
  }
  return Loc(document);
}

}  // namespace brink
