#include "lap/report/semester_report.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "lap/core/number_format.h"
#include "lap/report/figure_sheet.h"
#include "lap/report/figures.h"

namespace lap::report {
namespace {

using measure::Indicator;
using measure::Period;
using publish::Level;
using publish::PublishedFigure;

constexpr std::array<ReportIndicator, 11> kIndicators{{
    {Indicator::kReach, "all", "Bereik: leefloners ingeschreven bij VDAB", "Bereik"},
    {Indicator::kReachIndicative, "all", "Indicatief bereik: categorie 05 en TWE-OCMW",
     "Indicatief bereik"},
    {Indicator::kUkrainianReach, "all",
     "Bereik van Oekraïense ontheemden met een equivalent leefloon", "Bereik Oekraïners"},
    {Indicator::kTweActive, "all", "Leefloners in TWE-OCMW", "TWE-OCMW actief"},
    {Indicator::kCat05Outflow, "all", "Uitstroom naar werk na instroom in categorie 05",
     "Uitstroom categorie 05"},
    {Indicator::kTweExit, "work_end3", "TWE-OCMW: aan het werk drie maanden na het einde",
     "TWE-OCMW werk na 3 mnd"},
    {Indicator::kTweExit, "durable", "TWE-OCMW: duurzaam aan het werk", "TWE-OCMW duurzaam"},
    {Indicator::kWijkWerken, "work_any3", "Wijk-werken: aan het werk binnen drie maanden",
     "Wijk-werken werk"},
    {Indicator::kWijkWerken, "learning", "Wijk-werken: met werkplekleren",
     "Wijk-werken werkplekleren"},
    {Indicator::kSeThroughput, "lde", "Lokale diensteneconomie: doorstroom naar regulier werk",
     "LDE doorstroom"},
    {Indicator::kSeThroughput, "collectief_maatwerk",
     "Collectief maatwerk: doorstroom naar regulier werk", "Maatwerk doorstroom"},
}};

// x < y for the exact shares of two shown cells.
bool lower(const PublishedFigure* x, const PublishedFigure* y) {
  return x->numerator * y->denominator < y->numerator * x->denominator;
}

std::string_view steden(size_t n) {
  return n == 1 ? "centrumstad" : "centrumsteden";
}

}  // namespace

std::span<const ReportIndicator> report_indicators() {
  return kIndicators;
}

std::string half_year_name_nl(const Period& half) {
  return period_name_nl(half);
}

std::vector<std::string> report_sentences(const ReportSection& s, const Period& now,
                                          const Period& before) {
  std::vector<std::string> out;
  const std::string name_now = half_year_name_nl(now);
  const std::string name_before = half_year_name_nl(before);
  if (shown(s.flanders.now)) {
    std::string line =
        fmt::format("In Vlaanderen is het {} in het {}", pct_text(*s.flanders.now), name_now);
    if (shown(s.flanders.before)) {
      const int64_t a = tenths(*s.flanders.now);
      const int64_t b = tenths(*s.flanders.before);
      line += a == b ? fmt::format(", even hoog als in het {} ({})", name_before,
                                   pct_text(*s.flanders.before))
                     : fmt::format(", tegenover {} in het {}", pct_text(*s.flanders.before),
                                   name_before);
    }
    out.push_back(line + ".");
  } else if (s.flanders.now != nullptr && s.flanders.now->suppressed()) {
    out.push_back(fmt::format(
        "Het Vlaamse cijfer van het {} is afgeschermd om kleine aantallen elders te beschermen.",
        name_now));
  } else {
    out.push_back(fmt::format("Voor Vlaanderen is er geen cijfer van het {}.", name_now));
  }

  // The centrumsteden with both half years shown: up, down or the same (to a
  // tenth of a percent).
  const size_t n = s.centrumsteden.size();
  size_t up = 0;
  size_t down = 0;
  size_t same = 0;
  size_t compared = 0;
  std::vector<const ReportRow*> with_now;
  for (const ReportRow& r : s.centrumsteden) {
    if (shown(r.now)) with_now.push_back(&r);
    if (!shown(r.now) || !shown(r.before)) continue;
    ++compared;
    const int64_t a = tenths(*r.now);
    const int64_t b = tenths(*r.before);
    (a > b ? up : a < b ? down : same) += 1;
  }
  if (compared == 1) {
    const auto only =
        std::find_if(s.centrumsteden.begin(), s.centrumsteden.end(),
                     [](const ReportRow& r) { return shown(r.now) && shown(r.before); });
    out.push_back(fmt::format("Alleen {} heeft beide cijfers: het cijfer {} (tegenover het {}).",
                              only->area.name,
                              up > 0     ? "stijgt"
                              : down > 0 ? "daalt"
                                         : "blijft gelijk",
                              name_before));
  } else if (compared > 0) {
    std::string line =
        up >= down ? fmt::format("Het cijfer stijgt in {} centrumsteden", of_text(up, compared))
                   : fmt::format("Het cijfer daalt in {} centrumsteden", of_text(down, compared));
    if (up >= down && down > 0) line += fmt::format(" en daalt in {}", down);
    if (up < down && up > 0) line += fmt::format(" en stijgt in {}", up);
    if (same > 0) line += fmt::format("; in {} blijft het gelijk", same);
    line += fmt::format(" (tegenover het {})", name_before);
    out.push_back(line + ".");
  }
  const bool any_before = s.flanders.before != nullptr ||
                          std::any_of(s.centrumsteden.begin(), s.centrumsteden.end(),
                                      [](const ReportRow& r) { return r.before != nullptr; });
  if (!any_before) {
    out.push_back(fmt::format("De meting heeft geen cijfers van het {}: er is geen vergelijking.",
                              name_before));
  } else if (compared < n) {
    out.push_back(fmt::format(
        "Voor {} {} is een van beide halfjaren afgeschermd of zonder cijfer; {} hierboven niet "
        "mee.",
        n - compared, steden(n - compared), n - compared == 1 ? "die telt" : "zij tellen"));
  }
  if (with_now.size() >= 2) {
    const auto [lo, hi] = std::minmax_element(
        with_now.begin(), with_now.end(),
        [](const ReportRow* x, const ReportRow* y) { return lower(x->now, y->now); });
    out.push_back(fmt::format("Het hoogst in {} ({}), het laagst in {} ({}).", (*hi)->area.name,
                              pct_text(*(*hi)->now), (*lo)->area.name, pct_text(*(*lo)->now)));
  }
  if (shown(s.flanders.now) && !with_now.empty()) {
    const size_t above = static_cast<size_t>(std::count_if(
        with_now.begin(), with_now.end(),
        [&](const ReportRow* r) { return tenths(*r->now) > tenths(*s.flanders.now); }));
    out.push_back(above == 0 ? std::string("Geen centrumstad ligt boven het Vlaamse cijfer.")
                             : fmt::format("{} centrumsteden {} boven het Vlaamse cijfer.",
                                           of_text(above, with_now.size()),
                                           above == 1 ? "ligt" : "liggen"));
  }
  const size_t pending = static_cast<size_t>(
      std::count_if(s.centrumsteden.begin(), s.centrumsteden.end(),
                    [](const ReportRow& r) { return shown(r.now) && r.now->pending > 0; }));
  if (pending > 0) {
    out.push_back(fmt::format(
        "In {} {} is het cijfer van het {} nog voorlopig: van een deel van de personen is de "
        "uitkomst nog niet gekend.",
        pending, steden(pending), name_now));
  }
  return out;
}

Result<SemesterReport> semester_report(std::span<const PublishedFigure> cells,
                                       const geo::Registry& registry,
                                       const SemesterReportInput& input) {
  if (input.half_year.kind != Period::Kind::kHalfYear) {
    return make_error(ErrorCode::kInvalidArgument, "the report is of a half year (YYYY-H1|H2)");
  }
  SemesterReport out;
  out.half_year = input.half_year;
  out.previous = Period::half_year(input.half_year.first - 6);
  out.k = input.k;
  out.source = input.source;
  out.generated_on = input.generated_on;

  HalfYearCells index(cells, registry, out.half_year);
  if (!index.has_now()) {
    return make_error(ErrorCode::kNotFound,
                      fmt::format("de meting heeft geen cijfers van het {} (meet een periode die "
                                  "het hele halfjaar bevat)",
                                  half_year_name_nl(out.half_year)));
  }
  const Date on = out.half_year.last.last_day();
  std::vector<publish::Area> steden;
  for (const geo::Municipality* m : registry.valid_on(on))
    if (m->centrumstad) steden.push_back(publish::ocmw_area(m->nis, m));
  std::sort(steden.begin(), steden.end(),
            [](const publish::Area& a, const publish::Area& b) { return a.name < b.name; });
  std::vector<publish::Area> regions;
  for (const std::string& name : input.regiegebieden) {
    const auto all = registry.valid_on(on);
    if (std::none_of(all.begin(), all.end(),
                     [&](const geo::Municipality* m) { return m->regiegebied == name; })) {
      return make_error(ErrorCode::kInvalidArgument,
                        fmt::format("er is geen regiegebied '{}' in het {}", name,
                                    half_year_name_nl(out.half_year)));
    }
    regions.push_back({Level::kRegiegebied, name, name});
  }
  out.context = context_sections(input.context, registry, on, input.regiegebieden);
  for (const ReportIndicator& ind : kIndicators) {
    ReportSection s;
    s.indicator = ind;
    for (const auto& a : steden)
      s.centrumsteden.push_back(index.row(ind, a));
    for (const auto& a : regions)
      s.regiegebieden.push_back(index.row(ind, a));
    s.all_centrumsteden =
        index.row(ind, {Level::kCentrumsteden, "centrumsteden", "De 13 centrumsteden"});
    s.flanders = index.row(ind, {Level::kFlanders, "flanders", "Vlaams Gewest"});
    s.sentences = report_sentences(s, out.half_year, out.previous);
    out.sections.push_back(std::move(s));
  }
  out.derived = index.take_derived();
  return out;
}

namespace {

// A horizontal bar chart of the centrumsteden (and regiegebieden) in the half
// year: a bar per shown share, a tick for the half year before, a line for
// Flanders; hidden figures are named, not drawn.
std::string chart_svg(const ReportSection& s, const SemesterReport& r) {
  std::vector<const ReportRow*> rows;
  rows.reserve(s.centrumsteden.size() + s.regiegebieden.size() + 1);
  for (const auto& x : s.centrumsteden)
    rows.push_back(&x);
  for (const auto& x : s.regiegebieden)
    rows.push_back(&x);
  rows.push_back(&s.all_centrumsteden);
  std::vector<ChartRow> bars;
  bars.reserve(rows.size());
  for (const ReportRow* x : rows) {
    bars.push_back({x->area.name, x->area.name, x->now, x->before,
                    shown(x->before)
                        ? fmt::format("{}: {} in het {}", x->area.name, pct_text(*x->before),
                                      half_year_name_nl(r.previous))
                        : std::string()});
  }
  return bar_chart_svg(
      bars, {190, 18, 5, "before"}, s.flanders.now,
      shown(s.flanders.now) ? fmt::format("Vlaams Gewest: {}", pct_text(*s.flanders.now)) : "",
      fmt::format("{}: staafdiagram van het {} per centrumstad", s.indicator.title,
                  half_year_name_nl(r.half_year)));
}

std::string table_html(const ReportSection& s, const SemesterReport& r) {
  std::string out = fmt::format(
      "<table><caption>{}: {} en {}</caption><thead><tr><th scope=\"col\">Gebied</th><th "
      "scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">Verschil "
      "(procentpunt)</th></tr></thead><tbody>",
      html_escape(s.indicator.title), half_year_name_nl(r.half_year), half_year_name_nl(r.previous),
      half_year_name_nl(r.half_year), half_year_name_nl(r.previous));
  auto line = [&](const ReportRow& x, bool strong) {
    const std::string diff = points_text(x.now, x.before);
    const std::string name = x.before_of.empty()
                                 ? x.area.name
                                 : fmt::format("{} (in het {}: {})", x.area.name,
                                               half_year_name_nl(r.previous), x.before_of);
    out += fmt::format("<tr{}><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
                       strong ? " class=\"total\"" : "", html_escape(name),
                       html_escape(cell_text(x.now, r.k)), html_escape(cell_text(x.before, r.k)),
                       diff);
  };
  for (const auto& x : s.centrumsteden)
    line(x, false);
  for (const auto& x : s.regiegebieden)
    line(x, false);
  line(s.all_centrumsteden, true);
  line(s.flanders, true);
  return out + "</tbody></table>";
}

std::string context_cell(const std::optional<ContextValue>& v) {
  if (!v) return "geen cijfer";
  if (!v->denominator) return context_value_nl(*v);
  return fmt::format("{} ({} van {})", context_value_nl(*v), grouped_nl(v->value),
                     grouped_nl(*v->denominator));
}

// The difference of two values: in percentage points for a share, else in persons.
std::string context_difference(const ContextRow& x) {
  if (!x.now || !x.before) return "";
  int64_t d = 0;
  if (x.now->denominator && x.before->denominator) {
    d = (x.now->value * 2000 / *x.now->denominator + 1) / 2 -
        (x.before->value * 2000 / *x.before->denominator + 1) / 2;
    return fmt::format("{}{},{}",
                       d > 0   ? "+"
                       : d < 0 ? "-"
                               : "",
                       std::abs(d) / 10, std::abs(d) % 10);
  }
  d = x.now->value - x.before->value;
  return fmt::format("{}{}", d > 0 ? "+" : d < 0 ? "-" : "", grouped_nl(std::abs(d)));
}

std::string context_html(const ContextSection& s, int n) {
  std::string out =
      fmt::format("<section id=\"kerncijfer-{}\"><h2>{}. {}</h2><ul class=\"findings\">", n, n,
                  html_escape(s.title));
  for (const std::string& line : s.sentences)
    out += "<li>" + html_escape(line) + "</li>";
  out += "</ul>";
  if (!s.period) return out + "</section>\n";
  const std::string now = context_period_nl(*s.period);
  const std::string before = s.previous ? context_period_nl(*s.previous) : "een jaar eerder";
  out += fmt::format(
      "<table><caption>{}: {} en {}</caption><thead><tr><th scope=\"col\">Gebied</th><th "
      "scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">Verschil{}</th></tr>"
      "</thead><tbody>",
      html_escape(s.title), now, before, now, before,
      s.flanders.now && s.flanders.now->denominator ? " (procentpunt)" : "");
  auto line = [&](const ContextRow& x, bool strong) {
    out += fmt::format("<tr{}><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
                       strong ? " class=\"total\"" : "", html_escape(x.area.name),
                       context_cell(x.now), context_cell(x.before), context_difference(x));
  };
  for (const auto& x : s.centrumsteden)
    line(x, false);
  for (const auto& x : s.regiegebieden)
    line(x, false);
  line(s.all_centrumsteden, true);
  line(s.flanders, true);
  return out + fmt::format("</tbody></table><p class=\"legend\">Bron: {}.</p></section>\n",
                           html_escape(s.source));
}

}  // namespace

std::string semester_report_html(const SemesterReport& r) {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Semestrieel "
      "beleidsrapport {}</title><style>{}</style></head><body>\n<header><h1>Resultaten van de "
      "samenwerking: {}</h1><p class=\"meta\">Semestrieel beleidsrapport van VDAB en de lokale "
      "besturen, opgemaakt op {}. Bron: Activeringspact, {}. Elk cijfer is het aandeel van de "
      "personen of trajecten van het halfjaar; wie meerdere maanden in een halfjaar valt, telt één "
      "keer. Cijfers van minder dan {} personen zijn afgeschermd, en ook de cijfers waaruit ze "
      "terug te rekenen zouden zijn; de zinnen tellen alleen getoonde cijfers.</p><p "
      "class=\"legend\">In de grafieken: een balk per centrumstad voor het {}, een rood streepje "
      "voor het {}, een stippellijn voor Vlaanderen; een lichtere balk is "
      "voorlopig.</p></header>\n",
      half_year_name_nl(r.half_year), report_style(), half_year_name_nl(r.half_year),
      r.generated_on.to_string(), html_escape(r.source), r.k, half_year_name_nl(r.half_year),
      half_year_name_nl(r.previous));
  int n = 0;
  if (!r.context.empty()) {
    out +=
        "<h2 class=\"part first\">Deel 1. Kerncijfers</h2><p class=\"meta\">Gepubliceerde "
        "cijfers over de arbeidsmarkt en het leefloon, zoals ingelezen (de bron staat onder "
        "elke tabel); elk in de laatste periode die in het halfjaar of ervoor valt, naast "
        "dezelfde periode een jaar eerder. Het cijfer van een gebied is de som over de "
        "gemeenten van die periode.</p>\n";
    for (const ContextSection& s : r.context)
      out += context_html(s, ++n);
    out += "<h2 class=\"part\">Deel 2. Resultaten van de samenwerking</h2>\n";
    n = 0;
  }
  for (const ReportSection& s : r.sections) {
    out += fmt::format("<section id=\"indicator-{}\"><h2>{}. {}</h2><ul class=\"findings\">", ++n,
                       n, html_escape(s.indicator.title));
    for (const std::string& line : s.sentences)
      out += "<li>" + html_escape(line) + "</li>";
    out += "</ul>" + chart_svg(s, r) + table_html(s, r) + "</section>\n";
  }
  return out + "</body></html>\n";
}

