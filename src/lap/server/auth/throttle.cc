#include "lap/server/auth/throttle.h"

#include <algorithm>

namespace lap::server::auth {

int64_t LoginThrottle::wait(Failures& f, int limit, int64_t now) const {
  while (!f.empty() && f.front() <= now - limits_.window_seconds)
    f.pop_front();
  if (static_cast<int>(f.size()) < limit) return 0;
  return f.front() + limits_.window_seconds - now;
}

int64_t LoginThrottle::retry_after(const std::string& username, const std::string& address,
                                   int64_t now) {
  std::lock_guard lock(mutex_);
  int64_t w = 0;
  if (auto it = by_username_.find(username); it != by_username_.end())
    w = std::max(w, wait(it->second, limits_.per_username, now));
  if (auto it = by_address_.find(address); it != by_address_.end())
    w = std::max(w, wait(it->second, limits_.per_address, now));
  return w;
}

void LoginThrottle::failed(const std::string& username, const std::string& address, int64_t now) {
  std::lock_guard lock(mutex_);
  prune(now);
  by_username_[username].push_back(now);
  by_address_[address].push_back(now);
}

void LoginThrottle::succeeded(const std::string& username) {
  std::lock_guard lock(mutex_);
  by_username_.erase(username);
}

void LoginThrottle::prune(int64_t now) {
  // Keeps memory bounded under a spray of usernames: forget whole entries
  // whose failures all left the window.
  constexpr std::size_t kPruneAbove = 10000;
  for (auto* map : {&by_username_, &by_address_}) {
    if (map->size() < kPruneAbove) continue;
    std::erase_if(*map, [&](const auto& entry) {
      return entry.second.empty() || entry.second.back() <= now - limits_.window_seconds;
    });
  }
}

}  // namespace lap::server::auth
