// The review queue of the linkage over HTTP (link_review_api.cc): who sees which
// items (domain.md §6: VDAB every item, an OCMW counsellor only those of persons
// with a relation with their own OCMW, the others 403), the waterfall of an
// item, decisions, and the audit rows of every read, decision and refusal.
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

constexpr std::string_view kLevels =
    R"([{"field":"insz","level":"missing","weight":0,"term_frequency":false},
        {"field":"last_name","level":"exact","weight":8.25,"term_frequency":true},
        {"field":"first_name","level":"close","weight":4.5,"term_frequency":false},
        {"field":"birth_date","level":"year_only","weight":-7.75,"term_frequency":false},
        {"field":"sex","level":"equal","weight":1,"term_frequency":false},
        {"field":"postcode","level":"equal","weight":4,"term_frequency":false}])";

class LinkReviewApiTest : public ApiTest {
 protected:
  // Persons 1 (OCMW 11002), 2 (OCMW 44021), 3 (11002, ended more than 12
  // months before the data end 2024-12), 5 (11002, ended 9 months before); an
  // item of an unknown person; a link run of load 1 with one item each.
  void SetUp() override {
    add_account("ocmw-gent", Role::kOcmwCounsellor, 44021);
    auto lease = pool_.lease();
    ASSERT_TRUE(lease);
    // A data load (the link run belongs to one) of one entitlement.
    auto tx = (*lease)->begin_import(
        {"/deliveries/1",
         "fp",
         {{"rmi_entitlements.csv", formats::Source::kRmiEntitlements, "aa"}}});
    ASSERT_TRUE(tx);
    formats::RmiEntitlementRow row;
    row.ocmw_nis = *Nis::parse("11002");
    row.insz = *Insz::parse("76080814407", *Date::parse("2026-01-01"));
    row.kind = formats::EntitlementKind::kLL;
    row.start_date = *Date::parse("2023-01-01");
    ASSERT_TRUE((*tx)->begin_source(formats::Source::kRmiEntitlements));
    ASSERT_TRUE((*tx)->add(row, formats::hash_canonical(formats::canonical_text(row)),
                           std::string(32, 'a')));
    ASSERT_TRUE((*tx)->end_source());
    ASSERT_EQ((*tx)->commit().value(), 1);
    tx->reset();  // the import ends with its transaction
    std::vector<store::LinkStore::LinkReviewItem> items;
    for (const auto& ref : {ref_of(1), ref_of(2), ref_of(3), ref_of(5), ref_of(9)}) {
      items.push_back({0, 0, ref, 100 + static_cast<int64_t>(items.size()), 10,
                       "between_thresholds", std::string(kLevels)});
    }
    store::LinkStore::LinkRun run;
    run.load_id = 1;
    run.summary_json = R"({"thresholds":{"lower":6,"upper":14},"model":{"lambda":0.2}})";
    auto saved = (*lease)->save_link_run(run, {}, items, {});
    ASSERT_TRUE(saved) << saved.error().message;
    auto timelines =
        std::make_shared<const measure::Timelines>(mt::Case()
                                                       .ent(1, 11002, "2023-01-01")
                                                       .ent(2, 44021, "2023-01-01")
                                                       .ent(3, 11002, "2023-01-01", "2023-06-30")
                                                       .ent(5, 11002, "2023-01-01", "2024-03-31")
                                                       .build());
    env_.timelines = [timelines](const pact::DataRef&) {
      return Result<std::shared_ptr<const measure::Timelines>>(timelines);
    };
  }

  static std::string ref_of(int person) { return pseudonym_hex(mt::key(person)); }

  // The OCMW persons of the items `client` sees, or the status when not 200.
  std::set<std::string> listed(const Client& client, int* status = nullptr) {
    auto r = send("GET", "/api/v1/link/review", "", &client);
    if (status) *status = r.status;
    std::set<std::string> refs;
    if (r.status != 200) return refs;
    auto body = json::parse(r.body);
    EXPECT_EQ(body["total"].get<size_t>(), body["items"].size());
    for (const auto& it : body["items"])
      refs.insert(it["ocmw_person"].get<std::string>());
    return refs;
  }

  std::vector<store::AuditEntry> audit_of(int person) {
    auto lease = pool_.lease();
    return (*lease)->audit_for(ref_of(person)).value();
  }

  int item_of(int person) { return person == 5 ? 4 : person == 9 ? 5 : person; }
};

