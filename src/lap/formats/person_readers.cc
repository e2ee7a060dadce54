// The readers of the person files of exchange.h: RMI entitlements, VDAB registrations, work months,
// activation measures and identifier changes.
#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "lap/formats/exchange.h"
#include "lap/formats/field_reader.h"
#include "lap/formats/reader_support.h"

namespace lap::formats {
namespace {

// Column indexes, in the order of the column arrays of schema.h.
namespace rmi {
enum Column : size_t {
  kOcmwNis,
  kInsz,
  kLastName,
  kFirstName,
  kBirthDate,
  kSex,
  kPostcode,
  kKind,
  kUkrainian,
  kGpmi,
  kExemption,
  kStartDate,
  kEndDate,
  kStreet,
  kHouseNumber
};
}  // namespace rmi
namespace vdab {
enum Column : size_t {
  kClientId,
  kInsz,
  kLastName,
  kFirstName,
  kBirthDate,
  kSex,
  kPostcode,
  kCategory,
  kOcmwNis,
  kStartDate,
  kEndDate,
  kStreet,
  kHouseNumber
};
}  // namespace vdab
namespace work {
enum Column : size_t { kInsz, kFirstMonth, kLastMonth, kWorkType, kEmployerKind };
}  // namespace work
namespace measures {
enum Column : size_t { kInsz, kMeasure, kOrganiserNis, kStartDate, kEndDate, kNewInflow };
}  // namespace measures
namespace changes {
enum Column : size_t { kOldInsz, kNewInsz, kChangeDate };
}  // namespace changes

// The longest house number ("7 bus 3", "12A").
constexpr size_t kMaxHouseNumberChars = 10;

// The identity text an RMI or VDAB row may leave empty: the names (persons
// with a single name; VDAB's incomplete data) and the address (optional
// columns); when present, the text rules apply.
struct OptionalIdentityText {
  std::optional<std::string> last_name;
  std::optional<std::string> first_name;
  std::optional<std::string> street;
  std::optional<std::string> house_number;

