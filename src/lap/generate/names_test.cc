#include "lap/generate/names.h"

#include <algorithm>

#include <gtest/gtest.h>

namespace lap::generate {
namespace {

TEST(Names, StripDiacritics) {
  EXPECT_EQ(strip_diacritics("Çelik"), "Celik");
  EXPECT_EQ(strip_diacritics("Łukasz Wiśniewski"), "Lukasz Wisniewski");
  EXPECT_EQ(strip_diacritics("Şahin Öztürk"), "Sahin Ozturk");
  EXPECT_EQ(strip_diacritics("Ștefan"), "Stefan");
  EXPECT_EQ(strip_diacritics("Peeters"), "Peeters");
}

TEST(Names, BuiltinListsHaveEveryOriginAndTransliterations) {
  const auto& book = NameBook::builtin();
  Rng rng(1);
  for (int o = 0; o < kOriginCount; ++o) {
    EXPECT_FALSE(book.last_name(static_cast<Origin>(o), rng).empty());
    EXPECT_FALSE(book.first_name(static_cast<Origin>(o), Sex::kFemale, rng).empty());
  }
  auto v = book.variants("Oleksandr");
  EXPECT_NE(std::find(v.begin(), v.end(), "Aleksandr"), v.end());
  EXPECT_TRUE(book.variants("Peeters").empty());
}

}  // namespace
}  // namespace lap::generate
