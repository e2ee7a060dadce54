// Loads: how imported facts are written, one data load at a time.
//
// A *data load* is one import that changed something. Every fact row records
// the load that added it (`first_load`) and the load that retired it
// (`retired_load`, unset while current), so the state after any load L — its
// *snapshot* — stays readable (fact_store.h reads it). Measurement tables hold
// only the pseudonym `person_ref`; INSZ, names, birth date and postcode live in
// separate identity tables (domain.md §2, §6).
//
// This is all an import needs (ingest/import.h): the schema brought up to
// date, old row hashes keyed, the loads so far, and one `ImportTransaction`.
// A store has at most one open `ImportTransaction`, which must be destroyed
// before the store.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/error.h"
#include "lap/formats/exchange.h"

namespace lap::store {

using formats::Source;

// One file of a delivery as recorded with its load.
struct FileInfo {
  std::string file;  // file name, e.g. `rmi_entitlements.csv`
  Source source = Source::kRmiEntitlements;
  std::string sha256;  // hex SHA-256 of the file's bytes
  int64_t rows = 0;    // data rows in the file
  int64_t added = 0;
  int64_t retired = 0;
  int64_t unchanged = 0;
};

// What an import tells the store up front.
struct LoadInfo {
  std::string source_dir;
  // `Pseudonymiser::key_fingerprint()`: the database remembers the first one and
  // refuses (kFailedPrecondition) an import with another key.
  std::string key_fingerprint;
  // Every imported file of the delivery (or set later: set_files). Counts of
  // the sources replaced in the transaction are filled in by it; others are
  // recorded as given.
  std::vector<FileInfo> files;
};

struct DataLoad {
  int64_t load_id = 0;
  std::string started_at;   // ISO 8601 UTC, e.g. 2026-01-31T12:00:00Z
  std::string finished_at;  // idem
  std::string source_dir;
  std::vector<FileInfo> files;
  int64_t rows_added = 0;
  int64_t rows_retired = 0;
};

struct SourceCounts {
  int64_t added = 0;
  int64_t retired = 0;
  int64_t unchanged = 0;
};

// The writes of one import, all in one database transaction. Destroying it
// without a successful `commit()` rolls everything back.
//
// To replace a source: `begin_source`, one `add` per row of the new file (each
// row once), `end_source`. Rows whose hash is already current stay untouched,
// others are added with first_load = this load, and current rows of the
// source that were not added again are retired by this load.
class ImportTransaction {
 public:
  virtual ~ImportTransaction() = default;

  // The id this load gets if it commits.
  virtual int64_t load_id() const = 0;

  virtual Status begin_source(Source source) = 0;
  virtual Status add(const formats::RmiEntitlementRow& row, const formats::RowHash& hash,
                     std::string_view person_ref) = 0;
  // `person_ref` is empty when the INSZ is missing or invalid.
  virtual Status add(const formats::VdabRegistrationRow& row, const formats::RowHash& hash,
                     std::string_view person_ref) = 0;
  virtual Status add(const formats::WorkSpanRow& row, const formats::RowHash& hash,
                     std::string_view person_ref) = 0;
  virtual Status add(const formats::ActivationMeasureRow& row, const formats::RowHash& hash,
                     std::string_view person_ref) = 0;
  virtual Status add(const formats::PodmiCountRow& row, const formats::RowHash& hash) = 0;
  virtual Status add(const formats::IdentifierChangeRow& row, const formats::RowHash& hash,
                     std::string_view old_person_ref, std::string_view new_person_ref) = 0;
  virtual Result<SourceCounts> end_source() = 0;

  // The files of the delivery as the load records them (LoadInfo::files), when
  // their row counts became known only while reading them.
  virtual void set_files(std::vector<FileInfo> files) = 0;

  // Records the load and commits. When no source added or retired a row the
  // transaction is rolled back instead, no load is recorded, and the result
  // is nullopt ("nothing changed").
  virtual Result<std::optional<int64_t>> commit() = 0;
};

class LoadStore {
 public:
  virtual ~LoadStore() = default;

  // Brings the schema to the version this binary knows, applying each missing
  // migration once, in its own transaction. kFailedPrecondition when the
  // database was made by a newer version. (Every area's tables; it is here
  // because an import is what creates a database.)
  virtual Status migrate() = 0;

  // Row hashes stored before they were keyed (marked by migration 7) are
  // rewritten as `keyed(stored)` in one transaction; returns how many rows
  // were rewritten (0 when there was nothing to do). kFailedPrecondition
  // when `key_fingerprint` is not the key the database was built with.
  using RowHashKeying = std::function<formats::RowHash(const formats::RowHash&)>;
  virtual Result<int64_t> key_row_hashes(const RowHashKeying& keyed,
                                         std::string_view key_fingerprint) = 0;

  // Starts an import. kFailedPrecondition when the key fingerprint differs
  // from the database's or another import transaction is open.
  virtual Result<std::unique_ptr<ImportTransaction>> begin_import(const LoadInfo& info) = 0;

  // All loads, oldest first.
  virtual Result<std::vector<DataLoad>> loads() = 0;
  // The latest load id, 0 when there is none.
  virtual Result<int64_t> current_load() = 0;
};

}  // namespace lap::store
