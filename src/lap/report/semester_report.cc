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

std::string of_text(size_t n, size_t of) {
  return n == of && of > 1 ? fmt::format("alle {}", of) : fmt::format("{} van de {}", n, of);
}

std::span<const ReportIndicator> report_indicators() {
  return kIndicators;
}

bool shown(const PublishedFigure* f) {
  return f != nullptr && !f->suppressed() && f->denominator > 0;
}

// The share in tenths of a percent, rounded half up, as the tables show it.
int64_t tenths(const PublishedFigure& f) {
  return (f.numerator * 2000 / f.denominator + 1) / 2;
}

std::string pct_text(const PublishedFigure& f) {
  return percentage_nl(f.numerator, f.denominator) + "%";
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// "12,3%" with "(voorlopig)" when part of the outcome is pending, "afgeschermd"
// or "geen cijfer".
std::string cell_text(const PublishedFigure* f, int k) {
  if (f == nullptr) return "geen cijfer";
  if (f->suppressed())
    return fmt::format("afgeschermd ({})", suppression_reason_nl(f->suppression, k));
  if (f->denominator == 0) return "geen cijfer";
  return fmt::format("{} ({} van {}){}", pct_text(*f), f->numerator, f->denominator,
                     f->pending > 0 ? fmt::format(", {} voorlopig", f->pending) : "");
}

std::string points_text(const PublishedFigure* now, const PublishedFigure* before) {
  if (!shown(now) || !shown(before)) return "";
  const int64_t d = tenths(*now) - tenths(*before);
  return fmt::format("{}{},{}", d > 0 ? "+" : d < 0 ? "-" : "", std::abs(d) / 10, std::abs(d) % 10);
}

std::pair<int64_t, int64_t> chart_grid(int64_t max_tenths) {
  int64_t step = 50;
  for (int64_t candidate : {50, 100, 200, 250}) {
    step = candidate;
    if ((max_tenths + candidate - 1) / candidate <= 6) break;
  }
  return {step, (max_tenths + step - 1) / step * step};
}

std::vector<Column> half_year_columns(const std::string& now, const std::string& before) {
  return {{fmt::format("Teller {}", now), "numerator", CellType::kInteger},
          {fmt::format("Voorlopig {}", now), "pending", CellType::kInteger},
          {fmt::format("Noemer {}", now), "denominator", CellType::kInteger},
          {fmt::format("Percentage {}", now), "percentage", CellType::kPercent},
          {fmt::format("Teller {}", before), "numerator_before", CellType::kInteger},
          {fmt::format("Noemer {}", before), "denominator_before", CellType::kInteger},
          {fmt::format("Percentage {}", before), "percentage_before", CellType::kPercent},
          {"Afgeschermd", "suppressed", CellType::kText}};
}

void append_half_year_cells(std::vector<Cell>& row, const ReportRow& x, const std::string& now,
                            const std::string& before) {
  auto counts = [&](const PublishedFigure* f, bool with_pending) {
    if (!shown(f)) {
      row.insert(row.end(), with_pending ? 4 : 3, Cell{});
      return;
    }
    row.emplace_back(f->numerator);
    if (with_pending) row.emplace_back(f->pending);
    row.emplace_back(f->denominator);
    auto share = pact::Rate::fraction(f->numerator, f->denominator);
    row.emplace_back(share ? Cell(*share) : Cell{});
  };
  counts(x.now, true);
  counts(x.before, false);
  std::string hidden;
  if (x.now != nullptr && x.now->suppressed()) hidden = now;
  if (x.before != nullptr && x.before->suppressed())
    hidden += (hidden.empty() ? "" : ", ") + before;
  row.emplace_back(hidden.empty() ? std::string("nee") : "ja: " + hidden);
}

std::string bar_chart_svg(const std::vector<ChartRow>& rows, const ChartLayout& layout,
                          const PublishedFigure* line, std::string_view line_title,
                          std::string_view aria_label) {
  int64_t max_tenths = 100;  // at least 10%
  for (const ChartRow& x : rows) {
    if (shown(x.bar)) max_tenths = std::max(max_tenths, tenths(*x.bar));
    if (shown(x.tick)) max_tenths = std::max(max_tenths, tenths(*x.tick));
  }
  if (shown(line)) max_tenths = std::max(max_tenths, tenths(*line));
  // Grid lines every 5, 10, 20 or 25 percent: at most six of them.
  const auto [step, top] = chart_grid(max_tenths);
  const int label = layout.label_width;
  const int bar = layout.bar_height;
  const int text = layout.text_offset;
  constexpr int kWidth = 640;
  const int plot = kWidth - label - 60;
  const int height = static_cast<int>(rows.size()) * (bar + 6) + 40;
  auto x_of = [&](int64_t t) { return label + static_cast<int>(t * plot / top); };
  std::string svg = fmt::format(
      "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {} {}\" width=\"100%\" "
      "aria-label=\"{}\">",
      kWidth, height, html_escape(aria_label));
  for (int64_t t = 0; t <= top; t += step) {
    svg += fmt::format(
        "<line x1=\"{0}\" x2=\"{0}\" y1=\"0\" y2=\"{1}\" class=\"grid\"/><text x=\"{0}\" "
        "y=\"{2}\" class=\"axis\">{3}%</text>",
        x_of(t), height - 30, height - 14, t / 10);
  }
  int y = 4;
  for (const ChartRow& x : rows) {
    svg += fmt::format("<text x=\"{}\" y=\"{}\" class=\"label\">{}</text>", label - 6,
                       y + bar - text, html_escape(x.label));
    if (shown(x.bar)) {
      svg += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" class=\"bar{}\"><title>{}: "
          "{}</title></rect><text x=\"{}\" y=\"{}\" class=\"value\">{}</text>",
          label, y, std::max(1, x_of(tenths(*x.bar)) - label), bar,
          x.bar->pending > 0 ? " pending" : "", html_escape(x.bar_title), pct_text(*x.bar),
          x_of(tenths(*x.bar)) + 4, y + bar - text, pct_text(*x.bar));
    } else {
      svg += fmt::format("<text x=\"{}\" y=\"{}\" class=\"hidden\">{}</text>", label + 4,
                         y + bar - text,
                         x.bar != nullptr && x.bar->suppressed() ? "afgeschermd" : "geen cijfer");
    }
    if (shown(x.tick)) {
      svg += fmt::format(
          "<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" "
          "class=\"{3}\"><title>{4}</title></line>",
          x_of(tenths(*x.tick)), y - 2, y + bar + 2, layout.tick_class, html_escape(x.tick_title));
    }
    y += bar + 6;
  }
  if (shown(line)) {
    svg += fmt::format(
        "<line x1=\"{0}\" x2=\"{0}\" y1=\"0\" y2=\"{1}\" "
        "class=\"flanders\"><title>{2}</title></line>",
        x_of(tenths(*line)), height - 30, html_escape(line_title));
  }
  return svg + "</svg>";
}

