#include "model_generator.h"

#include <algorithm>
#include <vector>

namespace brink::test {
namespace {

struct Spec {
  bool trigger = true;
  int delay_lo = 0;
  int delay_hi = 0;
  bool immediate() const { return trigger || delay_lo == 0; }
};

// Precedence of what a condition's text starts with: 1 or, 2 and, 3 not, 4 atom.
struct Text {
  std::string text;
  int precedence;
};

// A number in [lo, hi) written as a decimal or as a percent.
std::string Number(Dice& dice, double lo, double hi) {
  int thousandths = static_cast<int>(1000 * (lo + (hi - lo) * dice.Real()));
  std::string digits = std::to_string(thousandths);
  if (dice.Chance(0.5)) {
    std::string percent = std::to_string(thousandths / 10);
    if (thousandths % 10 != 0) percent += "." + std::to_string(thousandths % 10);
    return percent + "%";
  }
  return "0." + std::string(3 - std::min<size_t>(3, digits.size()), '0') + digits;
}

// `c` as an operand where precedence `need` is required: parenthesised when it binds more
// loosely, and now and then when it need not be.
std::string Wrap(Dice& dice, const Text& c, int need) {
  if (c.precedence < need || (c.precedence < 4 && dice.Chance(0.2))) return "(" + c.text + ")";
  return c.text;
}

class Generator {
 public:
  Generator(uint64_t seed, const GeneratorLimits& limits) : dice_(seed), limits_(limits) {}

  std::string Model() {
    const int n = dice_.Int(1, limits_.max_events);
    const int horizon = dice_.Int(1, limits_.max_horizon);
    const int num_levels = dice_.Chance(0.7) ? dice_.Int(1, 4) : 0;
    specs_.resize(n);
    for (Spec& s : specs_) {
      s.trigger = dice_.Chance(0.5);
      if (s.trigger) continue;
      switch (dice_.Int(0, 2)) {
        case 0: break;  // delay 0
        case 1: s.delay_lo = s.delay_hi = dice_.Int(1, limits_.max_delay); break;
        default:
          s.delay_lo = dice_.Int(0, limits_.max_delay - 1);
          s.delay_hi = dice_.Int(s.delay_lo + 1, limits_.max_delay);
      }
    }
    std::string yaml = "scenario: generated\nhorizon: " + std::to_string(horizon) + "\n";
    if (num_levels > 0) {
      yaml += "levels:\n";
      for (int k = 0; k <= num_levels; ++k) yaml += "  - level " + std::to_string(k) + "\n";
    }
    const bool parameters = dice_.Chance(0.4);
    if (parameters)
      yaml += "parameters:\n  rate: " + Number(dice_, 0.02, 0.4) + "\n  odds: " +
              Number(dice_, 0.1, 0.9) + "\n";
    std::vector<std::string> events;
    for (int i = 0; i < n; ++i) events.push_back(Event(i, num_levels, parameters));
    for (int i = n - 1; i > 0; --i) std::swap(events[i], events[dice_.Int(0, i)]);
    yaml += "events:\n";
    for (const std::string& e : events) yaml += e;
    return yaml;
  }

  // A condition over any of n events, for --given (no ordering constraint applies).
  std::string Given(int n) {
    specs_.assign(n, Spec{});
    allowed_.clear();
    for (int j = 0; j < n; ++j) allowed_.push_back(j);
    return Condition(2).text;
  }

