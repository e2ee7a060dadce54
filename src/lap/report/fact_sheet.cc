#include "lap/report/fact_sheet.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "lap/core/number_format.h"
#include "lap/report/figure_sheet.h"
#include "lap/report/figures.h"

namespace lap::report {
namespace {

using measure::Period;
using publish::Level;
using publish::PublishedFigure;

// The short form of a cell for the table: "12,3%" (with a mark when provisional),
// "afgeschermd" or "–".
std::string short_text(const PublishedFigure* f) {
  if (f == nullptr || (!f->suppressed() && f->denominator == 0)) return "–";
  if (f->suppressed()) return "afgeschermd";
  return pct_text(*f) + (f->pending > 0 ? "*" : "");
}

std::string context_text(const std::optional<ContextValue>& v) {
  return v ? context_value_nl(*v) : "–";
}

std::string_view indicatoren(size_t n) {
  return n == 1 ? "indicator" : "indicatoren";
}

// A chart with a row per indicator: a bar for the municipality, a tick for Flanders.
std::string chart_svg(const FactSheet& f) {
  std::vector<ChartRow> rows;
  rows.reserve(f.indicators.size());
  for (const FactSheetIndicator& i : f.indicators) {
    rows.push_back({std::string(i.indicator.sheet), std::string(i.indicator.title),
                    i.municipality.now, i.flanders.now,
                    shown(i.flanders.now)
                        ? fmt::format("Vlaams Gewest: {}", pct_text(*i.flanders.now))
                        : std::string()});
  }
  return bar_chart_svg(rows, {230, 14, 3, "flanders-tick"}, nullptr, "",
                       fmt::format("{}: de indicatoren van het {} als staafdiagram, met Vlaanderen",
                                   f.municipality.name, period_name_nl(f.half_year)));
}

constexpr std::string_view kFactSheetStyle = R"(
body { max-width: 48em; font-size: 9.5pt; }
h1 { font-size: 16pt; }
h2 { font-size: 12pt; margin-top: 1em; }
section { break-inside: auto; }
table { font-size: 8pt; table-layout: fixed; }
thead th:first-child { width: 30%; }
th[scope="row"] { font-weight: normal; }
thead th { vertical-align: bottom; }
tr { break-inside: avoid; }
svg .flanders-tick { stroke: #222; stroke-width: 2; }
@page { size: A4; margin: 12mm 12mm; }
)";

}  // namespace

std::string date_nl(Date d) {
  const int day = d.days_since_epoch() - Month::of(d).first_day().days_since_epoch() + 1;
  return fmt::format("{} {}", day, month_name_nl(Month::of(d)));
}

std::vector<std::string> fact_sheet_findings(const FactSheet& f) {
  std::vector<std::string> out;
  const size_t n = f.indicators.size();
  size_t above = 0, below = 0, level = 0, compared = 0, up = 0, down = 0, changed = 0;
  size_t missing = 0, pending = 0;
  for (const FactSheetIndicator& i : f.indicators) {
    const PublishedFigure* now = i.municipality.now;
    if (!shown(now)) {
      ++missing;
      continue;
    }
    pending += now->pending > 0 ? 1 : 0;
    if (shown(i.flanders.now)) {
      ++compared;
      const int64_t a = tenths(*now);
      const int64_t b = tenths(*i.flanders.now);
      (a > b ? above : a < b ? below : level) += 1;
    }
    if (shown(i.municipality.before)) {
      ++changed;
      const int64_t a = tenths(*now);
      const int64_t b = tenths(*i.municipality.before);
      if (a > b) ++up;
      if (a < b) ++down;
    }
  }
  const std::string name = f.municipality.name;
  if (compared > 0) {
    std::string line = fmt::format("Van de {} {} met een Vlaams cijfer ligt {}", compared,
                                   indicatoren(compared), name);
    if (above > 0) line += fmt::format(" bij {} boven het Vlaamse cijfer", above);
    if (above > 0 && below > 0) line += " en";
    if (below > 0) line += fmt::format(" bij {} eronder", below);
    if (above == 0 && below == 0)
      line += " overal even hoog als Vlaanderen";
    else if (level > 0)
      line += fmt::format("; bij {} even hoog", level);
    out.push_back(line + ".");
  }
  if (changed > 0) {
    std::string line = fmt::format("Tegenover het {}", period_name_nl(f.previous));
    if (up == 0 && down == 0) {
      line += fmt::format(" blijven de {} vergeleken cijfers gelijk", changed);
    } else {
      if (up > 0) line += fmt::format(" stijgt het cijfer bij {} {}", up, indicatoren(up));
      if (up > 0 && down > 0) line += " en daalt het bij " + std::to_string(down);
      if (up == 0) line += fmt::format(" daalt het cijfer bij {} {}", down, indicatoren(down));
    }
    out.push_back(line + ".");
  }
  if (missing > 0) {
    out.push_back(fmt::format(
        "{} van de {} {} {} afgeschermd of zonder cijfer: kleine aantallen worden niet getoond.",
        missing, n, indicatoren(n), missing == 1 ? "is" : "zijn"));
  }
  if (pending > 0) {
    out.push_back(
        fmt::format("{} {} nog voorlopig (*): van een deel van de personen is de "
                    "uitkomst nog niet gekend.",
                    pending, pending == 1 ? "cijfer is" : "cijfers zijn"));
  }
  return out;
}

Result<FactSheet> fact_sheet(std::span<const PublishedFigure> cells, const geo::Registry& registry,
                             const FactSheetInput& input) {
  if (input.half_year.kind != Period::Kind::kHalfYear) {
    return make_error(ErrorCode::kInvalidArgument, "the fact sheet is of a half year (YYYY-H1|H2)");
  }
  const Date on = input.half_year.last.last_day();
  const geo::Municipality* m = registry.find(input.municipality);
  if (m == nullptr || !m->valid_on(on)) {
    return make_error(
        ErrorCode::kInvalidArgument,
        fmt::format("er is geen gemeente {} op {}", input.municipality.to_string(), date_nl(on)));
  }
  // Only the cells of the municipality (and what it was formed from), its regiegebied, its
  // province and Flanders.
  std::set<std::string> codes = {m->nis.to_string(), m->regiegebied, m->province.to_string(),
                                 "flanders"};
  for (Nis part : registry.predecessors(m->nis))
    codes.insert(part.to_string());
  HalfYearCells index(cells, registry, input.half_year, &codes);
  if (!index.has_now()) {
    return make_error(ErrorCode::kNotFound,
                      fmt::format("de meting heeft geen cijfers van het {} (meet een periode die "
                                  "het hele halfjaar bevat)",
                                  period_name_nl(input.half_year)));
  }
  FactSheet out;
  out.municipality = publish::ocmw_area(m->nis, m);
  out.regiegebied = m->regiegebied;
  out.province = m->province_name;
  out.half_year = input.half_year;
  out.previous = index.before();
  out.k = input.k;
  out.source = input.source;
  out.generated_on = input.generated_on;
  const publish::Area region{Level::kRegiegebied, m->regiegebied, m->regiegebied};
  const publish::Area province{Level::kProvince, m->province.to_string(), m->province_name};
  const publish::Area flanders{Level::kFlanders, "flanders", "Vlaams Gewest"};
  for (const ReportIndicator& ind : report_indicators()) {
    FactSheetIndicator i;
    i.indicator = ind;
    i.municipality = index.row(ind, out.municipality);
    if (!m->regiegebied.empty()) i.regiegebied = index.row(ind, region);
    i.province = index.row(ind, province);
    i.flanders = index.row(ind, flanders);
    out.indicators.push_back(std::move(i));
  }
  out.derived = index.take_derived();

  std::vector<Nis> region_members;
  std::vector<Nis> province_members;
  for (const geo::Municipality* x : registry.valid_on(on)) {
    if (!m->regiegebied.empty() && x->regiegebied == m->regiegebied)
      region_members.push_back(x->nis);
    if (x->province == m->province) province_members.push_back(x->nis);
  }
  for (formats::ContextFigure figure : context_figures()) {
    const ContextValues values(input.context, registry, on, figure);
    FactSheetContext c;
    c.figure = figure;
    c.title = values.title();
    c.period = values.period();
    c.previous = values.previous();
    c.source = values.source();
    c.municipality = values.row(out.municipality, {m->nis});
    if (!m->regiegebied.empty()) c.regiegebied = values.row(region, region_members);
    c.province = values.row(province, province_members);
    c.flanders = values.flanders();
    out.context.push_back(std::move(c));
  }
  for (const pact::CooperationAgreement& a : input.agreements)
    if (pact::agreement_covers(a, registry, m->nis, on)) out.agreements.push_back(a);
  out.findings = fact_sheet_findings(out);
  return out;
}

std::string fact_sheet_html(const FactSheet& f) {
  const std::string now = period_name_nl(f.half_year);
  const std::string before = period_name_nl(f.previous);
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Gemeentefiche {} "
      "{}</title><style>{}{}</style></head><body>\n<header><h1>Activering van leefloners in {}: "
      "{}</h1><p class=\"meta\">Gemeentefiche voor de gemeenteraad en de raad voor "
      "maatschappelijk welzijn, opgemaakt op {}. {} ligt in de provincie {}{}. Bron: "
      "Activeringspact, {}. Cijfers van minder dan {} personen zijn afgeschermd, en ook de "
      "cijfers waaruit ze terug te rekenen zouden zijn.</p></header>\n",
      html_escape(f.municipality.name), now, report_style(), kFactSheetStyle,
      html_escape(f.municipality.name), now, date_nl(f.generated_on),
      html_escape(f.municipality.name), html_escape(f.province),
      f.regiegebied.empty() ? ""
                            : fmt::format(" en het regiegebied {}", html_escape(f.regiegebied)),
      html_escape(f.source), f.k);
  out += "<section><h2>Vaststellingen</h2><ul class=\"findings\">";
  for (const std::string& line : f.findings)
    out += "<li>" + html_escape(line) + "</li>";
  out += "</ul>" + chart_svg(f) +
         "<p class=\"legend\">Een balk per indicator voor de gemeente, een streep voor "
         "Vlaanderen; een lichtere balk of een * is voorlopig.</p></section>\n";

