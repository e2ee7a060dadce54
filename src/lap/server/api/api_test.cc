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

#include "lap/server/api/api_test_fixture.h"
#include "lap/server/auth/password.h"

namespace lap::server::api {
namespace {

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
    for (auto [param, value] : {std::pair{"{call}", "lap-2024"}, std::pair{"{id}", "1"},
                                std::pair{"{unit}", "11002"}, std::pair{"{item}", "1"}}) {
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
  EXPECT_NE(parts.body.find("before_deadline"), std::string::npos) << parts.body;

  // Redistribution is WSE's decision, after the deadline only.
  const std::string decisions = "/api/v1/calls/lap-2024/redistributions";
  EXPECT_EQ(send("POST", decisions, "{}", &antwerpen).status, 403);
  EXPECT_EQ(send("POST", decisions, "{}", &wse).status, 409);  // today is before the deadline
  today_ = *Date::parse("2024-11-15");
  auto decided = send("POST", decisions, R"({"note":"besluit 1"})", &wse);
  ASSERT_EQ(decided.status, 201) << decided.body;
  EXPECT_EQ(json::parse(decided.body)["number"], 1);
  EXPECT_EQ(json::parse(decided.body)["title"], "beslissing 1 van 15-11-2024");
  auto listed_decisions = send("GET", decisions, "", &antwerpen);
  ASSERT_EQ(listed_decisions.status, 200);
  EXPECT_EQ(json::parse(listed_decisions.body)["decisions"].size(), 1u);
  parts = send("GET", "/api/v1/calls/lap-2024/participants", "", &antwerpen);
  EXPECT_NE(parts.body.find("decision:1"), std::string::npos) << parts.body;
  // Nothing is settled yet: nothing to recompute.
  auto checked = send("POST", "/api/v1/calls/lap-2024/settlement/verification", "{}", &wse);
  ASSERT_EQ(checked.status, 200) << checked.body;
  EXPECT_EQ(json::parse(checked.body)["differences"], 0);
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
  // Each problem in Dutch for the screen, the English rule kept for developers.
  std::set<std::string> messages;
  for (const auto& p : problems)
    messages.insert(p["message"]);
  EXPECT_EQ(messages, (std::set<std::string>{"Budget: moet een geheel getal zijn",
                                             "Drempel: moet een percentage zijn, bijvoorbeeld 22.5",
                                             "Uiterste indiendatum: is verplicht"}));
  EXPECT_EQ(json::parse(r.body)["error"]["message"].get<std::string>().find("must"),
            std::string::npos);
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

TEST(JsonInput, TheRulesOfAnApplicationInDutch) {
  EXPECT_EQ(dutch_invalid("the application is not valid:\n  plan: a plan of approach is required\n"
                          "  engagement: 11002: must be between 0 and its maximum E = 12\n"
                          "  members: 11001 is listed twice\n"
                          "  agreement_id: cooperation agreement 7 concerns none of the members"),
            "De aanvraag is niet geldig:\n  Plan: een plan van aanpak is verplicht\n"
            "  Engagement: 11002: moet tussen 0 en haar maximum E = 12 liggen\n"
            "  Leden: 11001 staat er twee keer in\n"
            "  Samenwerkingsovereenkomst uit het register: samenwerkingsovereenkomst 7 gaat geen "
            "van de leden aan");
  EXPECT_EQ(dutch_invalid("call 'lap-2026' is not valid:\n  v2.budget: must be positive"),
            "De oproep 'lap-2026' is niet geldig:\n  v2.budget: must be positive");
  EXPECT_EQ(dutch_invalid("there is no call 'x'"), "there is no call 'x'");
}

TEST(JsonInput, RulesAndFieldsInDutch) {
  EXPECT_EQ(dutch_problem({"/budget_cents", "is required"}), "Budget: is verplicht");
  EXPECT_EQ(dutch_problem({"/members/1/nis", "must be a NIS code of 5 digits"}),
            "NIS-code (nr. 2): moet een NIS-code van 5 cijfers zijn");
  EXPECT_EQ(dutch_problem({"", "the body must be a JSON object"}),
            "De aanvraag: de inhoud moet een JSON-object zijn");
  EXPECT_EQ(dutch_rule("must be 1 to 2000 bytes"), "moet 1 tot 2000 bytes lang zijn");
  EXPECT_EQ(dutch_rule("must be at most 1000 bytes"), "mag hoogstens 1000 bytes lang zijn");
  EXPECT_EQ(dutch_rule("must be 5 to 200 characters"), "moet 5 tot 200 tekens lang zijn");
  EXPECT_EQ(dutch_rule("must be planned, in_progress, done or cancelled"),
            "moet planned, in_progress, done of cancelled zijn");
  EXPECT_EQ(dutch_rule("must be pro_rata or pro_rata_with_floor"),
            "moet pro_rata of pro_rata_with_floor zijn");
  // An unknown rule and key stay as they are rather than vanish.
  EXPECT_EQ(dutch_problem({"/x_y", "must be odd"}), "x_y: must be odd");
}

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
