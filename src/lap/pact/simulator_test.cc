#include "lap/pact/simulator.h"

#include <gtest/gtest.h>

#include "lap/pact/presets.h"
#include "lap/pact/test_util.h"

namespace lap::pact {
namespace {

using namespace testing;

// LAP 2023 rules (pro_rata_with_floor, 50% advance, €1,000 per outflow) on a
// budget of €100,000 over four municipalities (ΣN = 1,000, so M = €100 × N):
//   NIS    N    M        E    B at 22.5%      B at 20%   current outflow R
//   11001  400  €40,000  40   90              80         95
//   11002  200  €20,000  20   45              40         44
//   11004  300  €30,000  30   67.5 -> 68      60         70
//   11005  100  €10,000  10   22.5 -> 23      20         21
// Advances (50% × E × €1,000): 20,000 / 10,000 / 15,000 / 5,000.
SimulationInput input() {
  SimulationInput in;
  in.parameters = lap_2023().versions[0].parameters;  // 22.5%
  in.parameters.budget = euro(100'000);
  in.version = lap_2023().ref(lap_2023().versions[0]);
  in.counts = {CountSource::kCountTable,
               {{nis(11001), 400}, {nis(11002), 200}, {nis(11004), 300}, {nis(11005), 100}}};
  in.participants = {nis(11001), nis(11002), nis(11004), nis(11005)};
  in.outflow = {{nis(11001), 95}, {nis(11002), 44}, {nis(11004), 70}, {nis(11005), 21}};
  return in;
}

TEST(Simulator, Threshold22Point5Versus20) {
  // At 22.5%: 11001 95 > 90 -> earned €5,000, floor pays €20,000;
  //           11002 44 ≤ 45 -> nothing; 11004 70 > 68 -> earned €2,000, pays €15,000;
  //           11005 21 ≤ 23 -> nothing.               Cost €35,000, 2 paid.
  // At 20%:   11001 95 − 80 = 15 -> €15,000, pays €20,000;
  //           11002 4 -> €4,000, pays €10,000; 11004 10 -> €10,000, pays €15,000;
  //           11005 1 -> €1,000, pays €5,000.           Cost €50,000, 4 paid.
  auto at_225 = simulate(input());
  ASSERT_TRUE(at_225) << at_225.error().message;
  EXPECT_EQ(at_225->projected_cost, euro(35'000));
  EXPECT_EQ(at_225->paid_municipalities, 2);
  EXPECT_EQ(at_225->werktabel.find(nis(11004))->b, 68);
  EXPECT_EQ(at_225->rows[0].earned, euro(5'000));
  EXPECT_EQ(at_225->rows[0].payment, euro(20'000));

  auto at_20 = simulate(input(), {.threshold = Rate::basis_points(2000)});
  ASSERT_TRUE(at_20);
  EXPECT_EQ(at_20->parameters.threshold, Rate::basis_points(2000));
  EXPECT_EQ(at_20->projected_cost, euro(50'000));
  EXPECT_EQ(at_20->paid_municipalities, 4);
  EXPECT_EQ(at_20->werktabel.find(nis(11004))->b, 60);
  EXPECT_EQ(at_20->werktabel.version, input().version);
}

TEST(Simulator, FewerParticipantsGetTheRedistributedRights) {
  // At 20% with only 11001 and 11002 applying: the pool of €40,000 goes
  // 400:200 -> 2,666,666.67 and 1,333,333.33 cents; the leftover cent goes to
  // 11001 (remainder 400 vs 200, ×600). M = €66,666.67 (E 66) and
  // €33,333.33 (E 33); caps (N − B) × €1,000 are far away.
  //   11001: earned 15 × €1,000 = €15,000, advance €33,000 -> pays €33,000.
  //   11002: earned €4,000, advance €16,500 -> pays €16,500.   Cost €49,500.
  auto s = simulate(input(), {.threshold = Rate::basis_points(2000),
                              .participants = std::vector<Nis>{nis(11001), nis(11002)}});
  ASSERT_TRUE(s);
  ASSERT_EQ(s->rows.size(), 2u);
  EXPECT_EQ(s->rows[0].m, cents(6'666'667));
  EXPECT_EQ(s->rows[0].e, 66);
  EXPECT_EQ(s->rows[1].m, cents(3'333'333));
  EXPECT_EQ(s->rows[1].e, 33);
  EXPECT_EQ(s->redistribution.unallocated, Money());
  EXPECT_EQ(s->projected_cost, euro(49'500));
  EXPECT_EQ(s->paid_municipalities, 2);
}

TEST(Simulator, AmountAndBudgetChanges) {
  // pro_rata at 20% with €2,000 per outflow: E halves (20 / 10 / 15 / 5).
  //   11001 min(15, 20) = 15 -> €30,000; 11002 4 -> €8,000; 11004 10 -> €20,000;
  //   11005 1 -> €2,000.  Cost €60,000, 4 paid.
  auto in = input();
  in.parameters.settlement_rule = SettlementRule::kProRata;
  auto s = simulate(in, {.threshold = Rate::basis_points(2000), .amount_per_outflow = euro(2000)});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->werktabel.find(nis(11001))->e, 20);
  EXPECT_EQ(s->projected_cost, euro(60'000));
  // Half the budget: E 20 / 10 / 15 / 5 at €1,000.
  //   11001 15 -> €15,000; 11002 4 -> €4,000; 11004 min(10, 15) -> €10,000; 11005 1 -> €1,000.
  auto half = simulate(in, {.threshold = Rate::basis_points(2000), .budget = euro(50'000)});
  ASSERT_TRUE(half);
  EXPECT_EQ(half->projected_cost, euro(30'000));
  // Invalid scenario parameters are refused with the rule.
  auto bad = simulate(in, {.threshold = Rate::basis_points(12000)});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "threshold: must be between 0% and 100%");
}

TEST(Simulator, ExpectedOutflowOfTheLast12MonthsScaledToThePeriod) {
  ResultsTable t;
  auto& a = t.by_nis[nis(11001)];
  a[mon("2023-12")] = {50, 0};  // 13 months before the last: outside
  a[mon("2024-02")] = {4, 1};
  a[mon("2024-12")] = {3, 2};
  a[mon("2025-01")] = {7, 0};  // after the last: outside
  t.by_nis[nis(11002)][mon("2024-06")] = {1, 0};
  t.by_nis[nis(11004)];  // no months
  const auto twelve = expected_outflow(t, mon("2025-01") - 1, 12);
  EXPECT_EQ(twelve.at(nis(11001)), 10);
  EXPECT_EQ(twelve.at(nis(11002)), 1);
  EXPECT_EQ(twelve.at(nis(11004)), 0);
  // × months / 12, half up: 10 × 9 / 12 = 7.5 -> 8; 1 × 6 / 12 = 0.5 -> 1; 1 × 5 / 12 -> 0.
  EXPECT_EQ(expected_outflow(t, mon("2024-12"), 9).at(nis(11001)), 8);
  EXPECT_EQ(expected_outflow(t, mon("2024-12"), 6).at(nis(11002)), 1);
  EXPECT_EQ(expected_outflow(t, mon("2024-12"), 5).at(nis(11002)), 0);
}
}  // namespace
}  // namespace lap::pact
