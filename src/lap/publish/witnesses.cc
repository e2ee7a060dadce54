// The search for witnesses (protect.h, block_protector.h): the moves of units
// a witness can make, the candidates for one sensitive count, and the greedy
// choice among them.
#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "lap/publish/block_protector.h"

namespace lap::publish::detail {
namespace {

using measure::kRoleDenominator;
using measure::kRoleNumerator;
using measure::kRolePending;

constexpr int64_t kUnlimited = std::numeric_limits<int64_t>::max() / 4;

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

void BlockProtector::add_move(const std::vector<std::pair<int, int>>& terms) {
  Move m;
  for (const auto& [s, c] : terms) {
    if (c == 0) continue;
    if (m.terms == 4) return;
    m.sig[static_cast<size_t>(m.terms)] = static_cast<int16_t>(s);
    m.coef[static_cast<size_t>(m.terms)] = static_cast<int16_t>(c);
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
    m.mass[static_cast<size_t>(f)] = static_cast<int16_t>(any);
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

int BlockProtector::knower_of(const Form& form) const {
  if (!form.aggregate) return form.index;
  const auto nfu = static_cast<size_t>(nf_);
  const auto f = static_cast<size_t>(form.figure);
  const int64_t whole =
      value(aggregate_counts_[static_cast<size_t>(form.index) * nfu + f], form.quantity);
  for (int x : aggregates_[static_cast<size_t>(form.index)].members) {
    if (value(counts_[static_cast<size_t>(x) * nfu + f], form.quantity) == whole) return x;
  }
  return -1;
}

int64_t Coverage::progress(std::array<int, 2> outsiders, int64_t up, int64_t down) const {
  const int64_t u_total = up_ + up;
  const int64_t d_total = down_ + down;
  const int64_t outside = std::min(u_total, width_) + std::min(d_total, width_);
  int64_t worst = outside;
  if (insiders_) {
    auto without = [&](int x) {
      int64_t tu = 0;
      int64_t td = 0;
      for (const Through& t : through_) {
        if (t.x == x) {
          tu += t.up;
          td += t.down;
        }
      }
      if (x == outsiders[0] || x == outsiders[1]) {
        tu += up;
        td += down;
      }
      return std::min(u_total - tu, width_) + std::min(d_total - td, width_);
    };
    for (const Through& t : through_)
      worst = std::min(worst, without(t.x));
    for (int x : outsiders)
      if (x >= 0) worst = std::min(worst, without(x));
  }
  return std::min(outside, width_) + std::min(worst, width_);
}

void Coverage::add(std::array<int, 2> outsiders, int64_t up, int64_t down) {
  up_ += up;
  down_ += down;
  for (int x : outsiders)
    if (x >= 0) through_.push_back({x, up, down});
}

std::optional<std::pair<int64_t, int>> BlockProtector::select(const Form& form, int tiers,
                                                              Undo& u) {
  const int knower = knower_of(form);
  std::vector<Candidate> cands;
  candidates(form, tiers, cands);
  // The OCMWs a candidate touches that an insider could be.
  auto outsiders = [&](const Candidate& c) {
    std::array<int, 2> out = {-1, -1};
    if (c.z >= 0 && c.z != knower) out[0] = c.z;
    if (form.aggregate && c.y != knower) out[1] = c.y;
    return out;
  };
  Coverage coverage(width_, options_.insiders);
  Consumption used_up;
  Consumption used_down;
  int64_t total_cost = 0;
  int chosen = 0;
  for (int64_t now = coverage.progress(); now < coverage.done(); now = coverage.progress()) {
    int best = -1;
    int64_t best_cost = 0;
    int64_t best_gain = 0;
    int64_t best_steps = 0;
    const int64_t most = coverage.done() - now;  // the most any candidate can gain
    for (size_t i = 0; i < cands.size(); ++i) {
      const Candidate& c = cands[i];
      const int64_t k_cost = cost(moves_[static_cast<size_t>(c.move)].footprint, c.y, c.z, c.areas);
      // Cannot beat the best even with the largest gain: skip the rest of the work.
      if (best >= 0 && k_cost * best_gain > best_cost * most) continue;
      const Consumption& used = c.direction > 0 ? used_up : used_down;
      const int64_t steps = std::min(available(c, used), (width_ + c.step - 1) / c.step);
      if (steps <= 0) continue;
      const int64_t moved = std::min(steps * c.step, width_);
      const int64_t gain = coverage.progress(outsiders(c), c.direction > 0 ? moved : 0,
                                             c.direction > 0 ? 0 : moved) -
                           now;
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
    coverage.add(outsiders(c), c.direction > 0 ? moved : 0, c.direction > 0 ? 0 : moved);
    total_cost += best_cost;
    ++chosen;
  }
  return std::pair(total_cost, chosen);
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
    if (found && found->first < kRegiegebiedWeight && (!best || found->first <= *best)) {
      witnesses_ += found->second;
      return;
    }
    undo(u);
    if (found && (!best || found->first < *best)) {
      best = found->first;
      best_tiers = tiers;
    }
  }
  if (!best) {
    ++unprotected_;
    return;
  }
  Undo kept;
  if (auto again = select(form, best_tiers, kept)) witnesses_ += again->second;
}

}  // namespace lap::publish::detail
