// The contract of FactStore (fact_store.h) on SQLite and PostgreSQL: the
// snapshot of a load as summarised and read, fact by fact.
#include "lap/store/fact_store.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lap/store/sql/test_imports.h"

namespace lap::store::sql {
namespace {

using testing::entitlement;
using testing::hash_of;

class FactStoreContract : public testing::ImportingStoreTest {};
LAP_ON_BOTH_DATABASES(FactStoreContract);

TEST_P(FactStoreContract, UnknownLoadIsNotFound) {
  auto s = store_->summary(7, {});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kNotFound);
}

// Counts what `read_facts` passes and remembers the entitlements' persons.
class CountingSink final : public FactSink {
 public:
  void add(const measure::EntitlementFact& f) override { entitlements.push_back(f.person); }
  void add(const measure::RegistrationFact&) override { ++others; }
  void add(const measure::WorkFact&) override { ++others; }
  void add(const measure::MeasureFact&) override { ++others; }
  void add(const measure::IdentifierChangeFact&) override { ++others; }
  std::vector<measure::PersonKey> entitlements;
  int others = 0;
};

TEST_P(FactStoreContract, TheSnapshotIsReadFactByFact) {
  // Two persons with hexadecimal pseudonyms, as the import writes them.
  const std::string ann(32, 'a');
  const std::string bob(32, 'b');
  auto tx = store_->begin_import(info());
  ASSERT_TRUE(tx);
  ASSERT_TRUE((*tx)->begin_source(Source::kRmiEntitlements));
  auto first = entitlement("76080814407", "2020-01-01", "2022-12-31");
  auto second = entitlement("85031503362", "2022-01-01", "");
  ASSERT_TRUE((*tx)->add(first, hash_of(first), ann));
  ASSERT_TRUE((*tx)->add(second, hash_of(second), bob));
  ASSERT_TRUE((*tx)->end_source());
  ASSERT_EQ((*tx)->commit().value(), 1);
  tx->reset();

  FactStore& facts = *store_;
  CountingSink all;
  ASSERT_TRUE(facts.read_facts(1, {}, all));
  EXPECT_EQ(all.entitlements.size(), 2u);
  EXPECT_EQ(all.others, 0);

  CountingSink one;
  ASSERT_TRUE(facts.read_facts(1, FactFilter{std::vector<std::string>{ann}, std::nullopt}, one));
  ASSERT_EQ(one.entitlements.size(), 1u);
  EXPECT_EQ(one.entitlements[0][0], 0xaa);

  CountingSink none;
  auto unknown = facts.read_facts(7, {}, none);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);

  // Without work facts there is no month to observe.
  EXPECT_EQ(facts.work_month_range(1).value(), std::nullopt);
  // Without identifier changes a person is linked to itself only.
  EXPECT_EQ(facts.linked_persons(1, ann).value(), std::vector<std::string>{ann});
  EXPECT_EQ(facts.summary(1, {}).value().persons, 2);
}

}  // namespace
}  // namespace lap::store::sql