  void read(Fields& f, size_t last, size_t first, size_t street_column, size_t house_column) {
    f.optional(last, last_name, [&](size_t c) { return f.text(c); });
    f.optional(first, first_name, [&](size_t c) { return f.text(c); });
    f.optional(street_column, street, [&](size_t c) { return f.text(c); });
    f.optional(house_column, house_number,
               [&](size_t c) { return f.text(c, kMaxHouseNumberChars); });
  }
  template <typename Row>
  void move_into(Row& r) {
    r.last_name = std::move(last_name).value_or(std::string());
    r.first_name = std::move(first_name).value_or(std::string());
    r.street = std::move(street).value_or(std::string());
    r.house_number = std::move(house_number).value_or(std::string());
  }
};

}  // namespace

using namespace internal;

Result<int64_t> read_rmi_entitlements(const Input& input, const ValidationContext& ctx,
                                      Problems& problems, const RowFn<RmiEntitlementRow>& on_row,
                                      const ReadOptions& options) {
  using namespace rmi;
  const geo::Registry& registry = *ctx.registry;
  const size_t first_problem = problems.list().size();
  DuplicateCheck duplicates;
  const auto read_row = [&](Fields& f) {
    RmiEntitlementRow r;
    auto nis = f.nis(kOcmwNis, registry);
    auto insz = f.insz(kInsz, ctx.today);
    OptionalIdentityText text;
    text.read(f, kLastName, kFirstName, kStreet, kHouseNumber);
    f.optional(kBirthDate, r.birth_date, [&](size_t c) { return f.date(c); });
    auto sex = f.sex(kSex);
    auto postcode = f.postcode(kPostcode);
    auto kind = f.code(kKind, entitlement_kind_from, "LL, ELL, MH");
    auto ukrainian = f.flag(kUkrainian);
    auto gpmi = f.flag(kGpmi);
    auto exemption = f.code(kExemption, exemption_from, "none, health, equity, study");
    auto start = f.date(kStartDate);
    f.optional(kEndDate, r.end_date, [&](size_t c) { return f.date(c); });

    if (insz && r.birth_date) {
      auto carried = insz->birth_date();
      if (carried && *carried != *r.birth_date) {
        f.problem(kBirthDate, "does not agree with the birth date the INSZ carries");
      }
    }
    if (insz && sex && insz->sex() != Sex::kUnknown && insz->sex() != *sex) {
      f.problem(kSex, "does not agree with the sex the INSZ carries");
    }
    if (ukrainian && kind && *ukrainian && *kind != EntitlementKind::kELL) {
      f.problem(kUkrainian, "may be 1 only with kind ELL");
    }
    check_period(f, kEndDate, start, r.end_date);
    if (nis && start && f.ok()) {
      check_exists_on(f, kOcmwNis, registry, *nis, *start, "start_date");
      if (r.end_date) {
        check_exists_on(f, kOcmwNis, registry, *nis, *r.end_date, "end_date");
      } else if (ctx.today >= *start && !registry.exists_on(*nis, ctx.today)) {
        const geo::Municipality* m = registry.find(*nis);
        f.problem(kOcmwNis,
                  fmt::format("a running entitlement (empty end_date) at municipality {}, which "
                              "does not exist today {} (valid {})",
                              nis->to_string(), ctx.today.to_string(), validity(*m)));
      }
    }
    if (!f.ok()) return;
    r.ocmw_nis = *nis;
    r.insz = *insz;
    text.move_into(r);
    r.sex = *sex;
    r.postcode = *postcode;
    r.kind = *kind;
    r.ukrainian = *ukrainian;
    r.gpmi = *gpmi;
    r.exemption = *exemption;
    r.start_date = *start;
    deliver(on_row, duplicates, r, f.line());
  };
  auto rows =
      read_records(input, kRmiAllColumns, problems, options, read_row, kAddressColumns.size());
  if (rows) finish_file(input, duplicates, problems, first_problem);
  return rows;
}

Result<int64_t> read_vdab_registrations(const Input& input, const ValidationContext& ctx,
                                        Problems& problems,
                                        const RowFn<VdabRegistrationRow>& on_row,
                                        const ReadOptions& options) {
  using namespace vdab;
  const geo::Registry& registry = *ctx.registry;
  const size_t first_problem = problems.list().size();
  DuplicateCheck duplicates;
  const auto read_row = [&](Fields& f) {
    VdabRegistrationRow r;
    auto client = f.integer(kClientId, 1, 9'999'999'999);
    if (!f.empty(kInsz)) {
      // Digits and the separators '.', '-' and space only; 11 digits.
      std::string digits;
      bool ok = true;
      for (char c : f.value(kInsz)) {
        if (c >= '0' && c <= '9') {
          digits.push_back(c);
        } else if (c != '.' && c != '-' && c != ' ') {
          ok = false;
        }
      }
      if (!ok || digits.size() != 11) {
        f.problem(kInsz, "must be 11 digits (separators '.', '-' and space allowed) or empty");
      } else {
        auto parsed = Insz::parse(digits, ctx.today);
        if (parsed) r.insz = *parsed;
        r.insz_digits = std::move(digits);
      }
    }
    OptionalIdentityText text;
    text.read(f, kLastName, kFirstName, kStreet, kHouseNumber);
    f.optional(kBirthDate, r.birth_date, [&](size_t c) { return f.date(c); });
    auto sex = f.sex(kSex);
    auto postcode = f.postcode(kPostcode);
    auto category = f.code(kCategory, vdab_category_from, "05, 01, BIT, VRIJ, ANDER");
    auto start = f.date(kStartDate);
    f.optional(kEndDate, r.end_date, [&](size_t c) { return f.date(c); });
    if (category) {
      if (*category == VdabCategory::kCat05) {
        r.ocmw_nis = f.nis(kOcmwNis, registry);
        if (r.ocmw_nis && start) {
          check_exists_on(f, kOcmwNis, registry, *r.ocmw_nis, *start, "start_date");
        }
      } else if (!f.empty(kOcmwNis)) {
        f.problem(kOcmwNis, "must be empty unless category is 05");
      }
    }
    check_period(f, kEndDate, start, r.end_date);
    if (!f.ok()) return;
    r.vdab_client_id = *client;
    text.move_into(r);
    r.sex = *sex;
    r.postcode = *postcode;
    r.category = *category;
    r.start_date = *start;
    deliver(on_row, duplicates, r, f.line());
  };
  auto rows =
      read_records(input, kVdabAllColumns, problems, options, read_row, kAddressColumns.size());
  if (rows) finish_file(input, duplicates, problems, first_problem);
  return rows;
}

Result<int64_t> read_work_months(const Input& input, const ValidationContext& ctx,
                                 Problems& problems, const RowFn<WorkSpanRow>& on_row,
                                 const ReadOptions& options) {
  using namespace work;
  const size_t first_problem = problems.list().size();
  DuplicateCheck duplicates;
  // For the overlap rule: one entry per valid span.
  struct Span {
    uint64_t insz;
    uint8_t type;
    uint8_t kind;
    int32_t first;
    int32_t last;
    int32_t column;  // of first_month, for the message
    int64_t line;
  };
  std::vector<Span> spans;
  auto rows = read_records(input, kWorkColumns, problems, options, [&](Fields& f) {
    WorkSpanRow r;
    auto insz = f.insz(kInsz, ctx.today);
    auto first = f.month(kFirstMonth);
    auto last = f.month(kLastMonth);
    auto type = f.code(kWorkType, work_type_from, "EMP, SELF");
    std::optional<EmployerKind> kind;
    if (type == WorkType::kEmp) {
      if (f.require(kEmployerKind)) {
        kind = employer_kind_from(f.value(kEmployerKind));
        if (!kind) f.problem(kEmployerKind, "must be one of NEC, SE, OCMW_ART60, PUBLIC");
      }
    } else if (type == WorkType::kSelf) {
      if (f.empty(kEmployerKind)) {
        kind = EmployerKind::kNone;
      } else {
        f.problem(kEmployerKind, "must be empty when work_type is SELF");
      }
    }
    if (first && last && *last < *first)
      f.problem(kLastMonth, "last_month lies before first_month");
    if (!f.ok()) return;
    r.insz = *insz;
    r.first_month = *first;
    r.last_month = *last;
    r.work_type = *type;
    r.employer_kind = *kind;
    spans.push_back(Span{r.insz.value(), static_cast<uint8_t>(r.work_type),
                         static_cast<uint8_t>(r.employer_kind), r.first_month.index(),
                         r.last_month.index(), f.position(kFirstMonth), f.line()});
    deliver(on_row, duplicates, r, f.line());
  });
  if (!rows) return rows;
  // Spans of one person with the same work_type and employer_kind do not overlap.
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return std::tie(a.insz, a.type, a.kind, a.first, a.line) <
           std::tie(b.insz, b.type, b.kind, b.first, b.line);
  });
  for (size_t i = 1, reach = 0; i < spans.size(); ++i) {
    const Span& s = spans[i];
    const Span& p = spans[reach];
    if (s.insz != p.insz || s.type != p.type || s.kind != p.kind) {
      reach = i;
      continue;
    }
    bool identical = s.first == p.first && s.last == p.last;  // reported as a duplicate
    if (s.first <= p.last && !identical) {
      problems.add(
          make_problem(input.name, s.line, s.column, kWorkColumns[kFirstMonth],
                       fmt::format("overlaps the span on line {} of the same person, work_type and "
                                   "employer_kind",
                                   p.line)));
    }
    if (s.last > p.last) reach = i;
  }
  spans.clear();
  spans.shrink_to_fit();
  finish_file(input, duplicates, problems, first_problem);
  return rows;
}

