// The JSON API without sockets: sign-in, CSRF, the authorisation matrix of
// every route × role, and the LAP from counts to an approved application.
#include "lap/server/api/api.h"
#include "lap/server/api/json_input.h"
#include "lap/server/api/published_runs.h"

#include <limits>
#include <map>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lap/server/auth/password.h"

namespace lap::server::api {
namespace {

using json = nlohmann::json;
using auth::Role;

constexpr std::string_view kPassword = "een lang wachtwoord";

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
      const std::string hash = *auth::hash_password(kPassword);
      auto add = [&](std::string name, Role role, std::optional<int> nis) {
        store::UserRecord u;
        u.username = std::move(name);
        u.role = std::string(auth::role_name(role));
        if (nis) u.municipality = *Nis::from_int(*nis);
        u.password_hash = hash;
        u.created_by = "test";
        EXPECT_TRUE((*lease)->auth().create_user(u));
      };
      add("ocmw", Role::kOcmwCounsellor, 11002);
      add("vdab", Role::kVdabMediator, std::nullopt);
      add("wse", Role::kWseAnalyst, std::nullopt);
      add("antwerpen", Role::kLocalGovernment, 11002);
      add("aartselaar", Role::kLocalGovernment, 11001);
      add("burger", Role::kCitizen, std::nullopt);
      add("beheer", Role::kAdministrator, std::nullopt);
    }
    env_.pool = &pool_;
    env_.authenticator = &authenticator_;
    env_.registry = &geo::Registry::builtin();
    env_.today = [this] { return today_; };
    env_.runs = std::make_shared<RunCatalog>(pool_, geo::Registry::builtin());
    add_session_routes(service_, env_);
    add_pact_routes(service_, env_);
    add_indicator_routes(service_, env_);
    add_person_routes(service_, env_);
    service_.seal();
  }

  struct Client {
    std::string cookie;
    std::string csrf;
  };

  Response send(const std::string& method, const std::string& target, const std::string& body,
                const Client* client, bool with_csrf = true) {
    Request r;
    r.method = method;
    const auto q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) r.query = parse_query(target.substr(q + 1));
    r.body = body;
    r.remote_address = "127.0.0.1";
    r.headers.emplace_back("content-type", "application/json");
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
  Environment env_;
  Service service_;
};

TEST_F(ApiTest, EveryApiRouteHasAPermissionEntry) {
  std::set<std::pair<std::string, std::string>> registered, listed;
  for (const auto& r : service_.router().routes())
    if (r.pattern.starts_with("/api/")) registered.insert({r.method, r.pattern});
  for (const auto& r : route_permissions())
    listed.insert({std::string(r.method), std::string(r.pattern)});
  EXPECT_EQ(registered, listed);
}

TEST_F(ApiTest, SignInSetsAStrictCookieAndWrongPasswordsAreRefused) {
  auto bad = send("POST", "/api/v1/session",
                  json{{"username", "wse"}, {"password", "not the password"}}.dump(), nullptr);
  EXPECT_EQ(bad.status, 401);
  auto malformed = send("POST", "/api/v1/session", "{", nullptr);
  EXPECT_EQ(malformed.status, 400);
  Request form;  // what a cross-site HTML form could send
  form.method = "POST";
  form.path = "/api/v1/session";
  form.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
  form.body = "username=wse&password=een+lang+wachtwoord";
  EXPECT_EQ(service_.handle(form).status, 415);
  auto ok = send("POST", "/api/v1/session",
                 json{{"username", "wse"}, {"password", kPassword}}.dump(), nullptr);
  ASSERT_EQ(ok.status, 200);
  bool cookie = false;
  for (const auto& [name, value] : ok.headers) {
    if (name != "set-cookie") continue;
    cookie = true;
    EXPECT_NE(value.find("HttpOnly"), std::string::npos);
    EXPECT_NE(value.find("Secure"), std::string::npos);
    EXPECT_NE(value.find("SameSite=Strict"), std::string::npos);
  }
  EXPECT_TRUE(cookie);
  auto body = json::parse(ok.body);
  EXPECT_EQ(body["role"], "wse_analyst");
  EXPECT_EQ(ok.body.find("password"), std::string::npos);
}

