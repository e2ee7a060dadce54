// The semestrial policy report of VDAB and the local governments (seed 004,
// "Resultaten samenwerking"; docs/report.md): for one half year, the
// cooperation indicators of the 13 centrumsteden, of any regiegebieden chosen
// and of Flanders, each beside the half year before, with short Dutch
// sentences that state what the figures show ("stijgt in 11 van de 13
// centrumsteden"), as HTML (printable, with charts) and as an XLSX workbook
// with a sheet per indicator.
//
// The report is meant to be handed round: it is made from the cells as the
// public sees them (the run's protection applied), and every sentence counts
// only cells that are shown. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/error.h"
#include "lap/core/month.h"
#include "lap/formats/schema.h"
#include "lap/geo/registry.h"
#include "lap/measure/figure.h"
#include "lap/publish/publication.h"
#include "lap/report/sheet.h"

namespace lap::report {

// One indicator and variant of the report, in the report's order.
struct ReportIndicator {
  measure::Indicator indicator = measure::Indicator::kReach;
  std::string_view variant;
  std::string_view title;  // Dutch
  std::string_view sheet;  // the XLSX sheet's short name (Dutch)
};
// The cooperation indicators of seed 004 that the engine measures per half year.
std::span<const ReportIndicator> report_indicators();

// One area's figure in the half year and in the one before (null: no figure
// in the run).
struct ReportRow {
  publish::Area area;
  const publish::PublishedFigure* now = nullptr;
  const publish::PublishedFigure* before = nullptr;
  // For a municipality formed by a merger: the municipalities whose figures
  // make up `before` ("Antwerpen en Borsbeek"); empty otherwise.
  std::string before_of;
};

// The published cells of a half year and the one before, by address, for the reports made of
// them (the semester report, the municipal fact sheet). For a municipality formed by a merger,
// the half year before is the sum of the cells of the municipalities it was formed from (hidden
// when one of them is hidden); those sums are kept here until `take_derived`.
class HalfYearCells {
 public:
  // `only_codes`: when given, only the cells of areas with these codes (NIS codes, names of
  // regiegebieden, "flanders", ...) are indexed.
  HalfYearCells(std::span<const publish::PublishedFigure> cells, const geo::Registry& registry,
                const measure::Period& now, const std::set<std::string>* only_codes = nullptr);

  const measure::Period& now() const { return now_; }
  const measure::Period& before() const { return before_; }
  // Whether any cell is of `now`.
  bool has_now() const { return has_now_; }
  // One area's row for an indicator.
  ReportRow row(const ReportIndicator& indicator, const publish::Area& area);
  // The sums made for merged municipalities (the rows point into them).
  std::vector<std::unique_ptr<publish::PublishedFigure>> take_derived();

 private:
  using Key =
      std::tuple<measure::Indicator, std::string_view, int32_t, publish::Level, std::string_view>;
  const publish::PublishedFigure* find(const ReportIndicator& indicator, const publish::Area& area,
                                       const measure::Period& period) const;

