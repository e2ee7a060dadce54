#include "lap/server/auth/sessions.h"

#include <fmt/format.h>

#include "lap/server/auth/password.h"

namespace lap::server::auth {

int64_t system_clock_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Authenticator::Authenticator(StorePool& pool, SessionSettings settings, Clock clock)
    : pool_(pool),
      settings_(settings),
      clock_(std::move(clock)),
      throttle_(settings.throttle),
      dummy_hash_(std::async(std::launch::async, [] {
                    return hash_password("not a password of anyone").value_or("");
                  }).share()) {}

Result<LoginOutcome> Authenticator::login(const std::string& username, std::string_view password,
                                          const std::string& remote_address) {
  const int64_t now = clock_();
  LoginOutcome out;
  if (int64_t wait = throttle_.retry_after(username, remote_address, now); wait > 0) {
    out.kind = LoginOutcome::Kind::kThrottled;
    out.retry_after_seconds = wait;
    return out;
  }
  std::optional<store::UserRecord> user;
  {
    auto store = pool_.lease();
    if (!store) return std::unexpected(store.error());
    auto found = (*store)->auth().user_by_name(username);
    if (!found) return std::unexpected(found.error());
    user = std::move(*found);
  }
  const bool ok = verify_password(user ? user->password_hash : dummy_hash_.get(), password) &&
                  user && !user->disabled && parse_role(user->role).has_value();
  if (!ok) {
    throttle_.failed(username, remote_address, now);
    return out;
  }
  throttle_.succeeded(username, remote_address);
  return open_session(*user);
}

Result<LoginOutcome> Authenticator::open_session(const store::UserRecord& user) {
  auto role = parse_role(user.role);
  if (!role) return make_error(ErrorCode::kInternal, "a stored user has an unknown role");
  const int64_t now = clock_();
  LoginOutcome out;
  out.kind = LoginOutcome::Kind::kSignedIn;
  out.token = random_token();
  Principal& p = out.principal;
  p.user_id = user.id;
  p.username = user.username;
  p.role = *role;
  if (user.municipality) p.municipality = user.municipality->code();
  p.person_ref = user.person_ref;
  p.session_sha256 = sha256_hex(out.token);
  p.csrf_token = random_token();
  auto store = pool_.lease();
  if (!store) return std::unexpected(store.error());
  auto& auth = (*store)->auth();
  // Expired sessions are cleaned up as new ones open.
  if (auto gone = auth.delete_expired_sessions(now - settings_.idle_timeout_seconds,
                                               now - settings_.absolute_timeout_seconds);
      !gone) {
    return std::unexpected(gone.error());
  }
  if (auto made = auth.create_session({p.session_sha256, user.id, p.csrf_token, now, now}); !made) {
    return std::unexpected(made.error());
  }
  return out;
}

Result<std::optional<Principal>> Authenticator::resolve(std::string_view token) {
  if (token.empty() || token.size() > 128) return std::optional<Principal>();
  const int64_t now = clock_();
  const std::string digest = sha256_hex(token);
  if (settings_.cache_seconds > 0) {
    std::lock_guard lock(cache_mutex_);
    if (auto it = cache_.find(digest); it != cache_.end()) {
      const Cached& c = it->second;
      if (now - c.checked < settings_.cache_seconds &&
          now - c.last_seen <= settings_.idle_timeout_seconds &&
          now - c.created <= settings_.absolute_timeout_seconds) {
        return std::optional<Principal>(c.principal);
      }
      cache_.erase(it);
    }
  }
  auto store = pool_.lease();
  if (!store) return std::unexpected(store.error());
  auto& auth = (*store)->auth();
  auto session = auth.session(digest);
  if (!session) return std::unexpected(session.error());
  if (!*session) return std::optional<Principal>();
  const store::SessionRecord& s = **session;
  if (now - s.last_seen_unix > settings_.idle_timeout_seconds ||
      now - s.created_unix > settings_.absolute_timeout_seconds) {
    if (auto gone = auth.delete_session(digest); !gone) return std::unexpected(gone.error());
    return std::optional<Principal>();
  }
  auto user = auth.user(s.user_id);
  if (!user) return std::unexpected(user.error());
  if (!*user || (*user)->disabled) return std::optional<Principal>();
  auto role = parse_role((*user)->role);
  if (!role) return std::optional<Principal>();
  int64_t last_seen = s.last_seen_unix;
  if (now - s.last_seen_unix >= settings_.touch_interval_seconds) {
    if (auto t = auth.touch_session(digest, now); !t) return std::unexpected(t.error());
    last_seen = now;
  }
  Principal p;
  p.user_id = (*user)->id;
  p.username = (*user)->username;
  p.role = *role;
  if ((*user)->municipality) p.municipality = (*user)->municipality->code();
  p.person_ref = (*user)->person_ref;
  p.session_sha256 = digest;
  p.csrf_token = s.csrf_token;
  if (settings_.cache_seconds > 0) {
    std::lock_guard lock(cache_mutex_);
    if (cache_.size() > 100000) cache_.clear();  // bounded; entries are cheap to rebuild
    cache_[digest] = Cached{p, now, last_seen, s.created_unix};
  }
  return std::optional<Principal>(std::move(p));
}

Status Authenticator::logout(const Principal& principal) {
  {
    std::lock_guard lock(cache_mutex_);
    cache_.erase(principal.session_sha256);
  }
  auto store = pool_.lease();
  if (!store) return std::unexpected(store.error());
  return (*store)->auth().delete_session(principal.session_sha256);
}

std::string session_cookie(std::string_view token, int64_t max_age_seconds) {
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; Secure; SameSite=Strict", kSessionCookie,
                     token, max_age_seconds);
}

std::string expired_session_cookie() {
  return fmt::format("{}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict", kSessionCookie);
}

std::optional<std::string_view> cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const size_t semi = header.find(';');
    std::string_view part = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    while (!part.empty() && part.front() == ' ')
      part.remove_prefix(1);
    const size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) return part.substr(eq + 1);
  }
  return std::nullopt;
}

}  // namespace lap::server::auth
