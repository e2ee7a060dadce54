// The PostgreSQL import transaction (store.h, `ImportTransaction`).
//
// One transaction per import, serialised across servers by an advisory lock.
// As in SQLite, the current rows' hashes of a source are read into memory and
// each row of the new file is looked up there; the new rows go by COPY into a
// temporary staging table (facts, identity and pseudonym columns side by
// side), and at the end of the source three set-based INSERTs move them into
// the fact, identity and person tables and one UPDATE retires the rows the
// file no longer holds. Readers keep seeing the previous load until COMMIT.
#pragma once

#include <cstdint>
#include <memory>

#include "lap/store/sql/database.h"
#include "lap/store/store.h"

namespace lap::store::sql {

// Starts an import on `db` (BEGIN, the advisory lock `lock`, key check,
// data_load row). `open_flag` is the store's "an import is open" flag: set by
// the caller, cleared when the transaction is destroyed.
Result<std::unique_ptr<ImportTransaction>> begin_postgresql_import(Database& db, bool& open_flag,
                                                                   const LoadInfo& info,
                                                                   int64_t lock);

}  // namespace lap::store::sql
