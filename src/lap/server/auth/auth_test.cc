// Roles, password hashing, tokens, login throttling and sessions.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lap/server/auth/password.h"
#include "lap/server/auth/roles.h"
#include "lap/server/auth/sessions.h"
#include "lap/server/auth/throttle.h"
#include "lap/store/store.h"

namespace lap::server::auth {
namespace {

TEST(Roles, NamesRoundTripAndScopedRolesAreOcmwAndLocalGovernment) {
  for (Role r : kAllRoles) {
    EXPECT_EQ(parse_role(role_name(r)), r);
    EXPECT_FALSE(role_dutch(r).empty());
  }
  EXPECT_FALSE(parse_role("root"));
  EXPECT_TRUE(role_is_scoped(Role::kOcmwCounsellor));
  EXPECT_TRUE(role_is_scoped(Role::kLocalGovernment));
  EXPECT_FALSE(role_is_scoped(Role::kWseAnalyst));
}

TEST(Roles, ThePolicyFollowsSpecSection6) {
  // WSE administers the LAP; local governments apply and follow their own.
  EXPECT_TRUE(allowed(Role::kWseAnalyst, Permission::kLapAdminister));
  EXPECT_FALSE(allowed(Role::kLocalGovernment, Permission::kLapAdminister));
  EXPECT_TRUE(allowed(Role::kLocalGovernment, Permission::kLapApply));
  EXPECT_FALSE(allowed(Role::kWseAnalyst, Permission::kLapApply));
  EXPECT_TRUE(sees_all_municipalities(Role::kWseAnalyst, Permission::kLapFigures));
  EXPECT_FALSE(sees_all_municipalities(Role::kLocalGovernment, Permission::kLapFigures));
  // Citizens see their own record only; administrators accounts, settings and the contacts
  // directory, no data at all; nobody else the citizen's view or the administration.
  for (Permission p : kAllPermissions) {
    EXPECT_EQ(allowed(Role::kCitizen, p), p == Permission::kOwnRecord) << permission_name(p);
    EXPECT_EQ(allowed(Role::kAdministrator, p),
              p == Permission::kAdminister || p == Permission::kContacts)
        << permission_name(p);
  }
  for (Role r : kAllRoles) {
    EXPECT_EQ(allowed(r, Permission::kOwnRecord), r == Role::kCitizen) << role_name(r);
    EXPECT_EQ(allowed(r, Permission::kAdminister), r == Role::kAdministrator) << role_name(r);
  }
}

TEST(Password, Argon2idHashesVerifyAndAreSalted) {
  auto a = hash_password("correct horse battery");
  auto b = hash_password("correct horse battery");
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(a->starts_with("$argon2id$"));
  EXPECT_NE(*a, *b);  // a fresh salt each time
  EXPECT_TRUE(verify_password(*a, "correct horse battery"));
  EXPECT_FALSE(verify_password(*a, "correct horse batterY"));
  EXPECT_FALSE(verify_password("garbage", "correct horse battery"));
  EXPECT_FALSE(hash_password("short"));
}

TEST(Password, OneTimePasswordsAreLongEnoughAndAvoidLookAlikes) {
  const auto a = random_password();
  EXPECT_EQ(a.size(), 16U);
  EXPECT_NE(a, random_password());
  EXPECT_TRUE(hash_password(a));  // long enough for the minimum
  for (char ch : std::string("0O1lI"))
    EXPECT_EQ(a.find(ch), std::string::npos);
}

TEST(Password, TokensAreRandomAndDigestsHex) {
  auto t1 = random_token();
  auto t2 = random_token();
  EXPECT_EQ(t1.size(), 43u);
  EXPECT_NE(t1, t2);
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
}

TEST(Throttle, FromTheFifthFailureEachOneDoublesTheWait) {
  LoginThrottle t({5, 30, 900, 3600});
  for (int i = 0; i < 4; ++i) {
    t.failed("an", "10.0.0.1", 1000);
    EXPECT_EQ(t.retry_after("an", "10.0.0.1", 1000), 0);
  }
  const std::vector<int64_t> waits = {30, 60, 120, 240, 480, 900, 900};
  for (int64_t wait : waits) {
    t.failed("an", "10.0.0.1", 1000);
    EXPECT_EQ(t.retry_after("an", "10.0.0.1", 1000), wait);
    EXPECT_EQ(t.retry_after("an", "10.0.0.1", 1000 + wait), 0);
  }
  t.succeeded("an", "10.0.0.1");
  EXPECT_EQ(t.retry_after("an", "10.0.0.1", 1001), 0);
  EXPECT_EQ(t.size(), 0u);
}

// Regression: 20 wrong sign-ins through the reverse proxy blocked every correct
// sign-in for 15 minutes. Failures count per (client address, username).
TEST(Throttle, AnAttackerLocksOutNeitherOtherUsersNorOtherAddresses) {
  LoginThrottle t;
  for (int i = 0; i < 100; ++i)
    t.failed("wse", "203.0.113.9", 1000);
  EXPECT_GT(t.retry_after("wse", "203.0.113.9", 1001), 0);
  EXPECT_EQ(t.retry_after("an", "203.0.113.9", 1001), 0);  // another user, same address
  EXPECT_EQ(t.retry_after("wse", "10.0.0.8", 1001), 0);    // the user from their own desk
  for (int i = 0; i < 100; ++i)
    t.failed("user" + std::to_string(i), "203.0.113.9", 1000);
  EXPECT_EQ(t.retry_after("an", "203.0.113.9", 1001), 0);
}

TEST(Throttle, FailuresAreForgottenAfterAQuietHour) {
  LoginThrottle t({5, 30, 900, 3600});
  for (int i = 0; i < 8; ++i)
    t.failed("an", "10.0.0.1", 1000);
  EXPECT_EQ(t.retry_after("an", "10.0.0.1", 1000), 240);
  EXPECT_EQ(t.retry_after("an", "10.0.0.1", 1000 + 3600), 0);
  t.failed("an", "10.0.0.1", 1000 + 3600);  // counts from one again
  EXPECT_EQ(t.retry_after("an", "10.0.0.1", 1000 + 3600), 0);
}

TEST(Cookies, SessionCookieIsHttpOnlySecureStrict) {
  auto c = session_cookie("tok", 3600);
  EXPECT_NE(c.find("lap_session=tok"), std::string::npos);
  EXPECT_NE(c.find("HttpOnly"), std::string::npos);
  EXPECT_NE(c.find("Secure"), std::string::npos);
  EXPECT_NE(c.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie_value("a=1; lap_session=xyz; b=2", "lap_session"), "xyz");
  EXPECT_FALSE(cookie_value("a=1; xlap_session=xyz", "lap_session"));
}

class SessionsTest : public ::testing::Test {
 protected:
  SessionsTest()
      : pool_([] { return store::open_store(":memory:", store::OpenMode::kCreate); }, 1),
        authenticator_(pool_, settings(), [this] { return now_; }) {
    auto lease = pool_.lease();
    EXPECT_TRUE((*lease)->migrate());
    store::UserRecord u;
    u.username = "an";
    u.role = "local_government";
    u.municipality = *Nis::from_int(11002);
    u.password_hash = *hash_password("een lang wachtwoord");
    u.created_by = "test";
    EXPECT_TRUE((*lease)->auth().create_user(u));
  }
  static SessionSettings settings() {
    SessionSettings s;
    s.idle_timeout_seconds = 600;
    s.absolute_timeout_seconds = 3600;
    s.touch_interval_seconds = 60;
    return s;
  }

