// The databases the store tests run on: every test of a `StoreTest` fixture
// runs once on SQLite (a file of its own) and once on PostgreSQL (a schema of
// its own in the throw-away server of CTest's pg_server fixture, whose
// coordinates are in the file named by LAP_TEST_PG_ENV at build time).
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lap/store/sql/sql_store.h"

namespace lap::store::sql::testing {

// One empty database, removed on destruction.
class TestDatabase {
 public:
  explicit TestDatabase(Dialect dialect);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // A new connection (a store) to this database.
  Result<std::unique_ptr<SqlStore>> open(OpenMode mode = OpenMode::kCreate) const;
  Result<std::unique_ptr<SqlStore>> open(std::vector<Migration> migrations,
                                         OpenMode mode = OpenMode::kCreate) const;
  // Opened and migrated; fails the test otherwise.
  std::unique_ptr<SqlStore> migrated() const;
  // Whether `table` exists.
  bool has_table(SqlStore& store, std::string_view table) const;

  Dialect dialect() const { return dialect_; }

 private:
  Dialect dialect_;
  std::string location_;  // SQLite: the file; PostgreSQL: conninfo with the schema
  std::string schema_;    // PostgreSQL
  std::string admin_;     // PostgreSQL: conninfo of the server's database
};

// Every test of a fixture derived from this runs on both databases.
class StoreTest : public ::testing::TestWithParam<Dialect> {
 protected:
  // A store on a new, migrated database (kept until the test ends).
  std::unique_ptr<SqlStore> fresh() {
    databases_.push_back(std::make_unique<TestDatabase>(GetParam()));
    return databases_.back()->migrated();
  }
  TestDatabase& database() {
    if (databases_.empty()) databases_.push_back(std::make_unique<TestDatabase>(GetParam()));
    return *databases_.back();
  }

 private:
  std::vector<std::unique_ptr<TestDatabase>> databases_;
};

std::string dialect_name(const ::testing::TestParamInfo<Dialect>& info);

}  // namespace lap::store::sql::testing

namespace lap::store::sql {
// How GoogleTest prints a dialect (test names, messages); GoogleTest looks
// for this name.
inline void PrintTo(Dialect dialect, std::ostream* os) {  // NOLINT(readability-identifier-naming)
  *os << (dialect == Dialect::kSqlite ? "sqlite" : "postgresql");
}
}  // namespace lap::store::sql

// Runs the TEST_Ps of `fixture` on SQLite and PostgreSQL.
#define LAP_ON_BOTH_DATABASES(fixture)                                                 \
  INSTANTIATE_TEST_SUITE_P(Db, fixture,                                                \
                           ::testing::Values(::lap::store::sql::Dialect::kSqlite,      \
                                             ::lap::store::sql::Dialect::kPostgresql), \
                           ::lap::store::sql::testing::dialect_name)
