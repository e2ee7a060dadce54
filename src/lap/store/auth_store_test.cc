// The contract of AuthStore (auth_store.h) on SQLite and PostgreSQL: accounts
// and sessions.
#include "lap/store/auth_store.h"

#include <gtest/gtest.h>

#include "lap/store/sql/sql_store.h"
#include "lap/store/sql/test_database.h"

namespace lap::store::sql {
namespace {

class AuthStoreContract : public testing::StoreTest {};
LAP_ON_BOTH_DATABASES(AuthStoreContract);

UserRecord counsellor(std::string name) {
  UserRecord u;
  u.username = std::move(name);
  u.role = "ocmw_counsellor";
  u.municipality = *Nis::from_int(11002);
  u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
  u.created_by = "test";
  return u;
}

TEST_P(AuthStoreContract, UsersAreUniqueAndReadBack) {
  auto s = fresh();
  AuthStore& a = s->auth();
  auto id = a.create_user(counsellor("an"));
  ASSERT_TRUE(id) << id.error().message;
  auto again = a.create_user(counsellor("an"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  auto read = a.user_by_name("an");
  ASSERT_TRUE(read && *read);
  EXPECT_EQ((*read)->id, *id);
  EXPECT_EQ((*read)->role, "ocmw_counsellor");
  ASSERT_TRUE((*read)->municipality);
  EXPECT_EQ((*read)->municipality->code(), 11002);
  EXPECT_FALSE((*read)->disabled);
  auto missing = a.user_by_name("bob");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
}

TEST_P(AuthStoreContract, TheSchemaRefusesAScopedRoleWithoutMunicipality) {
  auto s = fresh();
  UserRecord u = counsellor("an");
  u.municipality.reset();
  EXPECT_FALSE(s->auth().create_user(u));
  UserRecord w = counsellor("wse");
  w.role = "wse_analyst";  // not scoped: a municipality is refused
  EXPECT_FALSE(s->auth().create_user(w));
  w.municipality.reset();
  EXPECT_TRUE(s->auth().create_user(w));
  UserRecord x = counsellor("x");
  x.role = "superuser";
  EXPECT_FALSE(s->auth().create_user(x));
}

TEST_P(AuthStoreContract, SessionsExpireAndEndWithPasswordChangeOrDisabling) {
  auto s = fresh();
  AuthStore& a = s->auth();
  auto id = a.create_user(counsellor("an"));
  ASSERT_TRUE(id);
  ASSERT_TRUE(a.create_session({"t1", *id, "c1", 1000, 1000}));
  ASSERT_TRUE(a.create_session({"t2", *id, "c2", 1000, 1000}));
  auto got = a.session("t1");
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->csrf_token, "c1");
  ASSERT_TRUE(a.touch_session("t1", 2000));
  EXPECT_EQ((*a.session("t1"))->last_seen_unix, 2000);
  // t2 idle since 1000: removed; t1 seen at 2000 stays.
  auto removed = a.delete_expired_sessions(1500, 0);
  ASSERT_TRUE(removed);
  EXPECT_EQ(*removed, 1);
  EXPECT_FALSE(*a.session("t2"));
  ASSERT_TRUE(a.set_password("an", "$argon2id$new"));
  EXPECT_FALSE(*a.session("t1"));
  ASSERT_TRUE(a.create_session({"t3", *id, "c3", 3000, 3000}));
  ASSERT_TRUE(a.set_disabled("an", true));
  EXPECT_FALSE(*a.session("t3"));
  EXPECT_TRUE((*a.user_by_name("an"))->disabled);
  EXPECT_EQ(a.set_disabled("nobody", true).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace lap::store::sql
