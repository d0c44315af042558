#include "model/value.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <vector>

#include "model/number_text.h"
#include "brink/error.h"

namespace brink {
namespace {

const std::vector<std::string> kFunctions = {"beta", "uniform", "triangular", "pert"};

std::string Trim(const std::string& s, int* leading = nullptr) {
  size_t b = s.find_first_not_of(" \t");
  if (leading) *leading = b == std::string::npos ? 0 : static_cast<int>(b);
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

bool ParseNumber(const std::string& text, double* value) {
  if (text.empty() || text[0] == '+' || text[0] == '-') return false;
  double v = 0;
  auto [end, ec] = ParseDouble(text.data(), text.data() + text.size(), &v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return false;
  *value = v;
  return true;
}

bool IsName(const std::string& s) {
  return !s.empty() && (std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_') &&
         std::all_of(s.begin(), s.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
         });
}

std::string Quote(const std::string& s) { return "'" + s + "'"; }

// One argument of a function or a bound of a range: a number or a percent.
ValueError Argument(const std::string& raw, int offset, bool allow_percent, double* value) {
  int leading = 0;
  std::string text = Trim(raw, &leading);
  bool percent = false;
  if (!ParseNumberOrPercent(text, value, &percent) || (percent && !allow_percent))
    return {Quote(text) + " is not a number", offset + leading};
  return {};
}

ValueError Function(const std::string& text, ValueKind kind, Distribution* dist) {
  const bool amount = kind == ValueKind::kAmount;
  size_t open = text.find('(');
  std::string name = Trim(text.substr(0, open));
  if (amount && name == "beta")
    return {"beta(a, b) is a probability's distribution; an amount is a number, "
            "uniform(lo, hi), triangular(lo, mode, hi), pert(lo, mode, hi) or 'LO to HI'",
            0};
  if (std::find(kFunctions.begin(), kFunctions.end(), name) == kFunctions.end()) {
    std::string near = NearestName(name, kFunctions);
    return {"unknown distribution " + Quote(name) +
                (near.empty() ? "" : " (did you mean " + Quote(near) + "?)") +
                ": the distributions are beta(a, b), uniform(lo, hi), triangular(lo, mode, hi) "
                "and pert(lo, mode, hi); a range is written '4% to 12%'",
            0};
  }
  if (text.back() != ')')
    return {"missing ')' after the arguments of " + name +
                " (inside a {...} map, quote the value: \"" + name + "(...)\")",
            0};
  std::vector<double> args;
  std::string inside = text.substr(open + 1, text.size() - open - 2);
  size_t start = 0;
  for (;;) {
    size_t comma = inside.find(',', start);
    std::string piece = inside.substr(start, comma == std::string::npos ? std::string::npos
                                                                        : comma - start);
    double v = 0;
    ValueError e =
        Argument(piece, static_cast<int>(open + 1 + start), name != "beta" && !amount, &v);
    if (!e.message.empty()) return e;
    args.push_back(v);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  const size_t want = name == "beta" || name == "uniform" ? 2 : 3;
  if (args.size() != want) {
    const char* form = name == "beta"      ? "beta(a, b)"
                       : name == "uniform" ? "uniform(lo, hi)"
                                           : (name == "pert" ? "pert(lo, mode, hi)"
                                                             : "triangular(lo, mode, hi)");
    return {std::string(form) + " takes " + std::to_string(want) + " numbers, not " +
                std::to_string(args.size()),
            0};
  }
  if (name == "beta") {
    if (!(args[0] > 0 && args[1] > 0)) return {"beta(a, b) needs a > 0 and b > 0", 0};
    if (args[0] > kMaxBetaShape || args[1] > kMaxBetaShape)
      return {"beta(a, b) shapes above " + std::to_string(static_cast<long>(kMaxBetaShape)) +
                  " are not supported; a beta that concentrated is a point value: write its "
                  "mean a/(a+b)",
              0};
    *dist = {Distribution::Kind::kBeta, args[0], args[1], 0};
  } else if (name == "uniform") {
    if (amount && !(0 <= args[0] && args[0] < args[1]))
      return {"an amount's uniform(lo, hi) needs 0 <= lo < hi", 0};
    if (!amount && !(0 <= args[0] && args[0] < args[1] && args[1] <= 1))
      return {"uniform(lo, hi) needs 0 <= lo < hi <= 1", 0};
    *dist = {Distribution::Kind::kUniform, args[0], args[1], 0};
  } else {
    if (!(0 <= args[0] && args[0] <= args[1] && args[1] <= args[2] &&
          (amount || args[2] <= 1) && args[0] < args[2]))
      return {amount ? "an amount's " + name + "(lo, mode, hi) needs 0 <= lo <= mode <= hi and lo < hi"
                     : name + "(lo, mode, hi) needs 0 <= lo <= mode <= hi <= 1 and lo < hi",
              0};
    *dist = {name == "pert" ? Distribution::Kind::kPert : Distribution::Kind::kTriangular,
             args[0], args[1], args[2]};
  }
  return {};
}

ValueError Range(const std::string& text, size_t to, ValueKind kind, Distribution* dist) {
  const bool amount = kind == ValueKind::kAmount;
  double lo = 0, hi = 0;
  ValueError e = Argument(text.substr(0, to), 0, !amount, &lo);
  if (e.message.empty())
    e = Argument(text.substr(to + 4), static_cast<int>(to + 4), !amount, &hi);
  if (!e.message.empty()) return e;
  if (amount) {
    if (!(0 < lo && lo < hi)) return {"an amount's 'LO to HI' needs 0 < LO < HI", 0};
    *dist = {Distribution::Kind::kLogNormal, lo, hi, 0};
    return {};
  }
  if (!(0 < lo && lo < hi && hi < 1)) return {"'LO to HI' needs 0 < LO < HI < 1", 0};
  *dist = {Distribution::Kind::kLogitNormal, lo, hi, 0};
  return {};
}

// An amount (../shared/spec/quantities.md "Amounts"): a number >= 0 without a percent sign,
// uniform, triangular, pert, or `LO to HI` as a lognormal.
ValueError ParseAmount(const std::string& text, Distribution* dist) {
  double v = 0;
  bool percent = false;
  if (ParseNumberOrPercent(text, &v, &percent)) {
    if (percent)
      return {"amount " + text + " has a percent sign: an amount is a number such as 25000 or "
              "0.4, not a probability",
              0};
    *dist = Distribution::Point(v);
    return {};
  }
  if (!text.empty() && text[0] == '-' && ParseNumberOrPercent(text.substr(1), &v, &percent))
    return {"amount " + text + " is negative: an amount is a number >= 0", 0};
  if (LooksLikeFunction(text)) return Function(text, ValueKind::kAmount, dist);
  size_t to = text.find(" to ");
  if (to != std::string::npos) return Range(text, to, ValueKind::kAmount, dist);
  return {Quote(text) + " is not an amount", 0, true};
}

}  // namespace

bool ParseNumberOrPercent(const std::string& text, double* value, bool* percent) {
  *percent = !text.empty() && text.back() == '%';
  if (!ParseNumber(*percent ? Trim(text.substr(0, text.size() - 1)) : text, value)) return false;
  if (*percent) *value /= 100;
  return true;
}

bool LooksLikeFunction(const std::string& text) {
  size_t open = text.find('(');
  return open != std::string::npos && IsName(Trim(text.substr(0, open)));
}

ValueError ParseValue(const std::string& text, Distribution* dist, ValueKind kind) {
  if (kind == ValueKind::kAmount) return ParseAmount(text, dist);
  double v = 0;
  bool percent = false;
  if (ParseNumberOrPercent(text, &v, &percent)) {
    if (v < 0 || v > 1) {
      std::string hint = !percent && v > 1 && v <= 100 ? " (for a percent write " + text + "%)" : "";
      return {"probability " + text + " is outside [0, 1]" + hint, 0};
    }
    *dist = Distribution::Point(v);
    return {};
  }
  if (!text.empty() && text[0] == '-' && ParseNumberOrPercent(text.substr(1), &v, &percent))
    return {v == 0 ? "probability " + text + " has a minus sign: write 0"
                   : "probability " + text + " is outside [0, 1]",
            0};
  if (LooksLikeFunction(text)) return Function(text, kind, dist);
  size_t to = text.find(" to ");
  if (to != std::string::npos) return Range(text, to, kind, dist);
  // "4%-12%" or "4% - 12%": a range with a dash, which reads as a minus sign.
  const size_t dash = text.find('-', 1);
  if (dash != std::string::npos) {
    double lo = 0, hi = 0;
    bool p1 = false, p2 = false;
    if (ParseNumberOrPercent(Trim(text.substr(0, dash)), &lo, &p1) &&
        ParseNumberOrPercent(Trim(text.substr(dash + 1)), &hi, &p2))
      return {Quote(text) + " is not a probability: a range is written '" +
                  Trim(text.substr(0, dash)) + " to " + Trim(text.substr(dash + 1)) + "'",
              0};
  }
  return {Quote(text) + " is not a probability", 0, true};
}

}  // namespace brink
