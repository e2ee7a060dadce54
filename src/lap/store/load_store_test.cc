// The contract of LoadStore (load_store.h) on SQLite and PostgreSQL:
// migrations, imports (what a transaction adds, retires and keeps, and what
// it refuses), the list of loads, and imports and readers at the same time.
#include "lap/store/load_store.h"

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "lap/store/sql/test_imports.h"

namespace lap::store::sql {
namespace {

using formats::RmiEntitlementRow;
using testing::count_row;
using testing::d;
using testing::entitlement;
using testing::hash_of;
using testing::insz;

class LoadStoreContract : public testing::ImportingStoreTest {};
LAP_ON_BOTH_DATABASES(LoadStoreContract);

TEST_P(LoadStoreContract, MigrationsApplyOnce) {
  const int latest = builtin_migrations(GetParam()).back().version;
  EXPECT_EQ(store_->schema_version().value(), latest);
  ASSERT_TRUE(store_->migrate());
  EXPECT_EQ(count("SELECT count(*) FROM schema_migrations"),
            static_cast<int64_t>(builtin_migrations(GetParam()).size()));
}

TEST_P(LoadStoreContract, RefusesADatabaseWithANewerSchema) {
  ASSERT_TRUE(store_->database().exec(
      "INSERT INTO schema_migrations VALUES (9999, 'from_the_future', '2030-01-01T00:00:00Z')"));
  auto s = store_->migrate();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(s.error().message.find("9999"), std::string::npos);
}

TEST_P(LoadStoreContract, AFailingMigrationLeavesNoTrace) {
  std::vector<Migration> migrations = {
      {1, "one", "CREATE TABLE a (x INTEGER);"},
      {2, "two", "CREATE TABLE b (x INTEGER); INSERT INTO missing VALUES (1);"}};
  testing::TestDatabase db(GetParam());
  auto store = db.open(migrations);
  ASSERT_TRUE(store);
  auto s = (*store)->migrate();
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("migration 0002_two"), std::string::npos) << s.error().message;
  EXPECT_EQ((*store)->schema_version().value(), 1);
  EXPECT_TRUE(db.has_table(**store, "a"));
  EXPECT_FALSE(db.has_table(**store, "b"));
}

TEST_P(LoadStoreContract, TwoServersMigrateOneDatabaseOnce) {
  testing::TestDatabase db(GetParam());
  auto a = db.open();
  auto b = db.open();
  ASSERT_TRUE(a && b);
  Status sa;
  Status sb;
  std::thread other([&] { sb = (*b)->migrate(); });
  sa = (*a)->migrate();
  other.join();
  ASSERT_TRUE(sa) << sa.error().message;
  ASSERT_TRUE(sb) << sb.error().message;
  EXPECT_EQ(*(*a)->database().query_int("SELECT count(*) FROM schema_migrations").value(),
            static_cast<int64_t>(builtin_migrations(GetParam()).size()));
}

TEST_P(LoadStoreContract, FactTablesHoldNoIdentityData) {
  for (const char* table : {"rmi_entitlement", "vdab_registration", "work_span",
                            "activation_measure", "podmi_count", "identifier_change"}) {
    auto st = store_->database().prepare(
        GetParam() == Dialect::kSqlite
            ? std::string("SELECT name FROM pragma_table_info('") + table + "')"
            : std::string("SELECT column_name FROM information_schema.columns WHERE table_schema "
                          "= current_schema() AND table_name = '") +
                  table + "'");
    ASSERT_TRUE(st);
    std::set<std::string> columns;
    while (*st->step())
      columns.insert(st->text(0));
    for (const char* personal :
         {"insz", "last_name", "first_name", "birth_date", "postcode", "sex"}) {
      EXPECT_FALSE(columns.contains(personal)) << table << "." << personal;
    }
    EXPECT_TRUE(columns.contains("row_hash")) << table;
    EXPECT_TRUE(columns.contains("first_load")) << table;
    EXPECT_TRUE(columns.contains("retired_load")) << table;
  }
}

TEST_P(LoadStoreContract, ImportAddsRowsAndIdentity) {
  SourceCounts counts;
  auto load = import_rmi({entitlement("76080814407", "2020-01-01", "2022-12-31"),
                          entitlement("85031503362", "2022-01-01", "")},
                         &counts);
  EXPECT_EQ(load, 1);
  EXPECT_EQ(counts.added, 2);
  EXPECT_EQ(count("SELECT count(*) FROM rmi_entitlement WHERE first_load = 1"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM rmi_identity"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM person_identifier"), 2);
  auto loads = store_->loads();
  ASSERT_TRUE(loads);
  ASSERT_EQ(loads->size(), 1u);
  EXPECT_EQ((*loads)[0].rows_added, 2);
  ASSERT_EQ((*loads)[0].files.size(), 1u);
  EXPECT_EQ((*loads)[0].files[0].added, 2);
  EXPECT_EQ((*loads)[0].files[0].sha256, "aa");
  EXPECT_EQ((*loads)[0].source_dir, "/deliveries/1");

  auto summary = store_->summary(std::nullopt, {});
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->load_id, 1);
  EXPECT_EQ(summary->sources[0].second, 2);
  EXPECT_EQ(summary->persons, 2);
  EXPECT_EQ(summary->leefloners, 2);  // both run on 2022-09-30
  EXPECT_EQ(summary->leefloner_ocmws, 1);
  EXPECT_EQ(summary->first_date, d("2020-01-01"));
  EXPECT_EQ(summary->last_date, d("2022-12-31"));
}