TEST_F(ApiTest, SessionCsrfAndLogout) {
  Client wse = sign_in("wse");
  EXPECT_EQ(send("GET", "/api/v1/session", "", &wse).status, 200);
  // A state-changing request without (or with a wrong) CSRF token is refused.
  auto no_csrf = send("POST", "/api/v1/calls/lap-2024/settlement", "", &wse, false);
  EXPECT_EQ(no_csrf.status, 403);
  EXPECT_NE(no_csrf.body.find("csrf"), std::string::npos);
  Client forged = wse;
  // Change the first character (a token may itself start with 'x').
  forged.csrf[0] = wse.csrf[0] == 'x' ? 'y' : 'x';
  EXPECT_EQ(send("DELETE", "/api/v1/session", "", &forged).status, 403);
  EXPECT_EQ(send("DELETE", "/api/v1/session", "", &wse).status, 204);
  EXPECT_EQ(send("GET", "/api/v1/session", "", &wse).status, 401);
  EXPECT_EQ(send("GET", "/api/v1/calls", "", &wse).status, 401);
}

TEST_F(ApiTest, TooManyFailedSignInsAre429) {
  for (int i = 0; i < 5; ++i)
    send("POST", "/api/v1/session", json{{"username", "wse"}, {"password", "wrong!"}}.dump(),
         nullptr);
  auto r = send("POST", "/api/v1/session",
                json{{"username", "wse"}, {"password", kPassword}}.dump(), nullptr);
  EXPECT_EQ(r.status, 429);
  bool retry = false;
  for (const auto& [name, value] : r.headers)
    retry = retry || name == "retry-after";
  EXPECT_TRUE(retry);
}

// Regression: behind the reverse proxy every sign-in came from the proxy's
// address, and 20 wrong ones blocked every correct sign-in for 15 minutes.
TEST_F(ApiTest, WrongSignInsBehindTheProxyLockOutNoOneElse) {
  auto proxies = TrustedProxies::parse("127.0.0.1");
  ASSERT_TRUE(proxies);
  service_.set_trusted_proxies(*proxies);
  auto sign_in_as = [&](const std::string& user, std::string_view password,
                        const std::string& client) {
    Request r;
    r.method = "POST";
    r.path = "/api/v1/session";
    r.remote_address = "127.0.0.1";
    r.headers = {{"content-type", "application/json"}, {"x-forwarded-for", client}};
    r.body = json{{"username", user}, {"password", password}}.dump();
    return service_.handle(r).status;
  };
  for (int i = 0; i < 8; ++i)
    sign_in_as("wse", "wrong!", "203.0.113.9");
  EXPECT_EQ(sign_in_as("wse", kPassword, "203.0.113.9"), 429);
  EXPECT_EQ(sign_in_as("wse", kPassword, "198.51.100.4"), 200);  // the user at their desk
  EXPECT_EQ(sign_in_as("ocmw", kPassword, "203.0.113.9"), 200);  // another user, same address
  // Without the trusted proxy, X-Forwarded-For is not believed.
  service_.set_trusted_proxies({});
  EXPECT_EQ(sign_in_as("wse", kPassword, "203.0.113.9"), 200);
}

// Every route × every role × anonymous: 401 without a session, 403 exactly
// when the policy denies the route's permission.
TEST_F(ApiTest, AuthorisationMatrix) {
  std::map<Role, Client> clients = {
      {Role::kOcmwCounsellor, sign_in("ocmw")}, {Role::kVdabMediator, sign_in("vdab")},
      {Role::kWseAnalyst, sign_in("wse")},      {Role::kLocalGovernment, sign_in("antwerpen")},
      {Role::kCitizen, sign_in("burger")},      {Role::kAdministrator, sign_in("beheer")}};
  int checked = 0;
  for (const auto& route : route_permissions()) {
    std::string path(route.pattern);
    for (auto [param, value] :
         {std::pair{"{call}", "lap-2024"}, std::pair{"{id}", "1"}, std::pair{"{unit}", "11002"}}) {
      if (auto at = path.find(param); at != std::string::npos)
        path.replace(at, std::string_view(param).size(), value);
    }
    const std::string method(route.method);
    if (route.public_route) continue;
    auto anonymous = send(method, path, "{}", nullptr);
    EXPECT_EQ(anonymous.status, 401) << method << " " << path;
    if (!route.permission) continue;
    for (Role role : auth::kAllRoles) {
      if (route.method == "DELETE") continue;  // signing out would end the session
      auto r = send(method, path, "{}", &clients.at(role));
      const bool allowed = auth::allowed(role, *route.permission);
      if (allowed) {
        EXPECT_NE(r.status, 403) << method << " " << path << " as " << auth::role_name(role) << ": "
                                 << r.body;
      } else {
        EXPECT_EQ(r.status, 403) << method << " " << path << " as " << auth::role_name(role);
      }
      EXPECT_NE(r.status, 401);
      ++checked;
    }
  }
  EXPECT_GT(checked, 100);
}

