// The reader of the context figures (kerncijfers.csv, docs/formats.md "Kerncijfers"):
// published statistics per municipality for part 1 of the semestrial report.
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "lap/formats/exchange.h"
#include "lap/formats/field_reader.h"
#include "lap/formats/reader_support.h"

namespace lap::formats {
namespace {

namespace context {
enum Column : size_t { kNis, kFigure, kPeriod, kValue, kDenominator, kSource };
}  // namespace context

constexpr std::string_view kFigureCodes =
    "werkzaamheidsgraad, niet_beroepsactieven, werkzoekenden_zonder_werk, rmi_gerechtigden, "
    "ongekwalificeerde_schoolverlaters";

}  // namespace

using namespace internal;

Result<int64_t> read_context_figures(const Input& input, const ValidationContext& ctx,
                                     Problems& problems, const RowFn<ContextFigureRow>& on_row,
                                     const ReadOptions& options) {
  using namespace context;
  const geo::Registry& registry = *ctx.registry;
  const size_t first_problem = problems.list().size();
  // (figure, period, nis) -> the first row's line.
  std::map<std::tuple<int, std::string, int>, int64_t> first_line;
  auto rows = read_records(input, kContextColumns, problems, options, [&](Fields& f) {
    ContextFigureRow r;
    std::optional<Nis> nis;
    const bool flanders = f.value(kNis) == kFlandersNis;
    if (!flanders && f.value(kNis).starts_with('0')) {
      f.problem(kNis, fmt::format("must be the NIS code of a Flemish municipality, or {} for the "
                                  "Vlaams Gewest",
                                  kFlandersNis));
    } else if (!flanders) {
      nis = f.nis(kNis, registry);
    }
    auto figure = f.code(kFigure, context_figure_from, kFigureCodes);
    std::optional<ContextPeriod> period;
    if (f.require(kPeriod)) {
      period = ContextPeriod::parse(f.value(kPeriod));
      if (!period) f.problem(kPeriod, "must be a year YYYY or a month YYYY-MM (2000-2100)");
    }
    auto value = f.count(kValue);
    std::optional<int64_t> denominator;
    if (figure && is_share(*figure)) {
      denominator = f.count(kDenominator);
      if (denominator && *denominator == 0) f.problem(kDenominator, "must be at least 1");
      if (denominator && value && *value > *denominator)
        f.problem(kValue, "is larger than denominator");
    } else if (figure && !f.empty(kDenominator)) {
      f.problem(kDenominator,
                fmt::format("must be empty: {} is a count, not a share", to_code(*figure)));
    }
    auto source = f.text(kSource);
    if (nis && period) check_exists_on(f, kNis, registry, *nis, period->last_day(), "period");
    if (!f.ok()) return;
    r.nis = nis;
    r.figure = *figure;
    r.period = *period;
    r.value = *value;
    r.denominator = denominator;
    r.source = *source;
    auto [it, fresh] = first_line.try_emplace(
        {static_cast<int>(r.figure), r.period.to_string(), nis ? nis->code() : 0}, f.line());
    if (!fresh) {
      f.problem(kNis, fmt::format("a second row for this nis, figure and period (first on line {})",
                                  it->second));
      return;
    }
    if (on_row)
      on_row(
          r,
          hash_canonical(fmt::format("kerncijfers{0}{1}{0}{2}{0}{3}{0}{4}{0}{5}{0}{6}", kSep,
                                     nis ? nis->to_string() : std::string(kFlandersNis),
                                     to_code(r.figure), r.period.to_string(), r.value,
                                     denominator ? fmt::format("{}", *denominator) : "", r.source)),
          f.line());
  });
  if (rows) problems.sort_from(first_problem);
  return rows;
}

}  // namespace lap::formats
