#include "lap/core/pseudonym.h"

#include <gtest/gtest.h>

#include <type_traits>
#include <unordered_set>

namespace lap {
namespace {

static_assert(sizeof(Pseudonym) == 16);
static_assert(std::is_trivially_copyable_v<Pseudonym>);

Pseudonym sample() {
  Pseudonym p{};
  for (size_t i = 0; i < p.size(); ++i)
    p[i] = static_cast<uint8_t>(i * 17);
  return p;
}

TEST(Pseudonym, HexRoundTrips) {
  const Pseudonym p = sample();
  EXPECT_EQ(pseudonym_hex(p), "00112233445566778899aabbccddeeff");
  EXPECT_EQ(pseudonym_from_hex(pseudonym_hex(p)), p);
}

TEST(Pseudonym, FromHexRefusesAnythingButTheCanonicalForm) {
  EXPECT_FALSE(pseudonym_from_hex("zz").has_value());
  EXPECT_FALSE(pseudonym_from_hex("").has_value());
  EXPECT_FALSE(pseudonym_from_hex("00112233445566778899aabbccddeef").has_value());    // 31
  EXPECT_FALSE(pseudonym_from_hex("00112233445566778899aabbccddeeff0").has_value());  // 33
  EXPECT_FALSE(pseudonym_from_hex("00112233445566778899AABBCCDDEEFF").has_value());   // upper
}

TEST(Pseudonym, ComparesBytewiseAndHashes) {
  Pseudonym a = sample();
  Pseudonym b = a;
  EXPECT_EQ(a, b);
  b[15] = 0;
  EXPECT_LT(b, a);
  std::unordered_set<Pseudonym, PseudonymHash> set{a, b, a};
  EXPECT_EQ(set.size(), 2U);
  EXPECT_EQ(PseudonymHash{}(a), PseudonymHash{}(Pseudonym(a)));
}

}  // namespace
}  // namespace lap