// Own versus other municipality on the scoped routes, for the scoped roles.
TEST_F(ApiTest, ScopeOwnVersusOtherMunicipality) {
  Client ocmw = sign_in("ocmw");              // OCMW 11002
  Client antwerpen = sign_in("antwerpen");    // local government 11002
  Client aartselaar = sign_in("aartselaar");  // local government 11001
  const std::string persons = "/api/v1/persons?indicator=reach&period=2024-06&purpose=opvolging";
  // Persons: another OCMW's are refused before anything is read; the own
  // OCMW's pass the scope (404 here: no data loaded).
  EXPECT_EQ(send("GET", persons + "&nis=44021", "", &ocmw).status, 403);
  EXPECT_EQ(send("GET", persons + "&nis=11002", "", &ocmw).status, 404);
  // Local governments never see persons, own municipality or not.
  EXPECT_EQ(send("GET", persons + "&nis=11002", "", &antwerpen).status, 403);
  EXPECT_EQ(send("GET", "/api/v1/persons/0123456789abcdef0123456789abcdef?purpose=opvolging", "",
                 &antwerpen)
                .status,
            403);
  // Applications: applying for another municipality is refused.
  json a = {{"members", {{{"nis", "11002"}}}},
            {"plan", "p"},
            {"actions", {"a"}},
            {"agreement", "https://example.org"}};
  EXPECT_EQ(send("POST", "/api/v1/calls/lap-2024/applications", a.dump(), &aartselaar).status, 403);
}

