// The follow-up under the floor rule (issue 17, item 1): a municipality's own table shows the
// subsidy its call's settlement rule grants, not only the pro-rata "earned %". Three
// municipalities of a call with the LAP 2023 rules (pro_rata_with_floor, 50% advance, €1,000 per
// extra outflow, threshold 20%): one ends at R = B (nothing under the rule, the advance is
// recovered), one just above B (13.8% earned pro rata, but the floor grants its 50% advance),
// one above its target (earned capped at 100%). Every number below is worked out by hand from
// domain.md §4; the payment statements on the same R must grant the same amounts.
#include <gtest/gtest.h>

#include "lap/pact/consortium.h"
#include "lap/pact/followup.h"
#include "lap/pact/presets.h"
#include "lap/pact/redistribution.h"
#include "lap/pact/settlement.h"
#include "lap/pact/test_util.h"
#include "lap/pact/werktabel.h"

namespace lap::pact {
namespace {

using namespace testing;

// LAP 2023 as in force from 29 Sep 2023 (20%, floor, 50% advance, €1,000; period
// 2023-12..2024-11) with a budget of €120,000 over three municipalities:
//   N:  11001 -> 400, 11002 -> 150, 11004 -> 60 (ΣN = 610)
//   M = 12,000,000 cents × N / 610 = 7,868,852.46 / 2,950,819.67 / 1,180,327.87 cents;
//       the floors add up to 11,999,998, the 2 cents left go to the largest remainders
//       (.87 at 11004, .67 at 11002): M = €78,688.52 / €29,508.20 / €11,803.28.
//   B = 20% × N = 80 / 30 / 12.   E = ⌊M / €1,000⌋ = 78 / 29 / 11.   T = 158 / 59 / 23.
//   advance = 50% × E × €1,000 = €39,000 / €14,500 / €5,500.
struct FloorCall {
  Call call = lap_2023();
  ParameterVersion version = call.latest();
  std::vector<SettlementUnit> units;
};

FloorCall floor_call() {
  FloorCall c;
  c.version.parameters.budget = euro(120'000);
  const CallParameters& p = c.version.parameters;
  const Counts counts{CountSource::kCountTable,
                      {{nis(11001), 400}, {nis(11002), 150}, {nis(11004), 60}}};
  auto w = build_werktabel(p, c.call.ref(c.version), counts);
  EXPECT_TRUE(w);
  const std::vector<Participation> all{{nis(11001), {}}, {nis(11002), {}}, {nis(11004), {}}};
  auto red = redistribute(*w, all, p.redistribution_cap);  // everyone applied: no pool
  EXPECT_TRUE(red);
  for (const auto& row : red->rows)
    c.units.push_back(unit_of(row));
  return c;
}

// Outflow starts per month (all confirmed):
//   11001: 2023-12 30, 2024-06 50            -> R(2024-02) = 30, R(2024-11) = 80 = B
//   11002: 2023-12 5, 2024-02 3, 2024-09 26  -> R(2024-02) = 8,  R(2024-11) = 34
//   11004: 2023-12..2024-02 4 each, 2024-10 15 -> R(2024-02) = 12, R(2024-11) = 27
// and 2024-12 (after the period) 9 each, which never counts.
ResultsTable floor_results() {
  ResultsTable t;
  t.source = ResultSource::kImportedVdabTable;
  auto& a = t.by_nis[nis(11001)];
  a[mon("2023-12")] = {30, 0};
  a[mon("2024-06")] = {50, 0};
  auto& b = t.by_nis[nis(11002)];
  b[mon("2023-12")] = {5, 0};
  b[mon("2024-02")] = {3, 0};
  b[mon("2024-09")] = {26, 0};
  auto& c = t.by_nis[nis(11004)];
  c[mon("2023-12")] = {4, 0};
  c[mon("2024-01")] = {4, 0};
  c[mon("2024-02")] = {4, 0};
  c[mon("2024-10")] = {15, 0};
  for (int code : {11001, 11002, 11004})
    t.by_nis[nis(code)][mon("2024-12")] = {9, 0};
  return t;
}

struct ExpectedRow {
  int64_t b, e, t, r;
  const char* achieved;
  const char* earned_pct;
  Money earned;
  const char* subsidy_pct;
  Money subsidy;
};

void expect_row(const FollowUpRow& row, const ExpectedRow& x) {
  SCOPED_TRACE(row.unit_id + " " + row.month.to_string());
  EXPECT_EQ(row.b, x.b);
  EXPECT_EQ(row.e, x.e);
  EXPECT_EQ(row.t, x.t);
  EXPECT_EQ(row.r, x.r);
  ASSERT_TRUE(row.achieved_pct && row.earned_pct && row.subsidy_pct);
  EXPECT_EQ(row.achieved_pct->to_percent_string(1), x.achieved);
  EXPECT_EQ(row.earned_pct->to_percent_string(1), x.earned_pct);
  EXPECT_EQ(row.earned, x.earned);
  EXPECT_EQ(row.subsidy_pct->to_percent_string(1), x.subsidy_pct);
  EXPECT_EQ(row.subsidy, x.subsidy);
}

TEST(FollowUpUnderTheRule, WerktabelOfTheThreeMunicipalities) {
  const FloorCall c = floor_call();
  EXPECT_EQ(c.version.parameters.settlement_rule, SettlementRule::kProRataWithFloor);
  ASSERT_EQ(c.units.size(), 3u);
  const int64_t b[] = {80, 30, 12}, e[] = {78, 29, 11}, t[] = {158, 59, 23};
  const Money m[] = {cents(7'868'852), cents(2'950'820), cents(1'180'328)};
  const Money advance[] = {euro(39'000), euro(14'500), euro(5'500)};
  for (size_t i = 0; i < 3; ++i) {
    const auto& u = c.units[i];
    EXPECT_EQ(u.b, b[i]) << u.id;
    EXPECT_EQ(u.e, e[i]) << u.id;
    EXPECT_EQ(u.t, t[i]) << u.id;
    EXPECT_EQ(u.m, m[i]) << u.id;
    EXPECT_EQ(advance_amount(c.version.parameters.advance, u.e, euro(1000)), advance[i]) << u.id;
  }
}

TEST(FollowUpUnderTheRule, AtThePeriodEnd) {
  const FloorCall c = floor_call();
  const auto f = follow_up(c.units, c.version.parameters, c.call.ref(c.version), floor_results(),
                           nullptr, mon("2024-11"));
  EXPECT_EQ(f.rule, SettlementRule::kProRataWithFloor);
  ASSERT_EQ(f.rows.size(), 36u);
  // 11001: R = B = 80: achieved 0/78 = 0.0%, earned €0; the floor needs R > B: €0 (0.0%).
  // 11002: R = 34: achieved = earned % = 4/29 = 13.79% -> 13.8%, earned €4,000; the floor
  //        grants max(€14,500, €4,000) = €14,500 = 14,500 / 29,000 = 50.0%.
  // 11004: R = 27 > T = 23: achieved 15/11 = 136.36% -> 136.4%; earned min(15, 11) × €1,000 =
  //        €11,000 (100.0%, below M = €11,803.28); the rule: max(€5,500, €11,000) = €11,000.
  const ExpectedRow end[] = {
      {80, 78, 158, 80, "0.0%", "0.0%", euro(0), "0.0%", euro(0)},
      {30, 29, 59, 34, "13.8%", "13.8%", euro(4'000), "50.0%", euro(14'500)},
      {12, 11, 23, 27, "136.4%", "100.0%", euro(11'000), "100.0%", euro(11'000)},
  };
  for (size_t i = 0; i < 3; ++i) {
    const FollowUpRow& row = f.rows[i * 12 + 11];
    ASSERT_EQ(row.month, mon("2024-11"));
    expect_row(row, end[i]);
    // Nothing is left to project at the period end.
    EXPECT_EQ(row.projected_r, row.r);
    EXPECT_EQ(row.projected_subsidy, end[i].subsidy);
    EXPECT_EQ(row.projected_subsidy_pct, row.subsidy_pct);
  }
  EXPECT_EQ(*f.rows[23].subsidy_pct, *Rate::fraction(1, 2));  // exactly 50%
}

TEST(FollowUpUnderTheRule, ProjectedToThePeriodEnd) {
  const FloorCall c = floor_call();
  const auto f = follow_up(c.units, c.version.parameters, c.call.ref(c.version), floor_results(),
                           nullptr, mon("2024-02"));
  ASSERT_EQ(f.rows.size(), 9u);
  // At 2024-02: 3 months elapsed, 9 left, no history: projected = R + round(R × 9 / 3) = 4 R.
  // 11001: R = 30 ≤ B: nothing now. Projected 120: (120 − 80)/78 = 51.3%, earned €40,000;
  //        the rule: max(€39,000, €40,000) = €40,000 = 40/78 = 51.3%.
  // 11002: R = 8 ≤ B: nothing now. Projected 32: 2/29 = 6.9%, earned €2,000; the floor
  //        grants €14,500 (50.0%).
  // 11004: R = 12 = B: nothing now. Projected 48: earned capped at E = 11: €11,000 (100.0%),
  //        the rule €11,000 (100.0%).
  const ExpectedRow now[] = {
      {80, 78, 158, 30, "-64.1%", "0.0%", euro(0), "0.0%", euro(0)},  // (30 − 80)/78
      {30, 29, 59, 8, "-75.9%", "0.0%", euro(0), "0.0%", euro(0)},    // (8 − 30)/29
      {12, 11, 23, 12, "0.0%", "0.0%", euro(0), "0.0%", euro(0)},
  };
  const int64_t projected_r[] = {120, 32, 48};
  const char* projected_achieved[] = {"51.3%", "6.9%", "327.3%"};  // 36/11 for 11004
  const Money projected_earned[] = {euro(40'000), euro(2'000), euro(11'000)};
  const Money projected_subsidy[] = {euro(40'000), euro(14'500), euro(11'000)};
  const char* projected_subsidy_pct[] = {"51.3%", "50.0%", "100.0%"};
  for (size_t i = 0; i < 3; ++i) {
    const FollowUpRow& row = f.rows[i * 3 + 2];
    ASSERT_EQ(row.month, mon("2024-02"));
    expect_row(row, now[i]);
    EXPECT_EQ(row.projection, ProjectionMethod::kPeriodRunRate);
    EXPECT_EQ(row.projected_r, projected_r[i]);
    EXPECT_EQ(row.projected_achieved_pct->to_percent_string(1), projected_achieved[i]);
    EXPECT_EQ(row.projected_earned, projected_earned[i]);
    EXPECT_EQ(row.projected_subsidy, projected_subsidy[i]);
    ASSERT_TRUE(row.projected_subsidy_pct);
    EXPECT_EQ(row.projected_subsidy_pct->to_percent_string(1), projected_subsidy_pct[i]);
  }
}

TEST(FollowUpUnderTheRule, PaymentStatementsGrantTheSameAmounts) {
  // The statements on the same R, the advance paid and the annual report approved:
  //   11001: entitled €0,      balance €0 − €39,000 = −€39,000 (to recover)
  //   11002: entitled €14,500, balance €14,500 − €14,500 = €0  (settled)
  //   11004: entitled €11,000, balance €11,000 − €5,500 = €5,500 (payable)
  const FloorCall c = floor_call();
  const auto f = follow_up(c.units, c.version.parameters, c.call.ref(c.version), floor_results(),
                           nullptr, mon("2024-11"));
  const int64_t r[] = {80, 34, 27};
  const Money entitled[] = {euro(0), euro(14'500), euro(11'000)};
  const Money balance[] = {euro(-39'000), euro(0), euro(5'500)};
  const PaymentStatus status[] = {PaymentStatus::kToRecover, PaymentStatus::kSettled,
                                  PaymentStatus::kPayable};
  for (size_t i = 0; i < 3; ++i) {
    const auto s = settle(c.units[i], c.version.parameters, c.call.ref(c.version),
                          {r[i], std::nullopt, day("2025-02-01")});
    SCOPED_TRACE(s.unit_id);
    EXPECT_EQ(s.entitled, entitled[i]);
    EXPECT_EQ(s.balance, balance[i]);
    EXPECT_EQ(s.status, status[i]);
    const FollowUpRow& row = f.rows[i * 12 + 11];
    EXPECT_EQ(row.r, s.r);
    EXPECT_EQ(row.subsidy, s.entitled);
    EXPECT_EQ(row.earned, s.earned);
    EXPECT_EQ(row.earned_pct, s.earned_pct);
    EXPECT_EQ(row.achieved_pct, s.achieved_pct);
  }
}

TEST(FollowUpUnderTheRule, ProRataGrantsWhatWasEarned) {
  // The same call settled pro rata: 11002 at R = 34 gets €4,000 (13.8%), its advance of €14,500
  // partly recovered; the subsidy columns equal the earned ones.
  FloorCall c = floor_call();
  c.version.parameters.settlement_rule = SettlementRule::kProRata;
  const auto f = follow_up(c.units, c.version.parameters, c.call.ref(c.version), floor_results(),
                           nullptr, mon("2024-11"));
  EXPECT_EQ(f.rule, SettlementRule::kProRata);
  for (const auto& row : f.rows) {
    EXPECT_EQ(row.subsidy, row.earned);
    EXPECT_EQ(row.subsidy_pct, row.earned_pct);
    EXPECT_EQ(row.projected_subsidy, row.projected_earned);
  }
  expect_row(f.rows[23], {30, 29, 59, 34, "13.8%", "13.8%", euro(4'000), "13.8%", euro(4'000)});
  const auto s = settle(c.units[1], c.version.parameters, c.call.ref(c.version),
                        {34, std::nullopt, day("2025-02-01")});
  EXPECT_EQ(s.balance, euro(-10'500));
}

TEST(FollowUpUnderTheRule, NoShareWithoutAnEngagement) {
  EXPECT_FALSE(entitled_rate(euro(0), 0, euro(1000)));
  EXPECT_FALSE(entitled_rate(euro(500), 3, Money()));
  EXPECT_EQ(*entitled_rate(euro(14'500), 29, euro(1000)), *Rate::fraction(1, 2));
}

}  // namespace
}  // namespace lap::pact