TEST_P(LoadStoreContract, SameRowsAgainIsNothingChanged) {
  std::vector<RmiEntitlementRow> rows = {entitlement("76080814407", "2020-01-01", "2022-12-31")};
  ASSERT_EQ(import_rmi(rows), 1);
  SourceCounts counts;
  EXPECT_EQ(import_rmi(rows, &counts), std::nullopt);
  EXPECT_EQ(counts.unchanged, 1);
  EXPECT_EQ(count("SELECT count(*) FROM data_load"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM rmi_entitlement"), 1);
  EXPECT_EQ(store_->current_load().value(), 1);
}

TEST_P(LoadStoreContract, ChangedRowRetiresOneAndAddsOne) {
  auto a = entitlement("76080814407", "2020-01-01", "2022-12-31");
  auto b = entitlement("85031503362", "2022-01-01", "");
  ASSERT_EQ(import_rmi({a, b}), 1);
  auto b2 = b;
  b2.end_date = d("2023-06-30");
  SourceCounts counts;
  ASSERT_EQ(import_rmi({a, b2}, &counts), 2);
  EXPECT_EQ(counts.added, 1);
  EXPECT_EQ(counts.retired, 1);
  EXPECT_EQ(counts.unchanged, 1);
  EXPECT_EQ(count("SELECT count(*) FROM rmi_entitlement WHERE retired_load = 2"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM rmi_entitlement WHERE first_load = 2"), 1);
  // Both snapshots stay readable.
  auto first = store_->summary(1, {});
  auto second = store_->summary(2, {});
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->sources[0].second, 2);
  EXPECT_EQ(first->last_date, d("2022-12-31"));
  EXPECT_EQ(second->sources[0].second, 2);
  EXPECT_EQ(second->last_date, d("2023-06-30"));
  // A row that comes back after being retired is added again.
  ASSERT_EQ(import_rmi({a, b}), 3);
  EXPECT_EQ(count("SELECT count(*) FROM rmi_entitlement WHERE retired_load IS NULL"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM rmi_identity"), 3);
}

TEST_P(LoadStoreContract, DestroyingAnUncommittedImportRollsBack) {
  {
    auto tx = store_->begin_import(info());
    ASSERT_TRUE(tx);
    ASSERT_TRUE((*tx)->begin_source(Source::kRmiEntitlements));
    auto r = entitlement("76080814407", "2020-01-01", "");
    ASSERT_TRUE((*tx)->add(r, hash_of(r), std::string(32, 'a')));
    ASSERT_TRUE((*tx)->end_source());
  }
  EXPECT_EQ(count("SELECT count(*) FROM data_load"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM rmi_entitlement"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM person_identifier"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM setting"), 0);
  // The store accepts a new import afterwards.
  EXPECT_EQ(import_rmi({entitlement("76080814407", "2020-01-01", "")}), 1);
}

TEST_P(LoadStoreContract, OneImportAtATime) {
  auto tx = store_->begin_import(info());
  ASSERT_TRUE(tx);
  auto second = store_->begin_import(info());
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(LoadStoreContract, AnotherPseudonymKeyIsRefused) {
  ASSERT_EQ(import_rmi({entitlement("76080814407", "2020-01-01", "")}), 1);
  LoadInfo other = info();
  other.key_fingerprint = "fp2";
  auto tx = store_->begin_import(other);
  ASSERT_FALSE(tx);
  EXPECT_EQ(tx.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(count("SELECT count(*) FROM data_load"), 1);
}

TEST_P(LoadStoreContract, SourcesNotInTheDeliveryAreKept) {
  ASSERT_EQ(import_rmi({entitlement("76080814407", "2020-01-01", "")}), 1);
  auto tx = store_->begin_import(info());
  ASSERT_TRUE(tx);
  ASSERT_TRUE((*tx)->begin_source(Source::kPodmiCounts));
  auto c = count_row("2022-09-30", 5);
  ASSERT_TRUE((*tx)->add(c, hash_of(c)));
  ASSERT_TRUE((*tx)->end_source());
  ASSERT_EQ((*tx)->commit().value(), 2);
  EXPECT_EQ(count("SELECT count(*) FROM rmi_entitlement WHERE retired_load IS NULL"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM podmi_count WHERE first_load = 2"), 1);
}

// Adds `rows` to a fresh RMI source; the first error of add or end_source.
Status add_all(ImportTransaction& tx, const std::vector<RmiEntitlementRow>& rows) {
  if (auto s = tx.begin_source(Source::kRmiEntitlements); !s) return s;
  for (const auto& r : rows) {
    if (auto s = tx.add(r, hash_of(r), std::string(32, 'a')); !s) return s;
  }
  auto c = tx.end_source();
  if (!c) return std::unexpected(c.error());
  return {};
}

TEST_P(LoadStoreContract, TheSameRowTwiceInOneSourceIsRefused) {
  auto a = entitlement("76080814407", "2020-01-01", "");
  auto b = entitlement("76080814407", "2021-01-01", "");
  // Into an empty table (indexes are built at the end of the source) ...
  {
    auto tx = store_->begin_import(info());
    ASSERT_TRUE(tx);
    auto s = add_all(**tx, {a, b, a});
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_EQ(count("SELECT count(*) FROM data_load"), 0);
  ASSERT_EQ(import_rmi({a}), 1);
  // ... and into a table with current rows: a new row twice, a current row twice.
  for (const auto& twice : {std::vector{b, b}, std::vector{a, a}}) {
    auto tx = store_->begin_import(info());
    ASSERT_TRUE(tx);
    auto s = add_all(**tx, twice);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_EQ(count("SELECT count(*) FROM rmi_entitlement"), 1);
}

TEST_P(LoadStoreContract, IndexesAreRebuiltAfterTheFirstLoad) {
  ASSERT_EQ(import_rmi({entitlement("76080814407", "2020-01-01", "")}), 1);
  const std::string names =
      "('rmi_entitlement_current', 'rmi_entitlement_person', 'rmi_identity_hash', "
      "'person_identifier_ref', 'person_identifier_insz')";
  EXPECT_EQ(
      count(GetParam() == Dialect::kSqlite
                ? "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN " + names
                : "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND "
                  "indexname IN " +
                      names),
      5);
}

// A reader on another connection (a dashboard) sees the previous load until
// the import commits.
TEST_P(LoadStoreContract, ReadersSeeThePreviousLoadUntilTheImportCommits) {
  ASSERT_EQ(import_rmi({entitlement("76080814407", "2020-01-01", "")}), 1);
  auto reader = database().open(OpenMode::kMustExist);
  ASSERT_TRUE(reader) << reader.error().message;
  auto tx = store_->begin_import(info());
  ASSERT_TRUE(tx);
  ASSERT_TRUE((*tx)->begin_source(Source::kRmiEntitlements));
  for (const char* person : {"76080814407", "85031503362"}) {
    auto r = entitlement(person, "2020-01-01", "");
    ASSERT_TRUE((*tx)->add(r, hash_of(r), std::string(32, person[0])));
  }
  ASSERT_TRUE((*tx)->end_source());
  EXPECT_EQ((*reader)->current_load().value(), 1);
  EXPECT_EQ((*reader)->summary(std::nullopt, {}).value().persons, 1);
  ASSERT_EQ((*tx)->commit().value(), 2);
  tx->reset();
  EXPECT_EQ((*reader)->current_load().value(), 2);
  EXPECT_EQ((*reader)->summary(std::nullopt, {}).value().persons, 2);
}

// Two servers importing at once: the second waits for the first and numbers
// its load after it.
TEST_P(LoadStoreContract, ConcurrentImportsQueue) {
  auto other = database().open(OpenMode::kMustExist);
  ASSERT_TRUE(other) << other.error().message;
  auto tx = store_->begin_import(info());
  ASSERT_TRUE(tx);
  ASSERT_TRUE((*tx)->begin_source(Source::kRmiEntitlements));
  auto r = entitlement("76080814407", "2020-01-01", "");
  ASSERT_TRUE((*tx)->add(r, hash_of(r), std::string(32, 'a')));
  ASSERT_TRUE((*tx)->end_source());
  std::optional<int64_t> second;
  std::thread waiting(
      [&] { second = import_rmi_into(**other, {entitlement("85031503362", "2021-01-01", "")}); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ((*tx)->commit().value(), 1);
  tx->reset();
  waiting.join();
  EXPECT_EQ(second, 2);
  EXPECT_EQ(count("SELECT count(*) FROM data_load"), 2);
}

TEST_P(LoadStoreContract, RowOfAnotherSourceIsAProgrammingError) {
  auto tx = store_->begin_import(info());
  ASSERT_TRUE(tx);
  ASSERT_TRUE((*tx)->begin_source(Source::kPodmiCounts));
  auto r = entitlement("76080814407", "2020-01-01", "");
  auto s = (*tx)->add(r, hash_of(r), std::string(32, 'a'));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kInternal);
}

}  // namespace
}  // namespace lap::store::sql
