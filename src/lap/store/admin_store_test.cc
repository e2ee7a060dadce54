// The contract of AdminStore (admin_store.h) on SQLite and PostgreSQL: every
// change comes with its row in the append-only log, in one transaction;
// settings and contacts read back; contacts are version-checked.
#include "lap/store/admin_store.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "lap/store/sql/sql_store.h"
#include "lap/store/sql/test_database.h"

namespace lap::store::sql {
namespace {

class AdminStoreContract : public testing::StoreTest {};
LAP_ON_BOTH_DATABASES(AdminStoreContract);

UserRecord admin_counsellor(std::string name) {
  UserRecord u;
  u.username = std::move(name);
  u.role = "ocmw_counsellor";
  u.municipality = *Nis::from_int(11002);
  u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
  u.created_by = "beheerder";
  return u;
}

cases::MunicipalityContacts mechelen() {
  cases::MunicipalityContacts c;
  c.nis = *Nis::from_int(12025);
  c.ocmw = {"An Peeters", "015 44 55 66", "an.peeters@mechelen.be"};
  c.vdab = {"Bram Claes", "015 28 10 00", "bram.claes@vdab.be"};
  c.consultation = {{2, "09:00", "12:00", cases::Frequency::kWeekly, "Sociaal Huis"},
                    {4, "13:30", "16:00", cases::Frequency::kBiweekly, "Sociaal Huis"}};
  c.note = "Afspraak via het onthaal";
  return c;
}

TEST_P(AdminStoreContract, AccountChangesAreLoggedWithoutThePassword) {
  auto s = fresh();
  AdminStore& a = s->admin();
  ASSERT_TRUE(a.add_user(admin_counsellor("an"), "beheerder"));
  ASSERT_TRUE(s->create_session({"tok", s->user_by_name("an").value()->id, "csrf", 1, 1}));
  UserChange change;
  change.municipality = std::optional(*Nis::from_int(44021));
  change.email = std::optional<std::string>("an@gent.be");
  change.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$bmlldXc";
  ASSERT_TRUE(a.change_user("an", change, "beheerder"));
  auto user = s->user_by_name("an").value();
  EXPECT_EQ(user->municipality->code(), 44021);
  EXPECT_EQ(user->email, "an@gent.be");
  EXPECT_EQ(user->password_hash, *change.password_hash);
  EXPECT_FALSE(s->session("tok").value());  // the change ended the sessions
  auto events = a.admin_events(10);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 2U);
  EXPECT_EQ((*events)[0].action, "user_changed");
  EXPECT_EQ((*events)[0].subject, "an");
  EXPECT_EQ((*events)[0].actor, "beheerder");
  auto detail = nlohmann::json::parse((*events)[0].detail);
  EXPECT_EQ(detail["municipality"], "44021");
  EXPECT_EQ(detail["password_reset"], true);
  EXPECT_EQ((*events)[0].detail.find("argon2"), std::string::npos);
  EXPECT_EQ((*events)[1].action, "user_added");
  EXPECT_EQ((*events)[1].detail.find("argon2"), std::string::npos);
}

TEST_P(AdminStoreContract, ARefusedChangeLeavesNoTrace) {
  auto s = fresh();
  AdminStore& a = s->admin();
  ASSERT_TRUE(a.add_user(admin_counsellor("an"), "beheerder"));
  UserChange scopeless;
  scopeless.municipality = std::optional<Nis>();  // a counsellor needs one (the schema's CHECK)
  EXPECT_FALSE(a.change_user("an", scopeless, "beheerder"));
  EXPECT_EQ(s->user_by_name("an").value()->municipality->code(), 11002);
  UserChange disable;
  disable.disabled = true;
  auto missing = a.change_user("bob", disable, "beheerder");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  auto again = a.add_user(admin_counsellor("an"), "beheerder");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(a.admin_events(10)->size(), 1U);  // only the first add
}

TEST_P(AdminStoreContract, SettingsReadBackAndEachChangeIsLoggedWithOldAndNew) {
  auto s = fresh();
  AdminStore& a = s->admin();
  EXPECT_TRUE(a.stored_settings()->empty());
  ASSERT_TRUE(a.set_setting("k", "7", "beheerder"));
  ASSERT_TRUE(a.set_setting("k", "6", "beheerder"));
  ASSERT_TRUE(a.set_setting("transmission_days", "20", "beheerder"));
  auto stored = a.stored_settings();
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->at("k"), "6");
  EXPECT_EQ(stored->at("transmission_days"), "20");
  auto events = a.admin_events(2);
  ASSERT_EQ(events->size(), 2U);  // the limit
  auto detail = nlohmann::json::parse((*events)[1].detail);
  EXPECT_EQ((*events)[1].subject, "k");
  EXPECT_EQ(detail["from"], "7");
  EXPECT_EQ(detail["to"], "6");
}

TEST_P(AdminStoreContract, ContactsReadBackAndAStaleVersionIsRefused) {
  auto s = fresh();
  AdminStore& a = s->admin();
  EXPECT_FALSE(a.contacts_of(*Nis::from_int(12025)).value());
  auto v1 = a.set_contacts(mechelen(), 0, "beheerder");
  ASSERT_TRUE(v1) << v1.error().message;
  EXPECT_EQ(*v1, 1);
  auto read = a.contacts_of(*Nis::from_int(12025)).value();
  ASSERT_TRUE(read);
  EXPECT_EQ(read->ocmw, mechelen().ocmw);
  EXPECT_EQ(read->consultation, mechelen().consultation);
  EXPECT_EQ(read->note, "Afspraak via het onthaal");
  EXPECT_EQ(read->updated_by, "beheerder");
  auto fewer = mechelen();
  fewer.consultation.pop_back();
  fewer.vdab.name = "Carla Dewit";
  auto stale = a.set_contacts(fewer, 0, "beheerder");
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kFailedPrecondition);
  ASSERT_EQ(a.set_contacts(fewer, 1, "beheerder").value(), 2);
  auto gent = mechelen();
  gent.nis = *Nis::from_int(44021);
  gent.consultation.clear();
  ASSERT_TRUE(a.set_contacts(gent, 0, "beheerder"));
  auto all = a.contacts();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2U);
  EXPECT_EQ((*all)[0].nis.code(), 12025);
  EXPECT_EQ((*all)[0].vdab.name, "Carla Dewit");
  EXPECT_EQ((*all)[0].consultation.size(), 1U);
  EXPECT_EQ((*all)[0].row_version, 2);
  EXPECT_TRUE((*all)[1].consultation.empty());
  EXPECT_EQ(a.admin_events(10)->size(), 3U);
}

TEST_P(AdminStoreContract, TheLogIsAppendOnly) {
  auto s = fresh();
  ASSERT_TRUE(s->admin().set_setting("k", "6", "beheerder"));
  auto& db = s->database();
  EXPECT_FALSE(db.exec("UPDATE admin_event SET actor = 'x'"));
  EXPECT_FALSE(db.exec("DELETE FROM admin_event"));
  EXPECT_EQ(s->admin().admin_events(10)->front().actor, "beheerder");
}

}  // namespace
}  // namespace lap::store::sql
