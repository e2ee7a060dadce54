#include "lap/server/lru_cache.h"

#include <string>

#include <gtest/gtest.h>

namespace lap::server {
namespace {

using Cache = LruCache<int, std::string>;

Cache::Loader text(std::size_t bytes, int* loads) {
  return [bytes, loads]() -> Result<std::shared_ptr<const std::string>> {
    ++*loads;
    return std::make_shared<const std::string>(bytes, 'x');
  };
}

TEST(LruCache, KeepsValuesWithinTheBudgetAndDropsTheLeastRecentlyUsed) {
  Cache cache("test", 250, [](const std::string& s) { return s.size(); });
  int loads = 0;
  ASSERT_TRUE(cache.get(1, text(100, &loads)));
  ASSERT_TRUE(cache.get(2, text(100, &loads)));
  ASSERT_TRUE(cache.get(1, text(100, &loads)));  // hit; 2 is now the oldest
  EXPECT_EQ(loads, 2);
  ASSERT_TRUE(cache.get(3, text(100, &loads)));  // 300 > 250: 2 goes
  EXPECT_EQ(cache.bytes(), 200U);
  EXPECT_EQ(cache.entries(), 2U);
  EXPECT_EQ(cache.evictions(), 1U);
  ASSERT_TRUE(cache.get(1, text(100, &loads)));
  EXPECT_EQ(loads, 3);
  ASSERT_TRUE(cache.get(2, text(100, &loads)));  // loaded again
  EXPECT_EQ(loads, 4);
  const std::string metrics = cache.render_metrics();
  EXPECT_NE(metrics.find("lap_cache_bytes{cache=\"test\"} 200\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("lap_cache_hits_total{cache=\"test\"} 2\n"), std::string::npos);
  EXPECT_NE(metrics.find("lap_cache_evictions_total{cache=\"test\"} 2\n"), std::string::npos);
}

TEST(LruCache, AValueInUseOutlivesItsEviction) {
  Cache cache("test", 10, [](const std::string& s) { return s.size(); });
  int loads = 0;
  auto first = cache.get(1, text(8, &loads));
  ASSERT_TRUE(first);
  ASSERT_TRUE(cache.get(2, text(8, &loads)));  // 1 is dropped from the cache
  EXPECT_EQ(cache.entries(), 1U);
  EXPECT_EQ(**first, std::string(8, 'x'));  // still readable by its holder
}

TEST(LruCache, AValueLargerThanTheBudgetIsKeptAlone) {
  Cache cache("test", 10, [](const std::string& s) { return s.size(); });
  int loads = 0;
  ASSERT_TRUE(cache.get(1, text(50, &loads)));
  ASSERT_TRUE(cache.get(1, text(50, &loads)));
  EXPECT_EQ(loads, 1);
  EXPECT_EQ(cache.bytes(), 50U);
}

TEST(LruCache, AFailedLoadIsTriedAgain) {
  Cache cache("test", 10, [](const std::string& s) { return s.size(); });
  int calls = 0;
  auto failing = [&calls]() -> Result<std::shared_ptr<const std::string>> {
    ++calls;
    return make_error(ErrorCode::kIo, "no");
  };
  EXPECT_FALSE(cache.get(1, failing));
  EXPECT_FALSE(cache.get(1, failing));
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace lap::server
