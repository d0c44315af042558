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
    if (parameters) yaml += "parameters:\n  rate: " + Number(0.02, 0.4) + "\n  odds: " +
                            Number(0.1, 0.9) + "\n";
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
      default: return trigger ? Number(0.02, 0.45) : Number(0.05, 0.95);
    }
  }

  // A number in [lo, hi) written as a decimal or as a percent.
  std::string Number(double lo, double hi) {
    int thousandths = static_cast<int>(1000 * (lo + (hi - lo) * dice_.Real()));
    std::string digits = std::to_string(thousandths);
    if (dice_.Chance(0.5)) {
      std::string percent = std::to_string(thousandths / 10);
      if (thousandths % 10 != 0) percent += "." + std::to_string(thousandths % 10);
      return percent + "%";
    }
    return "0." + std::string(3 - std::min<size_t>(3, digits.size()), '0') + digits;
  }

  // A random condition over allowed_ (non-empty) with at most `depth` levels of operators.
  Text Condition(int depth) {
    if (depth == 0 || dice_.Chance(0.35)) {
      if (dice_.Chance(0.03)) return {dice_.Chance(0.5) ? "true" : "false", 4};
      return {"e" + std::to_string(allowed_[dice_.Int(0, static_cast<int>(allowed_.size()) - 1)]),
              4};
    }
    switch (dice_.Int(0, 2)) {
      case 0: return {"not " + Wrap(Condition(depth - 1), 3), 3};
      case 1: return {Wrap(Condition(depth - 1), 2) + " and " + Wrap(Condition(depth - 1), 2), 2};
      default: return {Wrap(Condition(depth - 1), 1) + " or " + Wrap(Condition(depth - 1), 1), 1};
    }
  }

  // `c` as an operand where precedence `need` is required: parenthesised when it binds more
  // loosely, and now and then when it need not be.
  std::string Wrap(const Text& c, int need) {
    if (c.precedence < need || (c.precedence < 4 && dice_.Chance(0.2))) return "(" + c.text + ")";
    return c.text;
  }

  Dice dice_;
  GeneratorLimits limits_;
  std::vector<Spec> specs_;
  std::vector<int> allowed_;
};

}  // namespace

std::string GenerateModel(uint64_t seed, const GeneratorLimits& limits) {
  return Generator(seed, limits).Model();
}

std::string GenerateCondition(uint64_t seed, int num_events) {
  return Generator(seed, {}).Given(num_events);
}

}  // namespace brink::test
