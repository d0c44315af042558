// The live report's host side (docs/reports.md): what the WebAssembly engine shares with the
// command line must give the same results — the model as JSON, doubles as text without the
// standard library's to_chars, the portable special functions and sums — and the page:
// controls for each named parameter, nothing of the static report lost, clear refusals.
// The page in a browser, against the CLI's bytes: tests/live_test.py.
#include <catch2/catch.hpp>

#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <nlohmann/json.hpp>

#include "brink/html_report.h"
#include "brink/model_json.h"
#include "brink/report.h"
#include "brink/run.h"
#include "cli_util.h"
#include "estimate/extended.h"
#include "model/number_text.h"
#include "model_generator.h"
#include "test_util.h"
#include "model/portable_math.h"

namespace brink {
namespace {

namespace fs = std::filesystem;
using test::Brink;
using test::Scratch;
using test::Slurp;

const std::string kModel = std::string(BRINK_SOURCE_DIR) + "/examples/one-way/russia_dprk_treaty.yaml";

uint64_t Bits(double x) {
  uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

// A million doubles of every kind: uniform bit patterns (every exponent), probabilities,
// short decimals, integers, the specials.
std::vector<double> Doubles() {
  std::mt19937_64 rng(20240619);
  std::vector<double> out = {0.0, -0.0, 1.0, 0.1, 0.3, 1e-7, 5e-324, DBL_MAX, DBL_MIN,
                             1.0 / 3, 123456789012345680.0, 1e21, 1e22, 9.999999999999999e22};
  while (out.size() < 1000000) {
    const uint64_t bits = rng();
    double x;
    switch (out.size() % 4) {
      case 0:
        std::memcpy(&x, &bits, sizeof x);
        if (!std::isfinite(x)) continue;
        break;
      case 1: x = static_cast<double>(bits >> 11) * 0x1p-53; break;
      case 2: x = static_cast<double>(bits % 100000) / 10000; break;
      default: x = static_cast<double>(bits % 1000000000); break;
    }
    out.push_back(x);
  }
  return out;
}

TEST_CASE("doubles as text: the portable path writes and reads what to_chars and from_chars do",
          "[live]") {
  int checked = 0;
  for (double x : Doubles()) {
    char buffer[64];
    auto r = std::to_chars(buffer, buffer + sizeof buffer, x);
    const std::string shortest(buffer, r.ptr);
    const std::string portable = ShortestTextPortable(x);
    if (portable != shortest) FAIL("ShortestTextPortable(" << shortest << ") = " << portable);
    r = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::scientific, 14);
    const std::string scientific(buffer, r.ptr);
    if (ScientificTextPortable(x, 14) != scientific)
      FAIL("ScientificTextPortable(" << scientific << ") = " << ScientificTextPortable(x, 14));
    for (const std::string& text : {shortest, scientific}) {
      double a = 0, b = 0;
      const auto ra = std::from_chars(text.data(), text.data() + text.size(), a);
      const auto rb = ParseDoublePortable(text.data(), text.data() + text.size(), &b);
      if (ra.ec != rb.ec || ra.ptr != rb.ptr || Bits(a) != Bits(b))
        FAIL("ParseDoublePortable(" << text << ") = " << b << ", not " << a);
    }
    ++checked;
  }
  CHECK(checked == 1000000);
  for (const char* text : {"1e400", "1e-400", "abc", "-", ".5x", "inf", "-nan", "12e", "0x10"}) {
    double a = 7, b = 7;
    const auto ra = std::from_chars(text, text + std::strlen(text), a);
    const auto rb = ParseDoublePortable(text, text + std::strlen(text), &b);
    CHECK(ra.ec == rb.ec);
    CHECK(ra.ptr == rb.ptr);
    CHECK((Bits(a) == Bits(b) || (std::isnan(a) && std::isnan(b))));
  }
}

TEST_CASE("portable special functions: known values, and within a few ulps of Boost's double",
          "[live]") {
  // Values that must never change (the draws of every run go through them).
  CHECK(Bits(PortableBetaQuantile(2, 6, 0.3)) == Bits(0.15592073727214512));
  CHECK(Bits(PortableStudentsTQuantile(19, 0.975)) == Bits(2.0930240544083092));
  CHECK(Bits(PortableNormalQuantile(0.975)) == Bits(0x1.f5c0331eeff83p+0));
  CHECK(Bits(PortablePow(0.5, 1.0 / 12)) == Bits(0.94387431268169353));
  auto ulps = [](double a, double b) {
    return std::abs(static_cast<double>(static_cast<int64_t>(Bits(a)) - static_cast<int64_t>(Bits(b))));
  };
  double worst = 0;
  for (double a : {0.5, 1.0, 2.0, 3.7, 12.0}) {
    for (double b : {0.5, 1.0, 6.0, 40.0}) {
      for (int i = 1; i < 50; ++i) {
        const double u = i / 50.0;
        const double boost = boost::math::quantile(boost::math::beta_distribution<>(a, b), u);
        worst = std::max(worst, ulps(PortableBetaQuantile(a, b, u), boost) /
                                    std::max(1.0, 1e-3 / boost));  // tiny quantiles: relative
      }
    }
  }
  CHECK(worst <= 64);
  // 56 bits rounded to 53 and Boost's generic series: a few ulps from the C library's.
  double t = 0, z = 0, e = 0, l = 0, p = 0;
  for (int d = 1; d < 200; ++d)
    t = std::max(t, ulps(PortableStudentsTQuantile(d, 0.975),
                         boost::math::quantile(boost::math::students_t(d), 0.975)));
  for (int i = 1; i < 1000; ++i) {
    const double u = i / 1000.0;
    z = std::max(z, ulps(PortableNormalQuantile(u), boost::math::quantile(boost::math::normal(), u)));
    e = std::max(e, ulps(PortableExp(u * 40 - 20), std::exp(u * 40 - 20)));
    l = std::max(l, ulps(PortableLog(u), std::log(u)));
    p = std::max(p, ulps(PortablePow(u, 0.25), std::pow(u, 0.25)));
  }
  INFO("ulps: t " << t << ", normal " << z << ", exp " << e << ", log " << l << ", pow " << p);
  CHECK(t <= 64);
  CHECK(z <= 16);
  CHECK(std::max({e, l, p}) <= 4);
}

#if defined(__x86_64__) && LDBL_MANT_DIG == 64
TEST_CASE("Extended sums round as x86-64's long double", "[live]") {
  std::mt19937_64 rng(7);
  Extended sum = 0, squares = 0;
  long double lsum = 0, lsquares = 0;
  for (int i = 1; i <= 200000; ++i) {
    const double p = static_cast<double>(rng() >> 11) * 0x1p-53 * (i % 5 == 0 ? 1e-7 : 1);
    sum += p;
    squares += (Extended(p) - sum / i) * (p - sum / i);
    lsum += p;
    lsquares += (static_cast<long double>(p) - lsum / i) * (p - lsum / i);
    if (i % 997 == 0) {
      REQUIRE(Bits(ToDouble(sum / i)) == Bits(static_cast<double>(lsum / i)));
      REQUIRE(Bits(ToDouble(squares / i)) == Bits(static_cast<double>(lsquares / i)));
    }
  }
}
#endif

std::string Summary(const Model& model, uint64_t seed) {
  RunRequest request;
  request.trials = 3000;
  request.seed = seed;
  request.threads = 1;
  request.draws = 4;
  const RunOutcome outcome = RunModel(model, SettleParameters(model, {}), request);
  return SummaryCsv(outcome.results) + TimelineCsv(outcome.results) +
         DrawsCsv(outcome.results, outcome.sampled_names, outcome.sampled_values) +
         (model.IsTwoWay() ? OccurrencesCsv(outcome.results) : "");
}

TEST_CASE("the model as JSON comes back whole: the same JSON, the same figures", "[live]") {
  std::vector<std::string> texts;
  for (const auto& entry : fs::directory_iterator(std::string(BRINK_SOURCE_DIR) + "/models"))
    if (entry.path().extension() == ".yaml" && !test::IsHistoryFile(entry.path()))
      texts.push_back(Slurp(entry.path()));
  for (const char* example : {"/examples/history/border.yaml", "/examples/episodes/ceasefire.yaml",
                              "/examples/episodes/incidents.yaml"})
    texts.push_back(Slurp(std::string(BRINK_SOURCE_DIR) + example));
  for (uint64_t seed = 1; seed <= 60; ++seed) texts.push_back(test::GenerateModel(seed));
  // Models whose events end: every kind of end, recurs, initially, ever (the page runs them).
  for (uint64_t seed = 1; seed <= 30; ++seed)
    texts.push_back(test::GenerateEpisodeModel(seed, {}));
  for (size_t i = 0; i < texts.size(); ++i) {
    INFO("model " << i);
    const Model model = LoadModelFromString(texts[i], "model.yaml");
    const std::string json = ModelToJson(model);
    const Model back = ModelFromJson(json, model.source);
    CHECK(ModelToJson(back) == json);
    CHECK(back.source == model.source);
    CHECK(Summary(back, i + 1) == Summary(model, i + 1));
  }
  CHECK_THROWS_AS(ModelFromJson("{", ""), std::invalid_argument);
  CHECK_THROWS_AS(ModelFromJson("{\"events\": 3}", ""), std::invalid_argument);
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = 0; (at = text.find(what, at)) != std::string::npos; at += what.size()) ++n;
  return n;
}

std::string Between(const std::string& text, const std::string& open, const std::string& close) {
  const size_t a = text.find(open);
  const size_t b = text.find(close, a);
  REQUIRE(a != std::string::npos);
  REQUIRE(b != std::string::npos);
  return text.substr(a, b + close.size() - a);
}

TEST_CASE("a live report: a slider per named parameter, and the static report whole",
          "[live]") {
  if (!LiveReportAvailable()) {
    WARN("this brink has no WebAssembly engine (BRINK_WASM off): live reports untested");
    return;
  }
  const fs::path dir = Scratch("live_page");
  REQUIRE(Brink("run " + kModel + " --trials 2000 --draws 20 --set sanctions_p=30% -q --out " +
                    dir.string(), dir / "..").status == 0);
  const std::string page = ReportHtml(dir, ReportKind::kLive);
  const std::string plain = ReportHtml(dir, ReportKind::kStatic);
  // Nothing of the static report is lost: its header, sections, specifications and Vega.
  for (const auto& [open, close] : {std::pair{"<header>", "</header>"}, {"<main>", "</main>"},
                                    {"<script id=\"brink-specs\"", "</script>"}})
    CHECK(page.find(Between(plain, open, close)) != std::string::npos);
  CHECK(page.size() > plain.size());
  CHECK(page.size() < 3u << 20);
  // One slider per named parameter, each a probability in its support.
  const Model model = LoadModelFromString(Slurp(dir / "model.yaml"), "model.yaml");
  int named = 0;
  for (const Parameter& p : model.parameters) named += p.named;
  CHECK(Count(Between(page, "<section id=\"brink-live\"", "</section>"), "data-param=\"") ==
        static_cast<size_t>(named));
  CHECK(page.find("data-param=\"invoke_if_attacked\" min=\"0.2\" max=\"0.8\" step=\"0.001\"") !=
        std::string::npos);  // pert(0.2, 0.5, 0.8)
  CHECK(page.find("data-param=\"troops_if_paid\" min=\"0\" max=\"1\" step=\"0.001\" "
                  "value=\"0.65\"") != std::string::npos);  // a point value: 0 to 100%
  CHECK(page.find("data-param=\"offensive_rate\" min=\"0.015\" max=\"0.05\" step=\"0.0001\"") !=
        std::string::npos);  // 1.5% to 5%
  const std::string panel = Between(page, "<section id=\"brink-live\"", "</section>");
  for (const char* control : {"data-control=\"trials\"", "data-control=\"seed\"",
                              "data-control=\"draws\"", "data-status", "data-action=\"reset\"",
                              "data-action=\"copy\"", "data-action=\"download\""})
    CHECK(Count(panel, control) == 1);
  // The run's own pin travels with the page, as --set wrote it.
  CHECK(page.find("[\\\"sanctions_p\\\",0.3]") == std::string::npos);
  CHECK(page.find("\"pins\":[[\"sanctions_p\",0.3]]") != std::string::npos);
  // Hidden until the engine runs: without JavaScript or WebAssembly, the static report.
  CHECK(page.find("<section id=\"brink-live\" class=\"live\" hidden>") != std::string::npos);

  // A model without ranges has no draws control.
  const fs::path coin = Scratch("live_coin");
  REQUIRE(Brink("run " + std::string(BRINK_SOURCE_DIR) + "/models/coin.yaml --trials 1000 "
                "--report live -q --out " + coin.string(), coin / "..").status == 0);
  const std::string coin_page = Slurp(coin / "report.html");
  const std::string coin_panel = Between(coin_page, "<section id=\"brink-live\"", "</section>");
  CHECK(Count(coin_panel, "data-control=\"draws\"") == 0);
  CHECK(Count(coin_panel, "data-param=\"") == 0);
  CHECK(coin_page.find("names no parameters") != std::string::npos);

  // A model whose events end: the page carries occurrences.csv with the run's other files,
  // and its charts (tests/live_test.py runs it in Chromium).
  const fs::path episodes = Scratch("live_episodes");
  REQUIRE(Brink("run " + std::string(BRINK_SOURCE_DIR) + "/examples/episodes/ceasefire.yaml "
                "--trials 1000 --report live -q --out " + episodes.string(), episodes / "..").status == 0);
  const std::string episodes_page = Slurp(episodes / "report.html");
  const std::string data = Between(episodes_page, "<script id=\"brink-live-data\"", "</script>");
  CHECK(data.find("\"occurrences.csv\":\"kind,id,occurrences,probability,std_error\\n") !=
        std::string::npos);
  CHECK(episodes_page.find("How many times each event begins") != std::string::npos);
  CHECK(episodes_page.find("The ladder at each month (it can fall)") != std::string::npos);
}

TEST_CASE("--report live: refused where the page could not run again, nothing written",
          "[live]") {
  const fs::path dir = Scratch("live_refused");
  const fs::path out = dir / "out";
  struct Case {
    std::string args, message;
  };
  const Case cases[] = {
      {"sweep " + kModel + " --vary invoke_if_attacked=20%,40% --trials 1000 --report live",
       "static report"},
      {"exact " + std::string(BRINK_SOURCE_DIR) + "/models/coin.yaml --report live",
       "static report"},
      {"run " + kModel + " --given dprk_troops --trials 1000 --report live", "--given"},
      {"run " + kModel + " --trials 1000 --report lively", "--report takes static or live"},
  };
  for (const Case& c : cases) {
    INFO(c.args);
    const auto outcome = Brink(c.args + " -q --out " + out.string(), dir);
    CHECK(outcome.status == 2);
    CHECK(outcome.err.find(c.message) != std::string::npos);
    CHECK(!fs::exists(out));
  }
  // brink report --live of a sweep's folder: refused, the folder untouched.
  REQUIRE(Brink("sweep " + kModel + " --vary invoke_if_attacked=20%,40% --trials 1000 --draws 1 "
                "-q --out " + out.string(), dir).status == 0);
  const auto outcome = Brink("report " + out.string() + " --live", dir);
  CHECK(outcome.status == 2);
  // Without the WebAssembly engine (a sanitizer build), brink says that first.
  CHECK(outcome.err.find(LiveReportAvailable() ? "live report re-runs `brink run`"
                                               : "without its WebAssembly engine") !=
        std::string::npos);
  CHECK(!fs::exists(out / "report.html"));
}

}  // namespace
}  // namespace brink
