// The PostgreSQL driver of sql::Database (lap/store/sql/database.h), over
// libpq.
//
// A statement is sent with PQsendQueryParams in single-row mode, so a query
// over millions of facts streams instead of arriving as one result in memory.
// A connection carries one query at a time: when another statement starts
// while one is still streaming, the remaining rows of the first are buffered
// (the store sometimes reads one result while writing or reading another).
// Messages carry PostgreSQL's primary message only, never its DETAIL, which
// may quote row values (personal data).
#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <deque>
#include <iterator>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "lap/core/hex.h"
#include "lap/store/sql/database.h"

namespace lap::store::sql {
namespace {

// Type OIDs of the parameters we send (pg_type.h).
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kTextOid = 25;
constexpr Oid kFloat8Oid = 701;

// COPY data is sent in pieces of about this size.
constexpr size_t kCopyChunk = 1 << 20;

ErrorCode code_for(std::string_view sqlstate) {
  if (sqlstate.starts_with("23")) return ErrorCode::kFailedPrecondition;  // integrity
  if (sqlstate == "40001" || sqlstate == "40P01") return ErrorCode::kFailedPrecondition;
  if (sqlstate == "3D000") return ErrorCode::kNotFound;  // no such database
  if (sqlstate.starts_with("42") || sqlstate.starts_with("22")) return ErrorCode::kInternal;
  return ErrorCode::kIo;
}

Error error_of(const PGresult* r, PGconn* conn) {
  const char* state = r != nullptr ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = r != nullptr ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string message;
  if (primary != nullptr) {
    message = primary;
  } else {
    message = PQerrorMessage(conn);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
      message.pop_back();
    }
  }
  return Error{state != nullptr ? code_for(state) : ErrorCode::kIo,
               fmt::format("database: {}", message)};
}

// `?N` -> `$N` outside string literals and quoted names.
std::string to_dollar_params(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  int next = 1;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      out.push_back(c);
    } else if (c == '\'' || c == '"') {
      quote = c;
      out.push_back(c);
    } else if (c == '?') {
      out.push_back('$');
      if (i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') continue;
      out += std::to_string(next++);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

class PgConnection;

class PgStatement final : public StatementDriver {
 public:
  PgStatement(PgConnection& conn, std::string sql) : conn_(conn), sql_(std::move(sql)) {}
  ~PgStatement() override;
  PgStatement(const PgStatement&) = delete;
  PgStatement& operator=(const PgStatement&) = delete;

  void bind_int64(int index, int64_t value) override {
    set(index, kInt8Oid, 0).assign(std::to_string(value));
  }
  // The shortest text that reads back as the same double.
  void bind_double(int index, double value) override {
    set(index, kFloat8Oid, 0).assign(fmt::format("{}", value));
  }
  void bind_text(int index, std::string_view text) override {
    set(index, kTextOid, 0).assign(text);
  }
  void bind_blob(int index, std::span<const uint8_t> bytes) override {
    set(index, kByteaOid, 1).assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  }
  void bind_null(int index) override {
    set(index, 0, 0);
    null_[static_cast<size_t>(index - 1)] = true;
  }

  Result<bool> step() override;
  void reset() override;

  bool is_null(int column) const override {
    return row_ == nullptr || PQgetisnull(row_, 0, column) != 0;
  }
  int64_t int64(int column) const override {
    std::string_view v = text_view(column);
    if (v == "t") return 1;
    if (v == "f") return 0;
    int64_t out = 0;
    std::from_chars(v.data(), v.data() + v.size(), out);
    return out;
  }
  std::string_view text_view(int column) const override {
    if (is_null(column)) return {};
    return {PQgetvalue(row_, 0, column), static_cast<size_t>(PQgetlength(row_, 0, column))};
  }
  std::span<const uint8_t> blob(int column) const override;

  // Reads the rest of a streaming result into memory (another statement is
  // about to use the connection).
  void buffer_rest();

 private:
  enum class State { kIdle, kStreaming, kBuffered, kDone };

  std::string& set(int index, Oid type, int format) {
    const auto i = static_cast<size_t>(index - 1);
    if (values_.size() <= i) {
      values_.resize(i + 1);
      types_.resize(i + 1, 0);
      formats_.resize(i + 1, 0);
      null_.resize(i + 1, true);
    }
    types_[i] = type;
    formats_[i] = format;
    null_[i] = false;
    values_[i].clear();
    return values_[i];
  }
  PGresult* next_result();
  // Handles one result of the query; true when it is a row.
  Result<bool> take(PGresult* r);
  void discard_rest();
  void clear_row() {
    if (row_ != nullptr) PQclear(row_);
    row_ = nullptr;
  }

  PgConnection& conn_;
  std::string sql_;
  std::vector<std::string> values_;
  std::vector<Oid> types_;
  std::vector<int> formats_;
  std::vector<bool> null_;
  State state_ = State::kIdle;
  PGresult* row_ = nullptr;
  std::deque<PGresult*> buffered_;
  mutable std::vector<std::vector<uint8_t>> blobs_;
};

class PgCopyWriter;

class PgConnection final : public ConnectionDriver {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Dialect dialect() const override { return Dialect::kPostgresql; }

  Status exec(std::string_view sql) override {
    settle();
    std::string text(sql);
    PGresult* r = PQexec(conn_, text.c_str());
    Status status;
    const auto rs = PQresultStatus(r);
    if (rs == PGRES_COMMAND_OK || rs == PGRES_TUPLES_OK) {
      set_changes(r);
    } else {
      status = std::unexpected(error_of(r, conn_));
    }
    PQclear(r);
    return status;
  }

  Result<std::unique_ptr<StatementDriver>> prepare(std::string_view sql) override {
    return std::make_unique<PgStatement>(*this, to_dollar_params(sql));
  }

  Result<std::unique_ptr<BulkWriter>> bulk_insert(
      std::string_view table, std::span<const std::string_view> columns) override;

  int64_t changes() const override { return changes_; }
  bool in_transaction() const override {
    const auto s = PQtransactionStatus(conn_);
    return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
  }
  bool connection_lost() const override { return PQstatus(conn_) != CONNECTION_OK; }

  PGconn* raw() { return conn_; }
  // Makes the connection free for a new query: a streaming statement buffers
  // its remaining rows.
  void settle() {
    if (streaming_ != nullptr) std::exchange(streaming_, nullptr)->buffer_rest();
  }
  void set_streaming(PgStatement* s) { streaming_ = s; }
  void forget(const PgStatement* s) {
    if (streaming_ == s) streaming_ = nullptr;
  }
  void set_changes(const PGresult* r) {
    const char* n = PQcmdTuples(const_cast<PGresult*>(r));
    changes_ = (n != nullptr && *n != '\0') ? std::atoll(n) : 0;
  }

 private:
  PGconn* conn_;
  PgStatement* streaming_ = nullptr;
  int64_t changes_ = 0;
};

PgStatement::~PgStatement() {
  reset();
}

void PgStatement::discard_rest() {
  while (PGresult* r = PQgetResult(conn_.raw()))
    PQclear(r);
  conn_.forget(this);
}

void PgStatement::reset() {
  clear_row();
  if (state_ == State::kStreaming) discard_rest();
  for (PGresult* r : buffered_)
    PQclear(r);
  buffered_.clear();
  state_ = State::kIdle;
}

void PgStatement::buffer_rest() {
  if (state_ != State::kStreaming) return;
  while (PGresult* r = PQgetResult(conn_.raw()))
    buffered_.push_back(r);
  state_ = State::kBuffered;
}

PGresult* PgStatement::next_result() {
  if (state_ == State::kBuffered) {
    if (buffered_.empty()) return nullptr;
    PGresult* r = buffered_.front();
    buffered_.pop_front();
    return r;
  }
  return PQgetResult(conn_.raw());
}

Result<bool> PgStatement::step() {
  clear_row();
  if (state_ == State::kDone) reset();  // as SQLite: stepping a finished statement reruns it
  if (state_ == State::kIdle) {
    conn_.settle();
    std::vector<const char*> values(values_.size());
    std::vector<int> lengths(values_.size());
    for (size_t i = 0; i < values_.size(); ++i) {
      values[i] = null_[i] ? nullptr : values_[i].data();
      lengths[i] = static_cast<int>(values_[i].size());
    }
    if (PQsendQueryParams(conn_.raw(), sql_.c_str(), static_cast<int>(values_.size()),
                          types_.data(), values.data(), lengths.data(), formats_.data(), 0) == 0) {
      state_ = State::kDone;
      return std::unexpected(error_of(nullptr, conn_.raw()));
    }
    PQsetSingleRowMode(conn_.raw());
    conn_.set_streaming(this);
    state_ = State::kStreaming;
  }
  return take(next_result());
}

Result<bool> PgStatement::take(PGresult* r) {
  if (r == nullptr) {
    conn_.forget(this);
    state_ = State::kDone;
    return false;
  }
  const auto rs = PQresultStatus(r);
  if (rs == PGRES_SINGLE_TUPLE) {
    row_ = r;
    return true;
  }
  Result<bool> out = false;
  if (rs == PGRES_TUPLES_OK || rs == PGRES_COMMAND_OK) {
    conn_.set_changes(r);
  } else {
    out = std::unexpected(error_of(r, conn_.raw()));
  }
  PQclear(r);
  // The query is over: collect what is left of it (nothing but the end).
  for (PGresult* rest = next_result(); rest != nullptr; rest = next_result())
    PQclear(rest);
  conn_.forget(this);
  state_ = State::kDone;
  return out;
}

std::span<const uint8_t> PgStatement::blob(int column) const {
  std::string_view v = text_view(column);
  const auto c = static_cast<size_t>(column);
  if (blobs_.size() <= c) blobs_.resize(c + 1);
  auto& out = blobs_[c];
  out.clear();
  if (v.starts_with("\\x")) {
    for (size_t i = 2; i + 1 < v.size(); i += 2) {
      out.push_back(static_cast<uint8_t>(hex::digit_value(v[i]) * 16 + hex::digit_value(v[i + 1])));
    }
  }
  return out;
}

// COPY ... FROM STDIN in text format.
class PgCopyWriter final : public BulkWriter {
 public:
  explicit PgCopyWriter(PgConnection& conn) : conn_(conn) {}
  ~PgCopyWriter() override {
    if (!finished_) {
      PQputCopyEnd(conn_.raw(), "abandoned");
      while (PGresult* r = PQgetResult(conn_.raw()))
        PQclear(r);
    }
  }
  PgCopyWriter(const PgCopyWriter&) = delete;
  PgCopyWriter& operator=(const PgCopyWriter&) = delete;

  void int64(int64_t value) override {
    separate();
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
    buffer_.append(digits, end);
  }
  void real(double value) override {
    separate();
    fmt::format_to(std::back_inserter(buffer_), "{}", value);
  }
  void text(std::string_view text) override {
    separate();
    for (char c : text) {
      switch (c) {
        case '\\':
          buffer_ += "\\\\";
          break;
        case '\t':
          buffer_ += "\\t";
          break;
        case '\n':
          buffer_ += "\\n";
          break;
        case '\r':
          buffer_ += "\\r";
          break;
        default:
          buffer_.push_back(c);
      }
    }
  }
  void blob(std::span<const uint8_t> bytes) override {
    separate();
    buffer_ += "\\\\x";
    hex::append(buffer_, bytes);
  }
  void null() override {
    separate();
    buffer_ += "\\N";
  }
  Status end_row() override {
    buffer_.push_back('\n');
    first_ = true;
    if (buffer_.size() >= kCopyChunk) return flush();
    return {};
  }
  Status finish() override {
    if (auto s = flush(); !s) return s;
    finished_ = true;
    if (PQputCopyEnd(conn_.raw(), nullptr) != 1)
      return std::unexpected(error_of(nullptr, conn_.raw()));
    Status status;
    while (PGresult* r = PQgetResult(conn_.raw())) {
      if (PQresultStatus(r) != PGRES_COMMAND_OK && status) {
        status = std::unexpected(error_of(r, conn_.raw()));
      } else if (status) {
        conn_.set_changes(r);
      }
      PQclear(r);
    }
    return status;
  }

 private:
  void separate() {
    if (!first_) buffer_.push_back('\t');
    first_ = false;
  }
  Status flush() {
    if (buffer_.empty()) return {};
    if (PQputCopyData(conn_.raw(), buffer_.data(), static_cast<int>(buffer_.size())) != 1) {
      return std::unexpected(error_of(nullptr, conn_.raw()));
    }
    buffer_.clear();
    return {};
  }

  PgConnection& conn_;
  std::string buffer_;
  bool first_ = true;
  bool finished_ = false;
};

Result<std::unique_ptr<BulkWriter>> PgConnection::bulk_insert(
    std::string_view table, std::span<const std::string_view> columns) {
  settle();
  std::string names;
  for (size_t i = 0; i < columns.size(); ++i) {
    names += fmt::format("{}{}", i == 0 ? "" : ", ", columns[i]);
  }
  const std::string sql = fmt::format("COPY {} ({}) FROM STDIN", table, names);
  PGresult* r = PQexec(conn_, sql.c_str());
  if (PQresultStatus(r) != PGRES_COPY_IN) {
    Error e = error_of(r, conn_);
    PQclear(r);
    return std::unexpected(std::move(e));
  }
  PQclear(r);
  return std::make_unique<PgCopyWriter>(*this);
}

void ignore_notice(void* /*arg*/, const char* /*message*/) {}

}  // namespace

Result<Database> Database::open_postgresql(const std::string& conninfo) {
  // The URL may hold a password: it appears in no message. A connection
  // string's own connect_timeout wins over the default of 10 seconds (later
  // keywords override earlier ones); keepalives notice a vanished server.
  const char* keywords[] = {"connect_timeout",           "keepalives_idle", "dbname",
                            "fallback_application_name", "client_encoding", nullptr};
  const char* values[] = {"10", "30", conninfo.c_str(), "lap", "UTF8", nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, 1);
  if (conn == nullptr) return make_error(ErrorCode::kIo, "PostgreSQL: out of memory");
  Database db(std::make_unique<PgConnection>(conn));
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
      message.pop_back();
    }
    const bool missing = message.find("does not exist") != std::string::npos;
    return make_error(missing ? ErrorCode::kNotFound : ErrorCode::kIo,
                      fmt::format("cannot connect to PostgreSQL: {}", message));
  }
  PQsetNoticeProcessor(conn, ignore_notice, nullptr);
  if (auto s = db.exec("SET TIME ZONE 'UTC'"); !s) return std::unexpected(s.error());
  return db;
}

}  // namespace lap::store::sql
