#include "lap/pact/decision.h"

#include <gtest/gtest.h>

#include "lap/pact/presets.h"
#include "lap/pact/test_util.h"

namespace lap::pact {
namespace {

using namespace testing;

// Threshold 50%, €320 per outflow, budget €1,200 (120,000 cents), the cap on:
//   municipality  N   own M (cents)   B
//   P 11001       3   30,000          2
//   Q 11002       2   20,000          1
//   R 11004       5   50,000          3
//   X 11005       2   20,000          1
// P, Q and R take part: redistribution_test.cc works the pool of 20,000 out to
// P 32,000 (at its cap), Q 25,143, R 62,857.
struct DecisionSetting {
  CallParameters p;
  Werktabel werktabel;
};

DecisionSetting decision_setting() {
  DecisionSetting f;
  f.p = lap_2024().latest().parameters;
  f.p.budget = euro(1200);
  f.p.threshold = Rate::basis_points(5000);
  f.p.amount_per_outflow = euro(320);
  f.p.redistribution_cap = true;
  f.werktabel =
      *build_werktabel(f.p, {"test", 1, day("2024-06-01")},
                       {CountSource::kCountTable,
                        {{nis(11001), 3}, {nis(11002), 2}, {nis(11004), 5}, {nis(11005), 2}}});
  return f;
}

Application approved_app(int64_t id, int code) {
  Application a;
  a.id = id;
  a.call_id = "test";
  a.applicant = nis(code).to_string();
  a.members = {{nis(code), std::nullopt}};
  a.status = ApplicationStatus::kApproved;
  return a;
}

TEST(Decision, ADecisionAfterTheDeadlineRecordsTheApplicationsAndTheirRights) {
  const DecisionSetting f = decision_setting();
  std::vector<Application> apps{approved_app(7, 11004), approved_app(3, 11001),
                                approved_app(5, 11002)};
  apps.push_back(approved_app(9, 11005));
  apps.back().status = ApplicationStatus::kRefused;
  auto d = decide_redistribution(f.werktabel, apps, f.p, f.p.application_deadline + 1, nullptr);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->number, 1);
  EXPECT_FALSE(d->supersedes);
  EXPECT_EQ(d->applications, (std::vector<int64_t>{3, 5, 7}));  // the refused one not counted
  ASSERT_EQ(d->rights.rows.size(), 3u);
  EXPECT_EQ(d->rights.rows[0].m, cents(32'000));
  EXPECT_EQ(d->rights.rows[1].m, cents(25'143));
  EXPECT_EQ(d->rights.rows[2].m, cents(62'857));

  // A second decision supersedes the first, explicitly.
  auto next = decide_redistribution(f.werktabel, apps, f.p, f.p.application_deadline + 30, &*d);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->number, 2);
  EXPECT_EQ(next->supersedes, 1);
}

TEST(Decision, NoDecisionOnOrBeforeTheDeadlineNorBeforeThePreviousOne) {
  const DecisionSetting f = decision_setting();
  std::vector<Application> apps{approved_app(1, 11001)};
  auto early = decide_redistribution(f.werktabel, apps, f.p, f.p.application_deadline, nullptr);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kFailedPrecondition);
  auto first =
      decide_redistribution(f.werktabel, apps, f.p, f.p.application_deadline + 10, nullptr);
  ASSERT_TRUE(first);
  auto back = decide_redistribution(f.werktabel, apps, f.p, f.p.application_deadline + 5, &*first);
  ASSERT_FALSE(back);
  auto nobody = decide_redistribution(f.werktabel, {}, f.p, f.p.application_deadline + 1, nullptr);
  ASSERT_FALSE(nobody);
  EXPECT_EQ(nobody.error().code, ErrorCode::kFailedPrecondition);
}

TEST(Decision, TheDecisionInForceIsTheLatestDecidedOnOrBeforeToday) {
  RedistributionDecision a, b;
  a.number = 1;
  a.decided_on = day("2024-03-01");
  b.number = 2;
  b.decided_on = day("2024-04-01");
  std::vector<RedistributionDecision> all{a, b};
  EXPECT_EQ(decision_in_force(all, day("2024-02-29")), nullptr);
  EXPECT_EQ(decision_in_force(all, day("2024-03-31"))->number, 1);
  EXPECT_EQ(decision_in_force(all, day("2024-04-01"))->number, 2);
  EXPECT_EQ(b.ref().to_string_nl(), "beslissing 2 van 01-04-2024");
}

TEST(Decision, RightsDoNotMoveWhenAnApplicationIsApprovedAfterTheDecision) {
  const DecisionSetting f = decision_setting();
  std::vector<Application> apps{approved_app(1, 11001), approved_app(2, 11002)};
  auto d = decide_redistribution(f.werktabel, apps, f.p, f.p.application_deadline + 1, nullptr);
  ASSERT_TRUE(d);
  // Without R, the pool of R's and X's 70,000 goes to P and Q (P capped at
  // 32,000, Q up to its cap of 32,000): P 32,000, Q 32,000.
  EXPECT_EQ(d->rights.find(nis(11001))->m, cents(32'000));
  EXPECT_EQ(d->rights.find(nis(11002))->m, cents(32'000));

  // R is approved late: P and Q keep the decided rights, R holds its own.
  std::vector<Participation> now{{nis(11001), {}}, {nis(11002), {}}, {nis(11004), {}}};
  auto rights = rights_in_force(f.werktabel, now, f.p, &*d);
  ASSERT_TRUE(rights) << rights.error().message;
  EXPECT_EQ(rights->decision, d->ref());
  EXPECT_EQ(rights->outside_decision, std::vector<Nis>{nis(11004)});
  EXPECT_EQ(rights->table.find(nis(11001))->m, cents(32'000));
  EXPECT_EQ(rights->table.find(nis(11002))->m, cents(32'000));
  EXPECT_EQ(rights->table.find(nis(11004))->m, cents(50'000));
  EXPECT_EQ(rights->table.allocated, cents(114'000));
  EXPECT_EQ(rights->table.unallocated, cents(6'000));

  // Without a decision every participant holds its own right.
  auto own = rights_in_force(f.werktabel, now, f.p, nullptr);
  ASSERT_TRUE(own);
  EXPECT_FALSE(own->decision);
  EXPECT_EQ(own->table.pool, Money());
  EXPECT_EQ(own->table.find(nis(11001))->m, cents(30'000));
  EXPECT_EQ(own->table.find(nis(11004))->m, cents(50'000));
}

TEST(Decision, AParticipantRefusedAfterTheDecisionLeavesTheTable) {
  const DecisionSetting f = decision_setting();
  std::vector<Application> apps{approved_app(1, 11001), approved_app(2, 11002),
                                approved_app(3, 11004)};
  auto d = decide_redistribution(f.werktabel, apps, f.p, f.p.application_deadline + 1, nullptr);
  ASSERT_TRUE(d);
  std::vector<Participation> now{{nis(11001), {}}, {nis(11004), {}}};
  auto rights = rights_in_force(f.werktabel, now, f.p, &*d);
  ASSERT_TRUE(rights);
  ASSERT_EQ(rights->table.rows.size(), 2u);
  EXPECT_EQ(rights->table.find(nis(11004))->m, cents(62'857));  // as decided, not more
  EXPECT_TRUE(rights->outside_decision.empty());
}

}  // namespace
}  // namespace lap::pact
