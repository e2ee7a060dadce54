#include "lap/measure/explain.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "lap/measure/test_util.h"

namespace lap::measure {
namespace {

using namespace testing;

const ExplainItem* item(const Explanation& e, Indicator ind, std::string_view variant) {
  for (const ExplainItem& it : e.items) {
    if (it.indicator == ind && it.variant == variant) return &it;
  }
  return nullptr;
}

TEST(Explain, SaysWhyAPersonCountsOrNot) {
  Case c;
  c.ent(1, 11002, "2023-01-01", "2023-06-30").reg(1, "2023-03-01").work(1, "2023-05", "2023-08");
  c.measure(1, Measure::kTweOcmw, 11002, "2022-06-01", "2023-02-28");
  c.work(9, "2024-12", "2024-12");
  Timelines t = c.build();
  const uint32_t p = *t.find(key(1));

  const Explanation feb = explain(t, p, mon("2023-02"), Settings{});
  const ExplainItem* reach = item(feb, Indicator::kReach, "all");
  ASSERT_NE(reach, nullptr);
  EXPECT_EQ(reach->role, ExplainItem::Role::kDenominator);
  EXPECT_NE(reach->reason.find("not registered"), std::string::npos);
  EXPECT_EQ(item(feb, Indicator::kOutflowRate, "all")->role, ExplainItem::Role::kNumerator);
  EXPECT_EQ(item(feb, Indicator::kTweActive, "all")->ocmw, nis(11002));
  EXPECT_NE(item(feb, Indicator::kTweExit, "all"), nullptr);  // ended in Q1

  const Explanation may =
      explain(t, p, mon("2023-05"), Settings{}, MonthRange(mon("2023-01"), mon("2023-12")));
  EXPECT_EQ(item(may, Indicator::kReach, "all")->role, ExplainItem::Role::kNumerator);
  const ExplainItem* lap = item(may, Indicator::kLapResult, "all");
  ASSERT_NE(lap, nullptr);
  EXPECT_EQ(lap->role, ExplainItem::Role::kNumerator);
  EXPECT_NE(lap->reason.find("2023-05"), std::string::npos);

  // The same explanation in Dutch: the same roles, Dutch texts.
  const Explanation feb_nl =
      explain(t, p, mon("2023-02"), Settings{}, std::nullopt, Language::kDutch);
  ASSERT_EQ(feb_nl.items.size(), feb.items.size());
  for (size_t i = 0; i < feb.items.size(); ++i)
    EXPECT_EQ(feb_nl.items[i].role, feb.items[i].role);
  EXPECT_NE(item(feb_nl, Indicator::kReach, "all")->reason.find("niet ingeschreven bij VDAB"),
            std::string::npos);
  EXPECT_TRUE(std::any_of(feb_nl.facts.begin(), feb_nl.facts.end(),
                          [](const std::string& f) { return f.starts_with("leefloner: ja"); }));

  const auto lines = to_lines(may);
  EXPECT_GT(lines.size(), may.facts.size());
  EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [](const std::string& l) {
    return l.starts_with("reach/all 2023-05 11002: numerator");
  }));

  const Explanation dec = explain(t, p, mon("2023-12"), Settings{});
  EXPECT_EQ(item(dec, Indicator::kReach, "all")->role, ExplainItem::Role::kNotCounted);
}

}  // namespace
}  // namespace lap::measure