  out += fmt::format(
      "<section><h2>Samenwerkingsindicatoren</h2><table><caption>{} in het {}, tegenover het {} "
      "en de grotere gebieden</caption><thead><tr><th scope=\"col\">Indicator</th><th "
      "scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">Verschil "
      "(procentpunt)</th>{}<th scope=\"col\">Provincie</th><th "
      "scope=\"col\">Vlaanderen</th></tr></thead><tbody>",
      html_escape(f.municipality.name), now, before, now, before,
      f.regiegebied.empty() ? "" : "<th scope=\"col\">Regiegebied</th>");
  for (const FactSheetIndicator& i : f.indicators) {
    out += fmt::format(
        "<tr><th scope=\"row\">{}</th><td title=\"{}\">{}</td><td title=\"{}\">{}</td><td>{}</td>"
        "{}<td>{}</td><td>{}</td></tr>",
        html_escape(i.indicator.title), html_escape(cell_text(i.municipality.now, f.k)),
        short_text(i.municipality.now), html_escape(cell_text(i.municipality.before, f.k)),
        short_text(i.municipality.before), points_text(i.municipality.now, i.municipality.before),
        i.regiegebied ? fmt::format("<td>{}</td>", short_text(i.regiegebied->now)) : "",
        short_text(i.province.now), short_text(i.flanders.now));
  }
  out += "</tbody></table>";
  std::vector<std::string> merged;
  for (const FactSheetIndicator& i : f.indicators)
    if (!i.municipality.before_of.empty() && merged.empty())
      merged.push_back(i.municipality.before_of);
  if (!merged.empty()) {
    out += fmt::format("<p class=\"legend\">Het {} is dat van {} samen (de fusie van 2025).</p>",
                       before, html_escape(merged.front()));
  }
  out += "</section>\n";