 private:
  std::string Event(int i, int num_levels, bool parameters) {
    const Spec& s = specs_[i];
    allowed_.clear();
    for (int j = 0; j < static_cast<int>(specs_.size()); ++j)
      if (j < i || (j > i && !specs_[j].immediate())) allowed_.push_back(j);
    std::string out = "  e" + std::to_string(i) + ":\n";
    const char* key = s.trigger ? "hazard" : "p";
    if (!allowed_.empty() && dice_.Chance(0.3)) {
      out += std::string("    ") + key + ":\n";
      const int cases = dice_.Int(1, 3);
      for (int c = 0; c < cases; ++c)
        out += "      - when: " + Condition(2).text + "\n        p: " +
               Probability(s.trigger, parameters) + "\n";
      if (dice_.Chance(0.6)) out += "      - else: " + Probability(s.trigger, parameters) + "\n";
    } else {
      out += std::string("    ") + key + ": " + Probability(s.trigger, parameters) + "\n";
    }
    if (!allowed_.empty() && dice_.Chance(0.65))
      out += std::string("    ") + (s.trigger ? "while" : "after") + ": " +
             Condition(dice_.Int(0, 2)).text + "\n";
    if (!s.trigger && s.delay_hi > 0) {
      out += "    delay: ";
      out += s.delay_lo == s.delay_hi ? std::to_string(s.delay_lo)
                                      : "[" + std::to_string(s.delay_lo) + ", " +
                                            std::to_string(s.delay_hi) + "]";
      out += "\n";
    } else if (!s.trigger && dice_.Chance(0.1)) {
      out += "    delay: 0\n";
    }
    if (num_levels > 0 && dice_.Chance(0.6)) {
      int level = dice_.Int(0, num_levels);
      out += "    level: " + (dice_.Chance(0.5) ? std::to_string(level)
                                                : "level " + std::to_string(level)) + "\n";
    }
    return out;
  }

  std::string Probability(bool trigger, bool parameters) {
    if (parameters && dice_.Chance(0.25)) return trigger ? "rate" : "odds";
    switch (dice_.Int(0, 9)) {
      case 0: return "0";
      case 1: return dice_.Chance(0.5) ? "1" : "100%";
      case 2: return dice_.Chance(0.5) ? "0.001" : "0.999";
      default: return trigger ? Number(dice_, 0.02, 0.45) : Number(dice_, 0.05, 0.95);
    }
  }

  // A random condition over allowed_ (non-empty) with at most `depth` levels of operators.
  Text Condition(int depth) {
    if (depth == 0 || dice_.Chance(0.35)) {
      if (dice_.Chance(0.03)) return {dice_.Chance(0.5) ? "true" : "false", 4};
      return {"e" + std::to_string(allowed_[dice_.Int(0, static_cast<int>(allowed_.size()) - 1)]),
              4};
    }
    switch (dice_.Int(0, 2)) {
      case 0: return {"not " + Wrap(dice_, Condition(depth - 1), 3), 3};
      case 1:
        return {Wrap(dice_, Condition(depth - 1), 2) + " and " +
                    Wrap(dice_, Condition(depth - 1), 2),
                2};
      default:
        return {Wrap(dice_, Condition(depth - 1), 1) + " or " +
                    Wrap(dice_, Condition(depth - 1), 1),
                1};
    }
  }

  Dice dice_;
  GeneratorLimits limits_;
  std::vector<Spec> specs_;
  std::vector<int> allowed_;
};

// The shape of one event of a version-2 model, drawn before any of its text.
struct EpisodeSpec {
  enum class End { kNever, kLasts, kHazard, kDecided };
  bool trigger = true;
  int delay_lo = 0;
  int delay_hi = 0;
  End end = End::kNever;
  bool recurs = false;
  int initially = 0;  // 0: not, 1: `initially: active`, 2: `initially: ended`
  bool immediate() const { return trigger || delay_lo == 0; }
};

// Version-2 models (../shared/spec/episodes.md). Every random draw is its own statement, so
// the order of draws (and the model) does not depend on how a compiler orders an expression.
class EpisodeGenerator {
 public:
  EpisodeGenerator(uint64_t seed, const GeneratorLimits& limits) : dice_(seed), limits_(limits) {}

