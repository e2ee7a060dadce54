#include "lap/pact/werktabel.h"

#include <random>

#include <gtest/gtest.h>

#include "lap/pact/int128.h"
#include "lap/pact/presets.h"
#include "lap/pact/test_util.h"

namespace lap::pact {
namespace {

using namespace testing;

CallParameters params(Money budget, Rate threshold, Money amount) {
  CallParameters p = lap_2024().latest().parameters;
  p.budget = budget;
  p.threshold = threshold;
  p.amount_per_outflow = amount;
  return p;
}

TEST(Werktabel, WorkedExample) {
  // Budget €10,000.00 = 1,000,000 cents, threshold 22.5%, €1,000 per outflow.
  // N: 11001 -> 40, 11002 -> 100, 11004 -> 60 (ΣN = 200).
  //   M = 1,000,000 × N / 200 = 200,000 / 500,000 / 300,000 cents (exact).
  //   B = 22.5% × N: 9 / 22.5 -> 23 (half up) / 13.5 -> 14.
  //   E = ⌊M / 100,000⌋: 2 / 5 / 3.   T = B + E: 11 / 28 / 17.
  Counts c{CountSource::kCountTable, {{nis(11001), 40}, {nis(11002), 100}, {nis(11004), 60}}};
  auto w = build_werktabel(params(euro(10'000), Rate::basis_points(2250), euro(1000)),
                           lap_2023().ref_on(day("2023-06-01")), c);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->version.version, 1);
  EXPECT_EQ(w->total_n, 200);
  ASSERT_EQ(w->rows.size(), 3u);
  const auto& a = w->rows[0];
  const auto& b = w->rows[1];
  const auto& d = w->rows[2];
  EXPECT_EQ(a.m, cents(200'000));
  EXPECT_EQ(b.m, cents(500'000));
  EXPECT_EQ(d.m, cents(300'000));
  EXPECT_EQ(a.b, 9);
  EXPECT_EQ(b.b, 23);
  EXPECT_EQ(d.b, 14);
  EXPECT_EQ(a.e, 2);
  EXPECT_EQ(b.e, 5);
  EXPECT_EQ(d.e, 3);
  EXPECT_EQ(a.t, 11);
  EXPECT_EQ(b.t, 28);
  EXPECT_EQ(d.t, 17);
  EXPECT_EQ(w->find(nis(11002))->n, 100);
  EXPECT_EQ(w->find(nis(11005)), nullptr);
}

TEST(Werktabel, LeftoverCentsByLargestRemainder) {
  // €0.10 over N = 1, 2, 4 (see largest_remainder_test): 1, 3, 6 cents.
  // With €1,000 per outflow all E are 0; B at 20%: 0.2 -> 0, 0.4 -> 0, 0.8 -> 1.
  Counts c{CountSource::kLinkedData, {{nis(11001), 1}, {nis(11002), 2}, {nis(11004), 4}}};
  auto w = build_werktabel(params(cents(10), Rate::basis_points(2000), cents(5)), {}, c);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->count_source, CountSource::kLinkedData);
  EXPECT_EQ(w->rows[0].m, cents(1));
  EXPECT_EQ(w->rows[1].m, cents(3));
  EXPECT_EQ(w->rows[2].m, cents(6));
  EXPECT_EQ(w->rows[2].b, 1);
  EXPECT_EQ(w->rows[2].e, 1);  // ⌊6 / 5⌋
}

TEST(Werktabel, WithTheRegistryEveryMunicipalityHasARow) {
  Counts c{CountSource::kCountTable, {{nis(11002), 5000}, {nis(44021), 4000}}};
  auto p = lap_2024().latest().parameters;  // counts on 2023-12-31: 300 municipalities
  auto w = build_werktabel(p, lap_2024().ref_on(day("2024-12-01")), c, &geo::Registry::builtin());
  ASSERT_TRUE(w);
  EXPECT_EQ(w->rows.size(), 300u);
  EXPECT_EQ(w->missing.size(), 298u);
  EXPECT_EQ(w->find(nis(11002))->name, "Antwerpen");
  // 10,000,000 € × 5000 / 9000 = €5,555,555.555... -> 555,555,556 cents (larger remainder).
  EXPECT_EQ(w->find(nis(11002))->m, cents(555'555'556));
  EXPECT_EQ(w->find(nis(44021))->m, cents(444'444'444));
  // A code that does not exist on the reference date is an error.
  Counts bad{CountSource::kCountTable, {{nis(46030), 10}}};
  EXPECT_FALSE(build_werktabel(p, {}, bad, &geo::Registry::builtin()));
}

TEST(Werktabel, RejectsBadCounts) {
  auto p = params(euro(100), Rate::basis_points(2000), euro(1));
  EXPECT_FALSE(build_werktabel(p, {}, Counts{CountSource::kCountTable, {{nis(11001), 0}}}));
  EXPECT_FALSE(build_werktabel(p, {}, Counts{CountSource::kCountTable, {{nis(11001), -1}}}));
  EXPECT_FALSE(build_werktabel(p, {}, Counts{}));
}

TEST(Werktabel, CountTableWinsOverLinkedData) {
  Counts table{CountSource::kLinkedData, {{nis(11001), 7}}};  // source is corrected
  Counts linked{CountSource::kLinkedData, {{nis(11001), 9}}};
  auto c = choose_counts(table, linked);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->source, CountSource::kCountTable);
  EXPECT_EQ(c->by_nis.at(nis(11001)), 7);
  EXPECT_EQ(choose_counts(std::nullopt, linked)->source, CountSource::kLinkedData);
  EXPECT_FALSE(choose_counts(std::nullopt, std::nullopt));
  EXPECT_EQ(count_source_name(CountSource::kCountTable), "count_table");
}

TEST(Werktabel, CommitLess) {
  WerktabelRow r{nis(11001), "", 250, cents(4'123'456), 50, 41, 91};
  auto less = commit_less(r, 30, euro(1000));
  ASSERT_TRUE(less);
  EXPECT_EQ(less->e, 30);
  EXPECT_EQ(less->t, 80);
  EXPECT_EQ(less->m, euro(30'000));                                // M = E × amount
  EXPECT_EQ(commit_less(r, 41, euro(1000))->m, cents(4'123'456));  // the full engagement
  EXPECT_FALSE(commit_less(r, 42, euro(1000)));
  EXPECT_FALSE(commit_less(r, -1, euro(1000)));
}

TEST(Werktabel, PropertyRightsSumToTheBudgetAndBETFollowTheRoundingRules) {
  using detail::Int128;
  std::mt19937_64 rng(0x1a9'2024);
  for (int iter = 0; iter < 1500; ++iter) {
    Counts c;
    size_t municipalities = 1 + rng() % 300;
    for (size_t i = 0; i < municipalities; ++i)
      c.by_nis[nis(10000 + static_cast<int>(i) * 7)] = static_cast<int64_t>(rng() % 20'000);
    c.by_nis[nis(10000)] += 1;  // ΣN > 0
    int64_t bp = static_cast<int64_t>(rng() % 10'001);
    Money budget = cents(1 + static_cast<int64_t>(rng() % 100'000'000'000));
    Money amount = cents(1 + static_cast<int64_t>(rng() % 1'000'000));
    auto w = build_werktabel(params(budget, Rate::basis_points(bp), amount), {}, c);
    ASSERT_TRUE(w);
    int64_t sum = 0;
    for (const auto& r : w->rows) {
      sum += r.m.cents();
      // M is the exact quota rounded down or up.
      Int128 q = Int128(budget.cents()) * r.n;
      Int128 fl = q / w->total_n;
      ASSERT_TRUE(r.m.cents() == fl || r.m.cents() == fl + 1);
      // B = bp × N / 10000 rounded half up: |2·10000·B − 2·bp·N| <= 10000,
      // with an exact half rounded up.
      Int128 twice = Int128(2) * bp * r.n;
      Int128 b2 = Int128(2) * 10000 * r.b;
      ASSERT_TRUE(b2 - 10000 <= twice && twice < b2 + 10000) << r.n << " " << bp << " " << r.b;
      // E = ⌊M / amount⌋.
      ASSERT_LE(r.e * amount.cents(), r.m.cents());
      ASSERT_GT((r.e + 1) * amount.cents(), r.m.cents());
      ASSERT_EQ(r.t, r.b + r.e);
    }
    ASSERT_EQ(sum, budget.cents());
  }
}

}  // namespace
}  // namespace lap::pact
