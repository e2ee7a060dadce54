#include "lap/store/sql/sql_store.h"

#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "lap/store/sql/test_database.h"

#include <gtest/gtest.h>

namespace lap::store::sql {
namespace {

using formats::RmiEntitlementRow;
using formats::RowHash;

Date d(const char* s) {
  return *Date::parse(s);
}

Insz insz(const char* digits) {
  return *Insz::parse(digits, d("2026-01-01"));
}

RmiEntitlementRow entitlement(const char* person, const char* start, const char* end) {
  RmiEntitlementRow r;
  r.ocmw_nis = *Nis::parse("11002");
  r.insz = insz(person);
  r.last_name = "Peeters";
  r.first_name = "An";
  r.sex = Sex::kFemale;
  r.postcode = 2000;
  r.kind = formats::EntitlementKind::kLL;
  r.start_date = d(start);
  if (end[0] != '\0') r.end_date = d(end);
  return r;
}

formats::PodmiCountRow count_row(const char* date, int64_t ll) {
  formats::PodmiCountRow r;
  r.nis = *Nis::parse("11002");
  r.reference_date = d(date);
  r.leefloon = ll;
  return r;
}

RowHash hash_of(const RmiEntitlementRow& r) {
  return formats::hash_canonical(formats::canonical_text(r));
}
RowHash hash_of(const formats::PodmiCountRow& r) {
  return formats::hash_canonical(formats::canonical_text(r));
}

class SqlStoreTest : public testing::StoreTest {
 protected:
  void SetUp() override {
    store_ = fresh();
    ASSERT_TRUE(store_);
  }

  int64_t count(const std::string& sql) { return *store_->database().query_int(sql).value(); }

  LoadInfo info() {
    LoadInfo i;
    i.source_dir = "/deliveries/1";
    i.key_fingerprint = "fp1";
    i.files = {FileInfo{"rmi_entitlements.csv", Source::kRmiEntitlements, "aa", 0, 0, 0, 0}};
    return i;
  }

  // Replaces the RMI source with `rows` and commits; the load id or nullopt.
  std::optional<int64_t> import_rmi(const std::vector<RmiEntitlementRow>& rows,
                                    SourceCounts* counts = nullptr) {
    return import_rmi_into(*store_, rows, counts);
  }
  std::optional<int64_t> import_rmi_into(Store& store, const std::vector<RmiEntitlementRow>& rows,
                                         SourceCounts* counts = nullptr) {
    auto tx = store.begin_import(info());
    EXPECT_TRUE(tx) << tx.error().message;
    EXPECT_TRUE((*tx)->begin_source(Source::kRmiEntitlements));
    for (const auto& r : rows) {
      auto ref = std::string(32, 'a' + static_cast<char>(r.insz.value() % 20));
      EXPECT_TRUE((*tx)->add(r, hash_of(r), ref));
    }
    auto c = (*tx)->end_source();
    EXPECT_TRUE(c);
    if (counts) *counts = *c;
    auto load = (*tx)->commit();
    EXPECT_TRUE(load) << load.error().message;
    return *load;
  }

