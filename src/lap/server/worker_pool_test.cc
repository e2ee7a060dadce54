#include "lap/server/worker_pool.h"

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "lap/server/concurrency_limit.h"

namespace lap::server {
namespace {

using namespace std::chrono_literals;

TEST(WorkerPool, RunsEveryJobOnItsThreads) {
  std::atomic<int> done{0};
  {
    WorkerPool pool(WorkerPoolOptions{.threads = 3});
    EXPECT_EQ(pool.threads(), 3);
    for (int i = 0; i < 100; ++i)
      ASSERT_TRUE(pool.try_submit([&done](bool expired) {
        if (!expired) done.fetch_add(1);
      }));
    while (done.load() < 100)
      std::this_thread::sleep_for(1ms);
  }
  EXPECT_EQ(done.load(), 100);
}

TEST(WorkerPool, AFullQueueRefusesAtOnce) {
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  WorkerPool pool(WorkerPoolOptions{.threads = 1, .queue_limit = 2});
  std::promise<void> started;
  ASSERT_TRUE(pool.try_submit([&started, gate](bool) {
    started.set_value();
    gate.wait();
  }));
  started.get_future().wait();  // the worker is busy, the queue empty
  EXPECT_TRUE(pool.try_submit([gate](bool) {}));
  EXPECT_TRUE(pool.try_submit([gate](bool) {}));
  EXPECT_FALSE(pool.try_submit([](bool) {}));
  EXPECT_EQ(pool.queued(), 2U);
  EXPECT_EQ(pool.refused(), 1U);
  EXPECT_NE(pool.render_metrics().find("lap_worker_queue_refused_total 1\n"), std::string::npos);
  release.set_value();
}

TEST(WorkerPool, AJobThatWaitedTooLongIsToldSo) {
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::promise<bool> late;
  {
    WorkerPool pool(WorkerPoolOptions{.threads = 1, .queue_timeout = 20ms});
    ASSERT_TRUE(pool.try_submit([gate](bool) { gate.wait(); }));
    ASSERT_TRUE(pool.try_submit([&late](bool expired) { late.set_value(expired); }));
    std::this_thread::sleep_for(60ms);
    release.set_value();
  }
  EXPECT_TRUE(late.get_future().get());
}

TEST(ConcurrencyLimit, OneKeyCannotTakeMoreThanItsShare) {
  ConcurrencyLimit limit(2);
  auto a = limit.try_acquire("user 1");
  auto b = limit.try_acquire("user 1");
  ASSERT_TRUE(a && b);
  EXPECT_FALSE(limit.try_acquire("user 1"));
  EXPECT_TRUE(limit.try_acquire("user 2"));  // another user is not affected
  EXPECT_EQ(limit.refused(), 1U);
  a.reset();
  EXPECT_TRUE(limit.try_acquire("user 1"));  // a finished request frees its place
  b.reset();
  EXPECT_EQ(limit.active_keys(), 0U);
}

}  // namespace
}  // namespace lap::server
