// The pieces the documents made of half years share (semester_report.h: the semestrial
// report and, through it, the municipal fact sheet): the cell lookup with merger sums, the
// cell texts, the bar chart, the half-year sheet columns and the page style.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "lap/report/figure_sheet.h"
#include "lap/report/figures.h"
#include "lap/report/semester_report.h"

namespace lap::report {

using measure::Period;
using publish::Level;
using publish::PublishedFigure;

std::string of_text(size_t n, size_t of) {
  return n == of && of > 1 ? fmt::format("alle {}", of) : fmt::format("{} van de {}", n, of);
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

std::string public_suppression_nl(int k) {
  return fmt::format(
      "publiek: cijfers van minder dan {} personen en de cijfers waaruit ze terug "
      "te rekenen zouden zijn, zijn leeg",
      k);
}

}  // namespace lap::report
