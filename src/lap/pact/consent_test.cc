// Issue 15, finding 6 ("Consortium consent"): a municipality could enrol
// others in a consortium without their consent, take over a draft another
// made, and two overlapping approved consortia made progress and statements
// fail for every user of the call, the error naming one municipality's
// consortium id to another.
#include "lap/pact/consent.h"

#include <gtest/gtest.h>

#include "lap/pact/presets.h"
#include "lap/pact/test_util.h"

namespace lap::pact {
namespace {

using namespace testing;

// A consortium of Regio Antwerpen made by Aartselaar (11001) naming Boechout
// (11004) and Boom (11005).
Application consortium(int64_t id, std::string applicant, std::vector<int> codes) {
  Application a;
  a.id = id;
  a.call_id = "lap-2024";
  a.applicant = std::move(applicant);
  a.consortium_name = a.applicant;
  for (int code : codes)
    a.members.push_back({nis(code), std::nullopt});
  a.lead = a.members.front().nis;
  a.plan = "Samen naar werk";
  a.actions = {"intake"};
  a.agreement_ref = "https://example.org/so";
  return a;
}

TEST(ConsortiumConsent, AMunicipalityCannotEnrolAnotherWithoutConsent) {
  Application a = consortium(1, "zuidrand", {11001, 11004, 11005});
  // Whatever the maker sends, only the lead starts as consented.
  a.members[1].consent = Consent::kConsented;
  ASSERT_TRUE(start_consents(a));
  EXPECT_EQ(a.members[0].consent, Consent::kConsented);
  EXPECT_EQ(a.members[1].consent, Consent::kPending);
  EXPECT_EQ(missing_consents(a), (std::vector<Nis>{nis(11004), nis(11005)}));
  auto refused = check_consents(a);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find("11004, 11005"), std::string::npos);
  // Each member consents for itself; then it can be submitted.
  ASSERT_TRUE(set_consent(a, nis(11004), Consent::kConsented));
  ASSERT_TRUE(set_consent(a, nis(11005), Consent::kConsented));
  EXPECT_TRUE(check_consents(a));
  // A consortium without a lead cannot be made; a single municipality leads itself.
  Application no_lead = consortium(2, "rand", {11001, 11004});
  no_lead.lead.reset();
  EXPECT_FALSE(start_consents(no_lead));
  Application single;
  single.applicant = "11002";
  single.members = {{nis(11002), std::nullopt}};
  ASSERT_TRUE(start_consents(single));
  EXPECT_EQ(single.lead, nis(11002));
  EXPECT_TRUE(check_consents(single));
}

TEST(ConsortiumConsent, AMemberMayDeclineOrWithdrawWhileADraft) {
  Application a = consortium(1, "zuidrand", {11001, 11004});
  ASSERT_TRUE(start_consents(a));
  ASSERT_TRUE(set_consent(a, nis(11004), Consent::kConsented));
  ASSERT_TRUE(set_consent(a, nis(11004), Consent::kDeclined));  // withdrawn
  EXPECT_FALSE(check_consents(a));
  EXPECT_EQ(set_consent(a, nis(44021), Consent::kConsented).error().code, ErrorCode::kNotFound);
  a.status = ApplicationStatus::kSubmitted;
  EXPECT_EQ(set_consent(a, nis(11004), Consent::kConsented).error().code,
            ErrorCode::kFailedPrecondition);
}

TEST(ConsortiumConsent, CannotTakeOverAnothersDraft) {
  const Call call = lap_2024();
  const CallParameters p = call.latest().parameters;
  Counts counts;
  counts.by_nis = {{nis(11001), 100}, {nis(11004), 50}, {nis(11005), 80}};
  const Werktabel w = *build_werktabel(p, call.ref(call.latest()), counts);
  Application a = consortium(1, "zuidrand", {11001, 11004});
  ASSERT_TRUE(start_consents(a));
  ASSERT_TRUE(set_consent(a, nis(11004), Consent::kConsented));
  // The lead stays a member: a draft rewritten without it is not valid.
  Application rewritten = a;
  rewritten.members = {{nis(11004), std::nullopt}, {nis(11005), std::nullopt}};
  auto problems = validate_application(rewritten, p, w, geo::Registry::builtin(), false);
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems.front().field, "lead");
  // The lead's own consent is the application: it cannot be declined by anyone.
  EXPECT_FALSE(set_consent(a, nis(11001), Consent::kDeclined));
  // A changed draft asks the other members again; an unchanged one keeps them.
  Application same = a;
  renew_consents(a, same);
  EXPECT_EQ(same.members[1].consent, Consent::kConsented);
  Application changed = a;
  changed.members[1].engagement = 1;
  renew_consents(a, changed);
  EXPECT_EQ(changed.members[0].consent, Consent::kConsented);
  EXPECT_EQ(changed.members[1].consent, Consent::kPending);
}

