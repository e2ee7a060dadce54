// The contract of MeasureStore (measure_store.h) on SQLite and PostgreSQL:
// runs, their figures and their disclosure control, read back.
#include "lap/store/measure_store.h"

#include <optional>

#include <gtest/gtest.h>

#include "lap/store/sql/test_imports.h"

namespace lap::store::sql {
namespace {

using testing::entitlement;

class MeasureStoreContract : public testing::ImportingStoreTest {};
LAP_ON_BOTH_DATABASES(MeasureStoreContract);

TEST_P(MeasureStoreContract, ARunIsStoredWithItsProtection) {
  ASSERT_EQ(import_rmi({entitlement("76080814407", "2020-01-01", "")}), 1);
  MeasureRun run;
  run.load_id = 1;
  run.first_month = *Month::parse("2022-01");
  run.last_month = *Month::parse("2022-12");
  run.data_end = *Month::parse("2022-12");
  run.settings_json = "{}";
  using publish::CellKey;
  using publish::Level;
  using publish::Suppression;
  const auto may = measure::Period::month(*Month::parse("2022-05"));
  const auto lap = measure::Period::range(*Month::parse("2022-01"), *Month::parse("2022-03"));
  RunProtection p;
  p.protection = publish::Protection(
      5, {{CellKey{measure::Indicator::kReach, "ELL", may, Level::kOcmw, "11002"},
           Suppression::kPrimary},
          {CellKey{measure::Indicator::kLapResult, "all", lap, Level::kRegiegebied, "KINA"},
           Suppression::kSecondary}});
  p.method = "linked-witness/1";
  p.loss_json = "[]";
  auto id = store_->save_measure_run(run, {{"reach", "ELL", "2022-05", 11002, 1, 2, 0}}, &p);
  ASSERT_TRUE(id) << id.error().message;
  auto back = store_->measure_protection(*id);
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_TRUE(*back);
  EXPECT_EQ((*back)->protection.k(), 5);
  EXPECT_EQ((*back)->method, "linked-witness/1");
  EXPECT_TRUE((*back)->insiders);
  EXPECT_EQ((*back)->protection.cells().size(), 2u);
  EXPECT_EQ(
      (*back)->protection.lookup({measure::Indicator::kReach, "ELL", may, Level::kOcmw, "11002"}),
      Suppression::kPrimary);
  EXPECT_EQ((*back)->protection.lookup(
                {measure::Indicator::kLapResult, "all", lap, Level::kRegiegebied, "KINA"}),
            Suppression::kSecondary);
  EXPECT_EQ(
      (*back)->protection.lookup({measure::Indicator::kReach, "LL", may, Level::kOcmw, "11002"}),
      Suppression::kNone);
  // A run stored without a protection has none.
  auto bare = store_->save_measure_run(run, {}, nullptr);
  ASSERT_TRUE(bare);
  EXPECT_FALSE(store_->measure_protection(*bare).value());
}

TEST_P(MeasureStoreContract, RunsAndFiguresAreReadBack) {
  ASSERT_EQ(import_rmi({entitlement("76080814407", "2020-01-01", "")}), 1);
  MeasureStore& runs = *store_;
  EXPECT_EQ(runs.latest_measure_run(std::nullopt).value(), std::nullopt);
  EXPECT_EQ(runs.measure_run(1).value(), std::nullopt);
  MeasureRun run;
  run.load_id = 1;
  run.first_month = *Month::parse("2022-01");
  run.last_month = *Month::parse("2022-12");
  run.data_end = *Month::parse("2022-11");
  run.settings_json = R"({"exclude_art60":true})";
  auto first = runs.save_measure_run(run, {{"reach", "ELL", "2022-05", 11002, 1, 2, 0}}, nullptr);
  auto second = runs.save_measure_run(run,
                                      {{"reach", "ELL", "2022-05", 11002, 3, 4, 1},
                                       {"lap_result", "all", "2022-05", 11002, 5, 6, 0}},
                                      nullptr);
  ASSERT_TRUE(first && second);
  EXPECT_LT(*first, *second);

  auto latest = runs.latest_measure_run(std::nullopt).value();
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->run_id, *second);
  EXPECT_EQ(latest->load_id, 1);
  EXPECT_EQ(latest->data_end, *Month::parse("2022-11"));
  EXPECT_EQ(latest->settings_json, run.settings_json);
  EXPECT_EQ(runs.latest_measure_run(1).value()->run_id, *second);
  EXPECT_EQ(runs.measure_run(*first).value()->run_id, *first);
  EXPECT_FALSE(latest->link_run_id);  // no link run
  // A run records the link run whose persons it counted.
  auto link_run = store_->save_link_run({0, 1, "", "{}"}, {}, {}, {});
  ASSERT_TRUE(link_run);
  run.link_run_id = *link_run;
  auto third = runs.save_measure_run(run, {}, nullptr);
  ASSERT_TRUE(third);
  EXPECT_EQ(runs.measure_run(*third).value()->link_run_id, *link_run);

  auto all = runs.measure_figures(*second, "");
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 2u);
  auto reach = runs.measure_figures(*second, "reach");
  ASSERT_TRUE(reach);
  ASSERT_EQ(reach->size(), 1u);
  EXPECT_EQ((*reach)[0].numerator, 3);
  EXPECT_EQ((*reach)[0].denominator, 4);
  EXPECT_EQ((*reach)[0].pending, 1);
  EXPECT_EQ((*reach)[0].nis, 11002);
}

}  // namespace
}  // namespace lap::store::sql
