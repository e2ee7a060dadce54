// Administration and the contacts directory over HTTP (admin_api.cc,
// contacts_api.cc): an administrator manages accounts, resets passwords and
// changes settings, never reaching person data; every change is in the log;
// the directory is read by every professional role and kept by administrators.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lap/server/api/api_test_fixture.h"

namespace lap::server::api {
namespace {

class AdminApiTest : public ApiTest {
 protected:
  json body(const Response& r) { return json::parse(r.body); }
  Response sign_in_as(const std::string& username, const std::string& password) {
    return send("POST", "/api/v1/session",
                json{{"username", username}, {"password", password}}.dump(), nullptr);
  }
  std::vector<std::string> actions() {
    Client admin = sign_in("beheer");
    auto r = send("GET", "/api/v1/admin/events", "", &admin);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    const json all = body(r);
    for (const auto& e : all["events"]) {
      out.push_back(e["action"].get<std::string>() + " " + e["subject"].get<std::string>());
    }
    return out;
  }
};

TEST_F(AdminApiTest, AnAccountIsMadeChangedResetAndDisabledEachChangeLogged) {
  Client admin = sign_in("beheer");
  auto made = send("POST", "/api/v1/admin/users",
                   json{{"username", "els.gent"},
                        {"role", "ocmw_counsellor"},
                        {"municipality", "44021"},
                        {"email", "els@gent.be"}}
                       .dump(),
                   &admin);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string first = body(made)["password"];
  EXPECT_EQ(first.size(), 16U);
  EXPECT_EQ(body(made)["user"]["municipality"]["name"], "Gent");
  EXPECT_EQ(body(made)["user"]["role_label"], "OCMW-maatschappelijk werker");
  ASSERT_EQ(sign_in_as("els.gent", first).status, 200);

  auto moved = send("PATCH", "/api/v1/admin/users/els.gent",
                    json{{"role", "local_government"}, {"municipality", "11002"}}.dump(), &admin);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(body(moved)["user"]["role"], "local_government");
  EXPECT_EQ(body(moved)["user"]["municipality"]["nis"], "11002");
  // A role without scope drops the municipality.
  auto wse =
      send("PATCH", "/api/v1/admin/users/els.gent", json{{"role", "wse_analyst"}}.dump(), &admin);
  ASSERT_EQ(wse.status, 200) << wse.body;
  EXPECT_TRUE(body(wse)["user"]["municipality"].is_null());

  auto reset = send("POST", "/api/v1/admin/users/els.gent/password-reset", "{}", &admin);
  ASSERT_EQ(reset.status, 200) << reset.body;
  const std::string second = body(reset)["password"];
  EXPECT_NE(second, first);
  EXPECT_EQ(sign_in_as("els.gent", first).status, 401);
  EXPECT_EQ(sign_in_as("els.gent", second).status, 200);

  auto off = send("PATCH", "/api/v1/admin/users/els.gent", json{{"disabled", true}}.dump(), &admin);
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(sign_in_as("els.gent", second).status, 401);

  EXPECT_EQ(actions(), (std::vector<std::string>{"user_changed els.gent", "user_changed els.gent",
                                                 "user_changed els.gent", "user_changed els.gent",
                                                 "user_added els.gent"}));
  auto log = send("GET", "/api/v1/admin/events", "", &admin);
  EXPECT_EQ(log.body.find(first), std::string::npos);  // no password, no hash
  EXPECT_EQ(log.body.find(second), std::string::npos);
  EXPECT_EQ(log.body.find("argon2"), std::string::npos);
}

TEST_F(AdminApiTest, BadAccountsAreRefusedWithTheirRule) {
  Client admin = sign_in("beheer");
  auto post = [&](const json& j) { return send("POST", "/api/v1/admin/users", j.dump(), &admin); };
  EXPECT_EQ(post({{"username", "x1"}, {"role", "ocmw_counsellor"}}).status, 422);  // no scope
  EXPECT_EQ(post({{"username", "x1"}, {"role", "vdab_mediator"}, {"municipality", "11002"}}).status,
            422);
  EXPECT_EQ(post({{"username", "x1"}, {"role", "citizen"}}).status, 422);  // an INSZ: the CLI
  EXPECT_EQ(post({{"username", "Hé"}, {"role", "wse_analyst"}}).status, 422);
  EXPECT_EQ(post({{"username", "x1"}, {"role", "boss"}}).status, 422);
  EXPECT_EQ(post({{"username", "x1"}, {"role", "wse_analyst"}, {"email", "geen adres"}}).status,
            422);
  EXPECT_EQ(post({{"username", "ocmw"}, {"role", "wse_analyst"}}).status, 409);  // taken
  EXPECT_EQ(
      send("PATCH", "/api/v1/admin/users/nobody", json{{"disabled", true}}.dump(), &admin).status,
      404);
  EXPECT_EQ(send("PATCH", "/api/v1/admin/users/ocmw", "{}", &admin).status, 422);  // no change
  // An administrator cannot lock themselves out.
  EXPECT_EQ(
      send("PATCH", "/api/v1/admin/users/beheer", json{{"disabled", true}}.dump(), &admin).status,
      409);
  EXPECT_EQ(
      send("PATCH", "/api/v1/admin/users/beheer", json{{"role", "wse_analyst"}}.dump(), &admin)
          .status,
      409);
  EXPECT_TRUE(actions().empty());  // nothing refused is logged as done
}

TEST_F(AdminApiTest, TheAccountListShowsNoPersonData) {
  add_account("burger2", Role::kCitizen, std::nullopt, std::string(32, 'c'));
  Client admin = sign_in("beheer");
  auto r = send("GET", "/api/v1/admin/users", "", &admin);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.find(std::string(32, 'c')), std::string::npos);
  EXPECT_EQ(r.body.find("person"), std::string::npos);
  EXPECT_EQ(body(r)["users"].size(), 8U);
  // A citizen's account is managed with the CLI, where the INSZ is given.
  EXPECT_EQ(
      send("PATCH", "/api/v1/admin/users/burger2", json{{"disabled", true}}.dump(), &admin).status,
      409);
}

TEST_F(AdminApiTest, SettingsAreCheckedStoredLoggedAndInForceAtOnce) {
  Client admin = sign_in("beheer");
  auto list = send("GET", "/api/v1/admin/settings", "", &admin);
  ASSERT_EQ(list.status, 200) << list.body;
  const json items = body(list)["settings"];
  ASSERT_EQ(items.size(), 6U);
  EXPECT_EQ(items[0]["key"], "k");
  EXPECT_EQ(items[0]["value"], 5);
  EXPECT_EQ(items[0]["stored"], false);
  EXPECT_EQ(items[1]["value"], true);  // art. 60 not counted as work
  auto put = [&](const std::string& key, const json& value) {
    return send("PUT", "/api/v1/admin/settings/" + key, json{{"value", value}}.dump(), &admin);
  };
  EXPECT_EQ(put("k", 1).status, 422);
  EXPECT_EQ(put("k", "7").status, 422);
  EXPECT_EQ(put("exclude_art60", 1).status, 422);
  EXPECT_EQ(put("login_first_wait_seconds", 3600).status, 422);  // longer than the longest
  EXPECT_EQ(put("nope", 1).status, 404);
  auto k = put("k", 7);
  ASSERT_EQ(k.status, 200) << k.body;
  EXPECT_EQ(body(k)["settings"][0]["value"], 7);
  EXPECT_EQ(body(k)["settings"][0]["stored"], true);
  EXPECT_EQ(settings_of(env_).k, 7);
  // The login throttle follows at once: one failure, then a wait.
  ASSERT_EQ(put("login_free_failures", 1).status, 200);
  EXPECT_EQ(sign_in_as("wse", "fout wachtwoord!").status, 401);
  EXPECT_EQ(sign_in_as("wse", std::string(kPassword)).status, 429);
  EXPECT_EQ(actions(),
            (std::vector<std::string>{"setting_changed login_free_failures", "setting_changed k"}));
}

json mechelen(int64_t version) {
  return {
      {"row_version", version},
      {"ocmw", {{"name", "An Peeters"}, {"phone", "015 44 55 66"}, {"email", "an@mechelen.be"}}},
      {"vdab", {{"name", "Bram Claes"}, {"phone", "015 28 10 00"}, {"email", "bram@vdab.be"}}},
      {"consultation",
       {{{"weekday", 2},
         {"from", "09:00"},
         {"to", "12:00"},
         {"frequency", "weekly"},
         {"place", "Sociaal Huis"}}}},
      {"note", "Afspraak via het onthaal"}};
}

TEST_F(AdminApiTest, TheDirectoryIsKeptByAdministratorsAndReadByEveryProfessional) {
  Client admin = sign_in("beheer");
  auto empty = send("GET", "/api/v1/contacts/12025", "", &admin);
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_EQ(body(empty)["row_version"], 0);
  EXPECT_EQ(body(empty)["name"], "Mechelen");
  auto v1 = send("PUT", "/api/v1/contacts/12025", mechelen(0).dump(), &admin);
  ASSERT_EQ(v1.status, 200) << v1.body;
  EXPECT_EQ(body(v1)["row_version"], 1);
  EXPECT_EQ(body(v1)["consultation"][0]["weekday_label"], "dinsdag");
  EXPECT_EQ(body(v1)["consultation"][0]["frequency_label"], "wekelijks");
  EXPECT_EQ(send("PUT", "/api/v1/contacts/12025", mechelen(0).dump(), &admin).status, 409);
  auto bad = mechelen(1);
  bad["vdab"]["email"] = "bram@vdab";
  auto refused = send("PUT", "/api/v1/contacts/12025", bad.dump(), &admin);
  ASSERT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("vdab.e-mail"), std::string::npos) << refused.body;
  EXPECT_EQ(send("PUT", "/api/v1/contacts/99999", mechelen(0).dump(), &admin).status, 404);

  for (const char* user : {"ocmw", "vdab", "wse", "antwerpen"}) {
    Client c = sign_in(user);
    auto r = send("GET", "/api/v1/contacts", "", &c);
    ASSERT_EQ(r.status, 200) << user << r.body;
    ASSERT_EQ(body(r)["contacts"].size(), 1U);
    EXPECT_EQ(body(r)["contacts"][0]["vdab"]["name"], "Bram Claes");
    EXPECT_FALSE(body(r)["contacts"][0].contains("updated_by"));
    EXPECT_EQ(send("PUT", "/api/v1/contacts/12025", mechelen(1).dump(), &c).status, 403) << user;
  }
  Client citizen = sign_in("burger");
  EXPECT_EQ(send("GET", "/api/v1/contacts", "", &citizen).status, 403);
  EXPECT_EQ(actions(), std::vector<std::string>{"contacts_changed 12025"});
}

}  // namespace
}  // namespace lap::server::api
