// The shared case and identity over HTTP (cases_api.cc, identity_api.cc):
// every case and identity route × every role × own/other OCMW × with/without
// relation (0 leaks), one audit row per read and per refusal, the whole story
// of a case (actions, notes, a warm handover that moves the regie), version
// conflicts, and identity as each side knows it.
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lap/server/api/cases_api_test_fixture.h"

namespace lap::server::api {
namespace {

TEST_F(CasesApiTest, AWholeCaseFromOpeningToAnAcceptedHandover) {
  Client ocmw = sign_in("ocmw");
  Client vdab = sign_in("vdab");
  const int64_t id = open(ocmw, 1);
  ASSERT_GT(id, 0);
  json c = read(vdab, id);
  EXPECT_EQ(c["regie"], "ocmw");
  EXPECT_EQ(c["ocmw"], "11002");
  EXPECT_EQ(c["person"], ref_of(1));
  const std::string base = "/api/v1/cases/" + std::to_string(id);
  // An action for VDAB, already overdue on the fixture's day (2024-10-01).
  auto a = send("POST", base + "/actions",
                json{{"kind", "training"},
                     {"owner", "vdab"},
                     {"due_date", "2024-09-30"},
                     {"description", "opleiding"}}
                    .dump(),
                &ocmw);
  ASSERT_EQ(a.status, 201) << a.body;
  json action = json::parse(a.body);
  EXPECT_TRUE(action["overdue"].get<bool>());
  EXPECT_EQ(action["kind_label"], "Opleiding");
  // VDAB starts it; the OCMW's edit from the same version is refused.
  json change = {{"kind", "training"},      {"owner", "vdab"},          {"due_date", "2024-12-31"},
                 {"status", "in_progress"}, {"description", "gestart"}, {"row_version", 1}};
  const std::string at = base + "/actions/" + std::to_string(action["action"].get<int64_t>());
  EXPECT_EQ(send("PUT", at, change.dump(), &vdab).status, 200);
  change["status"] = "cancelled";
  EXPECT_EQ(send("PUT", at, change.dump(), &ocmw).status, 409);
  EXPECT_EQ(send("POST", base + "/notes", json{{"text", "intake gedaan"}}.dump(), &vdab).status,
            201);
  // Only the side with the regie proposes; VDAB decides.
  EXPECT_EQ(
      send("POST", base + "/handovers", json{{"reason", "x"}, {"row_version", 1}}.dump(), &vdab)
          .status,
      409);
  auto h = send("POST", base + "/handovers",
                json{{"reason", "klaar voor werk"}, {"row_version", 1}}.dump(), &ocmw);
  ASSERT_EQ(h.status, 201) << h.body;
  const int64_t handover = json::parse(h.body)["handover"].get<int64_t>();
  const std::string decide = base + "/handovers/" + std::to_string(handover) + "/decision";
  EXPECT_EQ(
      send("POST", decide, json{{"decision", "declined"}, {"row_version", 2}}.dump(), &vdab).status,
      422);  // a refusal needs a reason
  auto d =
      send("POST", decide,
           json{{"decision", "accepted"}, {"reason", "akkoord"}, {"row_version", 2}}.dump(), &vdab);
  ASSERT_EQ(d.status, 200) << d.body;
  c = read(ocmw, id);
  EXPECT_EQ(c["regie"], "vdab");
  EXPECT_EQ(c["notes"][0]["side"], "vdab");
  EXPECT_EQ(c["actions"][0]["status_label"], "lopend");
  EXPECT_FALSE(c["handovers"][0]["lead_hours"].is_null());
  std::vector<std::string> kinds;
  for (const auto& e : c["history"])
    kinds.push_back(e["kind"]);
  EXPECT_EQ(kinds,
            (std::vector<std::string>{"case_opened", "action_added", "action_changed", "note_added",
                                      "handover_proposed", "handover_accepted"}));
  // One audit row per read of the case (opening and the decision answer the case too).
  int reads = 0;
  for (const auto& e : audit_of(1))
    if (e.action.find("refused") == std::string::npos) ++reads;
  EXPECT_EQ(reads, 4);  // opened, read by VDAB, decision, read by the OCMW
}

TEST_F(CasesApiTest, WhoMayOpenACase) {
  Client ocmw = sign_in("ocmw");
  Client gent = sign_in("ocmw-gent");
  Client vdab = sign_in("vdab");
  int status = 0;
  open(ocmw, 2, &status);  // Gent's person
  EXPECT_EQ(status, 404);
  open(ocmw, 3, &status);  // ended more than 12 months ago
  EXPECT_EQ(status, 404);
  open(vdab, 4, &status);  // registered, never on leefloon: no OCMW to share with
  EXPECT_EQ(status, 422);
  open(vdab, 5, &status);  // never registered at VDAB
  EXPECT_EQ(status, 404);
  // VDAB opens person 2's case at Gent's OCMW, with the regie.
  const int64_t id = open(vdab, 2);
  ASSERT_GT(id, 0);
  EXPECT_EQ(read(gent, id)["regie"], "vdab");
  read(ocmw, id, &status);
  EXPECT_EQ(status, 404);
  // A second open case is refused with the first one's number.
  auto again = send("POST", "/api/v1/cases",
                    json{{"person", ref_of(2)}, {"purpose", "trajectbegeleiding"}}.dump(), &gent);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(json::parse(again.body)["case"], id);
}

// Every case and identity route × every role × own/other OCMW × with/without
// relation: who is not entitled gets 403 (role) or 404 (scope), whoever is
// gets past both.
TEST_F(CasesApiTest, NoRouteLeaksACaseOrAnIdentity) {
  Client ocmw = sign_in("ocmw");
  const int64_t related = open(ocmw, 1);    // VDAB has a relation with person 1
  const int64_t unrelated = open(ocmw, 5);  // and none with person 5
  ASSERT_GT(related, 0);
  ASSERT_GT(unrelated, 0);
  struct User {
    std::string name;
    bool sees_related;
    bool sees_unrelated;
    bool role_allowed;
  };
  const std::vector<User> users = {
      {"ocmw", true, true, true},         {"ocmw-gent", false, false, true},
      {"vdab", true, false, true},        {"wse", false, false, false},
      {"antwerpen", false, false, false}, {"burger", false, false, false},
      {"beheer", false, false, false}};
  int checked = 0;
  for (const auto& u : users) {
    Client client = sign_in(u.name);
    for (auto [id, person, sees] :
         {std::tuple{related, 1, u.sees_related}, std::tuple{unrelated, 5, u.sees_unrelated}}) {
      const std::string c = "/api/v1/cases/" + std::to_string(id);
      const std::vector<std::pair<std::string, std::string>> routes = {
          {"GET", c + "?purpose=opvolging"},
          {"POST", c + "/actions"},
          {"PUT", c + "/actions/1"},
          {"POST", c + "/notes"},
          {"POST", c + "/handovers"},
          {"POST", c + "/handovers/1/decision"},
          {"POST", c + "/worker"},
          {"POST", c + "/close"},
          {"POST", c + "/transmissions"},
          {"POST", c + "/transmissions/1/answer"},
          {"POST", c + "/exemptions"},
          {"POST", c + "/exemptions/1/review"},
          {"GET", "/api/v1/persons/" + ref_of(person) + "/identity?purpose=opvolging"}};
      for (const auto& [method, path] : routes) {
        auto r = send(method, path, "{}", &client);
        const int expected = !u.role_allowed ? 403 : !sees ? 404 : 0;
        if (expected) {
          EXPECT_EQ(r.status, expected) << method << " " << path << " as " << u.name;
          EXPECT_EQ(r.body.find("Peeters"), std::string::npos);
        } else {
          EXPECT_TRUE(r.status != 403 && r.status != 404 && r.status != 401)
              << method << " " << path << " as " << u.name << ": " << r.status << " " << r.body;
        }
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 7 * 2 * 13);
  // Every refusal by an entitled role is in the log under the person.
  int gent_refusals = 0;
  for (const auto& e : audit_of(1))
    if (e.actor == "ocmw-gent" && e.action.find("refused") != std::string::npos) ++gent_refusals;
  EXPECT_EQ(gent_refusals, 13);
}

TEST_F(CasesApiTest, IdentityAsEachSideKnowsItAndTheSearch) {
  Client ocmw = sign_in("ocmw");
  Client vdab = sign_in("vdab");
  const std::string path = "/api/v1/persons/" + ref_of(1) + "/identity?purpose=contact";
  auto mine = send("GET", path, "", &ocmw);
  ASSERT_EQ(mine.status, 200) << mine.body;
  json id = json::parse(mine.body);
  EXPECT_EQ(id["insz"], kInsz1);
  EXPECT_EQ(id["last_name"], "Peeters");
  EXPECT_EQ(id["address"]["street"], "Kerkstraat");
  EXPECT_EQ(id["source"], "ocmw");
  id = json::parse(send("GET", path, "", &vdab).body);
  EXPECT_EQ(id["address"]["street"], "Lange Kievitstraat");
  EXPECT_EQ(id["address"]["postcode"], 2018);
  EXPECT_EQ(audit_of(1).size(), 2U);  // one row per read
  // By INSZ: only within the relation.
  auto hit = json::parse(
      send("GET", std::string("/api/v1/persons/search?purpose=contact&insz=") + kInsz1, "", &ocmw)
          .body);
  ASSERT_EQ(hit["persons"].size(), 1U);
  EXPECT_EQ(hit["persons"][0]["person"], ref_of(1));
  EXPECT_TRUE(hit["persons"][0]["case"].is_null());
  auto none = json::parse(
      send("GET", std::string("/api/v1/persons/search?purpose=contact&insz=") + kInsz2, "", &ocmw)
          .body);
  EXPECT_TRUE(none["persons"].empty());
  // By name: Peetermans is Gent's; VDAB does not know person 2's registration by name here.
  const int64_t c = open(ocmw, 1);
  auto names =
      json::parse(send("GET", "/api/v1/persons/search?purpose=contact&name=pEe", "", &ocmw).body);
  ASSERT_EQ(names["persons"].size(), 1U);
  EXPECT_EQ(names["persons"][0]["last_name"], "Peeters");
  EXPECT_EQ(names["persons"][0]["case"], c);
  EXPECT_EQ(send("GET", "/api/v1/persons/search?purpose=contact&name=p", "", &ocmw).status, 400);
  EXPECT_EQ(send("GET", "/api/v1/persons/search?purpose=contact&insz=123", "", &ocmw).status, 400);
  EXPECT_EQ(send("GET", "/api/v1/persons/search?name=pee", "", &ocmw).status, 400);  // no purpose
  EXPECT_EQ(audit_of(1).size(), 5U);  // + the INSZ hit, the case opened, the name hit
  EXPECT_TRUE(audit_of(2).empty());
}

}  // namespace
}  // namespace lap::server::api
