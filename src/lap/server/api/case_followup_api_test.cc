// The follow-up of a shared case and the work lists over HTTP
// (case_followup_api.cc, worklist_api.cc): transmissions answered by the
// deadline or escalated, exemptions reviewed yearly, who follows a case, the
// tasks per user and team, and the leefloners without a trajectory, as JSON
// and as files, every person listed audited.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lap/report/figure_sheet.h"
#include "lap/server/api/case_access.h"
#include "lap/server/api/cases_api_test_fixture.h"

namespace lap::server::api {
namespace {

class CaseFollowupApiTest : public CasesApiTest {
 protected:
  std::vector<std::string> tasks(const Client& client, const std::string& query = "") {
    auto r = send("GET", "/api/v1/worklist?purpose=werklijst&" + query, "", &client);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    if (r.status != 200) return out;
    const json body = json::parse(r.body);
    for (const auto& row : body["rows"])
      out.push_back(row["task"].get<std::string>());
    return out;
  }
};

TEST_F(CaseFollowupApiTest, ATransmissionIsAnsweredByTheDeadlineOrEscalatesOnBothSides) {
  Client ocmw = sign_in("ocmw");
  Client vdab = sign_in("vdab");
  const int64_t id = open(ocmw, 1);
  const std::string base = "/api/v1/cases/" + std::to_string(id);
  EXPECT_EQ(send("POST", base + "/transmissions", json{{"reason", "x"}}.dump(), &ocmw).status,
            409);  // only VDAB sends
  auto t = send("POST", base + "/transmissions", json{{"reason", "twee afspraken gemist"}}.dump(),
                &vdab);
  ASSERT_EQ(t.status, 201) << t.body;
  json sent = json::parse(t.body);
  EXPECT_EQ(sent["deadline"], "2024-10-31");  // today (2024-10-01) + 30 days
  EXPECT_EQ(tasks(ocmw), std::vector<std::string>{"Doormelding te beantwoorden"});
  EXPECT_TRUE(tasks(vdab, "scope=team").empty());  // not late yet
  // Past the deadline it escalates: on VDAB's list too.
  today_ = *Date::parse("2024-11-04");
  EXPECT_EQ(tasks(ocmw), std::vector<std::string>{"Doormelding te laat beantwoord"});
  EXPECT_EQ(tasks(vdab, "scope=team"),
            std::vector<std::string>{"Doormelding niet tijdig beantwoord"});
  const std::string answer =
      base + "/transmissions/" + std::to_string(sent["transmission"].get<int64_t>()) + "/answer";
  EXPECT_EQ(send("POST", answer, json{{"answer", "maybe"}, {"reason", "x"}}.dump(), &ocmw).status,
            422);
  EXPECT_EQ(
      send("POST", answer, json{{"answer", "no_sanction"}, {"reason", "x"}}.dump(), &vdab).status,
      409);  // only the OCMW answers
  auto a = send("POST", answer,
                json{{"answer", "sanction_considered"}, {"reason", "herhaald"}}.dump(), &ocmw);
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(json::parse(a.body)["answer_label"], "sanctie overwogen");
  EXPECT_FALSE(json::parse(a.body)["answered_in_time"].get<bool>());  // 2024-11-04 > 2024-10-31
  EXPECT_EQ(send("POST", answer, json{{"answer", "other"}, {"reason", "x"}}.dump(), &ocmw).status,
            409);
  EXPECT_TRUE(tasks(ocmw).empty());
  EXPECT_TRUE(tasks(vdab, "scope=team").empty());
}

TEST_F(CaseFollowupApiTest, TheAnswerTermIsTheAdministratorsSettingForNewTransmissions) {
  Client admin = sign_in("beheer");
  Client ocmw = sign_in("ocmw");
  Client vdab = sign_in("vdab");
  ASSERT_EQ(
      send("PUT", "/api/v1/admin/settings/transmission_days", json{{"value", 10}}.dump(), &admin)
          .status,
      200);
  const int64_t id = open(ocmw, 1);
  auto t = send("POST", "/api/v1/cases/" + std::to_string(id) + "/transmissions",
                json{{"reason", "afspraak gemist"}}.dump(), &vdab);
  ASSERT_EQ(t.status, 201) << t.body;
  EXPECT_EQ(json::parse(t.body)["deadline"], "2024-10-11");  // today (2024-10-01) + 10 days
}

TEST_F(CaseFollowupApiTest, ExemptionsAreReviewedAtLeastYearly) {
  Client ocmw = sign_in("ocmw");
  Client vdab = sign_in("vdab");
  const int64_t id = open(ocmw, 1);
  const std::string base = "/api/v1/cases/" + std::to_string(id) + "/exemptions";
  json health = {{"kind", "health"}, {"reason", "medisch attest"}};
  EXPECT_EQ(send("POST", base, health.dump(), &vdab).status, 409);  // the OCMW grants
  health["review_date"] = "2025-10-02";                             // more than a year
  EXPECT_EQ(send("POST", base, health.dump(), &ocmw).status, 422);
  health.erase("review_date");
  auto g = send("POST", base, health.dump(), &ocmw);
  ASSERT_EQ(g.status, 201) << g.body;
  json x = json::parse(g.body);
  EXPECT_EQ(x["review_date"], "2025-10-01");
  EXPECT_EQ(x["kind_label"], "gezondheid");
  EXPECT_FALSE(x["review_due"].get<bool>());
  EXPECT_TRUE(tasks(ocmw).empty());
  today_ = *Date::parse("2025-09-15");  // within the month before the review
  EXPECT_EQ(tasks(ocmw), std::vector<std::string>{"Vrijstelling te herzien"});
  const std::string review = base + "/" + std::to_string(x["exemption"].get<int64_t>()) + "/review";
  auto r = send("POST", review,
                json{{"decision", "extend"}, {"reason", "nieuw attest"}, {"row_version", 1}}.dump(),
                &ocmw);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["review_date"], "2026-09-15");
  EXPECT_TRUE(tasks(ocmw).empty());
  EXPECT_EQ(send("POST", review,
                 json{{"decision", "end"}, {"reason", "stale"}, {"row_version", 1}}.dump(), &ocmw)
                .status,
            409);
}

TEST_F(CaseFollowupApiTest, MyListHoldsTheCasesIFollowTheTeamsAllOfTheOcmw) {
  add_account("ocmw2", Role::kOcmwCounsellor, 11002);
  Client ocmw = sign_in("ocmw");
  Client colleague = sign_in("ocmw2");
  const int64_t id = open(ocmw, 1);
  const std::string base = "/api/v1/cases/" + std::to_string(id);
  ASSERT_EQ(
      send("POST", base + "/actions",
           json{{"kind", "intake"}, {"owner", "ocmw"}, {"due_date", "2024-09-20"}}.dump(), &ocmw)
          .status,
      201);
  EXPECT_EQ(tasks(ocmw), std::vector<std::string>{"Actie te laat"});
  EXPECT_TRUE(tasks(colleague).empty());
  EXPECT_EQ(tasks(colleague, "scope=team"), std::vector<std::string>{"Actie te laat"});
  auto taken = send("POST", base + "/worker", "{}", &colleague);
  ASSERT_EQ(taken.status, 200) << taken.body;
  EXPECT_EQ(json::parse(taken.body)["ocmw_worker"], "ocmw2");
  EXPECT_EQ(tasks(colleague), std::vector<std::string>{"Actie te laat"});
  EXPECT_TRUE(tasks(ocmw).empty());
  EXPECT_TRUE(tasks(ocmw, "kind=handover&scope=team").empty());
  EXPECT_EQ(send("GET", "/api/v1/worklist?purpose=werklijst&scope=all", "", &ocmw).status, 400);
  // As a file: Dutch headings, the name, one audit row per person listed.
  const auto before = audit_of(1).size();
  auto csv = send("GET", "/api/v1/worklist?purpose=werklijst&format=csv", "", &colleague);
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("Wat;Dossier;Naam;Voornaam"), std::string::npos);
  EXPECT_NE(csv.body.find("Actie te laat;" + std::to_string(id) + ";Peeters;An"),
            std::string::npos);
  EXPECT_EQ(audit_of(1).size(), before + 1);
  auto xlsx = send("GET", "/api/v1/worklist?purpose=werklijst&format=xlsx", "", &colleague);
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  const Client wse = sign_in("wse");
  EXPECT_EQ(send("GET", "/api/v1/worklist?purpose=werklijst", "", &wse).status, 403);
}

