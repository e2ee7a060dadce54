// A thin RAII layer over the sqlite3 C API: a connection and prepared
// statements. Errors become `lap::Error` values (kIo for I/O, locking and
// corruption; kFailedPrecondition for constraint violations). Neither class is
// thread-safe; use one connection per thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "lap/core/error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace lap::store::sqlite {

class Statement {
 public:
  Statement() = default;
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are 1-based, as in SQLite.
  Statement& bind(int index, int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, std::span<const uint8_t> bytes);
  Statement& bind_null(int index);
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  // Advances: true when a row is available, false when done.
  Result<bool> step();
  // Steps to the end (for statements without result rows) and resets.
  Status run();
  // Makes the statement ready to run again (bindings are kept).
  void reset();

  bool is_null(int column) const;
  int64_t int64(int column) const;
  std::string text(int column) const;
  // The same without a copy; valid until the next step, reset or column call.
  std::string_view text_view(int column) const;
  // Valid until the next step, reset or destruction.
  std::span<const uint8_t> blob(int column) const;

 private:
  friend class Database;
  Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
  Error error(int rc) const;

  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
};

class Database {
 public:
  // Opens (or creates, when `create`) the database at `path` and sets WAL mode,
  // foreign keys and a busy timeout. `:memory:` gives a private database.
  static Result<Database> open(const std::string& path, bool create);

  Database() = default;
  ~Database();
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more statements without results.
  Status exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);
  // A single integer from `sql` (nullopt when no row or NULL).
  Result<std::optional<int64_t>> query_int(std::string_view sql);

  int64_t changes() const;
  int64_t last_insert_rowid() const;
  bool in_transaction() const;

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  Error error(int rc, std::string_view what) const;

  sqlite3* db_ = nullptr;
};

}  // namespace lap::store::sqlite
