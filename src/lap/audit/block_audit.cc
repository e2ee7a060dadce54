#include "lap/audit/block_audit.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

namespace lap::audit::detail {
namespace {

// The areas an OCMW is published in, from the reference data.
std::vector<std::pair<Level, std::string>> areas_of(const geo::Municipality* m) {
  std::vector<std::pair<Level, std::string>> out;
  if (m != nullptr) {
    if (!m->regiegebied.empty()) out.emplace_back(Level::kRegiegebied, m->regiegebied);
    out.emplace_back(Level::kProvince, m->province.to_string());
    if (m->centrumstad) out.emplace_back(Level::kCentrumsteden, "centrumsteden");
  }
  out.emplace_back(Level::kFlanders, "flanders");
  return out;
}

int64_t value_of(const Counts& c, Quantity q) {
  return publish::value(c, q);
}

// Coefficients of a quantity of a figure for one unit kind.
double coefficient(const Coefficients& c, Quantity q) {
  switch (q) {
    case Quantity::kNumerator:
      return c.numerator;
    case Quantity::kPending:
      return c.pending;
    case Quantity::kDenominator:
      return c.denominator;
    case Quantity::kRest:
      return c.denominator - c.numerator - c.pending;
  }
  return 0;
}

class UnionFind {
 public:
  explicit UnionFind(int n) : parent_(static_cast<size_t>(n)) {
    std::iota(parent_.begin(), parent_.end(), 0);
  }
  int find(int x) {
    while (parent_[static_cast<size_t>(x)] != x) {
      parent_[static_cast<size_t>(x)] =
          parent_[static_cast<size_t>(parent_[static_cast<size_t>(x)])];
      x = parent_[static_cast<size_t>(x)];
    }
    return x;
  }
  void join(int a, int b) { parent_[static_cast<size_t>(find(a))] = find(b); }