TEST_F(ApiTest, FromCountsToAnApprovedApplication) {
  Client wse = sign_in("wse");
  Client antwerpen = sign_in("antwerpen");
  Client aartselaar = sign_in("aartselaar");
  import_counts(wse);
  // The same file again changes nothing.
  auto again = send("PUT", "/api/v1/calls/lap-2024/counts?file=podmi.csv",
                    "nis;reference_date;leefloon;equivalent_leefloon;ukrainian\n"
                    "11002;2023-12-31;9000;1000;400\n"
                    "11001;2023-12-31;40;10;2\n"
                    "44021;2023-12-31;5000;500;100\n",
                    &wse);
  EXPECT_EQ(json::parse(again.body)["changed"], false);
  // A broken file names file, line and column, and stores nothing.
  auto broken = send("PUT", "/api/v1/calls/lap-2024/counts?file=fout.csv",
                     "nis;reference_date;leefloon;equivalent_leefloon;ukrainian\n"
                     "99999;2023-12-31;1;1;0\n",
                     &wse);
  EXPECT_EQ(broken.status, 422);
  EXPECT_NE(broken.body.find("fout.csv:2:"), std::string::npos) << broken.body;

  // The werktabel: JSON, and XLSX as a download.
  auto w = send("GET", "/api/v1/calls/lap-2024/werktabel", "", &aartselaar);
  ASSERT_EQ(w.status, 200) << w.body;
  EXPECT_NE(w.body.find("11002"), std::string::npos);
  auto x = send("GET", "/api/v1/calls/lap-2024/werktabel?format=xlsx", "", &aartselaar);
  ASSERT_EQ(x.status, 200);
  EXPECT_EQ(x.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(x.body.substr(0, 2), "PK");

  // Antwerpen applies for itself; not for Aartselaar.
  json application = {{"members", {{{"nis", "11002"}, {"engagement", 10}}}},
                      {"plan", "Trajecten naar werk met VDAB"},
                      {"actions", {"intake", "jobcoaching"}},
                      {"agreement", "https://example.org/samenwerkingsovereenkomst"}};
  auto other = application;
  other["members"][0]["nis"] = "11001";
  EXPECT_EQ(send("POST", "/api/v1/calls/lap-2024/applications", other.dump(), &antwerpen).status,
            403);
  auto too_much = application;
  too_much["members"][0]["engagement"] = 100000;
  EXPECT_EQ(send("POST", "/api/v1/calls/lap-2024/applications", too_much.dump(), &antwerpen).status,
            422);
  auto created =
      send("POST", "/api/v1/calls/lap-2024/applications", application.dump(), &antwerpen);
  ASSERT_EQ(created.status, 201) << created.body;
  auto a = json::parse(created.body);
  const std::string path = "/api/v1/applications/" + std::to_string(a["id"].get<int64_t>());
  EXPECT_EQ(a["status"], "draft");

  // Aartselaar neither sees nor lists it; WSE does.
  EXPECT_EQ(send("GET", path, "", &aartselaar).status, 403);
  auto listed =
      json::parse(send("GET", "/api/v1/calls/lap-2024/applications", "", &aartselaar).body);
  EXPECT_TRUE(listed["applications"].empty());
  listed = json::parse(send("GET", "/api/v1/calls/lap-2024/applications", "", &wse).body);
  EXPECT_EQ(listed["applications"].size(), 1u);

  // Antwerpen submits; WSE may not submit for it, Antwerpen may not approve.
  const int64_t v1 = a["row_version"];
  json submit = {{"status", "submitted"}, {"row_version", v1}};
  EXPECT_EQ(send("POST", path + "/status", submit.dump(), &wse).status, 403);
  auto submitted = send("POST", path + "/status", submit.dump(), &antwerpen);
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  const int64_t v2 = json::parse(submitted.body)["row_version"];
  json approve = {{"status", "approved"}, {"row_version", v2}};
  EXPECT_EQ(send("POST", path + "/status", approve.dump(), &antwerpen).status, 403);
  // A stale version is refused: someone changed it since.
  json stale = {{"status", "approved"}, {"row_version", v1}};
  EXPECT_EQ(send("POST", path + "/status", stale.dump(), &wse).status, 409);
  auto approved = send("POST", path + "/status", approve.dump(), &wse);
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(json::parse(approved.body)["status"], "approved");
  EXPECT_TRUE(json::parse(approved.body)["advance_paid_cents"].is_number_integer());

  // Participants: Antwerpen sees its own row only.
  auto parts = send("GET", "/api/v1/calls/lap-2024/participants", "", &antwerpen);
  ASSERT_EQ(parts.status, 200) << parts.body;
  EXPECT_NE(parts.body.find("11002"), std::string::npos);
  auto none = send("GET", "/api/v1/calls/lap-2024/participants", "", &aartselaar);
  EXPECT_EQ(none.body.find("11002"), std::string::npos);
}

TEST_F(ApiTest, InvalidCallsNameEveryBrokenField) {
  Client wse = sign_in("wse");
  json call = {{"id", "lap-2026"},          {"title", "Lokaal Activeringspact 2026"},
               {"budget_cents", "veel"},    {"counts_on", "2025-12-31"},
               {"threshold", "twintig"},    {"period_start", "2026-12-01"},
               {"period_end", "2027-11-30"}};
  auto r = send("POST", "/api/v1/calls", call.dump(), &wse);
  ASSERT_EQ(r.status, 422);
  auto problems = json::parse(r.body)["error"]["problems"];
  std::set<std::string> pointers;
  for (const auto& p : problems)
    pointers.insert(p["pointer"]);
  EXPECT_EQ(pointers,
            (std::set<std::string>{"/budget_cents", "/threshold", "/application_deadline"}));
  call["budget_cents"] = 500000000;
  call["threshold"] = "20";
  call["application_deadline"] = "2026-10-31";
  auto ok = send("POST", "/api/v1/calls", call.dump(), &wse);
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(json::parse(ok.body)["versions"][0]["threshold"], "20");
  EXPECT_EQ(send("POST", "/api/v1/calls", call.dump(), &wse).status, 409);
  auto version =
      send("POST", "/api/v1/calls/lap-2026/versions",
           json{{"valid_from", "2026-06-01"}, {"note", "drempel 18%"}, {"threshold", "18"}}.dump(),
           &wse);
  ASSERT_EQ(version.status, 201) << version.body;
  EXPECT_EQ(json::parse(version.body)["versions"].size(), 2u);
}

}  // namespace
}  // namespace lap::server::api

