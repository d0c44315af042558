// A classic Bayesian network written as a horizon-1 model: exact must reproduce its published
// marginals and a published posterior.
//
// The network is Pearl's burglary alarm as given in S. Russell and P. Norvig, "Artificial
// Intelligence: A Modern Approach", 3rd ed., Prentice Hall 2010, Figure 14.2 (CPTs) and
// Section 14.4.1 (inference by enumeration): P(B) = 0.001, P(E) = 0.002,
// P(A | B, E) = 0.95, P(A | B, ¬E) = 0.94, P(A | ¬B, E) = 0.29, P(A | ¬B, ¬E) = 0.001,
// P(J | A) = 0.90, P(J | ¬A) = 0.05, P(M | A) = 0.70, P(M | ¬A) = 0.01. The book's answer
// P(Burglary | JohnCalls, MaryCalls) = <0.284, 0.716>, and the marginals
// P(Alarm) ≈ 0.002516, P(JohnCalls) ≈ 0.052139, P(MaryCalls) ≈ 0.011736, are recomputed
// below by summing the joint distribution over all 32 worlds.
#include <catch2/catch.hpp>

#include "estimate/from_tally.h"
#include "engine/exact.h"
#include "brink/given.h"
#include "test_util.h"

namespace brink {
namespace {

const char* const kAlarm = R"(
scenario: Burglary alarm (Pearl; Russell and Norvig, Figure 14.2)
horizon: 1
events:
  burglary: {p: 0.001}
  earthquake: {p: 0.002}
  alarm:
    p:
      - when: burglary and earthquake
        p: 0.95
      - when: burglary
        p: 0.94
      - when: earthquake
        p: 0.29
      - else: 0.001
  john_calls:
    p:
      - when: alarm
        p: 0.90
      - else: 0.05
  mary_calls:
    p:
      - when: alarm
        p: 0.70
      - else: 0.01
)";

// P(world) for b, e, a, j, m in {0, 1}.
double Joint(int b, int e, int a, int j, int m) {
  double pb = b ? 0.001 : 0.999, pe = e ? 0.002 : 0.998;
  double pa1 = b ? (e ? 0.95 : 0.94) : (e ? 0.29 : 0.001);
  double pa = a ? pa1 : 1 - pa1;
  double pj = a ? 0.90 : 0.05, pm = a ? 0.70 : 0.01;
  return pb * pe * pa * (j ? pj : 1 - pj) * (m ? pm : 1 - pm);
}

// Σ of the joint over worlds where `holds(b, e, a, j, m)`.
template <typename F>
double Sum(F holds) {
  double total = 0;
  for (int w = 0; w < 32; ++w) {
    int b = w & 1, e = w >> 1 & 1, a = w >> 2 & 1, j = w >> 3 & 1, m = w >> 4 & 1;
    if (holds(b, e, a, j, m)) total += Joint(b, e, a, j, m);
  }
  return total;
}

Results Solve(const Model& model, const std::string& given) {
  Condition condition;
  ExactOptions options;
  if (!given.empty()) {
    condition = ParseGiven(model, given);
    options.given = &condition;
  }
  return EstimateFromExact(model, SolveExact(Compile(model, PointValues(model)), options), given);
}

TEST_CASE("Exact reproduces the burglary-alarm network's marginals", "[exact]") {
  Model m = test::Parse(kAlarm);
  Results r = Solve(m, "");
  const double alarm = Sum([](int, int, int a, int, int) { return a; });
  const double john = Sum([](int, int, int, int j, int) { return j; });
  const double mary = Sum([](int, int, int, int, int m) { return m; });
  CHECK(alarm == Approx(0.002516).epsilon(0).margin(5e-7));  // the published figures, to their digits
  CHECK(john == Approx(0.052139).epsilon(0).margin(5e-7));
  CHECK(mary == Approx(0.011736).epsilon(0).margin(5e-7));
  CHECK(test::FigureOf(r, "event", "burglary").probability == Approx(0.001).epsilon(0).margin(1e-12));
  CHECK(test::FigureOf(r, "event", "earthquake").probability == Approx(0.002).epsilon(0).margin(1e-12));
  CHECK(test::FigureOf(r, "event", "alarm").probability == Approx(alarm).epsilon(0).margin(1e-12));
  CHECK(test::FigureOf(r, "event", "john_calls").probability == Approx(john).epsilon(0).margin(1e-12));
  CHECK(test::FigureOf(r, "event", "mary_calls").probability == Approx(mary).epsilon(0).margin(1e-12));
}

TEST_CASE("Exact reproduces the network's posterior P(Burglary | JohnCalls, MaryCalls)", "[exact]") {
  Model m = test::Parse(kAlarm);
  Results r = Solve(m, "john_calls and mary_calls");
  const double evidence = Sum([](int, int, int, int j, int m) { return j && m; });
  const double both = Sum([](int b, int, int, int j, int m) { return b && j && m; });
  CHECK(both / evidence == Approx(0.284172).epsilon(0).margin(5e-7));  // the book's 0.284
  CHECK(r.given.probability == Approx(evidence).epsilon(0).margin(1e-12));
  CHECK(test::FigureOf(r, "event", "burglary").probability ==
        Approx(both / evidence).epsilon(0).margin(1e-12));
  CHECK(test::FigureOf(r, "event", "john_calls").probability == Approx(1).epsilon(0).margin(1e-12));
  // And a diagnostic query the other way: P(Alarm | not JohnCalls).
  Results n = Solve(m, "not john_calls");
  const double no_john = Sum([](int, int, int, int j, int) { return !j; });
  const double alarm_no_john = Sum([](int, int, int a, int j, int) { return a && !j; });
  CHECK(test::FigureOf(n, "event", "alarm").probability ==
        Approx(alarm_no_john / no_john).epsilon(0).margin(1e-12));
}

}  // namespace
}  // namespace brink