  StorePool pool_;
  int64_t now_ = 1'000'000;
  Authenticator authenticator_;
};

TEST_F(SessionsTest, SignInResolvesUntilIdleExpiry) {
  auto bad = authenticator_.login("an", "wrong password!", "127.0.0.1");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->kind, LoginOutcome::Kind::kRefused);
  auto unknown = authenticator_.login("nobody", "een lang wachtwoord", "127.0.0.1");
  EXPECT_EQ(unknown->kind, LoginOutcome::Kind::kRefused);
  auto ok = authenticator_.login("an", "een lang wachtwoord", "127.0.0.1");
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->kind, LoginOutcome::Kind::kSignedIn);
  EXPECT_EQ(ok->principal.role, Role::kLocalGovernment);
  EXPECT_EQ(ok->principal.municipality, 11002);

  auto p = authenticator_.resolve(ok->token);
  ASSERT_TRUE(p && *p);
  EXPECT_EQ((*p)->username, "an");
  EXPECT_EQ((*p)->csrf_token, ok->principal.csrf_token);
  EXPECT_FALSE(*authenticator_.resolve("not-a-token"));

  now_ += 500;  // active: stays
  EXPECT_TRUE(*authenticator_.resolve(ok->token));
  now_ += 599;
  EXPECT_TRUE(*authenticator_.resolve(ok->token));
  now_ += 601;  // idle for longer than 600 s
  EXPECT_FALSE(*authenticator_.resolve(ok->token));
}

