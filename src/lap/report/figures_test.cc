#include "lap/report/figures.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lap::report {
namespace {

publish::PublishedFigure figure(publish::Suppression suppression) {
  publish::PublishedFigure f;
  f.indicator = measure::Indicator::kReach;
  f.variant = "all";
  f.period = measure::Period::month(*Month::parse("2023-05"));
  f.area = {publish::Level::kOcmw, "11005", "Boom"};
  if (suppression == publish::Suppression::kNone) {
    f.numerator = 45;
    f.denominator = 80;
  }
  f.suppression = suppression;
  return f;
}

TEST(Percentage, OneDecimalWithADecimalComma) {
  EXPECT_EQ(percentage_nl(45, 80), "56,3");  // 56.25 rounds half up
  EXPECT_EQ(percentage_nl(1, 3), "33,3");
  EXPECT_EQ(percentage_nl(2, 3), "66,7");
  EXPECT_EQ(percentage_nl(0, 7), "0,0");
  EXPECT_EQ(percentage_nl(7, 7), "100,0");
  EXPECT_EQ(percentage_nl(1, 0), "");
}

TEST(FiguresCsv, BelgianCsvWithDutchHeadings) {
  using publish::Suppression;
  std::vector<publish::PublishedFigure> f = {
      figure(Suppression::kNone), figure(Suppression::kPrimary), figure(Suppression::kSecondary)};
  const std::string csv = figures_csv(f, 5);
  ASSERT_TRUE(csv.starts_with("\xEF\xBB\xBFindicator;naam;variant;periode;niveau;code;gebied;"));
  EXPECT_NE(csv.find(";percentage;afgeschermd;reden\r\n"), std::string::npos);
  EXPECT_NE(csv.find("reach;Bereik;all;2023-05;OCMW;11005;Boom;45;0;80;56,3;nee;\r\n"),
            std::string::npos);
  // A suppressed cell shows no numbers at all, and says why it is hidden.
  EXPECT_NE(csv.find("reach;Bereik;all;2023-05;OCMW;11005;Boom;;;;;ja;minder dan 5 personen\r\n"),
            std::string::npos);
  EXPECT_NE(csv.find("Boom;;;;;ja;afgeschermd om een klein aantal elders te beschermen\r\n"),
            std::string::npos);
}

TEST(FiguresJson, SuppressedNumbersAreNull) {
  std::vector<publish::PublishedFigure> f = {figure(publish::Suppression::kSecondary),
                                             figure(publish::Suppression::kNone)};
  auto j = nlohmann::json::parse(figures_json({1, 2, "2025-12", "public", 5, true}, f, {}));
  EXPECT_EQ(j["run"]["view"], "public");
  EXPECT_TRUE(j["figures"][0]["numerator"].is_null());
  EXPECT_EQ(j["figures"][0]["suppressed"], true);
  EXPECT_EQ(j["figures"][0]["suppression"], "secondary");
  EXPECT_EQ(j["figures"][0]["level"], "ocmw");
  EXPECT_TRUE(j["figures"][1]["suppression"].is_null());
  EXPECT_EQ(j["figures"][1]["numerator"], 45);
}

TEST(FiguresJson, HiddenTransitionCellsAreNull) {
  measure::Transitions t;
  t.from = *Month::parse("2023-12");
  t.to = *Month::parse("2024-12");
  t.flanders.counts[0] = 3;   // WORK_EMP -> WORK_EMP
  t.flanders.counts[1] = 12;  // WORK_EMP -> WORK_SELF
  t.flanders.counts[2] = 20;  // WORK_EMP -> RMI
  std::vector<publish::SeenTransitions> pub_seen = {
      publish::seen_transitions(t, publish::View::public_view(), 5)};
  auto pub =
      nlohmann::json::parse(figures_json({0, 0, "2025-12", "public", 5, true}, {}, pub_seen));
  const auto& row = pub["transitions"][0]["flanders"]["WORK_EMP"];
  EXPECT_TRUE(row["WORK_EMP"].is_null());
  EXPECT_TRUE(row["WORK_SELF"].is_null());  // the next smallest of the row
  EXPECT_EQ(row["RMI"], 20);
  EXPECT_FALSE(pub["transitions"][0]["flanders"].contains("OTHER"));
  std::vector<publish::SeenTransitions> exact_seen = {
      publish::seen_transitions(t, publish::View::exact(), 5)};
  auto internal =
      nlohmann::json::parse(figures_json({0, 0, "2025-12", "internal", 1, true}, {}, exact_seen));
  EXPECT_EQ(internal["transitions"][0]["flanders"]["WORK_EMP"]["WORK_EMP"], 3);
}

}  // namespace
}  // namespace lap::report
