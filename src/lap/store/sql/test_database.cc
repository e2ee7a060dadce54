#include "lap/store/sql/test_database.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

namespace lap::store::sql::testing {
namespace {

std::atomic<int> counter{0};

// "host=... port=... user=... dbname=..." from the fixture's env file.
std::string server_conninfo() {
#ifdef LAP_TEST_PG_ENV
  std::ifstream in(LAP_TEST_PG_ENV);
  if (!in) return {};
  std::string line;
  std::string out;
  const std::pair<const char*, const char*> keys[] = {
      {"PGHOST=", "host"}, {"PGPORT=", "port"}, {"PGUSER=", "user"}, {"PGDATABASE=", "dbname"}};
  while (std::getline(in, line)) {
    for (const auto& [prefix, key] : keys) {
      if (line.starts_with(prefix))
        out += fmt::format("{}={} ", key, line.substr(std::strlen(prefix)));
    }
  }
  return out;
#else
  return {};
#endif
}

}  // namespace

TestDatabase::TestDatabase(Dialect dialect) : dialect_(dialect) {
  const int n = counter++;
  if (dialect == Dialect::kSqlite) {
    location_ = (std::filesystem::temp_directory_path() /
                 fmt::format("lap-store-test-{}-{}.sqlite", ::getpid(), n))
                    .string();
    return;
  }
  admin_ = server_conninfo();
  if (admin_.empty()) {
    ADD_FAILURE() << "no PostgreSQL test server: run the store tests through ctest (fixture "
                     "pg_server)";
    return;
  }
  schema_ = fmt::format("lap_test_{}_{}", ::getpid(), n);
  auto db = Database::open_postgresql(admin_);
  if (!db) {
    ADD_FAILURE() << db.error().message;
    return;
  }
  if (auto s = db->exec(fmt::format("CREATE SCHEMA {}", schema_)); !s) {
    ADD_FAILURE() << s.error().message;
  }
  location_ = admin_ + fmt::format("options=-csearch_path={}", schema_);
}

TestDatabase::~TestDatabase() {
  if (dialect_ == Dialect::kSqlite) {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::remove((location_ + suffix).c_str());
    return;
  }
  if (schema_.empty()) return;
  if (auto db = Database::open_postgresql(admin_)) {
    (void)db->exec(fmt::format("DROP SCHEMA {} CASCADE", schema_));
  }
}

Result<std::unique_ptr<SqlStore>> TestDatabase::open(OpenMode mode) const {
  return open(builtin_migrations(dialect_), mode);
}

Result<std::unique_ptr<SqlStore>> TestDatabase::open(std::vector<Migration> migrations,
                                                     OpenMode mode) const {
  if (dialect_ == Dialect::kSqlite) return SqlStore::open(location_, mode, std::move(migrations));
  return SqlStore::open_postgresql(location_, mode, std::move(migrations));
}

std::unique_ptr<SqlStore> TestDatabase::migrated() const {
  auto s = open();
  if (!s) {
    ADD_FAILURE() << s.error().message;
    return nullptr;
  }
  if (auto m = (*s)->migrate(); !m) ADD_FAILURE() << m.error().message;
  return std::move(*s);
}

bool TestDatabase::has_table(SqlStore& store, std::string_view table) const {
  const std::string sql =
      dialect_ == Dialect::kSqlite
          ? fmt::format("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '{}'",
                        table)
          : fmt::format(
                "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = "
                "current_schema() AND tablename = '{}'",
                table);
  auto n = store.database().query_int(sql);
  return n && n->value_or(0) > 0;
}

std::string dialect_name(const ::testing::TestParamInfo<Dialect>& info) {
  return info.param == Dialect::kSqlite ? "sqlite" : "postgresql";
}

}  // namespace lap::store::sql::testing
