#include "lap/formats/exchange.h"

#include <sodium.h>

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "lap/formats/reader_support.h"

namespace lap::formats {
namespace {

struct SourceInfo {
  Source source;
  std::string_view file;
  std::string_view name;
};
constexpr std::array<SourceInfo, 6> kSources = {{
    {Source::kRmiEntitlements, kRmiFile, "rmi_entitlements"},
    {Source::kVdabRegistrations, kVdabFile, "vdab_registrations"},
    {Source::kWorkMonths, kWorkFile, "work_months"},
    {Source::kActivationMeasures, kMeasuresFile, "activation_measures"},
    {Source::kPodmiCounts, kCountsFile, "podmi_counts"},
    {Source::kIdentifierChanges, kIdChangesFile, "identifier_changes"},
}};

void ensure_sodium() {
  static const bool kReady = sodium_init() >= 0;
  (void)kReady;
}

}  // namespace

using namespace internal;

std::string_view file_name(Source source) {
  return kSources[static_cast<size_t>(source)].file;
}

std::string_view source_name(Source source) {
  return kSources[static_cast<size_t>(source)].name;
}

std::optional<Source> source_for_file(std::string_view name) {
  for (const auto& s : kSources) {
    if (s.file == name) return s.source;
  }
  return std::nullopt;
}

std::optional<Source> source_from_name(std::string_view name) {
  for (const auto& s : kSources) {
    if (s.name == name) return s.source;
  }
  return std::nullopt;
}

std::string Problem::to_string() const {
  if (column_name.empty()) return fmt::format("{}:{}:{}: {}", file, line, column, rule);
  return fmt::format("{}:{}:{}: [{}] {}", file, line, column, column_name, rule);
}

void Problems::add(Problem problem) {
  ++count_;
  if (list_.size() < limit_) list_.push_back(std::move(problem));
}

void Problems::sort_from(size_t first) {
  if (first >= list_.size()) return;
  std::stable_sort(list_.begin() + static_cast<std::ptrdiff_t>(first), list_.end(),
                   [](const Problem& a, const Problem& b) {
                     return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                   });
}

RowHash hash_canonical(std::string_view canonical_text) {
  ensure_sodium();
  RowHash out{};
  crypto_generichash(out.data(), out.size(),
                     reinterpret_cast<const unsigned char*>(canonical_text.data()),
                     canonical_text.size(), nullptr, 0);
  return out;
}

char sex_code(Sex sex) {
  switch (sex) {
    case Sex::kMale:
      return 'M';
    case Sex::kFemale:
      return 'F';
    case Sex::kUnknown:
      break;
  }
  return 'X';
}

// ---- canonical text -----------------------------------------------------------

namespace {

// The optional address of a row: nothing when both parts are empty.
void append_address(std::string& text, const std::string& street, const std::string& house_number) {
  if (street.empty() && house_number.empty()) return;
  text.push_back(kSep);
  text += street;
  text.push_back(kSep);
  text += house_number;
}

}  // namespace

std::string canonical_text(const RmiEntitlementRow& r) {
  std::string text = fmt::format(
      "rmi_entitlements{0}{1}{0}{2}{0}{3}{0}{4}{0}{5}{0}{6}{0}{7}{0}{8}{0}{9}{0}{10}{0}"
      "{11}{0}{12}{0}{13}",
      kSep, r.ocmw_nis.to_string(), r.insz.digits(), r.last_name, r.first_name,
      opt_date(r.birth_date), sex_code(r.sex), r.postcode, to_code(r.kind), flag_text(r.ukrainian),
      flag_text(r.gpmi), to_code(r.exemption), r.start_date.to_string(), opt_date(r.end_date));
  append_address(text, r.street, r.house_number);
  return text;
}

std::string canonical_text(const VdabRegistrationRow& r) {
  std::string text = fmt::format(
      "vdab_registrations{0}{1}{0}{2}{0}{3}{0}{4}{0}{5}{0}{6}{0}{7}{0}{8}{0}{9}{0}{10}{0}{11}",
      kSep, r.vdab_client_id, r.insz_digits, r.last_name, r.first_name, opt_date(r.birth_date),
      sex_code(r.sex), r.postcode, to_code(r.category),
      r.ocmw_nis ? r.ocmw_nis->to_string() : std::string(), r.start_date.to_string(),
      opt_date(r.end_date));
  append_address(text, r.street, r.house_number);
  return text;
}

std::string canonical_text(const WorkSpanRow& r) {
  return fmt::format("work_months{0}{1}{0}{2}{0}{3}{0}{4}{0}{5}", kSep, r.insz.digits(),
                     r.first_month.to_string(), r.last_month.to_string(), to_code(r.work_type),
                     to_code(r.employer_kind));
}

std::string canonical_text(const ActivationMeasureRow& r) {
  return fmt::format("activation_measures{0}{1}{0}{2}{0}{3}{0}{4}{0}{5}{0}{6}", kSep,
                     r.insz.digits(), to_code(r.measure), r.organiser_nis.to_string(),
                     r.start_date.to_string(), opt_date(r.end_date),
                     r.new_inflow ? flag_text(*r.new_inflow) : std::string_view());
}

std::string canonical_text(const PodmiCountRow& r) {
  return fmt::format("podmi_counts{0}{1}{0}{2}{0}{3}{0}{4}{0}{5}", kSep, r.nis.to_string(),
                     r.reference_date.to_string(), r.leefloon, r.equivalent_leefloon, r.ukrainian);
}

std::string canonical_text(const IdentifierChangeRow& r) {
  return fmt::format("identifier_changes{0}{1}{0}{2}{0}{3}", kSep, r.old_insz.digits(),
                     r.new_insz.digits(), r.change_date.to_string());
}

Result<int64_t> validate(Source source, const Input& input, const ValidationContext& context,
                         Problems& problems, const ReadOptions& options) {
  switch (source) {
    case Source::kRmiEntitlements:
      return read_rmi_entitlements(input, context, problems, {}, options);
    case Source::kVdabRegistrations:
      return read_vdab_registrations(input, context, problems, {}, options);
    case Source::kWorkMonths:
      return read_work_months(input, context, problems, {}, options);
    case Source::kActivationMeasures:
      return read_activation_measures(input, context, problems, {}, options);
    case Source::kPodmiCounts:
      return read_podmi_counts(input, context, problems, {}, options);
    case Source::kIdentifierChanges:
      return read_identifier_changes(input, context, problems, {}, options);
  }
  return make_error(ErrorCode::kInternal, "unknown source");
}

}  // namespace lap::formats