namespace lap::server::api {
namespace {

// The counts beside a person list follow the viewer's figures: a list (and its
// without_relation count) is served only for a cell the viewer sees.
TEST(PublishedRunViews, APersonListFollowsTheViewersFigures) {
  const auto may = measure::Period::month(*Month::parse("2024-05"));
  const publish::CellKey hidden{measure::Indicator::kReach, "ELL", may, publish::Level::kOcmw,
                                "11001"};
  PublishedRun run;
  run.protection = publish::Protection(5, {{hidden, publish::Suppression::kPrimary}});
  const auto aartselaar = publish::View::owner_view(*Nis::from_int(11001));
  const auto antwerpen = publish::View::owner_view(*Nis::from_int(11002));
  EXPECT_TRUE(run.visible(hidden, publish::View::exact()));
  EXPECT_TRUE(run.visible(hidden, aartselaar));
  EXPECT_FALSE(run.visible(hidden, antwerpen));
  EXPECT_FALSE(run.visible(hidden, publish::View::public_view()));
  publish::CellKey shown = hidden;
  shown.variant = "all";
  EXPECT_TRUE(run.visible(shown, antwerpen));
  // A run without a protection shows nothing but exactly.
  PublishedRun bare;
  EXPECT_FALSE(bare.visible(shown, antwerpen));
  EXPECT_TRUE(bare.visible(shown, publish::View::exact()));
}

TEST(PublishedRunViews, RolesSeeWhatSpecSectionSixSays) {
  Principal p;
  p.role = auth::Role::kWseAnalyst;
  EXPECT_EQ(view_for(p), publish::View::exact());
  p.role = auth::Role::kVdabMediator;
  EXPECT_EQ(view_for(p), publish::View::exact());
  p.role = auth::Role::kOcmwCounsellor;
  p.municipality = 11002;
  EXPECT_EQ(view_for(p), publish::View::owner_view(*Nis::from_int(11002)));
  p.role = auth::Role::kLocalGovernment;
  EXPECT_EQ(view_for(p), publish::View::owner_view(*Nis::from_int(11002)));
  p.role = auth::Role::kCitizen;
  p.municipality.reset();
  EXPECT_EQ(view_for(p), publish::View::public_view());
}

// Regression: 100,000 nested objects in `participants` crashed the process
// (recursive copy of the parsed document); they are refused before parsing.
TEST_F(ApiTest, ADeeplyNestedBodyIsRefusedNotACrash) {
  Client wse = sign_in("wse");
  constexpr int kDepth = 100'000;
  std::string body = R"({"participants": )";
  for (int i = 0; i < kDepth; ++i)
    body += R"({"a": )";
  body += "1";
  body.append(kDepth, '}');
  body += "}";
  auto r = send("POST", "/api/v1/calls/lap-2024/simulation", body, &wse);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("deeper than 64"), std::string::npos);
  // Sign-in bodies too.
  std::string deep_login(kDepth, '[');
  EXPECT_EQ(send("POST", "/api/v1/session", deep_login, nullptr).status, 400);
  // Nesting within the limit, and brackets inside strings, are fine.
  EXPECT_TRUE(nesting_within(R"({"a": [[["]]]]]]]]{{{{"]]]})", 4));
  EXPECT_FALSE(nesting_within("[[[[[", 4));
  EXPECT_TRUE(nesting_within(R"({"a": "\"[[[[[["})", 1));
  EXPECT_FALSE(nesting_within(R"({"a": "\\"[[[[[["})", 1));  // an escaped backslash
}

}  // namespace
}  // namespace lap::server::api

namespace lap::server::api {
namespace {

// Regression: database error text (tables, columns, values) reached clients in 409s.
TEST(ProblemFor, DatabaseTextNeverReachesTheClient) {
  auto r = problem_for(Error{ErrorCode::kFailedPrecondition,
                             "database: UNIQUE constraint failed: pact_application.id"});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body.find("pact_application"), std::string::npos);
  EXPECT_NE(r.body.find("botst"), std::string::npos);
  // The domain's own messages still reach the user.
  auto domain = problem_for(Error{ErrorCode::kFailedPrecondition, "the deadline has passed"});
  EXPECT_NE(domain.body.find("deadline"), std::string::npos);
}

}  // namespace
}  // namespace lap::server::api

namespace lap::server::api {
namespace {

// Regression: out-of-range integers wrapped (`nis` 4294978298 was accepted as
// 11002, `row_version` 2^64-1 became -1).
TEST(JsonInput, IntegersOutOfRangeAreProblemsNotWrapped) {
  JsonInput in(
      R"({"row_version": 18446744073709551615, "nis": 4294978298, "minus": -11002, "ok": 11002,
          "big": 9223372036854775807})");
  EXPECT_FALSE(in.integer(in.root(), "", "row_version", true));
  EXPECT_FALSE(in.nis(in.root(), "", "nis", true));
  EXPECT_FALSE(in.nis(in.root(), "", "minus", true));
  auto ok = in.nis(in.root(), "", "ok", true);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->code(), 11002);
  auto big = in.integer(in.root(), "", "big", true);
  ASSERT_TRUE(big);
  EXPECT_EQ(*big, std::numeric_limits<int64_t>::max());
  EXPECT_FALSE(in.ok());
  const auto body = nlohmann::json::parse(in.response().body);
  std::set<std::string> pointers;
  for (const auto& p : body["error"]["problems"])
    pointers.insert(p["pointer"].get<std::string>());
  EXPECT_EQ(pointers, (std::set<std::string>{"/row_version", "/nis", "/minus"}));
}

}  // namespace
}  // namespace lap::server::api