  if (std::any_of(f.context.begin(), f.context.end(),
                  [](const FactSheetContext& c) { return c.period.has_value(); })) {
    out += fmt::format(
        "<section><h2>Kerncijfers</h2><table><caption>Gepubliceerde cijfers over de "
        "arbeidsmarkt en het leefloon, in de laatste periode tot het einde van het "
        "halfjaar</caption><thead><tr><th scope=\"col\">Kerncijfer</th><th "
        "scope=\"col\">Periode</th><th scope=\"col\">{}</th><th scope=\"col\">Een jaar "
        "eerder</th>{}<th scope=\"col\">Provincie</th><th "
        "scope=\"col\">Vlaanderen</th></tr></thead><tbody>",
        html_escape(f.municipality.name),
        f.regiegebied.empty() ? "" : "<th scope=\"col\">Regiegebied</th>");
    std::string sources;
    for (const FactSheetContext& c : f.context) {
      if (!c.period) continue;
      out += fmt::format(
          "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td>{}<td>{}</td><td>{}</td>"
          "</tr>",
          html_escape(c.title), context_period_nl(*c.period), context_text(c.municipality.now),
          context_text(c.municipality.before),
          c.regiegebied ? fmt::format("<td>{}</td>", context_text(c.regiegebied->now)) : "",
          context_text(c.province.now), context_text(c.flanders.now));
      if (sources.find(c.source) == std::string::npos)
        sources += (sources.empty() ? "" : "; ") + c.source;
    }
    out += fmt::format("</tbody></table><p class=\"legend\">Bron: {}.</p></section>\n",
                       html_escape(sources));
  }

