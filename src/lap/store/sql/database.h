// A thin layer over the two database client libraries, SQLite (sqlite3) and
// PostgreSQL (libpq): a connection and statements with one API, so the store
// (sql_store.h) is written once. Errors become `lap::Error` values (kIo for
// I/O, locking and corruption; kFailedPrecondition for constraint
// violations). Neither class is thread-safe; use one connection per thread.
//
// SQL is written once for both: parameters are `?1`, `?2`, ... (rewritten to
// `$1`, ... for PostgreSQL), new ids come back through `RETURNING`, and the
// few places where the dialects differ ask `Database::dialect()`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "lap/core/error.h"
#include "lap/store/sql/dialect.h"

namespace lap::store::sql {

// What a driver implements (sqlite/sqlite_connection.cc,
// postgresql/pg_connection.cc).
class StatementDriver {
 public:
  virtual ~StatementDriver() = default;
  virtual void bind_int64(int index, int64_t value) = 0;
  virtual void bind_double(int index, double value) = 0;
  virtual void bind_text(int index, std::string_view text) = 0;
  virtual void bind_blob(int index, std::span<const uint8_t> bytes) = 0;
  virtual void bind_null(int index) = 0;
  virtual Result<bool> step() = 0;
  virtual void reset() = 0;
  virtual bool is_null(int column) const = 0;
  virtual int64_t int64(int column) const = 0;
  virtual std::string_view text_view(int column) const = 0;
  virtual std::span<const uint8_t> blob(int column) const = 0;
};

// Rows written in bulk (`Database::bulk_insert`): PostgreSQL's COPY, or a
// prepared INSERT per row in SQLite. A row is its values in column order.
class BulkWriter {
 public:
  virtual ~BulkWriter() = default;
  virtual void int64(int64_t value) = 0;
  virtual void real(double value) = 0;
  virtual void text(std::string_view text) = 0;
  virtual void blob(std::span<const uint8_t> bytes) = 0;
  virtual void null() = 0;
  // Ends the current row.
  virtual Status end_row() = 0;
  // Sends what is left; the rows are in the table after this (inside the
  // current transaction, if any).
  virtual Status finish() = 0;

  template <typename T>
  void value(const std::optional<T>& v) {
    if (v) {
      value(*v);
    } else {
      null();
    }
  }
  void value(int64_t v) { int64(v); }
  void value(double v) { real(v); }
  void value(std::string_view v) { text(v); }
  void value(const std::string& v) { text(v); }
  void value(const char* v) { text(v); }
};

class ConnectionDriver {
 public:
  virtual ~ConnectionDriver() = default;
  virtual Dialect dialect() const = 0;
  virtual Status exec(std::string_view sql) = 0;
  virtual Result<std::unique_ptr<StatementDriver>> prepare(std::string_view sql) = 0;
  virtual Result<std::unique_ptr<BulkWriter>> bulk_insert(
      std::string_view table, std::span<const std::string_view> columns) = 0;
  virtual int64_t changes() const = 0;
  virtual bool in_transaction() const = 0;
  virtual bool connection_lost() const { return false; }
};

class Statement {
 public:
  Statement() = default;
  explicit Statement(std::unique_ptr<StatementDriver> driver) : driver_(std::move(driver)) {}

  // Parameters are 1-based, as `?1` in the SQL.
  Statement& bind(int index, int64_t value) {
    driver_->bind_int64(index, value);
    return *this;
  }
  Statement& bind(int index, std::string_view text) {
    driver_->bind_text(index, text);
    return *this;
  }
  Statement& bind(int index, const std::string& text) {
    return bind(index, std::string_view(text));
  }
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind_blob(int index, std::span<const uint8_t> bytes) {
    driver_->bind_blob(index, bytes);
    return *this;
  }
  Statement& bind_null(int index) {
    driver_->bind_null(index);
    return *this;
  }
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  // Advances: true when a row is available, false when done.
  Result<bool> step() { return driver_->step(); }
  // Steps to the end (for statements without result rows) and resets.
  Status run();
  // Makes the statement ready to run again (bindings are kept).
  void reset() { driver_->reset(); }

  bool is_null(int column) const { return driver_->is_null(column); }
  int64_t int64(int column) const { return driver_->int64(column); }
  std::string text(int column) const { return std::string(driver_->text_view(column)); }
  // The same without a copy; valid until the next step, reset or column call.
  std::string_view text_view(int column) const { return driver_->text_view(column); }
  // Valid until the next step, reset or column call.
  std::span<const uint8_t> blob(int column) const { return driver_->blob(column); }

 private:
  std::unique_ptr<StatementDriver> driver_;
};

class Database {
 public:
  // Opens (or creates, when `create`) the SQLite database at `path` with WAL
  // mode, foreign keys and a busy timeout. `:memory:` gives a private database.
  static Result<Database> open_sqlite(const std::string& path, bool create);
  // Connects to a PostgreSQL database (a libpq connection URI or key=value
  // string). kNotFound when the database does not exist.
  static Result<Database> open_postgresql(const std::string& conninfo);

  Database() = default;
  explicit Database(std::unique_ptr<ConnectionDriver> driver) : driver_(std::move(driver)) {}

  Dialect dialect() const { return driver_->dialect(); }
  bool is_postgresql() const { return dialect() == Dialect::kPostgresql; }

  // Runs one or more statements without results.
  Status exec(std::string_view sql) { return driver_->exec(sql); }
  Result<Statement> prepare(std::string_view sql);
  // A single integer from `sql` (nullopt when no row or NULL).
  Result<std::optional<int64_t>> query_int(std::string_view sql);
  // Writes rows into `table` (the given columns) in bulk.
  Result<std::unique_ptr<BulkWriter>> bulk_insert(std::string_view table,
                                                  std::span<const std::string_view> columns) {
    return driver_->bulk_insert(table, columns);
  }

  // Starts a write transaction: BEGIN IMMEDIATE in SQLite (writers queue for
  // the busy timeout), BEGIN in PostgreSQL.
  Status begin_write() { return exec(is_postgresql() ? "BEGIN" : "BEGIN IMMEDIATE"); }

  // Rows changed by the last INSERT, UPDATE or DELETE.
  int64_t changes() const { return driver_->changes(); }
  bool in_transaction() const { return driver_->in_transaction(); }
  // Whether the server connection is gone (PostgreSQL only).
  bool connection_lost() const { return driver_->connection_lost(); }

 private:
  std::unique_ptr<ConnectionDriver> driver_;
};

}  // namespace lap::store::sql
