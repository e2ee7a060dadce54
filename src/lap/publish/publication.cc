#include "lap/publish/publication.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "lap/publish/rule.h"

namespace lap::publish {

CellKey PublishedFigure::key() const {
  return {indicator, std::string(variant), period, area.level, area.code};
}

std::optional<View> View::parse(std::string_view text) {
  if (text == "internal") return exact();
  if (text == "public") return public_view();
  if (text.starts_with("ocmw:")) {
    auto nis = Nis::parse(text.substr(5));
    if (nis) return owner_view(*nis);
  }
  return std::nullopt;
}

std::string View::to_string() const {
  switch (kind) {
    case Kind::kExact:
      return "internal";
    case Kind::kPublic:
      return "public";
    case Kind::kOwner:
      return "ocmw:" + owner.to_string();
  }
  return "?";
}

std::vector<PublishedFigure> roll_up(std::span<const measure::Figure> figures,
                                     const geo::Registry& registry) {
  using TableKey = std::tuple<measure::Indicator, std::string_view, int, int32_t, int32_t>;
  std::map<TableKey, std::vector<const measure::Figure*>> tables;
  for (const measure::Figure& f : figures) {
    tables[{f.indicator, f.variant, static_cast<int>(f.period.kind), f.period.first.index(),
            f.period.last.index()}]
        .push_back(&f);
  }
  std::vector<PublishedFigure> out;
  for (const auto& [key, members] : tables) {
    const measure::Figure& any = *members.front();
    auto cell = [&](Area area) {
      PublishedFigure p;
      p.indicator = any.indicator;
      p.variant = any.variant;
      p.period = any.period;
      p.area = std::move(area);
      return p;
    };
    std::map<int, Counts> per_ocmw;
    for (const measure::Figure* f : members)
      per_ocmw[f->ocmw.code()].add({f->numerator, f->pending, f->denominator});
    std::map<std::pair<Level, std::string>, size_t> aggregate_index;
    std::vector<PublishedFigure> aggregates;
    for (const auto& [code, counts] : per_ocmw) {
      const Nis nis = Nis::from_int(code).value_or(Nis{});
      const geo::Municipality* m = registry.find(nis);
      PublishedFigure p = cell(ocmw_area(nis, m));
      p.numerator = counts.numerator;
      p.pending = counts.pending;
      p.denominator = counts.denominator;
      for (Area& area : parents(m)) {
        auto [it, inserted] =
            aggregate_index.try_emplace({area.level, area.code}, aggregates.size());
        if (inserted) aggregates.push_back(cell(std::move(area)));
        PublishedFigure& agg = aggregates[it->second];
        agg.numerator += counts.numerator;
        agg.pending += counts.pending;
        agg.denominator += counts.denominator;
      }
      out.push_back(std::move(p));
    }
    for (auto& a : aggregates)
      out.push_back(std::move(a));
  }
  std::stable_sort(out.begin(), out.end(), [](const PublishedFigure& a, const PublishedFigure& b) {
    return std::tuple(a.indicator, a.variant, a.period.first.index(), a.period.last.index(),
                      a.area.level,
                      a.area.code) < std::tuple(b.indicator, b.variant, b.period.first.index(),
                                                b.period.last.index(), b.area.level, b.area.code);
  });
  return out;
}

void apply(std::vector<PublishedFigure>& cells, const Protection& protection, const View& view) {
  if (view.kind == View::Kind::kExact) return;
  const std::string owner = view.kind == View::Kind::kOwner ? view.owner.to_string() : "";
  for (PublishedFigure& c : cells) {
    if (!owner.empty() && c.area.level == Level::kOcmw && c.area.code == owner) continue;
    const Suppression s = protection.lookup(c.key());
    if (s == Suppression::kNone) continue;
    c.suppression = s;
    c.numerator = 0;
    c.pending = 0;
    c.denominator = 0;
  }
}

const PublishedFigure& seen_by(const View& view, std::span<const PublishedFigure> exact,
                               std::span<const PublishedFigure> hidden, size_t i) {
  if (view.kind == View::Kind::kExact) return exact[i];
  if (view.kind == View::Kind::kOwner && exact[i].area.level == Level::kOcmw &&
      exact[i].area.code == view.owner.to_string()) {
    return exact[i];
  }
  return hidden[i];
}

}  // namespace lap::publish