std::string_view report_style() {
  static constexpr std::string_view kStyle = R"(
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #1a1a1a; margin: 0 auto; max-width: 46em; padding: 1em; }
h1 { font-size: 18pt; margin-bottom: .2em; }
h2 { font-size: 13pt; margin-top: 1.6em; border-bottom: 1px solid #ccc; break-after: avoid; }
h2.part { font-size: 15pt; border-bottom: 2px solid #1f5f99; break-before: page; }
h2.part.first { break-before: auto; }
section { break-inside: avoid; }
p.meta { color: #444; }
ul.findings { padding-left: 1.2em; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: .6em 0 1em; }
caption { text-align: left; font-weight: bold; padding: .2em 0; }
th, td { border-bottom: 1px solid #ddd; padding: 2px 6px; text-align: left; }
td { text-align: right; white-space: nowrap; }
tr.total th, tr.total td { font-weight: bold; }
svg.chart { max-width: 100%; height: auto; }
svg .grid { stroke: #ddd; }
svg .axis { font-size: 9px; fill: #555; text-anchor: middle; }
svg .label { font-size: 10px; text-anchor: end; fill: #1a1a1a; }
svg .value, svg .hidden { font-size: 9px; fill: #333; }
svg .hidden { font-style: italic; }
svg .bar { fill: #1f5f99; }
svg .bar.pending { fill: #8fb3d5; }
svg .before { stroke: #c0392b; stroke-width: 2; }
svg .flanders { stroke: #222; stroke-width: 1.5; stroke-dasharray: 4 3; }
.legend { font-size: 9pt; color: #333; }
@page { size: A4; margin: 16mm 14mm; }
@media print { body { max-width: none; padding: 0; } }
)";
  return kStyle;
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

HalfYearCells::HalfYearCells(std::span<const PublishedFigure> cells, const geo::Registry& registry,
                             const Period& now, const std::set<std::string>* only_codes)
    : registry_(registry),
      now_(now),
      before_(Period::half_year(now.first - 6)),
      territories_(registry.territories_on(now.last.last_day(), before_.last.last_day())) {
  for (const PublishedFigure& f : cells) {
    if (f.period != now_ && f.period != before_) continue;
    has_now_ = has_now_ || f.period == now_;
    if (only_codes != nullptr && !only_codes->contains(f.area.code)) continue;
    index_.emplace(Key{f.indicator, f.variant, f.period.first.index(), f.area.level, f.area.code},
                   &f);
  }
}

const PublishedFigure* HalfYearCells::find(const ReportIndicator& ind, const publish::Area& a,
                                           const Period& p) const {
  auto it = index_.find(Key{ind.indicator, ind.variant, p.first.index(), a.level, a.code});
  return it == index_.end() ? nullptr : it->second;
}

ReportRow HalfYearCells::row(const ReportIndicator& ind, const publish::Area& a) {
  ReportRow r{a, find(ind, a, now_), find(ind, a, before_), {}};
  if (a.level != Level::kOcmw) return r;
  const auto nis = Nis::parse(a.code);
  if (!nis) return r;
  auto parts = territories_.find(*nis);
  if (parts == territories_.end() || parts->second.size() < 2) return r;
  // The sum of the parts' cells, hidden when one is hidden.
  auto sum = std::make_unique<PublishedFigure>();
  sum->indicator = ind.indicator;
  sum->variant = ind.variant;
  sum->period = before_;
  sum->area = a;
  bool any = false;
  std::vector<std::string> names;
  for (const Nis part : parts->second) {
    const geo::Municipality* m = registry_.find(part);
    names.push_back(m != nullptr ? m->name : part.to_string());
    const PublishedFigure* f = find(ind, publish::ocmw_area(part, m), before_);
    if (f == nullptr) continue;
    any = true;
    if (f->suppressed()) sum->suppression = publish::Suppression::kSecondary;
    sum->numerator += f->numerator;
    sum->denominator += f->denominator;
    sum->pending += f->pending;
  }
  if (sum->suppressed()) sum->numerator = sum->denominator = sum->pending = 0;
  r.before = any ? sum.get() : nullptr;
  for (size_t i = 0; i < names.size(); ++i)
    r.before_of += (i == 0 ? "" : i + 1 == names.size() ? " en " : ", ") + names[i];
  derived_.push_back(std::move(sum));
  return r;
}

std::vector<std::unique_ptr<PublishedFigure>> HalfYearCells::take_derived() {
  return std::move(derived_);
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
      {"Afscherming", "suppression", CellType::kText,
       fmt::format("publiek: cijfers van minder dan {} personen en de cijfers waaruit ze terug "
                   "te rekenen zouden zijn, zijn leeg",
                   r.k)},
      {"Opgemaakt op", "generated_on", CellType::kDate, r.generated_on},
  };
  return book;
}

}  // namespace lap::report