namespace {

// Part 1 as one sheet: a row per context figure and area.
Sheet context_sheet(const SemesterReport& r) {
  Sheet sheet;
  sheet.id = "semester_context";
  sheet.title = "Kerncijfers";
  sheet.generated_on = r.generated_on;
  sheet.columns = {{"Kerncijfer", "figure", CellType::kText},
                   {"Gebied", "area", CellType::kText},
                   {"Niveau", "level", CellType::kText},
                   {"Code", "code", CellType::kText},
                   {"Periode", "period", CellType::kText},
                   {"Aantal", "value", CellType::kInteger},
                   {"Noemer", "denominator", CellType::kInteger},
                   {"Percentage", "percentage", CellType::kPercent},
                   {"Vorige periode", "period_before", CellType::kText},
                   {"Aantal vorige periode", "value_before", CellType::kInteger},
                   {"Noemer vorige periode", "denominator_before", CellType::kInteger},
                   {"Percentage vorige periode", "percentage_before", CellType::kPercent},
                   {"Bron", "source", CellType::kText}};
  for (const ContextSection& s : r.context) {
    if (!s.period) continue;
    auto add = [&](const ContextRow& x) {
      std::vector<Cell> row{std::string(s.title), x.area.name,
                            std::string(dutch_name(x.area.level)), x.area.code};
      auto values = [&](const std::optional<formats::ContextPeriod>& p,
                        const std::optional<ContextValue>& v) {
        row.emplace_back(p ? context_period_nl(*p) : std::string());
        if (!v) {
          row.insert(row.end(), 3, Cell{});
          return;
        }
        row.emplace_back(v->value);
        if (v->denominator) {
          row.emplace_back(*v->denominator);
          auto share = pact::Rate::fraction(v->value, *v->denominator);
          row.emplace_back(share ? Cell(*share) : Cell{});
        } else {
          row.insert(row.end(), 2, Cell{});
        }
      };
      values(s.period, x.now);
      values(s.previous, x.before);
      row.emplace_back(s.source);
      sheet.rows.push_back(std::move(row));
    };
    for (const auto& x : s.centrumsteden)
      add(x);
    for (const auto& x : s.regiegebieden)
      add(x);
    add(s.all_centrumsteden);
    add(s.flanders);
  }
  return sheet;
}

}  // namespace

