// The contract of IdentityStore (identity_store.h) on SQLite and PostgreSQL:
// an OCMW's identity rows of its own entitlements only, VDAB's through the
// link run's persons, the pseudonym of an INSZ, and the name search.
#include "lap/store/identity_store.h"

#include <gtest/gtest.h>

#include "lap/store/sql/sql_store.h"
#include "lap/store/sql/test_imports.h"

namespace lap::store::sql {
namespace {

using testing::d;
using testing::entitlement;

class IdentityStoreContract : public testing::ImportingStoreTest {};
LAP_ON_BOTH_DATABASES(IdentityStoreContract);

// The pseudonym ImportingStoreTest gives an INSZ.
std::string ref_of(const char* digits) {
  return std::string(32, 'a' + static_cast<char>(testing::insz(digits).value() % 20));
}

TEST_P(IdentityStoreContract, AnOcmwReadsTheIdentityOfItsOwnEntitlementsOnly) {
  auto early = entitlement("76080814407", "2022-01-01", "2022-12-31");
  auto late = entitlement("76080814407", "2024-01-01", "");
  late.street = "Kerkstraat";
  late.house_number = "12a";
  auto gent = entitlement("76080814407", "2023-01-01", "2023-06-30");
  gent.ocmw_nis = *Nis::parse("44021");
  auto other = entitlement("85073003328", "2024-01-01", "");
  other.last_name = "Janssens";
  other.first_name = "Bart";
  auto load = import_rmi({early, late, gent, other});
  ASSERT_TRUE(load);
  const std::vector refs = {ref_of("76080814407")};
  auto rows = store_->ocmw_identities(*load, refs, 11002);
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 2U);                        // not Gent's row, not the other person's
  EXPECT_EQ((*rows)[0].start_date, d("2024-01-01"));  // latest first
  EXPECT_EQ((*rows)[0].street, "Kerkstraat");
  EXPECT_EQ((*rows)[0].house_number, "12a");
  EXPECT_EQ((*rows)[0].insz, "76080814407");
  EXPECT_EQ((*rows)[0].last_name, "Peeters");
  EXPECT_EQ((*rows)[0].postcode, 2000);
  EXPECT_EQ((*rows)[0].ocmw_nis, 11002);
  EXPECT_EQ((*rows)[0].source, "ocmw");
  EXPECT_EQ(store_->ocmw_identities(*load, refs, 44021)->size(), 1U);
  EXPECT_EQ(store_->person_of_insz("76080814407").value(), refs[0]);
  EXPECT_FALSE(store_->person_of_insz("00000000000").value());
}

TEST_P(IdentityStoreContract, TheNameSearchIsAPrefixIgnoringCaseAndWildcards) {
  auto peeters = entitlement("76080814407", "2024-01-01", "");
  auto janssens = entitlement("85073003328", "2024-01-01", "");
  janssens.last_name = "Janssens";
  janssens.first_name = "Bart";
  auto gent = entitlement("90010100131", "2024-01-01", "");
  gent.last_name = "Peetermans";
  gent.ocmw_nis = *Nis::parse("44021");
  auto load = import_rmi({peeters, janssens, gent});
  ASSERT_TRUE(load);
  IdentitySearch q;
  q.load = *load;
  q.source = "ocmw";
  q.ocmw_nis = 11002;
  q.last_name = "pEE";
  auto rows = store_->search_identities(q);
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 1U);  // Peetermans is Gent's
  EXPECT_EQ((*rows)[0].person_ref, ref_of("76080814407"));
  q.ocmw_nis.reset();
  EXPECT_EQ(store_->search_identities(q)->size(), 2U);
  q.first_name = "b";
  EXPECT_EQ(store_->search_identities(q)->size(), 0U);
  q.last_name = "jan";
  EXPECT_EQ(store_->search_identities(q)->size(), 1U);
  q.first_name.clear();
  q.last_name = "%";  // a wildcard is a character, not "anything"
  EXPECT_EQ(store_->search_identities(q)->size(), 0U);
  q.last_name = "";
  q.limit = 1;  // limit + 1 rows: the caller sees there are more
  EXPECT_EQ(store_->search_identities(q)->size(), 2U);
}

TEST_P(IdentityStoreContract, VdabReadsTheRegistrationsTheLinkRunGaveThePerson) {
  auto tx = store_->begin_import(info());
  ASSERT_TRUE(tx);
  ASSERT_TRUE((*tx)->begin_source(Source::kVdabRegistrations));
  formats::VdabRegistrationRow with_insz;
  with_insz.vdab_client_id = 7;
  with_insz.insz_digits = "76080814407";
  with_insz.insz = testing::insz("76080814407");
  with_insz.last_name = "Peeters";
  with_insz.first_name = "An";
  with_insz.postcode = 2000;
  with_insz.start_date = d("2024-02-01");
  with_insz.ocmw_nis = *Nis::parse("11002");
  formats::VdabRegistrationRow without = with_insz;
  without.vdab_client_id = 8;
  without.insz_digits.clear();
  without.insz.reset();
  without.start_date = d("2024-05-01");
  without.street = "Markt";
  const std::string ref = ref_of("76080814407");
  for (const auto* r : {&with_insz, &without}) {
    auto hash = formats::hash_canonical(formats::canonical_text(*r));
    ASSERT_TRUE((*tx)->add(*r, hash, r->insz ? std::string_view(ref) : std::string_view()));
  }
  ASSERT_TRUE((*tx)->end_source());
  auto load = (*tx)->commit();
  ASSERT_TRUE(load && *load);
  tx->reset();
  // Without a link run only the registration that carries the pseudonym.
  auto imported = store_->vdab_identities(**load, std::nullopt, ref);
  ASSERT_TRUE(imported) << imported.error().message;
  ASSERT_EQ(imported->size(), 1U);
  EXPECT_EQ((*imported)[0].vdab_client, 7);
  // The run links the registration without INSZ to the person too.
  const int64_t without_id =
      *store_->database()
           .query_int("SELECT id FROM vdab_registration WHERE vdab_client_id = 8")
           .value();
  LinkStore::LinkRun run;
  run.load_id = **load;
  run.summary_json = "{}";
  auto run_id = store_->save_link_run(run, {{without_id, ref, "probabilistic", 20.0}}, {}, {});
  ASSERT_TRUE(run_id) << run_id.error().message;
  auto linked = store_->vdab_identities(**load, *run_id, ref);
  ASSERT_TRUE(linked) << linked.error().message;
  ASSERT_EQ(linked->size(), 2U);
  EXPECT_EQ((*linked)[0].vdab_client, 8);  // latest first
  EXPECT_EQ((*linked)[0].street, "Markt");
  EXPECT_FALSE((*linked)[0].insz);
  EXPECT_EQ((*linked)[0].person_ref, ref);
  IdentitySearch q;
  q.load = **load;
  q.link_run = *run_id;
  q.source = "vdab";
  q.last_name = "peet";
  auto found = store_->search_identities(q);
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_EQ(found->size(), 2U);
  EXPECT_EQ((*found)[0].person_ref, ref);
  EXPECT_EQ((*found)[1].person_ref, ref);
}

}  // namespace
}  // namespace lap::store::sql
