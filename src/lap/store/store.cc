#include "lap/store/store.h"

#include <fmt/format.h>

#include "lap/store/sql/sql_store.h"

namespace lap::store {

bool is_postgresql_url(std::string_view url) {
  return url.starts_with("postgres://") || url.starts_with("postgresql://");
}

Result<std::unique_ptr<Store>> open_store(std::string_view url, OpenMode mode) {
  std::string_view path = url;
  if (is_postgresql_url(url)) {
    auto store = sql::SqlStore::open_postgresql(std::string(url), mode);
    if (!store) return std::unexpected(store.error());
    return std::unique_ptr<Store>(std::move(*store));
  }
  if (url.starts_with("sqlite://")) {
    path.remove_prefix(9);
  } else if (url.starts_with("sqlite:")) {
    path.remove_prefix(7);
  }
  if (path.empty()) return make_error(ErrorCode::kInvalidArgument, "empty database path");
  auto store = sql::SqlStore::open(std::string(path), mode);
  if (!store) return std::unexpected(store.error());
  return std::unique_ptr<Store>(std::move(*store));
}

}  // namespace lap::store
