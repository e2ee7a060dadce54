// SqlStore: accounts and server-side sessions (migration 0005_auth.sql).
#include <fmt/format.h>

#include "lap/store/sql/internal.h"
#include "lap/store/sql/sql_store.h"

namespace lap::store::sql {
namespace {

constexpr std::string_view kUserColumns =
    "user_id, username, role, municipality, password_hash, disabled, created_at, created_by, "
    "person_ref, email";

UserRecord read_user(const Statement& st) {
  UserRecord u;
  u.id = st.int64(0);
  u.username = st.text(1);
  u.role = st.text(2);
  if (!st.is_null(3)) {
    if (auto nis = Nis::from_int(static_cast<int>(st.int64(3)))) u.municipality = *nis;
  }
  u.password_hash = st.text(4);
  u.disabled = st.int64(5) != 0;
  u.created_at = st.text(6);
  u.created_by = st.text(7);
  if (!st.is_null(8)) u.person_ref = st.text(8);
  if (!st.is_null(9)) u.email = st.text(9);
  return u;
}

}  // namespace

Result<int64_t> SqlStore::create_user(const UserRecord& user) {
  return in_transaction([&]() -> Result<int64_t> { return insert_user(user); });
}

Result<int64_t> SqlStore::insert_user(const UserRecord& user) {
  LAP_TRY(exists, db_.prepare("SELECT 1 FROM app_user WHERE username = ?1"));
  exists.bind(1, user.username);
  LAP_TRY(found, exists.step());
  if (found) {
    return make_error(ErrorCode::kAlreadyExists,
                      fmt::format("a user '{}' exists already", user.username));
  }
  LAP_TRY(put, db_.prepare("INSERT INTO app_user (username, role, municipality, password_hash, "
                           "disabled, created_at, created_by, person_ref, email) VALUES (?1, ?2, "
                           "?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING user_id"));
  std::optional<int64_t> nis;
  if (user.municipality) nis = int64_t{user.municipality->code()};
  put.bind(1, user.username)
      .bind(2, user.role)
      .bind(3, nis)
      .bind(4, user.password_hash)
      .bind(5, int64_t{user.disabled ? 1 : 0})
      .bind(6, now_utc())
      .bind(7, user.created_by)
      .bind(8, user.person_ref)
      .bind(9, user.email);
  return returned_id(put);
}

Result<std::optional<UserRecord>> SqlStore::user_by_name(std::string_view username) {
  LAP_TRY(st,
          db_.prepare(fmt::format("SELECT {} FROM app_user WHERE username = ?1", kUserColumns)));
  st.bind(1, username);
  LAP_TRY(row, st.step());
  if (!row) return std::optional<UserRecord>();
  return std::optional<UserRecord>(read_user(st));
}

Result<std::optional<UserRecord>> SqlStore::user(int64_t id) {
  LAP_TRY(st, db_.prepare(fmt::format("SELECT {} FROM app_user WHERE user_id = ?1", kUserColumns)));
  st.bind(1, id);
  LAP_TRY(row, st.step());
  if (!row) return std::optional<UserRecord>();
  return std::optional<UserRecord>(read_user(st));
}

Result<std::vector<UserRecord>> SqlStore::users() {
  LAP_TRY(st, db_.prepare(fmt::format("SELECT {} FROM app_user ORDER BY username", kUserColumns)));
  std::vector<UserRecord> out;
  for (;;) {
    LAP_TRY(row, st.step());
    if (!row) break;
    out.push_back(read_user(st));
  }
  return out;
}

Status SqlStore::set_password(std::string_view username, std::string_view password_hash) {
  return in_transaction([&]() -> Status {
    LAP_TRY(st, db_.prepare("UPDATE app_user SET password_hash = ?2 WHERE username = ?1"));
    LAP_TRY_STATUS(st.bind(1, username).bind(2, password_hash).run());
    if (db_.changes() == 0) {
      return make_error(ErrorCode::kNotFound, fmt::format("no user '{}'", username));
    }
    LAP_TRY(end, db_.prepare("DELETE FROM user_session WHERE user_id = (SELECT user_id FROM "
                             "app_user WHERE username = ?1)"));
    return end.bind(1, username).run();
  });
}

Status SqlStore::set_disabled(std::string_view username, bool disabled) {
  return in_transaction([&]() -> Status {
    LAP_TRY(st, db_.prepare("UPDATE app_user SET disabled = ?2 WHERE username = ?1"));
    LAP_TRY_STATUS(st.bind(1, username).bind(2, int64_t{disabled ? 1 : 0}).run());
    if (db_.changes() == 0) {
      return make_error(ErrorCode::kNotFound, fmt::format("no user '{}'", username));
    }
    if (!disabled) return {};
    LAP_TRY(end, db_.prepare("DELETE FROM user_session WHERE user_id = (SELECT user_id FROM "
                             "app_user WHERE username = ?1)"));
    return end.bind(1, username).run();
  });
}

Status SqlStore::create_session(const SessionRecord& s) {
  LAP_TRY(st, db_.prepare("INSERT INTO user_session (token_sha256, user_id, csrf_token, "
                          "created_at, created_unix, last_seen_unix) VALUES (?1, ?2, ?3, ?4, ?5, "
                          "?6)"));
  return st.bind(1, s.token_sha256)
      .bind(2, s.user_id)
      .bind(3, s.csrf_token)
      .bind(4, now_utc())
      .bind(5, s.created_unix)
      .bind(6, s.last_seen_unix)
      .run();
}

Result<std::optional<SessionRecord>> SqlStore::session(std::string_view token_sha256) {
  LAP_TRY(st, db_.prepare("SELECT token_sha256, user_id, csrf_token, created_unix, last_seen_unix "
                          "FROM user_session WHERE token_sha256 = ?1"));
  st.bind(1, token_sha256);
  LAP_TRY(row, st.step());
  if (!row) return std::optional<SessionRecord>();
  return std::optional<SessionRecord>(
      SessionRecord{st.text(0), st.int64(1), st.text(2), st.int64(3), st.int64(4)});
}

Status SqlStore::touch_session(std::string_view token_sha256, int64_t now_unix) {
  LAP_TRY(st, db_.prepare("UPDATE user_session SET last_seen_unix = ?2 WHERE token_sha256 = ?1"));
  return st.bind(1, token_sha256).bind(2, now_unix).run();
}

Status SqlStore::delete_session(std::string_view token_sha256) {
  LAP_TRY(st, db_.prepare("DELETE FROM user_session WHERE token_sha256 = ?1"));
  return st.bind(1, token_sha256).run();
}

Result<int64_t> SqlStore::delete_expired_sessions(int64_t idle_before, int64_t created_before) {
  LAP_TRY(st,
          db_.prepare("DELETE FROM user_session WHERE last_seen_unix < ?1 OR created_unix < ?2"));
  LAP_TRY_STATUS(st.bind(1, idle_before).bind(2, created_before).run());
  return db_.changes();
}

}  // namespace lap::store::sql