TEST_F(CaseFollowupApiTest, LeeflonersWithoutATrajectoryPerSide) {
  Client ocmw = sign_in("ocmw");
  Client vdab = sign_in("vdab");
  auto list = [&](const Client& c, const std::string& query = "") {
    auto r = send("GET", "/api/v1/worklist/leefloners?purpose=eerste%20spoor&" + query, "", &c);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json::parse(r.body)["rows"] : json::array();
  };
  // The OCMW: its leefloners not in category 05 (1, registered elsewhere) or not registered (5).
  json rows = list(ocmw);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0]["person"], ref_of(1));
  EXPECT_EQ(rows[0]["last_name"], "Peeters");
  EXPECT_EQ(rows[0]["since"], "2023-01");
  EXPECT_EQ(rows[0]["vdab"], "ingeschreven, niet in categorie 05");
  EXPECT_EQ(rows[1]["person"], ref_of(5));
  EXPECT_EQ(rows[1]["vdab"], "niet ingeschreven");
  EXPECT_EQ(list(ocmw, "status=unregistered").size(), 1U);
  // VDAB: the registered leefloners of every OCMW not in category 05 (1 and 2), never 5.
  EXPECT_EQ(list(vdab).size(), 2U);
  EXPECT_TRUE(list(vdab, "status=unregistered").empty());
  auto csv =
      send("GET", "/api/v1/worklist/leefloners?purpose=eerste%20spoor&format=csv", "", &ocmw);
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("Naam;Voornaam;Pseudoniem;OCMW;Leefloon sinds;Maanden sinds start;VDAB"),
            std::string::npos);
  EXPECT_EQ(audit_of(5).size(), 3U);  // the two OCMW lists and the file
  EXPECT_TRUE(audit_of(3).empty());
}