  out += "<section><h2>Samenwerkingsovereenkomst met VDAB</h2>";
  if (f.agreements.empty()) {
    out += "<p>Er is geen samenwerkingsovereenkomst geregistreerd.</p>";
  }
  for (const pact::CooperationAgreement& a : f.agreements) {
    std::string when;
    if (a.concluded_on) when = fmt::format(" op {}", date_nl(*a.concluded_on));
    if (!a.concluded_on && a.expected_on)
      when = fmt::format(", verwacht op {}", date_nl(*a.expected_on));
    if (a.ends_on) when += fmt::format(", loopt tot {}", date_nl(*a.ends_on));
    size_t running = 0;
    size_t done = 0;
    for (const auto& act : a.actions) {
      running += act.status == pact::ActionStatus::kRunning ? 1 : 0;
      done += act.status == pact::ActionStatus::kDone ? 1 : 0;
    }
    std::string parties;
    for (size_t i = 0; i < a.parties.size(); ++i)
      parties += (i == 0 ? "" : i + 1 == a.parties.size() ? " en " : ", ") + a.parties[i];
    out += fmt::format(
        "<p><strong>{}</strong> ({} {}): {}{}.{} Het actieplan telt {} {}: {} lopend, {} "
        "afgerond.</p>",
        html_escape(a.title), pact::to_dutch(a.scope),
        html_escape(a.scope == pact::AgreementScope::kMunicipality ? f.municipality.name : a.area),
        pact::to_dutch(a.status), when,
        parties.empty() ? "" : fmt::format(" Partijen: {}.", html_escape(parties)),
        a.actions.size(), a.actions.size() == 1 ? "actie" : "acties", running, done);
  }
  return out + "</section>\n</body></html>\n";
}

