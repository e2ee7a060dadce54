// Opening a store: SqlStore on a database that must exist, and store.cc's
// URL handling. What a store does is tested per area (../*_store_test.cc,
// ../health_test.cc).
#include "lap/store/sql/sql_store.h"

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "lap/store/sql/test_database.h"

namespace lap::store::sql {
namespace {

class SqlStoreTest : public testing::StoreTest {};
LAP_ON_BOTH_DATABASES(SqlStoreTest);

TEST_P(SqlStoreTest, AStoreThatMustExistNeedsItsDatabase) {
  testing::TestDatabase db(GetParam());
  auto store = db.open(OpenMode::kMustExist);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kNotFound);
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

TEST(SqlitePath, TheFileOfAnSqliteUrl) {
  EXPECT_EQ(sqlite_path("lap.sqlite"), "lap.sqlite");
  EXPECT_EQ(sqlite_path("sqlite:/data/lap.sqlite"), "/data/lap.sqlite");
  EXPECT_EQ(sqlite_path("sqlite:///data/lap.sqlite"), "/data/lap.sqlite");
  EXPECT_EQ(sqlite_path(":memory:"), ":memory:");
  EXPECT_EQ(sqlite_path("postgresql://db/ap"), "");
  EXPECT_EQ(sqlite_path("host=db dbname=ap"), "");
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
