#include "lap/report/figure_sheet.h"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lap::report {
namespace {

using measure::Indicator;
using measure::Period;

Month month(int y, int m) {
  return *Month::from_ym(y, m);
}

publish::PublishedFigure figure(int64_t numerator, int64_t denominator, int64_t pending = 0) {
  publish::PublishedFigure f;
  f.indicator = Indicator::kReach;
  f.variant = "all";
  f.period = Period::month(month(2025, 12));
  f.area = {publish::Level::kOcmw, "11002", "Antwerpen"};
  f.numerator = numerator;
  f.denominator = denominator;
  f.pending = pending;
  return f;
}

FigureRow row(const publish::PublishedFigure* f, std::string series = "OCMW Antwerpen") {
  FigureRow r;
  r.figure = f;
  r.indicator = Indicator::kReach;
  r.variant = "all";
  r.period = Period::month(month(2025, 12));
  r.series = std::move(series);
  r.area = {publish::Level::kOcmw, "11002", "Antwerpen"};
  return r;
}

FigureSheetInfo info() {
  FigureSheetInfo i;
  i.id = "dashboard";
  i.title = "Dashboard";
  i.subject = "Gemeente-dashboard Antwerpen (11002)";
  i.k = 7;
  i.generated_on = *Date::from_ymd(2026, 1, 5);
  return i;
}

TEST(FigureSheet, DutchPeriodsAndVariants) {
  EXPECT_EQ(period_name_nl(Period::month(month(2025, 12))), "december 2025");
  EXPECT_EQ(period_name_nl(Period::quarter(month(2025, 5))), "2e kwartaal 2025");
  EXPECT_EQ(period_name_nl(Period::range(month(2024, 1), month(2024, 6))),
            "januari 2024 tot juni 2024");
  EXPECT_EQ(variant_name_nl("LL"), "leefloon (LL)");
  EXPECT_EQ(variant_name_nl("something_new"), "something_new");
}

TEST(FigureSheet, AHiddenCellIsEmptyWithItsReason) {
  const auto shown = figure(3, 40, 2);
  auto hidden = figure(0, 0);
  hidden.suppression = publish::Suppression::kPrimary;
  auto secondary = figure(0, 0);
  secondary.suppression = publish::Suppression::kSecondary;
  const std::vector<FigureRow> rows = {row(&shown), row(&hidden), row(&secondary), row(nullptr)};
  const std::string csv = sheet_csv(figure_sheet(info(), rows));
  EXPECT_NE(csv.find("Indicator;Variant;Periode;Reeks;Niveau;Code;Gebied;Teller;Voorlopig;"
                     "Noemer;Percentage;Afgeschermd;Reden\r\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("Bereik;alle;december 2025;OCMW Antwerpen;OCMW;11002;Antwerpen;3;2;40;"
                     "7,5;nee;\r\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find(";;;;;ja;minder dan 7 personen\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find(";;;;;ja;afgeschermd om een klein aantal elders te beschermen\r\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find(";;;;;;geen cijfer\r\n"), std::string::npos) << csv;
  EXPECT_EQ(csv.find("Mediane"), std::string::npos) << "no median column unless asked";
}

TEST(FigureSheet, TheMedianOnlyBesideAVisibleCell) {
  const auto shown = figure(5, 6);
  auto hidden = figure(0, 0);
  hidden.suppression = publish::Suppression::kPrimary;
  std::vector<FigureRow> rows = {row(&shown), row(&hidden)};
  rows[0].median_hours = 6.25;
  rows[1].median_hours = 3.0;
  FigureSheetInfo with_medians = info();
  with_medians.median_column = true;
  const Sheet sheet = figure_sheet(with_medians, rows);
  const std::string csv = sheet_csv(sheet);
  EXPECT_NE(csv.find(";Mediane doorlooptijd (uren)\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find(";nee;;6,3\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find(";ja;minder dan 7 personen;\r\n"), std::string::npos) << csv;
  // JSON keeps the machine codes.
  const auto json = nlohmann::json::parse(sheet_json(sheet));
  EXPECT_EQ(json["rows"][0]["period"], "2025-12");
  EXPECT_EQ(json["rows"][0]["percentage"], "83.333333");
  EXPECT_EQ(json["rows"][1]["numerator"], nullptr);
  EXPECT_EQ(json["info"]["k"], 7);
}

TEST(FigureSheet, MedianOfFractionsExactly) {
  EXPECT_FALSE(median_fraction({}));
  EXPECT_EQ(median_fraction({{1, 3}, {1, 2}, {1, 4}}), (std::pair<int64_t, int64_t>(1, 3)));
  // Halfway between 1/4 and 1/3: 7/24, compared exactly (2/6 equals 1/3).
  const auto even = median_fraction({{1, 2}, {1, 4}, {2, 6}, {1, 5}});
  ASSERT_TRUE(even);
  EXPECT_EQ(even->first * 24, even->second * 7);
}

TEST(FigureSheet, AGroupMedianHasAPercentageAndSaysOfHowMany) {
  std::vector<FigureRow> rows(2);
  rows[0].series = "Vergelijkbare gemeenten: Gemeenten met 10.000 tot 15.000 inwoners (mediaan)";
  rows[0].group_median = GroupMedian{7, 24, 4, 71};
  rows[1].group_median = GroupMedian{0, 0, 0, 71};
  const std::string csv = sheet_csv(figure_sheet(info(), rows));
  EXPECT_NE(csv.find(";;;29,166667;nee;mediaan van 4 van de 71 gemeenten met een cijfer\r\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(
      csv.find(";;;;nee;geen mediaan: geen van de 71 gemeenten heeft een zichtbaar cijfer\r\n"),
      std::string::npos)
      << csv;
}

}  // namespace
}  // namespace lap::report
