#include "lap/formats/schema.h"

#include <utility>

#include <fmt/format.h>

#include "lap/core/parse.h"

namespace lap::formats {
namespace {

template <typename E, size_t N>
std::string_view code_of(const std::array<std::pair<E, std::string_view>, N>& table, E v) {
  for (const auto& [e, s] : table) {
    if (e == v) return s;
  }
  return {};
}

template <typename E, size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& table,
                          std::string_view s) {
  for (const auto& [e, code] : table) {
    if (code == s) return e;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<EntitlementKind, std::string_view>, 3> kKinds = {
    {{EntitlementKind::kLL, "LL"}, {EntitlementKind::kELL, "ELL"}, {EntitlementKind::kMH, "MH"}}};
constexpr std::array<std::pair<Exemption, std::string_view>, 4> kExemptions = {
    {{Exemption::kNone, "none"},
     {Exemption::kHealth, "health"},
     {Exemption::kEquity, "equity"},
     {Exemption::kStudy, "study"}}};
constexpr std::array<std::pair<VdabCategory, std::string_view>, 5> kCategories = {
    {{VdabCategory::kCat05, "05"},
     {VdabCategory::kCat01, "01"},
     {VdabCategory::kBit, "BIT"},
     {VdabCategory::kVrij, "VRIJ"},
     {VdabCategory::kAnder, "ANDER"}}};
constexpr std::array<std::pair<WorkType, std::string_view>, 2> kWorkTypes = {
    {{WorkType::kEmp, "EMP"}, {WorkType::kSelf, "SELF"}}};
constexpr std::array<std::pair<EmployerKind, std::string_view>, 5> kEmployerKinds = {
    {{EmployerKind::kNone, ""},
     {EmployerKind::kNec, "NEC"},
     {EmployerKind::kSe, "SE"},
     {EmployerKind::kOcmwArt60, "OCMW_ART60"},
     {EmployerKind::kPublic, "PUBLIC"}}};
constexpr std::array<std::pair<Measure, std::string_view>, 7> kMeasures = {
    {{Measure::kTweOcmw, "TWE_OCMW"},
     {Measure::kWijkWerken, "WIJK_WERKEN"},
     {Measure::kIbo, "IBO"},
     {Measure::kStage, "STAGE"},
     {Measure::kLde, "LDE"},
     {Measure::kCollectiefMaatwerk, "COLLECTIEF_MAATWERK"},
     {Measure::kOpleiding, "OPLEIDING"}}};

constexpr std::array<std::pair<ContextFigure, std::string_view>, 5> kContextFigures = {
    {{ContextFigure::kEmploymentRate, "werkzaamheidsgraad"},
     {ContextFigure::kNonActive, "niet_beroepsactieven"},
     {ContextFigure::kJobSeekers, "werkzoekenden_zonder_werk"},
     {ContextFigure::kRmiEntitled, "rmi_gerechtigden"},
     {ContextFigure::kUnqualifiedSchoolLeavers, "ongekwalificeerde_schoolverlaters"}}};

bool digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

}  // namespace

std::optional<ContextPeriod> ContextPeriod::parse(std::string_view text) {
  if (text.size() != 4 && !(text.size() == 7 && text[4] == '-')) return std::nullopt;
  if (!digits(text.substr(0, 4))) return std::nullopt;
  ContextPeriod p;
  p.year = *parse_integer<int>(text.substr(0, 4));
  if (text.size() == 7) {
    if (!digits(text.substr(5))) return std::nullopt;
    p.month = *parse_integer<int>(text.substr(5));
    if (p.month < 1 || p.month > 12) return std::nullopt;
  }
  if (p.year < 2000 || p.year > 2100) return std::nullopt;
  return p;
}

std::string ContextPeriod::to_string() const {
  return month == 0 ? fmt::format("{:04d}", year) : fmt::format("{:04d}-{:02d}", year, month);
}

Date ContextPeriod::last_day() const {
  const int m = month == 0 ? 12 : month;
  return *Date::from_ymd(year, m, Date::days_in_month(year, m));
}

std::string_view to_code(ContextFigure v) {
  return code_of(kContextFigures, v);
}
std::optional<ContextFigure> context_figure_from(std::string_view s) {
  return value_of(kContextFigures, s);
}
bool is_share(ContextFigure v) {
  return v == ContextFigure::kEmploymentRate || v == ContextFigure::kUnqualifiedSchoolLeavers;
}

std::string_view to_code(EntitlementKind v) {
  return code_of(kKinds, v);
}
std::string_view to_code(Exemption v) {
  return code_of(kExemptions, v);
}
std::string_view to_code(VdabCategory v) {
  return code_of(kCategories, v);
}
std::string_view to_code(WorkType v) {
  return code_of(kWorkTypes, v);
}
std::string_view to_code(EmployerKind v) {
  return code_of(kEmployerKinds, v);
}
std::string_view to_code(Measure v) {
  return code_of(kMeasures, v);
}

std::optional<EntitlementKind> entitlement_kind_from(std::string_view s) {
  return value_of(kKinds, s);
}
std::optional<Exemption> exemption_from(std::string_view s) {
  return value_of(kExemptions, s);
}
std::optional<VdabCategory> vdab_category_from(std::string_view s) {
  return value_of(kCategories, s);
}
std::optional<WorkType> work_type_from(std::string_view s) {
  return value_of(kWorkTypes, s);
}
std::optional<EmployerKind> employer_kind_from(std::string_view s) {
  return value_of(kEmployerKinds, s);
}
std::optional<Measure> measure_from(std::string_view s) {
  return value_of(kMeasures, s);
}

}  // namespace lap::formats
