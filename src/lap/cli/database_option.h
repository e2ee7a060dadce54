// Shared by the subcommands that use the database: the `--db` default, the
// pseudonym key file beside the database, the operating-system user, today's
// date and number formatting for reports.
#pragma once

#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <string>
#include <string_view>

#include "lap/core/date.h"
#include "lap/core/number_format.h"
#include "lap/core/settings.h"
#include "lap/store/store.h"

namespace lap::cli {

// `$LAP_DB`, else `lap.sqlite` in the current directory.
inline std::string default_database() {
  const char* env = std::getenv("LAP_DB");
  return env != nullptr && *env != '\0' ? std::string(env) : std::string("lap.sqlite");
}

// The pseudonym key file of a database: `$LAP_PSEUDONYM_KEY_FILE`, else for
// SQLite `<path>.key` beside it. A PostgreSQL database has no file beside it:
// without LAP_PSEUDONYM_KEY_FILE the result is empty, which the key functions
// (lap/link/pseudonym.h) refuse with a message naming both variables.
inline std::string key_file_for(std::string_view database) {
  if (const char* env = std::getenv("LAP_PSEUDONYM_KEY_FILE"); env != nullptr && *env != '\0') {
    return env;
  }
  if (store::is_postgresql_url(database)) return {};
  return store::sqlite_path(database) + ".key";
}

// The operating-system user running `lap` (recorded as the actor of changes
// and reads).
inline std::string os_user() {
  if (const passwd* pw = getpwuid(geteuid()); pw != nullptr) return pw->pw_name;
  return "uid " + std::to_string(geteuid());
}

// Today in local time.
inline Date today_local() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  localtime_r(&t, &tm);
  return *Date::from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

// The settings an administrator stored in the database (lap/core/settings.h).
inline Result<Settings> stored_settings(store::Store& store) {
  auto stored = store.stored_settings();
  if (!stored) return std::unexpected(stored.error());
  return settings_from(*stored);
}
// The same by URL; the defaults when the database does not exist (yet).
inline Result<Settings> stored_settings(std::string_view database) {
  auto store = store::open_store(database, store::OpenMode::kMustExist);
  if (!store && store.error().code == ErrorCode::kNotFound) return Settings{};
  if (!store) return std::unexpected(store.error());
  if (auto migrated = (*store)->migrate(); !migrated) return std::unexpected(migrated.error());
  return stored_settings(**store);
}

// 1234567 -> "1.234.567": the Belgian notation of amounts (`€ 1.234,56`) for counts.
inline std::string grouped(int64_t n) {
  return grouped_nl(n);
}

}  // namespace lap::cli
