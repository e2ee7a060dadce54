// The two SQL databases the store runs on.
#pragma once

namespace lap::store::sql {

enum class Dialect { kSqlite, kPostgresql };

}  // namespace lap::store::sql
