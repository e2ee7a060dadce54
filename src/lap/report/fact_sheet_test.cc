// The municipal fact sheet (fact_sheet.h) on hand-made public cells.
#include "lap/report/fact_sheet.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lap::report {
namespace {
// (A namespace of its own: the unity build puts this file beside semester_report_test.cc.)
namespace sheet_cases {

using measure::Indicator;
using measure::Period;
using publish::Area;
using publish::Level;
using publish::PublishedFigure;

PublishedFigure cell(Indicator indicator, std::string_view variant, const Area& area,
                     const char* period, int64_t num, int64_t den) {
  PublishedFigure f;
  f.indicator = indicator;
  f.variant = variant;
  f.period = *Period::parse(period);
  f.area = area;
  f.numerator = num;
  f.denominator = den;
  return f;
}

const Area kAntwerpen{Level::kOcmw, "11002", "Antwerpen"};
const Area kBorsbeek{Level::kOcmw, "11007", "Borsbeek"};
const Area kRegion{Level::kRegiegebied, "Antwerpen", "Antwerpen"};
const Area kProvince{Level::kProvince, "10000", "Antwerpen"};
const Area kFlanders{Level::kFlanders, "flanders", "Vlaams Gewest"};

// Reach: Antwerpen 40% in 2025-H1, Antwerpen and Borsbeek 35% together in 2024-H2, Flanders 38%;
// TWE-OCMW active: 5% against 6%, Flanders 4%; cat05 outflow hidden in 2025-H1.
std::vector<PublishedFigure> cells() {
  std::vector<PublishedFigure> out = {
      cell(Indicator::kReach, "all", kAntwerpen, "2025-H1", 400, 1000),
      cell(Indicator::kReach, "all", kAntwerpen, "2024-H2", 320, 900),
      cell(Indicator::kReach, "all", kBorsbeek, "2024-H2", 30, 100),
      cell(Indicator::kReach, "all", kRegion, "2025-H1", 500, 1300),
      cell(Indicator::kReach, "all", kProvince, "2025-H1", 900, 2500),
      cell(Indicator::kReach, "all", kFlanders, "2025-H1", 3800, 10000),
      cell(Indicator::kTweActive, "all", kAntwerpen, "2025-H1", 50, 1000),
      cell(Indicator::kTweActive, "all", kAntwerpen, "2024-H2", 54, 900),
      cell(Indicator::kTweActive, "all", kBorsbeek, "2024-H2", 6, 100),
      cell(Indicator::kTweActive, "all", kFlanders, "2025-H1", 400, 10000),
      cell(Indicator::kCat05Outflow, "all", kAntwerpen, "2025-H1", 0, 0),
      cell(Indicator::kCat05Outflow, "all", kFlanders, "2025-H1", 100, 400)};
  out[10].suppression = publish::Suppression::kPrimary;
  return out;
}

pact::CooperationAgreement agreement(const char* area, bool concluded) {
  pact::CooperationAgreement a;
  a.scope = pact::AgreementScope::kMunicipality;
  a.area = area;
  a.title = "Samen sterk voor werk";
  a.status = concluded ? pact::AgreementStatus::kConcluded : pact::AgreementStatus::kToStart;
  if (concluded) a.concluded_on = *Date::parse("2021-03-01");
  a.parties = {"VDAB", "stad Antwerpen"};
  a.actions.push_back(
      {"Thema", "Domein", "1.1", "Actie", "VDAB", {}, pact::ActionStatus::kRunning, {}});
  return a;
}

FactSheetInput input(const char* nis = "11002") {
  FactSheetInput in;
  in.municipality = *Nis::parse(nis);
  in.half_year = *Period::parse("2025-H1");
  in.k = 5;
  in.source = "meting 1";
  in.generated_on = *Date::parse("2025-09-01");
  in.agreements = {agreement("11002", true), agreement("44021", true)};
  return in;
}

TEST(FactSheet, AMunicipalityAgainstItsPastAndItsAreas) {
  const auto all = cells();
  auto f = fact_sheet(all, geo::Registry::builtin(), input());
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->municipality.name, "Antwerpen");
  EXPECT_EQ(f->regiegebied, "Antwerpen");
  EXPECT_EQ(f->province, "Antwerpen");
  ASSERT_EQ(f->indicators.size(), report_indicators().size());
  const FactSheetIndicator& reach = f->indicators[0];
  EXPECT_EQ(reach.municipality.now->numerator, 400);
  // The half year before of the Antwerpen formed in 2025 is that of Antwerpen and Borsbeek.
  ASSERT_NE(reach.municipality.before, nullptr);
  EXPECT_EQ(reach.municipality.before->numerator, 350);
  EXPECT_EQ(reach.municipality.before->denominator, 1000);
  EXPECT_EQ(reach.municipality.before_of, "Antwerpen en Borsbeek");
  ASSERT_TRUE(reach.regiegebied.has_value());
  EXPECT_EQ(reach.regiegebied->now->numerator, 500);
  EXPECT_EQ(reach.province.now->numerator, 900);
  // Only the agreement of Antwerpen covers it.
  ASSERT_EQ(f->agreements.size(), 1u);
  EXPECT_EQ(f->agreements[0].area, "11002");

