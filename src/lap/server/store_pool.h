// Database connections for the server's threads. A `Store` is used by one
// thread at a time (store.h), so a request leases one for its duration.
//
// Connections are opened on demand up to `size`. A lease waits for a free one
// at most `wait_timeout`, then fails with kIo (the API answers 503 with
// Retry-After). Connections are checked before reuse when they were idle
// longer than `check_after` (a ping), and thrown away when they are lost: after
// a database restart or a killed backend the next requests get new ones.
// When opening fails, further attempts wait an exponentially growing pause
// (`min_backoff` .. `max_backoff`); leases during the pause fail at once
// instead of piling up on an unreachable server.
//
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "lap/core/error.h"
#include "lap/store/store.h"

namespace lap::server {

struct StorePoolOptions {
  int size = 4;
  std::chrono::milliseconds wait_timeout{std::chrono::seconds(5)};
  std::chrono::milliseconds check_after{std::chrono::seconds(1)};
  std::chrono::milliseconds min_backoff{100};
  std::chrono::milliseconds max_backoff{std::chrono::seconds(5)};
};

struct StorePoolStats {
  int open = 0;            // connections open (idle or leased)
  int idle = 0;            // of which idle
  uint64_t opened = 0;     // connections opened so far
  uint64_t discarded = 0;  // thrown away as lost or failing their check
  uint64_t open_failures = 0;
  uint64_t wait_timeouts = 0;
};

class StorePool {
 public:
  using Clock = std::chrono::steady_clock;
  using Opener = std::function<Result<std::unique_ptr<store::Store>>()>;

  StorePool(Opener opener, StorePoolOptions options);
  StorePool(Opener opener, int size);
  StorePool(const StorePool&) = delete;
  StorePool& operator=(const StorePool&) = delete;

  class Lease {
   public:
    Lease(StorePool* pool, std::unique_ptr<store::Store> store)
        : pool_(pool), store_(std::move(store)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    store::Store& operator*() const { return *store_; }
    store::Store* operator->() const { return store_.get(); }

   private:
    StorePool* pool_;
    std::unique_ptr<store::Store> store_;
  };

  // A connection for this thread until the lease ends; kIo when none became
  // free in time, or a new one cannot be opened (now or during the pause after
  // a failure).
  Result<Lease> lease();

  // Throws the idle connections away (they are checked anyway, this saves
  // the checks after the database is known to have restarted).
  void discard_idle();

  StorePoolStats stats() const;
  // lap_db_connections{state="idle"|"leased"}, lap_db_connections_opened_total,
  // lap_db_connections_discarded_total, lap_db_connect_failures_total,
  // lap_db_pool_wait_timeouts_total.
  std::string render_metrics() const;

 private:
  struct Idle {
    std::unique_ptr<store::Store> store;
    Clock::time_point since;
  };
  void give_back(std::unique_ptr<store::Store> store);
  // An idle connection that answers, or null when none is left.
  std::unique_ptr<store::Store> take_idle(std::unique_lock<std::mutex>& lock);
  Result<std::unique_ptr<store::Store>> open_new(std::unique_lock<std::mutex>& lock);

  Opener opener_;
  StorePoolOptions options_;
  int open_ = 0;
  std::vector<Idle> idle_;
  std::chrono::milliseconds backoff_{0};
  Clock::time_point next_attempt_{};
  StorePoolStats counts_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
};

}  // namespace lap::server
