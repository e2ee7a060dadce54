#include "lap/server/concurrency_limit.h"

namespace lap::server {

std::optional<ConcurrencyLimit::Permit> ConcurrencyLimit::try_acquire(const std::string& key) {
  std::lock_guard lock(mutex_);
  int& n = in_progress_[key];
  if (n >= per_key_) {
    ++refused_;
    return std::nullopt;
  }
  ++n;
  return Permit(this, key);
}

void ConcurrencyLimit::release(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = in_progress_.find(key);
  if (it == in_progress_.end()) return;
  if (--it->second <= 0) in_progress_.erase(it);
}

uint64_t ConcurrencyLimit::refused() const {
  std::lock_guard lock(mutex_);
  return refused_;
}

std::size_t ConcurrencyLimit::active_keys() const {
  std::lock_guard lock(mutex_);
  return in_progress_.size();
}

}  // namespace lap::server
