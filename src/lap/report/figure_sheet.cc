#include "lap/report/figure_sheet.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "lap/report/figures.h"

namespace lap::report {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 13> kVariants = {{
    {"all", "alle"},
    {"LL", "leefloon (LL)"},
    {"ELL", "equivalent leefloon (ELL)"},
    {"vdab", "bij VDAB ingeschreven"},
    {"work_end3", "aan het werk drie maanden na het einde"},
    {"work_any12", "aan het werk binnen twaalf maanden"},
    {"durable", "duurzaam aan het werk"},
    {"employee_end3", "werknemer drie maanden na het einde"},
    {"self_end3", "zelfstandige drie maanden na het einde"},
    {"work_any3", "aan het werk binnen drie maanden"},
    {"learning", "met werkplekleren"},
    {"lde", "lokale diensteneconomie"},
    {"collectief_maatwerk", "collectief maatwerk"},
}};

// Hours with one decimal (halves away from zero, as the API) and a decimal
// comma: "6,5".
std::string hours_nl(double hours) {
  std::string s = fmt::format("{:.1f}", std::round(hours * 10) / 10);
  for (char& c : s)
    if (c == '.') c = ',';
  return s;
}

}  // namespace

std::string month_name_nl(Month month) {
  return month.to_string_nl();
}

std::string run_source_nl(int64_t run_id, int64_t load_id, Month data_end) {
  return fmt::format("meting {} van gegevenslading {}, gegevens tot {}", run_id, load_id,
                     month_name_nl(data_end));
}

std::string period_name_nl(const measure::Period& period) {
  switch (period.kind) {
    case measure::Period::Kind::kMonth:
      return month_name_nl(period.first);
    case measure::Period::Kind::kQuarter:
      return fmt::format("{}e kwartaal {}", period.first.quarter(), period.first.year());
    case measure::Period::Kind::kHalfYear:
      return fmt::format("{}e halfjaar {}", period.first.month() <= 6 ? 1 : 2, period.first.year());
    case measure::Period::Kind::kRange:
      break;
  }
  return fmt::format("{} tot {}", month_name_nl(period.first), month_name_nl(period.last));
}

std::string_view variant_name_nl(std::string_view variant) {
  for (const auto& [id, name] : kVariants)
    if (id == variant) return name;
  return variant;
}

std::optional<std::pair<int64_t, int64_t>> median_fraction(
    std::vector<std::pair<int64_t, int64_t>> fractions) {
  if (fractions.empty()) return std::nullopt;
  // a/b < c/d exactly (denominators are positive).
  std::sort(fractions.begin(), fractions.end(),
            [](const auto& x, const auto& y) { return x.first * y.second < y.first * x.second; });
  const size_t mid = fractions.size() / 2;
  if (fractions.size() % 2 == 1) return fractions[mid];
  const auto [a, b] = fractions[mid - 1];
  const auto [c, d] = fractions[mid];
  return std::pair(a * d + c * b, 2 * b * d);
}

std::string group_median_text(const GroupMedian& m) {
  if (m.denominator <= 0) {
    return fmt::format("geen mediaan: geen van de {} gemeenten heeft een zichtbaar cijfer",
                       m.members);
  }
  return fmt::format("mediaan van {} van de {} gemeenten met een cijfer", m.of, m.members);
}

Sheet figure_sheet(const FigureSheetInfo& info, std::span<const FigureRow> rows) {
  Sheet sheet;
  sheet.id = info.id;
  sheet.title = info.title;
  sheet.generated_on = info.generated_on;
  sheet.columns = {
      {"Indicator", "indicator", CellType::kText},
      {"Variant", "variant", CellType::kText},
      {"Periode", "period", CellType::kText},
      {"Reeks", "series", CellType::kText},
      {"Niveau", "level", CellType::kText},
      {"Code", "code", CellType::kText},
      {"Gebied", "area", CellType::kText},
      {"Teller", "numerator", CellType::kInteger},
      {"Voorlopig", "pending", CellType::kInteger},
      {"Noemer", "denominator", CellType::kInteger},
      {"Percentage", "percentage", CellType::kPercent},
      {"Afgeschermd", "suppressed", CellType::kYesNo},
      {"Reden", "reason", CellType::kText},
  };
  const bool medians = info.median_column;
  if (medians) sheet.columns.push_back({"Mediane doorlooptijd (uren)", "median_hours"});
  for (const auto& r : rows) {
    std::vector<Cell> row = {
        Coded{std::string(measure::to_id(r.indicator)), std::string(dutch_name(r.indicator))},
        Coded{std::string(r.variant), std::string(variant_name_nl(r.variant))},
        Coded{r.period.to_string(), period_name_nl(r.period)},
        r.series,
        Coded{std::string(publish::to_id(r.area.level)), std::string(dutch_name(r.area.level))},
        r.area.code,
        r.area.name,
    };
    const publish::PublishedFigure* f = r.figure;
    if (r.group_median) {
      const GroupMedian& m = *r.group_median;
      Cell pct;
      if (m.denominator > 0) pct = *pact::Rate::fraction(m.numerator, m.denominator);
      row.insert(row.end(), {Cell{}, Cell{}, Cell{}, pct, false, group_median_text(m)});
    } else if (f == nullptr) {
      row.insert(row.end(), {Cell{}, Cell{}, Cell{}, Cell{}, Cell{}, std::string("geen cijfer")});
    } else if (f->suppressed()) {
      row.insert(row.end(), {Cell{}, Cell{}, Cell{}, Cell{}, true,
                             suppression_reason_nl(f->suppression, info.k)});
    } else {
      Cell pct;
      if (f->denominator > 0) pct = *pact::Rate::fraction(f->numerator, f->denominator);
      row.insert(row.end(), {f->numerator, f->pending, f->denominator, pct, false, std::string()});
    }
    if (medians) {
      const bool shown = f != nullptr && !f->suppressed() && r.median_hours;
      row.emplace_back(shown ? Cell(hours_nl(*r.median_hours)) : Cell{});
    }
    sheet.rows.push_back(std::move(row));
  }
  sheet.info = {
      {"Inhoud", "subject", CellType::kText, info.subject},
      {"Bron", "source", CellType::kText, info.source},
      {"Zichtbaarheid", "view", CellType::kText, info.view},
      {"Drempel (k)", "k", CellType::kInteger, int64_t{info.k}},
      {"Percentage", "percentage_note", CellType::kText,
       std::string("teller gedeeld door noemer; het scherm rondt af op één decimaal")},
      {"Aangemaakt op", "generated_on", CellType::kDate, info.generated_on},
  };
  return sheet;
}

}  // namespace lap::report
