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

#include "lap/core/pseudonym.h"
#include "lap/measure/test_util.h"
#include "lap/server/api/api_test_fixture.h"

namespace lap::server::api {
namespace {

namespace mt = measure::testing;

// Persons (data end 2024-12): 1 leefloon at 11002 and registered at VDAB;
// 2 leefloon at 44021 and registered; 3 leefloon at 11002 ended in 2023-03
// (no relation left); 4 registered at VDAB only; 5 leefloon at 11002, never
// registered.
constexpr const char* kInsz1 = "76080814407";
constexpr const char* kInsz2 = "85073003328";

class CasesApiTest : public ApiTest {
 protected:
  void SetUp() override {
    auto lease = pool_.lease();
    ASSERT_TRUE(lease);
    store::UserRecord gent;
    gent.username = "ocmw-gent";
    gent.role = "ocmw_counsellor";
    gent.municipality = *Nis::from_int(44021);
    gent.password_hash = *auth::hash_password(kPassword);
    gent.created_by = "test";
    ASSERT_TRUE((*lease)->auth().create_user(gent));
    import_identities(**lease);
    auto timelines = std::make_shared<const measure::Timelines>(
        mt::Case()
            .ent(1, 11002, "2023-01-01")
            .reg(1, "2023-06-01")
            .ent(2, 44021, "2023-01-01")
            .reg(2, "2023-06-01")
            .ent(3, 11002, "2022-01-01", "2023-03-31")
            .reg(4, "2023-06-01")
            .ent(5, 11002, "2023-01-01")
            .work(6, "2024-12", "2024-12")  // the data end
            .build());
    env_.timelines = [timelines](const pact::DataRef&) {
      return Result<std::shared_ptr<const measure::Timelines>>(timelines);
    };
  }

  // Entitlement rows of persons 1 (11002) and 2 (44021), and VDAB's row of
  // person 1 with another address.
  static void import_identities(store::Store& s) {
    auto tx =
        s.begin_import({"/deliveries/1",
                        "fp",
                        {{"rmi_entitlements.csv", formats::Source::kRmiEntitlements, "aa"},
                         {"vdab_registrations.csv", formats::Source::kVdabRegistrations, "bb"}}});
    ASSERT_TRUE(tx);
    ASSERT_TRUE((*tx)->begin_source(formats::Source::kRmiEntitlements));
    for (auto [person, insz, nis, name] : {std::tuple{1, kInsz1, "11002", "Peeters"},
                                           std::tuple{2, kInsz2, "44021", "Peetermans"}}) {
      formats::RmiEntitlementRow row;
      row.ocmw_nis = *Nis::parse(nis);
      row.insz = *Insz::parse(insz, *Date::parse("2026-01-01"));
      row.last_name = name;
      row.first_name = "An";
      row.postcode = 2000;
      row.street = "Kerkstraat";
      row.house_number = "1";
      row.kind = formats::EntitlementKind::kLL;
      row.start_date = *Date::parse("2023-01-01");
      ASSERT_TRUE(
          (*tx)->add(row, formats::hash_canonical(formats::canonical_text(row)), ref_of(person)));
    }
    ASSERT_TRUE((*tx)->end_source());
    ASSERT_TRUE((*tx)->begin_source(formats::Source::kVdabRegistrations));
    formats::VdabRegistrationRow reg;
    reg.vdab_client_id = 77;
    reg.insz_digits = kInsz1;
    reg.insz = *Insz::parse(kInsz1, *Date::parse("2026-01-01"));
    reg.last_name = "Peeters";
    reg.first_name = "An";
    reg.postcode = 2018;
    reg.street = "Lange Kievitstraat";
    reg.category = formats::VdabCategory::kCat01;
    reg.start_date = *Date::parse("2023-06-01");
    ASSERT_TRUE((*tx)->add(reg, formats::hash_canonical(formats::canonical_text(reg)), ref_of(1)));
    ASSERT_TRUE((*tx)->end_source());
    ASSERT_TRUE((*tx)->commit());
  }

  static std::string ref_of(int person) { return pseudonym_hex(mt::key(person)); }

  // Opens the case of `person` as `client`; its id (0 when refused).
  int64_t open(const Client& client, int person, int* status = nullptr) {
    auto r =
        send("POST", "/api/v1/cases",
             json{{"person", ref_of(person)}, {"purpose", "trajectbegeleiding"}}.dump(), &client);
    if (status) *status = r.status;
    if (!status) {
      EXPECT_EQ(r.status, 201) << r.body;
    }
    return r.status == 201 ? json::parse(r.body)["case"].get<int64_t>() : 0;
  }

  json read(const Client& client, int64_t id, int* status = nullptr) {
    auto r = send("GET", "/api/v1/cases/" + std::to_string(id) + "?purpose=opvolging", "", &client);
    if (status) *status = r.status;
    return r.status == 200 ? json::parse(r.body) : json();
  }

  std::vector<store::AuditEntry> audit_of(int person) {
    auto lease = pool_.lease();
    return (*lease)->audit_for(ref_of(person)).value();
  }
};

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
  EXPECT_EQ(checked, 7 * 2 * 7);
  // Every refusal by an entitled role is in the log under the person.
  int gent_refusals = 0;
  for (const auto& e : audit_of(1))
    if (e.actor == "ocmw-gent" && e.action.find("refused") != std::string::npos) ++gent_refusals;
  EXPECT_EQ(gent_refusals, 7);
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
