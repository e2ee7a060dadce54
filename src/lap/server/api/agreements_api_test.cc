// Cooperation agreements over HTTP (agreements_api.cc): VDAB and WSE keep the
// registry, every role that reads the LAP reads it, a stale change is refused,
// a broken rule names its field in Dutch, and the coverage per province counts
// what the registry holds, as JSON and as a download.
#include <gtest/gtest.h>

#include "lap/server/api/api_test_fixture.h"

namespace lap::server::api {
namespace {

class AgreementsApiTest : public ApiTest {
 protected:
  static json body(const Response& r) { return json::parse(r.body); }
};

json mechelen_so() {
  return {{"scope", "municipality"},
          {"area", "12025"},
          {"title", "Samen sterk voor lokaal werk in 2020-2025"},
          {"status", "concluded"},
          {"concluded_on", "2021-03-01"},
          {"ends_on", "2025-12-31"},
          {"parties", {"VDAB", "stad Mechelen"}},
          {"steering_group", "Stuurgroep activering"},
          {"actions",
           {{{"theme", "Meer mensen aan de slag"},
             {"domain", "Actiedomein 1 – Het vermijden van jeugdwerkloosheid"},
             {"code", "1.1"},
             {"title", "Aanpak ongekwalificeerde schooluitval"},
             {"lead", "stad Mechelen"},
             {"partners", {"VDAB"}},
             {"status", "running"},
             {"indicators", {"Bereik"}}}}}};
}

TEST_F(AgreementsApiTest, VdabAndWseKeepTheRegistryEveryLapReaderReadsIt) {
  Client vdab = sign_in("vdab");
  auto made = send("POST", "/api/v1/agreements", mechelen_so().dump(), &vdab);
  ASSERT_EQ(made.status, 201) << made.body;
  const json a = body(made);
  const int64_t id = a["id"];
  EXPECT_EQ(a["area_name"], "Mechelen");
  EXPECT_EQ(a["province"], "Antwerpen");
  EXPECT_EQ(a["status_label"], "afgesloten");
  EXPECT_EQ(a["status_today"], "concluded");  // 2024-10-01 lies within the term
  EXPECT_EQ(a["actions"][0]["status_label"], "lopend");
  EXPECT_EQ(a["row_version"], 1);

  // A change by WSE, then a stale one.
  Client wse = sign_in("wse");
  auto changed = mechelen_so();
  changed["row_version"] = 1;
  changed["actions"][0]["status"] = "done";
  const std::string path = "/api/v1/agreements/" + std::to_string(id);
  auto v2 = send("PUT", path, changed.dump(), &wse);
  ASSERT_EQ(v2.status, 200) << v2.body;
  EXPECT_EQ(body(v2)["row_version"], 2);
  EXPECT_EQ(body(v2)["actions"][0]["status_label"], "afgerond");
  EXPECT_EQ(send("PUT", path, changed.dump(), &vdab).status, 409);
  EXPECT_EQ(send("PUT", "/api/v1/agreements/999", changed.dump(), &vdab).status, 404);

  // Broken rules name the field in Dutch.
  auto bad = mechelen_so();
  bad.erase("concluded_on");
  auto refused = send("POST", "/api/v1/agreements", bad.dump(), &vdab);
  ASSERT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("afgesloten_op: is verplicht"), std::string::npos) << refused.body;
  bad = mechelen_so();
  bad["actions"][0]["title"] = "";
  refused = send("POST", "/api/v1/agreements", bad.dump(), &vdab);
  ASSERT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("acties[1].titel"), std::string::npos) << refused.body;
  bad = mechelen_so();
  bad["area"] = "99999";
  EXPECT_EQ(send("POST", "/api/v1/agreements", bad.dump(), &vdab).status, 422);

  // Readers; only VDAB and WSE write.
  for (const char* user : {"ocmw", "antwerpen"}) {
    Client c = sign_in(user);
    auto r = send("GET", "/api/v1/agreements", "", &c);
    ASSERT_EQ(r.status, 200) << user << r.body;
    ASSERT_EQ(body(r)["agreements"].size(), 1U);
    EXPECT_FALSE(body(r)["agreements"][0].contains("actions"));
    EXPECT_EQ(body(r)["agreements"][0]["action_count"], 1);
    EXPECT_EQ(send("GET", path, "", &c).status, 200);
    EXPECT_EQ(send("POST", "/api/v1/agreements", mechelen_so().dump(), &c).status, 403) << user;
    EXPECT_EQ(send("PUT", path, changed.dump(), &c).status, 403) << user;
  }
  for (const char* user : {"burger", "beheer"}) {
    Client c = sign_in(user);
    EXPECT_EQ(send("GET", "/api/v1/agreements", "", &c).status, 403) << user;
  }
  // Filtered on a municipality: Mechelen's own; Gent has none.
  EXPECT_EQ(body(send("GET", "/api/v1/agreements?nis=12025", "", &wse))["agreements"].size(), 1U);
  EXPECT_EQ(body(send("GET", "/api/v1/agreements?nis=44021", "", &wse))["agreements"].size(), 0U);
  EXPECT_EQ(send("GET", "/api/v1/agreements?nis=99999", "", &wse).status, 404);
}

