// The contract of FactStore (fact_store.h) on SQLite and PostgreSQL: the
// snapshot of a load as summarised and read, fact by fact.
#include "lap/store/fact_store.h"

#include <algorithm>
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
  first.birth_date = Date::parse("1976-08-08").value();
  first.gpmi = true;
  first.exemption = formats::Exemption::kEquity;
  auto second = entitlement("85031503362", "2022-01-01", "");
  second.sex = Sex::kMale;
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

  // The traits for profiles: the month of birth and sex of the identity row.
  auto traits = facts.read_entitlement_traits(1);
  ASSERT_TRUE(traits) << traits.error().message;
  ASSERT_EQ(traits->size(), 2U);
  std::sort(traits->begin(), traits->end(),
            [](const auto& a, const auto& b) { return a.start < b.start; });
  EXPECT_EQ((*traits)[0].person[0], 0xaa);
  EXPECT_EQ((*traits)[0].birth, Month::parse("1976-08").value());
  EXPECT_EQ((*traits)[0].sex, Sex::kFemale);
  EXPECT_TRUE((*traits)[0].gpmi);
  EXPECT_EQ((*traits)[0].exemption, formats::Exemption::kEquity);
  EXPECT_EQ((*traits)[1].birth, std::nullopt);
  EXPECT_EQ((*traits)[1].sex, Sex::kMale);
  EXPECT_EQ((*traits)[1].start, Date::parse("2022-01-01").value());
  EXPECT_EQ(facts.read_entitlement_traits(7).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace lap::store::sql