 private:
  std::vector<int> parent_;
};

}  // namespace

std::string_view group_name(Group g) {
  switch (g) {
    case Group::kMonthly:
      return "monthly";
    case Group::kCat05Outflow:
      return "cat05_outflow";
    case Group::kTweExit:
      return "twe_exit";
    case Group::kWijkWerken:
      return "wijk_werken";
    case Group::kSeThroughput:
      return "se_throughput";
    case Group::kLap:
      return "lap_result";
    case Group::kCaseHandovers:
      return "case_handovers";
    case Group::kCaseTransmissions:
      return "case_transmissions";
    case Group::kCaseActions:
      return "case_actions";
    case Group::kHalfYear:
      return "half_year";
  }
  return "?";
}

std::optional<int> BlockAudit::owner() const {
  if (options_.view.kind != publish::View::Kind::kOwner) return std::nullopt;
  auto it = b_.ocmw_index.find(options_.view.owner.code());
  if (it == b_.ocmw_index.end()) return std::nullopt;
  return it->second;
}

Status BlockAudit::build_areas() {
  std::map<std::pair<Level, std::string>, int> index;
  for (size_t x = 0; x < b_.ocmws.size(); ++x) {
    for (auto& key : areas_of(registry_.find(b_.ocmws[x]))) {
      auto [it, inserted] = index.try_emplace(key, static_cast<int>(areas_.size()));
      if (inserted) {
        AreaData a;
        a.level = key.first;
        a.code = key.second;
        a.cells.assign(b_.figures.size(), Cell{});
        areas_.push_back(std::move(a));
      }
      areas_[static_cast<size_t>(it->second)].members.push_back(static_cast<int>(x));
    }
  }
  for (const auto& [key, cells] : b_.area_view) {
    auto it = index.find(key);
    if (it == index.end()) {
      return make_error(ErrorCode::kInvalidArgument,
                        fmt::format("{} {}: an area without OCMWs is published",
                                    publish::to_id(key.first), key.second));
    }
    for (const auto& [f, cell] : cells)
      areas_[static_cast<size_t>(it->second)].cells[static_cast<size_t>(f)] = cell;
  }
  // Children: the areas (or single OCMWs, as -1 - index) that partition an area
  // one level down; an area is implied by its children when all are known.
  for (auto& a : areas_) {
    std::vector<int> parts;
    for (size_t c = 0; c < areas_.size(); ++c) {
      const AreaData& child = areas_[c];
      const bool below = (a.level == Level::kFlanders && child.level == Level::kProvince) ||
                         (a.level == Level::kProvince && child.level == Level::kRegiegebied);
      if (!below) continue;
      if (std::includes(a.members.begin(), a.members.end(), child.members.begin(),
                        child.members.end())) {
        parts.push_back(static_cast<int>(c));
      }
    }
    if (a.level == Level::kFlanders || a.level == Level::kCentrumsteden) {
      if (a.level == Level::kCentrumsteden) parts.clear();
    }
    // OCMWs of the area in no child area are children of their own.
    std::vector<int> covered;
    for (int c : parts)
      covered.insert(covered.end(), areas_[static_cast<size_t>(c)].members.begin(),
                     areas_[static_cast<size_t>(c)].members.end());
    std::sort(covered.begin(), covered.end());
    const bool disjoint = std::adjacent_find(covered.begin(), covered.end()) == covered.end();
    if (!disjoint) continue;  // no partition known: the row stays
    for (int x : a.members)
      if (!std::binary_search(covered.begin(), covered.end(), x)) parts.push_back(-1 - x);
    a.children = std::move(parts);
  }
  return {};
}

void BlockAudit::add_rows_and_objectives() {
  const auto own = owner();
  const int nf = static_cast<int>(b_.figures.size());
  auto cell_at = [&](int x, int f) -> Cell {
    auto it = b_.view.find({x, f});
    return it == b_.view.end() ? Cell{} : it->second;
  };
  auto exact_at = [&](int x, int f) -> Counts {
    auto it = b_.exact.find({x, f});
    return it == b_.exact.end() ? Counts{} : it->second;
  };
  auto key_of = [&](int f, Level level, const std::string& code) {
    const FigureKey& fk = b_.figures[static_cast<size_t>(f)];
    return publish::CellKey{fk.indicator, fk.variant, fk.period, level, code};
  };
  // Primary cells and their sensitive counts.
  // `viewer_part`: what the viewer's own OCMW adds to the cell; a count the
  // viewer's part makes up entirely holds nothing about others to protect.
  auto check = [&](const publish::CellKey& key, const Counts& exact, const Cell& shown, int f,
                   const std::vector<int>& suppressed_members, int64_t constant_num,
                   int64_t constant_pend, int64_t constant_den,
                   const std::optional<Counts>& viewer_part) {
    const uint8_t mask = publish::sensitive(exact, options_.k);
    if (mask == 0) return;
    ++report_.primary_cells;
    for (int q = 0; q < publish::kQuantities; ++q) {
      if ((mask & (1U << q)) == 0) continue;
      const auto quantity = static_cast<Quantity>(q);
      if (viewer_part && value_of(exact, quantity) == value_of(*viewer_part, quantity)) continue;
      ++report_.sensitive_counts;
      const int64_t v = value_of(exact, quantity);
      if (shown.state == State::kShown) {
        report_.findings.push_back({key, quantity, v, v, v, true});
        continue;
      }
      Counts constant{constant_num, constant_pend, constant_den};
      objectives_.push_back(
          {key, quantity, v, f, suppressed_members, value_of(constant, quantity)});
      row_groups_.push_back(suppressed_members);
    }
  };

  for (int f = 0; f < nf; ++f) {
    for (size_t x = 0; x < b_.ocmws.size(); ++x) {
      const int xi = static_cast<int>(x);
      const Cell c = cell_at(xi, f);
      if (c.state == State::kSuppressed) {
        rows_.push_back({f, Quantity::kNumerator, {xi}, 1, true, true});
        row_groups_.push_back({xi});
      }
      if (own && *own == xi) continue;
      check(key_of(f, Level::kOcmw, b_.ocmws[x].to_string()), exact_at(xi, f), c, f, {xi}, 0, 0, 0,
            std::nullopt);
    }
    for (const AreaData& a : areas_) {
      const Cell& c = a.cells[static_cast<size_t>(f)];
      // What the published parts of the area add up to, and which parts are hidden.
      std::vector<int> hidden;
      Counts known;
      Counts exact;
      int64_t known_mass = 0;
      for (int x : a.members) {
        const Cell m = cell_at(x, f);
        exact.add(exact_at(x, f));
        if (m.state == State::kSuppressed) {
          hidden.push_back(x);
        } else if (m.state == State::kShown) {
          known.add(m.counts);
          known_mass += m.counts.numerator + m.counts.pending + m.counts.denominator;
        }
      }
      if (c.state == State::kShown && !hidden.empty()) {
        bool implied = !a.children.empty();
        for (int child : a.children) {
          const State s =
              child >= 0 ? areas_[static_cast<size_t>(child)].cells[static_cast<size_t>(f)].state
                         : cell_at(-1 - child, f).state;
          if (s == State::kSuppressed) implied = false;
        }
        if (!implied) {
          for (Quantity q : {Quantity::kNumerator, Quantity::kPending, Quantity::kDenominator}) {
            rows_.push_back(
                {f, q, hidden, value_of(c.counts, q) - value_of(known, q), false, false});
            row_groups_.push_back(hidden);
          }
        }
      }
      if (c.state == State::kSuppressed && known_mass < 1 && !hidden.empty()) {
        rows_.push_back({f, Quantity::kNumerator, hidden, 1 - known_mass, true, true});
        row_groups_.push_back(hidden);
      }
      std::optional<Counts> viewer_part;
      if (own && std::binary_search(a.members.begin(), a.members.end(), *own)) {
        viewer_part = exact_at(*own, f);
      }
      if (c.state != State::kAbsent) {
        check(key_of(f, a.level, a.code), exact, c, f, hidden, known.numerator, known.pending,
              known.denominator, viewer_part);
      }
    }
  }
}

Status BlockAudit::solve() {
  const int n = static_cast<int>(b_.ocmws.size());
  UnionFind uf(n);
  for (const auto& g : row_groups_)
    for (size_t i = 1; i < g.size(); ++i)
      uf.join(g[0], g[i]);
  // Components that hold an objective.
  std::map<int, std::vector<size_t>> by_component;
  for (size_t i = 0; i < objectives_.size(); ++i) {
    if (objectives_[i].ocmws.empty()) {
      // Every part of the cell is published: the count is determined.
      const Objective& o = objectives_[i];
      report_.findings.push_back({o.cell, o.quantity, o.value, o.constant, o.constant, false});
      continue;
    }
    by_component[uf.find(objectives_[i].ocmws.front())].push_back(i);
  }
  const int kinds = model_->kinds();
  for (const auto& [root, objective_ids] : by_component) {
    // The component's OCMWs and their local variables.
    std::vector<int> members;
    for (int x = 0; x < n; ++x)
      if (uf.find(x) == root) members.push_back(x);
    std::map<int, int> first_var;
    LinearProgram lp;
    for (int x : members) {
      first_var[x] = lp.variables();
      for (int u = 0; u < kinds; ++u)
        lp.add_variable();
    }
    auto terms = [&](int f, Quantity q, const std::vector<int>& xs, bool mass) {
      Terms t;
      const auto& coef = coef_[static_cast<size_t>(f)];
      for (int x : xs) {
        for (int u = 0; u < kinds; ++u) {
          const Coefficients& c = coef[static_cast<size_t>(u)];
          const double v = mass ? (c.numerator != 0 || c.pending != 0 || c.denominator != 0 ? 1 : 0)
                                : coefficient(c, q);
          if (v != 0) t.emplace_back(first_var[x] + u, v);
        }
      }
      return t;
    };
    // The OCMWs' own cells: shown numbers, absent cells (zero), listed hidden cells.
    for (int x : members) {
      for (int f = 0; f < static_cast<int>(b_.figures.size()); ++f) {
        auto it = b_.view.find({x, f});
        const Cell c = it == b_.view.end() ? Cell{} : it->second;
        if (c.state == State::kSuppressed) continue;  // its mass row is below
        for (Quantity q : {Quantity::kNumerator, Quantity::kPending, Quantity::kDenominator}) {
          const Terms t = terms(f, q, {x}, false);
          const int64_t v = c.state == State::kShown ? value_of(c.counts, q) : 0;
          if (t.empty()) {
            if (v != 0)
              return make_error(ErrorCode::kInvalidArgument, "a figure the model cannot count");
            continue;
          }
          lp.add_equal(t, static_cast<double>(v));
        }
      }
    }
    for (const Row& r : rows_) {
      if (r.ocmws.empty() || uf.find(r.ocmws.front()) != root) continue;
      const Terms t = terms(r.figure, r.quantity, r.ocmws, r.mass);
      if (t.empty()) {
        if (r.value != 0 && !r.at_least) {
          return make_error(ErrorCode::kInvalidArgument, "an area the model cannot count");
        }
        continue;
      }
      if (r.at_least) {
        lp.add_at_least(t, static_cast<double>(r.value));
      } else {
        lp.add_equal(t, static_cast<double>(r.value));
      }
    }
    ++report_.components;
    report_.largest_component = std::max<int64_t>(report_.largest_component, lp.variables());
    if (auto s = optimise(lp, objective_ids, terms); !s) return s;
  }
  return {};
}

// Every objective's interval in one component. Each optimum found is a point
// the attacker cannot rule out; it widens the interval seen so far of every
// objective. First a few probes (the sum of the open objectives, with random
// weights, maximised and minimised), then an exact maximum and minimum of each
// objective still narrower than k values. Only an objective whose exact
// interval is narrower than k values is a finding.
Status BlockAudit::optimise(LinearProgram& lp, const std::vector<size_t>& ids,
                            const TermsFn& terms) {
  struct Open {
    size_t id;
    Terms t;
    double lo;  // the objective's extremes seen so far (without the constant)
    double hi;
    bool unbounded = false;
  };
  std::vector<Open> open;
  for (size_t id : ids) {
    const Objective& o = objectives_[id];
    const double v = static_cast<double>(o.value - o.constant);
    open.push_back({id, terms(o.figure, o.quantity, o.ocmws, false), v, v});
  }
  auto values = [&](const Open& x) {
    if (x.unbounded) return INT64_MAX;
    return static_cast<int64_t>(std::floor(x.hi + 1e-6)) -
           static_cast<int64_t>(std::ceil(x.lo - 1e-6)) + 1;
  };
  auto wide = [&](const Open& x) { return values(x) >= options_.k; };
  auto observe = [&](const std::vector<double>& point) {
    for (Open& x : open) {
      double v = 0;
      for (const auto& [j, c] : x.t)
        v += c * point[static_cast<size_t>(j)];
      x.lo = std::min(x.lo, v);
      x.hi = std::max(x.hi, v);
    }
  };
  auto error = [&](const Open& x, const Error& e) {
    const Objective& o = objectives_[x.id];
    report_.errors.push_back(fmt::format("{} {} {} {}: {}", measure::to_id(o.cell.indicator),
                                         o.cell.variant, o.cell.period.to_string(), o.cell.code,
                                         e.message));
  };
  uint64_t seed = 0x9E3779B97F4A7C15ULL;
  for (int round = 0; round < 8; ++round) {
    std::erase_if(open, wide);
    if (open.empty()) return {};
    const size_t before = open.size();
    for (bool maximize : {true, false}) {
      std::map<int, double> sum;
      for (const Open& x : open) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        const double w = 1.0 + static_cast<double>(seed >> 40) / static_cast<double>(1U << 24);
        for (const auto& [j, c] : x.t)
          sum[j] += w * c;
      }
      auto r = lp.optimize(Terms(sum.begin(), sum.end()), maximize);
      ++report_.solves;
      if (!r) {
        error(open.front(), r.error());
        return {};
      }
      if (*r) observe(lp.solution());
    }
    std::erase_if(open, wide);
    if (open.size() * 10 > before * 9) break;  // the probes no longer help
  }
  for (Open& x : open) {
    if (wide(x)) continue;
    auto high = lp.optimize(x.t, true);
    ++report_.solves;
    if (!high) {
      error(x, high.error());
      continue;
    }
    if (*high) {
      observe(lp.solution());
      x.hi = std::max(x.hi, **high);
    } else {
      x.unbounded = true;
    }
    if (wide(x)) continue;
    auto low = lp.optimize(x.t, false);
    ++report_.solves;
    if (!low) {
      error(x, low.error());
      continue;
    }
    if (*low) {
      observe(lp.solution());
      x.lo = std::min(x.lo, **low);
    }
    // Both extremes are exact now.
    ++report_.exact_intervals;
    const int64_t n = values(x);
    if (report_.narrowest == 0 || n < report_.narrowest) report_.narrowest = n;
    if (n < options_.k) {
      const Objective& o = objectives_[x.id];
      const int64_t lo = o.constant + static_cast<int64_t>(std::ceil(x.lo - 1e-6));
      const int64_t hi = o.constant + static_cast<int64_t>(std::floor(x.hi + 1e-6));
      report_.findings.push_back({o.cell, o.quantity, o.value, lo, hi, false});
    }
  }
  return {};
}

Status BlockAudit::run() {
  model_.emplace(b_.key, b_.last, options_.data_end);
  for (const FigureKey& f : b_.figures) {
    auto c = model_->figure(f.indicator, f.variant, f.period);
    if (!c) {
      return make_error(ErrorCode::kInvalidArgument,
                        fmt::format("{} {} {}: a figure the audit has no model of",
                                    measure::to_id(f.indicator), f.variant, f.period.to_string()));
    }
    coef_.push_back(std::move(*c));
  }
  if (auto s = build_areas(); !s) return s;
  add_rows_and_objectives();
  return solve();
}

}  // namespace lap::audit::detail
