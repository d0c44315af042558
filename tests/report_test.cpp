#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "brink/report.h"
#include "model/sha256.h"

namespace brink {
namespace {

TEST_CASE("Numbers are written in their shortest form at 15 significant digits", "[report]") {
  CHECK(FormatNumber(0.125) == "0.125");
  CHECK(FormatNumber(0) == "0");
  CHECK(FormatNumber(1) == "1");
  CHECK(FormatNumber(0.1) == "0.1");
  CHECK(FormatNumber(1e-7) == "1e-07");
  CHECK(FormatNumber(1.0 / 3) == "0.333333333333333");
  // Floating-point noise is not written.
  CHECK(FormatNumber(0.014969999999999997) == "0.01497");
  CHECK(FormatNumber(0.9999999999999998) == "1");
  CHECK(FormatNumber(0.1 + 0.2) == "0.3");
  // A count out of trials, to 15 significant digits.
  CHECK(FormatNumber(1497.0 / 100000) == "0.01497");
  CHECK(FormatNumber(123456789.0 / 274877906944.0) == "0.000449133181973593");
  CHECK(FormatNumber(-2.5e-300) == "-2.5e-300");
  // Rounding is idempotent: a number read back from a file writes the same.
  for (double x : {1.0 / 3, 0.014969999999999997, 2.0 / 7, 1e-17, 0.123456789012345678})
    CHECK(FormatNumber(std::stod(FormatNumber(x))) == FormatNumber(x));
}

TEST_CASE("CSV fields are quoted only when they must be", "[report]") {
  CHECK(CsvField("plain label") == "plain label");
  CHECK(CsvField("a, b") == "\"a, b\"");
  CHECK(CsvField("say \"no\"") == "\"say \"\"no\"\"\"");
}

TEST_CASE("Wilson score intervals match published values", "[report]") {
  double lo = 0, hi = 0;
  WilsonInterval(5, 10, &lo, &hi);  // 0.2366, 0.7634
  CHECK(lo == Approx(0.236593).margin(1e-6));
  CHECK(hi == Approx(0.763407).margin(1e-6));
  WilsonInterval(0, 10, &lo, &hi);  // 0, 0.2775
  CHECK(lo == 0);
  CHECK(hi == Approx(0.277533).margin(1e-6));
  WilsonInterval(10, 10, &lo, &hi);
  CHECK(hi == 1);
  CHECK(lo == Approx(0.722467).margin(1e-6));
}

TEST_CASE("Summary and timeline CSV have the documented columns", "[report]") {
  Results r;
  Figure e;
  e.kind = Figure::Kind::kEvent;
  e.id = "x";
  e.label = "X, the event";
  e.probability = 0.25;
  e.std_error = 0.125;
  e.ci_low = 0.0625;
  e.ci_high = 0.5;
  e.occurred = true;
  e.mean_first_step = 1.5;
  e.by_step = {0.125, 0.25};
  e.band_by_step = {{0.0625, 0.25, 0.1, 0.125, 0.15}, {0.0625, 0.5, 0.2, 0.25, 0.3}};
  e.p05 = 0.2;
  e.p50 = 0.25;
  e.p95 = 0.3;
  Figure l = e;
  l.kind = Figure::Kind::kLevel;
  l.id = "1";
  l.label = "tense";
  l.occurred = false;
  r.figures = {e, l};
  CHECK(SummaryCsv(r) ==
        "kind,id,label,probability,std_error,ci95_low,ci95_high,mean_first_step,p05,p50,p95\n"
        "event,x,\"X, the event\",0.25,0.125,0.0625,0.5,1.5,0.2,0.25,0.3\n"
        "level,1,tense,0.25,0.125,0.0625,0.5,,0.2,0.25,0.3\n");
  CHECK(TimelineCsv(r) ==
        "step,kind,id,probability,label,ci95_low,ci95_high,p05,p50,p95\n"
        "1,event,x,0.125,\"X, the event\",0.0625,0.25,0.1,0.125,0.15\n"
        "1,level,1,0.125,tense,0.0625,0.25,0.1,0.125,0.15\n"
        "2,event,x,0.25,\"X, the event\",0.0625,0.5,0.2,0.25,0.3\n"
        "2,level,1,0.25,tense,0.0625,0.5,0.2,0.25,0.3\n");
}

TEST_CASE("SHA-256 matches the FIPS 180-4 examples", "[report]") {
  CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

}  // namespace
}  // namespace brink

namespace brink {
namespace {

// Draws with irregular probabilities, timelines and mean first steps.
std::vector<Results> SomeDraws(int n) {
  std::vector<Results> draws(n);
  for (int d = 0; d < n; ++d) {
    Results& r = draws[d];
    r.simulated = r.counted = 1000 + 7 * d;
    for (int f = 0; f < 3; ++f) {
      Figure fig;
      fig.kind = f < 2 ? Figure::Kind::kEvent : Figure::Kind::kLevel;
      fig.id = "f" + std::to_string(f);
      fig.probability = std::fmod(0.1 * d + 0.37 * f + 1.0 / (d + 3), 1.0);
      fig.occurred = fig.probability > 0.05;
      fig.mean_first_step = 1 + std::fmod(d * 1.7 + f, 5.0);
      for (int t = 1; t <= 4; ++t) fig.by_step.push_back(fig.probability * t / 4);
      r.figures.push_back(fig);
    }
  }
  return draws;
}

TEST_CASE("Draws combine to the same bytes in whatever order they arrive", "[report]") {
  const int n = 37;
  const Results in_order = CombineDraws(SomeDraws(n));
  std::vector<int> order(n);
  for (int d = 0; d < n; ++d) order[d] = (d * 11 + 5) % n;  // a permutation of 0..36
  std::vector<Results> draws = SomeDraws(n);
  DrawCombiner combiner(n);
  for (int d : order) combiner.Add(d, draws[d]);
  const Results shuffled = combiner.Finish();
  CHECK(SummaryCsv(shuffled) == SummaryCsv(in_order));
  CHECK(TimelineCsv(shuffled) == TimelineCsv(in_order));
  CHECK(DrawsCsv(shuffled, {}, std::vector<std::vector<double>>(n)) ==
        DrawsCsv(in_order, {}, std::vector<std::vector<double>>(n)));
  // And the combination is what the header says: means over draws.
  long double sum = 0;
  for (const Results& r : draws) sum += r.figures[1].by_step[2];
  CHECK(shuffled.figures[1].by_step[2] == static_cast<double>(sum / n));
  CHECK(shuffled.simulated == in_order.simulated);
}

}  // namespace
}  // namespace brink

namespace brink {
namespace {

TEST_CASE("Column names are identifiers in R and pandas", "[report]") {
  CHECK(ColumnName("dprk_troops.p[2]") == "dprk_troops_p_2");
  CHECK(ColumnName("event_treaty_invoked") == "event_treaty_invoked");
  CHECK(ColumnName("rate_") == "rate_");
  CHECK(ColumnName("a.b") == "a_b");
  CHECK(ColumnName("2x") == "x2x");
  CHECK(ColumnName("level_1") == "level_1");
}

}  // namespace
}  // namespace brink

namespace brink {
namespace {

TEST_CASE("Past the budget, each step keeps its interval and leaves its quantiles out",
          "[report]") {
  const int n = 37;
  const Results kept = CombineDraws(SomeDraws(n));
  DrawCombiner combiner(n, /*step_values_budget=*/0);
  std::vector<Results> draws = SomeDraws(n);
  for (int d = 0; d < n; ++d) combiner.Add(d, draws[d]);
  const Results summed = combiner.Finish();
  CHECK(SummaryCsv(summed) == SummaryCsv(kept));
  for (size_t f = 0; f < kept.figures.size(); ++f) {
    const Figure& a = kept.figures[f];
    const Figure& b = summed.figures[f];
    CHECK(a.by_step == b.by_step);
    for (size_t t = 0; t < a.by_step.size(); ++t) {
      CAPTURE(f, t);
      CHECK(b.band_by_step[t].ci_low == Approx(a.band_by_step[t].ci_low).margin(1e-12));
      CHECK(b.band_by_step[t].ci_high == Approx(a.band_by_step[t].ci_high).margin(1e-12));
      const bool last = t + 1 == a.by_step.size();
      CHECK(std::isnan(b.band_by_step[t].p50) == !last);
      if (last) CHECK(b.band_by_step[t].p95 == a.band_by_step[t].p95);
    }
  }
  // timeline.csv leaves the quantiles empty where they were not kept.
  const std::string timeline = TimelineCsv(summed);
  CHECK(timeline.find(",,,\n") != std::string::npos);
  CHECK(TimelineCsv(kept).find(",,,\n") == std::string::npos);
}

}  // namespace
}  // namespace brink
