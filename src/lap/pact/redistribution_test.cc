#include "lap/pact/redistribution.h"

#include <random>

#include <gtest/gtest.h>

#include "lap/pact/presets.h"
#include "lap/pact/test_util.h"

namespace lap::pact {
namespace {

using namespace testing;

Werktabel table(Money budget, Rate threshold, Money amount, std::map<Nis, int64_t> n) {
  CallParameters p = lap_2024().latest().parameters;
  p.budget = budget;
  p.threshold = threshold;
  p.amount_per_outflow = amount;
  return *build_werktabel(p, {"test", 1, day("2024-06-01")}, {CountSource::kCountTable, n});
}

// Threshold 50%, €320 per outflow, budget €1,200 (120,000 cents).
//   municipality  N   M (cents)   B (50% × N, half up)   cap (N − B) × 32,000
//   P 11001       3   30,000      1.5 -> 2                32,000
//   Q 11002       2   20,000      1                       32,000
//   R 11004       5   50,000      2.5 -> 3                64,000
//   X 11005       2   20,000      1                       (does not apply)
Werktabel example() {
  return table(euro(1200), Rate::basis_points(5000), euro(320),
               {{nis(11001), 3}, {nis(11002), 2}, {nis(11004), 5}, {nis(11005), 2}});
}

TEST(Redistribution, WorkedExampleExcessGoesRoundAgain) {
  // Pool = X's 20,000 cents. Room under the cap: P 2,000, Q 12,000, R 14,000.
  // Round 1: 20,000 by N 3:2:5 -> 6,000 / 4,000 / 10,000.
  //   P takes 2,000 (capped, 4,000 excess); Q takes 4,000; R takes 10,000.
  // Round 2: 4,000 by N 2:5 (Q, R) -> 1,142.86 / 2,857.14:
  //   floors 1,142 and 2,857, remainders (×7) 6 and 1 -> the last cent to Q.
  //   Q 1,143 (room 8,000), R 2,857 (room 4,000): nothing left.
  // Final M: P 32,000, Q 25,143, R 62,857 = 120,000; unallocated 0.
  std::vector<Participation> who{{nis(11001), {}}, {nis(11002), {}}, {nis(11004), {}}};
  auto r = redistribute(example(), who, true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->pool, cents(20'000));
  EXPECT_EQ(r->rounds, 2);
  ASSERT_EQ(r->rows.size(), 3u);
  EXPECT_EQ(r->rows[0].m, cents(32'000));
  EXPECT_TRUE(r->rows[0].at_cap);
  EXPECT_EQ(r->rows[0].received, cents(2'000));
  EXPECT_EQ(r->rows[1].m, cents(25'143));
  EXPECT_EQ(r->rows[2].m, cents(62'857));
  EXPECT_FALSE(r->rows[2].at_cap);
  EXPECT_EQ(r->allocated, euro(1200));
  EXPECT_EQ(r->unallocated, Money());
  // E = ⌊M / 32,000⌋, T = B + E.
  EXPECT_EQ(r->rows[0].e, 1);
  EXPECT_EQ(r->rows[0].t, 3);
  EXPECT_EQ(r->rows[2].e, 1);
  EXPECT_EQ(r->find(nis(11005)), nullptr);
}

TEST(Redistribution, WithoutTheCapOneRoundInProportionToN) {
  // 20,000 by 3:2:5 -> 6,000 / 4,000 / 10,000.
  std::vector<Participation> who{{nis(11001), {}}, {nis(11002), {}}, {nis(11004), {}}};
  auto r = redistribute(example(), who, false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rounds, 1);
  EXPECT_EQ(r->rows[0].m, cents(36'000));
  EXPECT_EQ(r->rows[1].m, cents(24'000));
  EXPECT_EQ(r->rows[2].m, cents(60'000));
  EXPECT_FALSE(r->rows[0].cap);
}

TEST(Redistribution, WhatCannotBePlacedIsUnallocated) {
  // Only P applies: room 2,000 of the pool of 90,000 (Q, R, X).
  auto r = redistribute(example(), std::vector<Participation>{{nis(11001), {}}}, true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->pool, cents(90'000));
  EXPECT_EQ(r->allocated, cents(32'000));
  EXPECT_EQ(r->unallocated, cents(88'000));
  EXPECT_EQ(r->allocated + r->unallocated, r->budget);
  // Nobody applies: everything is unallocated.
  auto none = redistribute(example(), std::vector<Participation>{}, true);
  EXPECT_EQ(none->unallocated, euro(1200));
}

TEST(Redistribution, ALowerCommitmentFreesRightsAndReceivesNothing) {
  // R commits to 0 extra outflows: M = 0, its 50,000 join the pool (70,000).
  // P (room 2,000) and Q (room 12,000) take 14,000; 56,000 cannot be placed.
  std::vector<Participation> who{{nis(11001), {}}, {nis(11002), {}}, {nis(11004), 0}};
  auto r = redistribute(example(), who, true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->pool, cents(70'000));
  EXPECT_TRUE(r->rows[2].reduced_commitment);
  EXPECT_EQ(r->rows[2].m, Money());
  EXPECT_EQ(r->rows[2].e, 0);
  EXPECT_EQ(r->rows[0].m, cents(32'000));
  EXPECT_EQ(r->rows[1].m, cents(32'000));
  EXPECT_EQ(r->unallocated, cents(56'000));
}

TEST(Redistribution, RejectsBadParticipants) {
  auto w = example();
  EXPECT_FALSE(redistribute(w, std::vector<Participation>{{nis(12002), {}}}, true));
  EXPECT_FALSE(
      redistribute(w, std::vector<Participation>{{nis(11001), {}}, {nis(11001), {}}}, true));
  EXPECT_FALSE(redistribute(w, std::vector<Participation>{{nis(11001), 5}}, true));  // E = 0
}

TEST(Redistribution, PropertyConservesTheBudgetAndRespectsCaps) {
  std::mt19937_64 rng(0xdeadbeef);
  for (int iter = 0; iter < 1500; ++iter) {
    std::map<Nis, int64_t> n;
    size_t count = 1 + rng() % 120;
    for (size_t i = 0; i < count; ++i)
      n[nis(10000 + static_cast<int>(i) * 11)] = static_cast<int64_t>(rng() % 3000);
    n[nis(10000)] += 1;
    int64_t bp = static_cast<int64_t>(rng() % 10'001);
    Money budget = cents(1 + static_cast<int64_t>(rng() % 2'000'000'000));
    Money amount = cents(1 + static_cast<int64_t>(rng() % 300'000));
    Werktabel w = table(budget, Rate::basis_points(bp), amount, n);
    std::vector<Participation> who;
    for (const auto& row : w.rows) {
      if (rng() % 3 != 0) continue;
      std::optional<int64_t> e;
      if (rng() % 10 == 0) e = row.e == 0 ? 0 : static_cast<int64_t>(rng() % (row.e + 1));
      who.push_back({row.nis, e});
    }
    bool cap = rng() % 4 != 0;
    auto r = redistribute(w, who, cap);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->allocated + r->unallocated, budget);
    ASSERT_GE(r->unallocated, Money());
    int64_t sum = 0;
    for (const auto& row : r->rows) {
      sum += row.m.cents();
      ASSERT_GE(row.received, Money());
      ASSERT_EQ(row.m, row.m_before + row.received);
      ASSERT_EQ(row.t, row.b + row.e);
      if (row.reduced_commitment) {
        ASSERT_EQ(row.received, Money());
      }
      if (cap) {
        ASSERT_TRUE(row.cap);
        // A right never grows past the cap (one already above it receives nothing).
        if (row.received > Money()) {
          ASSERT_LE(row.m, *row.cap);
        }
        // Money left over means every participant that could receive is capped.
        if (r->unallocated > Money() && !row.reduced_commitment && row.n > 0) {
          ASSERT_GE(row.m, *row.cap);
        }
      } else if (!row.reduced_commitment && row.n > 0) {
        ASSERT_EQ(r->unallocated, Money());
      }
    }
    ASSERT_EQ(sum, r->allocated.cents());
    // Without the cap the pool is shared in proportion to N (within a cent).
    if (!cap) {
      std::vector<const RedistributionRow*> rec;
      for (const auto& row : r->rows)
        if (!row.reduced_commitment && row.n > 0) rec.push_back(&row);
      int64_t total_n = 0;
      for (auto* row : rec)
        total_n += row->n;
      for (auto* row : rec) {
        __extension__ typedef __int128 I;
        I exact = I(r->pool.cents()) * row->n;
        I got = I(row->received.cents()) * total_n;
        ASSERT_LE(exact - got, I(total_n));
        ASSERT_LE(got - exact, I(total_n));
      }
    }
  }
}

TEST(Redistribution, WithoutPoolEveryoneHoldsItsOwnRight) {
  // The worked example before the deadline: nothing from the pool (X's rights
  // and what R gave up by committing to 0 of its E = 1); M, E and T as in the
  // werktabel, the lower commitment kept.
  std::vector<Participation> who{{nis(11001), {}}, {nis(11002), {}}, {nis(11004), 0}};
  auto r = redistribute(example(), who, true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->pool, cents(70'000));
  const Redistribution own = without_pool(*r, euro(320));
  EXPECT_EQ(own.pool, Money());
  EXPECT_EQ(own.rounds, 0);
  ASSERT_EQ(own.rows.size(), 3u);
  for (const auto& row : own.rows) {
    EXPECT_EQ(row.m, row.m_before);
    EXPECT_EQ(row.received, Money());
    EXPECT_FALSE(row.at_cap);
    EXPECT_EQ(row.t, row.b + row.e);
  }
  EXPECT_EQ(own.rows[0].m, cents(30'000));
  EXPECT_EQ(own.rows[0].e, 0);  // ⌊30,000 / 32,000⌋
  EXPECT_EQ(own.rows[1].m, cents(20'000));
  EXPECT_EQ(own.rows[1].e, 0);
  EXPECT_TRUE(own.rows[2].reduced_commitment);
  EXPECT_EQ(own.rows[2].m, Money());  // committed to 0
  EXPECT_EQ(own.rows[2].e, 0);
  EXPECT_EQ(own.allocated, cents(50'000));
  EXPECT_EQ(own.unallocated, cents(70'000));
}

}  // namespace
}  // namespace lap::pact
