// What the SQLite and PostgreSQL imports (ImportTransaction, store.h) share:
// starting and recording a data load, and the current rows of a source being
// replaced.
#pragma once

#include <array>
#include <cstdint>
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

}  // namespace lap::store::sql