TEST_F(CaseFollowupApiTest, NotificationsTellWhoFollowsTheCaseAndOnlyThem) {
  Client ocmw = sign_in("ocmw");
  Client vdab = sign_in("vdab");
  const int64_t id = open(ocmw, 1);
  ASSERT_EQ(send("POST", "/api/v1/cases/" + std::to_string(id) + "/transmissions",
                 json{{"reason", "afspraak gemist"}}.dump(), &vdab)
                .status,
            201);
  auto r = send("GET", "/api/v1/notifications", "", &ocmw);
  ASSERT_EQ(r.status, 200) << r.body;
  json mine = json::parse(r.body);
  EXPECT_EQ(mine["unread"], 1);
  ASSERT_EQ(mine["notifications"].size(), 1U);
  EXPECT_EQ(mine["notifications"][0]["case"], id);
  EXPECT_EQ(mine["notifications"][0]["text"], "Nieuwe doormelding van VDAB");
  const std::string read = "/api/v1/notifications/" +
                           std::to_string(mine["notifications"][0]["notification"].get<int64_t>()) +
                           "/read";
  EXPECT_EQ(send("POST", read, "", &vdab).status, 404);  // not VDAB's
  EXPECT_EQ(send("POST", read, "", &ocmw).status, 204);
  EXPECT_EQ(json::parse(send("GET", "/api/v1/notifications", "", &ocmw).body)["unread"], 0);
  EXPECT_TRUE(
      json::parse(send("GET", "/api/v1/notifications", "", &vdab).body)["notifications"].empty());
}

TEST_F(CaseFollowupApiTest, AClosedCaseKeepsTheOcmwsRelationForTwelveMonths) {
  Client ocmw = sign_in("ocmw");
  Client vdab = sign_in("vdab");
  const int64_t id = open(ocmw, 5);  // person 5: leefloon at 11002
  const std::string close = "/api/v1/cases/" + std::to_string(id) + "/close";
  EXPECT_EQ(send("POST", close, json{{"reason", "x"}, {"row_version", 1}}.dump(), &vdab).status,
            404);  // no relation with VDAB
  auto r = send("POST", close, json{{"reason", "werk gevonden"}, {"row_version", 1}}.dump(), &ocmw);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["status"], "closed");
  EXPECT_EQ(json::parse(r.body)["closed_on"], "2024-10-01");
  EXPECT_EQ(send("POST", "/api/v1/cases/" + std::to_string(id) + "/notes",
                 json{{"text", "na"}}.dump(), &ocmw)
                .status,
            409);
  int status = 0;
  read(ocmw, id, &status);
  EXPECT_EQ(status, 200);
}

