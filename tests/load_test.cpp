#include <catch2/catch.hpp>

#include <filesystem>

#include "brink/load.h"
#include "test_util.h"

namespace brink {
namespace {

using test::Parse;

TEST_CASE("Every model shipped in models/ loads", "[load]") {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(BRINK_SOURCE_DIR "/models")) {
    if (entry.path().extension() != ".yaml") continue;
    CAPTURE(entry.path().string());
    Model m = LoadModel(entry.path().string());
    CHECK(m.order.size() == m.events.size());
    ++count;
  }
  CHECK(count >= 4);
}

TEST_CASE("Values: numbers, percents, parameters, defaults", "[load]") {
  Model m = Parse(R"(
scenario: values
horizon: 3
levels: [calm, tense, war]
parameters:
  base: 2.5%
events:
  a:
    hazard: base
  b:
    label: The b event
    p: 0.4
    after: a
    delay: [1, 2]
    level: war
  c:
    hazard:
      - when: a and not b
        p: 50%
      - else: 0.1
    level: 1
)");
  REQUIRE(m.events.size() == 3);
  CHECK(m.step_label == "step");
  CHECK(m.num_levels() == 2);
  CHECK(m.events[0].label == "a");
  CHECK(m.events[0].kind == Event::Kind::kTrigger);
  CHECK(m.parameters[m.events[0].probability[0].param].dist.a == Approx(0.025));
  CHECK(m.events[1].label == "The b event");
  CHECK(m.events[1].kind == Event::Kind::kResponse);
  CHECK(m.events[1].delay_lo == 1);
  CHECK(m.events[1].delay_hi == 2);
  CHECK(m.events[1].level == 2);
  CHECK_FALSE(m.events[1].IsImmediate());
  CHECK(m.events[2].probability.size() == 2);
  CHECK(m.parameters[m.events[2].probability[0].param].dist.a == 0.5);
  CHECK(m.parameters[m.events[2].probability[0].param].name == "c.hazard[1]");
  CHECK(m.events[2].level == 1);
  CHECK_FALSE(m.IsMonotone());
}

TEST_CASE("Evaluation order is topological over immediate events, ties in file order", "[load]") {
  Model m = Parse(R"(
scenario: order
horizon: 2
events:
  late:
    hazard: 0.1
    while: early
  delayed:
    p: 1
    after: late
    delay: 1
  early:
    hazard: 0.1
    while: not delayed
  first:
    p: 0.5
)");
  // late needs early (immediate); delayed's delay removes the edge delayed → early.
  std::vector<std::string> ids;
  for (int e : m.order) ids.push_back(m.events[e].id);
  CHECK(ids == std::vector<std::string>{"early", "late", "delayed", "first"});
}

TEST_CASE("Point probabilities parse as the language writes them", "[load]") {
  double v = -1;
  CHECK(ParsePointProbability("0.25", &v));
  CHECK(v == 0.25);
  CHECK(ParsePointProbability("35%", &v));
  CHECK(v == Approx(0.35));
  CHECK(ParsePointProbability(" 100 % ", &v));
  CHECK(v == 1);
  CHECK_FALSE(ParsePointProbability("1.5", &v));
  CHECK_FALSE(ParsePointProbability("-0.1", &v));
  CHECK_FALSE(ParsePointProbability("abc", &v));
  CHECK_FALSE(ParsePointProbability("nan", &v));
}

TEST_CASE("All problems of a model are reported in one pass, in source order", "[load]") {
  try {
    Parse("scenario: x\nhorizon: 0\nevents:\n  a:\n    p: 2\n  b:\n    hazard: 0.1\n    after: a\n");
    FAIL("expected a ModelError");
  } catch (const ModelError& e) {
    CHECK(e.Format() ==
          "test.yaml:2:10: error: 'horizon' must be an integer from 1 to 10000, not '0'\n"
          "test.yaml:5:8: error: probability 2 is outside [0, 1] (for a percent write 2%)\n"
          "test.yaml:8:5: error: 'after' belongs to responses (events with 'p'); a trigger has "
          "'hazard' and 'while'\n");
  }
}

}  // namespace
}  // namespace brink
