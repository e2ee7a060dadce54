#include "lap/publish/block_protector.h"

#include <algorithm>
#include <bit>
#include <limits>
#include <set>
#include <tuple>

namespace lap::publish::detail {
namespace {

using measure::kRoleDenominator;
using measure::kRoleNumerator;
using measure::kRolePending;

constexpr int64_t kOcmwWeight = 1000;
constexpr int64_t kHeadlineWeight = 3;
// An area's cell costs as much as this many OCMW cells.
constexpr int64_t kRegiegebiedWeight = 50 * kOcmwWeight;
constexpr int64_t kProvinceWeight = 300 * kOcmwWeight;
constexpr int64_t kFlandersWeight = 100000 * kOcmwWeight;
constexpr int64_t kUnlimited = std::numeric_limits<int64_t>::max() / 4;

int64_t area_weight(Level level) {
  switch (level) {
    case Level::kRegiegebied:
      return kRegiegebiedWeight;
    case Level::kProvince:
    case Level::kCentrumsteden:
      return kProvinceWeight;
    case Level::kFlanders:
    case Level::kOcmw:
      break;
  }
  return kFlandersWeight;
}

template <typename F>
void for_bits(FigureMask m, F&& f) {
  while (m != 0) {
    f(std::countr_zero(m));
    m &= m - 1;
  }
}

}  // namespace

int64_t BlockProtector::Consumption::get(int kind, int entity, int item) const {
  for (const Entry& e : entries)
    if (e.kind == kind && e.entity == entity && e.item == item) return e.units;
  return 0;
}

void BlockProtector::Consumption::add(int kind, int entity, int item, int64_t units) {
  for (Entry& e : entries) {
    if (e.kind == kind && e.entity == entity && e.item == item) {
      e.units += units;
      return;
    }
  }
  entries.push_back({kind, entity, item, units});
}

BlockProtector::BlockProtector(const measure::InnerBlock& b, const geo::Registry& registry,
                               const ProtectOptions& options)
    : block_(b),
      options_(options),
      n_(static_cast<int>(b.ocmws.size())),
      ns_(b.signatures()),
      nf_(b.figures()),
      width_(std::max(options.k - 1, 0)) {
  const auto nsu = static_cast<size_t>(ns_);
  const auto nfu = static_cast<size_t>(nf_);
  roles_.resize(nsu * nfu);
  // The headline figures (variant `all`) are dearer to hide than their parts.
  figure_weight_.resize(nfu);
  for (int f = 0; f < nf_; ++f)
    figure_weight_[static_cast<size_t>(f)] = b.variant(f) == "all" ? kHeadlineWeight : 1;
  for (int s = 0; s < ns_; ++s)
    for (int f = 0; f < nf_; ++f)
      roles_[static_cast<size_t>(s) * nfu + static_cast<size_t>(f)] = b.role(s, f);

  counts_.assign(static_cast<size_t>(n_) * nfu, Counts{});
  mass_.assign(static_cast<size_t>(n_) * nfu, 0);
  listed_.assign(static_cast<size_t>(n_), 0);
  std::vector<int64_t> total(nsu, 0);
  for (int x = 0; x < n_; ++x) {
    const auto row = b.row(static_cast<size_t>(x));
    for (int s = 0; s < ns_; ++s) {
      const int64_t c = row[static_cast<size_t>(s)];
      if (c == 0) continue;
      total[static_cast<size_t>(s)] += c;
      for (int f = 0; f < nf_; ++f) {
        const uint8_t r = roles_[static_cast<size_t>(s) * nfu + static_cast<size_t>(f)];
        if (r == 0) continue;
        const size_t i = static_cast<size_t>(x) * nfu + static_cast<size_t>(f);
        if ((r & kRoleNumerator) != 0) counts_[i].numerator += c;
        if ((r & kRolePending) != 0) counts_[i].pending += c;
        if ((r & kRoleDenominator) != 0) counts_[i].denominator += c;
        mass_[i] += c;
      }
    }
    for (int f = 0; f < nf_; ++f) {
      if (mass_[static_cast<size_t>(x) * nfu + static_cast<size_t>(f)] > 0) {
        listed_[static_cast<size_t>(x)] |= FigureMask{1} << f;
      }
    }
  }
  for (int s = 0; s < ns_; ++s)
    if (total[static_cast<size_t>(s)] > 0) present_.push_back(s);

  // The areas of the block's OCMWs.
  std::map<std::pair<Level, std::string>, int> index;
  parents_.resize(static_cast<size_t>(n_));
  province_.assign(static_cast<size_t>(n_), -1);
  for (int x = 0; x < n_; ++x) {
    for (Area& area : parents(registry.find(b.ocmws[static_cast<size_t>(x)]))) {
      const Level level = area.level;
      auto [it, inserted] =
          index.try_emplace({level, area.code}, static_cast<int>(aggregates_.size()));
      if (inserted) aggregates_.push_back({std::move(area), {}, area_weight(level)});
      aggregates_[static_cast<size_t>(it->second)].members.push_back(x);
      parents_[static_cast<size_t>(x)].push_back(it->second);
      if (level == Level::kProvince) province_[static_cast<size_t>(x)] = it->second;
    }
    std::sort(parents_[static_cast<size_t>(x)].begin(), parents_[static_cast<size_t>(x)].end());
  }
  const size_t na = aggregates_.size();
  aggregate_counts_.assign(na * nfu, Counts{});
  aggregate_mass_.assign(na * nfu, 0);
  aggregate_listed_.assign(na, 0);
  for (size_t a = 0; a < na; ++a) {
    for (int x : aggregates_[a].members) {
      for (int f = 0; f < nf_; ++f) {
        const size_t i = static_cast<size_t>(x) * nfu + static_cast<size_t>(f);
        aggregate_counts_[a * nfu + static_cast<size_t>(f)].add(counts_[i]);
        aggregate_mass_[a * nfu + static_cast<size_t>(f)] += mass_[i];
      }
      aggregate_listed_[a] |= listed_[static_cast<size_t>(x)];
    }
  }
  primary_.assign(static_cast<size_t>(n_), 0);
  suppressed_.assign(static_cast<size_t>(n_), 0);
  aggregate_primary_.assign(na, 0);
  aggregate_suppressed_.assign(na, 0);
}

void BlockProtector::add_move(const std::vector<std::pair<int, int>>& terms) {
  Move m;
  for (const auto& [s, c] : terms) {
    if (c == 0) continue;
    if (m.terms == 4) return;
    m.sig[static_cast<size_t>(m.terms)] = static_cast<int16_t>(s);
    m.coef[static_cast<size_t>(m.terms)] = static_cast<int8_t>(c);
    ++m.terms;
  }
  if (m.terms == 0) return;
  const auto nfu = static_cast<size_t>(nf_);
  for (int f = 0; f < nf_; ++f) {
    int num = 0;
    int pend = 0;
    int den = 0;
    int any = 0;
    for (int t = 0; t < m.terms; ++t) {
      const uint8_t r =
          roles_[static_cast<size_t>(m.sig[static_cast<size_t>(t)]) * nfu + static_cast<size_t>(f)];
      const int c = m.coef[static_cast<size_t>(t)];
      num += (r & kRoleNumerator) != 0 ? c : 0;
      pend += (r & kRolePending) != 0 ? c : 0;
      den += (r & kRoleDenominator) != 0 ? c : 0;
      any += r != 0 ? c : 0;
    }
    if (num != 0 || pend != 0 || den != 0) m.footprint |= FigureMask{1} << f;
    m.mass[static_cast<size_t>(f)] = static_cast<int8_t>(any);
  }
  if (m.footprint != 0) moves_.push_back(m);
}

// The moves: one unit from one signature to another (or in or out), and pairs
// of such swaps whose changes cancel in some figure (for instance a registered
// leefloner confirmed and an unregistered one unconfirmed: outflow_rate all
// stays, its vdab variant moves).
void BlockProtector::build_moves() {
  std::vector<int> ends = present_;
  ends.push_back(-1);
  for (int a : ends) {
    for (int b : ends) {
      if (a == b) continue;
      std::vector<std::pair<int, int>> terms;
      if (b >= 0) terms.emplace_back(b, 1);
      if (a >= 0) terms.emplace_back(a, -1);
      add_move(terms);
    }
  }
  // Pairs of swaps (no unit in or out).
  singles_ = moves_.size();
  const size_t singles = singles_;
  std::set<std::vector<std::pair<int, int>>> seen;
  for (size_t i = 0; i < singles; ++i) {
    if (moves_[i].terms != 2) continue;
    for (size_t j = i + 1; j < singles; ++j) {
      if (moves_[j].terms != 2) continue;
      std::map<int, int> sum;
      for (const Move* m : {&moves_[i], &moves_[j]}) {
        for (int t = 0; t < m->terms; ++t)
          sum[m->sig[static_cast<size_t>(t)]] += m->coef[static_cast<size_t>(t)];
      }
      std::vector<std::pair<int, int>> terms;
      for (const auto& [s, c] : sum)
        if (c != 0) terms.emplace_back(s, c);
      if (terms.empty() || terms.size() > 4) continue;
      // Only pairs whose changes cancel in some figure.
      const size_t before = moves_.size();
      if (!seen.insert(terms).second) continue;
      add_move(terms);
      if (moves_.size() == before) continue;
      const FigureMask fp = moves_.back().footprint;
      const FigureMask fi = moves_[i].footprint;
      const FigureMask fj = moves_[j].footprint;
      const FigureMask both = fi | fj;
      if (!((fp & both) == fp && fp != both && fp != fi && fp != fj)) moves_.pop_back();
    }
  }
}

int BlockProtector::coefficient(int signature, int figure, Quantity q) const {
  const uint8_t r = roles_[static_cast<size_t>(signature) * static_cast<size_t>(nf_) +
                           static_cast<size_t>(figure)];
  const int num = (r & kRoleNumerator) != 0 ? 1 : 0;
  const int pend = (r & kRolePending) != 0 ? 1 : 0;
  const int den = (r & kRoleDenominator) != 0 ? 1 : 0;
  switch (q) {
    case Quantity::kNumerator:
      return num;
    case Quantity::kPending:
      return pend;
    case Quantity::kDenominator:
      return den;
    case Quantity::kRest:
      return den - num - pend;
  }
  return 0;
}

// The moves that change a count of `figure`: every single move, and the pairs
// of swaps whose footprint no other move undercuts.
const std::vector<std::pair<int, int>>& BlockProtector::moves_for(int figure, Quantity q) {
  auto [it, inserted] = moves_by_form_.try_emplace({figure, static_cast<int>(q)});
  if (!inserted) return it->second;
  std::vector<std::pair<int, int>> all;
  std::vector<FigureMask> footprints;
  for (size_t i = 0; i < moves_.size(); ++i) {
    const Move& m = moves_[i];
    int delta = 0;
    for (int t = 0; t < m.terms; ++t) {
      delta +=
          m.coef[static_cast<size_t>(t)] * coefficient(m.sig[static_cast<size_t>(t)], figure, q);
    }
    if (delta == 0) continue;
    all.emplace_back(static_cast<int>(i), delta);
    footprints.push_back(m.footprint);
  }
  std::sort(footprints.begin(), footprints.end());
  footprints.erase(std::unique(footprints.begin(), footprints.end()), footprints.end());
  for (const auto& [mi, delta] : all) {
    const Move& m = moves_[static_cast<size_t>(mi)];
    const bool pair = static_cast<size_t>(mi) >= singles_;
    const bool undercut = std::any_of(footprints.begin(), footprints.end(), [&](FigureMask f) {
      return (f & m.footprint) == f && f != m.footprint;
    });
    if (!pair || !undercut) it->second.emplace_back(mi, delta);
  }
  return it->second;
}

void BlockProtector::collect_forms(std::vector<Form>& forms) {
  const auto nfu = static_cast<size_t>(nf_);
  auto add = [&](bool aggregate, int index, FigureMask listed, const Counts* counts,
                 FigureMask& primary) {
    for_bits(listed, [&](int f) {
      const uint8_t mask = sensitive(counts[f], options_.k);
      if (mask == 0) return;
      primary |= FigureMask{1} << f;
      for (int q = 0; q < kQuantities; ++q) {
        if ((mask & (1U << q)) != 0) {
          forms.push_back({aggregate, index, f, static_cast<Quantity>(q)});
        }
      }
    });
  };
  for (int x = 0; x < n_; ++x) {
    add(false, x, listed_[static_cast<size_t>(x)], &counts_[static_cast<size_t>(x) * nfu],
        primary_[static_cast<size_t>(x)]);
  }
  for (size_t a = 0; a < aggregates_.size(); ++a) {
    add(true, static_cast<int>(a), aggregate_listed_[a], &aggregate_counts_[a * nfu],
        aggregate_primary_[a]);
  }
}

void BlockProtector::run() {
  if (options_.k <= 1) return;
  std::vector<Form> forms;
  collect_forms(forms);
  suppressed_ = primary_;
  aggregate_suppressed_ = aggregate_primary_;
  sensitive_ = static_cast<int64_t>(forms.size());
  if (forms.empty()) return;
  build_moves();
  for (const Form& form : forms)
    protect(form);
}

BlockProtector::Areas BlockProtector::areas_between(int y, int z) const {
  Areas out;
  const auto& py = parents_[static_cast<size_t>(y)];
  static const std::vector<int> kNone;
  const auto& pz = z >= 0 ? parents_[static_cast<size_t>(z)] : kNone;
  auto add = [&](int a, bool with_y) {
    if (with_y) out.with_y |= static_cast<uint8_t>(1U << out.size);
    out.index[out.size++] = static_cast<int16_t>(a);
  };
  for (int a : py)
    if (std::find(pz.begin(), pz.end(), a) == pz.end()) add(a, true);
  for (int a : pz)
    if (std::find(py.begin(), py.end(), a) == py.end()) add(a, false);
  return out;
}

int64_t BlockProtector::cost(FigureMask figures, int y, int z, const Areas& areas) const {
  const auto nfu = static_cast<size_t>(nf_);
  int64_t c = 0;
  auto ocmw = [&](int x) {
    for_bits(figures & ~suppressed_[static_cast<size_t>(x)], [&](int f) {
      c += kOcmwWeight * figure_weight_[static_cast<size_t>(f)] +
           std::min<int64_t>(mass_[static_cast<size_t>(x) * nfu + static_cast<size_t>(f)], 999);
    });
  };
  ocmw(y);
  if (z >= 0) ocmw(z);
  for (int i = 0; i < areas.size; ++i) {
    const auto au = static_cast<size_t>(areas.index[static_cast<size_t>(i)]);
    c += std::popcount(figures & ~aggregate_suppressed_[au]) * aggregates_[au].weight;
  }
  return c;
}

void BlockProtector::commit(FigureMask figures, int y, int z, Undo& u) {
  u.ocmws.emplace_back(y, suppressed_[static_cast<size_t>(y)]);
  suppressed_[static_cast<size_t>(y)] |= figures;
  if (z >= 0) {
    u.ocmws.emplace_back(z, suppressed_[static_cast<size_t>(z)]);
    suppressed_[static_cast<size_t>(z)] |= figures;
  }
  const Areas areas = areas_between(y, z);
  for (int i = 0; i < areas.size; ++i) {
    const int a = areas.index[static_cast<size_t>(i)];
    u.aggregates.emplace_back(a, aggregate_suppressed_[static_cast<size_t>(a)]);
    aggregate_suppressed_[static_cast<size_t>(a)] |= figures;
  }
}

void BlockProtector::undo(const Undo& u) {
  for (auto it = u.ocmws.rbegin(); it != u.ocmws.rend(); ++it)
    suppressed_[static_cast<size_t>(it->first)] = it->second;
  for (auto it = u.aggregates.rbegin(); it != u.aggregates.rend(); ++it)
    aggregate_suppressed_[static_cast<size_t>(it->first)] = it->second;
}

void BlockProtector::candidates(const Form& form, int tiers, std::vector<Candidate>& out) {
  out.clear();
  const auto& moves = moves_for(form.figure, form.quantity);
  std::vector<int> ys;
  const std::vector<int>* members = nullptr;
  if (form.aggregate) {
    members = &aggregates_[static_cast<size_t>(form.index)].members;
    for (int x : *members)
      if ((listed_[static_cast<size_t>(x)] >> form.figure & 1U) != 0) ys.push_back(x);
  } else {
    ys.push_back(form.index);
  }
  std::vector<int> partners;
  for (int y : ys) {
    const auto& py = parents_[static_cast<size_t>(y)];
    const int province = province_[static_cast<size_t>(y)];
    partners.clear();
    for (int z = 0; z < n_; ++z) {
      if (z == y) continue;
      if (members != nullptr && std::binary_search(members->begin(), members->end(), z)) continue;
      const int tier = parents_[static_cast<size_t>(z)] == py                           ? 1
                       : province >= 0 && province_[static_cast<size_t>(z)] == province ? 2
                                                                                        : 3;
      if (tier <= tiers) partners.push_back(z);
    }
    const auto row_y = block_.row(static_cast<size_t>(y));
    const FigureMask listed_y = listed_[static_cast<size_t>(y)];
    for (const auto& [mi, delta] : moves) {
      const Move& m = moves_[static_cast<size_t>(mi)];
      if ((m.footprint & ~listed_y) != 0) continue;
      bool ok = true;
      for (int t = 0; t < m.terms && ok; ++t) {
        const int c = m.coef[static_cast<size_t>(t)];
        if (c < 0 && row_y[static_cast<size_t>(m.sig[static_cast<size_t>(t)])] < -c) ok = false;
      }
      if (!ok) continue;
      const int direction = delta > 0 ? 1 : -1;
      const int step = delta > 0 ? delta : -delta;
      out.push_back({mi, y, -1, direction, step, areas_between(y, -1)});
      for (int z : partners) {
        if ((m.footprint & ~listed_[static_cast<size_t>(z)]) != 0) continue;
        const auto row_z = block_.row(static_cast<size_t>(z));
        bool zok = true;
        for (int t = 0; t < m.terms && zok; ++t) {
          const int c = m.coef[static_cast<size_t>(t)];
          if (c > 0 && row_z[static_cast<size_t>(m.sig[static_cast<size_t>(t)])] < c) zok = false;
        }
        if (zok) out.push_back({mi, y, z, direction, step, areas_between(y, z)});
      }
    }
  }
}

// The steps the candidate can still take after what `used` consumed: inner
// cells stay non-negative, listed cells keep a unit.
int64_t BlockProtector::available(const Candidate& c, const Consumption& used) const {
  const Move& m = moves_[static_cast<size_t>(c.move)];
  const auto nfu = static_cast<size_t>(nf_);
  int64_t steps = kUnlimited;
  const auto row_y = block_.row(static_cast<size_t>(c.y));
  for (int t = 0; t < m.terms; ++t) {
    const int s = m.sig[static_cast<size_t>(t)];
    const int coef = m.coef[static_cast<size_t>(t)];
    if (coef < 0) {
      steps = std::min(steps, (row_y[static_cast<size_t>(s)] - used.get(0, c.y, s)) / -coef);
    } else if (c.z >= 0) {
      const int64_t have = block_.row(static_cast<size_t>(c.z))[static_cast<size_t>(s)];
      steps = std::min(steps, (have - used.get(0, c.z, s)) / coef);
    }
  }
  for_bits(m.footprint, [&](int f) {
    const int d = m.mass[static_cast<size_t>(f)];
    if (d < 0) {
      const int64_t room =
          mass_[static_cast<size_t>(c.y) * nfu + static_cast<size_t>(f)] - 1 - used.get(1, c.y, f);
      steps = std::min(steps, room / -d);
    } else if (d > 0 && c.z >= 0) {
      const int64_t room =
          mass_[static_cast<size_t>(c.z) * nfu + static_cast<size_t>(f)] - 1 - used.get(1, c.z, f);
      steps = std::min(steps, room / d);
    }
    for (int i = 0; i < c.areas.size; ++i) {
      const int a = c.areas.index[static_cast<size_t>(i)];
      const int da = (c.areas.with_y >> i & 1U) != 0 ? d : -d;
      if (da >= 0) continue;
      const int64_t room = aggregate_mass_[static_cast<size_t>(a) * nfu + static_cast<size_t>(f)] -
                           1 - used.get(2, a, f);
      steps = std::min(steps, room / -da);
    }
  });
  return std::max<int64_t>(steps, 0);
}

void BlockProtector::consume(const Candidate& c, int64_t steps, Consumption& used) const {
  const Move& m = moves_[static_cast<size_t>(c.move)];
  for (int t = 0; t < m.terms; ++t) {
    const int s = m.sig[static_cast<size_t>(t)];
    const int coef = m.coef[static_cast<size_t>(t)];
    if (coef < 0) {
      used.add(0, c.y, s, steps * -coef);
    } else if (c.z >= 0) {
      used.add(0, c.z, s, steps * coef);
    }
  }
  for_bits(m.footprint, [&](int f) {
    const int d = m.mass[static_cast<size_t>(f)];
    if (d < 0) used.add(1, c.y, f, steps * -d);
    if (d > 0 && c.z >= 0) used.add(1, c.z, f, steps * d);
    for (int i = 0; i < c.areas.size; ++i) {
      const int da = (c.areas.with_y >> i & 1U) != 0 ? d : -d;
      if (da < 0) used.add(2, c.areas.index[static_cast<size_t>(i)], f, steps * -da);
    }
  });
}

std::optional<int64_t> BlockProtector::select(const Form& form, int tiers, Undo& u) {
  // Who already knows the count: the OCMW itself, or an area's only contributor.
  // Who already knows the count: the OCMW itself, or the one member of an
  // area whose part is the whole count (the other members add nothing to it).
  int knower = -1;
  if (!form.aggregate) {
    knower = form.index;
  } else {
    const auto& members = aggregates_[static_cast<size_t>(form.index)].members;
    const int64_t whole =
        value(aggregate_counts_[static_cast<size_t>(form.index) * static_cast<size_t>(nf_) +
                                static_cast<size_t>(form.figure)],
              form.quantity);
    for (int x : members) {
      const int64_t own = value(counts_[static_cast<size_t>(x) * static_cast<size_t>(nf_) +
                                        static_cast<size_t>(form.figure)],
                                form.quantity);
      if (own == whole) knower = x;
    }
  }
  std::vector<Candidate> cands;
  candidates(form, tiers, cands);

  // The movement proven so far, up and down, in total and through each OCMW
  // that a witness touches besides the knower (a partner, or an area's member).
  struct Through {
    int x = -1;
    int64_t up = 0;
    int64_t down = 0;
  };
  int64_t up = 0;
  int64_t down = 0;
  std::vector<Through> through;
  // The OCMWs a candidate touches that an insider could be.
  auto insiders = [&](const Candidate& c) {
    std::array<int, 2> out = {-1, -1};
    if (c.z >= 0 && c.z != knower) out[0] = c.z;
    if (form.aggregate && c.y != knower) out[1] = c.y;
    return out;
  };
  // Progress: the width an attacker cannot rule out from the published cells
  // alone, plus the width left in the worst case — without the witnesses
  // through any one OCMW, which knows its own cells. Done at twice the width.
  // `extra` is a witness being considered: the OCMWs it touches and its movement.
  auto progress = [&](int64_t u_total, int64_t d_total, std::array<int, 2> extra, int64_t extra_up,
                      int64_t extra_down) {
    const int64_t outside = std::min(u_total, width_) + std::min(d_total, width_);
    int64_t worst = outside;
    if (options_.insiders) {
      auto without = [&](int x) {
        int64_t tu = 0;
        int64_t td = 0;
        for (const Through& t : through) {
          if (t.x == x) {
            tu += t.up;
            td += t.down;
          }
        }
        if (x == extra[0] || x == extra[1]) {
          tu += extra_up;
          td += extra_down;
        }
        return std::min(u_total - tu, width_) + std::min(d_total - td, width_);
      };
      for (const Through& t : through)
        worst = std::min(worst, without(t.x));
      for (int x : extra)
        if (x >= 0) worst = std::min(worst, without(x));
    }
    return std::min(outside, width_) + std::min(worst, width_);
  };
  Consumption used_up;
  Consumption used_down;
  int64_t total_cost = 0;
  for (;;) {
    const int64_t now = progress(up, down, {-1, -1}, 0, 0);
    if (now >= 2 * width_) break;
    int best = -1;
    int64_t best_cost = 0;
    int64_t best_gain = 0;
    int64_t best_steps = 0;
    const int64_t most = 2 * width_ - now;  // the most any candidate can gain
    for (size_t i = 0; i < cands.size(); ++i) {
      const Candidate& c = cands[i];
      const int64_t k_cost = cost(moves_[static_cast<size_t>(c.move)].footprint, c.y, c.z, c.areas);
      // Cannot beat the best even with the largest gain: skip the rest of the work.
      if (best >= 0 && k_cost * best_gain > best_cost * most) continue;
      const Consumption& used = c.direction > 0 ? used_up : used_down;
      const int64_t steps = std::min(available(c, used), (width_ + c.step - 1) / c.step);
      if (steps <= 0) continue;
      const int64_t moved = std::min(steps * c.step, width_);
      const int64_t eu = c.direction > 0 ? moved : 0;
      const int64_t ed = c.direction > 0 ? 0 : moved;
      const int64_t after = progress(up + eu, down + ed, insiders(c), eu, ed);
      const int64_t gain = after - now;
      if (gain <= 0) continue;
      // Cheapest per unit of width gained; ties: the larger gain.
      if (best < 0 || k_cost * best_gain < best_cost * gain ||
          (k_cost * best_gain == best_cost * gain && gain > best_gain)) {
        best = static_cast<int>(i);
        best_cost = k_cost;
        best_gain = gain;
        best_steps = steps;
        if (best_cost == 0 && best_gain == most) break;  // free and complete
      }
    }
    if (best < 0) return std::nullopt;
    const Candidate& c = cands[static_cast<size_t>(best)];
    commit(moves_[static_cast<size_t>(c.move)].footprint, c.y, c.z, u);
    consume(c, best_steps, c.direction > 0 ? used_up : used_down);
    const int64_t moved = std::min(best_steps * c.step, width_);
    (c.direction > 0 ? up : down) += moved;
    for (int x : insiders(c)) {
      if (x >= 0) through.push_back({x, c.direction > 0 ? moved : 0, c.direction > 0 ? 0 : moved});
    }
    total_cost += best_cost;
    ++witnesses_;
  }
  return total_cost;
}

void BlockProtector::protect(const Form& form) {
  // Near partners first (same regiegebied), then the province, then all of
  // Flanders: a farther partner costs an area's cells, so it is tried only
  // when the nearer ones cannot protect the count, or only at that price.
  std::optional<int64_t> best;
  int best_tiers = 0;
  for (int tiers = 1; tiers <= 3; ++tiers) {
    Undo u;
    const auto found = select(form, tiers, u);
    if (found && *found < kRegiegebiedWeight && (!best || *found <= *best)) return;
    undo(u);
    if (found && (!best || *found < *best)) {
      best = found;
      best_tiers = tiers;
    }
  }
  if (!best) {
    ++unprotected_;
    return;
  }
  Undo kept;
  select(form, best_tiers, kept);
}

void BlockProtector::emit(std::vector<SuppressedCell>& out, std::vector<Loss>& loss) const {
  for (int f = 0; f < nf_; ++f) {
    const FigureMask bit = FigureMask{1} << f;
    const measure::Indicator indicator = block_.indicator(f);
    const std::string_view variant = block_.variant(f);
    auto it = std::find_if(loss.begin(), loss.end(), [&](const Loss& l) {
      return l.indicator == indicator && l.variant == variant;
    });
    if (it == loss.end()) {
      loss.push_back({indicator, std::string(variant), 0, 0, 0, 0, 0, 0});
      it = std::prev(loss.end());
    }
    auto cell = [&](Level level, const std::string& code, bool primary) {
      out.push_back({{indicator, std::string(variant), block_.period(f), level, code},
                     primary ? Suppression::kPrimary : Suppression::kSecondary});
    };
    for (int x = 0; x < n_; ++x) {
      const auto xu = static_cast<size_t>(x);
      if ((listed_[xu] & bit) == 0) continue;
      ++it->ocmw_cells;
      const bool primary = (primary_[xu] & bit) != 0;
      if (primary) ++it->ocmw_primary;
      if ((suppressed_[xu] & bit) == 0) continue;
      if (!primary) ++it->ocmw_secondary;
      cell(Level::kOcmw, block_.ocmws[xu].to_string(), primary);
    }
    for (size_t a = 0; a < aggregates_.size(); ++a) {
      if ((aggregate_listed_[a] & bit) == 0) continue;
      ++it->area_cells;
      const bool primary = (aggregate_primary_[a] & bit) != 0;
      if (primary) ++it->area_primary;
      if ((aggregate_suppressed_[a] & bit) == 0) continue;
      if (!primary) ++it->area_secondary;
      cell(aggregates_[a].area.level, aggregates_[a].area.code, primary);
    }
  }
}

}  // namespace lap::publish::detail
