#include "lap/core/parse.h"

#include <cstdint>

#include <gtest/gtest.h>

namespace lap {
namespace {

TEST(ParseInteger, ReadsTheWholeDecimalText) {
  EXPECT_EQ(parse_integer<int>("0"), 0);
  EXPECT_EQ(parse_integer<int>("12"), 12);
  EXPECT_EQ(parse_integer<int64_t>("-9223372036854775808"), INT64_MIN);
  EXPECT_EQ(parse_integer<uint16_t>("65535"), 65535);
}

TEST(ParseInteger, RefusesWhatIsNotExactlyANumber) {
  for (const char* text : {"", "12abc", " 12", "12 ", "+12", "1.5", "0x10", "-", "abc"}) {
    EXPECT_EQ(parse_integer<int>(text), std::nullopt) << '"' << text << '"';
  }
}

TEST(ParseInteger, RefusesWhatDoesNotFitTheType) {
  EXPECT_EQ(parse_integer<uint16_t>("65536"), std::nullopt);
  EXPECT_EQ(parse_integer<unsigned>("-1"), std::nullopt);
  EXPECT_EQ(parse_integer<int64_t>("9223372036854775808"), std::nullopt);
}

}  // namespace
}  // namespace lap