  std::string Model() {
    // The larger of two draws: most models have several events and steps, where episodes
    // end and begin again, and a few are the smallest cases.
    const int some = dice_.Int(1, limits_.max_events);
    const int n = std::max(some, dice_.Int(1, limits_.max_events));
    const int steps = dice_.Int(1, limits_.max_horizon);
    const int horizon = std::max(steps, dice_.Int(1, limits_.max_horizon));
    const int num_levels = dice_.Chance(0.6) ? dice_.Int(1, 3) : 0;
    specs_.assign(n, EpisodeSpec{});
    bool two_way = false;
    for (EpisodeSpec& s : specs_) {
      s.trigger = dice_.Chance(0.5);
      if (!s.trigger) {
        switch (dice_.Int(0, 3)) {
          case 0: case 1: break;  // delay 0
          case 2: s.delay_lo = s.delay_hi = dice_.Int(1, limits_.max_delay); break;
          default:
            s.delay_lo = dice_.Int(0, limits_.max_delay - 1);
            s.delay_hi = dice_.Int(s.delay_lo + 1, limits_.max_delay);
        }
      }
      if (dice_.Chance(0.75)) s.end = static_cast<EpisodeSpec::End>(dice_.Int(1, 3));
      s.recurs = s.end != EpisodeSpec::End::kNever && dice_.Chance(0.55);
      const int initially = dice_.Int(0, 9);
      s.initially = initially < 2 ? 1 : initially < 3 ? 2 : 0;
      two_way = two_way || s.end != EpisodeSpec::End::kNever || s.initially != 0;
    }
    if (!two_way) specs_[0].end = EpisodeSpec::End::kHazard;
    std::string yaml = "scenario: generated\nhorizon: " + std::to_string(horizon) + "\n";
    if (num_levels > 0) {
      yaml += "levels:\n";
      for (int k = 0; k <= num_levels; ++k) yaml += "  - level " + std::to_string(k) + "\n";
    }
    parameters_ = dice_.Chance(0.3);
    if (parameters_) {
      yaml += "parameters:\n  rate: " + Number(dice_, 0.05, 0.5) + "\n";
      yaml += "  odds: " + Number(dice_, 0.2, 0.9) + "\n";
    }
    std::vector<std::string> events;
    for (int i = 0; i < n; ++i) events.push_back(Event(i, num_levels));
    for (int i = n - 1; i > 0; --i) std::swap(events[i], events[dice_.Int(0, i)]);
    yaml += "events:\n";
    for (const std::string& e : events) yaml += e;
    return yaml;
  }

  // A condition over any of n events, with `ever`, for --given.
  std::string Given(int n) {
    allowed_.clear();
    for (int j = 0; j < n; ++j) allowed_.push_back(j);
    return Condition(2).text;
  }

 private:
  std::string Event(int i, int num_levels) {
    const EpisodeSpec& s = specs_[i];
    // An onset's conditions name earlier events and later events that are never immediate,
    // so there is no cycle; its cases may also name the event itself (it reads its own state
    // and makes no edge). Not its gate: a trigger whose `while` needs itself active is dead.
    allowed_.clear();
    for (int j = 0; j < static_cast<int>(specs_.size()); ++j)
      if (j < i || (j > i && !specs_[j].immediate())) allowed_.push_back(j);
    const std::vector<int> others = allowed_;
    if (allowed_.empty() || dice_.Chance(0.3)) allowed_.push_back(i);
    std::string out = "  e" + std::to_string(i) + ":\n";
    out += s.trigger ? Probability("    ", "hazard", 0.05, 0.6, i)
                     : Probability("    ", "p", 0.2, 0.95, i);
    allowed_ = others;
    if (!allowed_.empty() && dice_.Chance(0.55)) {
      const int depth = dice_.Int(0, 2);
      out += std::string("    ") + (s.trigger ? "while" : "after") + ": " +
             Condition(depth).text + "\n";
    }
    if (!s.trigger && s.delay_hi > 0)
      out += "    delay: " + Steps(s.delay_lo, s.delay_hi) + "\n";
    else if (!s.trigger && dice_.Chance(0.1))
      out += "    delay: 0\n";
    if (num_levels > 0 && dice_.Chance(0.6)) {
      const int level = dice_.Int(0, num_levels);
      out += "    level: " + std::to_string(level) + "\n";
    }
    if (s.recurs) out += "    recurs: true\n";
    if (s.initially == 1) out += "    initially: active\n";
    if (s.initially == 2) out += "    initially: ended\n";
    if (s.end == EpisodeSpec::End::kNever) return out;
    // Conditions inside `ends` read the state of the step before: any event, no edge.
    allowed_.clear();
    for (int j = 0; j < static_cast<int>(specs_.size()); ++j) allowed_.push_back(j);
    out += "    ends:\n";
    switch (s.end) {
      case EpisodeSpec::End::kLasts: {
        const int lo = dice_.Int(1, limits_.max_lasts);
        const int hi = dice_.Chance(0.5) ? lo : dice_.Int(lo, limits_.max_lasts);
        out += "      lasts: " + Steps(lo, hi) + "\n";
        break;
      }
      case EpisodeSpec::End::kHazard:
        out += Probability("      ", "hazard", 0.1, 0.7, i);
        if (dice_.Chance(0.5)) out += "      while: " + Condition(dice_.Int(0, 2)).text + "\n";
        break;
      default:
        out += Probability("      ", "p", 0.2, 0.95, i);
        if (dice_.Chance(0.5)) out += "      after: " + Condition(dice_.Int(0, 2)).text + "\n";
        if (dice_.Chance(0.6)) {
          const int lo = dice_.Int(0, limits_.max_delay);
          const int hi = dice_.Chance(0.5) ? lo : dice_.Int(lo, limits_.max_delay);
          out += "      delay: " + Steps(lo, hi) + "\n";
        }
    }
    return out;
  }

