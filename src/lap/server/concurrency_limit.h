// At most N requests of one client at a time: one user (or one address, before
// sign-in) cannot occupy every worker of the server. `try_acquire` either
// grants a permit, released when it is destroyed, or refuses at once.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace lap::server {

class ConcurrencyLimit {
 public:
  explicit ConcurrencyLimit(int per_key) : per_key_(per_key) {}
  ConcurrencyLimit(const ConcurrencyLimit&) = delete;
  ConcurrencyLimit& operator=(const ConcurrencyLimit&) = delete;

  class Permit {
   public:
    Permit(ConcurrencyLimit* limit, std::string key) : limit_(limit), key_(std::move(key)) {}
    Permit(Permit&& other) noexcept
        : limit_(std::exchange(other.limit_, nullptr)), key_(std::move(other.key_)) {}
    Permit& operator=(Permit&&) = delete;
    Permit(const Permit&) = delete;
    Permit& operator=(const Permit&) = delete;
    ~Permit() {
      if (limit_ != nullptr) limit_->release(key_);
    }

   private:
    ConcurrencyLimit* limit_;
    std::string key_;
  };

  // A permit for one more request of `key`; nullopt when `key` already has
  // the maximum in progress.
  std::optional<Permit> try_acquire(const std::string& key);

  int per_key() const { return per_key_; }
  // Requests refused so far.
  uint64_t refused() const;
  // Keys with requests in progress.
  std::size_t active_keys() const;

 private:
  void release(const std::string& key);

  int per_key_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, int> in_progress_;
  uint64_t refused_ = 0;
};

}  // namespace lap::server