namespace lap::server::api {
namespace {

// Issue 15, finding 6 ("Consortium consent"): a municipality could enrol
// others in a consortium without their consent, take over a draft another
// made, and two overlapping approved consortia made progress and statements
// answer 409 for every user of the call, the error naming one municipality's
// consortium id to another.
class ConsortiumConsentApi : public ApiTest {
 protected:
  ConsortiumConsentApi() {
    auto lease = pool_.lease();
    const std::string hash = *auth::hash_password(kPassword);
    for (auto [name, code] : {std::pair{"boechout", 11004}, std::pair{"boom", 11005}}) {
      store::UserRecord u;
      u.username = name;
      u.role = std::string(auth::role_name(Role::kLocalGovernment));
      u.municipality = *Nis::from_int(code);
      u.password_hash = hash;
      u.created_by = "test";
      EXPECT_TRUE((*lease)->auth().create_user(u));
    }
  }

  void import_region_counts(const Client& wse) {
    const std::string csv =
        "nis;reference_date;leefloon;equivalent_leefloon;ukrainian\n"
        "11001;2023-12-31;90;10;2\n"
        "11002;2023-12-31;9000;1000;400\n"
        "11004;2023-12-31;45;5;0\n"
        "11005;2023-12-31;70;10;1\n";
    auto r = send("PUT", "/api/v1/calls/lap-2024/counts?file=podmi.csv", csv, &wse);
    ASSERT_EQ(r.status, 200) << r.body;
  }

  static json consortium(const std::string& id, const std::vector<std::string>& members) {
    json list = json::array();
    for (const auto& m : members)
      list.push_back({{"nis", m}});
    return {{"consortium", id}, {"consortium_name", id}, {"members", list},
            {"plan", "Samen"},  {"actions", {"intake"}}, {"agreement", "https://example.org"}};
  }

  json post_json(const std::string& path, const json& body, const Client& c, int want) {
    auto r = send("POST", path, body.dump(), &c);
    EXPECT_EQ(r.status, want) << path << ": " << r.body;
    return json::parse(r.body);
  }

  static std::string path_of(const json& a) {
    return "/api/v1/applications/" + std::to_string(a["id"].get<int64_t>());
  }

  // Two approved consortia sharing Boechout, as an old database may hold them,
  // and Antwerpen approved alone; results for the period.
  // Written straight to the store (the pool has one connection: released
  // before the next request).
  void write_legacy_overlap() {
    auto lease = pool_.lease();
    auto make = [&](std::string id, std::vector<int> codes) {
      pact::Application a;
      a.call_id = "lap-2024";
      a.applicant = id;
      a.consortium_name = id;
      for (int code : codes)
        a.members.push_back({*Nis::from_int(code), std::nullopt, pact::Consent::kConsented});
      a.plan = "p";
      a.actions = {"a"};
      a.agreement_ref = "x";
      a.status = pact::ApplicationStatus::kApproved;
      a.advance_paid = Money::from_cents(100000);
      EXPECT_TRUE((*lease)->pact().create_application(a, "legacy"));
    };
    make("zuidrand", {11001, 11004});
    make("rupelstreek", {11004, 11005});
    pact::Application alone;
    alone.call_id = "lap-2024";
    alone.applicant = "11002";
    alone.lead = *Nis::from_int(11002);
    alone.members = {{*Nis::from_int(11002), std::nullopt, pact::Consent::kConsented}};
    alone.status = pact::ApplicationStatus::kApproved;
    EXPECT_TRUE((*lease)->pact().create_application(alone, "legacy"));
  }