TEST_F(AgreementsApiTest, CoverageCountsTheRegistryPerProvince) {
  Client vdab = sign_in("vdab");
  ASSERT_EQ(send("POST", "/api/v1/agreements", mechelen_so().dump(), &vdab).status, 201);
  json region = {
      {"scope", "region"},       {"area", "Regio Mechelen"},    {"title", "Regionale overeenkomst"},
      {"status", "negotiating"}, {"expected_on", "2025-03-31"}, {"parties", {"VDAB"}}};
  ASSERT_EQ(send("POST", "/api/v1/agreements", region.dump(), &vdab).status, 201);
  Client c = sign_in("antwerpen");
  auto r = send("GET", "/api/v1/agreement-coverage", "", &c);
  ASSERT_EQ(r.status, 200) << r.body;
  const json cov = body(r);
  EXPECT_EQ(cov["on"], "2024-10-01");
  EXPECT_EQ(cov["prognosis"], "2025-03-30");  // 180 days later
  const json& flanders = cov["provinces"].back();
  EXPECT_EQ(flanders["name"], "Vlaanderen");
  EXPECT_EQ(flanders["municipalities"]["total"], 300);
  EXPECT_EQ(flanders["municipalities"]["concluded"], 1);
  EXPECT_EQ(flanders["regions"]["negotiating"], 1);
  EXPECT_EQ(flanders["regions"]["prognosis"], 0);  // expected a day after the prognosis
  json antwerpen;
  for (const auto& p : cov["provinces"])
    if (p["name"] == "Antwerpen") antwerpen = p;
  EXPECT_EQ(antwerpen["municipalities"]["concluded"], 1);
  // Every municipality with its status and the shapes of the map.
  ASSERT_EQ(cov["municipalities"].size(), 300U);
  int concluded = 0;
  for (const auto& m : cov["municipalities"]) {
    if (m["status"] == "concluded") {
      ++concluded;
      EXPECT_EQ(m["nis"], "12025");
      EXPECT_EQ(m["status_label"], "afgesloten");
      EXPECT_EQ(m["map_codes"], json::array({"12025"}));
    }
  }
  EXPECT_EQ(concluded, 1);
  auto later =
      body(send("GET", "/api/v1/agreement-coverage?on=2026-01-01&prognosis=2026-06-30", "", &c));
  // After its term Mechelen is to start again; after the mergers Flanders has 285.
  EXPECT_EQ(later["provinces"].back()["municipalities"]["concluded"], 0);
  EXPECT_EQ(later["provinces"].back()["municipalities"]["total"], 285);
  EXPECT_EQ(later["provinces"].back()["regions"]["prognosis"], 1);
  EXPECT_EQ(send("GET", "/api/v1/agreement-coverage?on=morgen", "", &c).status, 400);
  auto csv = send("GET", "/api/v1/agreement-coverage?format=csv", "", &c);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.body.find("Provincie;Gemeenten afgesloten op 1 oktober 2024"), std::string::npos)
      << csv.body.substr(0, 300);
  EXPECT_NE(csv.body.find("\nVlaanderen;1;0;299;300;0,333333;1;0,333333;0;37;0;0;0"),
            std::string::npos)
      << csv.body;
}

TEST_F(AgreementsApiTest, AnApplicationLinksToTheMunicipalitysAgreement) {
  Client wse = sign_in("wse");
  import_counts(wse);
  Client vdab = sign_in("vdab");
  auto own = mechelen_so();
  own["area"] = "11002";
  own["title"] = "Samenwerkingsovereenkomst Antwerpen";
  auto made = send("POST", "/api/v1/agreements", own.dump(), &vdab);
  ASSERT_EQ(made.status, 201) << made.body;
  const int64_t antwerpen_so = body(made)["id"];
  const int64_t mechelen =
      body(send("POST", "/api/v1/agreements", mechelen_so().dump(), &vdab))["id"];
  Client antwerpen = sign_in("antwerpen");
  // The form offers the agreements that concern Antwerpen.
  auto offered = body(send("GET", "/api/v1/agreements?nis=11002", "", &antwerpen));
  ASSERT_EQ(offered["agreements"].size(), 1U);
  EXPECT_EQ(offered["agreements"][0]["id"], antwerpen_so);
  json application = {{"members", {{{"nis", "11002"}, {"engagement", 10}}}},
                      {"plan", "Trajecten naar werk met VDAB"},
                      {"actions", {"intake"}},
                      {"agreement_id", mechelen}};
  auto refused =
      send("POST", "/api/v1/calls/lap-2024/applications", application.dump(), &antwerpen);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_NE(refused.body.find("De aanvraag is niet geldig"), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("gaat geen van de leden aan"), std::string::npos) << refused.body;
  application["agreement_id"] = antwerpen_so;
  auto created =
      send("POST", "/api/v1/calls/lap-2024/applications", application.dump(), &antwerpen);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(body(created)["agreement_id"], antwerpen_so);
  EXPECT_EQ(body(created)["agreement"], "");
  // It can be submitted without a link.
  const std::string path =
      "/api/v1/applications/" + std::to_string(body(created)["id"].get<int64_t>());
  auto submitted =
      send("POST", path + "/status",
           json{{"status", "submitted"}, {"row_version", body(created)["row_version"]}}.dump(),
           &antwerpen);
  EXPECT_EQ(submitted.status, 200) << submitted.body;
}

}  // namespace
}  // namespace lap::server::api