  const geo::Registry& registry_;
  measure::Period now_;
  measure::Period before_;
  std::map<Nis, std::vector<Nis>> territories_;
  std::map<Key, const publish::PublishedFigure*> index_;
  std::vector<std::unique_ptr<publish::PublishedFigure>> derived_;
  bool has_now_ = false;
};

struct ReportSection {
  ReportIndicator indicator;
  std::vector<ReportRow> centrumsteden;  // the 13, by name
  std::vector<ReportRow> regiegebieden;  // those chosen, in the order chosen
  ReportRow all_centrumsteden;           // the centrumsteden together
  ReportRow flanders;
  std::vector<std::string> sentences;  // Dutch
};

// Part 1 of the report, the context figures (kerncijfers; docs/formats.md): published
// statistics, imported as they are (public aggregates, not made from person data, so not
// suppressed). An area's value is the sum over the municipalities that made up its territory
// in the figure's period; missing when one of them has no row.
struct ContextValue {
  int64_t value = 0;
  std::optional<int64_t> denominator;  // a share
};
struct ContextRow {
  publish::Area area;
  std::optional<ContextValue> now;
  std::optional<ContextValue> before;
};
struct ContextSection {
  formats::ContextFigure figure = formats::ContextFigure::kEmploymentRate;
  std::string_view title;  // Dutch: "De werkzaamheidsgraad"
  // The latest period of the figure that ends in the half year or before, and the same
  // period a year earlier; nullopt when none was imported.
  std::optional<formats::ContextPeriod> period;
  std::optional<formats::ContextPeriod> previous;
  std::string source;
  std::vector<ContextRow> centrumsteden;
  std::vector<ContextRow> regiegebieden;
  ContextRow all_centrumsteden;
  ContextRow flanders;  // the imported Vlaams Gewest row, else the sum of all municipalities
  std::vector<std::string> sentences;  // Dutch
};

// One context figure's values for areas of the municipalities of day `on` (the last day of a
// half year): in its latest period that ends on `on` or before, and the same period a year
// earlier. An area's value is the sum over the municipalities of that period that made up its
// territory (mergers followed); nullopt when one of them has no row.
class ContextValues {
 public:
  ContextValues(std::span<const formats::ContextFigureRow> rows, const geo::Registry& registry,
                Date on, formats::ContextFigure figure);

  const std::optional<formats::ContextPeriod>& period() const { return period_; }
  const std::optional<formats::ContextPeriod>& previous() const { return previous_; }
  const std::string& source() const { return source_; }
  std::string_view title() const { return title_; }      // "De werkzaamheidsgraad (20-64 jaar)"
  std::string_view subject() const { return subject_; }  // "de werkzaamheidsgraad"
  // The area made of `municipalities` (of `on`).
  ContextRow row(publish::Area area, const std::vector<Nis>& municipalities) const;
  // The Vlaams Gewest: its own row when imported, else the sum of all municipalities.
  ContextRow flanders() const;

 private:
  std::optional<ContextValue> value_of(const std::vector<Nis>& municipalities,
                                       const std::optional<formats::ContextPeriod>& p) const;

