#include "lap/measure/indicators.h"

#include <map>
#include <random>
#include <tuple>

#include <gtest/gtest.h>

#include "lap/measure/person.h"
#include "lap/measure/test_util.h"

namespace lap::measure {
namespace {

using namespace testing;

Settings with_end(std::string_view l) {
  Settings s;
  s.data_end = mon(l);
  return s;
}

OutflowStatus status(const Timelines& t, int p, std::string_view s, const Settings& st) {
  return outflow_status(t, *t.find(key(p)), mon(s), st);
}

TEST(Outflow, WindowCutByDataEndIsPending) {
  Case c;
  c.work(1, "2024-11", "2024-12");
  c.work(2, "2024-10", "2024-10").work(2, "2024-12", "2024-12");
  c.work(3, "2024-09", "2024-09");
  c.work(4, "2024-10", "2024-12");
  Timelines t = c.build();
  const Settings s;  // L defaults to the latest work month, 2024-12
  EXPECT_EQ(data_end(t, s), mon("2024-12"));
  EXPECT_EQ(status(t, 1, "2024-11", s), OutflowStatus::kPending);
  EXPECT_EQ(status(t, 1, "2024-12", s), OutflowStatus::kPending);
  EXPECT_EQ(status(t, 1, "2024-10", s), OutflowStatus::kFailed);   // not at work in s
  EXPECT_EQ(status(t, 2, "2024-10", s), OutflowStatus::kPending);  // 2 of 3 + 1 unknown
  EXPECT_EQ(status(t, 3, "2024-09", s), OutflowStatus::kFailed);   // 1 of 4 known: 4th can't help
  EXPECT_EQ(status(t, 4, "2024-10", s), OutflowStatus::kConfirmed);
  EXPECT_EQ(status(t, 4, "2025-01", s), OutflowStatus::kNone);  // after L
  // An earlier data end makes the same months pending.
  EXPECT_EQ(status(t, 4, "2024-10", with_end("2024-11")), OutflowStatus::kPending);
}

TEST(Outflow, TwoOfFourFailsThreeOfFourConfirms) {
  Case c;
  c.work(1, "2023-03", "2023-04").work(1, "2023-07", "2023-07");
  c.work(2, "2023-03", "2023-04").work(2, "2023-06", "2023-06");
  Timelines t = c.build();
  const Settings s = with_end("2024-12");
  EXPECT_EQ(status(t, 1, "2023-03", s), OutflowStatus::kFailed);
  EXPECT_EQ(status(t, 1, "2023-04", s), OutflowStatus::kFailed);
  EXPECT_EQ(status(t, 2, "2023-03", s), OutflowStatus::kConfirmed);
  EXPECT_EQ(status(t, 2, "2023-04", s), OutflowStatus::kFailed);
}

TEST(Outflow, Art60MonthsExcludedUnlessSettingOff) {
  Case c;
  c.ent(1, 11002, "2023-01-01").reg(1, "2023-01-01");
  c.work(1, "2023-03", "2023-08", EmployerKind::kOcmwArt60).work(1, "2024-12", "2024-12");
  Timelines t = c.build();
  Settings on;
  Settings off;
  off.exclude_art60 = false;
  EXPECT_FALSE(at_work(t, 0, mon("2023-03"), on));
  EXPECT_EQ(status(t, 1, "2023-03", on), OutflowStatus::kFailed);
  EXPECT_EQ(status(t, 1, "2023-03", off), OutflowStatus::kConfirmed);
  EXPECT_EQ(position(t, 0, mon("2023-03"), on), Position::kRmi);
  EXPECT_EQ(position(t, 0, mon("2023-03"), off), Position::kWorkEmp);
  const Period p = Period::month(mon("2023-02"));
  const auto f_on = compute(t, on, MonthRange(mon("2023-02"), mon("2023-02")));
  const auto f_off = compute(t, off, MonthRange(mon("2023-02"), mon("2023-02")));
  EXPECT_EQ(get(f_on, Indicator::kOutflowRate, "all", p, 11002), (Triple{0, 1, 0}));
  EXPECT_EQ(get(f_off, Indicator::kOutflowRate, "all", p, 11002), (Triple{1, 1, 0}));
  EXPECT_TRUE(lap_result(t, on, MonthRange(mon("2023-01"), mon("2023-12"))).empty());
  const auto lap = lap_result(t, off, MonthRange(mon("2023-01"), mon("2023-12")));
  ASSERT_EQ(lap.size(), 1U);
  EXPECT_EQ(lap[0].numerator, 1);
}

TEST(Reach, SplitsLLAndEllAndUkrainian) {
  Case c;
  c.ent(1, 11002, "2023-01-01").reg(1, "2023-01-01");
  c.ent(2, 11002, "2023-01-01", "", EntitlementKind::kELL, true).reg(2, "2023-02-01");
  c.ent(3, 11002, "2023-01-01", "", EntitlementKind::kELL, true);
  c.ent(4, 11002, "2023-01-01", "", EntitlementKind::kELL, false)
      .reg(4, "2022-01-01", "2023-01-05");
  c.ent(5, 44021, "2023-01-01", "2023-01-31").reg(5, "2023-01-31", "2023-01-31");
  c.work(1, "2024-12", "2024-12");
  Timelines t = c.build();
  const auto fs = compute(t, Settings{}, MonthRange(mon("2023-01"), mon("2023-02")));
  const Period jan = Period::month(mon("2023-01"));
  const Period feb = Period::month(mon("2023-02"));
  EXPECT_EQ(get(fs, Indicator::kReach, "all", jan, 11002), (Triple{2, 4, 0}));
  EXPECT_EQ(get(fs, Indicator::kReach, "LL", jan, 11002), (Triple{1, 1, 0}));
  EXPECT_EQ(get(fs, Indicator::kReach, "ELL", jan, 11002), (Triple{1, 3, 0}));
  EXPECT_EQ(get(fs, Indicator::kReach, "all", feb, 11002), (Triple{2, 4, 0}));
  EXPECT_EQ(get(fs, Indicator::kReach, "ELL", feb, 11002), (Triple{1, 3, 0}));
  EXPECT_EQ(get(fs, Indicator::kUkrainianReach, "all", jan, 11002), (Triple{0, 2, 0}));
  EXPECT_EQ(get(fs, Indicator::kUkrainianReach, "all", feb, 11002), (Triple{1, 2, 0}));
  EXPECT_EQ(get(fs, Indicator::kReach, "all", jan, 44021), (Triple{1, 1, 0}));
  EXPECT_FALSE(find(fs, Indicator::kReach, "all", feb, 44021));
}

TEST(Reach, TwoOcmwsInOneMonthLaterStartWins) {
  Case c;
  c.ent(1, 11002, "2023-01-01", "2023-06-15").ent(1, 44021, "2023-06-10").reg(1, "2023-01-01");
  c.work(1, "2024-12", "2024-12");
  Timelines t = c.build();
  const auto fs = compute(t, Settings{}, MonthRange(mon("2023-05"), mon("2023-06")));
  const Period may = Period::month(mon("2023-05"));
  const Period jun = Period::month(mon("2023-06"));
  EXPECT_EQ(get(fs, Indicator::kReach, "all", may, 11002), (Triple{1, 1, 0}));
  EXPECT_EQ(get(fs, Indicator::kReach, "all", jun, 44021), (Triple{1, 1, 0}));
  EXPECT_FALSE(find(fs, Indicator::kReach, "all", jun, 11002));
}

TEST(Reach, IndicativeIsASumOfTwoDistinctCounts) {
  Case c;
  // Person 1: two overlapping cat05 registrations at X (counted once) and TWE at X.
  c.ent(1, 11002, "2023-01-01").cat05(1, 11002, "2023-01-01").cat05(1, 11002, "2023-03-01");
  c.measure(1, Measure::kTweOcmw, 11002, "2023-02-01", "2023-12-31");
  // Person 2: cat05 at X, not a leefloner at all; person 3: leefloner only.
  c.cat05(2, 11002, "2022-01-01", "2023-03-31");
  c.ent(3, 11002, "2023-01-01");
  c.work(1, "2024-12", "2024-12");
  Timelines t = c.build();
  const auto fs = compute(t, Settings{}, MonthRange(mon("2023-01"), mon("2023-04")));
  EXPECT_EQ(get(fs, Indicator::kReachIndicative, "all", Period::month(mon("2023-01")), 11002),
            (Triple{2, 2, 0}));
  EXPECT_EQ(get(fs, Indicator::kReachIndicative, "all", Period::month(mon("2023-03")), 11002),
            (Triple{3, 2, 0}));  // 2 cat05 persons + 1 TWE person over 2 leefloners
  EXPECT_EQ(get(fs, Indicator::kReachIndicative, "all", Period::month(mon("2023-04")), 11002),
            (Triple{2, 2, 0}));
  EXPECT_EQ(get(fs, Indicator::kTweActive, "all", Period::month(mon("2023-03")), 11002),
            (Triple{1, 2, 0}));
  EXPECT_EQ(get(fs, Indicator::kTweActive, "all", Period::month(mon("2023-01")), 11002),
            (Triple{0, 2, 0}));
}

TEST(Lap, IdentifierChangeCountsOnce) {
  Case c;
  // BIS number 1 on leefloon and registered; national number 2 (same person) at work.
  c.ent(1, 11002, "2023-01-01", "2023-06-30").reg(1, "2023-01-01", "2023-06-30");
  c.ent(2, 11002, "2023-07-01").reg(2, "2023-07-01");
  c.work(2, "2023-05", "2023-12");
  c.change(1, 2);
  Timelines t = c.build();
  EXPECT_EQ(t.persons(), 1U);
  const auto fs = compute(t, Settings{}, MonthRange(mon("2023-04"), mon("2023-04")));
  EXPECT_EQ(get(fs, Indicator::kReach, "all", Period::month(mon("2023-04")), 11002),
            (Triple{1, 1, 0}));
  EXPECT_EQ(get(fs, Indicator::kOutflowRate, "all", Period::month(mon("2023-04")), 11002),
            (Triple{1, 1, 0}));
  const auto lap = lap_result(t, Settings{}, MonthRange(mon("2023-01"), mon("2023-12")));
  ASSERT_EQ(lap.size(), 1U);
  EXPECT_EQ(lap[0].numerator, 1);
  EXPECT_EQ(lap[0].pending, 0);
  const auto o =
      lap_outflow(t, 0, Settings{}, MonthRange(mon("2023-01"), mon("2023-12")), mon("2023-12"));
  ASSERT_TRUE(o);
  EXPECT_EQ(o->start, mon("2023-05"));
}

TEST(Lap, NotRegisteredAtVdabDoesNotCount) {
  Case c;
  c.ent(1, 11002, "2023-01-01", "2023-05-31").work(1, "2023-05", "2024-12");  // never registered
  c.ent(2, 11002, "2023-01-01", "2023-05-31").work(2, "2023-06", "2024-12");
  c.reg(2, "2023-05-01", "2023-05-20");  // registered in s-1 only, leefloner in s-1 only
  c.ent(3, 11002, "2023-01-01", "2023-03-31").work(3, "2023-06", "2024-12");
  c.reg(3, "2023-01-01");  // leefloner ended two months before s
  Timelines t = c.build();
  const auto lap = lap_result(t, Settings{}, MonthRange(mon("2023-01"), mon("2023-12")));
  ASSERT_EQ(lap.size(), 1U);
  EXPECT_EQ(lap[0].ocmw, nis(11002));
  EXPECT_EQ(lap[0].numerator, 1);
  EXPECT_EQ(lap[0].period, Period::range(mon("2023-01"), mon("2023-12")));
  EXPECT_FALSE(lap_outflow(t, *t.find(key(1)), Settings{},
                           MonthRange(mon("2023-01"), mon("2023-12")), mon("2023-12")));
}

TEST(Lap, OcmwOfSOrElseSMinus1AndThroughMonth) {
  Case c;
  c.ent(1, 11002, "2023-01-01", "2023-03-31").ent(1, 44021, "2023-04-01");
  c.reg(1, "2023-01-01").work(1, "2023-04", "2023-07");
  c.ent(2, 11002, "2023-01-01", "2023-03-31").reg(2, "2023-01-01").work(2, "2023-04", "2023-07");
  c.ent(3, 11002, "2023-01-01").reg(3, "2023-01-01").work(3, "2023-06", "2023-07");
  c.work(9, "2023-07", "2023-07");  // L = 2023-07
  Timelines t = c.build();
  const MonthRange period(mon("2023-01"), mon("2023-12"));
  const auto lap = lap_result(t, Settings{}, period);
  EXPECT_EQ(
      get(lap, Indicator::kLapResult, "all", Period::range(mon("2023-01"), mon("2023-12")), 44021),
      (Triple{1, 0, 0}));
  EXPECT_EQ(
      get(lap, Indicator::kLapResult, "all", Period::range(mon("2023-01"), mon("2023-12")), 11002),
      (Triple{1, 0, 1}));  // person 2 confirmed (s-1), person 3 pending
  const auto may = lap_result(t, Settings{}, period, mon("2023-05"));
  EXPECT_EQ(
      get(may, Indicator::kLapResult, "all", Period::range(mon("2023-01"), mon("2023-05")), 11002),
      (Triple{1, 0, 0}));
  const auto monthly = lap_result_monthly(t, Settings{}, period);
  EXPECT_EQ(get(monthly, Indicator::kLapResult, "all",
                Period::range(mon("2023-01"), mon("2023-06")), 11002),
            (Triple{1, 0, 1}));
  EXPECT_FALSE(find(monthly, Indicator::kLapResult, "all",
                    Period::range(mon("2023-01"), mon("2023-03")), 11002));
}

TEST(OutflowRate, CohortConfirmedPendingAndVdab) {
  Case c;
  c.ent(1, 11002, "2023-01-01").reg(1, "2023-01-01").work(1, "2023-06", "2023-09");
  c.ent(2, 11002, "2023-01-01").work(2, "2023-12", "2023-12");  // L = 2023-12, not registered
  c.ent(3, 11002, "2023-01-01").work(3, "2024-02", "2024-05");  // outside the 12-month window
  Timelines t = c.build();
  const auto fs = compute(t, with_end("2023-12"), MonthRange(mon("2023-01"), mon("2023-01")));
  const Period jan = Period::month(mon("2023-01"));
  EXPECT_EQ(get(fs, Indicator::kOutflowRate, "all", jan, 11002), (Triple{1, 3, 1}));
  EXPECT_EQ(get(fs, Indicator::kOutflowRate, "vdab", jan, 11002), (Triple{1, 1, 0}));
}

TEST(Cat05Outflow, CohortEarliestRegistrationOfTheQuarter) {
  Case c;
  c.cat05(1, 44021, "2023-02-15").cat05(1, 11002, "2023-01-20");  // earliest: 11002, e = Jan
  c.work(1, "2024-01", "2024-01");                                // e+12: counts
  c.cat05(2, 44021, "2023-03-01").cat05(2, 11002, "2023-03-01");  // tie: lower NIS
  c.work(2, "2024-04", "2024-04");                                // e+13: too late
  c.cat05(3, 44021, "2024-10-01");                                // window passes L
  c.cat05(4, 44021, "2024-07-01").work(4, "2024-08", "2024-08");
  c.cat05(5, 44021, "2022-12-31");  // previous quarter
  c.work(9, "2024-12", "2024-12");
  Timelines t = c.build();
  const auto fs = compute(t, Settings{}, MonthRange(mon("2023-01"), mon("2024-12")));
  const Period q1 = Period::quarter(mon("2023-01"));
  EXPECT_EQ(get(fs, Indicator::kCat05Outflow, "all", q1, 11002), (Triple{1, 2, 0}));
  EXPECT_FALSE(find(fs, Indicator::kCat05Outflow, "all", q1, 44021));
  EXPECT_EQ(get(fs, Indicator::kCat05Outflow, "all", Period::quarter(mon("2024-10")), 44021),
            (Triple{0, 1, 1}));
  EXPECT_EQ(get(fs, Indicator::kCat05Outflow, "all", Period::quarter(mon("2024-07")), 44021),
            (Triple{1, 1, 0}));
}

TEST(TweExit, DurableVersusNot) {
  Case c;
  const auto twe = [&](int p, std::string_view end) {
    c.measure(p, Measure::kTweOcmw, 11002, "2022-06-01", end);
    c.work(p, "2022-06", std::string(end.substr(0, 7)), EmployerKind::kOcmwArt60);
  };
  twe(1, "2023-03-31");
  c.work(1, "2023-06", "2023-06").work(1, "2023-09", "2023-09").work(1, "2023-12", "2023-12");
  c.work(1, "2024-03", "2024-03");  // durable
  twe(2, "2023-02-28");
  c.work(2, "2023-05", "2023-05").work(2, "2023-08", "2023-08").work(2, "2023-11", "2023-11");
  twe(3, "2023-01-15");
  c.self(3, "2023-04", "2023-04");  // self-employed in e+3
  twe(4, "2024-10-31");             // ends in Q4 2024: windows pass L
  c.work(4, "2024-11", "2024-12");
  twe(5, "2024-07-31");  // e+3 = Oct at work, e+6 > L
  c.work(5, "2024-10", "2024-10");
  twe(6, "2024-07-31");  // e+3 not at work: durable decided
  c.work(9, "2024-12", "2024-12");
  Timelines t = c.build();
  const auto fs = compute(t, Settings{}, MonthRange(mon("2023-01"), mon("2024-12")));
  const Period q1 = Period::quarter(mon("2023-01"));
  EXPECT_EQ(get(fs, Indicator::kTweExit, "work_end3", q1, 11002), (Triple{3, 3, 0}));
  EXPECT_EQ(get(fs, Indicator::kTweExit, "work_any12", q1, 11002), (Triple{3, 3, 0}));
  EXPECT_EQ(get(fs, Indicator::kTweExit, "durable", q1, 11002), (Triple{1, 3, 0}));
  EXPECT_EQ(get(fs, Indicator::kTweExit, "employee_end3", q1, 11002), (Triple{2, 3, 0}));
  EXPECT_EQ(get(fs, Indicator::kTweExit, "self_end3", q1, 11002), (Triple{1, 3, 0}));
  const Period q4 = Period::quarter(mon("2024-10"));
  EXPECT_EQ(get(fs, Indicator::kTweExit, "work_end3", q4, 11002), (Triple{0, 1, 1}));
  EXPECT_EQ(get(fs, Indicator::kTweExit, "work_any12", q4, 11002), (Triple{1, 1, 0}));
  EXPECT_EQ(get(fs, Indicator::kTweExit, "durable", q4, 11002), (Triple{0, 1, 1}));
  const Period q3 = Period::quarter(mon("2024-07"));
  EXPECT_EQ(get(fs, Indicator::kTweExit, "durable", q3, 11002), (Triple{0, 2, 1}));
  EXPECT_EQ(get(fs, Indicator::kTweExit, "work_end3", q3, 11002), (Triple{1, 2, 0}));
  EXPECT_EQ(get(fs, Indicator::kTweExit, "work_any12", q3, 11002), (Triple{1, 2, 1}));
}

TEST(WijkWerken, NewInflowWorkAndLearningOverlap) {
  Case c;
  c.measure(1, Measure::kWijkWerken, 11002, "2023-01-10", "2023-05-20", true);
  c.measure(1, Measure::kIbo, 11002, "2023-05-31", "2023-07-31");  // overlaps May
  c.work(1, "2023-08", "2023-08");                                 // e+3
  c.measure(2, Measure::kWijkWerken, 11002, "2023-01-10", "2023-05-20", true);
  c.measure(2, Measure::kStage, 11002, "2023-06-01", "2023-07-31");  // after: no overlap
  c.work(2, "2023-09", "2023-09");                                   // e+4: too late
  c.measure(3, Measure::kWijkWerken, 11002, "2023-01-10", "2023-04-20", false);  // not new
  c.measure(4, Measure::kWijkWerken, 11002, "2024-01-10", "2024-11-20", true);
  c.work(9, "2024-12", "2024-12");
  Timelines t = c.build();
  const auto fs = compute(t, Settings{}, MonthRange(mon("2023-01"), mon("2024-12")));
  const Period q2 = Period::quarter(mon("2023-04"));
  EXPECT_EQ(get(fs, Indicator::kWijkWerken, "work_any3", q2, 11002), (Triple{1, 2, 0}));
  EXPECT_EQ(get(fs, Indicator::kWijkWerken, "learning", q2, 11002), (Triple{1, 2, 0}));
  EXPECT_EQ(get(fs, Indicator::kWijkWerken, "work_any3", Period::quarter(mon("2024-10")), 11002),
            (Triple{0, 1, 1}));
}

TEST(SeThroughput, NecInEnd3) {
  Case c;
  c.measure(1, Measure::kLde, 11002, "2022-01-01", "2023-02-15").work(1, "2023-05", "2023-05");
  c.measure(2, Measure::kLde, 11002, "2022-01-01", "2023-02-15");
  c.work(2, "2023-05", "2023-05", EmployerKind::kSe);  // social economy: not NEC
  c.measure(3, Measure::kCollectiefMaatwerk, 44021, "2022-01-01", "2023-03-15");
  c.work(3, "2023-06", "2023-06");
  c.work(9, "2024-12", "2024-12");
  Timelines t = c.build();
  const auto fs = compute(t, Settings{}, MonthRange(mon("2023-01"), mon("2023-03")));
  const Period q1 = Period::quarter(mon("2023-01"));
  EXPECT_EQ(get(fs, Indicator::kSeThroughput, "lde", q1, 11002), (Triple{1, 2, 0}));
  EXPECT_EQ(get(fs, Indicator::kSeThroughput, "collectief_maatwerk", q1, 44021), (Triple{1, 1, 0}));
}

TEST(Transitions, PositionsAndAttribution) {
  Case c;
  c.ent(1, 11002, "2023-01-01", "2023-06-30").work(1, "2023-12", "2023-12");  // RMI -> WORK_EMP
  c.ent(2, 11002, "2022-01-01", "2022-12-31")
      .ent(2, 44021, "2023-01-15", "2023-01-20", EntitlementKind::kMH);
  c.self(2, "2023-01", "2023-12");  // WORK_SELF -> WORK_SELF, attributed to the MH start
  c.reg(3, "2023-01-01");           // never on an entitlement: Flanders only
  c.measure(4, Measure::kTweOcmw, 11002, "2023-01-01", "2023-12-31");
  c.ent(4, 11002, "2023-02-01");    // starts after m0: not attributed
  c.work(5, "2023-12", "2023-12");  // OTHER in m0: no row
  Timelines t = c.build();
  const Transitions tr = transitions(t, Settings{}, mon("2023-01"), mon("2023-12"));
  EXPECT_EQ(tr.flanders.at(Position::kRmi, Position::kWorkEmp), 1);
  EXPECT_EQ(tr.flanders.at(Position::kWorkSelf, Position::kWorkSelf), 1);
  EXPECT_EQ(tr.flanders.at(Position::kJobseeker, Position::kJobseeker), 1);
  EXPECT_EQ(tr.flanders.at(Position::kActivation, Position::kRmi), 1);
  int64_t total = 0;
  for (int64_t v : tr.flanders.counts)
    total += v;
  EXPECT_EQ(total, 4);
  ASSERT_EQ(tr.per_ocmw.size(), 2U);
  EXPECT_EQ(tr.per_ocmw[0].ocmw, nis(11002));
  EXPECT_EQ(tr.per_ocmw[0].at(Position::kRmi, Position::kWorkEmp), 1);
  EXPECT_EQ(tr.per_ocmw[1].ocmw, nis(44021));
  EXPECT_EQ(tr.per_ocmw[1].at(Position::kWorkSelf, Position::kWorkSelf), 1);
}

TEST(Compute, QuartersOnlyWhenWhollyInsideTheRange) {
  Case c;
  c.measure(1, Measure::kLde, 11002, "2022-01-01", "2023-02-15");
  Timelines t = c.build();
  EXPECT_TRUE(compute(t, Settings{}, MonthRange(mon("2023-02"), mon("2023-06"))).empty());
  EXPECT_EQ(compute(t, Settings{}, MonthRange(mon("2023-01"), mon("2023-03"))).size(), 1U);
  EXPECT_EQ(Period::quarter(mon("2023-02")).to_string(), "2023-Q1");
  EXPECT_EQ(to_id(Indicator::kSeThroughput), "se_throughput");
  EXPECT_EQ(indicator_from_id("twe_exit"), Indicator::kTweExit);
}

// The bitwise bulk engine agrees with the plain per-person definitions on
// random timelines.
TEST(Compute, AgreesWithPerPersonDefinitionsOnRandomTimelines) {
  std::mt19937 rng(42);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  Case c(MonthRange(mon("2022-01"), mon("2024-12")));
  const int n = 300;
  const std::array<int, 3> ocmws{11002, 44021, 71022};
  auto date = [&](int month_offset) {
    const Month m = mon("2022-01") + month_offset;
    return *Date::from_ymd(m.year(), m.month(), 1 + pick(28));
  };
  for (int p = 0; p < n; ++p) {
    for (int k = pick(3); k > 0; --k) {
      const int s = pick(36);
      c.b.add(EntitlementFact{
          key(p), nis(ocmws[static_cast<size_t>(pick(3))]),
          pick(3) == 0 ? EntitlementKind::kELL : EntitlementKind::kLL, pick(2) == 0, date(s),
          pick(4) == 0 ? std::nullopt : std::optional<Date>(date(s + pick(12)))});
    }
    for (int k = pick(3); k > 0; --k) {
      const int s = pick(36);
      c.b.add(RegistrationFact{key(p), VdabCategory::kCat01, std::nullopt, date(s),
                               std::optional<Date>(date(s + pick(10)))});
    }
    for (int k = pick(5); k > 0; --k) {
      const int s = pick(36);
      c.b.add(WorkFact{key(p), mon("2022-01") + s, mon("2022-01") + std::min(35, s + pick(4)),
                       WorkType::kEmp,
                       pick(4) == 0 ? EmployerKind::kOcmwArt60 : EmployerKind::kNec});
    }
  }
  Timelines t = c.build();
  for (bool excl : {true, false}) {
    Settings s;
    s.exclude_art60 = excl;
    s.data_end = mon("2024-10");
    const MonthRange range(mon("2022-01"), mon("2024-12"));
    const auto fs = compute(t, s, range);
    // Reference figures from the per-person functions.
    std::map<std::tuple<int, int, int>, Triple> want;  // (indicator slot, month, nis)
    for (uint32_t p = 0; p < t.persons(); ++p) {
      for (Month m : range) {
        const auto lf = leefloner(t, p, m);
        if (!lf) continue;
        const bool reg = registered(t, p, m);
        Triple& r = want[{0, m.index(), lf->ocmw.code()}];
        r.den++;
        r.num += reg;
        bool conf = false;
        bool pend = false;
        for (Month x = m; x <= std::min(m + 11, data_end(t, s)); ++x) {
          conf = conf || outflow_status(t, p, x, s) == OutflowStatus::kConfirmed;
          pend = pend || outflow_status(t, p, x, s) == OutflowStatus::kPending;
        }
        Triple& o = want[{1, m.index(), lf->ocmw.code()}];
        o.den++;
        o.num += conf;
        o.pend += !conf && pend;
      }
    }
    for (const auto& [k, v] : want) {
      const auto [slot, mi, x] = k;
      const Indicator ind = slot == 0 ? Indicator::kReach : Indicator::kOutflowRate;
      EXPECT_EQ(get(fs, ind, "all", Period::month(Month::from_index(mi)), x), v)
          << to_id(ind) << " " << Month::from_index(mi).to_string() << " " << x;
    }
    // LAP result per person against a direct scan.
    const MonthRange period(mon("2022-06"), mon("2023-05"));
    std::map<int, Triple> lap_want;
    for (uint32_t p = 0; p < t.persons(); ++p) {
      for (Month m : period) {
        const OutflowStatus st = outflow_status(t, p, m, s);
        if (st != OutflowStatus::kConfirmed && st != OutflowStatus::kPending) continue;
        const auto lf = leefloner(t, p, m);
        const auto lf1 = leefloner(t, p, m - 1);
        if (!lf && !lf1) continue;
        if (!registered(t, p, m) && !registered(t, p, m - 1)) continue;
        Triple& r = lap_want[(lf ? lf : lf1)->ocmw.code()];
        r.num += st == OutflowStatus::kConfirmed;
        r.pend += st == OutflowStatus::kPending;
        break;
      }
    }
    const auto lap = lap_result(t, s, period);
    for (int x : ocmws) {
      EXPECT_EQ(
          get(lap, Indicator::kLapResult, "all", Period::range(period.first(), period.last()), x),
          lap_want[x]);
    }
  }
}

}  // namespace
}  // namespace lap::measure
