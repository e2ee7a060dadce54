#include "lap/core/month.h"

#include <vector>

#include <gtest/gtest.h>

namespace lap {
namespace {

TEST(Month, ParseFormatAndParts) {
  auto m = Month::parse("2022-09");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->year(), 2022);
  EXPECT_EQ(m->month(), 9);
  EXPECT_EQ(m->quarter(), 3);
  EXPECT_EQ(m->to_string(), "2022-09");
  EXPECT_EQ(Month::from_index(999 * 12 + 2).to_string(), "0999-03");
  EXPECT_EQ(m->to_string_nl(), "september 2022");
  EXPECT_EQ(Month::parse("2025-12")->to_string_nl(), "december 2025");
  EXPECT_FALSE(Month::parse("2022-13"));
  EXPECT_FALSE(Month::parse("2022-00"));
  EXPECT_FALSE(Month::parse("2022-9"));
  EXPECT_FALSE(Month::parse("202209"));
}

TEST(Month, ArithmeticCrossesYears) {
  Month m = *Month::parse("2023-11");
  EXPECT_EQ((m + 3).to_string(), "2024-02");
  EXPECT_EQ((m - 11).to_string(), "2022-12");
  EXPECT_EQ(*Month::parse("2025-01") - *Month::parse("2019-01"), 72);
}

TEST(Month, DaysOfMonth) {
  EXPECT_EQ(Month::parse("2024-02")->last_day().to_string(), "2024-02-29");
  EXPECT_EQ(Month::parse("2023-02")->last_day().to_string(), "2023-02-28");
  EXPECT_EQ(Month::parse("2023-02")->first_day().to_string(), "2023-02-01");
  EXPECT_EQ(Month::of(*Date::parse("2024-12-31")).to_string(), "2024-12");
}

TEST(MonthRange, IteratesInclusive) {
  auto r = MonthRange::parse("2019-11..2020-02");
  ASSERT_TRUE(r);
  std::vector<std::string> seen;
  for (Month m : *r)
    seen.push_back(m.to_string());
  EXPECT_EQ(seen, (std::vector<std::string>{"2019-11", "2019-12", "2020-01", "2020-02"}));
  EXPECT_EQ(r->size(), 4);
  EXPECT_TRUE(r->contains(*Month::parse("2020-01")));
  EXPECT_FALSE(r->contains(*Month::parse("2020-03")));
  EXPECT_FALSE(MonthRange::parse("2020-02..2019-11"));
  MonthRange empty(*Month::parse("2020-02"), *Month::parse("2020-01"));
  EXPECT_TRUE(empty.empty());
  int n = 0;
  for ([[maybe_unused]] Month m : empty)
    ++n;
  EXPECT_EQ(n, 0);
}

}  // namespace
}  // namespace lap
