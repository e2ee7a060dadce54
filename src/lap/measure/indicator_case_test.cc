#include "lap/measure/indicator_case.h"

#include <gtest/gtest.h>

namespace lap::measure::cases {
namespace {

TEST(IndicatorCase, ReadsFactsSettingsAndExpectations) {
  const auto parsed = parse_indicator_case(R"(# tier: slow
range 2024-01 2024-06
data_end 2024-05
exclude_art60 off
rmi anna 11002 ELL 2024-01-15 - ukrainian   # a running ELL
vdab anna 05 2024-02-01 2024-02-29 11002
work anna 2024-03 2024-05 EMP NEC
work bert 2024-03 2024-03 SELF
measure bert WIJK_WERKEN 44021 2024-01-01 2024-03-31 new_inflow
same bert carl
expect reach ELL 2024-02 11002 = 1/1
expect lap_result all 2024-01..2024-06 11002 = 0 pending 1
expect transitions 2024-01 2024-06 flanders RMI WORK_EMP = 1
only reach
)",
                                           "x.test");
  ASSERT_TRUE(parsed.errors.empty()) << parsed.errors.front();
  const IndicatorCase& c = parsed.value;
  EXPECT_TRUE(c.slow);
  EXPECT_EQ(c.range, MonthRange(*Month::parse("2024-01"), *Month::parse("2024-06")));
  EXPECT_EQ(c.settings.data_end, Month::parse("2024-05").value());
  EXPECT_FALSE(c.settings.exclude_art60);
  ASSERT_EQ(c.facts.size(), 6U);
  const auto& ent = std::get<EntitlementFact>(c.facts[0]);
  EXPECT_EQ(ent.kind, EntitlementKind::kELL);
  EXPECT_TRUE(ent.ukrainian);
  EXPECT_FALSE(ent.end.has_value());
  const auto& reg = std::get<RegistrationFact>(c.facts[1]);
  EXPECT_EQ(reg.person, ent.person);
  EXPECT_EQ(reg.ocmw, Nis::parse("11002").value());
  EXPECT_EQ(std::get<WorkFact>(c.facts[3]).type, WorkType::kSelf);
  EXPECT_EQ(std::get<MeasureFact>(c.facts[4]).new_inflow, true);
  EXPECT_NE(std::get<IdentifierChangeFact>(c.facts[5]).old_person, ent.person);
  ASSERT_EQ(c.expectations.size(), 3U);
  EXPECT_EQ(c.expectations[0].line, 11);
  const auto& lap = std::get<FigureExpectation>(c.expectations[1].what);
  EXPECT_EQ(lap.indicator, Indicator::kLapResult);
  EXPECT_EQ(lap.pending, 1);
  EXPECT_EQ(lap.denominator, 0);
  const auto& tr = std::get<TransitionExpectation>(c.expectations[2].what);
  EXPECT_FALSE(tr.ocmw.has_value());
  EXPECT_EQ(tr.after, Position::kWorkEmp);
  ASSERT_EQ(c.only.size(), 1U);
  EXPECT_EQ(c.only[0].line, 14);
}

TEST(IndicatorCase, ErrorsNameFileAndLine) {
  const auto parsed = parse_indicator_case(
      "rmi p1 11002 LL 2024-01-01 -\nwork p1 2024-13 2024-14 EMP NEC\nwork p1 2024-01 2024-02 "
      "EMP\nexpect reach all 2024-01 11002 1/1\nfrobnicate\n",
      "a.test");
  ASSERT_EQ(parsed.errors.size(), 5U);
  EXPECT_EQ(parsed.errors[0], "a.test:2: '2024-13' is not a month (YYYY-MM)");
  EXPECT_EQ(parsed.errors[1], "a.test:3: EMP needs an employer kind, SELF none");
  EXPECT_EQ(parsed.errors[2],
            "a.test:4: usage: expect INDICATOR VARIANT PERIOD NIS = N[/D] [pending K]");
  EXPECT_EQ(parsed.errors[3], "a.test:5: unknown line 'frobnicate'");
  EXPECT_EQ(parsed.errors[4], "a.test: a case needs at least one expect line");
}

TEST(IndicatorCase, ReportsMismatchesAtTheirLines) {
  const auto parsed = parse_indicator_case(R"(range 2024-01 2024-03
rmi p1 11002 LL 2024-01-01 -
vdab p1 01 2024-02-29 2024-02-29
expect reach all 2024-02 11002 = 1/1
expect reach all 2024-03 11002 = 1/1
only reach
)",
                                           "c.test");
  ASSERT_TRUE(parsed.errors.empty());
  const auto mismatches = check_indicator_case(parsed.value);
  // The one wrong expectation, then the four reach figures the case does not list.
  ASSERT_EQ(mismatches.size(), 5U);
  EXPECT_EQ(mismatches[0].line, 5);
  EXPECT_EQ(mismatches[0].message,
            "reach all 2024-03 11002: expected 1/1 pending 0, the engine gives 0/1 pending 0");
  EXPECT_EQ(mismatches[1].line, 6);
  EXPECT_EQ(mismatches[1].message,
            "only reach: reach LL 2024-01 11002 = 0/1 pending 0 is not expected");
  EXPECT_EQ(mismatches[4].message,
            "only reach: reach all 2024-01 11002 = 0/1 pending 0 is not expected");
}

}  // namespace
}  // namespace lap::measure::cases
