#include "lap/pact/application.h"

#include <gtest/gtest.h>

#include "lap/pact/presets.h"
#include "lap/pact/test_util.h"

namespace lap::pact {
namespace {

using namespace testing;

// LAP 2024 (consortia allowed) with two municipalities of Regio Antwerpen and
// one of another region: 11001 N = 100, 11004 N = 50, 44021 (Gent) N = 250.
struct Fixture {
  Call call = lap_2024();
  CallParameters p = call.latest().parameters;
  Werktabel w;
  Fixture() {
    Counts c;
    c.by_nis = {{nis(11001), 100}, {nis(11004), 50}, {nis(44021), 250}};
    w = *build_werktabel(p, call.ref(call.latest()), c);
  }
};

Application single(int code) {
  Application a;
  a.call_id = "lap-2024";
  a.applicant = std::to_string(code);
  a.members = {{nis(code), std::nullopt}};
  a.plan = "Trajectbegeleiding met VDAB";
  a.actions = {"intake", "jobcoaching"};
  a.agreement_ref = "https://example.org/samenwerkingsovereenkomst";
  return a;
}

TEST(Application, StatusFlow) {
  using S = ApplicationStatus;
  EXPECT_TRUE(transition_allowed(S::kDraft, S::kSubmitted));
  EXPECT_TRUE(transition_allowed(S::kSubmitted, S::kApproved));
  EXPECT_TRUE(transition_allowed(S::kSubmitted, S::kRefused));
  EXPECT_TRUE(transition_allowed(S::kApproved, S::kRunning));
  EXPECT_TRUE(transition_allowed(S::kRunning, S::kSettled));
  EXPECT_FALSE(transition_allowed(S::kDraft, S::kApproved));
  EXPECT_FALSE(transition_allowed(S::kRefused, S::kApproved));
  EXPECT_FALSE(transition_allowed(S::kSettled, S::kRunning));
  EXPECT_FALSE(transition_allowed(S::kApproved, S::kSettled));
  for (auto s : {S::kDraft, S::kSubmitted, S::kApproved, S::kRefused, S::kRunning, S::kSettled})
    EXPECT_EQ(*parse_application_status(application_status_name(s)), s);
  EXPECT_EQ(application_status_dutch(S::kRefused), "geweigerd");
  EXPECT_FALSE(parse_application_status("done"));
}

TEST(Application, SubmittingStopsAfterTheDeadline) {
  Fixture f;  // deadline 2024-10-31
  Application a = single(11001);
  EXPECT_TRUE(check_transition(a, ApplicationStatus::kSubmitted, f.p, day("2024-10-31"), ""));
  auto late = check_transition(a, ApplicationStatus::kSubmitted, f.p, day("2024-11-01"), "");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().message, "the application deadline 2024-10-31 has passed");
  a.status = ApplicationStatus::kSubmitted;
  EXPECT_FALSE(check_transition(a, ApplicationStatus::kRefused, f.p, day("2024-11-05"), ""));
  EXPECT_TRUE(check_transition(a, ApplicationStatus::kRefused, f.p, day("2024-11-05"),
                               "geen samenwerkingsovereenkomst"));
}

TEST(Application, EngagementAtMostTheMaximum) {
  Fixture f;
  const int64_t e = f.w.find(nis(11001))->e;
  Application a = single(11001);
  a.members[0].engagement = e;
  EXPECT_TRUE(validate_application(a, f.p, f.w, geo::Registry::builtin(), true).empty());
  a.members[0].engagement = e + 1;
  auto problems = validate_application(a, f.p, f.w, geo::Registry::builtin(), true);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].to_string(),
            "engagement: 11001: must be between 0 and its maximum E = " + std::to_string(e));
}

TEST(Application, SubmissionNeedsPlanActionsAndAgreement) {
  Fixture f;
  Application a = single(11004);
  a.plan.clear();
  a.actions.clear();
  a.agreement_ref.clear();
  EXPECT_TRUE(validate_application(a, f.p, f.w, geo::Registry::builtin(), false).empty());
  auto problems = validate_application(a, f.p, f.w, geo::Registry::builtin(), true);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].field, "plan");
  EXPECT_EQ(problems[1].field, "actions");
  EXPECT_EQ(problems[2].field, "agreement_ref");
}

TEST(Application, ConsortiumInsideOneReferentieregio) {
  Fixture f;
  Application a = single(11001);
  a.applicant = "regio-antwerpen-zuid";
  a.consortium_name = "Regio Antwerpen Zuid";
  a.members = {{nis(11001), std::nullopt}, {nis(11004), 3}};
  EXPECT_TRUE(validate_application(a, f.p, f.w, geo::Registry::builtin(), true).empty());
  a.members.push_back({nis(44021), std::nullopt});
  auto problems = validate_application(a, f.p, f.w, geo::Registry::builtin(), true);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "members");
  // A single municipality cannot bring others along.
  Application b = single(11001);
  b.members.push_back({nis(11004), std::nullopt});
  EXPECT_EQ(validate_application(b, f.p, f.w, geo::Registry::builtin(), true).size(), 1u);
}

TEST(Application, OnlyApprovedRunningAndSettledParticipate) {
  std::vector<Application> apps = {single(11001), single(11004), single(44021)};
  apps[0].status = ApplicationStatus::kApproved;
  apps[1].status = ApplicationStatus::kRefused;
  apps[2].status = ApplicationStatus::kRunning;
  apps[2].members[0].engagement = 4;
  auto p = participations(apps);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].nis, nis(11001));
  EXPECT_EQ(p[1].nis, nis(44021));
  EXPECT_EQ(p[1].engagement, 4);
  EXPECT_TRUE(consortia(apps).empty());
}

}  // namespace
}  // namespace lap::pact
