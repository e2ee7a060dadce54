#include "lap/store/store.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "lap/store/sql/sql_store.h"

namespace lap::store {

bool is_postgresql_url(std::string_view url) {
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) return true;
  // A libpq key=value string ("host=db dbname=lap user=lap_app"): a keyword of
  // letters and underscores, then '='. Never taken for a file name, which would
  // create an SQLite file whose name holds the password.
  std::size_t i = 0;
  while (i < url.size() && url[i] == ' ')
    ++i;
  const std::size_t start = i;
  while (i < url.size() && (std::islower(static_cast<unsigned char>(url[i])) != 0 || url[i] == '_'))
    ++i;
  while (i < url.size() && url[i] == ' ')
    ++i;
  return i > start && i < url.size() && url[i] == '=';
}

namespace {

// Where the password value starting at `value` ends: at '&' in a URI, after
// the closing quote of a quoted value, else at the next space (npos: the end).
size_t password_end(const std::string& text, size_t value, bool uri) {
  if (uri) return text.find('&', value);
  if (value >= text.size() || text[value] != '\'') return text.find(' ', value);
  size_t stop = value + 1;
  while (stop < text.size() && text[stop] != '\'')
    stop += text[stop] == '\\' ? 2 : 1;
  return std::min(stop + 1, text.size());
}

}  // namespace

std::string display_url(std::string_view url) {
  std::string out(url);
  if (!is_postgresql_url(url)) return out;
  const bool uri = out.find("://") != std::string::npos;
  if (uri) {  // postgresql://user:password@host/...
    const size_t authority = out.find("://") + 3;
    const size_t end = out.find_first_of("/?", authority);
    const size_t at = out.rfind('@', end == std::string::npos ? out.size() : end);
    if (at != std::string::npos && at > authority) {
      const size_t colon = out.find(':', authority);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  for (size_t p = out.find("password"); p != std::string::npos; p = out.find("password", p + 1)) {
    size_t value = p + 8;
    while (value < out.size() && out[value] == ' ')
      ++value;
    if (value >= out.size() || out[value] != '=') continue;
    ++value;
    while (value < out.size() && out[value] == ' ')
      ++value;
    const size_t stop = password_end(out, value, uri);
    out.replace(value, (stop == std::string::npos ? out.size() : stop) - value, "***");
  }
  return out;
}

std::string sqlite_path(std::string_view url) {
  if (is_postgresql_url(url)) return {};
  if (url.starts_with("sqlite://")) {
    url.remove_prefix(9);
  } else if (url.starts_with("sqlite:")) {
    url.remove_prefix(7);
  }
  return std::string(url);
}

Result<std::unique_ptr<Store>> open_store(std::string_view url, OpenMode mode) {
  if (is_postgresql_url(url)) {
    auto store = sql::SqlStore::open_postgresql(std::string(url), mode);
    if (!store) return std::unexpected(store.error());
    return std::unique_ptr<Store>(std::move(*store));
  }
  const std::string path = sqlite_path(url);
  if (path.empty()) return make_error(ErrorCode::kInvalidArgument, "empty database path");
  auto store = sql::SqlStore::open(path, mode);
  if (!store) return std::unexpected(store.error());
  return std::unique_ptr<Store>(std::move(*store));
}

}  // namespace lap::store
