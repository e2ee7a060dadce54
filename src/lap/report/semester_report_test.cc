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

// ---- part 1: the context figures ------------------------------------------------------

formats::ContextFigureRow context_row(int nis, formats::ContextFigure figure, const char* period,
                                      int64_t value, std::optional<int64_t> denominator = {}) {
  formats::ContextFigureRow r;
  if (nis != 0) r.nis = *Nis::from_int(nis);
  r.figure = figure;
  r.period = *formats::ContextPeriod::parse(period);
  r.value = value;
  r.denominator = denominator;
  r.source = "test";
  return r;
}

// Every municipality of a year with a count of `base` + its index, except `skip`.
std::vector<formats::ContextFigureRow> counts_of(formats::ContextFigure figure, const char* period,
                                                 int64_t base, int skip = 0) {
  std::vector<formats::ContextFigureRow> out;
  const auto& registry = geo::Registry::builtin();
  const Date end = formats::ContextPeriod::parse(period)->last_day();
  int64_t i = 0;
  for (const geo::Municipality* m : registry.valid_on(end))
    if (m->nis.code() != skip)
      out.push_back(context_row(m->nis.code(), figure, period, base + i++));
  return out;
}

TEST(SemesterReportContext, AreasAddUpTheirMunicipalitiesOfThePeriod) {
  using formats::ContextFigure;
  std::vector<formats::ContextFigureRow> rows = counts_of(ContextFigure::kNonActive, "2024", 1000);
  auto before = counts_of(ContextFigure::kNonActive, "2023", 2000);
  rows.insert(rows.end(), before.begin(), before.end());
  // 2025 ends after the first half year of 2025: not used.
  auto later = counts_of(ContextFigure::kNonActive, "2025", 5);
  rows.insert(rows.end(), later.begin(), later.end());
  const auto& registry = geo::Registry::builtin();
  const auto sections = context_sections(rows, registry, *Date::parse("2025-06-30"), {"Antwerpen"});
  ASSERT_EQ(sections.size(), 5u);
  const ContextSection& s = sections[1];
  EXPECT_EQ(s.figure, ContextFigure::kNonActive);
  ASSERT_TRUE(s.period && s.previous);
  EXPECT_EQ(s.period->to_string(), "2024");
  EXPECT_EQ(s.previous->to_string(), "2023");
  auto value = [&](int year, int nis) {
    for (const auto& r : rows)
      if (r.period.year == year && r.nis && r.nis->code() == nis) return r.value;
    return int64_t{-1};
  };
  // Antwerpen of 2025 is the Antwerpen and Borsbeek of 2024.
  const ContextRow& antwerpen =
      s.centrumsteden[0].area.name == "Aalst" ? s.centrumsteden[1] : s.centrumsteden[0];
  ASSERT_EQ(antwerpen.area.name, "Antwerpen");
  EXPECT_EQ(antwerpen.now->value, value(2024, 11002) + value(2024, 11007));
  EXPECT_EQ(antwerpen.before->value, value(2023, 11002) + value(2023, 11007));
  // Flanders: every municipality of 2024; the 13 together each one's territory.
  int64_t flanders = 0;
  for (const auto& r : rows)
    if (r.period.year == 2024) flanders += r.value;
  EXPECT_EQ(s.flanders.now->value, flanders);
  int64_t steden = 0;
  for (const auto& r : s.centrumsteden)
    steden += r.now->value;
  EXPECT_EQ(s.all_centrumsteden.now->value, steden);
  ASSERT_EQ(s.regiegebieden.size(), 1u);
  EXPECT_GE(s.regiegebieden[0].now->value, antwerpen.now->value);
  // Every centrumstad falls (the 2023 counts are higher).
  EXPECT_EQ(s.sentences[1],
            "Het aantal niet-beroepsactieven daalt in elke centrumstad (2024 "
            "tegenover 2023).");
  // The other figures were not imported.
  EXPECT_FALSE(sections[0].period.has_value());
  EXPECT_EQ(sections[0].sentences,
            std::vector<std::string>{"Er zijn geen cijfers over de werkzaamheidsgraad ingelezen "
                                     "van voor het einde van het halfjaar."});
}

