// Watches the database for /healthz and /readyz: a thread of its own with its
// own connection asks for the schema version every `interval`, reconnecting
// (after a pause that grows up to `max_backoff`) when the connection or the
// server is gone. A connection lost while the server still answers (a killed
// backend) is replaced within the same check, so it does not show as an
// outage. The health routes read the last answer and never wait for
// the database themselves, so they stay fast under any load.
//
// When the database stops answering, the pool's idle connections are thrown
// away: after a restart they are all dead.
//
// It needs only a connection's health (store/health.h), so a fake that can
// fail stands in for the database in its test.
//
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "lap/core/error.h"
#include "lap/server/store_pool.h"
#include "lap/store/health.h"

namespace lap::server {

class DatabaseMonitor {
 public:
  using Clock = std::chrono::steady_clock;
  // Opens the monitor's own connection (a `store::Store` will do).
  using Opener = std::function<Result<std::unique_ptr<store::StoreHealth>>()>;

  // `pool` may be null. The first check runs before the constructor returns.
  DatabaseMonitor(Opener opener, StorePool* pool,
                  std::chrono::milliseconds interval = std::chrono::seconds(1),
                  std::chrono::milliseconds max_backoff = std::chrono::seconds(5));
  ~DatabaseMonitor();
  DatabaseMonitor(const DatabaseMonitor&) = delete;
  DatabaseMonitor& operator=(const DatabaseMonitor&) = delete;

  // The schema version of the last check, or the error that check met (kIo).
  // A check older than three intervals counts as failed (a hung database).
  Result<int> schema_version() const;

 private:
  // One question on the monitor's connection, opened first when needed; the
  // connection is dropped when the question fails.
  Result<int> ask();
  void check();
  void loop();

  Opener opener_;
  StorePool* pool_;
  std::chrono::milliseconds interval_;
  std::chrono::milliseconds max_backoff_;
  std::chrono::milliseconds backoff_{0};
  std::unique_ptr<store::StoreHealth> store_;  // the monitor thread's only

  mutable std::mutex mutex_;
  std::condition_variable stop_;
  bool stopping_ = false;
  Result<int> last_ = make_error(ErrorCode::kIo, "database: not checked yet");
  Clock::time_point checked_at_{};
  std::thread thread_;
};

}  // namespace lap::server
