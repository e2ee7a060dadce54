#include "lap/formats/exchange.h"

#include <sodium.h>

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "lap/formats/field_reader.h"

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
  kEndDate
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
  kEndDate
};
}  // namespace vdab
namespace work {
enum Column : size_t { kInsz, kFirstMonth, kLastMonth, kWorkType, kEmployerKind };
}  // namespace work
namespace measures {
enum Column : size_t { kInsz, kMeasure, kOrganiserNis, kStartDate, kEndDate, kNewInflow };
}  // namespace measures
namespace counts {
enum Column : size_t { kNis, kReferenceDate, kLeefloon, kEquivalentLeefloon, kUkrainian };
}  // namespace counts
namespace results {
enum Column : size_t { kNis, kMonth, kConfirmed, kPending };
}  // namespace results
namespace changes {
enum Column : size_t { kOldInsz, kNewInsz, kChangeDate };
}  // namespace changes

constexpr char kSep = '\x1f';

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

std::string opt_date(const std::optional<Date>& d) {
  return d ? d->to_string() : std::string();
}

std::string_view flag_text(bool b) {
  return b ? "1" : "0";
}

// "1970-01-01..2024-12-31, then 11002" or "from 2025-01-01".
std::string validity(const geo::Municipality& m) {
  if (!m.valid_to) return fmt::format("from {}", m.valid_from.to_string());
  std::string s = fmt::format("{}..{}", m.valid_from.to_string(), m.valid_to->to_string());
  if (m.successor) s += fmt::format(", then {}", m.successor->to_string());
  return s;
}

// The rule "nis exists on the date the row is about".
void check_exists_on(Fields& f, size_t column, const geo::Registry& registry, Nis nis, Date date,
                     std::string_view date_column) {
  if (registry.exists_on(nis, date)) return;
  const geo::Municipality* m = registry.find(nis);
  f.problem(column, fmt::format("municipality {} does not exist on {} {} (valid {})",
                                nis.to_string(), date_column, date.to_string(),
                                m != nullptr ? validity(*m) : std::string("never")));
}

// end_date >= start_date.
void check_period(Fields& f, size_t end_column, const std::optional<Date>& start,
                  const std::optional<Date>& end) {
  if (start && end && *end < *start) f.problem(end_column, "end_date lies before start_date");
}

// Rows identical to an earlier row (by canonical text, compared by hash).
class DuplicateCheck {
 public:
  void add(const RowHash& hash, int64_t line) { seen_.emplace_back(hash, line); }
  void report(const std::string& file, Problems& problems) {
    std::sort(seen_.begin(), seen_.end());
    for (size_t i = 1, first = 0; i < seen_.size(); ++i) {
      if (seen_[i].first != seen_[first].first) {
        first = i;
        continue;
      }
      problems.add(
          make_problem(file, seen_[i].second, 1, "",
                       fmt::format("duplicate of the row on line {} (a file is a set of facts)",
                                   seen_[first].second)));
    }
    seen_.clear();
    seen_.shrink_to_fit();
  }

 private:
  std::vector<std::pair<RowHash, int64_t>> seen_;
};

template <typename Row>
void deliver(const RowFn<Row>& on_row, DuplicateCheck& duplicates, const Row& row, int64_t line) {
  RowHash hash = hash_canonical(canonical_text(row));
  duplicates.add(hash, line);
  if (on_row) on_row(row, hash, line);
}

// Finishes a file: the duplicate rule, then the problems in file order.
void finish_file(const Input& input, DuplicateCheck& duplicates, Problems& problems,
                 size_t first_problem) {
  duplicates.report(input.name, problems);
  problems.sort_from(first_problem);
}

}  // namespace

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

std::string canonical_text(const RmiEntitlementRow& r) {
  return fmt::format(
      "rmi_entitlements{0}{1}{0}{2}{0}{3}{0}{4}{0}{5}{0}{6}{0}{7}{0}{8}{0}{9}{0}{10}{0}"
      "{11}{0}{12}{0}{13}",
      kSep, r.ocmw_nis.to_string(), r.insz.digits(), r.last_name, r.first_name,
      opt_date(r.birth_date), sex_code(r.sex), r.postcode, to_code(r.kind), flag_text(r.ukrainian),
      flag_text(r.gpmi), to_code(r.exemption), r.start_date.to_string(), opt_date(r.end_date));
}

