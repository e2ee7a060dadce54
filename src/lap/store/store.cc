#include "lap/store/store.h"

#include <fmt/format.h>

#include "lap/store/sql/sql_store.h"

namespace lap::store {

bool is_postgresql_url(std::string_view url) {
  return url.starts_with("postgres://") || url.starts_with("postgresql://");
}

std::string display_url(std::string_view url) {
  std::string out(url);
  if (!is_postgresql_url(url)) return out;
  const size_t authority = out.find("://") + 3;
  const size_t end = out.find_first_of("/?", authority);
  const size_t at = out.rfind('@', end == std::string::npos ? out.size() : end);
  if (at != std::string::npos && at > authority) {
    const size_t colon = out.find(':', authority);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    const size_t value = p + 9;
    const size_t stop = out.find('&', value);
    out.replace(value, (stop == std::string::npos ? out.size() : stop) - value, "***");
  }
  return out;
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
