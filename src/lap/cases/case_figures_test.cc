#include "lap/cases/case_figures.h"

#include <gtest/gtest.h>

#include "lap/core/pseudonym.h"
#include "lap/measure/test_util.h"

namespace lap::cases {
namespace {

using measure::Indicator;
using measure::testing::day;
using measure::testing::key;
using measure::testing::mon;

const measure::Figure* find(const CaseFigures& f, Indicator i, std::string_view month, int nis) {
  for (const auto& x : f.figures) {
    if (x.indicator == i && x.period == measure::Period::month(mon(month)) && x.ocmw.code() == nis)
      return &x;
  }
  return nullptr;
}

TEST(CaseFigures, HandoversDecidedInTheMonthWithTheirLeadTimes) {
  CaseFacts facts;
  facts.handovers = {
      {11002, "2026-11-02T09:00:00Z", "2026-11-04T09:00:00Z", true},   // 48 h
      {11002, "2026-11-10T09:00:00Z", "2026-11-10T15:00:00Z", false},  // 6 h, declined
      {11002, "2026-10-30T09:00:00Z", "2026-11-01T09:00:00Z", true},   // decided in November
      {44021, "2026-12-01T09:00:00Z", "2026-12-02T09:00:00Z", true},
      {11002, "2025-01-01T09:00:00Z", "2025-01-02T09:00:00Z", true},  // before the 12 months
  };
  CaseFigureOptions o;
  o.today = day("2024-09-01");  // the application's day of a demo: not the handovers' clock
  o.clock_day = day("2026-12-06");
  const CaseFigures f = compute_case_figures(facts, o);
  const auto* nov = find(f, Indicator::kHandoverLeadTime, "2026-11", 11002);
  ASSERT_NE(nov, nullptr);
  EXPECT_EQ(nov->numerator, 2);
  EXPECT_EQ(nov->denominator, 3);
  EXPECT_EQ(nov->pending, 0);
  EXPECT_EQ(median(f.lead_hours.at({mon("2026-11"), 11002})), 48.0);
  EXPECT_NE(find(f, Indicator::kHandoverLeadTime, "2026-12", 44021), nullptr);
  EXPECT_EQ(find(f, Indicator::kHandoverLeadTime, "2025-01", 11002), nullptr);
  const auto& months = f.months.at(Indicator::kHandoverLeadTime);
  ASSERT_EQ(months.size(), 12U);
  EXPECT_EQ(months.front(), mon("2026-01"));
  EXPECT_EQ(months.back(), mon("2026-12"));
  EXPECT_FALSE(f.months.contains(Indicator::kLeeflonersWithAction));  // no timelines given
}

TEST(CaseFigures, TransmissionsAnsweredInTimeLateOrPending) {
  CaseFacts facts;
  facts.transmissions = {
      {11002, day("2026-11-20"), day("2026-11-20")},  // on the deadline: in time
      {11002, day("2026-11-20"), day("2026-11-21")},  // a day late
      {11002, day("2026-11-30"), std::nullopt},       // past, not answered: late
      {11002, day("2026-12-06"), std::nullopt},       // due today: pending
      {11002, day("2026-12-05"), std::nullopt},       // due yesterday: late
      {11002, day("2026-12-31"), day("2026-12-01")},  // answered early: in time
  };
  CaseFigureOptions o;
  o.today = day("2026-12-06");
  o.clock_day = day("2030-01-01");  // deadlines are on the application's clock
  const CaseFigures f = compute_case_figures(facts, o);
  const auto* nov = find(f, Indicator::kTransmissionsInTime, "2026-11", 11002);
  ASSERT_NE(nov, nullptr);
  EXPECT_EQ(nov->numerator, 1);
  EXPECT_EQ(nov->denominator, 3);
  EXPECT_EQ(nov->pending, 0);
  const auto* dec = find(f, Indicator::kTransmissionsInTime, "2026-12", 11002);
  ASSERT_NE(dec, nullptr);
  EXPECT_EQ(dec->numerator, 1);
  EXPECT_EQ(dec->denominator, 2);  // the pending one is in no denominator
  EXPECT_EQ(dec->pending, 1);
}

TEST(CaseFigures, LeeflonersWithAnAgreedActionAtTheirOcmw) {
  measure::testing::Case c(MonthRange(mon("2026-01"), mon("2026-10")));
  c.ent(1, 11002, "2026-01-01");                // action in March at 11002
  c.ent(2, 11002, "2026-01-01");                // action at another OCMW only
  c.ent(3, 11002, "2026-01-01", "2026-05-31");  // no action
  c.ent(4, 44021, "2026-06-01");                // action in June at 44021
  const measure::Timelines t = c.b.build();
  CaseFacts facts;
  facts.actions = {
      {11002, pseudonym_hex(key(1)), day("2026-03-15")},
      {44021, pseudonym_hex(key(2)), day("2026-02-01")},
      {44021, pseudonym_hex(key(4)), day("2026-06-30")},
      {44021, pseudonym_hex(key(9)), day("2026-01-01")},  // not in the data: ignored
  };
  CaseFigureOptions o;
  o.today = day("2026-12-06");
  o.clock_day = o.today;
  o.timelines = &t;
  o.leefloner_end = mon("2026-10");
  const CaseFigures f = compute_case_figures(facts, o);
  const auto* feb = find(f, Indicator::kLeeflonersWithAction, "2026-02", 11002);
  ASSERT_NE(feb, nullptr);
  EXPECT_EQ(feb->numerator, 0);
  EXPECT_EQ(feb->denominator, 3);
  const auto* mar = find(f, Indicator::kLeeflonersWithAction, "2026-03", 11002);
  ASSERT_NE(mar, nullptr);
  EXPECT_EQ(mar->numerator, 1);  // made on 15 March: counts for March
  EXPECT_EQ(mar->denominator, 3);
  const auto* jun = find(f, Indicator::kLeeflonersWithAction, "2026-06", 44021);
  ASSERT_NE(jun, nullptr);
  EXPECT_EQ(jun->numerator, 1);
  EXPECT_EQ(find(f, Indicator::kLeeflonersWithAction, "2026-06", 11002)->denominator, 2);
  const auto& months = f.months.at(Indicator::kLeeflonersWithAction);
  EXPECT_EQ(months.back(), mon("2026-10"));  // up to the data's last month, not today's
  EXPECT_EQ(find(f, Indicator::kLeeflonersWithAction, "2025-12", 11002), nullptr);
}

TEST(CaseFigures, Median) {
  EXPECT_EQ(median({}), std::nullopt);
  EXPECT_EQ(median({5.0}), 5.0);
  EXPECT_EQ(median({9.0, 1.0, 3.0}), 3.0);
  EXPECT_EQ(median({4.0, 1.0, 3.0, 2.0}), 2.5);
}

}  // namespace
}  // namespace lap::cases