Workbook fact_sheet_workbook(const FactSheet& f) {
  Workbook book;
  book.generated_on = f.generated_on;
  const std::string now = period_name_nl(f.half_year);
  const std::string before = period_name_nl(f.previous);
  Sheet ind;
  ind.id = "fact_sheet_indicators";
  ind.title = "Indicatoren";
  ind.generated_on = f.generated_on;
  ind.columns = {{"Indicator", "indicator", CellType::kText},
                 {"Gebied", "area", CellType::kText},
                 {"Niveau", "level", CellType::kText},
                 {"Code", "code", CellType::kText}};
  const auto halves = half_year_columns(now, before);
  ind.columns.insert(ind.columns.end(), halves.begin(), halves.end());
  for (const FactSheetIndicator& i : f.indicators) {
    auto add = [&](const ReportRow& x) {
      std::vector<Cell> row{std::string(i.indicator.title), x.area.name,
                            std::string(dutch_name(x.area.level)), x.area.code};
      append_half_year_cells(row, x, now, before);
      ind.rows.push_back(std::move(row));
    };
    add(i.municipality);
    if (i.regiegebied) add(*i.regiegebied);
    add(i.province);
    add(i.flanders);
  }
  book.sheets.push_back(std::move(ind));

  if (std::any_of(f.context.begin(), f.context.end(),
                  [](const FactSheetContext& c) { return c.period.has_value(); })) {
    Sheet ctx;
    ctx.id = "fact_sheet_context";
    ctx.title = "Kerncijfers";
    ctx.generated_on = f.generated_on;
    ctx.columns = {{"Kerncijfer", "figure", CellType::kText},
                   {"Gebied", "area", CellType::kText},
                   {"Niveau", "level", CellType::kText},
                   {"Periode", "period", CellType::kText},
                   {"Aantal", "value", CellType::kInteger},
                   {"Noemer", "denominator", CellType::kInteger},
                   {"Percentage", "percentage", CellType::kPercent},
                   {"Bron", "source", CellType::kText}};
    for (const FactSheetContext& c : f.context) {
      if (!c.period) continue;
      auto add = [&](const ContextRow& x, const std::optional<formats::ContextPeriod>& p,
                     const std::optional<ContextValue>& v) {
        if (!p) return;
        std::vector<Cell> row{std::string(c.title), x.area.name,
                              std::string(dutch_name(x.area.level)), context_period_nl(*p)};
        if (v) {
          row.emplace_back(v->value);
          if (v->denominator) {
            row.emplace_back(*v->denominator);
            auto share = pact::Rate::fraction(v->value, *v->denominator);
            row.emplace_back(share ? Cell(*share) : Cell{});
          } else {
            row.insert(row.end(), 2, Cell{});
          }
        } else {
          row.insert(row.end(), 3, Cell{});
        }
        row.emplace_back(c.source);
        ctx.rows.push_back(std::move(row));
      };
      add(c.municipality, c.period, c.municipality.now);
      add(c.municipality, c.previous, c.municipality.before);
      if (c.regiegebied) add(*c.regiegebied, c.period, c.regiegebied->now);
      add(c.province, c.period, c.province.now);
      add(c.flanders, c.period, c.flanders.now);
    }
    book.sheets.push_back(std::move(ctx));
  }
  book.info = {
      {"Rapport", "report", CellType::kText,
       fmt::format("Gemeentefiche {} {}", f.municipality.name, now)},
      {"Gemeente", "municipality", CellType::kText,
       fmt::format("{} ({})", f.municipality.name, f.municipality.code)},
      {"Vergeleken met", "previous", CellType::kText, before},
      {"Bron", "source", CellType::kText, f.source},
      {"Afscherming", "suppression", CellType::kText, public_suppression_nl(f.k)},
      {"Opgemaakt op", "generated_on", CellType::kDate, f.generated_on},
  };
  return book;
}

}  // namespace lap::report
