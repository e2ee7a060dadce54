// The SQLite driver of sql::Database (lap/store/sql/database.h).
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <utility>
#include <vector>

#include <fmt/format.h>

#include "lap/store/sql/database.h"

namespace lap::store::sql {
namespace {

// A database file holds personal data: it is created readable by its owner
// only (0600; SQLite gives its -wal and -shm files the same mode), and an
// existing one that others may read or write is refused rather than used.
Status owner_only_database(const std::string& path, bool create) {
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) return {};
  for (const std::string& file : {path, path + "-wal", path + "-shm"}) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) continue;
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
      return make_error(ErrorCode::kFailedPrecondition,
                        fmt::format("{}: other users may read this database file (mode {:04o}); "
                                    "it holds personal data. Allow its owner only: chmod 600 "
                                    "{}*",
                                    file, st.st_mode & 07777, path));
    }
  }
  if (!create) return {};
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
  } else if (errno != EEXIST) {
    return make_error(ErrorCode::kIo, fmt::format("{}: cannot create the database: {}", path,
                                                  std::strerror(errno)));
  }
  return {};
}

constexpr int kBusyTimeoutMs = 10'000;

ErrorCode code_for(int rc) {
  switch (rc & 0xFF) {
    case SQLITE_CONSTRAINT:
      return ErrorCode::kFailedPrecondition;
    case SQLITE_MISUSE:
    case SQLITE_RANGE:
      return ErrorCode::kInternal;
    default:
      return ErrorCode::kIo;
  }
}

class SqliteStatement final : public StatementDriver {
 public:
  SqliteStatement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void bind_int64(int index, int64_t value) override { sqlite3_bind_int64(stmt_, index, value); }
  void bind_double(int index, double value) override { sqlite3_bind_double(stmt_, index, value); }
  void bind_text(int index, std::string_view text) override {
    sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  }
  void bind_blob(int index, std::span<const uint8_t> bytes) override {
    sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  }
  void bind_null(int index) override { sqlite3_bind_null(stmt_, index); }

  Result<bool> step() override {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Error e{code_for(rc), fmt::format("database: {}", sqlite3_errmsg(db_))};
    sqlite3_reset(stmt_);
    return std::unexpected(std::move(e));
  }
  void reset() override { sqlite3_reset(stmt_); }

  bool is_null(int column) const override {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }
  int64_t int64(int column) const override { return sqlite3_column_int64(stmt_, column); }
  std::string_view text_view(int column) const override {
    const auto* p = sqlite3_column_text(stmt_, column);
    if (p == nullptr) return {};
    return {reinterpret_cast<const char*>(p),
            static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
  }
  std::span<const uint8_t> blob(int column) const override {
    const void* p = sqlite3_column_blob(stmt_, column);
    if (p == nullptr) return {};
    return {static_cast<const uint8_t*>(p),
            static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
  }

 private:
  sqlite3_stmt* stmt_;
  sqlite3* db_;
};

// A prepared INSERT run once per row.
class SqliteBulkWriter final : public BulkWriter {
 public:
  explicit SqliteBulkWriter(std::unique_ptr<StatementDriver> insert) : insert_(std::move(insert)) {}
  void int64(int64_t value) override { insert_->bind_int64(++column_, value); }
  void real(double value) override { insert_->bind_double(++column_, value); }
  void text(std::string_view text) override { insert_->bind_text(++column_, text); }
  void blob(std::span<const uint8_t> bytes) override { insert_->bind_blob(++column_, bytes); }
  void null() override { insert_->bind_null(++column_); }
  Status end_row() override {
    column_ = 0;
    auto done = insert_->step();
    insert_->reset();
    if (!done) return std::unexpected(done.error());
    return {};
  }
  Status finish() override { return {}; }

 private:
  std::unique_ptr<StatementDriver> insert_;
  int column_ = 0;
};

class SqliteConnection final : public ConnectionDriver {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override { sqlite3_close_v2(db_); }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Dialect dialect() const override { return Dialect::kSqlite; }

  Status exec(std::string_view sql) override {
    std::string text(sql);
    char* message = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      std::string m = message != nullptr ? message : sqlite3_errstr(rc);
      sqlite3_free(message);
      return make_error(code_for(rc), fmt::format("database: {}", m));
    }
    return {};
  }

  Result<std::unique_ptr<StatementDriver>> prepare(std::string_view sql) override {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      return make_error(code_for(rc), fmt::format("database prepare: {}", sqlite3_errmsg(db_)));
    }
    return std::make_unique<SqliteStatement>(stmt, db_);
  }

  Result<std::unique_ptr<BulkWriter>> bulk_insert(
      std::string_view table, std::span<const std::string_view> columns) override {
    std::string names;
    std::string params;
    for (size_t i = 0; i < columns.size(); ++i) {
      names += fmt::format("{}{}", i == 0 ? "" : ", ", columns[i]);
      params += fmt::format("{}?{}", i == 0 ? "" : ", ", i + 1);
    }
    auto insert = prepare(fmt::format("INSERT INTO {} ({}) VALUES ({})", table, names, params));
    if (!insert) return std::unexpected(insert.error());
    return std::make_unique<SqliteBulkWriter>(std::move(*insert));
  }

  int64_t changes() const override { return sqlite3_changes64(db_); }
  bool in_transaction() const override { return sqlite3_get_autocommit(db_) == 0; }

 private:
  sqlite3* db_;
};

}  // namespace

Result<Database> Database::open_sqlite(const std::string& path, bool create) {
  if (auto s = owner_only_database(path, create); !s) return std::unexpected(s.error());
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Database db(std::make_unique<SqliteConnection>(raw));
  if (rc != SQLITE_OK) {
    if (!create && (rc & 0xFF) == SQLITE_CANTOPEN) {
      return make_error(ErrorCode::kNotFound, fmt::format("{}: no such database", path));
    }
    return make_error(ErrorCode::kIo,
                      fmt::format("{}: cannot open the database: {}", path,
                                  raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  // Reading the journal mode also checks that the file is a database.
  if (auto s = db.exec("PRAGMA journal_mode = WAL"); !s) {
    return make_error(ErrorCode::kIo, fmt::format("{}: {}", path, s.error().message));
  }
  if (auto s = db.exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;"); !s) {
    return std::unexpected(s.error());
  }
  return db;
}

}  // namespace lap::store::sql
