#include "lap/server/worker_pool.h"

#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>
#include <cerrno>

namespace lap::server {

namespace {

// Lowers the calling thread's priority (Linux schedules threads one by one, so
// PRIO_PROCESS with the thread id affects this thread only), and marks it a
// batch thread: the scheduler then never preempts a waking I/O thread for it.
void lower_priority(int nice) {
  if (nice <= 0) return;
  sched_param batch{};
  (void)::sched_setscheduler(0, SCHED_BATCH, &batch);
  auto tid = static_cast<id_t>(::syscall(SYS_gettid));
  errno = 0;
  int current = ::getpriority(PRIO_PROCESS, tid);
  if (errno != 0) return;
  (void)::setpriority(PRIO_PROCESS, tid, std::min(19, current + nice));
}

}  // namespace

WorkerPool::WorkerPool(WorkerPoolOptions options) : options_(options) {
  int n = std::max(1, options_.threads);
  threads_.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    threads_.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_)
    t.join();
}

bool WorkerPool::try_submit(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= options_.queue_limit) {
      ++refused_;
      return false;
    }
    queue_.push_back(Queued{std::move(job), std::chrono::steady_clock::now()});
  }
  wake_.notify_one();
  return true;
}

void WorkerPool::work() {
  lower_priority(options_.nice);
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    Queued next = std::move(queue_.front());
    queue_.pop_front();
    bool expired =
        stopping_ || std::chrono::steady_clock::now() - next.since > options_.queue_timeout;
    if (expired) ++expired_;
    ++busy_;
    lock.unlock();
    next.job(expired);
    next.job = nullptr;  // its captures die outside the lock
    lock.lock();
    --busy_;
  }
}

std::string WorkerPool::render_metrics() const {
  std::lock_guard lock(mutex_);
  return fmt::format(
      "# TYPE lap_workers gauge\n"
      "lap_workers{{state=\"busy\"}} {}\n"
      "lap_workers{{state=\"idle\"}} {}\n"
      "# TYPE lap_worker_queue_length gauge\n"
      "lap_worker_queue_length {}\n"
      "# TYPE lap_worker_queue_refused_total counter\n"
      "lap_worker_queue_refused_total {}\n"
      "# TYPE lap_worker_queue_expired_total counter\n"
      "lap_worker_queue_expired_total {}\n",
      busy_, static_cast<int>(threads_.size()) - busy_, queue_.size(), refused_, expired_);
}

std::size_t WorkerPool::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

int WorkerPool::busy() const {
  std::lock_guard lock(mutex_);
  return busy_;
}

uint64_t WorkerPool::refused() const {
  std::lock_guard lock(mutex_);
  return refused_;
}

uint64_t WorkerPool::expired() const {
  std::lock_guard lock(mutex_);
  return expired_;
}

}  // namespace lap::server