  // "3", or "[1, 3]" when lo < hi (and now and then "[2, 2]").
  std::string Steps(int lo, int hi) {
    if (lo == hi && dice_.Chance(0.8)) return std::to_string(lo);
    return "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  }

  // `key: value` at `indent`, or a list of cases (conditions over allowed_): among them the
  // spec's self-reference, `[{when: ever self, p: ..}, {else: ..}]`.
  std::string Probability(const std::string& indent, const char* key, double lo, double hi,
                          int self) {
    const int form = dice_.Int(0, 9);
    if (form == 0) {
      const std::string a = Value(lo, hi);
      const std::string b = Value(lo, hi);
      return indent + key + ": [{when: ever e" + std::to_string(self) + ", p: " + a +
             "}, {else: " + b + "}]\n";
    }
    if (form <= 3) {
      std::string out = indent + key + ":\n";
      const int cases = dice_.Int(1, 3);
      for (int c = 0; c < cases; ++c) {
        const std::string when = Condition(2).text;
        out += indent + "  - when: " + when + "\n" + indent + "    p: " + Value(lo, hi) + "\n";
      }
      if (dice_.Chance(0.6)) out += indent + "  - else: " + Value(lo, hi) + "\n";
      return out;
    }
    return indent + key + ": " + Value(lo, hi) + "\n";
  }

  std::string Value(double lo, double hi) {
    const int form = dice_.Int(0, 19);
    if (parameters_ && form < 3) return form == 0 ? "rate" : "odds";
    if (form == 3) return "0";
    if (form == 4) return dice_.Chance(0.5) ? "1" : "100%";
    if (form == 5) return dice_.Chance(0.5) ? "0.999" : "0.001";
    return Number(dice_, lo, hi);
  }

  // A random condition over allowed_ (non-empty) with at most `depth` levels of operators; an
  // event is named as `X` (active now) or `ever X` (has happened).
  Text Condition(int depth) {
    if (depth == 0 || dice_.Chance(0.35)) {
      if (dice_.Chance(0.03)) return {dice_.Chance(0.5) ? "true" : "false", 4};
      const int e = allowed_[dice_.Int(0, static_cast<int>(allowed_.size()) - 1)];
      const bool ever = dice_.Chance(0.35);
      return {(ever ? "ever e" : "e") + std::to_string(e), 4};
    }
    const int op = dice_.Int(0, 2);
    if (op == 0) {
      const Text a = Condition(depth - 1);
      return {"not " + Wrap(dice_, a, 3), 3};
    }
    const Text a = Condition(depth - 1);
    const std::string left = Wrap(dice_, a, op == 1 ? 2 : 1);
    const Text b = Condition(depth - 1);
    const std::string right = Wrap(dice_, b, op == 1 ? 2 : 1);
    return op == 1 ? Text{left + " and " + right, 2} : Text{left + " or " + right, 1};
  }

  Dice dice_;
  GeneratorLimits limits_;
  std::vector<EpisodeSpec> specs_;
  std::vector<int> allowed_;
  bool parameters_ = false;
};

}  // namespace

std::string GenerateModel(uint64_t seed, const GeneratorLimits& limits) {
  return Generator(seed, limits).Model();
}

std::string GenerateCondition(uint64_t seed, int num_events) {
  return Generator(seed, {}).Given(num_events);
}

std::string GenerateEpisodeModel(uint64_t seed, const GeneratorLimits& limits) {
  return EpisodeGenerator(seed, limits).Model();
}

std::string GenerateEpisodeCondition(uint64_t seed, int num_events) {
  return EpisodeGenerator(seed, {}).Given(num_events);
}

}  // namespace brink::test
