// Login rate limiting: after too many failed logins for one username, or from
// one address, within a window, further attempts are refused until the oldest
// failure leaves the window. A successful login clears its username.
//
// In memory, per server process (several servers each count their own).
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace lap::server::auth {

struct ThrottleLimits {
  int per_username = 5;  // failures per window for one username
  int per_address = 20;  // failures per window from one address
  int64_t window_seconds = int64_t{15} * 60;
};

class LoginThrottle {
 public:
  explicit LoginThrottle(ThrottleLimits limits = {}) : limits_(limits) {}

  // Seconds until an attempt for `username` from `address` is allowed again;
  // 0 when it is allowed now.
  int64_t retry_after(const std::string& username, const std::string& address, int64_t now);
  void failed(const std::string& username, const std::string& address, int64_t now);
  void succeeded(const std::string& username);

 private:
  using Failures = std::deque<int64_t>;
  int64_t wait(Failures& f, int limit, int64_t now) const;
  void prune(int64_t now);

  ThrottleLimits limits_;
  std::mutex mutex_;
  std::unordered_map<std::string, Failures> by_username_;
  std::unordered_map<std::string, Failures> by_address_;
};

}  // namespace lap::server::auth
