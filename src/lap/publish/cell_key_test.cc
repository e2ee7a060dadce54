#include "lap/publish/cell_key.h"

#include <map>

#include <gtest/gtest.h>

namespace lap::publish {
namespace {

TEST(CellKey, UnbiasedSmallNoiseZerosStay) {
  // Over evenly spread keys the noise averages out, stays within 2, never goes negative.
  for (int64_t n : {0, 1, 2, 3, 10, 500}) {
    double sum = 0;
    std::map<int64_t, int> seen;
    const int steps = 10000;
    for (int i = 0; i < steps; ++i) {
      const auto key = static_cast<uint32_t>((static_cast<uint64_t>(i) << 32) / steps);
      const int64_t v = perturb(n, key);
      EXPECT_GE(v, 0);
      EXPECT_LE(std::abs(v - n), 2);
      sum += static_cast<double>(v);
      ++seen[v];
    }
    EXPECT_NEAR(sum / steps, static_cast<double>(n), 0.01) << n;
    if (n == 0) {
      EXPECT_EQ(seen.size(), 1u);
    }
    if (n >= 2) {
      EXPECT_EQ(seen.size(), 5u);
    }
  }
}

TEST(CellKey, TheSameUnitsGetTheSameNoise) {
  EXPECT_EQ(perturb(7, 123456789), perturb(7, 123456789));
}

}  // namespace
}  // namespace lap::publish
