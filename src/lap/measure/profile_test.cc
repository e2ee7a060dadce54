#include "lap/measure/profile.h"

#include <array>
#include <random>

#include <fmt/format.h>

#include <gtest/gtest.h>

#include "lap/measure/indicators.h"
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

// The half years' figures of the engine (a distinct count of persons per half
// year, or of trajectories and cohort members over two quarters) equal the
// persons the explanation puts behind them, on random timelines: the
// explanation works month by month from the per-person definitions.
TEST(Profile, HalfYearFiguresAgreeWithTheirPersonsOnRandomTimelines) {
  std::mt19937 rng(20261207);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  Case c(MonthRange(mon("2023-01"), mon("2024-12")));
  const std::array<int, 3> ocmws{11002, 44021, 71022};
  auto ocmw = [&] { return ocmws[static_cast<size_t>(pick(3))]; };
  auto date = [&](int offset) {
    const Month m = mon("2023-01") + offset;
    return fmt::format("{}-{:02d}-{:02d}", m.year(), m.month(), 1 + pick(28));
  };
  for (int p = 0; p < 250; ++p) {
    for (int k = pick(3); k > 0; --k) {
      const int s = pick(24);
      c.ent(p, ocmw(), date(s), pick(4) == 0 ? "" : date(s + pick(8)),
            pick(3) == 0 ? EntitlementKind::kELL : EntitlementKind::kLL, pick(2) == 0);
    }
    for (int k = pick(3); k > 0; --k) {
      const int s = pick(24);
      c.reg(p, date(s), date(s + pick(6)));
    }
    for (int k = pick(2); k > 0; --k) {
      const int s = pick(24);
      c.cat05(p, ocmw(), date(s), date(s + pick(6)));
    }
    for (int k = pick(2); k > 0; --k) {
      const int s = pick(22);
      const std::array<Measure, 3> kinds{Measure::kTweOcmw, Measure::kLde, Measure::kWijkWerken};
      c.measure(p, kinds[static_cast<size_t>(pick(3))], ocmw(), date(s), date(s + pick(5)), true);
    }
    for (int k = pick(4); k > 0; --k) {
      const int s = pick(24);
      c.work(p, (mon("2023-01") + s).to_string(),
             (mon("2023-01") + std::min(23, s + pick(4))).to_string());
    }
  }
  const Timelines t = c.build();
  Settings s;
  s.data_end = mon("2024-08");
  const auto figures = compute(t, s, MonthRange(mon("2023-01"), mon("2024-12")));
  int checked = 0;
  for (const Figure& f : figures) {
    if (f.period.kind != Period::Kind::kHalfYear) continue;
    // The explanation of these holds every role; of the others it names the
    // units only (reach_indicative and twe_active: the numerators).
    const bool full =
        f.indicator == Indicator::kReach || f.indicator == Indicator::kUkrainianReach ||
        f.indicator == Indicator::kCat05Outflow || f.indicator == Indicator::kSeThroughput;
    const bool numerator_only =
        f.indicator == Indicator::kReachIndicative || f.indicator == Indicator::kTweActive;
    if (!full && !numerator_only) continue;
    int64_t num = 0;
    int64_t pend = 0;
    int64_t den = 0;
    for (const FigureMember& m : figure_members(t, s, f.ocmw, f.indicator, f.variant, f.period)) {
      num += m.role == ExplainItem::Role::kNumerator ? 1 : 0;
      pend += m.role == ExplainItem::Role::kPending ? 1 : 0;
      ++den;  // pending units are in the denominator too
    }
    const std::string what = fmt::format("{} {} {} {}", to_id(f.indicator), f.variant,
                                         f.period.to_string(), f.ocmw.to_string());
    EXPECT_EQ(num, f.numerator) << what;
    if (full) {
      EXPECT_EQ(pend, f.pending) << what;
      EXPECT_EQ(den, f.denominator) << what;
    }
    ++checked;
  }
  EXPECT_GT(checked, 60);
}

}  // namespace
}  // namespace lap::measure
