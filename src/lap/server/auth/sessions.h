// Sign-in and server-side sessions.
//
// `login` checks a local account (argon2id) and opens a session; `resolve`
// turns the session cookie of a request into the signed-in user; `logout`
// ends it. A session token is random (256 bits), given to the browser once in
// an HttpOnly + Secure + SameSite=Strict cookie and stored only as its SHA-256;
// its CSRF token is returned to the page and must come back in the
// `X-CSRF-Token` header of every state-changing request.
//
// Sessions end after `idle_timeout` without a request, after
// `absolute_timeout` in any case, at logout, and when the user's password
// changes or the account is disabled.
//
// The seam for OpenID Connect: `login` is only "verify local credentials, then
// `open_session(user)`". An OIDC sign-in verifies the provider's ID token
// instead, maps its subject to a `UserRecord` (role and municipality from the
// account, not from the token) and calls the same `open_session`; everything
// after it — cookie, CSRF, expiry, authorisation — stays as it is.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "lap/core/error.h"
#include "lap/server/auth/throttle.h"
#include "lap/server/router.h"
#include "lap/server/store_pool.h"

namespace lap::server::auth {

struct SessionSettings {
  int64_t idle_timeout_seconds = int64_t{30} * 60;
  int64_t absolute_timeout_seconds = int64_t{12} * 60 * 60;
  // `last_seen` is written at most this often per session.
  int64_t touch_interval_seconds = 60;
  // A resolved session is trusted for this long without reading the database
  // again (0: always read). A session ended by another process (another
  // server, `lap user disable`) stops working within this time; one ended
  // here (sign-out) at once.
  int64_t cache_seconds = 2;
  ThrottleLimits throttle;
};

// Seconds since the epoch; replaceable in tests.
using Clock = std::function<int64_t()>;
int64_t system_clock_seconds();

struct LoginOutcome {
  enum class Kind { kSignedIn, kRefused, kThrottled };
  Kind kind = Kind::kRefused;
  std::string token;  // the session token for the cookie (kSignedIn)
  Principal principal;
  int64_t retry_after_seconds = 0;  // kThrottled
};

class Authenticator {
 public:
  Authenticator(StorePool& pool, SessionSettings settings = {}, Clock clock = system_clock_seconds);

  // Wrong username, wrong password and a disabled account all give kRefused
  // (with the same work done, so timing does not tell which).
  Result<LoginOutcome> login(const std::string& username, std::string_view password,
                             const std::string& remote_address);
  // Opens a session for an already authenticated user.
  Result<LoginOutcome> open_session(const store::UserRecord& user);
  // The user of a session token; nullopt for an unknown, expired or disabled one.
  Result<std::optional<Principal>> resolve(std::string_view token);
  Status logout(const Principal& principal);

  const SessionSettings& settings() const { return settings_; }
  // New login throttle limits (an administrator's change; lap/core/settings.h).
  void set_throttle(const ThrottleLimits& limits) { throttle_.set_limits(limits); }

 private:
  StorePool& pool_;
  SessionSettings settings_;
  Clock clock_;
  LoginThrottle throttle_;
  // Verified against for unknown users; hashed on a thread of its own, so that
  // starting the server does not wait for it.
  std::shared_future<std::string> dummy_hash_;

  struct Cached {
    Principal principal;
    int64_t checked = 0;    // when the database was last read
    int64_t last_seen = 0;  // as stored
    int64_t created = 0;
  };
  std::mutex cache_mutex_;
  std::unordered_map<std::string, Cached> cache_;  // by token SHA-256
};

// The session cookie's name and its Set-Cookie values.
inline constexpr std::string_view kSessionCookie = "lap_session";
std::string session_cookie(std::string_view token, int64_t max_age_seconds);
std::string expired_session_cookie();
// The value of cookie `name` in a Cookie header.
std::optional<std::string_view> cookie_value(std::string_view header, std::string_view name);

}  // namespace lap::server::auth
