#include "lap/report/semester_report.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lap::report {
namespace {

using measure::Indicator;
using measure::Period;
using publish::Level;
using publish::PublishedFigure;

Period half(std::string_view text) {
  return *Period::parse(text);
}

PublishedFigure cell(const publish::Area& area, Period p, int64_t num, int64_t den,
                     int64_t pending = 0) {
  PublishedFigure f;
  f.indicator = Indicator::kReach;
  f.variant = "all";
  f.period = p;
  f.area = area;
  f.numerator = num;
  f.denominator = den;
  f.pending = pending;
  return f;
}

// The 13 centrumsteden of 2025 with reach in 2024-H2 and 2025-H1: the first
// nine rise, two fall, one stays the same to a tenth of a percent and one is
// hidden in 2025-H1; Flanders 30.0% then 31.5%.
std::vector<PublishedFigure> cells() {
  std::vector<PublishedFigure> out;
  const auto& registry = geo::Registry::builtin();
  int i = 0;
  for (const geo::Municipality* m : registry.valid_on(*Date::parse("2025-06-30"))) {
    if (!m->centrumstad) continue;
    const publish::Area a = publish::ocmw_area(m->nis, m);
    out.push_back(cell(a, half("2024-H2"), 300, 1000));
    if (i < 9) {
      out.push_back(cell(a, half("2025-H1"), 310 + i * 10, 1000, i == 0 ? 4 : 0));
    } else if (i < 11) {
      out.push_back(cell(a, half("2025-H1"), 250 + i, 1000));
    } else if (i == 11) {
      out.push_back(cell(a, half("2025-H1"), 3000, 10000));  // the same share
    } else {
      PublishedFigure hidden = cell(a, half("2025-H1"), 0, 0);
      hidden.suppression = publish::Suppression::kSecondary;
      out.push_back(hidden);
    }
    ++i;
  }
  const publish::Area flanders{Level::kFlanders, "flanders", "Vlaams Gewest"};
  out.push_back(cell(flanders, half("2024-H2"), 3000, 10000));
  out.push_back(cell(flanders, half("2025-H1"), 3150, 10000));
  out.push_back(cell(flanders, half("2024-H1"), 1, 2));  // not in the report
  return out;
}

TEST(SemesterReport, SentencesCountOnlyShownFigures) {
  const auto all = cells();
  SemesterReportInput in;
  in.half_year = half("2025-H1");
  in.generated_on = *Date::parse("2025-09-01");
  in.source = "meting 1";
  auto r = semester_report(all, geo::Registry::builtin(), in);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->previous, half("2024-H2"));
  ASSERT_EQ(r->sections.size(), report_indicators().size());
  const ReportSection& reach = r->sections.front();
  ASSERT_EQ(reach.centrumsteden.size(), 13U);
  const std::vector<std::string> want = {
      "In Vlaanderen is het 31,5% in het 1e halfjaar 2025, tegenover 30,0% in het 2e halfjaar "
      "2024.",
      "Het cijfer stijgt in 9 van de 12 centrumsteden en daalt in 2; in 1 blijft het gelijk "
      "(tegenover het 2e halfjaar 2024).",
      "Voor 1 centrumstad is een van beide halfjaren afgeschermd of zonder cijfer; die telt "
      "hierboven niet mee.",
  };
  ASSERT_GE(reach.sentences.size(), 6U);
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_EQ(reach.sentences[i], want[i]);
  EXPECT_TRUE(reach.sentences[3].starts_with("Het hoogst in ")) << reach.sentences[3];
  EXPECT_NE(reach.sentences[3].find("(39,0%)"), std::string::npos) << reach.sentences[3];
  // Above 31.5%: the rising ones from 32.0% on (i = 1..8).
  EXPECT_EQ(reach.sentences[4], "8 van de 12 centrumsteden liggen boven het Vlaamse cijfer.");
  EXPECT_EQ(reach.sentences[5],
            "In 1 centrumstad is het cijfer van het 1e halfjaar 2025 nog voorlopig: van een "
            "deel van de personen is de uitkomst nog niet gekend.");
  // An indicator without figures says so.
  EXPECT_EQ(
      r->sections[1].sentences,
      (std::vector<std::string>{
          "Voor Vlaanderen is er geen cijfer van het 1e halfjaar 2025.",
          "De meting heeft geen cijfers van het 2e halfjaar 2024: er is geen vergelijking."}));

  // The sheets hold the same numbers; a hidden figure is empty, with the reason.
  const auto sheets = semester_report_sheets(*r);
  ASSERT_EQ(sheets.size(), 1 + report_indicators().size());
  EXPECT_EQ(sheets[0].title, "Samenvatting");
  const Sheet& s = sheets[1];
  EXPECT_EQ(s.title, "1. Bereik");
  ASSERT_EQ(s.rows.size(), 15U);  // 13 + the centrumsteden + Flanders
  EXPECT_EQ(std::get<int64_t>(s.rows.back()[3]), 3150);
  EXPECT_EQ(std::get<int64_t>(s.rows.back()[5]), 10000);
  int hidden = 0;
  for (const auto& row : s.rows) {
    if (std::get<std::string>(row.back()) == "ja: 1e halfjaar 2025") {
      ++hidden;
      EXPECT_TRUE(std::holds_alternative<std::monostate>(row[3]));
    }
  }
  EXPECT_EQ(hidden, 1);

  const std::string html = semester_report_html(*r);
  EXPECT_NE(html.find("<html lang=\"nl\">"), std::string::npos);
  EXPECT_NE(html.find("stijgt in 9 van de 12 centrumsteden"), std::string::npos);
  EXPECT_NE(html.find("<svg class=\"chart\""), std::string::npos);
  EXPECT_NE(html.find("afgeschermd"), std::string::npos);
}

TEST(SemesterReport, RefusesWhatTheRunCannotAnswer) {
  const auto all = cells();
  SemesterReportInput in;
  in.half_year = half("2023-H1");
  auto none = semester_report(all, geo::Registry::builtin(), in);
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("1e halfjaar 2023"), std::string::npos);
  in.half_year = half("2025-H1");
  in.regiegebieden = {"Nergensland"};
  auto unknown = semester_report(all, geo::Registry::builtin(), in);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("Nergensland"), std::string::npos);
  in.regiegebieden = {};
  in.half_year = *Period::parse("2025-Q1");
  EXPECT_FALSE(semester_report(all, geo::Registry::builtin(), in));
}

}  // namespace
}  // namespace lap::report
