#include "lap/audit/audit.h"

#include <gtest/gtest.h>

#include "lap/audit/linear_program.h"
#include "lap/audit/model.h"

namespace lap::audit {
namespace {

using measure::Indicator;
using measure::Period;

Month mon(std::string_view s) {
  return *Month::parse(s);
}

TEST(LinearProgram, BoundsUnboundedAndInfeasible) {
  LinearProgram lp;
  const int x = lp.add_variable();
  const int y = lp.add_variable();
  lp.add_equal({{x, 1}, {y, 1}}, 4);
  EXPECT_EQ(**lp.optimize({{x, 1}}, true), 4);
  EXPECT_EQ(**lp.optimize({{x, 1}}, false), 0);
  const int z = lp.add_variable();
  EXPECT_EQ(**lp.optimize({{z, 1}}, true), kVariableCap);  // unbounded but for the cap
  lp.add_at_least({{x, 1}}, 5);
  EXPECT_FALSE(lp.optimize({{x, 1}}, true));  // no solution
  EXPECT_FALSE(lp.optimize({{z, 1}}, false));
}

TEST(Model, PendingOutcomesOnlyWhereTheDataEndCutsTheWindow) {
  const Month l = mon("2025-12");
  // An outflow window of 2023-01 ends long before L: nothing pending.
  BlockModel early({Group::kMonthly, mon("2023-01")}, mon("2023-01"), l);
  BlockModel late({Group::kMonthly, mon("2025-06")}, mon("2025-06"), l);
  auto pending = [](const BlockModel& m, Month month) {
    auto c = m.figure(Indicator::kOutflowRate, "all", Period::month(month));
    int n = 0;
    for (const auto& k : *c)
      n += k.pending;
    return n;
  };
  EXPECT_EQ(pending(early, mon("2023-01")), 0);
  EXPECT_GT(pending(late, mon("2025-06")), 0);
  // reach all = LL + ELL, unit kind by unit kind.
  auto all = early.figure(Indicator::kReach, "all", Period::month(mon("2023-01")));
  auto ll = early.figure(Indicator::kReach, "LL", Period::month(mon("2023-01")));
  auto ell = early.figure(Indicator::kReach, "ELL", Period::month(mon("2023-01")));
  ASSERT_TRUE(all && ll && ell);
  for (size_t u = 0; u < all->size(); ++u) {
    EXPECT_EQ((*all)[u].numerator, (*ll)[u].numerator + (*ell)[u].numerator);
    EXPECT_EQ((*all)[u].denominator, (*ll)[u].denominator + (*ell)[u].denominator);
  }
  EXPECT_FALSE(early.figure(Indicator::kReach, "nonsense", Period::month(mon("2023-01"))));
  EXPECT_FALSE(early.figure(Indicator::kReach, "all", Period::month(mon("2023-02"))));
}

TEST(Model, LapResultsNest) {
  BlockModel lap({Group::kLap, mon("2024-01")}, mon("2024-03"), mon("2025-12"));
  auto r1 = lap.figure(Indicator::kLapResult, "all", Period::range(mon("2024-01"), mon("2024-01")));
  auto r3 = lap.figure(Indicator::kLapResult, "all", Period::range(mon("2024-01"), mon("2024-03")));
  ASSERT_TRUE(r1 && r3);
  for (size_t u = 0; u < r1->size(); ++u)
    EXPECT_LE((*r1)[u].numerator, (*r3)[u].numerator);
  EXPECT_FALSE(lap.figure(Indicator::kLapResult, "all",
                          Period::range(mon("2024-01"), mon("2024-04"))));  // past the block
}

measure::Figure twe(int nis, int64_t num, int64_t den) {
  static const std::string kAll = "all";
  return {
      Indicator::kTweActive, kAll, Period::month(mon("2023-05")), *Nis::from_int(nis), num, den, 0};
}

publish::PublishedFigure shown(const measure::Figure& f, publish::Level level, std::string code) {
  publish::PublishedFigure p;
  p.indicator = f.indicator;
  p.variant = f.variant;
  p.period = f.period;
  p.area = {level, std::move(code), ""};
  p.numerator = f.numerator;
  p.denominator = f.denominator;
  p.pending = f.pending;
  return p;
}

TEST(Audit, ASuppressedCellTheTotalsGiveAwayIsAFinding) {
  // 11001 and 11005 (both KINA): 11001's 2 TWE participants are hidden, but
  // every total is shown.
  std::vector<measure::Figure> exact = {twe(11001, 2, 40), twe(11005, 30, 90)};
  std::vector<publish::PublishedFigure> view;
  auto hidden = shown(exact[0], publish::Level::kOcmw, "11001");
  hidden.numerator = hidden.denominator = 0;
  hidden.suppression = publish::Suppression::kPrimary;
  view.push_back(hidden);
  view.push_back(shown(exact[1], publish::Level::kOcmw, "11005"));
  measure::Figure total = twe(11001, 32, 130);
  view.push_back(shown(total, publish::Level::kRegiegebied, "KINA"));
  view.push_back(shown(total, publish::Level::kProvince, "10000"));
  view.push_back(shown(total, publish::Level::kFlanders, "flanders"));
  AuditOptions o;
  o.data_end = mon("2025-12");
  auto r = audit(exact, view, geo::Registry::builtin(), o);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->errors.empty());
  ASSERT_EQ(r->findings.size(), 1u);
  EXPECT_EQ(r->findings[0].cell.code, "11001");
  EXPECT_EQ(r->findings[0].low, 2);
  EXPECT_EQ(r->findings[0].high, 2);

  // Hiding 11005 too leaves 11001's count between 0 and 32: protected.
  view[1].suppression = publish::Suppression::kSecondary;
  view[1].numerator = view[1].denominator = 0;
  r = audit(exact, view, geo::Registry::builtin(), o);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->ok());

  // A small count shown as it is.
  view[0] = shown(exact[0], publish::Level::kOcmw, "11001");
  r = audit(exact, view, geo::Registry::builtin(), o);
  ASSERT_TRUE(r);
  ASSERT_FALSE(r->findings.empty());
  EXPECT_TRUE(r->findings[0].shown);

  // ... unless it is the viewer's own.
  o.view = publish::View::owner_view(*Nis::from_int(11001));
  r = audit(exact, view, geo::Registry::builtin(), o);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->ok());
}

TEST(Audit, NumbersTheModelCannotExplainAreErrors) {
  // A denominator smaller than its numerator cannot come from any units.
  std::vector<measure::Figure> exact = {twe(11001, 2, 40)};
  auto odd = shown(twe(11001, 2, 40), publish::Level::kOcmw, "11001");
  odd.suppression = publish::Suppression::kPrimary;
  odd.numerator = odd.denominator = 0;
  measure::Figure total = twe(11001, 2, 40);
  std::vector<publish::PublishedFigure> view = {odd};
  auto bad = shown(total, publish::Level::kRegiegebied, "KINA");
  bad.denominator = -1;
  view.push_back(bad);
  AuditOptions o;
  o.data_end = mon("2025-12");
  auto r = audit(exact, view, geo::Registry::builtin(), o);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->errors.empty());
}

}  // namespace
}  // namespace lap::audit