TEST(ConsortiumConsent, OverlappingConsortiaDoNotBlockTheCall) {
  // Data from before the rule: Boechout in two approved consortia; Gent alone.
  std::vector<Application> apps = {consortium(1, "zuidrand", {11001, 11004}),
                                   consortium(2, "rupelstreek", {11004, 11005}),
                                   consortium(3, "gent", {44021, 44019})};
  for (auto& a : apps)
    a.status = ApplicationStatus::kApproved;
  auto held = held_applications(apps);
  ASSERT_EQ(held.size(), 2u);
  EXPECT_EQ(held[0].id, 1);
  EXPECT_EQ(held[0].shared, std::vector<Nis>{nis(11004)});
  EXPECT_EQ(held[0].others, std::vector<int64_t>{2});
  EXPECT_EQ(held[1].id, 2);
  // The rule itself: neither submitting nor approving another claim on Boechout.
  Application third = consortium(4, "kempen", {11004, 11008});
  EXPECT_EQ(members_elsewhere(third, apps, false), std::vector<Nis>{nis(11004)});
  apps[1].status = ApplicationStatus::kSubmitted;
  EXPECT_TRUE(members_elsewhere(apps[0], apps, true).empty());  // approving: participants only
  EXPECT_EQ(members_elsewhere(apps[0], apps, false), std::vector<Nis>{nis(11004)});
  EXPECT_TRUE(held_applications(apps).empty());  // a submitted one does not participate
}

TEST(ConsortiumConsent, ErrorsShowNoForeignConsortiumId) {
  std::vector<Application> apps = {consortium(1, "zuidrand", {11001, 11004}),
                                   consortium(2, "rupelstreek", {11004, 11005})};
  apps[1].status = ApplicationStatus::kApproved;
  auto taken = members_elsewhere(apps[0], apps, false);
  const Error e = taken_error(taken);
  EXPECT_EQ(e.code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(e.message.find("11004"), std::string::npos);
  EXPECT_NE(e.message.find("hoogstens één aanvraag per oproep"), std::string::npos);
  EXPECT_EQ(e.message.find("rupelstreek"), std::string::npos);
  EXPECT_EQ(e.message.find(" 2"), std::string::npos);
}

TEST(ConsortiumConsent, HeldApplicationsAndTheirUnitsAreLeftOut) {
  std::vector<Application> apps = {consortium(1, "zuidrand", {11001, 11004}),
                                   consortium(2, "rupelstreek", {11004, 11005}),
                                   consortium(3, "kempen", {11008, 11009})};
  for (auto& a : apps)
    a.status = ApplicationStatus::kApproved;
  const auto held = held_applications(apps);
  ASSERT_EQ(held.size(), 2u);
  const auto kept = without_held(apps, held);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].id, 3);
  std::vector<SettlementUnit> units(3);
  units[0].id = "zuidrand";
  units[0].members = {nis(11001), nis(11004)};
  units[1].id = "11005";
  units[1].members = {nis(11005)};  // a member of a held application
  units[2].id = "kempen";
  units[2].members = {nis(11008), nis(11009)};
  const auto left = without_held(units, held);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].id, "kempen");
  EXPECT_EQ(without_held(apps, {}).size(), 3u);
  EXPECT_EQ(without_held(units, {}).size(), 3u);
}
}  // namespace
}  // namespace lap::pact
