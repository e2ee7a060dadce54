#include "lap/store/sql/database.h"

namespace lap::store::sql {

Status Statement::run() {
  for (;;) {
    auto r = step();
    if (!r) return std::unexpected(r.error());
    if (!*r) break;
  }
  reset();
  return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
  auto driver = driver_->prepare(sql);
  if (!driver) return std::unexpected(driver.error());
  return Statement(std::move(*driver));
}

Result<std::optional<int64_t>> Database::query_int(std::string_view sql) {
  auto st = prepare(sql);
  if (!st) return std::unexpected(st.error());
  auto row = st->step();
  if (!row) return std::unexpected(row.error());
  if (!*row || st->is_null(0)) return std::optional<int64_t>();
  std::optional<int64_t> value(st->int64(0));
  st->reset();
  return value;
}

}  // namespace lap::store::sql
