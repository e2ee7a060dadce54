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

namespace {

// The areas of the OCMWs met so far: each OCMW's own area and the indexes of
// its parents among all aggregate areas, built once per roll-up instead of
// once per table.
class AreaCache {
 public:
  explicit AreaCache(const geo::Registry& registry) : registry_(registry) {}

  struct Ocmw {
    Area area;
    std::vector<int> parents;  // into aggregates()
  };
  const Ocmw& ocmw(int code) {
    auto [it, inserted] = ocmws_.try_emplace(code);
    if (inserted) {
      const Nis nis = Nis::from_int(code).value_or(Nis{});
      const geo::Municipality* m = registry_.find(nis);
      it->second.area = ocmw_area(nis, m);
      for (Area& area : parents(m)) {
        auto [a, added] = aggregate_ids_.try_emplace({area.level, area.code},
                                                     static_cast<int>(aggregates_.size()));
        if (added) aggregates_.push_back(std::move(area));
        it->second.parents.push_back(a->second);
      }
    }
    return it->second;
  }
  const Area& aggregate(int id) const { return aggregates_[static_cast<size_t>(id)]; }
  size_t aggregate_count() const { return aggregates_.size(); }

 private:
  const geo::Registry& registry_;
  std::map<int, Ocmw> ocmws_;
  std::map<std::pair<Level, std::string>, int> aggregate_ids_;
  std::vector<Area> aggregates_;
};

}  // namespace

std::vector<PublishedFigure> roll_up(std::span<const measure::Figure> figures,
                                     const geo::Registry& registry) {
  // Tables in the order of the result: indicator, variant, period, then the
  // kind of period (a tie-break kept from the order the tables are listed in).
  using TableKey = std::tuple<measure::Indicator, std::string_view, int32_t, int32_t, int>;
  std::map<TableKey, std::vector<const measure::Figure*>> tables;
  for (const measure::Figure& f : figures) {
    tables[{f.indicator, f.variant, f.period.first.index(), f.period.last.index(),
            static_cast<int>(f.period.kind)}]
        .push_back(&f);
  }
  AreaCache areas(registry);
  std::vector<PublishedFigure> out;
  out.reserve(figures.size() * 3 / 2);
  size_t group_begin = 0;  // the cells of the tables with the same indicator, variant and period
  auto end_group = [&] {
    std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(group_begin), out.end(),
                     [](const PublishedFigure& a, const PublishedFigure& b) {
                       return std::tie(a.area.level, a.area.code) <
                              std::tie(b.area.level, b.area.code);
                     });
    group_begin = out.size();
  };
  std::vector<int> slot;  // aggregate id -> index into aggregate_counts in this table, or -1
  for (auto it = tables.begin(); it != tables.end(); ++it) {
    const auto& [key, members] = *it;
    const measure::Figure& any = *members.front();
    auto cell = [&](const Area& area) {
      PublishedFigure p;
      p.indicator = any.indicator;
      p.variant = any.variant;
      p.period = any.period;
      p.area = area;
      return p;
    };
    std::map<int, Counts> per_ocmw;
    for (const measure::Figure* f : members)
      per_ocmw[f->ocmw.code()].add({f->numerator, f->pending, f->denominator});
    std::vector<std::pair<int, Counts>> aggregate_counts;  // aggregate id, in order of first use
    slot.assign(slot.size(), -1);
    for (const auto& [code, counts] : per_ocmw) {
      const AreaCache::Ocmw& o = areas.ocmw(code);
      PublishedFigure p = cell(o.area);
      p.numerator = counts.numerator;
      p.pending = counts.pending;
      p.denominator = counts.denominator;
      out.push_back(std::move(p));
      if (slot.size() < areas.aggregate_count()) slot.resize(areas.aggregate_count(), -1);
      for (int id : o.parents) {
        int& s = slot[static_cast<size_t>(id)];
        if (s < 0) {
          s = static_cast<int>(aggregate_counts.size());
          aggregate_counts.emplace_back(id, Counts{});
        }
        aggregate_counts[static_cast<size_t>(s)].second.add(counts);
      }
    }
    for (const auto& [id, counts] : aggregate_counts) {
      PublishedFigure p = cell(areas.aggregate(id));
      p.numerator = counts.numerator;
      p.pending = counts.pending;
      p.denominator = counts.denominator;
      out.push_back(std::move(p));
    }
    auto next = std::next(it);
    if (next == tables.end() ||
        std::tie(std::get<0>(next->first), std::get<1>(next->first), std::get<2>(next->first),
                 std::get<3>(next->first)) !=
            std::tie(std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key))) {
      end_group();
    }
  }
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