TEST_F(SessionsTest, AbsoluteExpiryAndLogout) {
  auto ok = authenticator_.login("an", "een lang wachtwoord", "127.0.0.1");
  for (int i = 0; i < 6; ++i) {
    now_ += 500;
    EXPECT_TRUE(*authenticator_.resolve(ok->token));
  }
  now_ += 700;  // 3700 s after sign-in, although active
  EXPECT_FALSE(*authenticator_.resolve(ok->token));

  auto again = authenticator_.login("an", "een lang wachtwoord", "127.0.0.1");
  auto p = authenticator_.resolve(again->token);
  ASSERT_TRUE(p && *p);
  ASSERT_TRUE(authenticator_.logout(**p));
  EXPECT_FALSE(*authenticator_.resolve(again->token));
}

TEST_F(SessionsTest, RepeatedFailuresThrottleEvenTheRightPassword) {
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(authenticator_.login("an", "wrong password!", "10.1.1.1")->kind,
              LoginOutcome::Kind::kRefused);
  auto blocked = authenticator_.login("an", "een lang wachtwoord", "10.1.1.1");
  EXPECT_EQ(blocked->kind, LoginOutcome::Kind::kThrottled);
  EXPECT_GT(blocked->retry_after_seconds, 0);
  now_ += 15 * 60;
  EXPECT_EQ(authenticator_.login("an", "een lang wachtwoord", "10.1.1.1")->kind,
            LoginOutcome::Kind::kSignedIn);
}

TEST_F(SessionsTest, ADisabledAccountLosesItsSessionsAndCannotSignIn) {
  auto ok = authenticator_.login("an", "een lang wachtwoord", "127.0.0.1");
  {
    auto lease = pool_.lease();
    ASSERT_TRUE((*lease)->auth().set_disabled("an", true));
  }
  EXPECT_FALSE(*authenticator_.resolve(ok->token));
  EXPECT_EQ(authenticator_.login("an", "een lang wachtwoord", "127.0.0.1")->kind,
            LoginOutcome::Kind::kRefused);
}

TEST_F(SessionsTest, AResolvedSessionIsTrustedForCacheSecondsOnly) {
  auto ok = authenticator_.login("an", "een lang wachtwoord", "127.0.0.1");
  ASSERT_TRUE(*authenticator_.resolve(ok->token));  // read from the database, cached
  {
    auto lease = pool_.lease();
    ASSERT_TRUE((*lease)->auth().set_disabled("an", true));  // as another server would
  }
  EXPECT_TRUE(*authenticator_.resolve(ok->token));  // still cached
  now_ += settings().cache_seconds;
  EXPECT_FALSE(*authenticator_.resolve(ok->token));  // read again: gone
}

}  // namespace
}  // namespace lap::server::auth