  void legacy_overlap(const Client& wse) {
    write_legacy_overlap();
    auto r = send("PUT", "/api/v1/calls/lap-2024/results?file=r.csv",
                  "nis;month;confirmed;pending\n11002;2024-12;40;0\n11001;2024-12;3;0\n"
                  "11004;2025-01;2;0\n11005;2025-02;4;1\n",
                  &wse);
    ASSERT_EQ(r.status, 200) << r.body;
    today_ = *Date::parse("2025-06-01");
  }
};

TEST_F(ConsortiumConsentApi, AMunicipalityCannotEnrolAnotherWithoutConsent) {
  Client wse = sign_in("wse");
  Client aartselaar = sign_in("aartselaar");
  Client boechout = sign_in("boechout");
  Client antwerpen = sign_in("antwerpen");
  import_region_counts(wse);
  auto a = post_json("/api/v1/calls/lap-2024/applications",
                     consortium("zuidrand", {"11001", "11004"}), aartselaar, 201);
  const std::string path = path_of(a);
  EXPECT_EQ(a["lead"], "11001");
  EXPECT_EQ(a["members"][0]["consent"], "consented");
  EXPECT_EQ(a["members"][1]["consent"], "pending");
  EXPECT_EQ(a["members"][1]["consent_label"], "wacht op toestemming");
  // Not submittable while Boechout has not consented.
  auto early =
      post_json(path + "/status", {{"status", "submitted"}, {"row_version", a["row_version"]}},
                aartselaar, 409);
  EXPECT_NE(early.dump().find("11004"), std::string::npos) << early.dump();
  // Only Boechout's own local government consents for Boechout.
  json yes = {{"consent", "consented"}, {"row_version", a["row_version"]}};
  post_json(path + "/consent", yes, antwerpen, 403);
  post_json(path + "/consent", yes, aartselaar, 409);  // the lead consented by applying
  post_json(path + "/consent", yes, wse, 403);
  auto consented = post_json(path + "/consent", yes, boechout, 200);
  EXPECT_EQ(consented["members"][1]["consent"], "consented");
  EXPECT_EQ(consented["members"][1]["consent_by"], "boechout");
  EXPECT_TRUE(consented["members"][1]["consent_at"].is_string());
  // Withdrawn while a draft, and given again.
  auto withdrawn = post_json(path + "/consent",
                             {{"consent", "declined"}, {"row_version", consented["row_version"]}},
                             boechout, 200);
  EXPECT_EQ(withdrawn["members"][1]["consent"], "declined");
  post_json(path + "/status", {{"status", "submitted"}, {"row_version", withdrawn["row_version"]}},
            aartselaar, 409);
  auto again = post_json(path + "/consent",
                         {{"consent", "consented"}, {"row_version", withdrawn["row_version"]}},
                         boechout, 200);
  auto submitted =
      post_json(path + "/status", {{"status", "submitted"}, {"row_version", again["row_version"]}},
                aartselaar, 200);
  EXPECT_EQ(submitted["status"], "submitted");
  post_json(path + "/consent", {{"consent", "declined"}, {"row_version", submitted["row_version"]}},
            boechout, 409);  // no longer a draft
  // Every consent change is kept: who, when, what.
  auto lease = pool_.lease();
  auto events = (*lease)->pact().consent_events(a["id"].get<int64_t>());
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 5u);  // lead + pending at creation, consented, declined, consented
  EXPECT_EQ((*events)[2].actor, "boechout");
  EXPECT_EQ((*events)[3].consent, pact::Consent::kDeclined);
}

TEST_F(ConsortiumConsentApi, CannotTakeOverAnothersDraft) {
  Client wse = sign_in("wse");
  Client aartselaar = sign_in("aartselaar");
  Client boechout = sign_in("boechout");
  import_region_counts(wse);
  auto a = post_json("/api/v1/calls/lap-2024/applications",
                     consortium("zuidrand", {"11001", "11004"}), aartselaar, 201);
  const std::string path = path_of(a);
  // Boechout, a member, may neither rewrite nor submit Aartselaar's draft.
  json takeover = consortium("zuidrand", {"11004", "11005"});
  takeover["row_version"] = a["row_version"];
  auto refused = send("PUT", path, takeover.dump(), &boechout);
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("trekker"), std::string::npos) << refused.body;
  post_json(path + "/status", {{"status", "submitted"}, {"row_version", a["row_version"]}},
            boechout, 403);
  auto unchanged = json::parse(send("GET", path, "", &boechout).body);
  EXPECT_EQ(unchanged["lead"], "11001");
  EXPECT_EQ(unchanged["members"].size(), 2u);
  EXPECT_EQ(unchanged["row_version"], a["row_version"]);
  // The lead may change its draft; a consent given before is asked again.
  auto consented =
      post_json(path + "/consent", {{"consent", "consented"}, {"row_version", a["row_version"]}},
                boechout, 200);
  json edit = consortium("zuidrand", {"11001", "11004"});
  edit["plan"] = "Samen, met meer jobcoaching";
  edit["row_version"] = consented["row_version"];
  auto edited = send("PUT", path, edit.dump(), &aartselaar);
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(json::parse(edited.body)["members"][1]["consent"], "pending");
  // Nor may the lead drop itself and hand the draft to others.
  json away = consortium("zuidrand", {"11004", "11005"});
  away["row_version"] = json::parse(edited.body)["row_version"];
  EXPECT_EQ(send("PUT", path, away.dump(), &aartselaar).status, 403);  // not its municipality
}

