#include "lap/core/nis.h"

#include <gtest/gtest.h>

namespace lap {
namespace {

TEST(Nis, ParsesFiveDigits) {
  auto n = Nis::parse("11002");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->code(), 11002);
  EXPECT_EQ(n->arrondissement_code(), 11000);
  EXPECT_EQ(n->to_string(), "11002");
}

TEST(Nis, RejectsMalformedCodes) {
  EXPECT_FALSE(Nis::parse("1102"));
  EXPECT_FALSE(Nis::parse("110022"));
  EXPECT_FALSE(Nis::parse("11a02"));
  EXPECT_FALSE(Nis::parse("01002"));
  EXPECT_FALSE(Nis::from_int(9999));
}

}  // namespace
}  // namespace lap
