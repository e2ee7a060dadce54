// The contract of ContextStore (context_store.h) on SQLite and PostgreSQL: an import
// replaces the rows of each (figure, period) it holds and leaves the others; the same rows
// again change nothing and write nothing; each import that changes something is logged.
#include "lap/store/context_store.h"

#include <gtest/gtest.h>

#include "lap/store/sql/sql_store.h"
#include "lap/store/sql/test_database.h"

namespace lap::store::sql {
namespace {

using formats::ContextFigure;
using formats::ContextFigureRow;

class ContextStoreContract : public testing::StoreTest {};
LAP_ON_BOTH_DATABASES(ContextStoreContract);

ContextFigureRow row(int nis, ContextFigure figure, const char* period, int64_t value,
                     std::optional<int64_t> denominator = {}) {
  ContextFigureRow r;
  if (nis != 0) r.nis = *Nis::from_int(nis);
  r.figure = figure;
  r.period = *formats::ContextPeriod::parse(period);
  r.value = value;
  r.denominator = denominator;
  r.source = "Steunpunt Werk";
  return r;
}

TEST_P(ContextStoreContract, AnImportReplacesItsFigureAndPeriodOnly) {
  auto s = fresh();
  const std::vector<ContextFigureRow> first = {
      row(0, ContextFigure::kEmploymentRate, "2023", 3000, 4000),
      row(11002, ContextFigure::kEmploymentRate, "2023", 200, 300),
      row(44021, ContextFigure::kEmploymentRate, "2023", 150, 210),
      row(11002, ContextFigure::kRmiEntitled, "2024-09", 5000)};
  auto a = s->import_context_figures({"a.csv", "sha-a", "wse"}, first);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->rows, 4);
  EXPECT_EQ(a->changed, 4);

  // The same rows again: nothing changes, nothing is written.
  auto again = s->import_context_figures({"a.csv", "sha-a", "wse"}, first);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->changed, 0);

  // A correction of 2023's employment rate drops Gent and changes Antwerpen; the RMI count
  // of another period stays.
  const std::vector<ContextFigureRow> second = {
      row(0, ContextFigure::kEmploymentRate, "2023", 3000, 4000),
      row(11002, ContextFigure::kEmploymentRate, "2023", 201, 300)};
  auto b = s->import_context_figures({"b.csv", "sha-b", "wse"}, second);
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->changed, 2);

  auto all = s->context_figures();
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0], second[0]);  // the Vlaams Gewest first
  EXPECT_EQ((*all)[1], second[1]);
  EXPECT_EQ((*all)[2], first[3]);

  auto events = s->admin_events(10);
  ASSERT_TRUE(events) << events.error().message;
  int imports = 0;
  for (const auto& e : *events)
    imports += e.action == "context_imported" ? 1 : 0;
  EXPECT_EQ(imports, 2);
}

}  // namespace
}  // namespace lap::store::sql
