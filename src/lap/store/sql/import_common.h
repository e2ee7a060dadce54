// What the SQLite and PostgreSQL imports (ImportTransaction, store.h) share:
// starting and recording a data load, and the current rows of a source being
// replaced.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lap/formats/exchange.h"
#include "lap/store/sql/database.h"
#include "lap/store/store.h"

namespace lap::store::sql {

// Checks the pseudonym key against the database's (recording it the first
// time), numbers the load (latest + 1) and inserts its data_load row. Runs
// inside the import's transaction.
Result<int64_t> start_load(Database& db, const LoadInfo& info);

// Completes the data_load row: finished_at, the files with the counts of the
// replaced sources, and the totals.
Status record_load(Database& db, int64_t load_id, const LoadInfo& info,
                   const std::vector<Source>& done, const std::array<SourceCounts, 6>& per_source);

// The current rows of the source being replaced, sorted by hash: each row of
// the new file is looked up here; those never found are retired at the end.
class CurrentRows {
 public:
  // Reads the hashes and ids of the current rows of `source`'s fact table.
  Status load(Database& db, Source source);
  // Marks `hash` as present in the new file: true when the row is new, false
  // when it is current already; kInvalidArgument when it was seen before.
  Result<bool> mark(Source source, const formats::RowHash& hash);
  // The ids of the current rows not marked, ascending.
  std::vector<int64_t> unseen() const;
  void clear();

 private:
  struct Row {
    formats::RowHash hash{};
    int64_t id = 0;
    bool seen = false;
  };
  std::vector<Row> rows_;
};

// "<table>: the same row was added twice".
std::unexpected<Error> added_twice(Source source);

// The part of an import that does not depend on the database: the order of
// calls, the counts per source, the data_load row, commit or rollback of the
// transaction. A database's import derives from it and writes the rows.
//
// The first rows ever of a source (and the first persons of a database) go
// into tables whose secondary indexes are dropped and built once at the end
// of the source (of the load), inside the transaction: much faster than
// growing them row by row. Within a load each pseudonym and each identity row
// is written once, so nothing can conflict meanwhile; a fact row given twice
// makes its unique index fail to build (added_twice). In PostgreSQL the drop
// locks those still-empty tables until the commit.
class ImportBase : public ImportTransaction {
 public:
  // `open_flag` is the store's "an import is open" flag; it is cleared on
  // destruction, after a rollback when the transaction is still open.
  ImportBase(Database& db, bool& open_flag, LoadInfo info)
      : db_(db), open_flag_(open_flag), info_(std::move(info)) {}
  ~ImportBase() override;
  ImportBase(const ImportBase&) = delete;
  ImportBase& operator=(const ImportBase&) = delete;

  int64_t load_id() const override { return load_id_; }
  Status begin_source(Source source) final;
  Result<SourceCounts> end_source() final;
  void set_files(std::vector<FileInfo> files) final { info_.files = std::move(files); }
  Result<std::optional<int64_t>> commit() final;

 protected:
  // Begins the transaction (after `lock_sql`, when given, inside it) and
  // records the load.
  Status start(std::string_view lock_sql);

  // The database's part: the source's writes begin, end (`gone`: the ids of
  // the current rows to retire), the load commits.
  virtual Status source_begun(Source source) = 0;
  virtual Status source_ended(Source source, const std::vector<int64_t>& gone) = 0;
  virtual Status before_commit() { return {}; }
  virtual void after_commit() {}

  // Counts a row of the begun source: true when it must be written, false
  // when it is current already.
  Result<bool> start_row(Source source, const formats::RowHash& hash);

  Database& db() { return db_; }
  const Database& db() const { return db_; }
  int64_t load() const { return load_id_; }

 private:
  static std::unexpected<Error> closed();
  // Drops the secondary indexes of `table` (those that back no constraint);
  // returns the statements that recreate them.
  Result<std::vector<std::string>> drop_indexes(std::string_view table);
  // Runs and clears `statements`.
  Status create_indexes(std::vector<std::string>& statements);
  Result<bool> is_empty(std::string_view table);

  Database& db_;
  bool& open_flag_;
  LoadInfo info_;
  bool open_ = false;
  int64_t load_id_ = 0;
  std::optional<Source> source_;
  SourceCounts counts_;
  std::array<SourceCounts, 6> per_source_{};
  std::vector<Source> done_;
  CurrentRows current_;                      // of the source being replaced
  std::vector<std::string> person_indexes_;  // dropped for this load, rebuilt before the commit
  std::vector<std::string> source_indexes_;  // dropped for this source, rebuilt at its end
};

}  // namespace lap::store::sql
