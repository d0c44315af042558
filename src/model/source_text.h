// Locations in a YAML file (a model or a history) for its messages: the line and column of a
// byte, of a node, or of a character inside a scalar's value.
#ifndef BRINK_MODEL_SOURCE_TEXT_H_
#define BRINK_MODEL_SOURCE_TEXT_H_

#include <string>
#include <vector>

#include "brink/error.h"
#include "model/yaml_tree.h"

namespace brink {

class SourceText {
 public:
  // `text` must outlive this object.
  explicit SourceText(const std::string& text);

  // Line and column of byte `pos`; columns count characters, as editors show them.
  SourceLoc PosLoc(int pos) const;
  // Where a node starts (1:1 for a node without a mark).
  SourceLoc Loc(const yaml::Node& node) const;
  // Where character `offset` of a scalar's value stands in the file: past the opening quote
  // of a quoted scalar or the header line of a block scalar, following line folding.
  SourceLoc TextLoc(const yaml::Node& node, int offset = 0) const;
  // The `---` line that opens a second document, else the document's first node.
  SourceLoc SecondDocumentLoc(const yaml::Node& document) const;

 private:
  const std::string& text_;
  std::vector<size_t> line_starts_;  // byte offset of each line
  struct Place {
    size_t line_start = 0;
    size_t pos = std::string::npos;  // none yet
    int col = 1;
  };
  mutable Place cache_;  // the last place PosLoc counted to
};

}  // namespace brink

#endif  // BRINK_MODEL_SOURCE_TEXT_H_
