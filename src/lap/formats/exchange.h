// Validating readers of the imported exchange files (docs/formats.md).
//
// Each reader streams one file, checks the header (every required column
// present, none unknown or named twice, any order), then every row against every rule of
// docs/formats.md, and finally the rules between rows (duplicates, overlapping
// work spans, one count per municipality and date, an old INSZ changed once).
// Every broken rule becomes a `Problem` with its `file:line:column`.
//
// A reader calls `on_row` for each row that passes the row rules; rules between
// rows are only known at the end of the file, so a caller must treat the rows
// as valid only when the reader added no problem. Problem texts never contain
// an INSZ, a name or a birth date: the location identifies the value.
//
// Readers are pure apart from reading the file: the reference data and today's
// date are injected through `ValidationContext`.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/error.h"
#include "lap/core/insz.h"
#include "lap/core/month.h"
#include "lap/core/nis.h"
#include "lap/formats/schema.h"
#include "lap/geo/registry.h"

namespace lap::formats {

// The imported sources, in the order an import processes them.
enum class Source {
  kRmiEntitlements,
  kVdabRegistrations,
  kWorkMonths,
  kActivationMeasures,
  kPodmiCounts,
  kIdentifierChanges,
};
inline constexpr std::array<Source, 6> kAllSources = {
    Source::kRmiEntitlements,    Source::kVdabRegistrations, Source::kWorkMonths,
    Source::kActivationMeasures, Source::kPodmiCounts,       Source::kIdentifierChanges};

// `rmi_entitlements.csv`, ...
std::string_view file_name(Source source);
// `rmi_entitlements`, ... (the file name without `.csv`; used in reports and JSON).
std::string_view source_name(Source source);
// The source whose file is called `name`, nullopt for any other name.
std::optional<Source> source_for_file(std::string_view name);
std::optional<Source> source_from_name(std::string_view name);

// One broken rule, printed as `file:line:column: [column_name] rule`.
struct Problem {
  std::string file;         // the file as given to the reader (a path or a name)
  int64_t line = 0;         // 1-based physical line
  int column = 0;           // 1-based character column where the field starts
  std::string column_name;  // empty when the rule concerns the whole row or file
  std::string rule;
  std::string to_string() const;
};

inline constexpr size_t kDefaultMaxProblems = 50;

// Collects the first `limit` problems and counts all of them.
class Problems {
 public:
  explicit Problems(size_t limit = kDefaultMaxProblems) : limit_(limit) {}
  void add(Problem problem);
  // All problems seen, also those beyond the limit.
  int64_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  size_t limit() const { return limit_; }
  // The kept problems (at most `limit`).
  const std::vector<Problem>& list() const { return list_; }
  // Sorts the kept problems from index `first` on by (line, column); readers
  // call it per file so the report follows the file.
  void sort_from(size_t first);

 private:
  size_t limit_;
  int64_t count_ = 0;
  std::vector<Problem> list_;
};

// BLAKE2b-128 of a row's canonical text: the row's identity across deliveries.
using RowHash = std::array<uint8_t, 16>;
RowHash hash_canonical(std::string_view canonical_text);

// `M`, `F` or `X` (unknown).
char sex_code(Sex sex);

// ---- typed rows -------------------------------------------------------------

struct RmiEntitlementRow {
  Nis ocmw_nis;
  Insz insz;
  std::string last_name;   // may be empty (a single name, or incomplete data)
  std::string first_name;  // idem
  std::optional<Date> birth_date;
  Sex sex = Sex::kUnknown;
  int postcode = 0;
  EntitlementKind kind = EntitlementKind::kLL;
  bool ukrainian = false;
  bool gpmi = false;
  Exemption exemption = Exemption::kNone;
  Date start_date;
  std::optional<Date> end_date;  // nullopt = running
  std::string street;            // empty when missing (an optional column)
  std::string house_number;      // idem
};

struct VdabRegistrationRow {
  int64_t vdab_client_id = 0;
  std::string insz_digits;   // the 11 digits as recorded, empty when missing
  std::optional<Insz> insz;  // set when `insz_digits` is a valid INSZ
  std::string last_name;     // may be empty (a single name, or incomplete data)
  std::string first_name;    // idem
  std::optional<Date> birth_date;
  Sex sex = Sex::kUnknown;
  int postcode = 0;
  VdabCategory category = VdabCategory::kCat05;
  std::optional<Nis> ocmw_nis;  // set exactly for category 05
  Date start_date;
  std::optional<Date> end_date;
  std::string street;        // empty when missing (an optional column)
  std::string house_number;  // idem