  const geo::Registry& registry_;
  Date on_;
  std::string_view title_;
  std::string_view subject_;
  // Values by period and NIS code (0: the Vlaams Gewest).
  std::map<formats::ContextPeriod, std::map<int, ContextValue>> values_;
  std::optional<formats::ContextPeriod> period_;
  std::optional<formats::ContextPeriod> previous_;
  std::string source_;
};
// The context figures in the reports' order.
std::span<const formats::ContextFigure> context_figures();

// "2024" or "september 2024"
std::string context_period_nl(const formats::ContextPeriod& p);
// "75,2%" for a share, "780.974" for a count.
std::string context_value_nl(const ContextValue& v);

struct SemesterReportInput {
  measure::Period half_year;  // a Period::half_year
  std::vector<std::string> regiegebieden;
  // The stored context figures (store::ContextStore::context_figures); may be empty.
  std::vector<formats::ContextFigureRow> context;
  int k = 5;
  std::string source;  // "meting 3 van gegevenslading 2, gegevens tot juni 2025"
  Date generated_on;
};

// Move-only: rows point into `derived`.
struct SemesterReport {
  measure::Period half_year;
  measure::Period previous;
  int k = 5;
  std::string source;
  Date generated_on;
  std::vector<ContextSection> context;  // part 1, one per figure
  std::vector<ReportSection> sections;  // part 2
  // The half year before of municipalities formed by a merger: the sum of the
  // figures of the municipalities they were formed from, when all are shown
  // (else hidden).
  std::vector<std::unique_ptr<publish::PublishedFigure>> derived;
};

// The report from the cells of a run as the public sees them (`cells`:
// publish::roll_up with the protection applied). Fails when the run has no
// figure of the half year, or a regiegebied is unknown.
Result<SemesterReport> semester_report(std::span<const publish::PublishedFigure> cells,
                                       const geo::Registry& registry,
                                       const SemesterReportInput& input);

// Part 1 for the report's areas (called by semester_report; exposed for tests). `on`: the
// last day of the half year.
std::vector<ContextSection> context_sections(std::span<const formats::ContextFigureRow> rows,
                                             const geo::Registry& registry, Date on,
                                             const std::vector<std::string>& regiegebieden);

// The sentences of one context section; `subject` as inside a sentence ("de
// werkzaamheidsgraad").
std::vector<std::string> context_sentences(const ContextSection& section, std::string_view subject);

// The sentences of one section (exposed for tests).
std::vector<std::string> report_sentences(const ReportSection& section, const measure::Period& now,
                                          const measure::Period& before);

// The report as a self-contained HTML page (inline style and SVG charts, set
// up to print on A4).
std::string semester_report_html(const SemesterReport& report);
// The report as sheets: "Samenvatting" (the sentences) and one per indicator.
std::vector<Sheet> semester_report_sheets(const SemesterReport& report);
// Those sheets as one workbook, with the report's `Toelichting`.
Workbook semester_report_workbook(const SemesterReport& report);

// Shared by the reports made of half years (this one and fact_sheet.h):
// whether a cell is shown and has a share (a denominator);
bool shown(const publish::PublishedFigure* f);
// the share in tenths of a percent, rounded half up, as the tables show it;
int64_t tenths(const publish::PublishedFigure& f);
// "12,3%";
std::string pct_text(const publish::PublishedFigure& f);
// "12,3% (4 van 33), 1 voorlopig", "afgeschermd (reden)" or "geen cijfer";
std::string cell_text(const publish::PublishedFigure* f, int k);
// the difference of two shown cells in percentage points ("+2,1"), "" otherwise;
std::string points_text(const publish::PublishedFigure* now,
                        const publish::PublishedFigure* before);
// a chart's grid lines for shares up to `max_tenths` (tenths of a percent): every 5, 10, 20 or
// 25 percent, at most six; {step, top} in tenths;
std::pair<int64_t, int64_t> chart_grid(int64_t max_tenths);
// text for HTML (& < > ");
std::string html_escape(std::string_view s);
// a sheet's columns of a row's two half years (Teller, Voorlopig, Noemer, Percentage of `now`;
// Teller, Noemer, Percentage of `before`; Afgeschermd), named with the half years' Dutch names,
// and a row's cells for them (empty where hidden or without a figure);
std::vector<Column> half_year_columns(const std::string& now, const std::string& before);
void append_half_year_cells(std::vector<Cell>& row, const ReportRow& x, const std::string& now,
                            const std::string& before);
// a horizontal bar chart of shares as SVG: per row a bar (a hidden or missing one named instead),
// and a short tick when given (e.g. the half year before); a line across the rows when given
// (e.g. Flanders);
struct ChartRow {
  std::string label;      // left of the bar
  std::string bar_title;  // the bar's tooltip, before ": 12,3%"
  const publish::PublishedFigure* bar = nullptr;
  const publish::PublishedFigure* tick = nullptr;
  std::string tick_title;
};
struct ChartLayout {
  int label_width = 190;
  int bar_height = 18;
  int text_offset = 5;  // the labels' baseline above the bar's bottom
  std::string_view tick_class = "before";
};
std::string bar_chart_svg(const std::vector<ChartRow>& rows, const ChartLayout& layout,
                          const publish::PublishedFigure* line, std::string_view line_title,
                          std::string_view aria_label);
// the workbooks' note on the suppression ("publiek: cijfers van minder dan 5 personen ...");
std::string public_suppression_nl(int k);
// the reports' style sheet (A4).
std::string_view report_style();

// "1 van de 13", "alle 13" (for the sentences)
std::string of_text(size_t n, size_t of);

// "1e halfjaar 2025"
std::string half_year_name_nl(const measure::Period& half);

}  // namespace lap::report
