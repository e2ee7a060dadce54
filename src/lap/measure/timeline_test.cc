#include "lap/measure/timeline.h"

#include <gtest/gtest.h>

#include "lap/measure/person.h"
#include "lap/measure/test_util.h"

namespace lap::measure {
namespace {

using namespace testing;

TEST(Timeline, BitsetsFollowFactsAndRange) {
  Case c;
  c.work(1, "2022-11", "2023-02")  // starts before the range: clipped
      .work(1, "2024-11", "2025-03", EmployerKind::kOcmwArt60)
      .self(1, "2023-06", "2023-06")
      .reg(1, "2023-03-31", "2023-04-01")
      .ent(1, 11002, "2023-05-15", "2023-05-15", EntitlementKind::kMH);
  Timelines t = c.build();
  ASSERT_EQ(t.persons(), 1U);
  EXPECT_EQ(t.months(), 24);
  EXPECT_EQ(t.words(), 1);
  EXPECT_TRUE(t.test(0, Column::kEmpRegular, mon("2023-01")));
  EXPECT_TRUE(t.test(0, Column::kEmpNec, mon("2023-02")));
  EXPECT_FALSE(t.test(0, Column::kEmpRegular, mon("2023-03")));
  EXPECT_FALSE(t.test(0, Column::kEmpRegular, mon("2022-12")));  // outside: nothing known
  EXPECT_TRUE(t.test(0, Column::kEmpArt60, mon("2024-12")));
  EXPECT_TRUE(t.test(0, Column::kSelf, mon("2023-06")));
  EXPECT_TRUE(t.test(0, Column::kRegistered, mon("2023-03")));
  EXPECT_TRUE(t.test(0, Column::kRegistered, mon("2023-04")));
  EXPECT_FALSE(t.test(0, Column::kRegistered, mon("2023-05")));
  EXPECT_TRUE(t.test(0, Column::kEntitlement, mon("2023-05")));
  EXPECT_TRUE(t.leefloner(0).empty());  // MH is not leefloon
  EXPECT_EQ(t.latest_work_month(), mon("2025-03"));
}

TEST(Timeline, LatestStartWinsAndSpansMerge) {
  Case c;
  c.ent(1, 11002, "2023-01-10", "2023-06-15")
      .ent(1, 44021, "2023-06-01")                // later start wins from June
      .ent(2, 11002, "2023-01-01", "2023-12-31")  // same start as next:
      .ent(2, 12345, "2023-01-01", "2023-03-31")  //   the later end wins
      .ent(3, 44021, "2023-01-01", "")            // running beats an end
      .ent(3, 11002, "2023-01-01", "2024-12-31")  //
      .ent(4, 44021, "2023-01-01", "2023-02-28")  // full tie:
      .ent(4, 11002, "2023-01-01", "2023-02-28", EntitlementKind::kELL)  // lower NIS wins
      .ent(5, 11002, "2023-01-01", "2023-02-28", EntitlementKind::kELL)  // LL before ELL
      .ent(5, 11002, "2023-01-01", "2023-02-28", EntitlementKind::kLL);
  Timelines t = c.build();
  ASSERT_EQ(t.persons(), 5U);
  auto lf = [&](int p, std::string_view m) { return leefloner(t, *t.find(key(p)), mon(m)); };
  EXPECT_EQ(lf(1, "2023-05")->ocmw, nis(11002));
  EXPECT_EQ(lf(1, "2023-06")->ocmw, nis(44021));
  EXPECT_EQ(lf(1, "2024-12")->ocmw, nis(44021));
  EXPECT_EQ(t.leefloner(*t.find(key(1))).size(), 2U);
  EXPECT_EQ(lf(2, "2023-02")->ocmw, nis(11002));
  EXPECT_EQ(t.leefloner(*t.find(key(2))).size(), 1U);
  EXPECT_EQ(lf(3, "2023-02")->ocmw, nis(44021));
  EXPECT_EQ(lf(4, "2023-02")->ocmw, nis(11002));
  EXPECT_EQ(lf(4, "2023-02")->kind, EntitlementKind::kELL);
  EXPECT_EQ(lf(5, "2023-02")->kind, EntitlementKind::kLL);
  EXPECT_FALSE(lf(5, "2023-03"));
}

TEST(Timeline, IdentifierChangesMergePersonsTransitively) {
  Case c;
  c.ent(10, 11002, "2023-01-01").reg(20, "2023-01-01").work(30, "2023-05", "2023-09");
  c.work(40, "2023-01", "2023-01");
  c.change(10, 20).change(20, 30);
  Timelines t = c.build();
  ASSERT_EQ(t.persons(), 2U);
  const auto p = t.find(key(30));
  ASSERT_TRUE(p);
  EXPECT_EQ(t.find(key(10)), p);
  EXPECT_EQ(t.find(key(20)), p);
  EXPECT_EQ(t.key(*p), key(10));  // the smallest key represents the person
  EXPECT_EQ(t.keys_of(*p).size(), 3U);
  EXPECT_FALSE(t.find(key(99)));
  EXPECT_TRUE(t.test(*p, Column::kRegistered, mon("2023-02")));
  EXPECT_TRUE(t.test(*p, Column::kEmpRegular, mon("2023-05")));
  EXPECT_TRUE(leefloner(t, *p, mon("2023-05")));
}

TEST(Timeline, SpansOfCat05AndMeasures) {
  Case c;
  c.cat05(1, 44021, "2023-02-10").cat05(1, 11002, "2023-02-10", "2023-03-01");
  c.measure(1, Measure::kTweOcmw, 11002, "2023-01-01", "2023-12-31");
  c.measure(1, Measure::kWijkWerken, 11002, "2023-02-01", "", true);
  Timelines t = c.build();
  const auto cs = t.cat05(0);
  ASSERT_EQ(cs.size(), 2U);
  EXPECT_EQ(t.ocmw(cs[0].ocmw), nis(11002));  // same start: lower NIS first
  EXPECT_EQ(cs[1].end_month, kOpenMonth);
  const auto ms = t.measures(0);
  ASSERT_EQ(ms.size(), 2U);
  EXPECT_EQ(ms[0].measure, Measure::kTweOcmw);
  EXPECT_TRUE(ms[0].ended());
  EXPECT_TRUE(ms[1].new_inflow);
  EXPECT_FALSE(ms[1].ended());
  EXPECT_TRUE(t.test(0, Column::kActivation, mon("2023-12")));
  EXPECT_FALSE(t.test(0, Column::kActivation, mon("2024-01")));
  EXPECT_EQ(t.ocmws().size(), 2U);
}

// The layout stays compact: report bytes per person for 84 months.
TEST(Timeline, BytesPerPerson) {
  Case c(MonthRange(mon("2019-01"), mon("2025-12")));
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    c.work(i, "2020-01", "2020-06");
    if (i % 5 == 0) c.ent(i, 11002, "2021-01-01", "2022-06-30").reg(i, "2021-02-01");
    if (i % 20 == 0) c.measure(i, Measure::kTweOcmw, 11002, "2022-01-01", "2022-12-31");
  }
  Timelines t = c.build();
  ASSERT_EQ(t.persons(), static_cast<uint32_t>(n));
  const double per_person = static_cast<double>(t.memory_bytes()) / n;
  RecordProperty("bytes_per_person", std::to_string(per_person));
  std::printf("timeline bytes per person (84 months): %.1f\n", per_person);
  EXPECT_LT(per_person, 200.0);
  EXPECT_EQ(t.find(key(12345)), 12345U);  // keys sort by their big-endian counter
}

}  // namespace
}  // namespace lap::measure
