// `lap import`: the validated, all-or-nothing, idempotent import of a delivery
// directory (docs/formats.md, "Import semantics").
//
//  1. The directory is listed: every imported file present is read; an unknown
//     `*.csv` is a problem; `ground_truth.csv` and `manifest.json` are ignored.
//  2. When every file is byte-for-byte (SHA-256) the file of the current state
//     of its source, nothing is read further: "nothing changed".
//  3. Every row of every file is validated (formats/exchange.h). Any problem
//     refuses the whole delivery and nothing is written.
//  4. One store transaction replaces each source whose file changed; a source
//     whose rows all stay current adds nothing. When no row is added or retired
//     the transaction is rolled back and no load is recorded.
//
// Files are streamed twice (validate, then write) rather than held in memory;
// a file that changes between the two passes aborts the import.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/error.h"
#include "lap/formats/exchange.h"
#include "lap/geo/registry.h"
#include "lap/link/pseudonym.h"
#include "lap/store/load_store.h"

namespace lap::ingest {

struct ImportProgress {
  std::string_view phase;  // "validating", "writing", "indexing" or "committing"
  std::string_view file;   // the file being read
  int64_t rows = 0;        // rows read in this phase so far, all files
  int64_t bytes = 0;       // bytes read in this phase so far, all files (0 when not reading)
};
using ProgressFn = std::function<void(const ImportProgress&)>;

struct ImportOptions {
  size_t max_errors = formats::kDefaultMaxProblems;
  Date today;           // for the INSZ rules and running entitlements
  ProgressFn progress;  // optional; called every few thousand rows
};

struct FileReport {
  std::string file;  // file name within the delivery
  formats::Source source = formats::Source::kRmiEntitlements;
  int64_t rows_read = 0;
  int64_t added = 0;
  int64_t retired = 0;
  int64_t unchanged = 0;
  bool identical = false;  // the same bytes as the current state: not read again
};

struct ImportReport {
  std::vector<FileReport> files;           // in source order
  std::optional<int64_t> load_id;          // the new load; nullopt when refused or nothing changed
  int64_t current_load = 0;                // the load the data is at afterwards (0: none)
  std::vector<formats::Problem> problems;  // the first `max_errors`
  int64_t problem_count = 0;               // all of them

  bool refused() const { return problem_count > 0; }
  bool nothing_changed() const { return !refused() && !load_id; }
};

// Imports the delivery in `dir` into `store` (migrating its schema first).
// Refusal because of problems in the files is a successful result with
// `refused()`; errors are: `dir` missing or holding no imported file
// (kInvalidArgument), unreadable files or a failing database (kIo), a database
// of a newer version or built with another key (kFailedPrecondition).
Result<ImportReport> import_delivery(const std::string& dir, store::LoadStore& store,
                                     const geo::Registry& registry,
                                     const link::Pseudonymiser& pseudonymiser,
                                     const ImportOptions& options);

// Hex SHA-256 of a file's bytes.
Result<std::string> file_sha256(const std::string& path);
// Hex SHA-256 of `bytes` (the same as `file_sha256` of a file holding them).
Result<std::string> bytes_sha256(std::string_view bytes);

}  // namespace lap::ingest