  // Reach 40,0% above Flanders' 38,0% and up from 35,0%; TWE-OCMW 5,0% above 4,0% and down from
  // 6,0%; cat05 hidden; the 8 others have no cell.
  EXPECT_EQ(f->findings,
            (std::vector<std::string>{
                "Van de 2 indicatoren met een Vlaams cijfer ligt Antwerpen bij 2 boven het Vlaamse "
                "cijfer.",
                "Tegenover het 2e halfjaar 2024 stijgt het cijfer bij 1 indicator en daalt het bij "
                "1.",
                "9 van de 11 indicatoren zijn afgeschermd of zonder cijfer: kleine aantallen "
                "worden niet getoond."}));

  const std::string html = fact_sheet_html(*f);
  EXPECT_NE(html.find("Activering van leefloners in Antwerpen: 1e halfjaar 2025"),
            std::string::npos);
  EXPECT_NE(html.find("(gemeente Antwerpen): afgesloten op 1 maart 2021."), std::string::npos)
      << html;
  EXPECT_NE(html.find("Partijen: VDAB en stad Antwerpen."), std::string::npos);
  EXPECT_NE(html.find("Het 2e halfjaar 2024 is dat van Antwerpen en Borsbeek samen"),
            std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);

  const Workbook book = fact_sheet_workbook(*f);
  ASSERT_EQ(book.sheets.size(), 1u);  // no context figures imported
  EXPECT_EQ(book.sheets[0].title, "Indicatoren");
  EXPECT_EQ(book.sheets[0].rows.size(), 11u * 4);  // municipality, regiegebied, province, Flanders
  EXPECT_EQ(std::get<int64_t>(book.sheets[0].rows[0][4]), 400);
}

TEST(FactSheet, ContextFiguresOfTheMunicipalityAndItsAreas) {
  const auto all = cells();
  FactSheetInput in = input();
  formats::ContextFigureRow r;
  r.figure = formats::ContextFigure::kNonActive;
  r.period = *formats::ContextPeriod::parse("2024");
  r.source = "test";
  for (const geo::Municipality* m : geo::Registry::builtin().valid_on(*Date::parse("2024-12-31"))) {
    r.nis = m->nis;
    r.value = m->nis.code() == 11007 ? 1000 : 100;
    in.context.push_back(r);
  }
  auto f = fact_sheet(all, geo::Registry::builtin(), in);
  ASSERT_TRUE(f) << f.error().message;
  const FactSheetContext& c = f->context[1];
  ASSERT_TRUE(c.period.has_value());
  EXPECT_EQ(c.municipality.now->value, 1100);  // Antwerpen and Borsbeek in 2024
  EXPECT_FALSE(c.municipality.before.has_value());
  EXPECT_EQ(c.flanders.now->value, 100 * 299 + 1000);
  EXPECT_EQ(fact_sheet_workbook(*f).sheets.size(), 2u);
}

TEST(FactSheet, RefusesWhatItCannotAnswer) {
  const auto all = cells();
  auto gone = fact_sheet(all, geo::Registry::builtin(), input("11007"));  // merged in 2025
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ErrorCode::kInvalidArgument);
  FactSheetInput later = input();
  later.half_year = *Period::parse("2025-H2");
  auto none = fact_sheet(all, geo::Registry::builtin(), later);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
}

}  // namespace sheet_cases
}  // namespace
}  // namespace lap::report
