#include "lap/pact/rate.h"

#include <gtest/gtest.h>

namespace lap::pact {
namespace {

TEST(Rate, BasisPointsAreKeptInLowestTerms) {
  Rate r = Rate::basis_points(2250);  // 22.5% = 2250/10000 = 9/40
  EXPECT_EQ(r.num(), 9);
  EXPECT_EQ(r.den(), 40);
  EXPECT_EQ(r, *Rate::fraction(45, 200));
  EXPECT_EQ(*Rate::fraction(3, -4), *Rate::fraction(-3, 4));
  EXPECT_FALSE(Rate::fraction(1, 0));
}

TEST(Rate, ParsesPercentages) {
  EXPECT_EQ(*Rate::parse_percent("22.5"), Rate::basis_points(2250));
  EXPECT_EQ(*Rate::parse_percent("22,5%"), Rate::basis_points(2250));
  EXPECT_EQ(*Rate::parse_percent("20%"), Rate::basis_points(2000));
  EXPECT_EQ(*Rate::parse_percent("-3"), Rate::basis_points(-300));
  EXPECT_EQ(*Rate::parse_percent("0.000001"), *Rate::fraction(1, 100'000'000));
  for (const char* bad : {"", "%", "abc", "1.2.3", "1.", ".5", "1.0000001", "12a"})
    EXPECT_FALSE(Rate::parse_percent(bad)) << bad;
}

TEST(Rate, AppliesWithHalfUpRounding) {
  Rate t = Rate::basis_points(2250);
  EXPECT_EQ(t.apply_half_up(10), 2);  // 2.25
  EXPECT_EQ(t.apply_half_up(20), 5);  // 4.5 -> 5 (half up)
  EXPECT_EQ(t.apply_half_up(30), 7);  // 6.75
  EXPECT_EQ(t.apply_half_up(2), 0);   // 0.45
  EXPECT_EQ(t.apply_floor(30), 6);
  Rate neg = *Rate::fraction(-1, 2);
  EXPECT_EQ(neg.apply_half_up(3), -1);  // -1.5 -> -1 (towards +inf)
  EXPECT_EQ(neg.apply_floor(3), -2);
}

TEST(Rate, FormatsAsPercent) {
  EXPECT_EQ(Rate::basis_points(2250).to_string(), "22.5%");
  EXPECT_EQ(Rate::basis_points(2000).to_string(), "20%");
  EXPECT_EQ(Rate::basis_points(2000).to_percent_string(1), "20.0%");
  EXPECT_EQ(Rate::fraction(45, 41)->to_percent_string(1), "109.8%");
  EXPECT_EQ(Rate::fraction(-32, 41)->to_percent_string(1), "-78.0%");
  EXPECT_EQ(Rate::fraction(1, 3)->to_string(), "33.333333%");
  EXPECT_EQ(Rate::basis_points(2250).to_decimal_string(), "22.5");
  EXPECT_EQ(Rate::fraction(1, 3)->to_decimal_string(), "33.333333");
  EXPECT_EQ(Rate::fraction(1, 2000)->to_percent_string(1), "0.1%");  // 0.05 -> 0.1
  EXPECT_EQ(Rate().to_string(), "0%");
}

TEST(Rate, FormatsAsPercentWithADecimalComma) {
  EXPECT_EQ(Rate::basis_points(2250).to_string_nl(), "22,5%");
  EXPECT_EQ(Rate::basis_points(2000).to_string_nl(), "20%");
  EXPECT_EQ(Rate::fraction(1, 3)->to_string_nl(), "33,333333%");
  EXPECT_EQ(Rate::fraction(4, 29)->to_percent_string_nl(1), "13,8%");
  EXPECT_EQ(Rate::fraction(-32, 41)->to_percent_string_nl(1), "-78,0%");
  EXPECT_EQ(Rate::fraction(15, 11)->to_percent_string_nl(), "136,4%");
  EXPECT_EQ(Rate::basis_points(5000).to_percent_string_nl(0), "50%");
  EXPECT_EQ(Rate().to_string_nl(), "0%");
}

TEST(Rate, OrdersExactly) {
  EXPECT_LT(Rate::basis_points(2000), Rate::basis_points(2250));
  EXPECT_LT(*Rate::fraction(1, 3), *Rate::fraction(334, 1000));
  EXPECT_GT(*Rate::fraction(1, 3), *Rate::fraction(333, 1000));
  EXPECT_LT(*Rate::fraction(-1, 3), Rate());
}

}  // namespace
}  // namespace lap::pact
