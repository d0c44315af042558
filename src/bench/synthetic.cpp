#include "bench/synthetic.h"

#include <cstdio>

namespace brink {
namespace {

// SplitMix64: a small, well-mixed generator for building the model text.
class SplitMix {
 public:
  explicit SplitMix(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<uint64_t>(n)); }
  // A probability with 4 decimals in [lo, hi].
  double Between(double lo, double hi) {
    return lo + (hi - lo) * static_cast<double>(Below(10001)) / 10000;
  }

 private:
  uint64_t state_;
};

std::string Id(int i) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "e%02d", i);
  return buffer;
}

std::string Number(double p) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4f", p);
  return buffer;
}

}  // namespace

std::string SyntheticModelYaml(int events, int steps, uint64_t seed, bool two_way) {
  SplitMix rng(seed);
  SplitMix ends(seed ^ 0x656e6473ull);  // version 2's choices, apart from version 1's
  std::string y = "scenario: synthetic benchmark model (" + std::to_string(events) +
                  " events x " + std::to_string(steps) + " steps)\n";
  y += "horizon: " + std::to_string(steps) + "\nstep: week\n";
  y += "levels: [calm, strained, tense, crisis, conflict]\nevents:\n";
  const int roots = events / 4;
  const int gated = events / 2;
  for (int i = 0; i < events; ++i) {
    y += "  " + Id(i) + ":\n";
    int a = i > 0 ? rng.Below(i) : 0;
    int b = i > 0 ? rng.Below(i) : 0;
    if (i < roots) {
      y += "    hazard: " + Number(rng.Between(0.001, 0.01)) + "\n";
    } else if (i < gated) {
      switch (rng.Below(3)) {
        case 0:
          y += "    hazard: " + Number(rng.Between(0.005, 0.03)) + "\n";
          y += "    while: " + Id(a) + " or " + Id(b) + "\n";
          break;
        case 1:
          y += "    hazard: " + Number(rng.Between(0.005, 0.03)) + "\n";
          y += "    while: " + Id(a) + (a == b ? "" : " and not " + Id(b)) + "\n";
          break;
        default:
          y += "    hazard:\n      - when: " + Id(a) + "\n        p: " +
               Number(rng.Between(0.01, 0.05)) + "\n      - else: " +
               Number(rng.Between(0.0005, 0.005)) + "\n";
          break;
      }
    } else {
      y += "    p: " + Number(rng.Between(0.2, 0.8)) + "\n";
      y += "    after: " + Id(a) + (rng.Below(2) ? " or " + Id(b) : "") + "\n";
      switch (rng.Below(3)) {
        case 0: break;
        case 1: y += "    delay: " + std::to_string(1 + rng.Below(4)) + "\n"; break;
        default: y += "    delay: [1, " + std::to_string(2 + rng.Below(6)) + "]\n"; break;
      }
    }
    y += "    level: " + std::to_string(rng.Below(5) * (i % 3 == 0)) + "\n";
    if (!two_way || i % 3 != 1) continue;
    switch ((i / 3) % 3) {
      case 0: y += "    ends: {hazard: " + Number(ends.Between(0.05, 0.25)) + "}\n"; break;
      case 1: {
        const int lo = 1 + ends.Below(3);
        y += "    ends: {lasts: [" + std::to_string(lo) + ", " +
             std::to_string(lo + 2 + ends.Below(6)) + "]}\n";
        break;
      }
      default:
        y += "    ends: {p: " + Number(ends.Between(0.3, 0.8)) + ", after: not " +
             Id(ends.Below(events)) + ", delay: [0, 3]}\n";
        break;
    }
    if (i % 6 == 1) y += "    recurs: true\n";
  }
  return y;
}

std::string SyntheticQuantitiesYaml() {
  // Events i % 3 == 1 end, i % 6 == 1 recur (SyntheticModelYaml's two_way).
  return "quantities:\n"
         "  q1:\n    per_step: {e04: 2.5}\n"
         "  q2:\n    per_occurrence: {e07: 'uniform(1, 3)'}\n"
         "  q3:\n    per_step: {e10: 1, e20: 0.5}\n    per_occurrence: {e13: 40}\n"
         "  q4:\n    per_step: {e02: 3}\n    per_occurrence: {e19: 10, e25: 0.2}\n";
}

}  // namespace brink
