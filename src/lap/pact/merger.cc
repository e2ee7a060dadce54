#include "lap/pact/merger.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

namespace lap::pact {
namespace {

struct DisjointSets {
  std::vector<size_t> parent;
  explicit DisjointSets(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  size_t find(size_t x) {
    while (parent[x] != x)
      x = parent[x] = parent[parent[x]];
    return x;
  }
  void unite(size_t a, size_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
};

}  // namespace

std::vector<SettlementUnit> apply_mergers(const std::vector<SettlementUnit>& units,
                                          const geo::Registry& registry, Date before, Date after) {
  const size_t n = units.size();
  std::vector<std::set<Nis>> successors(n);
  std::vector<bool> changed(n, false);
  std::map<Nis, size_t> owner;  // successor code -> first unit that reaches it
  DisjointSets sets(n);
  for (size_t i = 0; i < n; ++i) {
    for (Nis member : units[i].members) {
      Nis s = registry.current_on(member, after).value_or(member);
      if (s != member) changed[i] = true;
      successors[i].insert(s);
      auto [it, fresh] = owner.emplace(s, i);
      if (!fresh) sets.unite(i, it->second);
    }
  }
  std::map<size_t, std::vector<size_t>> groups;  // root -> units, in order
  for (size_t i = 0; i < n; ++i)
    groups[sets.find(i)].push_back(i);

  std::vector<SettlementUnit> out;
  for (size_t i = 0; i < n; ++i) {
    const auto& group = groups[sets.find(i)];
    if (group.front() != i) continue;  // emitted with its group's first unit
    bool any_changed = false;
    for (size_t k : group)
      any_changed = any_changed || changed[k];
    if (group.size() == 1 && !any_changed) {
      out.push_back(units[i]);
      continue;
    }
    SettlementUnit u;
    u.kind = UnitKind::kMergedMunicipality;
    std::set<Nis> members, codes, succ;
    std::string joined;
    for (size_t k : group) {
      const auto& src = units[k];
      members.insert(src.members.begin(), src.members.end());
      codes.insert(src.result_codes.begin(), src.result_codes.end());
      succ.insert(successors[k].begin(), successors[k].end());
      joined += (joined.empty() ? "" : "+") + src.id;
      u.n += src.n;
      u.m += src.m;
      u.b += src.b;
      u.e += src.e;
      u.t += src.t;
    }
    std::set<Nis> partners;
    for (Nis s : succ) {
      codes.insert(s);
      if (registry.exists_on(s, before)) partners.insert(s);
      for (Nis p : registry.predecessors(s)) {
        codes.insert(p);
        partners.insert(p);
      }
    }
    for (Nis m : members)
      partners.erase(m);
    u.id = succ.size() == 1 ? succ.begin()->to_string() : joined;
    u.members.assign(members.begin(), members.end());
    u.result_codes.assign(codes.begin(), codes.end());
    u.non_participating_partners.assign(partners.begin(), partners.end());
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace lap::pact
