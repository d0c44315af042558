#include "brink/condition.h"

#include <algorithm>
#include <cctype>

namespace brink {

std::vector<int> Condition::Events() const {
  std::vector<int> events;
  for (const Instr& in : program_) {
    if ((in.op == Op::kEvent || in.op == Op::kEver) &&
        std::find(events.begin(), events.end(), in.event) == events.end())
      events.push_back(in.event);
  }
  return events;
}

bool Condition::UsesEver() const {
  return std::any_of(program_.begin(), program_.end(),
                     [](const Instr& in) { return in.op == Op::kEver; });
}

bool Condition::IsMonotone() const {
  return std::none_of(program_.begin(), program_.end(),
                      [](const Instr& in) { return in.op == Op::kNot; });
}

namespace {

struct Token {
  enum Kind { kName, kLParen, kRParen, kEnd, kBad } kind;
  std::string text;
  int offset;  // 0-based offset in the condition text
};

// Recursive-descent parser for:
//   expr := and ("or" and)* ; and := unary ("and" unary)* ;
//   unary := "not" unary | "ever" NAME | atom ; atom := NAME | "true" | "false" | "(" expr ")"
class Parser {
 public:
  Parser(const std::string& text, const TextLocator& locate, const NameResolver& resolve,
         std::vector<Diagnostic>* errors)
      : text_(text), locate_(locate), resolve_(resolve), errors_(errors) {
    Tokenize();
  }

  bool Parse(std::vector<Condition::Instr>* program) {
    program_ = program;
    if (tokens_.size() == 1) return Fail(0, "empty condition");
    if (!Expr()) return false;
    if (Peek().kind != Token::kEnd) {
      const Token& t = Peek();
      if (t.kind == Token::kBad) return Fail(t.offset, Unexpected(t.text));
      return Fail(t.offset, t.kind == Token::kRParen ? "unbalanced ')' in condition"
                                                     : "expected 'and' or 'or' before '" +
                                                           t.text + "'");
    }
    return ok_;
  }

 private:
  void Tokenize() {
    size_t i = 0;
    while (i < text_.size()) {
      char c = text_[i];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++i;
      } else if (c == '(' || c == ')') {
        tokens_.push_back({c == '(' ? Token::kLParen : Token::kRParen, std::string(1, c),
                           static_cast<int>(i)});
        ++i;
      } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
        size_t j = i;
        while (j < text_.size() &&
               (std::isalnum(static_cast<unsigned char>(text_[j])) || text_[j] == '_'))
          ++j;
        tokens_.push_back({Token::kName, text_.substr(i, j - i), static_cast<int>(i)});
        i = j;
      } else {
        size_t j = i;
        while (j < text_.size() && !std::isspace(static_cast<unsigned char>(text_[j])) &&
               text_[j] != '(' && text_[j] != ')')
          ++j;
        tokens_.push_back({Token::kBad, text_.substr(i, j - i), static_cast<int>(i)});
        i = j;
      }
    }
    tokens_.push_back({Token::kEnd, "", static_cast<int>(text_.size())});
  }

  static std::string Unexpected(const std::string& text) {
    return "unexpected '" + text + "' in condition (conditions use 'and', 'or', 'not' and " +
           "parentheses)";
  }

  const Token& Peek() const { return tokens_[pos_]; }
  bool PeekWord(const char* word) const {
    return Peek().kind == Token::kName && Peek().text == word;
  }

  bool Fail(int offset, const std::string& message) {
    if (ok_) errors_->push_back({locate_(offset), message});
    ok_ = false;
    return false;
  }

  void Emit(Condition::Op op, int event, int depth_change) {
    program_->push_back({op, event});
    depth_ += depth_change;
    max_depth_ = std::max(max_depth_, depth_);
  }

  bool Expr() {
    if (!And()) return false;
    while (PeekWord("or")) {
      ++pos_;
      if (!And()) return false;
      Emit(Condition::Op::kOr, -1, -1);
    }
    return true;
  }

  bool And() {
    if (!Unary()) return false;
    while (PeekWord("and")) {
      ++pos_;
      if (!Unary()) return false;
      Emit(Condition::Op::kAnd, -1, -1);
    }
    return true;
  }

  bool Unary() {
    // Bounds the recursion as well as the evaluation stack.
    if (++nesting_ > Condition::kMaxDepth || max_depth_ >= Condition::kMaxDepth)
      return Fail(Peek().offset, "condition is nested too deeply");
    bool ok = true;
    if (PeekWord("not")) {
      ++pos_;
      ok = Unary();
      if (ok) Emit(Condition::Op::kNot, -1, 0);
    } else if (PeekWord("ever")) {
      ++pos_;
      ok = Ever();
    } else {
      ok = Atom();
    }
    --nesting_;
    return ok;
  }

  // `ever` takes an event id: not a parenthesis, a keyword or a constant.
  bool Ever() {
    const Token& t = Peek();
    if (t.kind != Token::kName || t.text == "and" || t.text == "or" || t.text == "not" ||
        t.text == "else" || t.text == "true" || t.text == "false" || t.text == "ever")
      return Fail(t.offset, "'ever' must be followed by an event id" +
                                (t.kind == Token::kEnd ? std::string() : ", not '" + t.text + "'"));
    ++pos_;
    std::string why;
    const int event = resolve_(t.text, &why);
    if (event < 0) return Fail(t.offset, why);
    Emit(Condition::Op::kEver, event, 1);
    return true;
  }

  bool Atom() {
    const Token& t = Peek();
    switch (t.kind) {
      case Token::kLParen: {
        ++pos_;
        if (!Expr()) return false;
        if (Peek().kind != Token::kRParen) return Fail(t.offset, "unbalanced '(' in condition");
        ++pos_;
        return true;
      }
      case Token::kName: {
        if (t.text == "and" || t.text == "or" || t.text == "else")
          return Fail(t.offset, "expected an event id before '" + t.text + "'");
        ++pos_;
        if (t.text == "true") {
          Emit(Condition::Op::kTrue, -1, 1);
        } else if (t.text == "false") {
          Emit(Condition::Op::kFalse, -1, 1);
        } else {
          std::string why;
          int event = resolve_(t.text, &why);
          if (event < 0) return Fail(t.offset, why);
          Emit(Condition::Op::kEvent, event, 1);
        }
        return true;
      }
      case Token::kRParen:
        return Fail(t.offset, "expected an event id before ')'");
      case Token::kEnd:
        return Fail(t.offset, "condition ends where an event id was expected");
      case Token::kBad:
        return Fail(t.offset, Unexpected(t.text));
    }
    return false;
  }

  const std::string& text_;
  const TextLocator& locate_;
  const NameResolver& resolve_;
  std::vector<Diagnostic>* errors_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  std::vector<Condition::Instr>* program_ = nullptr;
  int depth_ = 0;
  int max_depth_ = 0;
  int nesting_ = 0;
  bool ok_ = true;
};

}  // namespace

Condition ParseCondition(const std::string& text, const TextLocator& locate,
                         const NameResolver& resolve, std::vector<Diagnostic>* errors) {
  std::vector<Condition::Instr> program;
  Parser parser(text, locate, resolve, errors);
  if (!parser.Parse(&program)) return Condition();
  return Condition(std::move(program), text, locate(0));
}

}  // namespace brink