std::vector<Sheet> semester_report_sheets(const SemesterReport& r) {
  std::vector<Sheet> out;
  Sheet summary;
  summary.id = "semester_summary";
  summary.title = "Samenvatting";
  summary.generated_on = r.generated_on;
  summary.columns = {{"Indicator", "indicator", CellType::kText},
                     {"Vaststelling", "finding", CellType::kText}};
  for (const ContextSection& s : r.context)
    for (const std::string& line : s.sentences)
      summary.rows.push_back({std::string(s.title), line});
  for (const ReportSection& s : r.sections)
    for (const std::string& line : s.sentences)
      summary.rows.push_back({std::string(s.indicator.title), line});
  out.push_back(std::move(summary));
  if (std::any_of(r.context.begin(), r.context.end(),
                  [](const ContextSection& c) { return c.period.has_value(); }))
    out.push_back(context_sheet(r));
  const std::string now = half_year_name_nl(r.half_year);
  const std::string before = half_year_name_nl(r.previous);
  int n = 0;
  for (const ReportSection& s : r.sections) {
    Sheet sheet;
    sheet.id =
        fmt::format("semester_{}_{}", measure::to_id(s.indicator.indicator), s.indicator.variant);
    sheet.title = fmt::format("{}. {}", ++n, s.indicator.sheet);
    sheet.generated_on = r.generated_on;
    sheet.columns = {{"Gebied", "area", CellType::kText},
                     {"Niveau", "level", CellType::kText},
                     {"Code", "code", CellType::kText}};
    const auto halves = half_year_columns(now, before);
    sheet.columns.insert(sheet.columns.end(), halves.begin(), halves.end());
    auto add = [&](const ReportRow& x) {
      std::vector<Cell> row{
          x.before_of.empty() ? x.area.name
                              : fmt::format("{} (in het {}: {})", x.area.name, before, x.before_of),
          std::string(dutch_name(x.area.level)), x.area.code};
      append_half_year_cells(row, x, now, before);
      sheet.rows.push_back(std::move(row));
    };
    for (const auto& x : s.centrumsteden)
      add(x);
    for (const auto& x : s.regiegebieden)
      add(x);
    add(s.all_centrumsteden);
    add(s.flanders);
    out.push_back(std::move(sheet));
  }
  return out;
}

Workbook semester_report_workbook(const SemesterReport& r) {
  Workbook book;
  book.sheets = semester_report_sheets(r);
  book.generated_on = r.generated_on;
  book.info = {
      {"Rapport", "report", CellType::kText,
       fmt::format("Semestrieel beleidsrapport {}", half_year_name_nl(r.half_year))},
      {"Vergeleken met", "previous", CellType::kText, half_year_name_nl(r.previous)},
      {"Bron", "source", CellType::kText, r.source},
      {"Afscherming", "suppression", CellType::kText, public_suppression_nl(r.k)},
      {"Opgemaakt op", "generated_on", CellType::kDate, r.generated_on},
  };
  return book;
}

}  // namespace lap::report
