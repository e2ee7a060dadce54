// Login rate limiting per (client address, username): after `free_failures`
// failed sign-ins of one username from one client address the next attempt
// waits `first_wait_seconds`, and each further failure doubles the wait (30 s,
// 1 min, 2 min, ... up to `max_wait_seconds`). A successful sign-in clears its (address, username),
// and failures are forgotten `forget_after_seconds` after the last one.
//
// Keyed by both, so that neither a spray of wrong passwords from one address
// (an office behind one NAT or reverse proxy) nor one attacker guessing at one
// username ever refuses another user's correct password. The client address is
// the one the trusted proxies report (server/client_address.h).
//
// In memory, per server process (several servers each count their own).
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace lap::server::auth {

struct ThrottleLimits {
  int free_failures = 5;
  int64_t first_wait_seconds = 30;
  int64_t max_wait_seconds = int64_t{15} * 60;
  int64_t forget_after_seconds = int64_t{60} * 60;
};

class LoginThrottle {
 public:
  explicit LoginThrottle(ThrottleLimits limits = {}) : limits_(limits) {}

  // Seconds until an attempt for `username` from `address` is allowed again;
  // 0 when it is allowed now.
  int64_t retry_after(std::string_view username, std::string_view address, int64_t now);
  void failed(std::string_view username, std::string_view address, int64_t now);
  void succeeded(std::string_view username, std::string_view address);

  // New limits, for the failures counted so far too (an administrator's change).
  void set_limits(const ThrottleLimits& limits);
  // Entries kept (for metrics and tests).
  std::size_t size();

 private:
  struct Failures {
    int count = 0;
    int64_t last = 0;
  };
  static std::string key(std::string_view username, std::string_view address);
  int64_t wait_after(const Failures& f) const;
  void prune(int64_t now);

  ThrottleLimits limits_;
  std::mutex mutex_;
  std::unordered_map<std::string, Failures> failures_;
};

}  // namespace lap::server::auth
