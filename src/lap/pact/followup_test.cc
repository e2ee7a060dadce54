#include "lap/pact/followup.h"

#include <gtest/gtest.h>

#include "lap/pact/presets.h"
#include "lap/pact/test_util.h"

namespace lap::pact {
namespace {

using namespace testing;

// LAP 2024 (period 2024-12..2025-11), one participant: N = 250, B = 50,
// E = 41, T = 91, M = €41,234.56.
SettlementUnit unit() {
  SettlementUnit u;
  u.id = "11001";
  u.members = u.result_codes = {nis(11001)};
  u.n = 250;
  u.b = 50;
  u.e = 41;
  u.t = 91;
  u.m = cents(4'123'456);
  return u;
}

ResultsTable results() {
  ResultsTable t;
  t.source = ResultSource::kImportedVdabTable;
  auto& r = t.by_nis[nis(11001)];
  r[mon("2024-11")] = {9, 0};  // before the period: ignored
  r[mon("2024-12")] = {5, 0};
  r[mon("2025-01")] = {4, 2};
  r[mon("2025-02")] = {3, 4};
  r[mon("2025-12")] = {8, 0};                       // after the period: ignored
  t.by_nis[nis(11002)][mon("2025-01")] = {100, 0};  // another municipality
  return t;
}

TEST(FollowUp, WorkedExampleWithThePeriodRunRate) {
  // Cumulative R: Dec 5, Jan 5 + 6 = 11, Feb 11 + 7 = 18 (confirmed 12, pending 6).
  // At Feb: 3 months elapsed, 9 left.
  //   achieved = (18 − 50) / 41 = −78.0%; earned €0 (0%).
  //   projection (no history: period run rate) = 18 + round(18 × 9 / 3) = 72;
  //   projected achieved (72 − 50) / 41 = 53.7%; projected earned €22,000.
  const Call call = lap_2024();
  auto f = follow_up({unit()}, call.latest().parameters, call.ref(call.latest()), results(),
                     nullptr, mon("2025-02"));
  EXPECT_EQ(f.source, ResultSource::kImportedVdabTable);
  EXPECT_EQ(f.version.call_id, "lap-2024");
  ASSERT_EQ(f.rows.size(), 3u);
  EXPECT_EQ(f.rows[0].month, mon("2024-12"));
  EXPECT_EQ(f.rows[0].r, 5);
  EXPECT_EQ(f.rows[1].r, 11);
  const auto& feb = f.rows[2];
  EXPECT_EQ(feb.confirmed, 12);
  EXPECT_EQ(feb.pending, 6);
  EXPECT_EQ(feb.r, 18);
  EXPECT_EQ(feb.b, 50);
  EXPECT_EQ(feb.e, 41);
  EXPECT_EQ(feb.t, 91);
  EXPECT_EQ(feb.achieved_pct->to_percent_string(1), "-78.0%");
  EXPECT_EQ(feb.earned_pct->to_percent_string(1), "0.0%");
  EXPECT_EQ(feb.earned, Money());
  EXPECT_EQ(feb.projection, ProjectionMethod::kPeriodRunRate);
  EXPECT_EQ(feb.projected_r, 72);
  EXPECT_EQ(feb.projected_achieved_pct->to_percent_string(1), "53.7%");
  EXPECT_EQ(feb.projected_earned, euro(22'000));
}

TEST(FollowUp, ProjectionFromTheLast12Months) {
  // History: 7 outflow starts a month from 2024-03 to 2025-02 (Σ = 84).
  // At Feb: 18 + round(84 × 9 / 12) = 18 + 63 = 81; achieved (81 − 50)/41 = 75.6%.
  OutflowHistory h;
  for (Month m : MonthRange(mon("2023-01"), mon("2025-02")))
    h[nis(11001)][m] = m < mon("2024-03") ? 100 : 7;  // only the last 12 months count
  const Call call = lap_2024();
  auto f = follow_up({unit()}, call.latest().parameters, call.ref(call.latest()), results(), &h,
                     mon("2025-02"));
  const auto& feb = f.rows.back();
  EXPECT_EQ(feb.projection, ProjectionMethod::kLast12Months);
  EXPECT_EQ(feb.projected_r, 81);
  EXPECT_EQ(feb.projected_achieved_pct->to_percent_string(1), "75.6%");
  EXPECT_EQ(projection_method_name(feb.projection), "last_12_months");
}

TEST(FollowUp, RowsContinueAfterThePeriod) {
  const Call call = lap_2024();
  auto f = follow_up({unit()}, call.latest().parameters, call.ref(call.latest()), results(),
                     nullptr, mon("2026-01"));
  ASSERT_EQ(f.rows.size(), 14u);  // 2024-12 .. 2026-01
  EXPECT_EQ(f.rows[11].month, mon("2025-11"));
  EXPECT_EQ(f.rows[11].r, 18);
  EXPECT_EQ(f.rows[11].projected_r, 18);  // nothing left to project
  EXPECT_EQ(f.rows[13].r, 18);            // 2025-12 outflows are outside the period
  EXPECT_EQ(f.rows[13].projected_r, 18);
}

TEST(FollowUp, ImportedTableWinsOverTheEngine) {
  ResultsTable engine;
  engine.by_nis[nis(11001)][mon("2024-12")] = {1, 0};
  auto chosen = choose_results(results(), engine);
  ASSERT_TRUE(chosen);
  EXPECT_EQ(chosen->source, ResultSource::kImportedVdabTable);
  EXPECT_EQ(chosen->by_nis.at(nis(11001)).at(mon("2024-12")).confirmed, 5);
  auto only_engine = choose_results(std::nullopt, engine);
  EXPECT_EQ(only_engine->source, ResultSource::kMeasurementEngine);
  EXPECT_EQ(result_source_name(only_engine->source), "measurement_engine");
  EXPECT_FALSE(choose_results(std::nullopt, std::nullopt));
}

TEST(FollowUp, LastResultMonthAndHistoryOfATable) {
  const ResultsTable t = results();
  EXPECT_EQ(last_result_month(t, mon("2024-12")), mon("2025-12"));
  EXPECT_EQ(last_result_month(t, mon("2026-03")), mon("2026-03"));  // nothing later
  EXPECT_EQ(last_result_month(ResultsTable{}, mon("2024-12")), mon("2024-12"));
  const OutflowHistory h = outflow_history(t);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h.at(nis(11001)).at(mon("2025-01")), 6);  // confirmed + pending
  EXPECT_EQ(h.at(nis(11001)).at(mon("2025-02")), 7);
  EXPECT_EQ(h.at(nis(11001)).size(), 5u);
  EXPECT_EQ(h.at(nis(11002)).at(mon("2025-01")), 100);
}
}  // namespace
}  // namespace lap::pact
