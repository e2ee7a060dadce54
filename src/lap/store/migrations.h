// The schema migrations compiled into this binary, from
// `src/lap/store/migrations/NNNN_name.sql` (NNNN = version, applied in order,
// each once). A migration is never edited after it has shipped; a change to
// the schema is a new file.
#pragma once

#include <string>
#include <vector>

namespace lap::store {

struct Migration {
  int version = 0;
  std::string name;
  std::string sql;
};

// Ordered by version.
const std::vector<Migration>& builtin_migrations();

}  // namespace lap::store
