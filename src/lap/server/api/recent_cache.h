// A small cache of the values computed last (the transitions matrices and the
// profiles asked for), safe to share between threads: at most `capacity`
// entries, the least recently used dropped first.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <utility>

namespace lap::server::api {

template <typename Key, typename Value>
class RecentCache {
 public:
  explicit RecentCache(size_t capacity) : capacity_(capacity) {}

  // The value of `key`, or null.
  std::shared_ptr<const Value> find(const Key& key) {
    std::lock_guard lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->first != key) continue;
      entries_.splice(entries_.begin(), entries_, it);
      return entries_.front().second;
    }
    return nullptr;
  }

  void put(const Key& key, std::shared_ptr<const Value> value) {
    std::lock_guard lock(mutex_);
    entries_.emplace_front(key, std::move(value));
    if (entries_.size() > capacity_) entries_.pop_back();
  }

 private:
  size_t capacity_;
  std::mutex mutex_;
  std::list<std::pair<Key, std::shared_ptr<const Value>>> entries_;
};

}  // namespace lap::server::api
