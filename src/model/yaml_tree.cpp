#include "model/yaml_tree.h"

#ifndef BRINK_NO_LIBYAML
#include <yaml.h>
#endif

#include <algorithm>

namespace brink::yaml {

struct Node::Data {
  Kind kind = Kind::kUndefined;
  std::string scalar;
  yaml::Mark mark;
  std::vector<Entry> children;
};

namespace {

const std::string& EmptyString() {
  static const std::string empty;
  return empty;
}

}  // namespace

Node::Kind Node::kind() const { return data_ ? data_->kind : Kind::kUndefined; }
const std::string& Node::Scalar() const {
  return data_ && data_->kind == Kind::kScalar ? data_->scalar : EmptyString();
}
Mark Node::Mark() const { return data_ ? data_->mark : yaml::Mark{}; }
size_t Node::size() const { return data_ ? data_->children.size() : 0; }
std::vector<Entry>::const_iterator Node::begin() const {
  static const std::vector<Entry> none;
  return data_ ? data_->children.cbegin() : none.cbegin();
}
std::vector<Entry>::const_iterator Node::end() const {
  static const std::vector<Entry> none;
  return data_ ? data_->children.cend() : none.cend();
}
const Node& Node::operator[](size_t i) const { return data_->children[i]; }

#ifdef BRINK_NO_LIBYAML
// The live report's engine (WebAssembly, docs/reports.md) is built without libyaml: it reads
// its model as JSON (brink/model_json.h), and any YAML it is handed is refused.
std::vector<Node> LoadAll(const std::string&) {
  throw ParserException{{}, "this build of brink reads no YAML (the live report's engine)"};
}
#else
// Builds the tree from libyaml's events, with an explicit stack of open collections.
class TreeBuilder {
 public:
  explicit TreeBuilder(const std::string& text) : text_(text) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') line_starts_.push_back(i + 1);
  }

  std::vector<Node> Build() {
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) throw ParserException{{}, "out of memory"};
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text_.data()),
                                 text_.size());
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    std::vector<Node> documents;
    try {
      for (bool done = false; !done;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) {
          const yaml_mark_t& at = parser.problem ? parser.problem_mark : parser.mark;
          std::string message = parser.problem ? parser.problem : "bad file";
          if (parser.context) message += " " + std::string(parser.context);
          throw ParserException{ToMark(at), message};
        }
        done = event.type == YAML_STREAM_END_EVENT;
        try {
          Handle(event, &documents);
        } catch (...) {
          yaml_event_delete(&event);
          throw;
        }
        yaml_event_delete(&event);
      }
    } catch (...) {
      yaml_parser_delete(&parser);
      throw;
    }
    yaml_parser_delete(&parser);
    return documents;
  }

 private:
  // libyaml counts lines and characters; the loader wants byte offsets too.
  yaml::Mark ToMark(const yaml_mark_t& m) const {
    yaml::Mark mark;
    mark.line = static_cast<int>(m.line);
    mark.column = static_cast<int>(m.column);
    size_t pos = m.line < line_starts_.size() ? line_starts_[m.line] : text_.size();
    size_t c = 0;
    // Resume from the last mark when it is earlier on the same line (marks come in order):
    // a long line is walked once, not once per node on it.
    if (last_.line == m.line && last_.column <= m.column && last_.pos >= pos) {
      pos = last_.pos;
      c = last_.column;
    }
    for (; c < m.column && pos < text_.size(); ++c) {
      ++pos;
      while (pos < text_.size() && (static_cast<unsigned char>(text_[pos]) & 0xC0) == 0x80) ++pos;
    }
    mark.pos = static_cast<int>(std::min(pos, text_.size()));
    last_ = {m.line, m.column, pos};
    return mark;
  }

  Node NewNode(Node::Kind kind, const yaml_mark_t& start) {
    Node node;
    node.data_ = std::make_shared<Node::Data>();
    node.data_->kind = kind;
    node.data_->mark = ToMark(start);
    return node;
  }

  // Adds a finished node to the open collection (as an item, a key or a value), or makes it
  // the document's root.
  void Attach(const Node& node, std::vector<Node>* documents) {
    if (stack_.empty()) {
      documents->push_back(node);
      return;
    }
    Open& top = stack_.back();
    auto& children = top.node.data_->children;
    if (top.node.IsSequence()) {
      Entry entry;
      static_cast<Node&>(entry) = node;
      children.push_back(std::move(entry));
    } else if (!top.has_key) {
      top.key = node;
      top.has_key = true;
    } else {
      Entry entry;
      entry.first = top.key;
      entry.second = node;
      children.push_back(std::move(entry));
      top.has_key = false;
    }
  }

  // A tag (`!foo 6`, `!!str`) would change what a value means without a word: refused.
  void RefuseTag(const yaml_event_t& event, const unsigned char* tag) {
    if (tag == nullptr) return;
    throw ParserException{ToMark(event.start_mark),
                          "YAML tags such as '" + std::string(reinterpret_cast<const char*>(tag)) +
                              "' are not part of brink's language: remove it"};
  }

  void Handle(const yaml_event_t& event, std::vector<Node>* documents) {
    if (event.type == YAML_SCALAR_EVENT) RefuseTag(event, event.data.scalar.tag);
    if (event.type == YAML_SEQUENCE_START_EVENT) RefuseTag(event, event.data.sequence_start.tag);
    if (event.type == YAML_MAPPING_START_EVENT) RefuseTag(event, event.data.mapping_start.tag);
    switch (event.type) {
      case YAML_SCALAR_EVENT: {
        const auto& s = event.data.scalar;
        std::string value(reinterpret_cast<const char*>(s.value), s.length);
        const bool plain = s.style == YAML_PLAIN_SCALAR_STYLE;
        const bool null = plain && (value.empty() || value == "~" || value == "null" ||
                                    value == "Null" || value == "NULL");
        Node node = NewNode(null ? Node::Kind::kNull : Node::Kind::kScalar, event.start_mark);
        if (!null) node.data_->scalar = std::move(value);
        Attach(node, documents);
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        if (static_cast<int>(stack_.size()) >= kMaxDepth)
          throw ParserException{ToMark(event.start_mark),
                                "nesting deeper than " + std::to_string(kMaxDepth) + " levels"};
        Open open;
        open.node = NewNode(event.type == YAML_SEQUENCE_START_EVENT ? Node::Kind::kSequence
                                                                    : Node::Kind::kMap,
                            event.start_mark);
        stack_.push_back(std::move(open));
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        Node done = stack_.back().node;
        stack_.pop_back();
        Attach(done, documents);
        break;
      }
      case YAML_ALIAS_EVENT:
        throw ParserException{ToMark(event.start_mark),
                              "anchors and aliases (*name) are not supported in a model"};
      case YAML_DOCUMENT_END_EVENT: {
        // An empty document has no root node: give it an undefined one.
        if (documents->size() < ++document_count_) {
          Node none;
          documents->push_back(none);
        }
        break;
      }
      default:
        break;
    }
  }

  struct Open {
    Node node;
    Node key;
    bool has_key = false;
  };

  const std::string& text_;
  std::vector<size_t> line_starts_;
  struct LastMark {
    size_t line = static_cast<size_t>(-1), column = 0, pos = 0;
  };
  mutable LastMark last_;  // the last mark ToMark placed
  std::vector<Open> stack_;
  size_t document_count_ = 0;
};

std::vector<Node> LoadAll(const std::string& text) { return TreeBuilder(text).Build(); }
#endif

}  // namespace brink::yaml
