// The consent of every member of a consortium through the API (pact_applications_api.cc).
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lap/server/api/api_test_fixture.h"

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

// The annual report of an approved consortium (pact_documents_api.cc): every
// member's local government uploads and reads it, WSE reads it, another
// municipality of the same region neither.
TEST_F(ConsortiumConsentApi, EveryMemberReadsTheConsortiumsAnnualReport) {
  Client wse = sign_in("wse");
  Client aartselaar = sign_in("aartselaar");
  Client boechout = sign_in("boechout");
  Client boom = sign_in("boom");
  import_region_counts(wse);
  auto a = post_json("/api/v1/calls/lap-2024/applications",
                     consortium("zuidrand", {"11001", "11004"}), aartselaar, 201);
  const std::string path = path_of(a);
  a = post_json(path + "/consent", {{"consent", "consented"}, {"row_version", a["row_version"]}},
                boechout, 200);
  a = post_json(path + "/status", {{"status", "submitted"}, {"row_version", a["row_version"]}},
                aartselaar, 200);
  post_json(path + "/status", {{"status", "approved"}, {"row_version", a["row_version"]}}, wse,
            200);
  const std::string document = path + "/annual-report-document";
  EXPECT_EQ(send("PUT", document, "%PDF-1.7 Boom", &boom, true, "application/pdf").status, 403);
  auto stored = send("PUT", document + "?file=zuidrand.pdf", "%PDF-1.7 Zuidrand", &boechout, true,
                     "application/pdf");
  ASSERT_EQ(stored.status, 201) << stored.body;
  for (const Client* c : {&aartselaar, &boechout, &wse}) {
    auto got = send("GET", document, "", c);
    EXPECT_EQ(got.status, 200);
    EXPECT_EQ(got.body, "%PDF-1.7 Zuidrand");
  }
  EXPECT_EQ(send("GET", document, "", &boom).status, 403);
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
