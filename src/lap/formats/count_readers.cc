// The readers of the aggregate files of exchange.h: POD MI counts and LAP results tables.
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
namespace counts {
enum Column : size_t { kNis, kReferenceDate, kLeefloon, kEquivalentLeefloon, kUkrainian };
}  // namespace counts
namespace results {
enum Column : size_t { kNis, kMonth, kConfirmed, kPending };
}  // namespace results

}  // namespace

using namespace internal;

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

}  // namespace lap::formats