  std::unique_ptr<SqlStore> store_;
};
LAP_ON_BOTH_DATABASES(SqlStoreTest);

TEST_P(SqlStoreTest, MigrationsApplyOnce) {
  const int latest = builtin_migrations(GetParam()).back().version;
  EXPECT_EQ(store_->schema_version().value(), latest);
  ASSERT_TRUE(store_->migrate());
  EXPECT_EQ(count("SELECT count(*) FROM schema_migrations"),
            static_cast<int64_t>(builtin_migrations(GetParam()).size()));
}

TEST_P(SqlStoreTest, RefusesADatabaseWithANewerSchema) {
  ASSERT_TRUE(store_->database().exec(
      "INSERT INTO schema_migrations VALUES (9999, 'from_the_future', '2030-01-01T00:00:00Z')"));
  auto s = store_->migrate();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(s.error().message.find("9999"), std::string::npos);
}

TEST_P(SqlStoreTest, AFailingMigrationLeavesNoTrace) {
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

TEST_P(SqlStoreTest, TwoServersMigrateOneDatabaseOnce) {
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

TEST_P(SqlStoreTest, AStoreThatMustExistNeedsItsDatabase) {
  testing::TestDatabase db(GetParam());
  auto store = db.open(OpenMode::kMustExist);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kNotFound);
}

TEST_P(SqlStoreTest, FactTablesHoldNoIdentityData) {
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

TEST_P(SqlStoreTest, ImportAddsRowsAndIdentity) {
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

TEST_P(SqlStoreTest, SameRowsAgainIsNothingChanged) {
  std::vector<RmiEntitlementRow> rows = {entitlement("76080814407", "2020-01-01", "2022-12-31")};
  ASSERT_EQ(import_rmi(rows), 1);
  SourceCounts counts;
  EXPECT_EQ(import_rmi(rows, &counts), std::nullopt);
  EXPECT_EQ(counts.unchanged, 1);
  EXPECT_EQ(count("SELECT count(*) FROM data_load"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM rmi_entitlement"), 1);
  EXPECT_EQ(store_->current_load().value(), 1);
}

TEST_P(SqlStoreTest, ChangedRowRetiresOneAndAddsOne) {
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

TEST_P(SqlStoreTest, UnknownLoadIsNotFound) {
  auto s = store_->summary(7, {});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kNotFound);
}

TEST_P(SqlStoreTest, DestroyingAnUncommittedImportRollsBack) {
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

TEST_P(SqlStoreTest, OneImportAtATime) {
  auto tx = store_->begin_import(info());
  ASSERT_TRUE(tx);
  auto second = store_->begin_import(info());
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(SqlStoreTest, AnotherPseudonymKeyIsRefused) {
  ASSERT_EQ(import_rmi({entitlement("76080814407", "2020-01-01", "")}), 1);
  LoadInfo other = info();
  other.key_fingerprint = "fp2";
  auto tx = store_->begin_import(other);
  ASSERT_FALSE(tx);
  EXPECT_EQ(tx.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(count("SELECT count(*) FROM data_load"), 1);
}

TEST_P(SqlStoreTest, SourcesNotInTheDeliveryAreKept) {
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

TEST_P(SqlStoreTest, TheSameRowTwiceInOneSourceIsRefused) {
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

TEST_P(SqlStoreTest, IndexesAreRebuiltAfterTheFirstLoad) {
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
TEST_P(SqlStoreTest, ReadersSeeThePreviousLoadUntilTheImportCommits) {
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
TEST_P(SqlStoreTest, ConcurrentImportsQueue) {
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

TEST_P(SqlStoreTest, ARunIsStoredWithItsProtection) {
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

// Regression: the application's own role could drop the append-only triggers,
// edit rows and restore the triggers without a trace. The hash chain shows it.
TEST_P(SqlStoreTest, TheAuditLogIsAHashChainThatShowsEveryEdit) {
  auto& db = store_->database();
  const bool pg = GetParam() == Dialect::kPostgresql;
  ASSERT_TRUE(store_->append_audit({"an", "operator", "ref1", "lap explain", "dossier"}));
  ASSERT_TRUE(store_->append_audits({{"bo", "ocmw_counsellor", "ref2", "GET /p", "opvolging\nx"},
                                     {"bo", "ocmw_counsellor", "ref3", "GET /p", "opvolging"}}));
  auto v = store_->verify_audit_log();
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_TRUE(v->intact()) << v->problem;
  EXPECT_EQ(v->rows, 3);
  EXPECT_EQ(v->chained_rows, 3);
  EXPECT_EQ(v->head.size(), 64u);
  const std::string head = v->head;

  // Triggers off, one purpose edited, triggers back on.
  auto without_triggers = [&](const std::string& change) {
    ASSERT_TRUE(db.exec(pg ? "ALTER TABLE audit_log DISABLE TRIGGER USER"
                           : "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete"));
    ASSERT_TRUE(db.exec(change));
    ASSERT_TRUE(db.exec(pg ? "ALTER TABLE audit_log ENABLE TRIGGER USER"
                           : "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN "
                             "SELECT RAISE(ABORT, 'audit_log is append-only'); END; CREATE "
                             "TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT "
                             "RAISE(ABORT, 'audit_log is append-only'); END;"));
  };
  without_triggers("UPDATE audit_log SET purpose = 'iets anders' WHERE id = 2");
  v = store_->verify_audit_log();
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->triggers_in_place);
  EXPECT_FALSE(v->intact());
  EXPECT_EQ(v->broken_at, 2);
  without_triggers("UPDATE audit_log SET purpose = 'opvolging\nx' WHERE id = 2");
  EXPECT_TRUE(store_->verify_audit_log()->intact());
  // A deleted row breaks the chain at the next one.
  without_triggers("DELETE FROM audit_log WHERE id = 2");
  v = store_->verify_audit_log();
  EXPECT_EQ(v->broken_at, 3);
  // Triggers left off are reported even when the rows are intact.
  auto other = fresh();
  ASSERT_TRUE(other->append_audit({"an", "operator", "ref1", "lap explain", "dossier"}));
  ASSERT_TRUE(other->database().exec(pg ? "ALTER TABLE audit_log DISABLE TRIGGER USER"
                                        : "DROP TRIGGER audit_log_no_delete"));
  v = other->verify_audit_log();
  EXPECT_EQ(v->broken_at, 0);
  EXPECT_FALSE(v->triggers_in_place);
  EXPECT_FALSE(v->intact());
  EXPECT_NE(head, v->head);
}

TEST_P(SqlStoreTest, RowOfAnotherSourceIsAProgrammingError) {
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

namespace lap::store {
namespace {

TEST(DisplayUrl, HidesPostgresqlPasswords) {
  EXPECT_EQ(display_url("lap.sqlite"), "lap.sqlite");
  EXPECT_EQ(display_url("postgresql://lap@db:5432/ap"), "postgresql://lap@db:5432/ap");
  EXPECT_EQ(display_url("postgresql://lap:s3cret@db:5432/ap?sslmode=verify-full"),
            "postgresql://lap:***@db:5432/ap?sslmode=verify-full");
  EXPECT_EQ(display_url("postgres://db/ap?user=lap&password=s3cret&sslmode=require"),
            "postgres://db/ap?user=lap&password=***&sslmode=require");
  EXPECT_EQ(display_url("host=db dbname=ap password=s3cret user=lap"),
            "host=db dbname=ap password=*** user=lap");
  EXPECT_EQ(display_url("host=db password = 'a b\\' c' user=lap"),
            "host=db password = *** user=lap");
}

// Regression: a key=value connection string was taken as an SQLite file name,
// creating a world-readable database whose name held the password.
TEST(OpenStore, AKeyValueConnectionStringIsPostgresqlNotAFileName) {
  EXPECT_TRUE(is_postgresql_url("host=localhost password=s3cret dbname=ap"));
  EXPECT_TRUE(is_postgresql_url("  dbname = ap"));
  EXPECT_TRUE(is_postgresql_url("postgresql://db/ap"));
  EXPECT_FALSE(is_postgresql_url("lap.sqlite"));
  EXPECT_FALSE(is_postgresql_url("/data/a=b.sqlite"));
  EXPECT_FALSE(is_postgresql_url("sqlite:lap.sqlite"));
  const std::string conninfo = "host=/nonexistent-socket-dir password=s3cret dbname=ap";
  auto store = open_store(conninfo, OpenMode::kCreate);
  ASSERT_FALSE(store);  // no server there: an error, not a file
  EXPECT_FALSE(std::filesystem::exists(conninfo));
  EXPECT_EQ(store.error().message.find("s3cret"), std::string::npos) << store.error().message;
}

}  // namespace
}  // namespace lap::store