std::string canonical_text(const VdabRegistrationRow& r) {
  return fmt::format(
      "vdab_registrations{0}{1}{0}{2}{0}{3}{0}{4}{0}{5}{0}{6}{0}{7}{0}{8}{0}{9}{0}{10}{0}{11}",
      kSep, r.vdab_client_id, r.insz_digits, r.last_name, r.first_name, opt_date(r.birth_date),
      sex_code(r.sex), r.postcode, to_code(r.category),
      r.ocmw_nis ? r.ocmw_nis->to_string() : std::string(), r.start_date.to_string(),
      opt_date(r.end_date));
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

// ---- readers ------------------------------------------------------------------

Result<int64_t> read_rmi_entitlements(const Input& input, const ValidationContext& ctx,
                                      Problems& problems, const RowFn<RmiEntitlementRow>& on_row,
                                      const ReadOptions& options) {
  using namespace rmi;
  const geo::Registry& registry = *ctx.registry;
  const size_t first_problem = problems.list().size();
  DuplicateCheck duplicates;
  auto rows = read_records(input, kRmiColumns, problems, options, [&](Fields& f) {
    RmiEntitlementRow r;
    auto nis = f.nis(kOcmwNis, registry);
    auto insz = f.insz(kInsz, ctx.today);
    auto last = f.text(kLastName);
    auto first = f.text(kFirstName);
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
    r.last_name = std::move(*last);
    r.first_name = std::move(*first);
    r.sex = *sex;
    r.postcode = *postcode;
    r.kind = *kind;
    r.ukrainian = *ukrainian;
    r.gpmi = *gpmi;
    r.exemption = *exemption;
    r.start_date = *start;
    deliver(on_row, duplicates, r, f.line());
  });
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
  auto rows = read_records(input, kVdabColumns, problems, options, [&](Fields& f) {
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
    auto last = f.text(kLastName);
    auto first = f.text(kFirstName);
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
    r.last_name = std::move(*last);
    r.first_name = std::move(*first);
    r.sex = *sex;
    r.postcode = *postcode;
    r.category = *category;
    r.start_date = *start;
    deliver(on_row, duplicates, r, f.line());
  });
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

Result<int64_t> read_podmi_counts(const Input& input, const ValidationContext& ctx,
                                  Problems& problems, const RowFn<PodmiCountRow>& on_row,
                                  const ReadOptions& options) {
  using namespace counts;
  const geo::Registry& registry = *ctx.registry;
  const size_t first_problem = problems.list().size();
  DuplicateCheck duplicates;
  // (nis, date) -> the first row's line and hash.
  std::map<std::pair<int, int32_t>, std::pair<int64_t, RowHash>> first_row;
  auto rows = read_records(input, kCountsColumns, problems, options, [&](Fields& f) {
    PodmiCountRow r;
    auto nis = f.nis(kNis, registry);
    auto date = f.date(kReferenceDate);
    auto ll = f.count(kLeefloon);
    auto ell = f.count(kEquivalentLeefloon);
    auto ukr = f.count(kUkrainian);
    if (nis && date) check_exists_on(f, kNis, registry, *nis, *date, "reference_date");
    if (ell && ukr && *ukr > *ell) f.problem(kUkrainian, "is larger than equivalent_leefloon");
    if (!f.ok()) return;
    r.nis = *nis;
    r.reference_date = *date;
    r.leefloon = *ll;
    r.equivalent_leefloon = *ell;
    r.ukrainian = *ukr;
    RowHash hash = hash_canonical(canonical_text(r));
    auto [it, fresh] =
        first_row.try_emplace({nis->code(), date->days_since_epoch()}, f.line(), hash);
    if (!fresh) {
      if (it->second.second == hash) {
        duplicates.add(hash, f.line());  // reported as a duplicate
      } else {
        f.problem(kNis,
                  fmt::format("a second row for this nis and reference_date (first on line {})",
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

Result<int64_t> read_lap_results(const Input& input, const ValidationContext& ctx,
                                 Problems& problems, const RowFn<LapResultRow>& on_row,
                                 const ReadOptions& options) {
  using namespace results;
  const geo::Registry& registry = *ctx.registry;
  const size_t first_problem = problems.list().size();
  std::map<std::pair<int, std::string>, int64_t> first_line;  // (nis, month) -> line
  auto rows = read_records(input, kLapResultsColumns, problems, options, [&](Fields& f) {
    auto nis = f.nis(kNis, registry);
    auto month = f.month(kMonth);
    auto confirmed = f.count(kConfirmed);
    auto pending = f.count(kPending);
    if (nis && month) check_exists_on(f, kNis, registry, *nis, month->first_day(), "month");
    if (!f.ok()) return;
    auto [it, fresh] = first_line.try_emplace({nis->code(), month->to_string()}, f.line());
    if (!fresh) {
      f.problem(kNis,
                fmt::format("a second row for this nis and month (first on line {})", it->second));
      return;
    }
    LapResultRow r{*nis, *month, *confirmed, *pending};
    if (on_row)
      on_row(
          r,
          hash_canonical(fmt::format("lap_results{0}{1}{0}{2}{0}{3}{0}{4}", kSep, r.nis.to_string(),
                                     r.month.to_string(), r.confirmed, r.pending)),
          f.line());
  });
  if (rows) problems.sort_from(first_problem);
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
