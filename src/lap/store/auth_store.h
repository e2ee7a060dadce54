// Accounts and sessions of the web application (migration 0005_auth.sql).
// Passwords are stored only as argon2id hashes and sessions only by the
// SHA-256 of their token; changing a password or disabling an account ends
// the account's sessions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/error.h"
#include "lap/core/nis.h"

namespace lap::store {

// A local account. `role` is one of the role names of domain.md §6 as spelled in
// lap/server/auth/roles.h; `municipality` scopes OCMW and local-government users.
struct UserRecord {
  int64_t id = 0;  // set by the store
  std::string username;
  std::string role;
  std::optional<Nis> municipality;
  std::string password_hash;  // argon2id, libsodium's encoded form
  bool disabled = false;
  std::string created_at;
  std::string created_by;
  std::optional<std::string> person_ref;  // a citizen: whose record the account reads
  std::optional<std::string> email;       // where notifications are mailed
};

// A server-side session, found by the SHA-256 of its token.
struct SessionRecord {
  std::string token_sha256;
  int64_t user_id = 0;
  std::string csrf_token;
  int64_t created_unix = 0;
  int64_t last_seen_unix = 0;
};

class AuthStore {
 public:
  virtual ~AuthStore() = default;
  // kAlreadyExists for a taken username.
  virtual Result<int64_t> create_user(const UserRecord& user) = 0;
  virtual Result<std::optional<UserRecord>> user_by_name(std::string_view username) = 0;
  virtual Result<std::optional<UserRecord>> user(int64_t id) = 0;
  virtual Result<std::vector<UserRecord>> users() = 0;
  // Replaces the hash; kNotFound for an unknown user. Ends the user's sessions.
  virtual Status set_password(std::string_view username, std::string_view password_hash) = 0;
  // Disables or enables; kNotFound for an unknown user. Disabling ends the
  // user's sessions.
  virtual Status set_disabled(std::string_view username, bool disabled) = 0;

  virtual Status create_session(const SessionRecord& session) = 0;
  virtual Result<std::optional<SessionRecord>> session(std::string_view token_sha256) = 0;
  virtual Status touch_session(std::string_view token_sha256, int64_t now_unix) = 0;
  virtual Status delete_session(std::string_view token_sha256) = 0;
  // Deletes the sessions last seen before `idle_before` or created before
  // `created_before`; returns how many.
  virtual Result<int64_t> delete_expired_sessions(int64_t idle_before, int64_t created_before) = 0;
};

}  // namespace lap::store
