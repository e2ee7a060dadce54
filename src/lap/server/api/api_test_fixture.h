// The fixture of the API's tests (api_test.cc, consortium_api_test.cc,
// pact_cycle_api_test.cc): a service with every API route over an in-memory
// SQLite store, one account per role, and a client that signs in and sends
// requests without sockets.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lap/server/api/api.h"
#include "lap/server/api/published_runs.h"
#include "lap/server/auth/password.h"

namespace lap::server::api {

using json = nlohmann::json;
using auth::Role;

inline constexpr std::string_view kPassword = "een lang wachtwoord";

class ApiTest : public ::testing::Test {
 protected:
  ApiTest()
      : pool_([] { return store::open_store(":memory:", store::OpenMode::kCreate); }, 1),
        authenticator_(pool_),
        service_(nullptr) {
    {
      auto lease = pool_.lease();
      EXPECT_TRUE((*lease)->migrate());
      pact::PactService presets(**lease, geo::Registry::builtin(), today_, "preset");
      EXPECT_TRUE(presets.ensure_presets());
    }
    add_account("ocmw", Role::kOcmwCounsellor, 11002);
    add_account("vdab", Role::kVdabMediator, std::nullopt);
    add_account("wse", Role::kWseAnalyst, std::nullopt);
    add_account("antwerpen", Role::kLocalGovernment, 11002);
    add_account("aartselaar", Role::kLocalGovernment, 11001);
    add_account("burger", Role::kCitizen, std::nullopt);
    add_account("beheer", Role::kAdministrator, std::nullopt);
    env_.pool = &pool_;
    env_.authenticator = &authenticator_;
    env_.registry = &geo::Registry::builtin();
    env_.today = [this] { return today_; };
    env_.runs = std::make_shared<RunCatalog>(pool_, geo::Registry::builtin());
    env_.settings = &settings_;
    settings_.on_change(
        [this](const Settings& s) { authenticator_.set_throttle(throttle_limits(s)); });
    add_session_routes(service_, env_);
    add_pact_routes(service_, env_);
    add_indicator_routes(service_, env_);
    add_person_routes(service_, env_);
    add_link_review_routes(service_, env_);
    add_case_routes(service_, env_);
    add_identity_routes(service_, env_);
    add_case_followup_routes(service_, env_);
    add_worklist_routes(service_, env_);
    add_citizen_routes(service_, env_);
    add_notification_routes(service_, env_);
    add_admin_routes(service_, env_);
    add_contact_routes(service_, env_);
    add_agreement_routes(service_, env_);
    service_.seal();
  }

  // Adds an account with kPassword; `person` ties a citizen to a person's pseudonym.
  void add_account(std::string name, Role role, std::optional<int> nis,
                   std::optional<std::string> person = std::nullopt) {
    static const std::string hash = *auth::hash_password(kPassword);
    auto lease = pool_.lease();
    ASSERT_TRUE(lease);
    store::UserRecord u;
    u.username = std::move(name);
    u.role = std::string(auth::role_name(role));
    if (nis) u.municipality = *Nis::from_int(*nis);
    u.person_ref = std::move(person);
    u.password_hash = hash;
    u.created_by = "test";
    EXPECT_TRUE((*lease)->auth().create_user(u));
  }

  struct Client {
    std::string cookie;
    std::string csrf;
  };

  Response send(const std::string& method, const std::string& target, const std::string& body,
                const Client* client, bool with_csrf = true,
                const std::string& content_type = "application/json") {
    Request r;
    r.method = method;
    const auto q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) r.query = parse_query(target.substr(q + 1));
    r.body = body;
    r.remote_address = "127.0.0.1";
    r.headers.emplace_back("content-type", content_type);
    if (client != nullptr) {
      r.headers.emplace_back("cookie", "lap_session=" + client->cookie);
      if (with_csrf) r.headers.emplace_back("x-csrf-token", client->csrf);
    }
    return service_.handle(r);
  }

  Client sign_in(const std::string& username) {
    auto r = send("POST", "/api/v1/session",
                  json{{"username", username}, {"password", kPassword}}.dump(), nullptr);
    EXPECT_EQ(r.status, 200) << r.body;
    Client c;
    for (const auto& [name, value] : r.headers) {
      if (name == "set-cookie") {
        auto v = auth::cookie_value(value, "lap_session");
        if (v) c.cookie = std::string(*v);
      }
    }
    c.csrf = json::parse(r.body).at("csrf_token").get<std::string>();
    return c;
  }

  void import_counts(const Client& wse) {
    const std::string csv =
        "nis;reference_date;leefloon;equivalent_leefloon;ukrainian\n"
        "11002;2023-12-31;9000;1000;400\n"
        "11001;2023-12-31;40;10;2\n"
        "44021;2023-12-31;5000;500;100\n";
    auto r = send("PUT", "/api/v1/calls/lap-2024/counts?file=podmi.csv", csv, &wse);
    ASSERT_EQ(r.status, 200) << r.body;
  }

  Date today_ = *Date::parse("2024-10-01");
  StorePool pool_;
  auth::Authenticator authenticator_;
  LiveSettings settings_;
  Environment env_;
  Service service_;
};

}  // namespace lap::server::api
