// The Lokaal Activeringspact as files for people and programs (domain.md §4
// "Outputs"): the werktabel, the redistribution, the monthly follow-up, the
// payment statements and the what-if simulation, each as a `Sheet` (sheet.h)
// that renders to Belgian CSV, XLSX (xlsx.h) and JSON from the same rows; and
// a payment statement per settlement unit as a `Form` a municipal finance
// officer can file. Columns and keys are documented in docs/lap-files.md.
//
// Pure apart from the write_* functions; the generation date is given, not read
// from the clock.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/error.h"
#include "lap/core/nis.h"
#include "lap/geo/registry.h"
#include "lap/pact/call.h"
#include "lap/pact/decision.h"
#include "lap/pact/followup.h"
#include "lap/pact/inputs.h"
#include "lap/pact/redistribution.h"
#include "lap/pact/settlement.h"
#include "lap/pact/simulator.h"
#include "lap/pact/werktabel.h"
#include "lap/report/sheet.h"

namespace lap::report {

// The name of a municipality; empty when unknown.
using NameLookup = std::function<std::string(Nis)>;
// Names from a registry (which must outlive the lookup).
NameLookup registry_names(const geo::Registry& registry);

// Which rights a table of participants uses (pact/decision.h).
struct RightsBasis {
  std::optional<pact::DecisionRef> decision;  // the redistribution decision in force
  bool after_deadline = false;
};

struct ExportContext {
  Date generated_on;       // `Aangemaakt op`
  std::string call_title;  // e.g. `Lokaal Activeringspact 2023`; optional
  NameLookup names;        // optional; werktabel rows use their own name first
  // Data sources for documents whose structure does not say (redistribution:
  // counts; payment statements: counts and results); shown when set.
  std::optional<pact::CountSource> count_source;
  std::optional<pact::ResultSource> result_source;
  // Shown with the call when set: which rights the figures use (`Trekkingsrechten`)
  // and what they were computed from (`Berekend uit`, pact/inputs.h).
  std::optional<RightsBasis> rights;
  std::optional<pact::FrozenInputs> inputs;
};

// Dutch texts shown in the files.
std::string_view dutch_name(pact::SettlementRule rule);   // pro rata / pro rata met bodem
std::string_view dutch_name(pact::PaymentStatus status);  // in wacht (...), te betalen, ...
std::string_view dutch_name(pact::CountSource source);
std::string_view dutch_name(pact::ResultSource source);
std::string_view dutch_name(pact::ProjectionMethod method);
// `herverdeling volgens beslissing 2 van 15-01-2024`, `eigen trekkingsrechten: …`.
std::string dutch_text(const RightsBasis& rights);
// `parameterversie 2; herverdeling: beslissing 1 van 15-01-2024; tellingen:
// bestand podmi.csv (import 3, SHA-256 …); resultaten: dataload 2, koppelrun 4`.
std::string dutch_text(const pact::FrozenInputs& inputs);

// Data sheets (one row per municipality, unit or unit-month).
Sheet werktabel_sheet(const pact::Werktabel& werktabel, const ExportContext& ctx);
Sheet redistribution_sheet(const pact::Redistribution& redistribution, const ExportContext& ctx);
Sheet follow_up_sheet(const pact::FollowUp& follow_up, const ExportContext& ctx);
Sheet payments_sheet(std::span<const pact::PaymentStatement> statements, const ExportContext& ctx);
Sheet simulation_sheet(const pact::Simulation& simulation, const ExportContext& ctx);

// One payment statement laid out for filing (title, call, version, unit,
// figures, amounts, status, date of the annual-report approval).
Form payment_statement_form(const pact::PaymentStatement& statement, const ExportContext& ctx);

enum class FileFormat { kCsv, kXlsx, kJson };
// `csv`, `xlsx`, `json`.
std::string_view file_extension(FileFormat format);
Result<FileFormat> parse_file_format(std::string_view text);
// `text/csv; charset=utf-8`, `application/vnd.openxmlformats-...`, `application/json`.
std::string_view media_type(FileFormat format);

// The file's bytes (an XLSX goes through a temporary file).
Result<std::string> render(const Sheet& sheet, FileFormat format);
Result<std::string> render(const Form& form, FileFormat format);
// Written atomically (a temporary file renamed into place).
Status write(const Sheet& sheet, FileFormat format, const std::string& path);
Status write(const Form& form, FileFormat format, const std::string& path);

// `s` for a file name: characters other than letters, digits, '-' and '_'
// become '_' (an empty `s` is `_`).
std::string safe_file_part(std::string_view s);

// `betalingsoverzicht_lap-2023_11002.xlsx`: characters other than letters,
// digits, '-' and '_' in the call or unit id become '_'.
std::string payment_statement_file_name(const pact::PaymentStatement& statement, FileFormat format);
// Writes one filing document per statement into `directory` (which must
// exist); returns the paths written, in the order of `statements`. Stops at
// the first error.
Result<std::vector<std::string>> write_payment_statements(
    std::span<const pact::PaymentStatement> statements, const ExportContext& ctx,
    const std::string& directory, FileFormat format = FileFormat::kXlsx);

}  // namespace lap::report
