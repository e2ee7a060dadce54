// A fixed set of threads that run the server's heavy work (database reads,
// password hashing, person lists) so that the I/O threads stay free for
// cheap requests such as /healthz.
//
// The queue is bounded: `try_submit` refuses a job when `queue_limit` jobs
// already wait, and the caller answers 503 at once instead of letting the
// queue (and the clients' waiting time) grow without end. A job that waited
// longer than `queue_timeout` is run with `expired` set, so that it can answer
// 503 without doing the work nobody waits for anymore.
//
// The workers run at a lower scheduling priority (`nice`) than the I/O
// threads, so a burst of heavy requests does not starve the cheap ones.
//
// Thread-safe. The destructor finishes the running jobs and runs the queued
// ones with `expired` set.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lap::server {

struct WorkerPoolOptions {
  int threads = 4;
  std::size_t queue_limit = 256;
  std::chrono::milliseconds queue_timeout{std::chrono::seconds(10)};
  int nice = 10;  // added to the workers' scheduling niceness (Linux)
};

class WorkerPool {
 public:
  // `expired`: the job waited longer than the queue time-out (or the pool is
  // being destroyed) and should only answer.
  using Job = std::function<void(bool expired)>;

  explicit WorkerPool(WorkerPoolOptions options);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `job`; false (and `job` is not kept) when the queue is full.
  bool try_submit(Job job);

  std::size_t queued() const;
  int busy() const;
  int threads() const { return static_cast<int>(threads_.size()); }
  std::size_t queue_limit() const { return options_.queue_limit; }
  uint64_t refused() const;
  uint64_t expired() const;
  // lap_workers{state="busy"|"idle"}, lap_worker_queue_length,
  // lap_worker_queue_refused_total, lap_worker_queue_expired_total.
  std::string render_metrics() const;

 private:
  struct Queued {
    Job job;
    std::chrono::steady_clock::time_point since;
  };
  void work();

  WorkerPoolOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Queued> queue_;
  bool stopping_ = false;
  int busy_ = 0;
  uint64_t refused_ = 0;
  uint64_t expired_ = 0;
  std::vector<std::thread> threads_;
};

}  // namespace lap::server