TEST(CaseRelation, AnOpenCaseOrOneClosedLessThanTwelveMonthsAgo) {
  store::CaseRecord c;
  c.ocmw_nis = 11002;
  c.status = "open";
  const Date today = *Date::parse("2025-09-30");
  EXPECT_TRUE(case_relation(c, 11002, today));
  EXPECT_FALSE(case_relation(c, 44021, today));  // another OCMW's case
  c.status = "closed";
  c.closed_on = *Date::parse("2024-10-01");
  EXPECT_TRUE(case_relation(c, 11002, today));
  EXPECT_FALSE(case_relation(c, 11002, *Date::parse("2025-10-01")));  // twelve months on
  c.closed_on.reset();
  EXPECT_FALSE(case_relation(c, 11002, today));
}

// The case figures of the dashboard: a handover, a transmission and an action
// of 11002, exact for WSE and for 11002 itself, hidden from Gent; the
// regiegebied's single handover hidden from 11002 too.
TEST_F(CaseFollowupApiTest, CaseFiguresPerOcmwRolledUpAndHiddenWhereSmall) {
  // Case changes carry the wall clock's time, so the application's day is today.
  const std::time_t wall = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&wall, &tm);
  const Date now = *Date::from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  const Month month = Month::of(now);
  auto timelines = std::make_shared<const measure::Timelines>(
      mt::Case(MonthRange(month - 24, month))
          .ent(1, 11002, (month - 24).first_day().to_string())
          .reg(1, (month - 24).first_day().to_string())
          .ent(5, 11002, (month - 24).first_day().to_string())
          .ent(2, 44021, (month - 24).first_day().to_string())
          .work(6, month.to_string(), month.to_string())  // the data end
          .build());
  env_.timelines = [timelines](const pact::DataRef&) {
    return Result<std::shared_ptr<const measure::Timelines>>(timelines);
  };
  today_ = now;
  Client ocmw = sign_in("ocmw");
  Client vdab = sign_in("vdab");
  Client wse = sign_in("wse");
  Client gent = sign_in("ocmw-gent");
  const int64_t id = open(ocmw, 1);
  const std::string base = "/api/v1/cases/" + std::to_string(id);
  ASSERT_EQ(
      send("POST", base + "/actions", json{{"kind", "intake"}, {"owner", "ocmw"}}.dump(), &ocmw)
          .status,
      201);
  auto h = send("POST", base + "/handovers",
                json{{"reason", "klaar voor werk"}, {"row_version", 1}}.dump(), &ocmw);
  ASSERT_EQ(h.status, 201) << h.body;
  const std::string decide = base + "/handovers/" +
                             std::to_string(json::parse(h.body)["handover"].get<int64_t>()) +
                             "/decision";
  ASSERT_EQ(
      send("POST", decide, json{{"decision", "accepted"}, {"row_version", 2}}.dump(), &vdab).status,
      200);
  auto t = send("POST", base + "/transmissions", json{{"reason", "afspraak gemist"}}.dump(), &vdab);
  ASSERT_EQ(t.status, 201) << t.body;
  const Date deadline = *Date::parse(json::parse(t.body)["deadline"].get<std::string>());
  today_ = deadline + 1;  // not answered: late

  auto figures = [&](const Client& c, const std::string& nis) {
    auto r = send("GET", "/api/v1/case-figures/" + nis, "", &c);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json::parse(r.body) : json();
  };
  // The cell of `indicator` in `at` for `series`, and the handovers' median.
  auto cell = [](const json& body, const std::string& indicator, Month at,
                 const std::string& series) -> std::pair<json, json> {
    for (const auto& ind : body["indicators"]) {
      if (ind["indicator"] != indicator) continue;
      const auto& periods = ind["periods"];
      for (size_t i = 0; i < periods.size(); ++i) {
        if (periods[i] != at.to_string()) continue;
        return {ind["series"][series][i],
                ind.contains("median_hours") ? ind["median_hours"][series][i] : json()};
      }
    }
    ADD_FAILURE() << indicator << " has no period " << at.to_string();
    return {};
  };
  for (const Client* c : {&wse, &ocmw}) {
    const json body = figures(*c, "11002");
    EXPECT_EQ(body["k"], 5);
    const auto [handover, median] = cell(body, "handover_lead_time", month, "ocmw");
    EXPECT_EQ(handover["numerator"], 1);  // accepted
    EXPECT_EQ(handover["denominator"], 1);
    EXPECT_TRUE(median.is_number()) << median;
    const auto [transmissions, none] =
        cell(body, "transmissions_in_time", Month::of(deadline), "ocmw");
    EXPECT_EQ(transmissions["numerator"], 0);
    EXPECT_EQ(transmissions["denominator"], 1);
    const auto [leefloners, unused] = cell(body, "leefloners_with_action", month, "ocmw");
    EXPECT_EQ(leefloners["numerator"], 1);  // person 1 of 1 and 5
    EXPECT_EQ(leefloners["denominator"], 2);
    EXPECT_EQ(leefloners["percentage"], "50.0");
    const auto [area, area_median] = cell(body, "handover_lead_time", month, "regiegebied");
    EXPECT_EQ(area["suppressed"].get<bool>(), c == &ocmw) << area;  // one handover in the area
    EXPECT_EQ(area_median.is_null(), c == &ocmw);
  }
  // A change is counted in the background: the next answers come from the tables at hand until
  // the new ones are ready. An action for person 5 too.
  const int64_t second = open(ocmw, 5);
  ASSERT_EQ(send("POST", "/api/v1/cases/" + std::to_string(second) + "/actions",
                 json{{"kind", "screening"}, {"owner", "ocmw"}}.dump(), &ocmw)
                .status,
            201);
  json with_action;
  for (int attempt = 0; attempt < 100; ++attempt) {
    with_action = cell(figures(wse, "11002"), "leefloners_with_action", month, "ocmw").first;
    if (with_action["numerator"] == 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(with_action["numerator"], 2);
  const json other = figures(gent, "11002");
  const auto [hidden, median] = cell(other, "handover_lead_time", month, "ocmw");
  EXPECT_TRUE(hidden["suppressed"].get<bool>());
  EXPECT_TRUE(hidden["numerator"].is_null());
  EXPECT_TRUE(median.is_null());
  EXPECT_TRUE(cell(other, "leefloners_with_action", month, "ocmw").first["suppressed"].get<bool>());
  EXPECT_EQ(send("GET", "/api/v1/case-figures/99999", "", &wse).status, 404);

  // The downloads hold the cells the screen shows: Gent gets Antwerpen's handovers hidden, with
  // the reason and without a median; WSE gets them exactly, with the median.
  auto handover_row = [&](const Client& c) {
    auto r =
        send("GET", "/api/v1/case-figures/11002?format=csv&indicator=handover_lead_time", "", &c);
    EXPECT_EQ(r.status, 200) << r.body;
    const auto disposition =
        std::find_if(r.headers.begin(), r.headers.end(),
                     [](const auto& header) { return header.first == "content-disposition"; });
    EXPECT_TRUE(disposition != r.headers.end() &&
                disposition->second ==
                    "attachment; filename=\"dossiercijfers_11002_handover_lead_time.csv\"");
    EXPECT_EQ(r.body.find("Doormeldingen"), std::string::npos) << "one indicator only";
    const std::string prefix = "Warme overdrachten en hun doorlooptijd;alle;" +
                               report::month_name_nl(month) + ";OCMW Antwerpen;OCMW;11002;";
    const size_t at = r.body.find(prefix);
    EXPECT_NE(at, std::string::npos) << r.body;
    return at == std::string::npos
               ? std::string()
               : r.body.substr(at + prefix.size(), r.body.find("\r\n", at) - at - prefix.size());
  };
  const std::string seen_by_gent = handover_row(gent);
  EXPECT_TRUE(seen_by_gent.starts_with("Antwerpen;;;;;ja;")) << seen_by_gent;
  EXPECT_TRUE(seen_by_gent.ends_with(";")) << "no median: " << seen_by_gent;
  const std::string seen_by_wse = handover_row(wse);
  EXPECT_TRUE(seen_by_wse.starts_with("Antwerpen;1;0;1;100;nee;;")) << seen_by_wse;
  EXPECT_FALSE(seen_by_wse.ends_with(";")) << "a median: " << seen_by_wse;
  auto xlsx = send("GET", "/api/v1/case-figures/11002?format=xlsx", "", &gent);
  EXPECT_EQ(xlsx.status, 200);
  EXPECT_TRUE(xlsx.body.starts_with("PK")) << "a zip archive";
  EXPECT_EQ(send("GET", "/api/v1/case-figures/11002?format=pdf", "", &gent).status, 400);
}

}  // namespace
}  // namespace lap::server::api