Result<int64_t> read_activation_measures(const Input& input, const ValidationContext& ctx,
                                         Problems& problems,
                                         const RowFn<ActivationMeasureRow>& on_row,
                                         const ReadOptions& options) {
  using namespace measures;
  const geo::Registry& registry = *ctx.registry;
  const size_t first_problem = problems.list().size();
  DuplicateCheck duplicates;
  auto rows = read_records(input, kMeasuresColumns, problems, options, [&](Fields& f) {
    ActivationMeasureRow r;
    auto insz = f.insz(kInsz, ctx.today);
    auto measure = f.code(kMeasure, measure_from,
                          "TWE_OCMW, WIJK_WERKEN, IBO, STAGE, LDE, COLLECTIEF_MAATWERK, OPLEIDING");
    auto nis = f.nis(kOrganiserNis, registry);
    auto start = f.date(kStartDate);
    f.optional(kEndDate, r.end_date, [&](size_t c) { return f.date(c); });
    if (measure == Measure::kWijkWerken) {
      r.new_inflow = f.flag(kNewInflow);
    } else if (measure && !f.empty(kNewInflow)) {
      f.problem(kNewInflow, "must be empty unless measure is WIJK_WERKEN");
    }
    check_period(f, kEndDate, start, r.end_date);
    if (nis && start) check_exists_on(f, kOrganiserNis, registry, *nis, *start, "start_date");
    if (!f.ok()) return;
    r.insz = *insz;
    r.measure = *measure;
    r.organiser_nis = *nis;
    r.start_date = *start;
    deliver(on_row, duplicates, r, f.line());
  });
  if (rows) finish_file(input, duplicates, problems, first_problem);
  return rows;
}

Result<int64_t> read_identifier_changes(const Input& input, const ValidationContext& ctx,
                                        Problems& problems,
                                        const RowFn<IdentifierChangeRow>& on_row,
                                        const ReadOptions& options) {
  using namespace changes;
  const size_t first_problem = problems.list().size();
  DuplicateCheck duplicates;
  // old INSZ -> the first row's line and hash.
  std::unordered_map<uint64_t, std::pair<int64_t, RowHash>> first_row;
  auto rows = read_records(input, kIdChangesColumns, problems, options, [&](Fields& f) {
    auto old_insz = f.insz(kOldInsz, ctx.today);
    auto new_insz = f.insz(kNewInsz, ctx.today);
    auto date = f.date(kChangeDate);
    if (old_insz && new_insz && *old_insz == *new_insz) {
      f.problem(kNewInsz, "must differ from old_insz");
    }
    if (!f.ok()) return;
    IdentifierChangeRow r{*old_insz, *new_insz, *date};
    RowHash hash = hash_canonical(canonical_text(r));
    auto [it, fresh] = first_row.try_emplace(old_insz->value(), f.line(), hash);
    if (!fresh) {
      if (it->second.second == hash) {
        duplicates.add(hash, f.line());  // reported as a duplicate
      } else {
        f.problem(kOldInsz, fmt::format("this old_insz already changed on line {} (an old_insz "
                                        "appears at most once)",
                                        it->second.first));
      }
      return;
    }
    duplicates.add(hash, f.line());
    if (on_row) on_row(r, hash, f.line());
  });
  if (rows) finish_file(input, duplicates, problems, first_problem);
  return rows;
}

}  // namespace lap::formats