TEST_F(ConsortiumConsentApi, OverlappingConsortiaDoNotBlockTheCall) {
  Client wse = sign_in("wse");
  Client aartselaar = sign_in("aartselaar");
  Client boechout = sign_in("boechout");
  Client boom = sign_in("boom");
  import_region_counts(wse);
  // New data: Boechout cannot be claimed by two submitted consortia.
  auto x = post_json("/api/v1/calls/lap-2024/applications",
                     consortium("zuidrand", {"11001", "11004"}), aartselaar, 201);
  auto y = post_json("/api/v1/calls/lap-2024/applications",
                     consortium("rupelstreek", {"11005", "11004"}), boom, 201);
  auto xc = post_json(path_of(x) + "/consent",
                      {{"consent", "consented"}, {"row_version", x["row_version"]}}, boechout, 200);
  auto yc = post_json(path_of(y) + "/consent",
                      {{"consent", "consented"}, {"row_version", y["row_version"]}}, boechout, 200);
  post_json(path_of(x) + "/status", {{"status", "submitted"}, {"row_version", xc["row_version"]}},
            aartselaar, 200);
  auto taken = post_json(path_of(y) + "/status",
                         {{"status", "submitted"}, {"row_version", yc["row_version"]}}, boom, 409);
  EXPECT_NE(taken.dump().find("hoogstens één aanvraag per oproep"), std::string::npos)
      << taken.dump();
}

TEST_F(ConsortiumConsentApi, OldOverlappingConsortiaDoNotBlockProgressAndStatements) {
  Client wse = sign_in("wse");
  Client antwerpen = sign_in("antwerpen");
  import_region_counts(wse);
  legacy_overlap(wse);
  for (const std::string route : {"progress", "statements"}) {
    auto mine = send("GET", "/api/v1/calls/lap-2024/" + route, "", &antwerpen);
    ASSERT_EQ(mine.status, 200) << route << ": " << mine.body;
    EXPECT_NE(mine.body.find("11002"), std::string::npos) << mine.body;
    EXPECT_EQ(mine.body.find("held_applications"), std::string::npos) << mine.body;
    auto all = send("GET", "/api/v1/calls/lap-2024/" + route, "", &wse);
    ASSERT_EQ(all.status, 200) << route << ": " << all.body;
    EXPECT_NE(all.body.find("held_applications"), std::string::npos) << all.body;
    EXPECT_NE(all.body.find("zuidrand"), std::string::npos);
    EXPECT_NE(all.body.find("rupelstreek"), std::string::npos);
  }
}

TEST_F(ConsortiumConsentApi, ErrorsShowNoForeignConsortiumId) {
  Client wse = sign_in("wse");
  Client aartselaar = sign_in("aartselaar");
  Client boom = sign_in("boom");
  import_region_counts(wse);
  legacy_overlap(wse);
  // Each member hears of the conflict of its own consortium only.
  auto a = send("GET", "/api/v1/calls/lap-2024/progress", "", &aartselaar);
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_NE(a.body.find("zuidrand"), std::string::npos) << a.body;
  EXPECT_EQ(a.body.find("rupelstreek"), std::string::npos) << a.body;
  auto b = send("GET", "/api/v1/calls/lap-2024/statements", "", &boom);
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_NE(b.body.find("rupelstreek"), std::string::npos) << b.body;
  EXPECT_EQ(b.body.find("zuidrand"), std::string::npos) << b.body;
  // Refusals name the rule and the member, not the other consortium.
  today_ = *Date::parse("2024-10-01");
  auto z = post_json("/api/v1/calls/lap-2024/applications",
                     consortium("kempen", {"11005", "11001"}), boom, 201);
  auto refused =
      post_json(path_of(z) + "/consent",
                {{"consent", "consented"}, {"row_version", z["row_version"]}}, aartselaar, 409);
  EXPECT_EQ(refused.dump().find("zuidrand"), std::string::npos) << refused.dump();
  EXPECT_NE(refused.dump().find("11001"), std::string::npos) << refused.dump();
}

}  // namespace
}  // namespace lap::server::api
