// The settings a running server acts on (lap/core/settings.h): read from the
// database at start, replaced when an administrator changes one, and passed
// to whoever listens (the login throttle). Thread-safe.
#pragma once

#include <functional>
#include <mutex>
#include <utility>
#include <vector>

#include "lap/core/settings.h"
#include "lap/server/auth/throttle.h"

namespace lap::server {

class LiveSettings {
 public:
  explicit LiveSettings(Settings initial = {}) : settings_(initial) {}

  Settings get() const {
    std::lock_guard lock(mutex_);
    return settings_;
  }
  // Replaces the settings and tells every listener, in the order they were added.
  void set(const Settings& next) {
    std::lock_guard lock(mutex_);
    settings_ = next;
    for (const auto& listener : listeners_)
      listener(next);
  }
  // `listener` is called on every change (under the lock: keep it short).
  void on_change(std::function<void(const Settings&)> listener) {
    std::lock_guard lock(mutex_);
    listeners_.push_back(std::move(listener));
  }

 private:
  mutable std::mutex mutex_;
  Settings settings_;
  std::vector<std::function<void(const Settings&)>> listeners_;
};

// The login throttle's limits of `s`.
inline auth::ThrottleLimits throttle_limits(const Settings& s) {
  return {.free_failures = s.login_free_failures,
          .first_wait_seconds = s.login_first_wait_seconds,
          .max_wait_seconds = s.login_max_wait_seconds};
}

}  // namespace lap::server
