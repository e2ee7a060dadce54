#include "lap/core/date.h"

#include <gtest/gtest.h>

namespace lap {
namespace {

TEST(Date, ParsesAndFormatsIsoDates) {
  auto d = Date::parse("2024-02-29");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->year(), 2024);
  EXPECT_EQ(d->month(), 2);
  EXPECT_EQ(d->day(), 29);
  EXPECT_EQ(d->to_string(), "2024-02-29");
  EXPECT_EQ(d->to_string_nl(), "29 februari 2024");
}

TEST(Date, RejectsImpossibleDays) {
  EXPECT_FALSE(Date::parse("2023-02-29"));
  EXPECT_FALSE(Date::parse("1900-02-29"));
  EXPECT_TRUE(Date::parse("2000-02-29"));
  EXPECT_FALSE(Date::parse("2024-04-31"));
  EXPECT_FALSE(Date::parse("2024-13-01"));
  EXPECT_FALSE(Date::parse("2024-00-10"));
}

TEST(Date, RejectsOtherFormats) {
  EXPECT_FALSE(Date::parse("24-02-2024"));
  EXPECT_FALSE(Date::parse("2024/02/01"));
  EXPECT_FALSE(Date::parse("2024-2-1"));
  EXPECT_FALSE(Date::parse(""));
  EXPECT_FALSE(Date::parse("2024-02-01 "));
}

TEST(Date, ArithmeticAndOrdering) {
  Date a = *Date::parse("2024-12-31");
  Date b = a + 1;
  EXPECT_EQ(b.to_string(), "2025-01-01");
  EXPECT_EQ(b - a, 1);
  EXPECT_LT(a, b);
  EXPECT_EQ(Date().to_string(), "1970-01-01");
  EXPECT_EQ(Date::max().to_string(), "9999-12-31");
  EXPECT_EQ((Date() - 365000).to_string(), "0970-08-31");  // four digits, padded
  EXPECT_EQ(Date::parse("2026-11-23")->iso_weekday(), 1);  // a Monday
}

}  // namespace
}  // namespace lap