TEST(SemesterReportContext, AMissingPartHidesTheSumAndAFlandersRowWins) {
  using formats::ContextFigure;
  // Borsbeek has no row in 2024: Antwerpen (with Borsbeek) and Flanders as a sum are missing,
  // unless the file gives the Vlaams Gewest itself.
  std::vector<formats::ContextFigureRow> rows =
      counts_of(ContextFigure::kRmiEntitled, "2024-09", 10, 11007);
  const auto& registry = geo::Registry::builtin();
  const Date on = *Date::parse("2025-06-30");
  auto s = context_sections(rows, registry, on, {})[3];
  EXPECT_EQ(s.period->to_string(), "2024-09");
  EXPECT_FALSE(s.previous.has_value());
  EXPECT_FALSE(s.flanders.now.has_value());
  EXPECT_FALSE(s.all_centrumsteden.now.has_value());
  int missing = 0;
  for (const auto& r : s.centrumsteden)
    missing += r.now ? 0 : 1;
  EXPECT_EQ(missing, 1);
  EXPECT_EQ(s.sentences[0],
            "Voor Vlaanderen is het aantal RMI-gerechtigden van september 2024 niet volledig "
            "ingelezen.");
  EXPECT_EQ(s.sentences[1], "Er zijn geen cijfers van een jaar eerder: er is geen vergelijking.");
  EXPECT_EQ(s.sentences[2], "Voor 1 centrumstad ontbreekt het cijfer van september 2024.");

  rows.push_back(context_row(0, ContextFigure::kRmiEntitled, "2024-09", 40756));
  s = context_sections(rows, registry, on, {})[3];
  ASSERT_TRUE(s.flanders.now.has_value());
  EXPECT_EQ(s.flanders.now->value, 40756);
  EXPECT_EQ(s.sentences[0],
            "In Vlaanderen bedraagt het aantal RMI-gerechtigden 40.756 in september 2024.");
}

TEST(SemesterReportContext, SharesCompareInTenthsOfAPercent) {
  using formats::ContextFigure;
  // Aalst rises from 70.0% to 71.0%, Antwerpen stays at 65.0% (a tenth of a percent), the
  // Vlaams Gewest given.
  std::vector<formats::ContextFigureRow> rows = {
      context_row(41002, ContextFigure::kEmploymentRate, "2023", 700, 1000),
      context_row(41002, ContextFigure::kEmploymentRate, "2024", 710, 1000),
      context_row(11002, ContextFigure::kEmploymentRate, "2023", 6500, 10000),
      context_row(11002, ContextFigure::kEmploymentRate, "2024", 6001, 9000),
      context_row(11007, ContextFigure::kEmploymentRate, "2024", 649, 1000),
      context_row(0, ContextFigure::kEmploymentRate, "2023", 7400, 10000),
      context_row(0, ContextFigure::kEmploymentRate, "2024", 7500, 10000)};
  const auto& registry = geo::Registry::builtin();
  auto s = context_sections(rows, registry, *Date::parse("2025-12-31"), {})[0];
  EXPECT_EQ(context_value_nl(*s.flanders.now), "75,0%");
  EXPECT_EQ(s.sentences[0],
            "In Vlaanderen bedraagt de werkzaamheidsgraad 75,0% in 2024, tegenover 74,0% in 2023.");
  // Antwerpen 2023 lacks Borsbeek: only Aalst is compared.
  EXPECT_EQ(s.sentences[1],
            "Alleen Aalst heeft beide cijfers: de werkzaamheidsgraad stijgt "
            "(2024 tegenover 2023).");
  EXPECT_EQ(s.sentences[2], "Voor 11 centrumsteden ontbreekt het cijfer van 2024.");
  EXPECT_EQ(s.sentences[3], "Het hoogst in Aalst (71,0%), het laagst in Antwerpen (66,5%).");
}

}  // namespace
}  // namespace lap::report
