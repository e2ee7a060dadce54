// The /healthz monitor against a fake database whose connections can be
// killed one by one (a killed backend: the server still answers) or all at
// once with the server (down).
#include "lap/server/database_monitor.h"

#include <atomic>
#include <functional>
#include <memory>
#include <thread>

#include <gtest/gtest.h>

#include "lap/store/store.h"

namespace lap::server {
namespace {

using std::chrono::milliseconds;

// Short enough for a quick test, long enough that a loaded machine does not
// make a check look hung (three intervals and a second).
constexpr milliseconds kInterval{100};
constexpr milliseconds kMaxBackoff{200};

// The server: up or down, and how often it was connected to and asked.
struct FakeDatabase {
  std::atomic<bool> up{true};
  std::atomic<int> connections{0};
  std::atomic<int> questions{0};
  // Bumped to kill every open connection while the server keeps running.
  std::atomic<int> generation{0};
};

class FakeConnection final : public store::StoreHealth {
 public:
  explicit FakeConnection(FakeDatabase& db) : db_(db), generation_(db.generation.load()) {}

  Result<int> schema_version() override {
    ++db_.questions;
    if (auto s = ping(); !s) return std::unexpected(s.error());
    return 9;
  }
  Status ping() override {
    if (generation_ != db_.generation.load()) lost_ = true;
    if (lost_ || !db_.up.load()) return make_error(ErrorCode::kIo, "fake database: no answer");
    return {};
  }
  bool connection_lost() const override { return lost_; }

 private:
  FakeDatabase& db_;
  int generation_;
  bool lost_ = false;
};

DatabaseMonitor::Opener fake_opener(FakeDatabase& db) {
  return [&db]() -> Result<std::unique_ptr<store::StoreHealth>> {
    if (!db.up.load()) return make_error(ErrorCode::kIo, "fake database: connection refused");
    ++db.connections;
    return std::make_unique<FakeConnection>(db);
  };
}

// Waits (at most five seconds) until `done` holds.
bool eventually(const std::function<bool()>& done) {
  for (int i = 0; i < 500; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(milliseconds(10));
  }
  return done();
}

// A pool of real (in-memory) stores with one idle connection.
class MonitorTest : public ::testing::Test {
 protected:
  MonitorTest() : pool_([] { return store::open_store(":memory:", store::OpenMode::kCreate); }, 2) {
    auto lease = pool_.lease();
    EXPECT_TRUE(lease);
  }

  FakeDatabase db_;
  StorePool pool_;
};

TEST_F(MonitorTest, ALostConnectionIsReplacedWithinTheSameCheck) {
  DatabaseMonitor monitor(fake_opener(db_), &pool_, kInterval, kMaxBackoff);
  ASSERT_EQ(monitor.schema_version().value(), 9);
  ASSERT_EQ(db_.connections.load(), 1);

  ++db_.generation;  // the backend is killed; the server still answers
  ASSERT_TRUE(eventually([&] { return db_.connections.load() == 2; }));
  // A whole check after the one that reconnected: that one is over.
  const int asked = db_.questions.load();
  ASSERT_TRUE(eventually([&] { return db_.questions.load() > asked + 1; }));
  EXPECT_EQ(monitor.schema_version().value(), 9);
  // No check saw an outage: the pool's idle connection was kept.
  EXPECT_EQ(pool_.stats().idle, 1);
  EXPECT_EQ(pool_.stats().discarded, 0U);
}

TEST_F(MonitorTest, ADatabaseThatIsDownIsAnError) {
  db_.up = false;
  DatabaseMonitor monitor(fake_opener(db_), &pool_, kInterval, kMaxBackoff);
  auto version = monitor.schema_version();
  ASSERT_FALSE(version);
  EXPECT_EQ(version.error().code, ErrorCode::kIo);
  EXPECT_EQ(db_.connections.load(), 0);
  // Never up: nothing to discard.
  EXPECT_EQ(pool_.stats().idle, 1);

  db_.up = true;
  EXPECT_TRUE(eventually([&] { return monitor.schema_version().has_value(); }));
}

TEST_F(MonitorTest, GoingDownDiscardsThePoolsIdleConnections) {
  DatabaseMonitor monitor(fake_opener(db_), &pool_, kInterval, kMaxBackoff);
  ASSERT_TRUE(monitor.schema_version());
  ASSERT_EQ(pool_.stats().idle, 1);

  db_.up = false;
  ASSERT_TRUE(eventually([&] { return !monitor.schema_version(); }));
  EXPECT_EQ(monitor.schema_version().error().code, ErrorCode::kIo);
  EXPECT_TRUE(eventually([&] { return pool_.stats().idle == 0; }));
  EXPECT_EQ(pool_.stats().discarded, 1U);
  EXPECT_EQ(pool_.stats().open, 0);

  // Back up: the monitor reconnects.
  db_.up = true;
  EXPECT_TRUE(eventually([&] { return monitor.schema_version().has_value(); }));
}

TEST(DatabaseMonitor, WorksWithoutAPool) {
  FakeDatabase db;
  DatabaseMonitor monitor(fake_opener(db), nullptr, kInterval, kMaxBackoff);
  EXPECT_EQ(monitor.schema_version().value(), 9);
  db.up = false;
  EXPECT_TRUE(eventually([&] { return !monitor.schema_version(); }));
}

}  // namespace
}  // namespace lap::server
