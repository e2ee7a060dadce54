// The municipal fact sheet (docs/report.md, "Gemeentefiche"): one municipality's cooperation
// indicators of a half year for its council, on one or two A4 pages — beside the half year
// before, its regiegebied, its province and Flanders — with its context figures and its
// cooperation agreement (SO). Made with the machinery of the semestrial report: the cells as
// the public sees them, HTML printed to PDF, an XLSX workbook. Pure; thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/error.h"
#include "lap/core/nis.h"
#include "lap/geo/registry.h"
#include "lap/pact/agreement.h"
#include "lap/publish/publication.h"
#include "lap/report/semester_report.h"
#include "lap/report/sheet.h"

namespace lap::report {

struct FactSheetInput {
  Nis municipality;           // a municipality on the half year's last day
  measure::Period half_year;  // a Period::half_year
  int k = 5;
  std::string source;  // "meting 3 van gegevenslading 2, gegevens tot juni 2025"
  Date generated_on;
  std::vector<formats::ContextFigureRow> context;      // may be empty
  std::vector<pact::CooperationAgreement> agreements;  // all of the registry; may be empty
};

// One indicator: the municipality (against the half year before) and its larger areas.
struct FactSheetIndicator {
  ReportIndicator indicator;
  ReportRow municipality;
  std::optional<ReportRow> regiegebied;  // none for a municipality without one
  ReportRow province;
  ReportRow flanders;
};

struct FactSheetContext {
  formats::ContextFigure figure = formats::ContextFigure::kEmploymentRate;
  std::string_view title;
  std::optional<formats::ContextPeriod> period;
  std::optional<formats::ContextPeriod> previous;
  std::string source;
  ContextRow municipality;
  std::optional<ContextRow> regiegebied;
  ContextRow province;
  ContextRow flanders;
};

// Move-only: rows point into `derived`.
struct FactSheet {
  publish::Area municipality;
  std::string regiegebied;  // empty when none
  std::string province;
  measure::Period half_year;
  measure::Period previous;
  int k = 5;
  std::string source;
  Date generated_on;
  std::vector<FactSheetIndicator> indicators;
  std::vector<FactSheetContext> context;
  // The agreements that cover the municipality on the half year's last day (its own or its
  // regiegebied's).
  std::vector<pact::CooperationAgreement> agreements;
  std::vector<std::string> findings;  // Dutch
  std::vector<std::unique_ptr<publish::PublishedFigure>> derived;
};

// The fact sheet from the cells of a run as the public sees them. Fails (kNotFound) when the
// run has no figure of the half year, (kInvalidArgument) when the municipality does not exist
// on its last day.
Result<FactSheet> fact_sheet(std::span<const publish::PublishedFigure> cells,
                             const geo::Registry& registry, const FactSheetInput& input);

// The findings (exposed for tests): how many indicators lie above and below Flanders, rose and
// fell against the half year before, and are hidden.
std::vector<std::string> fact_sheet_findings(const FactSheet& sheet);

// A self-contained HTML page for A4 (inline style and SVG, no scripts).
std::string fact_sheet_html(const FactSheet& sheet);
// A workbook: "Indicatoren", "Kerncijfers" (when imported), "Toelichting".
Workbook fact_sheet_workbook(const FactSheet& sheet);

// "1 maart 2021"
std::string date_nl(Date d);

}  // namespace lap::report
