// The exchange formats of docs/formats.md: file names, column names and the
// coded values of each source (domain.md §2). Shared by the writer (lap generate)
// and the validating reader (lap import) so the two cannot drift apart.
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lap/core/date.h"
#include "lap/core/nis.h"

namespace lap::formats {

inline constexpr std::string_view kRmiFile = "rmi_entitlements.csv";
inline constexpr std::string_view kVdabFile = "vdab_registrations.csv";
inline constexpr std::string_view kWorkFile = "work_months.csv";
inline constexpr std::string_view kMeasuresFile = "activation_measures.csv";
inline constexpr std::string_view kCountsFile = "podmi_counts.csv";
inline constexpr std::string_view kIdChangesFile = "identifier_changes.csv";
inline constexpr std::string_view kGroundTruthFile = "ground_truth.csv";
inline constexpr std::string_view kManifestFile = "manifest.json";
// VDAB's monthly LAP results table (not part of a delivery; imported per call).
inline constexpr std::string_view kLapResultsFile = "lap_results.csv";
// The context figures (kerncijfers) of the semestrial report: published statistics per
// municipality, imported apart from a delivery (`lap context import`).
inline constexpr std::string_view kContextFile = "kerncijfers.csv";

inline constexpr std::array<std::string_view, 13> kRmiColumns = {
    "ocmw_nis", "insz",      "last_name", "first_name", "birth_date", "sex",     "postcode",
    "kind",     "ukrainian", "gpmi",      "exemption",  "start_date", "end_date"};
inline constexpr std::array<std::string_view, 11> kVdabColumns = {
    "vdab_client_id", "insz",     "last_name", "first_name", "birth_date", "sex",
    "postcode",       "category", "ocmw_nis",  "start_date", "end_date"};
// The optional address columns of the RMI and VDAB files (docs/formats.md): a header may
// leave them out (older deliveries). The readers and the writer use the file's columns
// followed by these (`with_address`).
inline constexpr std::array<std::string_view, 2> kAddressColumns = {"street", "house_number"};
template <size_t N>
constexpr std::array<std::string_view, N + kAddressColumns.size()> with_address(
    const std::array<std::string_view, N>& columns) {
  std::array<std::string_view, N + kAddressColumns.size()> all{};
  for (size_t i = 0; i < N; ++i)
    all[i] = columns[i];
  for (size_t i = 0; i < kAddressColumns.size(); ++i)
    all[N + i] = kAddressColumns[i];
  return all;
}
inline constexpr auto kRmiAllColumns = with_address(kRmiColumns);
inline constexpr auto kVdabAllColumns = with_address(kVdabColumns);
inline constexpr std::array<std::string_view, 5> kWorkColumns = {
    "insz", "first_month", "last_month", "work_type", "employer_kind"};
inline constexpr std::array<std::string_view, 6> kMeasuresColumns = {
    "insz", "measure", "organiser_nis", "start_date", "end_date", "new_inflow"};
inline constexpr std::array<std::string_view, 5> kCountsColumns = {
    "nis", "reference_date", "leefloon", "equivalent_leefloon", "ukrainian"};
inline constexpr std::array<std::string_view, 3> kIdChangesColumns = {"old_insz", "new_insz",
                                                                      "change_date"};
inline constexpr std::array<std::string_view, 4> kLapResultsColumns = {"nis", "month", "confirmed",
                                                                       "pending"};
inline constexpr std::array<std::string_view, 6> kContextColumns = {
    "nis", "figure", "period", "value", "denominator", "source"};
inline constexpr std::array<std::string_view, 3> kGroundTruthColumns = {
    "person_id", "identifier_kind", "identifier"};

// RMI entitlement kinds: leefloon, equivalent leefloon, other social aid.
enum class EntitlementKind { kLL, kELL, kMH };
enum class Exemption { kNone, kHealth, kEquity, kStudy };
// VDAB registration categories.
enum class VdabCategory { kCat05, kCat01, kBit, kVrij, kAnder };
enum class WorkType { kEmp, kSelf };
enum class EmployerKind { kNone, kNec, kSe, kOcmwArt60, kPublic };
enum class Measure { kTweOcmw, kWijkWerken, kIbo, kStage, kLde, kCollectiefMaatwerk, kOpleiding };
// The context figures of part 1 of seed 004's report (kerncijfers), in its order.
enum class ContextFigure {
  kEmploymentRate,            // werkzaamheidsgraad: at work / population 20-64
  kNonActive,                 // niet-beroepsactieven
  kJobSeekers,                // werkzoekenden zonder werk (VDAB)
  kRmiEntitled,               // RMI-gerechtigden (POD MI)
  kUnqualifiedSchoolLeavers,  // ongekwalificeerde schoolverlaters / all school leavers
};

std::string_view to_code(EntitlementKind v);
std::string_view to_code(Exemption v);
std::string_view to_code(VdabCategory v);
std::string_view to_code(WorkType v);
std::string_view to_code(EmployerKind v);  // kNone -> ""
std::string_view to_code(Measure v);
std::string_view to_code(ContextFigure v);

std::optional<EntitlementKind> entitlement_kind_from(std::string_view s);
std::optional<Exemption> exemption_from(std::string_view s);
std::optional<VdabCategory> vdab_category_from(std::string_view s);
std::optional<WorkType> work_type_from(std::string_view s);
std::optional<EmployerKind> employer_kind_from(std::string_view s);  // "" -> kNone
std::optional<Measure> measure_from(std::string_view s);
std::optional<ContextFigure> context_figure_from(std::string_view s);
// Whether the figure is a share (its rows have a denominator) rather than a count.
bool is_share(ContextFigure v);

// The period of a context figure: a calendar year ("2023") or a month
// ("2023-09"), as the statistic was published.
struct ContextPeriod {
  int year = 0;
  int month = 0;  // 1-12, or 0 for the whole year

  // "2023" or "2023-09"
  static std::optional<ContextPeriod> parse(std::string_view text);
  std::string to_string() const;
  // The last day of the period.
  Date last_day() const;
  // The same period a year earlier.
  ContextPeriod year_before() const { return {year - 1, month}; }
  constexpr auto operator<=>(const ContextPeriod&) const = default;
};

// One row of the context figures (`kerncijfers.csv`, docs/formats.md): a
// published statistic of one municipality (or of the Vlaams Gewest, NIS
// 02000) in one period.
struct ContextFigureRow {
  std::optional<Nis> nis;  // nullopt: the Vlaams Gewest
  ContextFigure figure = ContextFigure::kEmploymentRate;
  ContextPeriod period;
  int64_t value = 0;
  std::optional<int64_t> denominator;  // set exactly for a share (is_share)
  std::string source;

  bool operator==(const ContextFigureRow&) const = default;
};
// The NIS code of the Vlaams Gewest in a context figures file.
inline constexpr std::string_view kFlandersNis = "02000";

}  // namespace lap::formats
