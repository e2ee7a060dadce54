// The schema migrations compiled into this binary, from
// `src/lap/store/migrations/NNNN_name.sql` (SQLite) and
// `src/lap/store/migrations/postgresql/NNNN_name.sql` (the same versions in
// PostgreSQL's dialect): NNNN = version, applied in order, each once. A
// migration is never edited after it has shipped; a change to the schema is a
// new file in both directories.
#pragma once

#include <string>
#include <vector>

#include "lap/store/sql/dialect.h"

namespace lap::store {

struct Migration {
  int version = 0;
  std::string name;
  std::string sql;
};

// Ordered by version.
const std::vector<Migration>& builtin_migrations(sql::Dialect dialect);

}  // namespace lap::store
