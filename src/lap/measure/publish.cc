#include "lap/measure/publish.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

namespace lap::measure {
namespace {

// Arithmetic modulo the Mersenne prime 2^61 - 1 for the elimination. Rows are
// 0/1 vectors, so a rational dependency shows up modulo p unless p divides a
// minor of the matrix — for matrices of this size (a few hundred 0/1 entries)
// that would only ever make the check suppress more, never less.
constexpr uint64_t kPrime = (uint64_t{1} << 61) - 1;

__extension__ using Wide = unsigned __int128;  // GCC's 128-bit integer

uint64_t mul(uint64_t a, uint64_t b) {
  const Wide p = static_cast<Wide>(a) * b;
  uint64_t r = static_cast<uint64_t>(p & kPrime) + static_cast<uint64_t>(p >> 61);
  return r >= kPrime ? r - kPrime : r;
}
uint64_t sub(uint64_t a, uint64_t b) {
  return a >= b ? a - b : a + kPrime - b;
}
uint64_t inverse(uint64_t a) {
  uint64_t result = 1;
  uint64_t base = a;
  for (uint64_t e = kPrime - 2; e > 0; e >>= 1) {
    if (e & 1) result = mul(result, base);
    base = mul(base, base);
  }
  return result;
}

// The columns that are determined by the rows: reduced row echelon form, then
// a pivot row with no other non-zero entry is a unit vector of the row space.
std::vector<bool> determined_columns(const std::vector<std::vector<int>>& rows, int columns) {
  std::vector<std::vector<uint64_t>> m;
  m.reserve(rows.size());
  for (const auto& r : rows) {
    std::vector<uint64_t> v(static_cast<size_t>(columns), 0);
    for (int c : r)
      v[static_cast<size_t>(c)] = 1;
    m.push_back(std::move(v));
  }
  std::vector<int> pivot_of_row;
  size_t rank = 0;
  for (int c = 0; c < columns && rank < m.size(); ++c) {
    const auto col = static_cast<size_t>(c);
    size_t pick = rank;
    while (pick < m.size() && m[pick][col] == 0)
      ++pick;
    if (pick == m.size()) continue;
    std::swap(m[rank], m[pick]);
    const uint64_t inv = inverse(m[rank][col]);
    for (auto& x : m[rank])
      x = mul(x, inv);
    for (size_t r = 0; r < m.size(); ++r) {
      if (r == rank || m[r][col] == 0) continue;
      const uint64_t f = m[r][col];
      for (size_t k = 0; k < m[r].size(); ++k) {
        if (m[rank][k] != 0) m[r][k] = sub(m[r][k], mul(f, m[rank][k]));
      }
    }
    pivot_of_row.push_back(c);
    ++rank;
  }
  std::vector<bool> out(static_cast<size_t>(columns), false);
  for (size_t r = 0; r < rank; ++r) {
    const auto nonzero = std::count_if(m[r].begin(), m[r].end(), [](uint64_t x) { return x != 0; });
    if (nonzero == 1) out[static_cast<size_t>(pivot_of_row[r])] = true;
  }
  return out;
}

struct Counts {
  int64_t numerator = 0;
  int64_t denominator = 0;
  int64_t pending = 0;
  void add(const Counts& o) {
    numerator += o.numerator;
    denominator += o.denominator;
    pending += o.pending;
  }
  bool any() const { return numerator != 0 || denominator != 0 || pending != 0; }
};

bool small(int64_t n, int k) {
  return n >= 1 && n < k;
}

bool primary(const Counts& c, int k) {
  if (small(c.numerator, k) || small(c.pending, k) || small(c.denominator, k)) return true;
  const int64_t rest = c.denominator - c.numerator - c.pending;
  return c.denominator > 0 && rest > 0 && small(rest, k);
}

// The aggregate areas of one municipality.
std::vector<Area> parents(const geo::Municipality* m) {
  std::vector<Area> out;
  if (m != nullptr) {
    if (!m->regiegebied.empty()) {
      out.push_back({Level::kRegiegebied, m->regiegebied, m->regiegebied});
    }
    out.push_back({Level::kProvince, m->province.to_string(), m->province_name});
    if (m->centrumstad) out.push_back({Level::kCentrumsteden, "centrumsteden", "Centrumsteden"});
  }
  out.push_back({Level::kFlanders, "flanders", "Vlaams Gewest"});
  return out;
}

using TableKey = std::tuple<Indicator, std::string_view, int, int32_t, int32_t>;

TableKey table_key(const Figure& f) {
  return {f.indicator, f.variant, static_cast<int>(f.period.kind), f.period.first.index(),
          f.period.last.index()};
}

struct Cell {
  Area area;
  Counts counts;
  std::vector<size_t> members;  // aggregates: indices of the OCMW cells
  std::vector<size_t> parents;  // OCMW cells: indices of their aggregates
  bool suppressed = false;
  bool own = false;
};

// Suppression of one table: cells [0, ocmws) are OCMWs, the rest aggregates.
void suppress(std::vector<Cell>& cells, size_t ocmws, int k) {
  for (auto& c : cells)
    c.suppressed = !c.own && primary(c.counts, k);
  for (;;) {
    // Unknowns: suppressed OCMW cells the viewer does not own.
    std::vector<int> column(ocmws, -1);
    std::vector<size_t> unknown;
    for (size_t i = 0; i < ocmws; ++i) {
      if (cells[i].suppressed) {
        column[i] = static_cast<int>(unknown.size());
        unknown.push_back(i);
      }
    }
    if (unknown.empty()) return;
    std::vector<std::vector<int>> rows;
    for (size_t a = ocmws; a < cells.size(); ++a) {
      if (cells[a].suppressed) continue;
      std::vector<int> row;
      for (size_t m : cells[a].members) {
        if (column[m] >= 0) row.push_back(column[m]);
      }
      if (!row.empty()) rows.push_back(std::move(row));
    }
    const auto known = determined_columns(rows, static_cast<int>(unknown.size()));
    // For every disclosed cell, suppress a partner: the published OCMW cell
    // with the smallest counts sharing a published aggregate with it; else the
    // smallest such aggregate. All at once, then check again.
    // Cells sharing an aggregate with one already handled in this round wait
    // for the next check: the partner chosen may protect them as well.
    bool changed = false;
    std::vector<bool> touched(cells.size(), false);
    for (size_t u = 0; u < unknown.size(); ++u) {
      if (!known[u]) continue;
      const size_t disclosed = unknown[u];
      const auto& ps = cells[disclosed].parents;
      if (std::any_of(ps.begin(), ps.end(), [&](size_t a) { return touched[a]; })) continue;
      std::optional<size_t> best;
      std::optional<size_t> best_aggregate;
      for (size_t a : ps) {
        if (cells[a].suppressed) continue;
        if (!best_aggregate ||
            cells[a].counts.denominator < cells[*best_aggregate].counts.denominator) {
          best_aggregate = a;
        }
        for (size_t m : cells[a].members) {
          if (m == disclosed || cells[m].own || cells[m].suppressed || !cells[m].counts.any()) {
            continue;
          }
          auto rank = [&](size_t i) {
            return std::tuple(cells[i].counts.denominator, cells[i].counts.numerator,
                              cells[i].area.code);
          };
          if (!best || rank(m) < rank(*best)) best = m;
        }
      }
      for (size_t a : ps)
        touched[a] = true;
      if (best) {
        cells[*best].suppressed = true;
        for (size_t a : cells[*best].parents)
          touched[a] = true;
      } else if (best_aggregate) {
        cells[*best_aggregate].suppressed = true;
      } else {
        continue;  // cannot happen: a determined cell lies in a published aggregate
      }
      changed = true;
    }
    if (!changed) return;
  }
}

}  // namespace

std::string_view to_id(Level level) {
  switch (level) {
    case Level::kOcmw:
      return "ocmw";
    case Level::kRegiegebied:
      return "regiegebied";
    case Level::kProvince:
      return "province";
    case Level::kCentrumsteden:
      return "centrumsteden";
    case Level::kFlanders:
      return "flanders";
  }
  return "?";
}

bool determined(const std::vector<std::vector<int>>& rows, int columns, int target) {
  return determined_columns(rows, columns)[static_cast<size_t>(target)];
}

std::vector<PublishedFigure> publish(std::span<const Figure> figures, const geo::Registry& registry,
                                     const PublishOptions& options) {
  std::map<TableKey, std::vector<const Figure*>> tables;
  for (const Figure& f : figures)
    tables[table_key(f)].push_back(&f);

  std::vector<PublishedFigure> out;
  for (const auto& [key, members] : tables) {
    // OCMW cells (one per NIS code; the engine gives one figure per OCMW).
    std::map<int, Counts> per_ocmw;
    for (const Figure* f : members) {
      per_ocmw[f->ocmw.code()].add({f->numerator, f->denominator, f->pending});
    }
    std::vector<Cell> cells;
    std::map<std::pair<Level, std::string>, size_t> aggregate_index;
    std::vector<std::vector<Area>> ocmw_parents;
    for (const auto& [code, counts] : per_ocmw) {
      const Nis nis = Nis::from_int(code).value_or(Nis{});
      const geo::Municipality* m = registry.find(nis);
      Cell c;
      c.area = {Level::kOcmw, nis.to_string(), m != nullptr ? m->name : nis.to_string()};
      c.counts = counts;
      c.own = options.owner && *options.owner == nis;
      cells.push_back(std::move(c));
      ocmw_parents.push_back(parents(m));
    }
    const size_t ocmws = cells.size();
    for (size_t i = 0; i < ocmws; ++i) {
      for (Area& area : ocmw_parents[i]) {
        auto [it, inserted] = aggregate_index.try_emplace({area.level, area.code}, cells.size());
        if (inserted) {
          Cell agg;
          agg.area = std::move(area);
          cells.push_back(std::move(agg));
        }
        Cell& agg = cells[it->second];
        agg.counts.add(cells[i].counts);
        agg.members.push_back(i);
        cells[i].parents.push_back(it->second);
      }
    }
    if (options.k > 1) suppress(cells, ocmws, options.k);

    const Figure& any = *members.front();
    for (const Cell& c : cells) {
      PublishedFigure p;
      p.indicator = any.indicator;
      p.variant = any.variant;
      p.period = any.period;
      p.area = c.area;
      p.suppressed = c.suppressed;
      if (!c.suppressed) {
        p.numerator = c.counts.numerator;
        p.denominator = c.counts.denominator;
        p.pending = c.counts.pending;
      }
      out.push_back(std::move(p));
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

}  // namespace lap::measure
