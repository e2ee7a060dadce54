#include "lap/pact/largest_remainder.h"

#include <numeric>
#include <random>

#include <gtest/gtest.h>

namespace lap::pact {
namespace {

using V = std::vector<int64_t>;

TEST(LargestRemainder, WorkedExamples) {
  // 10 cents over weights 1, 2, 4 (sum 7):
  //   quotas 10/7 = 1.43, 20/7 = 2.86, 40/7 = 5.71 -> floors 1, 2, 5 (8 cents)
  //   remainders (×7) 3, 6, 5 -> the 2 cents left go to weights 2 and 4.
  EXPECT_EQ(largest_remainder(10, V{1, 2, 4}), (V{1, 3, 6}));
  // 1 cent over three equal weights: a tie on everything -> the lowest index.
  EXPECT_EQ(largest_remainder(1, V{1, 1, 1}), (V{1, 0, 0}));
  // 2 cents over weights 1, 3: quotas 0.5 and 1.5, equal remainders ->
  // the larger weight wins the cent.
  EXPECT_EQ(largest_remainder(2, V{1, 3}), (V{0, 2}));
  // Zero weights get nothing; all-zero weights give all zeros.
  EXPECT_EQ(largest_remainder(5, V{0, 1, 0}), (V{0, 5, 0}));
  EXPECT_EQ(largest_remainder(5, V{0, 0}), (V{0, 0}));
  EXPECT_EQ(largest_remainder(0, V{1, 2}), (V{0, 0}));
}

TEST(LargestRemainder, PropertySumsExactlyAndStaysWithinOneCentOfTheQuota) {
  std::mt19937_64 rng(20230929);
  for (int iter = 0; iter < 3000; ++iter) {
    size_t n = 1 + rng() % 40;
    V w(n);
    for (auto& x : w)
      x = (rng() % 5 == 0) ? 0 : static_cast<int64_t>(rng() % 100'000);
    if (std::accumulate(w.begin(), w.end(), int64_t{0}) == 0) w[0] = 1;
    int64_t total = static_cast<int64_t>(rng() % 2'000'000'000'000);
    auto parts = largest_remainder(total, w);
    ASSERT_EQ(std::accumulate(parts.begin(), parts.end(), int64_t{0}), total);
    __extension__ typedef __int128 I;
    I sum = std::accumulate(w.begin(), w.end(), int64_t{0});
    for (size_t i = 0; i < n; ++i) {
      I exact_floor = I(total) * w[i] / sum;
      ASSERT_TRUE(parts[i] == exact_floor || parts[i] == exact_floor + 1);
      if (w[i] == 0) {
        ASSERT_EQ(parts[i], 0);
      }
      if ((I(total) * w[i]) % sum == 0) {
        ASSERT_EQ(parts[i], exact_floor);
      }
    }
  }
}

}  // namespace
}  // namespace lap::pact
