#include "lap/server/auth/throttle.h"

#include <algorithm>

namespace lap::server::auth {

std::string LoginThrottle::key(std::string_view username, std::string_view address) {
  std::string k(address);
  k += '\x1f';  // cannot occur in an address
  k += username;
  return k;
}

int64_t LoginThrottle::wait_after(const Failures& f) const {
  const int doublings = f.count - limits_.free_failures;
  if (doublings < 0) return 0;
  // first_wait * 2^doublings, capped; the shift stays far from overflowing.
  if (doublings > 30) return limits_.max_wait_seconds;
  return std::min(limits_.first_wait_seconds << doublings, limits_.max_wait_seconds);
}

int64_t LoginThrottle::retry_after(std::string_view username, std::string_view address,
                                   int64_t now) {
  std::lock_guard lock(mutex_);
  auto it = failures_.find(key(username, address));
  if (it == failures_.end()) return 0;
  if (now - it->second.last >= limits_.forget_after_seconds) {
    failures_.erase(it);
    return 0;
  }
  return std::max<int64_t>(0, it->second.last + wait_after(it->second) - now);
}

void LoginThrottle::failed(std::string_view username, std::string_view address, int64_t now) {
  std::lock_guard lock(mutex_);
  prune(now);
  Failures& f = failures_[key(username, address)];
  if (f.count > 0 && now - f.last >= limits_.forget_after_seconds) f.count = 0;
  ++f.count;
  f.last = now;
}

void LoginThrottle::succeeded(std::string_view username, std::string_view address) {
  std::lock_guard lock(mutex_);
  failures_.erase(key(username, address));
}

void LoginThrottle::set_limits(const ThrottleLimits& limits) {
  std::lock_guard lock(mutex_);
  limits_ = limits;
}

std::size_t LoginThrottle::size() {
  std::lock_guard lock(mutex_);
  return failures_.size();
}

void LoginThrottle::prune(int64_t now) {
  // Keeps memory bounded under a spray of usernames or addresses: forget the
  // entries whose last failure is old enough.
  constexpr std::size_t kPruneAbove = 10000;
  if (failures_.size() < kPruneAbove) return;
  std::erase_if(failures_, [&](const auto& entry) {
    return now - entry.second.last >= limits_.forget_after_seconds;
  });
}

}  // namespace lap::server::auth