TEST_F(LinkReviewApiTest, EachRoleSeesTheItemsSpecSectionSixAllowsAndNoOthers) {
  EXPECT_EQ(listed(sign_in("vdab")),
            (std::set{ref_of(1), ref_of(2), ref_of(3), ref_of(5), ref_of(9)}));
  EXPECT_EQ(listed(sign_in("ocmw")), (std::set{ref_of(1), ref_of(5)}));
  EXPECT_EQ(listed(sign_in("ocmw-gent")), (std::set{ref_of(2)}));
  for (const char* user : {"wse", "antwerpen", "aartselaar", "burger", "beheer"}) {
    int status = 0;
    EXPECT_TRUE(listed(sign_in(user), &status).empty()) << user;
    EXPECT_EQ(status, 403) << user;
  }
  // Every item read is audited with the purpose; person 3 was read by VDAB only.
  const auto reads = audit_of(1);
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_EQ(reads[0].action, "GET /api/v1/link/review");
  EXPECT_EQ(reads[0].purpose, "koppeling nakijken");
  EXPECT_EQ(audit_of(3).size(), 1u);
  EXPECT_EQ(audit_of(3)[0].actor, "vdab");
}

TEST_F(LinkReviewApiTest, AnItemIsAWaterfallAgainstTheRunsThresholds) {
  const Client vdab = sign_in("vdab");
  auto r = send("GET", "/api/v1/link/review?limit=2&offset=1", "", &vdab);
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = json::parse(r.body);
  EXPECT_EQ(body["total"], 5);
  EXPECT_EQ(body["limit"], 2);
  ASSERT_EQ(body["items"].size(), 2u);
  EXPECT_EQ(body["thresholds"]["lower"], 6);
  EXPECT_EQ(body["thresholds"]["upper"], 14);
  EXPECT_DOUBLE_EQ(body["prior"].get<double>(), -2.0);
  const auto& item = body["items"][0];
  EXPECT_EQ(item["item"], 2);
  EXPECT_EQ(item["vdab_client"], 101);
  EXPECT_EQ(item["band"], "between");
  ASSERT_EQ(item["fields"].size(), 6u);
  EXPECT_EQ(item["fields"][1]["from"], 0);
  EXPECT_EQ(item["fields"][1]["to"], 8.25);
  EXPECT_EQ(item["fields"][3]["from"], 12.75);
  EXPECT_EQ(item["fields"][3]["to"], 5);
  EXPECT_EQ(item["total"], 10);
  EXPECT_EQ(send("GET", "/api/v1/link/review?limit=201", "", &vdab).status, 400);
}

TEST_F(LinkReviewApiTest, DecisionsOnlyOnReviewableItemsAndTheyLeaveTheQueue) {
  const Client ocmw = sign_in("ocmw");
  const std::string match = json{{"decision", "match"}}.dump();
  auto path = [](int item) { return "/api/v1/link/review/" + std::to_string(item) + "/decision"; };
  // Another OCMW's person, an ended relation and an unknown item: one answer.
  auto other = send("POST", path(item_of(2)), match, &ocmw);
  auto ended = send("POST", path(item_of(3)), match, &ocmw);
  auto unknown = send("POST", path(99), match, &ocmw);
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(other.body, unknown.body);
  EXPECT_EQ(ended.body, unknown.body);
  EXPECT_EQ(send("POST", path(item_of(1)), R"({"decision":"maybe"})", &ocmw).status, 422);
  const Client wse = sign_in("wse");
  EXPECT_EQ(send("POST", path(item_of(1)), match, &wse).status, 403);
  auto ok = send("POST", path(item_of(1)), match, &ocmw);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(json::parse(ok.body)["reviewer"], "ocmw");
  EXPECT_EQ(listed(ocmw), std::set{ref_of(5)});
  {
    auto lease = pool_.lease();
    auto decisions = (*lease)->link_decisions().value();
    ASSERT_EQ(decisions.size(), 1u);
    EXPECT_EQ(decisions[0].ocmw_ref, ref_of(1));
    EXPECT_TRUE(decisions[0].match);
    EXPECT_EQ(decisions[0].reviewer, "ocmw");
  }
  // The refusal about Gent's person is audited under that person; the decision too.
  const auto gent = audit_of(2);
  ASSERT_EQ(gent.size(), 1u);
  EXPECT_EQ(gent[0].action, "POST /api/v1/link/review/{item}/decision refused: no relation");
  bool decided = false;
  for (const auto& a : audit_of(1))
    decided = decided || a.action == "POST /api/v1/link/review/{item}/decision: match";
  EXPECT_TRUE(decided);
}

}  // namespace
}  // namespace lap::server::api