  bool insz_valid() const { return insz.has_value(); }
};

// A run of consecutive months at work.
struct WorkSpanRow {
  Insz insz;
  Month first_month;
  Month last_month;
  WorkType work_type = WorkType::kEmp;
  EmployerKind employer_kind = EmployerKind::kNone;  // kNone exactly for SELF
};

struct ActivationMeasureRow {
  Insz insz;
  Measure measure = Measure::kTweOcmw;
  Nis organiser_nis;
  Date start_date;
  std::optional<Date> end_date;
  std::optional<bool> new_inflow;  // set exactly for WIJK_WERKEN
};

struct PodmiCountRow {
  Nis nis;
  Date reference_date;
  int64_t leefloon = 0;
  int64_t equivalent_leefloon = 0;
  int64_t ukrainian = 0;
};

// One row of VDAB's monthly LAP results table (`lap_results.csv`): the
// sustainable outflows of a municipality's leefloners STARTING in `month`.
struct LapResultRow {
  Nis nis;
  Month month;
  int64_t confirmed = 0;
  int64_t pending = 0;
};

struct IdentifierChangeRow {
  Insz old_insz;
  Insz new_insz;
  Date change_date;
};

// The canonical text of a row: its values in the column order of schema.h,
// normalised (INSZ as 11 digits, ISO dates), separated by U+001F and prefixed
// with the source name. Equal facts give equal text whatever their formatting
// in the file; `hash_canonical` of it is the row hash. The optional address of
// an RMI or VDAB row is appended only when it has a value, so a row without
// one keeps the hash it had before the address columns existed.
std::string canonical_text(const RmiEntitlementRow& row);
std::string canonical_text(const VdabRegistrationRow& row);
std::string canonical_text(const WorkSpanRow& row);
std::string canonical_text(const ActivationMeasureRow& row);
std::string canonical_text(const PodmiCountRow& row);
std::string canonical_text(const IdentifierChangeRow& row);

// ---- readers ----------------------------------------------------------------

struct ValidationContext {
  const geo::Registry* registry = nullptr;  // must be set
  Date today;  // decides the INSZ rules and where an open entitlement must still exist
};

// What a reader reads: a file on disk, or text in memory (tests).
struct Input {
  std::string name;                      // the path, or the name used in problems
  std::optional<std::string_view> text;  // nullopt: read the file `name`

  static Input file(std::string path) { return Input{std::move(path), std::nullopt}; }
  static Input memory(std::string name, std::string_view text) {
    return Input{std::move(name), text};
  }
};

// Called for every row that passes the row rules, with its hash and line.
template <typename Row>
using RowFn = std::function<void(const Row& row, const RowHash& hash, int64_t line)>;

// Called now and then with the bytes of the file read so far (progress).
using BytesFn = std::function<void(int64_t rows, int64_t bytes)>;

struct ReadOptions {
  BytesFn progress;  // optional
};

// Each reader returns the number of data rows read, or an error only when the
// input cannot be read (kIo); broken rules, malformed CSV included, are added
// to `problems`.
Result<int64_t> read_rmi_entitlements(const Input& input, const ValidationContext& context,
                                      Problems& problems,
                                      const RowFn<RmiEntitlementRow>& on_row = {},
                                      const ReadOptions& options = {});
Result<int64_t> read_vdab_registrations(const Input& input, const ValidationContext& context,
                                        Problems& problems,
                                        const RowFn<VdabRegistrationRow>& on_row = {},
                                        const ReadOptions& options = {});
Result<int64_t> read_work_months(const Input& input, const ValidationContext& context,
                                 Problems& problems, const RowFn<WorkSpanRow>& on_row = {},
                                 const ReadOptions& options = {});
Result<int64_t> read_activation_measures(const Input& input, const ValidationContext& context,
                                         Problems& problems,
                                         const RowFn<ActivationMeasureRow>& on_row = {},
                                         const ReadOptions& options = {});
Result<int64_t> read_podmi_counts(const Input& input, const ValidationContext& context,
                                  Problems& problems, const RowFn<PodmiCountRow>& on_row = {},
                                  const ReadOptions& options = {});
Result<int64_t> read_identifier_changes(const Input& input, const ValidationContext& context,
                                        Problems& problems,
                                        const RowFn<IdentifierChangeRow>& on_row = {},
                                        const ReadOptions& options = {});

// VDAB's LAP results table (docs/formats.md): one row per (nis, month), the
// codes valid in that month.
Result<int64_t> read_lap_results(const Input& input, const ValidationContext& context,
                                 Problems& problems, const RowFn<LapResultRow>& on_row = {},
                                 const ReadOptions& options = {});

// The context figures (docs/formats.md, "Kerncijfers"): one row per (nis,
// figure, period); a municipality must exist at the end of the period.
Result<int64_t> read_context_figures(const Input& input, const ValidationContext& context,
                                     Problems& problems, const RowFn<ContextFigureRow>& on_row = {},
                                     const ReadOptions& options = {});

// Validates a file of any source without delivering rows.
Result<int64_t> validate(Source source, const Input& input, const ValidationContext& context,
                         Problems& problems, const ReadOptions& options = {});

}  // namespace lap::formats
