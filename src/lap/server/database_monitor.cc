#include "lap/server/database_monitor.h"

#include <algorithm>

namespace lap::server {

DatabaseMonitor::DatabaseMonitor(Opener opener, StorePool* pool, std::chrono::milliseconds interval,
                                 std::chrono::milliseconds max_backoff)
    : opener_(std::move(opener)), pool_(pool), interval_(interval), max_backoff_(max_backoff) {
  check();
  thread_ = std::thread([this] { loop(); });
}

DatabaseMonitor::~DatabaseMonitor() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_all();
  thread_.join();
}

Result<int> DatabaseMonitor::schema_version() const {
  std::lock_guard lock(mutex_);
  if (last_ && Clock::now() - checked_at_ > 3 * interval_ + std::chrono::seconds(1)) {
    return make_error(ErrorCode::kIo, "database: the last check has not finished");
  }
  return last_;
}

Result<int> DatabaseMonitor::ask() {
  if (!store_) {
    auto opened = opener_();
    if (!opened) return std::unexpected(opened.error());
    store_ = std::move(*opened);
  }
  auto answer = store_->schema_version();
  if (!answer || store_->connection_lost()) store_.reset();
  return answer;
}

void DatabaseMonitor::check() {
  const bool had_connection = store_ != nullptr;
  Result<int> answer = ask();
  // A connection that was lost while the server kept running (a killed
  // backend, an idle time-out) is no outage: ask once more on a new one.
  if (!answer && had_connection) answer = ask();
  bool was_up = false;
  {
    std::lock_guard lock(mutex_);
    was_up = last_.has_value();
    last_ = answer;
    checked_at_ = Clock::now();
  }
  if (answer) {
    backoff_ = std::chrono::milliseconds(0);
  } else {
    backoff_ = std::clamp(backoff_ * 2, interval_, max_backoff_);
    if (was_up && pool_ != nullptr) pool_->discard_idle();
  }
}

void DatabaseMonitor::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    auto pause = backoff_.count() > 0 ? backoff_ : interval_;
    if (stop_.wait_for(lock, pause, [this] { return stopping_; })) return;
    lock.unlock();
    check();
    lock.lock();
  }
}

}  // namespace lap::server
