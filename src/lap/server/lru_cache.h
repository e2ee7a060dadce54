// A cache of immutable values bounded by memory: least recently used values
// are dropped when the values' bytes exceed the budget (the value just used is
// always kept, even when alone over it). A value in use elsewhere (a
// shared_ptr) stays valid after it was dropped. One load per key at a time:
// a second caller of a key being loaded waits for that load.
//
// Series for /metrics (`render_metrics`, `name` as the label):
//   lap_cache_bytes{cache}, lap_cache_entries{cache}, lap_cache_budget_bytes{cache},
//   lap_cache_hits_total{cache}, lap_cache_misses_total{cache},
//   lap_cache_evictions_total{cache}
//
// Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <fmt/format.h>

#include "lap/core/error.h"

namespace lap::server {

template <typename Key, typename Value>
class LruCache {
 public:
  using Loader = std::function<Result<std::shared_ptr<const Value>>()>;
  using Sizer = std::function<std::size_t(const Value&)>;

  LruCache(std::string name, std::size_t budget_bytes, Sizer bytes_of)
      : name_(std::move(name)), budget_(budget_bytes), bytes_of_(std::move(bytes_of)) {}
  LruCache(const LruCache&) = delete;
  LruCache& operator=(const LruCache&) = delete;

  Result<std::shared_ptr<const Value>> get(const Key& key, const Loader& load) {
    std::shared_ptr<Entry> entry;
    {
      std::lock_guard lock(mutex_);
      auto& slot = entries_[key];
      if (!slot) {
        slot = std::make_shared<Entry>();
        slot->position = order_.insert(order_.end(), key);
      } else {
        order_.splice(order_.end(), order_, slot->position);
      }
      entry = slot;
    }
    std::lock_guard loading(entry->load_mutex);
    {
      std::lock_guard lock(mutex_);
      if (entry->value) {
        ++hits_;
        return entry->value;
      }
      ++misses_;
    }
    auto loaded = load();
    if (!loaded) return std::unexpected(loaded.error());
    std::lock_guard lock(mutex_);
    entry->value = *loaded;
    entry->bytes = bytes_of_(**loaded);
    if (entry->cached) {
      bytes_ += entry->bytes;
      evict_beyond_budget(key);
    }
    return entry->value;
  }

  std::size_t bytes() const {
    std::lock_guard lock(mutex_);
    return bytes_;
  }
  std::size_t entries() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }
  uint64_t evictions() const {
    std::lock_guard lock(mutex_);
    return evictions_;
  }

  std::string render_metrics() const {
    std::lock_guard lock(mutex_);
    std::string out;
    auto series = [&](std::string_view metric, std::string_view type, auto value) {
      out +=
          fmt::format("# TYPE {} {}\n{}{{cache=\"{}\"}} {}\n", metric, type, metric, name_, value);
    };
    series("lap_cache_bytes", "gauge", bytes_);
    series("lap_cache_budget_bytes", "gauge", budget_);
    series("lap_cache_entries", "gauge", entries_.size());
    series("lap_cache_hits_total", "counter", hits_);
    series("lap_cache_misses_total", "counter", misses_);
    series("lap_cache_evictions_total", "counter", evictions_);
    return out;
  }

 private:
  struct Entry {
    std::mutex load_mutex;
    std::shared_ptr<const Value> value;  // guarded by the cache's mutex
    std::size_t bytes = 0;
    bool cached = true;  // still in the map (false once evicted)
    typename std::list<Key>::iterator position;
  };

  // REQUIRES: mutex_ held.
  void evict_beyond_budget(const Key& keep) {
    for (auto it = order_.begin(); bytes_ > budget_ && it != order_.end();) {
      if (*it == keep) {
        ++it;
        continue;
      }
      auto found = entries_.find(*it);
      if (!found->second->value) {  // still loading: counted once it is done
        ++it;
        continue;
      }
      bytes_ -= found->second->bytes;
      found->second->cached = false;
      entries_.erase(found);
      it = order_.erase(it);
      ++evictions_;
    }
  }

  std::string name_;
  std::size_t budget_;
  Sizer bytes_of_;
  mutable std::mutex mutex_;
  std::map<Key, std::shared_ptr<Entry>> entries_;
  std::list<Key> order_;  // least recently used first
  std::size_t bytes_ = 0;
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
  uint64_t evictions_ = 0;
};

}  // namespace lap::server
