#include "lap/store/sql/database.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace lap::store::sql {
namespace {

TEST(Database, PreparedStatementsBindAndRead) {
  auto db = Database::open_sqlite(":memory:", true);
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_TRUE(db->exec("CREATE TABLE t (i INTEGER, s TEXT, b BLOB)"));
  auto insert = db->prepare("INSERT INTO t VALUES (?1, ?2, ?3)");
  ASSERT_TRUE(insert);
  std::array<uint8_t, 2> bytes = {1, 2};
  ASSERT_TRUE(insert->bind(1, int64_t{42}).bind(2, "x").bind_blob(3, bytes).run());
  ASSERT_TRUE(insert->bind(1, int64_t{43}).bind(2, std::optional<std::string>()).run());
  EXPECT_EQ(db->changes(), 1);
  auto select = db->prepare("SELECT i, s FROM t ORDER BY i");
  ASSERT_TRUE(select);
  ASSERT_TRUE(*select->step());
  EXPECT_EQ(select->int64(0), 42);
  EXPECT_EQ(select->text(1), "x");
  ASSERT_TRUE(*select->step());
  EXPECT_TRUE(select->is_null(1));
  EXPECT_FALSE(*select->step());
  EXPECT_EQ(db->query_int("SELECT count(*) FROM t").value(), 2);
  EXPECT_EQ(db->query_int("SELECT NULL").value(), std::nullopt);
}

TEST(Database, ErrorsAreValues) {
  auto db = Database::open_sqlite(":memory:", true);
  ASSERT_TRUE(db);
  auto bad = db->prepare("SELECT * FROM missing");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("no such table"), std::string::npos);
  ASSERT_TRUE(db->exec("CREATE TABLE u (k INTEGER PRIMARY KEY)"));
  ASSERT_TRUE(db->exec("INSERT INTO u VALUES (1)"));
  auto dup = db->exec("INSERT INTO u VALUES (1)");
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kFailedPrecondition);
}

TEST(Database, MissingFileWithoutCreateIsNotFound) {
  auto db = Database::open_sqlite("/nonexistent-dir/none.sqlite", false);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kNotFound);
}

// Regression: databases were created world-readable (0644).
TEST(Database, ANewFileIsTheOwnersOnlyAndAReadableOneIsRefused) {
  auto path = std::filesystem::temp_directory_path() /
              ("lap_mode_" + std::to_string(::getpid()) + ".sqlite");
  std::filesystem::remove(path);
  {
    auto db = Database::open_sqlite(path.string(), true);
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE(db->exec("CREATE TABLE t (x INTEGER)"));
  }
  using std::filesystem::perms;
  EXPECT_EQ(std::filesystem::status(path).permissions() & perms::all,
            perms::owner_read | perms::owner_write);
  std::filesystem::permissions(path, perms::group_read | perms::others_read,
                               std::filesystem::perm_options::add);
  auto refused = Database::open_sqlite(path.string(), false);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find("chmod 600"), std::string::npos);
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(path.string() + suffix);
}

TEST(Database, FileThatIsNotADatabaseIsAnIoError) {
  auto path = std::filesystem::temp_directory_path() /
              ("lap_not_a_db_" + std::to_string(::getpid()) + ".sqlite");
  std::ofstream(path) << "this is not a database, just some text that is long enough to matter "
                         "for the header check of sqlite which reads the first hundred bytes";
  std::filesystem::permissions(
      path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto db = Database::open_sqlite(path.string(), false);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kIo);
  std::filesystem::remove(path);
}

TEST(Database, WalModeAndForeignKeys) {
  auto path = std::filesystem::temp_directory_path() /
              ("lap_wal_" + std::to_string(::getpid()) + ".sqlite");
  std::filesystem::remove(path);
  {
    auto db = Database::open_sqlite(path.string(), true);
    ASSERT_TRUE(db);
    auto mode = db->prepare("PRAGMA journal_mode");
    ASSERT_TRUE(mode && *mode->step());
    EXPECT_EQ(mode->text(0), "wal");
    EXPECT_EQ(db->query_int("PRAGMA foreign_keys").value(), 1);
  }
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(path.string() + suffix);
}

}  // namespace
}  // namespace lap::store::sql
