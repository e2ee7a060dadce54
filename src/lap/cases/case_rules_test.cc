#include "lap/cases/case_rules.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace lap::cases {
namespace {

Date d(const char* s) {
  return *Date::parse(s);
}

TEST(CaseRules, KindsAndStatusesHaveUniqueIdsAndDutchLabels) {
  std::set<std::string_view> ids;
  for (const auto& k : action_kinds()) {
    EXPECT_TRUE(ids.insert(k.id).second) << k.id;
    EXPECT_FALSE(k.dutch.empty());
  }
  EXPECT_EQ(ids.size(), 12U);
  EXPECT_EQ(dutch_label(action_kinds(), "twe_ocmw"), "TWE-OCMW (art. 60)");
  EXPECT_EQ(dutch_label(action_statuses(), "in_progress"), "lopend");
  EXPECT_FALSE(dutch_label(action_kinds(), "sanction"));
}

TEST(CaseRules, AnActionIsOverdueAfterItsDueDateWhileNotFinished) {
  const Date today = d("2026-12-06");
  EXPECT_TRUE(overdue("planned", d("2026-12-05"), today));
  EXPECT_TRUE(overdue("in_progress", d("2026-01-01"), today));
  EXPECT_FALSE(overdue("planned", d("2026-12-06"), today));  // due today: not yet
  EXPECT_FALSE(overdue("done", d("2026-12-05"), today));
  EXPECT_FALSE(overdue("cancelled", d("2026-12-05"), today));
  EXPECT_FALSE(overdue("planned", std::nullopt, today));
}

TEST(CaseRules, ExemptionsAreReviewedYearlyWithAMonthsNotice) {
  EXPECT_EQ(yearly_review(d("2024-03-15")), d("2025-03-15"));
  EXPECT_EQ(yearly_review(d("2024-02-29")), d("2025-02-28"));
  EXPECT_FALSE(review_due(d("2025-01-15"), d("2024-12-15")));  // 31 days ahead
  EXPECT_TRUE(review_due(d("2025-01-14"), d("2024-12-15")));   // 30 days ahead
  EXPECT_TRUE(review_due(d("2024-01-14"), d("2024-12-15")));   // past
  EXPECT_EQ(dutch_label(transmission_answers(), "no_sanction"), "geen sanctie");
  EXPECT_EQ(dutch_label(exemption_kinds(), "equity"), "billijkheid");
}

TEST(CaseRules, HoursBetweenTwoTimesOfTheLog) {
  EXPECT_EQ(hours_between("2026-12-01T09:00:00Z", "2026-12-02T11:30:00Z"), 26.5);
  EXPECT_EQ(hours_between("2026-12-31T23:00:00Z", "2027-01-01T01:00:00Z"), 2.0);
  EXPECT_EQ(hours_between("2026-12-01T09:00:00Z", "2026-12-01T09:00:00Z"), 0.0);
  EXPECT_FALSE(hours_between("2026-12-02T09:00:00Z", "2026-12-01T09:00:00Z"));
  EXPECT_FALSE(hours_between("2026-12-01 09:00:00", "2026-12-02T09:00:00Z"));
  EXPECT_FALSE(hours_between("2026-12-01T25:00:00Z", "2026-12-02T09:00:00Z"));
}

}  // namespace
}  // namespace lap::cases
