#include "lap/publish/cell_key.h"

#include <algorithm>
#include <array>
#include <map>
#include <tuple>

namespace lap::publish {
namespace {

// Cumulative transition probabilities (in 1/100) from a count to count + noise.
constexpr std::array<std::pair<int, int>, 4> kFromOne = {{{-1, 45}, {0, 60}, {1, 95}, {2, 100}}};
constexpr std::array<std::pair<int, int>, 5> kFromMore = {
    {{-2, 5}, {-1, 35}, {0, 65}, {1, 95}, {2, 100}}};

struct Keyed {
  int64_t n = 0;
  uint32_t key = 0;
  void add(int64_t count, uint32_t k) {
    n += count;
    key += k;  // modulo 2^32
  }
};

struct CellSums {
  Keyed numerator;
  Keyed pending;
  Keyed denominator;
  bool listed() const { return numerator.n != 0 || pending.n != 0 || denominator.n != 0; }
  void add(const CellSums& o) {
    numerator.add(o.numerator.n, o.numerator.key);
    pending.add(o.pending.n, o.pending.key);
    denominator.add(o.denominator.n, o.denominator.key);
  }
};

}  // namespace

int64_t perturb(int64_t n, uint32_t key) {
  if (n <= 0) return n;
  // The key as a point in [0, 100).
  const auto u = static_cast<int>((static_cast<uint64_t>(key) * 100) >> 32);
  if (n == 1) {
    for (const auto& [d, upto] : kFromOne)
      if (u < upto) return n + d;
  }
  for (const auto& [d, upto] : kFromMore)
    if (u < upto) return n + d;
  return n;
}

std::vector<PublishedFigure> perturbed_cells(std::span<const measure::InnerBlock> blocks,
                                             const geo::Registry& registry) {
  using measure::kRoleDenominator;
  using measure::kRoleNumerator;
  using measure::kRolePending;
  std::vector<PublishedFigure> out;
  for (const measure::InnerBlock& b : blocks) {
    const int ns = b.signatures();
    for (int f = 0; f < b.figures(); ++f) {
      auto cell = [&](Area area, const CellSums& c) {
        PublishedFigure p;
        p.indicator = b.indicator(f);
        p.variant = b.variant(f);
        p.period = b.period(f);
        p.area = std::move(area);
        p.numerator = perturb(c.numerator.n, c.numerator.key);
        p.pending = perturb(c.pending.n, c.pending.key);
        p.denominator = perturb(c.denominator.n, c.denominator.key);
        out.push_back(std::move(p));
      };
      std::map<std::pair<Level, std::string>, std::pair<Area, CellSums>> areas;
      for (size_t x = 0; x < b.ocmws.size(); ++x) {
        CellSums c;
        const auto row = b.row(x);
        const auto keys = b.key_row(x);
        for (int s = 0; s < ns; ++s) {
          const uint8_t r = b.role(s, f);
          const auto si = static_cast<size_t>(s);
          if ((r & kRoleNumerator) != 0) c.numerator.add(row[si], keys[si]);
          if ((r & kRolePending) != 0) c.pending.add(row[si], keys[si]);
          if ((r & kRoleDenominator) != 0) c.denominator.add(row[si], keys[si]);
        }
        if (!c.listed()) continue;
        const geo::Municipality* m = registry.find(b.ocmws[x]);
        for (Area& a : parents(m)) {
          auto key = std::pair(a.level, a.code);
          auto [it, inserted] = areas.try_emplace(key, std::move(a), CellSums{});
          it->second.second.add(c);
        }
        cell(ocmw_area(b.ocmws[x], m), c);
      }
      for (auto& [key, entry] : areas)
        cell(std::move(entry.first), entry.second);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const PublishedFigure& a, const PublishedFigure& b) {
    return std::tuple(a.indicator, a.variant, a.period.first.index(), a.period.last.index(),
                      a.area.level,
                      a.area.code) < std::tuple(b.indicator, b.variant, b.period.first.index(),
                                                b.period.last.index(), b.area.level, b.area.code);
  });
  return out;
}

}  // namespace lap::publish
