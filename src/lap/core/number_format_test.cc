#include "lap/core/number_format.h"

#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

namespace lap {
namespace {

TEST(NumberFormat, GroupsThousandsWithADot) {
  EXPECT_EQ(grouped_nl(0), "0");
  EXPECT_EQ(grouped_nl(999), "999");
  EXPECT_EQ(grouped_nl(1000), "1.000");
  EXPECT_EQ(grouped_nl(1120), "1.120");
  EXPECT_EQ(grouped_nl(1234567), "1.234.567");
  EXPECT_EQ(grouped_nl(-1234), "-1.234");
  EXPECT_EQ(grouped_nl(-999), "-999");
  EXPECT_EQ(grouped_nl(std::numeric_limits<int64_t>::min()), "-9.223.372.036.854.775.808");
  EXPECT_EQ(grouped_nl(std::numeric_limits<int64_t>::max()), "9.223.372.036.854.775.807");
}

}  // namespace
}  // namespace lap
