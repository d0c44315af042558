#include <catch2/catch.hpp>

#include <cmath>

#include "random/random.h"

namespace brink {
namespace {

// Known-answer vectors of Philox4x32-10 from the kat_vectors file of the Random123
// distribution (Salmon et al., SC 2011): counter, key → output.
TEST_CASE("Philox4x32-10 reproduces the published known-answer vectors", "[random]") {
  struct Vector {
    uint32_t counter[4], key[2], expected[4];
  };
  const Vector vectors[] = {
      {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
      {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
       {0xffffffff, 0xffffffff},
       {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
      {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
       {0xa4093822, 0x299f31d0},
       {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
  };
  for (const Vector& v : vectors) {
    uint32_t out[4], written[4];
    Philox4x32(v.counter, v.key, out);
    Philox4x32Written(v.counter, v.key, written);  // the WebAssembly build's
    for (int i = 0; i < 4; ++i) {
      CHECK(out[i] == v.expected[i]);
      CHECK(written[i] == v.expected[i]);
    }
  }
}

TEST_CASE("brink's written-out Philox equals Random123's on many counters and keys", "[random]") {
  uint32_t state = 1;
  auto next = [&] { return state = state * 1664525u + 1013904223u; };
  for (int n = 0; n < 20000; ++n) {
    const uint32_t counter[4] = {next(), next(), next(), next()}, key[2] = {next(), next()};
    uint32_t a[4], b[4];
    Philox4x32(counter, key, a);
    Philox4x32Written(counter, key, b);
    for (int i = 0; i < 4; ++i) REQUIRE(a[i] == b[i]);
  }
}

TEST_CASE("A stream's words follow the documented counter packing", "[random]") {
  StreamKey key{0x0123456789abcdefull, 7, 1234, 42, 9, Purpose::kHazard};
  KeyedStream stream(key);
  for (uint32_t k : {0u, 1u, 2u, 3u, 63u}) {
    uint32_t counter[4] = {1234, 7, 42u << 16 | 9, 2u << 30 | k / 2};
    uint32_t seed[2] = {0x89abcdef, 0x01234567};
    uint32_t out[4];
    Philox4x32(counter, seed, out);
    uint64_t expected = k % 2 == 0 ? (uint64_t{out[0]} | uint64_t{out[1]} << 32)
                                   : (uint64_t{out[2]} | uint64_t{out[3]} << 32);
    CHECK(stream.Word(k) == expected);
  }
}

TEST_CASE("Thresholds are exact ceilings of p·2^64", "[random]") {
  CHECK(Threshold::FromProbability(0).bits == 0);
  CHECK_FALSE(Threshold::FromProbability(0).certain);
  CHECK(Threshold::FromProbability(1).certain);
  CHECK(Threshold::FromProbability(0.5).bits == uint64_t{1} << 63);
  CHECK(Threshold::FromProbability(0.25).bits == uint64_t{1} << 62);
  CHECK(Threshold::FromProbability(std::ldexp(1.0, -64)).bits == 1);
  CHECK(Threshold::FromProbability(std::ldexp(1.0, -70)).bits == 1);  // ceil of a tiny p
  CHECK(Threshold::FromProbability(std::nextafter(1.0, 0.0)).bits == ~uint64_t{0} - 2047);
}

TEST_CASE("The bit-serial comparison agrees with comparing all 64 bits", "[random]") {
  for (uint64_t block = 0; block < 20; ++block) {
    for (double p : {0.0, 1e-9, 0.1, 0.3, 0.5, 0.77, 0.999999, 1.0}) {
      Threshold t = Threshold::FromProbability(p);
      for (int lane = 0; lane < 64; ++lane) {
        KeyedStream a({99, 0, block, 3, 5, Purpose::kHazard});
        KeyedStream b({99, 0, block, 3, 5, Purpose::kHazard});
        bool full = t.certain || LaneBits(&b, lane) < t.bits;
        CHECK(LaneBelow(&a, lane, t) == full);
      }
    }
  }
}

TEST_CASE("A delay found cut-off by cut-off equals the one from all 64 bits", "[random]") {
  int compared = 0;
  for (int m : {2, 3, 5, 7, 12, 37}) {
    const std::vector<uint64_t> cutoffs = DelayCutoffs(m);
    for (uint64_t block = 0; block < 8; ++block) {
      BlockStream serial({7, 2, block, 4, 0, Purpose::kDelay});
      BlockStream whole({7, 2, block, 4, 0, Purpose::kDelay});
      for (int lane = 0; lane < 64; ++lane, ++compared)
        CHECK(LaneDelay(&serial, lane, 3, cutoffs.data(), m - 1) ==
              DelayFromBits(LaneBits(&whole, lane), 3, cutoffs.data(), m - 1));
    }
  }
  CHECK(compared == 6 * 8 * 64);
}

TEST_CASE("U < p holds with frequency p", "[random]") {
  const double p = 0.3;
  const int blocks = 4000;
  int hits = 0;
  for (int block = 0; block < blocks; ++block) {
    KeyedStream s({5, 0, static_cast<uint64_t>(block), 1, 0, Purpose::kDecide});
    for (int lane = 0; lane < 64; ++lane) hits += LaneBelow(&s, lane, Threshold::FromProbability(p));
  }
  double n = 64.0 * blocks;
  CHECK(std::fabs(hits / n - p) <= 5 * std::sqrt(p * (1 - p) / n));
}

TEST_CASE("Delay cut-offs split [0, 2^64) into m equal parts", "[random]") {
  CHECK(DelayCutoffs(1).empty());
  std::vector<uint64_t> two = DelayCutoffs(2);
  REQUIRE(two.size() == 1);
  CHECK(two[0] == uint64_t{1} << 63);
  std::vector<uint64_t> three = DelayCutoffs(3);
  REQUIRE(three.size() == 2);
  CHECK(three[0] == 0x5555555555555556ull);  // ceil(2^64 / 3)
  CHECK(three[1] == 0xaaaaaaaaaaaaaaabull);  // ceil(2^65 / 3)
  CHECK(DelayFromBits(0, 2, three.data(), 2) == 2);
  CHECK(DelayFromBits(0x5555555555555555ull, 2, three.data(), 2) == 2);
  CHECK(DelayFromBits(0x5555555555555556ull, 2, three.data(), 2) == 3);
  CHECK(DelayFromBits(~uint64_t{0}, 2, three.data(), 2) == 4);
}

}  // namespace
}  // namespace brink
