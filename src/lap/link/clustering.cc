#include "lap/link/clustering.h"

#include <algorithm>
#include <numeric>

namespace lap::link {

Decision decide(double weight, const Thresholds& t) {
  if (weight >= t.upper) return Decision::kMatch;
  if (weight >= t.lower) return Decision::kReview;
  return Decision::kNonMatch;
}

bool identities_conflict(const GuardIdentity& a, const GuardIdentity& b) {
  if (a.valid_insz == 0 || b.valid_insz == 0 || a.valid_insz == b.valid_insz) return false;
  if (a.birth.missing() || b.birth.missing()) return false;
  if (a.birth.year != b.birth.year) return true;
  if (a.birth.month != 0 && b.birth.month != 0 && a.birth.month != b.birth.month) return true;
  return a.birth.day != 0 && b.birth.day != 0 && a.birth.day != b.birth.day;
}

GuardedUnionFind::GuardedUnionFind(std::vector<GuardIdentity> nodes)
    : nodes_(std::move(nodes)),
      parent_(nodes_.size()),
      rank_(nodes_.size(), 0),
      next_insz_(nodes_.size(), kNone),
      first_insz_(nodes_.size(), kNone) {
  std::iota(parent_.begin(), parent_.end(), 0U);
  for (uint32_t i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i].valid_insz != 0) {
      next_insz_[i] = i;
      first_insz_[i] = i;
    }
  }
}

uint32_t GuardedUnionFind::find(uint32_t a) {
  uint32_t root = a;
  while (parent_[root] != root)
    root = parent_[root];
  while (parent_[a] != root) {  // path compression
    uint32_t next = parent_[a];
    parent_[a] = root;
    a = next;
  }
  return root;
}

bool GuardedUnionFind::conflict(uint32_t a, uint32_t b) {
  uint32_t ra = find(a), rb = find(b);
  if (ra == rb) return false;
  uint32_t fa = first_insz_[ra], fb = first_insz_[rb];
  if (fa == kNone || fb == kNone) return false;
  uint32_t x = fa;
  do {
    uint32_t y = fb;
    do {
      if (identities_conflict(nodes_[x], nodes_[y])) return true;
      y = next_insz_[y];
    } while (y != fb);
    x = next_insz_[x];
  } while (x != fa);
  return false;
}

GuardedUnionFind::Outcome GuardedUnionFind::merge(uint32_t a, uint32_t b) {
  uint32_t ra = find(a), rb = find(b);
  if (ra == rb) return Outcome::kAlreadyTogether;
  if (conflict(ra, rb)) return Outcome::kRefused;
  if (rank_[ra] < rank_[rb]) std::swap(ra, rb);
  parent_[rb] = ra;
  if (rank_[ra] == rank_[rb]) ++rank_[ra];
  // Splice the two circular lists of INSZ holders.
  uint32_t fa = first_insz_[ra], fb = first_insz_[rb];
  if (fa == kNone) {
    first_insz_[ra] = fb;
  } else if (fb != kNone) {
    std::swap(next_insz_[fa], next_insz_[fb]);
  }
  first_insz_[rb] = kNone;
  return Outcome::kMerged;
}

ClusterResult cluster_pairs(std::span<const GuardIdentity> nodes,
                            std::span<const WeightedPair> pairs, const Thresholds& thresholds) {
  ClusterResult result;
  std::vector<WeightedPair> links;
  for (const auto& p : pairs) {
    switch (decide(p.weight, thresholds)) {
      case Decision::kMatch:
        links.push_back(p);
        break;
      case Decision::kReview:
        result.review.push_back(p);
        break;
      case Decision::kNonMatch:
        ++result.non_matches;
        break;
    }
  }
  result.matches = links.size();
  std::stable_sort(links.begin(), links.end(), [](const WeightedPair& x, const WeightedPair& y) {
    return x.weight > y.weight;
  });
  GuardedUnionFind uf(std::vector<GuardIdentity>(nodes.begin(), nodes.end()));
  for (const auto& p : links) {
    if (uf.merge(p.a, p.b) == GuardedUnionFind::Outcome::kRefused) result.refused.push_back(p);
  }
  constexpr uint32_t kUnset = UINT32_MAX;
  std::vector<uint32_t> person_of_root(nodes.size(), kUnset);
  result.person_of.resize(nodes.size());
  for (uint32_t i = 0; i < nodes.size(); ++i) {
    uint32_t& p = person_of_root[uf.find(i)];
    if (p == kUnset) p = result.persons++;
    result.person_of[i] = p;
  }
  return result;
}

}  // namespace lap::link
