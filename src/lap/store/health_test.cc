// The contract of StoreHealth (health.h) on SQLite and PostgreSQL: a working
// connection answers with its schema version and is not lost; a PostgreSQL
// connection whose backend is killed reports itself lost.
#include "lap/store/health.h"

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "lap/store/sql/test_database.h"

namespace lap::store::sql {
namespace {

class HealthContract : public testing::StoreTest {};
LAP_ON_BOTH_DATABASES(HealthContract);

TEST_P(HealthContract, AWorkingConnectionAnswers) {
  auto store = fresh();
  StoreHealth& health = *store;
  EXPECT_EQ(health.schema_version().value(), builtin_migrations(GetParam()).back().version);
  EXPECT_TRUE(health.ping());
  EXPECT_FALSE(health.connection_lost());
  EXPECT_TRUE(store->set_statement_timeout(std::chrono::seconds(5)));
  EXPECT_TRUE(health.ping());
}

TEST_P(HealthContract, ANewDatabaseHasVersionZero) {
  auto store = database().open();
  ASSERT_TRUE(store);
  EXPECT_EQ((*store)->schema_version().value(), 0);
}

TEST_P(HealthContract, AKilledBackendIsALostConnection) {
  if (GetParam() != Dialect::kPostgresql) GTEST_SKIP() << "SQLite has no server connection";
  auto store = fresh();
  auto killer = database().open();
  ASSERT_TRUE(killer);
  auto pid = store->database().query_int("SELECT pg_backend_pid()");
  ASSERT_TRUE(pid && *pid);
  ASSERT_TRUE(
      (*killer)->database().exec("SELECT pg_terminate_backend(" + std::to_string(**pid) + ")"));
  StoreHealth& health = *store;
  EXPECT_FALSE(health.schema_version());
  EXPECT_TRUE(health.connection_lost());
  EXPECT_FALSE(health.ping());
}

}  // namespace
}  // namespace lap::store::sql
