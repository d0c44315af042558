// YAML text → a tree of nodes with their source positions, parsed by libyaml (Debian's
// libyaml-dev: the reference C parser, continuously fuzzed). It replaces yaml-cpp 0.7, whose
// scanner loops without end, allocating until the machine runs out, on a stray comma (`,`).
//
// The tree offers the small part of yaml-cpp's Node interface that the loader uses, with the
// same meaning. What a model may not contain is refused while parsing, so a hostile file
// cannot make the loader do unbounded work: anchors and aliases (the "billion laughs"), and
// nesting deeper than kMaxDepth (parsed with an explicit stack, never by recursion).
#ifndef BRINK_MODEL_YAML_TREE_H_
#define BRINK_MODEL_YAML_TREE_H_

#include <memory>
#include <string>
#include <vector>

namespace brink::yaml {

// A position: byte offset `pos` in the text, and 0-based line and column (characters).
struct Mark {
  int pos = -1;
  int line = -1;
  int column = -1;
  bool is_null() const { return pos < 0; }
};

// A syntax error or refused construct at `mark`.
struct ParserException {
  Mark mark;
  std::string msg;
};

struct Entry;

class Node {
 public:
  enum class Kind { kUndefined, kNull, kScalar, kSequence, kMap };

  Node() = default;  // undefined

  bool IsDefined() const { return kind() != Kind::kUndefined; }
  bool IsNull() const { return kind() == Kind::kNull; }
  bool IsScalar() const { return kind() == Kind::kScalar; }
  bool IsSequence() const { return kind() == Kind::kSequence; }
  bool IsMap() const { return kind() == Kind::kMap; }

  // The scalar's value ("" for any other node).
  const std::string& Scalar() const;
  // Where the node starts: a quoted scalar at its quote, a block scalar at its `|` or `>`.
  ::brink::yaml::Mark Mark() const;
  // Items of a sequence or entries of a map, in document order.
  size_t size() const;
  std::vector<Entry>::const_iterator begin() const;
  std::vector<Entry>::const_iterator end() const;
  // Item i of a sequence. REQUIRES: IsSequence() and i < size().
  const Node& operator[](size_t i) const;

 private:
  friend class TreeBuilder;
  struct Data;
  Kind kind() const;
  std::shared_ptr<Data> data_;
};

// An item of a sequence (the Node itself) or an entry of a map (`first`: the key, `second`:
// the value).
struct Entry : Node {
  Node first;
  Node second;
};

// The nesting the parser accepts: far deeper than any model, shallow enough for any stack.
constexpr int kMaxDepth = 64;

// Every document of `text` (none for an empty text). Throws ParserException.
std::vector<Node> LoadAll(const std::string& text);

}  // namespace brink::yaml

#endif  // BRINK_MODEL_YAML_TREE_H_
