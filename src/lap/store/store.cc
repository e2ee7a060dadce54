#include "lap/store/store.h"

#include <fmt/format.h>

#include "lap/store/sqlite/sqlite_store.h"

namespace lap::store {

Result<std::unique_ptr<Store>> open_store(std::string_view url, OpenMode mode) {
  std::string_view path = url;
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
    return make_error(ErrorCode::kInvalidArgument,
                      "PostgreSQL databases are not supported yet; use an SQLite file");
  }
  if (url.starts_with("sqlite://")) {
    path.remove_prefix(9);
  } else if (url.starts_with("sqlite:")) {
    path.remove_prefix(7);
  }
  if (path.empty()) return make_error(ErrorCode::kInvalidArgument, "empty database path");
  auto store = sqlite::SqliteStore::open(std::string(path), mode);
  if (!store) return std::unexpected(store.error());
  return std::unique_ptr<Store>(std::move(*store));
}

}  // namespace lap::store
