// Part 1 of the semestrial report: the context figures (kerncijfers) of the centrumsteden,
// the chosen regiegebieden and Flanders, each in its latest period and a year before, with
// sentences in the style of seed 004 ("De werkzaamheidsgraad stijgt in 11 van de 13
// centrumsteden").
#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "lap/core/number_format.h"
#include "lap/report/figure_sheet.h"
#include "lap/report/figures.h"
#include "lap/report/semester_report.h"

namespace lap::report {
namespace {

using formats::ContextFigure;
using formats::ContextFigureRow;
using formats::ContextPeriod;
using publish::Level;

struct FigureText {
  ContextFigure figure;
  std::string_view title;    // "De werkzaamheidsgraad"
  std::string_view subject;  // "de werkzaamheidsgraad" (inside a sentence)
};

constexpr std::array<FigureText, 5> kFigures{{
    {ContextFigure::kEmploymentRate, "De werkzaamheidsgraad (20-64 jaar)", "de werkzaamheidsgraad"},
    {ContextFigure::kNonActive, "Het aantal niet-beroepsactieven",
     "het aantal niet-beroepsactieven"},
    {ContextFigure::kJobSeekers, "Het aantal werkzoekenden zonder werk",
     "het aantal werkzoekenden zonder werk"},
    {ContextFigure::kRmiEntitled, "Het aantal RMI-gerechtigden (POD MI)",
     "het aantal RMI-gerechtigden"},
    {ContextFigure::kUnqualifiedSchoolLeavers, "Het aandeel ongekwalificeerde schoolverlaters",
     "het aandeel ongekwalificeerde schoolverlaters"},
}};

std::string capitalised(std::string_view s) {
  std::string out(s);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

// A share in tenths of a percent, rounded half up; a count as it is.
int64_t comparable(const ContextValue& v) {
  return v.denominator ? (v.value * 2000 / *v.denominator + 1) / 2 : v.value;
}

}  // namespace

std::span<const ContextFigure> context_figures() {
  static constexpr std::array<ContextFigure, 5> kOrder = {
      ContextFigure::kEmploymentRate, ContextFigure::kNonActive, ContextFigure::kJobSeekers,
      ContextFigure::kRmiEntitled, ContextFigure::kUnqualifiedSchoolLeavers};
  return kOrder;
}

std::string context_period_nl(const ContextPeriod& p) {
  if (p.month == 0) return fmt::format("{}", p.year);
  return month_name_nl(*Month::from_ym(p.year, p.month));
}

std::string context_value_nl(const ContextValue& v) {
  if (v.denominator) return percentage_nl(v.value, *v.denominator) + "%";
  return grouped_nl(v.value);
}

ContextValues::ContextValues(std::span<const ContextFigureRow> rows, const geo::Registry& registry,
                             Date on, ContextFigure figure)
    : registry_(registry), on_(on) {
  for (const FigureText& t : kFigures)
    if (t.figure == figure) title_ = t.title, subject_ = t.subject;
  std::map<ContextPeriod, std::string> sources;
  for (const ContextFigureRow& r : rows) {
    if (r.figure != figure) continue;
    values_[r.period][r.nis ? r.nis->code() : 0] = {r.value, r.denominator};
    sources[r.period] = r.source;
  }
  for (const auto& [p, values] : values_)
    if (p.last_day() <= on) period_ = p;
  if (period_ && values_.contains(period_->year_before())) previous_ = period_->year_before();
  if (period_) {
    source_ = sources[*period_];
    if (previous_ && sources[*previous_] != source_) source_ += "; " + sources[*previous_];
  }
}

std::optional<ContextValue> ContextValues::value_of(const std::vector<Nis>& codes,
                                                    const std::optional<ContextPeriod>& p) const {
  if (!p) return std::nullopt;
  const auto& values = values_.at(*p);
  const auto territories = registry_.territories_on(on_, p->last_day());
  ContextValue sum;
  std::set<int> seen;
  for (Nis n : codes) {
    auto parts = territories.find(n);
    const std::vector<Nis> own{n};
    for (Nis part : parts == territories.end() ? own : parts->second) {
      if (!seen.insert(part.code()).second) continue;
      auto v = values.find(part.code());
      if (v == values.end()) return std::nullopt;
      sum.value += v->second.value;
      if (v->second.denominator)
        sum.denominator = sum.denominator.value_or(0) + *v->second.denominator;
    }
  }
  return sum;
}

ContextRow ContextValues::row(publish::Area area, const std::vector<Nis>& municipalities) const {
  return ContextRow{std::move(area), value_of(municipalities, period_),
                    value_of(municipalities, previous_)};
}

ContextRow ContextValues::flanders() const {
  auto of = [&](const std::optional<ContextPeriod>& p) -> std::optional<ContextValue> {
    if (!p) return std::nullopt;
    const auto& values = values_.at(*p);
    if (auto it = values.find(0); it != values.end()) return it->second;
    // Every municipality of the period (each its own territory then).
    std::vector<Nis> all;
    for (const geo::Municipality* m : registry_.valid_on(p->last_day()))
      all.push_back(m->nis);
    return value_of(all, p);
  };
  return {{Level::kFlanders, "flanders", "Vlaams Gewest"}, of(period_), of(previous_)};
}

std::vector<ContextSection> context_sections(std::span<const ContextFigureRow> rows,
                                             const geo::Registry& registry, Date on,
                                             const std::vector<std::string>& regiegebieden) {
  std::vector<const geo::Municipality*> steden;
  for (const geo::Municipality* m : registry.valid_on(on))
    if (m->centrumstad) steden.push_back(m);
  std::sort(
      steden.begin(), steden.end(),
      [](const geo::Municipality* a, const geo::Municipality* b) { return a->name < b->name; });

  std::vector<ContextSection> out;
  for (const FigureText& text : kFigures) {
    const ContextValues values(rows, registry, on, text.figure);
    ContextSection s;
    s.figure = text.figure;
    s.title = text.title;
    s.period = values.period();
    s.previous = values.previous();
    s.source = values.source();
    std::vector<Nis> all_steden;
    for (const geo::Municipality* m : steden) {
      s.centrumsteden.push_back(values.row(publish::ocmw_area(m->nis, m), {m->nis}));
      all_steden.push_back(m->nis);
    }
    for (const std::string& name : regiegebieden) {
      std::vector<Nis> members;
      for (const geo::Municipality* m : registry.valid_on(on))
        if (m->regiegebied == name) members.push_back(m->nis);
      s.regiegebieden.push_back(values.row({Level::kRegiegebied, name, name}, members));
    }
    s.all_centrumsteden =
        values.row({Level::kCentrumsteden, "centrumsteden", "De 13 centrumsteden"}, all_steden);
    s.flanders = values.flanders();
    s.sentences = context_sentences(s, text.subject);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::string> context_sentences(const ContextSection& s, std::string_view subject) {
  std::vector<std::string> out;
  if (!s.period) {
    out.push_back(
        fmt::format("Er zijn geen cijfers over {} ingelezen van voor het einde van het "
                    "halfjaar.",
                    subject));
    return out;
  }
  const std::string now = context_period_nl(*s.period);
  const std::string before = s.previous ? context_period_nl(*s.previous) : std::string();
  if (s.flanders.now) {
    std::string line = fmt::format("In Vlaanderen bedraagt {} {} in {}", subject,
                                   context_value_nl(*s.flanders.now), now);
    if (s.flanders.before)
      line += fmt::format(", tegenover {} in {}", context_value_nl(*s.flanders.before), before);
    out.push_back(line + ".");
  } else {
    out.push_back(
        fmt::format("Voor Vlaanderen is {} van {} niet volledig ingelezen.", subject, now));
  }
  size_t up = 0, down = 0, same = 0, compared = 0;
  std::vector<const ContextRow*> with_now;
  for (const ContextRow& r : s.centrumsteden) {
    if (r.now) with_now.push_back(&r);
    if (!r.now || !r.before) continue;
    ++compared;
    const int64_t a = comparable(*r.now);
    const int64_t b = comparable(*r.before);
    (a > b ? up : a < b ? down : same) += 1;
  }
  if (compared == 1) {
    const auto only = std::find_if(s.centrumsteden.begin(), s.centrumsteden.end(),
                                   [](const ContextRow& r) { return r.now && r.before; });
    out.push_back(fmt::format("Alleen {} heeft beide cijfers: {} {} ({} tegenover {}).",
                              only->area.name, subject,
                              up > 0     ? "stijgt"
                              : down > 0 ? "daalt"
                                         : "blijft gelijk",
                              now, before));
  } else if (compared > 0) {
    std::string line;
    if (up == compared) {
      line = fmt::format("{} stijgt in elke centrumstad", capitalised(subject));
    } else if (down == compared) {
      line = fmt::format("{} daalt in elke centrumstad", capitalised(subject));
    } else {
      line = up >= down ? fmt::format("{} stijgt in {} centrumsteden", capitalised(subject),
                                      of_text(up, compared))
                        : fmt::format("{} daalt in {} centrumsteden", capitalised(subject),
                                      of_text(down, compared));
      if (up >= down && down > 0) line += fmt::format(" en daalt in {}", down);
      if (up < down && up > 0) line += fmt::format(" en stijgt in {}", up);
      if (same > 0) line += fmt::format("; in {} blijft het gelijk", same);
    }
    out.push_back(line + fmt::format(" ({} tegenover {}).", now, before));
  } else if (!s.previous) {
    out.push_back(
        fmt::format("Er zijn geen cijfers van een jaar eerder: er is geen vergelijking."));
  }
  if (with_now.size() < s.centrumsteden.size()) {
    const size_t n = s.centrumsteden.size() - with_now.size();
    out.push_back(fmt::format("Voor {} {} ontbreekt het cijfer van {}.", n,
                              n == 1 ? "centrumstad" : "centrumsteden", now));
  }
  if (with_now.size() >= 2 && s.centrumsteden.front().now &&
      s.centrumsteden.front().now->denominator) {
    const auto [lo, hi] = std::minmax_element(
        with_now.begin(), with_now.end(), [](const ContextRow* x, const ContextRow* y) {
          return x->now->value * *y->now->denominator < y->now->value * *x->now->denominator;
        });
    out.push_back(fmt::format("Het hoogst in {} ({}), het laagst in {} ({}).", (*hi)->area.name,
                              context_value_nl(*(*hi)->now), (*lo)->area.name,
                              context_value_nl(*(*lo)->now)));
  } else if (s.all_centrumsteden.now && s.flanders.now && s.flanders.now->value > 0 &&
             !s.flanders.now->denominator) {
    out.push_back(
        fmt::format("De 13 centrumsteden samen tellen {} ({}% van Vlaanderen).",
                    grouped_nl(s.all_centrumsteden.now->value),
                    percentage_nl(s.all_centrumsteden.now->value, s.flanders.now->value)));
  }
  return out;
}

}  // namespace lap::report
