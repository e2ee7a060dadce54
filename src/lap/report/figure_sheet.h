// Published figures as a viewer sees them, as a downloadable table (sheet.h):
// the dashboard, the Flanders table and the case figures as XLSX and Belgian
// CSV. The cells are the ones the screen shows — a hidden cell is empty with
// the reason beside it — so a download never tells more than the page.
//
// Columns (docs/indicators.md "Downloads"):
//   Indicator; Variant; Periode; Reeks; Niveau; Code; Gebied; Teller;
//   Voorlopig; Noemer; Percentage; Afgeschermd; Reden
// and, for the handovers, `Mediane doorlooptijd (uren)`.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/month.h"
#include "lap/measure/figure.h"
#include "lap/publish/publication.h"
#include "lap/report/sheet.h"

namespace lap::report {

// "december 2025", "4e kwartaal 2025", "januari 2024 tot juni 2024".
std::string period_name_nl(const measure::Period& period);
// The Dutch name of a month: "december 2025".
std::string month_name_nl(Month month);
// Where published figures come from: "meting 3 van gegevenslading 2, gegevens
// tot juni 2025".
std::string run_source_nl(int64_t run_id, int64_t load_id, Month data_end);
// The Dutch label of an indicator variant ("all" → "alle", "LL" → "leefloon
// (LL)"); the id itself when it has none.
std::string_view variant_name_nl(std::string_view variant);

// The median of the percentages of a group's members (the comparable
// municipalities, docs/indicators.md "Vergelijkbare gemeenten") as a viewer
// sees them: the median as an exact fraction, taken over `of` visible member
// figures out of the `members` that have a figure in the period (denominator
// 0: none is visible, there is no median).
struct GroupMedian {
  int64_t numerator = 0;
  int64_t denominator = 0;
  int of = 0;
  int members = 0;
};

// The median of fractions (numerator, denominator > 0), exactly: the middle
// one, or halfway between the two middle ones. Nullopt when there are none.
std::optional<std::pair<int64_t, int64_t>> median_fraction(
    std::vector<std::pair<int64_t, int64_t>> fractions);

// "mediaan van 48 van de 71 gemeenten met een cijfer"
std::string group_median_text(const GroupMedian& m);

// One row: a cell as the viewer sees it (null: no figure), with the name of
// the series it is drawn in ("OCMW Antwerpen", "Vlaams Gewest"); or a group's
// median (`group_median`, with no cell).
struct FigureRow {
  const publish::PublishedFigure* figure = nullptr;
  measure::Indicator indicator = measure::Indicator::kReach;
  std::string_view variant;
  measure::Period period;
  std::string series;
  publish::Area area;
  std::optional<double> median_hours;  // handovers: shown only beside a visible cell
  std::optional<GroupMedian> group_median;
};

// What the download says about itself (the XLSX sheet `Toelichting`).
struct FigureSheetInfo {
  std::string id;       // JSON `document`, e.g. `dashboard`
  std::string title;    // the XLSX sheet name, at most 31 characters
  std::string subject;  // e.g. "Gemeente-dashboard Antwerpen (11002)"
  std::string source;   // e.g. "meting 3 van gegevenslading 2, gegevens tot 31 oktober 2025"
  std::string view;     // Dutch: what the viewer sees exactly and what is hidden
  int k = 5;
  Date generated_on;
  bool median_column = false;  // the `Mediane doorlooptijd (uren)` column
};

Sheet figure_sheet(const FigureSheetInfo& info, std::span<const FigureRow> rows);

}  // namespace lap::report
