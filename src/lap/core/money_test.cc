#include "lap/core/money.h"

#include <gtest/gtest.h>

namespace lap {
namespace {

TEST(Money, ParsesDotOrComma) {
  EXPECT_EQ(Money::parse("1234.56")->cents(), 123456);
  EXPECT_EQ(Money::parse("1234,5")->cents(), 123450);
  EXPECT_EQ(Money::parse("1000")->cents(), 100000);
  EXPECT_EQ(Money::parse("-0.01")->cents(), -1);
  EXPECT_FALSE(Money::parse("1.234,56"));
  EXPECT_FALSE(Money::parse("12.345"));
  EXPECT_FALSE(Money::parse("abc"));
  EXPECT_FALSE(Money::parse(""));
  EXPECT_FALSE(Money::parse("12."));
}

TEST(Money, FormatsMachineAndDutch) {
  Money m = Money::from_cents(4123456);
  EXPECT_EQ(m.to_string(), "41234.56");
  EXPECT_EQ(m.to_string_nl(), "€ 41.234,56");
  EXPECT_EQ(Money::from_euros(10000000).to_string_nl(), "€ 10.000.000,00");
  EXPECT_EQ(Money::from_cents(-5).to_string(), "-0.05");
  EXPECT_EQ(Money::from_cents(-123456).to_string_nl(), "-€ 1.234,56");
}

TEST(Money, Arithmetic) {
  Money a = Money::from_euros(1000);
  EXPECT_EQ((a * 3 - Money::from_cents(1)).cents(), 299999);
  a += Money::from_cents(50);
  EXPECT_EQ(a.cents(), 100050);
}

}  // namespace
}  // namespace lap
