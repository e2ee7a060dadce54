#include "lap/measure/profile.h"

#include <gtest/gtest.h>

#include "lap/measure/test_util.h"

namespace lap::measure {
namespace {

using namespace testing;

EntitlementTraits traits(int person, std::string_view start, bool gpmi, formats::Exemption e,
                         std::optional<std::string_view> birth, Sex sex) {
  EntitlementTraits t;
  t.person = key(person);
  t.start = *Date::parse(start);
  t.gpmi = gpmi;
  t.exemption = e;
  if (birth) t.birth = mon(*birth);
  t.sex = sex;
  return t;
}

const ProfileCategory& category(const std::vector<ProfileTable>& tables, std::string_view table,
                                std::string_view id) {
  for (const auto& t : tables)
    if (t.id == table)
      for (const auto& c : t.categories)
        if (c.id == id) return c;
  static const ProfileCategory kNone{};
  ADD_FAILURE() << table << "/" << id;
  return kNone;
}

TEST(Profile, ReachOfAnOcmwByAgeSexLeefloonMonthsGpmiAndExemption) {
  Case c;
  // 1: leefloner since 2023-01, registered; 2: since 2024-03 after a gap, not registered;
  // 3: leefloner of another OCMW.
  c.ent(1, 11002, "2023-01-01").reg(1, "2023-01-01");
  c.ent(2, 11002, "2022-01-01", "2022-12-31").ent(2, 11002, "2024-03-01");
  c.ent(3, 44021, "2024-01-01");
  c.work(9, "2024-12", "2024-12");
  const Timelines t = c.build();
  const std::vector<EntitlementTraits> rows = {
      traits(1, "2023-01-01", true, formats::Exemption::kNone, "1990-05", Sex::kFemale),
      traits(2, "2022-01-01", false, formats::Exemption::kNone, std::nullopt, Sex::kMale),
      traits(2, "2024-03-01", false, formats::Exemption::kHealth, std::nullopt, Sex::kMale),
      traits(3, "2024-01-01", false, formats::Exemption::kStudy, "2001-01", Sex::kMale),
  };
  const ProfileTraits pt(t, rows);
  const Period june = Period::month(mon("2024-06"));
  const auto members = figure_members(t, Settings{}, nis(11002), Indicator::kReach, "all", june);
  ASSERT_EQ(members.size(), 2U);
  const auto tables = profile(t, pt, members, june.last);
  ASSERT_EQ(tables.size(), 6U);
  for (const auto& table : tables) {
    int64_t sum = 0;
    for (const auto& cat : table.categories)
      sum += cat.count.denominator;
    EXPECT_EQ(sum, 2) << table.id;  // every table is a partition of the members
  }
  EXPECT_EQ(category(tables, "age", "25-34").count.denominator, 1);  // 34 in June 2024
  EXPECT_EQ(category(tables, "age", "25-34").count.numerator, 1);    // registered
  EXPECT_EQ(category(tables, "age", "unknown").count.denominator, 1);
  EXPECT_EQ(category(tables, "sex", "F").count.numerator, 1);
  EXPECT_EQ(category(tables, "sex", "M").count.numerator, 0);
  EXPECT_EQ(category(tables, "leefloon_months", "12-23").count.denominator, 1);  // 18 months
  EXPECT_EQ(category(tables, "leefloon_months", "<6").count.denominator, 1);     // 4 since the gap
  EXPECT_EQ(category(tables, "gpmi", "yes").count.denominator, 1);
  // The traits of the latest entitlement started by then: person 2's second.
  EXPECT_EQ(category(tables, "exemption", "health").count.denominator, 1);
  EXPECT_EQ(category(tables, "exemption", "study").count.denominator, 0);
  EXPECT_EQ(category(tables, "ukrainian", "no").count.denominator, 2);

  // In 2023-06 person 2 had no entitlement started since the first ended: still the first's.
  EXPECT_EQ(pt.as_of(*t.find(key(2)), mon("2023-06"))->exemption, formats::Exemption::kNone);
  EXPECT_EQ(pt.as_of(*t.find(key(2)), mon("2021-06")), nullptr);
  EXPECT_EQ(pt.sex(*t.find(key(3))), Sex::kMale);
}

TEST(Profile, AnOcmwWithoutPersonsHasNoMembers) {
  Case c;
  c.ent(1, 11002, "2023-01-01");
  c.work(9, "2024-12", "2024-12");
  const Timelines t = c.build();
  EXPECT_TRUE(figure_members(t, Settings{}, nis(44021), Indicator::kReach, "all",
                             Period::month(mon("2024-06")))
                  .empty());
}

}  // namespace
}  // namespace lap::measure
