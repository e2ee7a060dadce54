// The SQLite import transaction (store.h, `ImportTransaction`).
//
// One `BEGIN IMMEDIATE` transaction per import. To replace a source, the
// current rows' hashes are read into memory (sorted), every row of the new file
// is looked up there — unchanged rows cost no database work — and the rows
// never seen are retired at the end. The first rows ever of a source (and the
// first persons of a database) go into tables whose secondary indexes are
// dropped and rebuilt once, inside the same transaction.
#pragma once

#include <memory>

#include "lap/store/sql/database.h"
#include "lap/store/store.h"

namespace lap::store::sql {

// Starts an import on `db` (BEGIN IMMEDIATE, key check, data_load row).
// `open_flag` is the store's "an import is open" flag: set by the caller,
// cleared when the transaction is destroyed.
Result<std::unique_ptr<ImportTransaction>> begin_sqlite_import(Database& db, bool& open_flag,
                                                               const LoadInfo& info);

}  // namespace lap::store::sql
