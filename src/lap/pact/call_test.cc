#include "lap/pact/call.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "lap/pact/call_validation.h"
#include "lap/pact/presets.h"
#include "lap/pact/test_util.h"

namespace lap::pact {
namespace {

using namespace testing;

TEST(Presets, Lap2023HasTheThresholdChangeAsSecondVersion) {
  Call c = lap_2023();
  EXPECT_EQ(c.id, "lap-2023");
  ASSERT_EQ(c.versions.size(), 2u);
  const auto& p = c.versions[0].parameters;
  EXPECT_EQ(p.budget, euro(10'000'000));
  EXPECT_EQ(p.counts_on, day("2022-12-31"));
  EXPECT_EQ(p.period_start, day("2023-12-01"));
  EXPECT_EQ(p.period_end, day("2024-11-30"));
  EXPECT_EQ(p.amount_per_outflow, euro(1000));
  EXPECT_EQ(p.settlement_rule, SettlementRule::kProRataWithFloor);
  EXPECT_EQ(p.advance, Rate::basis_points(5000));
  EXPECT_FALSE(p.consortia_allowed);
  EXPECT_EQ(p.period_months().size(), 12);
  // Worked example: which version applies on a given date.
  //   until 2023-09-28: v1, threshold 22.5%
  //   from 2023-09-29:  v2, threshold 20%   (the decision of 29 Sep 2023)
  //   before the call existed (2023-01-01): v1, the call as first published.
  EXPECT_EQ(c.version_on(day("2023-09-28")).parameters.threshold, Rate::basis_points(2250));
  EXPECT_EQ(c.version_on(day("2023-09-28")).number, 1);
  EXPECT_EQ(c.version_on(day("2023-09-29")).parameters.threshold, Rate::basis_points(2000));
  EXPECT_EQ(c.version_on(day("2023-09-29")).number, 2);
  EXPECT_EQ(c.version_on(day("2024-11-30")).number, 2);
  EXPECT_EQ(c.version_on(day("2023-01-01")).number, 1);
  EXPECT_EQ(c.ref_on(day("2023-10-01")).to_string(), "lap-2023 v2 (from 2023-09-29)");
  EXPECT_EQ(c.ref_on(day("2023-10-01")).to_string_nl(),
            "lap-2023, versie 2, geldig vanaf 29 september 2023");
  EXPECT_EQ(c.versions[1].note, "threshold lowered from 22.5% to 20%");
  // Only the threshold changed.
  auto v2 = c.versions[1].parameters;
  v2.threshold = p.threshold;
  EXPECT_EQ(v2.budget, p.budget);
  EXPECT_EQ(v2.application_deadline, p.application_deadline);
}

TEST(Presets, Lap2024) {
  Call c = lap_2024();
  ASSERT_EQ(c.versions.size(), 1u);
  const auto& p = c.latest().parameters;
  EXPECT_EQ(p.threshold, Rate::basis_points(2000));
  EXPECT_EQ(p.counts_on, day("2023-12-31"));
  EXPECT_EQ(p.period_start, day("2024-12-01"));
  EXPECT_EQ(p.period_end, day("2025-11-30"));
  EXPECT_TRUE(p.consortia_allowed);
  EXPECT_EQ(p.settlement_rule, SettlementRule::kProRata);
}

TEST(Presets, AreValid) {
  for (const auto& c : preset_calls())
    EXPECT_TRUE(validate_call(c).empty()) << c.id << ": " << validate_call(c).front().to_string();
}

bool has(const Problems& ps, const std::string& text) {
  return std::any_of(ps.begin(), ps.end(), [&](const Problem& p) { return p.to_string() == text; });
}

TEST(CallValidation, NamesTheFieldAndTheRule) {
  CallParameters p = lap_2024().latest().parameters;
  p.budget = Money();
  p.threshold = Rate::basis_points(10001);
  p.advance = Rate::basis_points(-1);
  p.amount_per_outflow = cents(-5);
  p.period_start = day("2024-12-02");
  p.period_end = day("2025-11-29");
  p.counts_on = day("2025-01-01");
  p.application_deadline = day("2026-01-01");
  auto ps = validate_parameters(p);
  EXPECT_TRUE(has(ps, "budget: must be more than €0"));
  EXPECT_TRUE(has(ps, "threshold: must be between 0% and 100%"));
  EXPECT_TRUE(has(ps, "advance: must be between 0% and 100%"));
  EXPECT_TRUE(has(ps, "amount_per_outflow: must be more than €0"));
  EXPECT_TRUE(has(ps, "period_start: must be the first day of a month"));
  EXPECT_TRUE(has(ps, "period_end: must be the last day of a month"));
  EXPECT_TRUE(has(ps, "counts_on: must lie before period_start"));
  EXPECT_TRUE(has(ps, "application_deadline: must not lie after period_end"));
  EXPECT_EQ(ps.size(), 8u);
}

TEST(CallValidation, MoreRules) {
  CallParameters p = lap_2024().latest().parameters;
  p.amount_per_outflow = p.budget + cents(1);
  p.period_end = day("2024-11-30");
  p.application_deadline = day("2023-01-01");
  auto ps = validate_parameters(p);
  EXPECT_TRUE(has(ps, "amount_per_outflow: must not exceed the budget"));
  EXPECT_TRUE(has(ps, "period_end: must lie after period_start"));
  EXPECT_TRUE(has(ps, "application_deadline: must not lie before counts_on"));
  p = lap_2024().latest().parameters;
  p.period_end = day("2029-12-31");  // 61 months
  EXPECT_TRUE(has(validate_parameters(p), "period_end: the period must not exceed 5 years"));
  p.period_end = day("2029-11-30");  // exactly 60 months
  EXPECT_TRUE(validate_parameters(p).empty());
  p.threshold = Rate::basis_points(10000);  // the bounds are inclusive
  p.advance = Rate();
  EXPECT_TRUE(validate_parameters(p).empty());
}

TEST(CallValidation, ChecksIdTitleAndVersions) {
  Call c = lap_2023();
  c.id = "LAP 2023";
  c.title = "";
  c.versions[1].note = "";
  c.versions[1].parameters.budget = Money();
  auto ps = validate_call(c);
  EXPECT_TRUE(has(ps, "id: must be 1 to 40 lower-case letters, digits or '-'"));
  EXPECT_TRUE(has(ps, "title: must not be empty"));
  EXPECT_TRUE(has(ps, "v2.note: must say why the parameters changed"));
  EXPECT_TRUE(has(ps, "v2.budget: must be more than €0"));
  c = lap_2023();
  c.versions[1].valid_from = c.versions[0].valid_from;
  EXPECT_TRUE(
      has(validate_call(c), "v2.valid_from: must lie after the previous version's valid_from"));
  c.versions.clear();
  EXPECT_TRUE(has(validate_call(c), "versions: a call needs at least one parameter version"));
}

TEST(Call, AddVersionKeepsHistoryInOrder) {
  Call c = lap_2024();
  auto p = c.latest().parameters;
  p.budget = euro(8'500'000);
  EXPECT_FALSE(c.add_version(day("2024-06-01"), "same day", p));
  ASSERT_TRUE(c.add_version(day("2024-11-15"), "budget committed: €8.5M", p));
  EXPECT_EQ(c.latest().number, 2);
  EXPECT_EQ(c.version_on(day("2024-11-14")).parameters.budget, euro(10'000'000));
  EXPECT_EQ(c.version_on(day("2024-11-15")).parameters.budget, euro(8'500'000));
  EXPECT_TRUE(validate_call(c).empty());
}

TEST(SettlementRule, NamesRoundTrip) {
  for (auto r : {SettlementRule::kProRata, SettlementRule::kProRataWithFloor})
    EXPECT_EQ(*parse_settlement_rule(settlement_rule_name(r)), r);
  EXPECT_FALSE(parse_settlement_rule("floor"));
}

}  // namespace
}  // namespace lap::pact
