#include "lap/server/store_pool.h"

#include <algorithm>

#include <fmt/format.h>

namespace lap::server {

StorePool::StorePool(Opener opener, StorePoolOptions options)
    : opener_(std::move(opener)), options_(options) {
  options_.size = std::max(1, options_.size);
}

StorePool::StorePool(Opener opener, int size)
    : StorePool(std::move(opener), StorePoolOptions{.size = size}) {}

StorePool::Lease::~Lease() {
  if (pool_ != nullptr && store_) pool_->give_back(std::move(store_));
}

Result<StorePool::Lease> StorePool::lease() {
  std::unique_lock lock(mutex_);
  const auto deadline = Clock::now() + options_.wait_timeout;
  for (;;) {
    if (auto store = take_idle(lock)) return Lease(this, std::move(store));
    if (open_ < options_.size) {
      auto opened = open_new(lock);
      if (!opened) return std::unexpected(opened.error());
      return Lease(this, std::move(*opened));
    }
    if (available_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= options_.size) {
      ++counts_.wait_timeouts;
      return make_error(ErrorCode::kIo,
                        fmt::format("database: no connection became free within {} ms",
                                    options_.wait_timeout.count()));
    }
  }
}

std::unique_ptr<store::Store> StorePool::take_idle(std::unique_lock<std::mutex>& lock) {
  while (!idle_.empty()) {
    Idle next = std::move(idle_.back());
    idle_.pop_back();
    if (Clock::now() - next.since < options_.check_after) return std::move(next.store);
    // Checked outside the lock: a ping is a round trip.
    lock.unlock();
    const bool answers = next.store->ping().has_value();
    if (!answers) next.store.reset();
    lock.lock();
    if (answers) return std::move(next.store);
    --open_;
    ++counts_.discarded;
    available_.notify_one();
  }
  return nullptr;
}

Result<std::unique_ptr<store::Store>> StorePool::open_new(std::unique_lock<std::mutex>& lock) {
  if (Clock::now() < next_attempt_) {
    return make_error(ErrorCode::kIo, "database: unreachable, trying again shortly");
  }
  ++open_;
  lock.unlock();
  auto opened = opener_();
  lock.lock();
  if (!opened) {
    --open_;
    ++counts_.open_failures;
    backoff_ = std::clamp(backoff_ * 2, options_.min_backoff, options_.max_backoff);
    next_attempt_ = Clock::now() + backoff_;
    available_.notify_one();
    // The message may name the server; it is for the log (problem_for).
    return make_error(ErrorCode::kIo, "database: " + opened.error().message);
  }
  backoff_ = std::chrono::milliseconds(0);
  next_attempt_ = {};
  ++counts_.opened;
  return std::move(*opened);
}

void StorePool::give_back(std::unique_ptr<store::Store> store) {
  const bool lost = store->connection_lost();
  if (lost) store.reset();
  {
    std::lock_guard lock(mutex_);
    if (lost) {
      --open_;
      ++counts_.discarded;
    } else {
      idle_.push_back(Idle{std::move(store), Clock::now()});
    }
  }
  available_.notify_one();
}

void StorePool::discard_idle() {
  std::vector<Idle> dropped;
  {
    std::lock_guard lock(mutex_);
    dropped.swap(idle_);
    open_ -= static_cast<int>(dropped.size());
    counts_.discarded += dropped.size();
  }
  available_.notify_all();
}

std::string StorePool::render_metrics() const {
  const StorePoolStats s = stats();
  return fmt::format(
      "# TYPE lap_db_connections gauge\n"
      "lap_db_connections{{state=\"idle\"}} {}\n"
      "lap_db_connections{{state=\"leased\"}} {}\n"
      "# TYPE lap_db_connections_opened_total counter\n"
      "lap_db_connections_opened_total {}\n"
      "# TYPE lap_db_connections_discarded_total counter\n"
      "lap_db_connections_discarded_total {}\n"
      "# TYPE lap_db_connect_failures_total counter\n"
      "lap_db_connect_failures_total {}\n"
      "# TYPE lap_db_pool_wait_timeouts_total counter\n"
      "lap_db_pool_wait_timeouts_total {}\n",
      s.idle, s.open - s.idle, s.opened, s.discarded, s.open_failures, s.wait_timeouts);
}

StorePoolStats StorePool::stats() const {
  std::lock_guard lock(mutex_);
  StorePoolStats s = counts_;
  s.open = open_;
  s.idle = static_cast<int>(idle_.size());
  return s;
}

}  // namespace lap::server
