#include "lap/pact/settling.h"

#include <gtest/gtest.h>

#include "lap/pact/presets.h"
#include "lap/pact/test_util.h"

namespace lap::pact {
namespace {

using namespace testing;

Application applying(int64_t id, std::vector<int> codes, ApplicationStatus status) {
  Application a;
  a.id = id;
  a.call_id = "lap-2024";
  a.applicant = std::to_string(codes.front());
  for (int code : codes)
    a.members.push_back({nis(code), std::nullopt});
  a.status = status;
  return a;
}

// LAP 2024's dates and 50% advance on the werktabel of redistribution_test.cc:
// threshold 50%, €320 per outflow, budget €1,200;
//   11001 N 3, M 30,000 cents, E 0;  11002 N 2, M 20,000, E 0;
//   11004 N 5, M 50,000, E 1;        11005 N 2, M 20,000, E 0.
struct Setting {
  CallParameters p;
  Werktabel werktabel;
};

Setting setting() {
  Setting s;
  s.p = lap_2024().latest().parameters;
  s.p.budget = euro(1200);
  s.p.threshold = Rate::basis_points(5000);
  s.p.amount_per_outflow = euro(320);
  s.werktabel =
      *build_werktabel(s.p, {"lap-2024", 1, day("2024-06-01")},
                       {CountSource::kCountTable,
                        {{nis(11001), 3}, {nis(11002), 2}, {nis(11004), 5}, {nis(11005), 2}}});
  return s;
}

TEST(ApprovalAdvance, OnTheRightsInForceWithTheApplicationTakingPart) {
  const Setting s = setting();
  std::vector<Application> apps = {applying(1, {11001}, ApplicationStatus::kApproved),
                                   applying(2, {11004}, ApplicationStatus::kSubmitted),
                                   applying(3, {11002}, ApplicationStatus::kDraft)};
  // Without a redistribution decision its own right: E 1 -> 50% × 1 × €320.
  EXPECT_EQ(*approval_advance(apps[1], apps, s.werktabel, s.p, nullptr), euro(160));
  // WSE decides with 11001 and 11004 taking part: 11004 takes what 11001
  // cannot (capped) -> M 64,000, E 2.
  std::vector<Application> both_approved = apps;
  both_approved[1].status = ApplicationStatus::kApproved;
  auto d =
      decide_redistribution(s.werktabel, both_approved, s.p, s.p.application_deadline + 1, nullptr);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->rights.find(nis(11004))->e, 2);
  // Approved after a decision that did not count it: still its own right.
  auto only_first =
      decide_redistribution(s.werktabel, apps, s.p, s.p.application_deadline + 1, nullptr);
  ASSERT_TRUE(only_first);
  EXPECT_EQ(*approval_advance(apps[1], apps, s.werktabel, s.p, &*only_first), euro(160));
  // A consortium of members counted in the decision sums their decided rights;
  // a lower commitment lowers the advance.
  Application both = applying(2, {11001, 11004}, ApplicationStatus::kSubmitted);
  apps[0].status = ApplicationStatus::kRefused;
  EXPECT_EQ(*approval_advance(both, {apps[0], both, apps[2]}, s.werktabel, s.p, &*d),
            euro(160) + euro(320));
  Application low = applying(4, {11004}, ApplicationStatus::kSubmitted);
  low.members[0].engagement = 0;
  EXPECT_EQ(*approval_advance(low, {low}, s.werktabel, s.p, nullptr), Money());
}

TEST(ApprovalAdvance, AnEngagementAboveEIsAnError) {
  const Setting s = setting();
  Application a = applying(1, {11004}, ApplicationStatus::kSubmitted);
  a.members[0].engagement = 5;
  EXPECT_FALSE(approval_advance(a, {a}, s.werktabel, s.p, nullptr));
}

SettlementUnit unit_of(std::vector<int> codes) {
  SettlementUnit u;
  for (int code : codes) {
    u.id += (u.id.empty() ? "" : "+") + std::to_string(code);
    u.members.push_back(nis(code));
  }
  u.result_codes = u.members;
  return u;
}

TEST(SettlementInput, AdvancesAndReportsOfTheUnitsParticipatingApplications) {
  Application a = applying(1, {11001}, ApplicationStatus::kApproved);
  a.advance_paid = euro(100);
  a.annual_report_approved = day("2026-03-01");
  Application b = applying(2, {11004}, ApplicationStatus::kRunning);
  b.advance_paid = euro(50);
  b.annual_report_approved = day("2026-04-01");
  Application draft = applying(3, {11001}, ApplicationStatus::kDraft);
  draft.advance_paid = euro(999);
  draft.annual_report_approved = day("2026-05-01");
  const SettlementUnit unit = unit_of({11001, 11004});
  SettlementInput in = settlement_input(unit, {a, b, draft}, 42);
  EXPECT_EQ(in.result, 42);
  EXPECT_EQ(in.advance_paid, euro(150));
  EXPECT_EQ(in.annual_report_approved, day("2026-04-01"));  // the latest of both
  b.annual_report_approved.reset();
  in = settlement_input(unit, {a, b, draft}, 42);
  EXPECT_FALSE(in.annual_report_approved);  // not every report approved
  in = settlement_input(unit_of({11005}), {a, b, draft}, 0);
  EXPECT_EQ(in.advance_paid, Money());
  EXPECT_FALSE(in.annual_report_approved);
}

TEST(ApplicationsToSettle, OnlyWhenEveryApplicationOfTheUnitIsRunning) {
  PaymentStatement st;
  st.unit_id = "11001+11004";
  st.members = {nis(11001), nis(11004)};
  st.status = PaymentStatus::kPayable;
  std::vector<Application> apps = {applying(1, {11001}, ApplicationStatus::kRunning),
                                   applying(2, {11004}, ApplicationStatus::kRunning),
                                   applying(3, {11005}, ApplicationStatus::kRunning),
                                   applying(4, {11004}, ApplicationStatus::kRefused)};
  auto settled = applications_to_settle(st, apps);
  ASSERT_EQ(settled.size(), 2u);
  EXPECT_EQ(settled[0].id, 1);
  EXPECT_EQ(settled[1].id, 2);
  EXPECT_EQ(settled[0].status, ApplicationStatus::kSettled);
  EXPECT_EQ(settled[1].status, ApplicationStatus::kSettled);
  st.status = PaymentStatus::kHeld;
  EXPECT_TRUE(applications_to_settle(st, apps).empty());
  st.status = PaymentStatus::kToRecover;
  apps[1].status = ApplicationStatus::kApproved;
  EXPECT_TRUE(applications_to_settle(st, apps).empty());
  st.members = {nis(11008)};
  EXPECT_TRUE(applications_to_settle(st, apps).empty());
}

}  // namespace
}  // namespace lap::pact
