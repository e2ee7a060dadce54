// Linker::resolve (linkage.h): from scored pairs to links, the review queue
// and the person of every VDAB registration. The steps, in order:
//   collect_units         the best compared pair of every (OCMW person, VDAB
//                         client) that can matter, and the pairs a reviewer
//                         matched;
//   link_clients          per client its candidates and at most one link; the
//                         competing, refused (guard) and weak candidates go to
//                         the review queue;
//   count_pair_outcomes   the compared pairs by the outcome of their unit;
//   assign_registrations  the person of every client (linked OCMW person, own
//                         valid INSZ or surrogate), then of every registration
//                         whose imported pseudonym differs.
// The two refusals are guard_conflict (guard.h) and insz_conflict.
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <unordered_set>

#include "lap/link/linkage.h"

namespace lap::link {

bool Linker::insz_conflict(uint32_t person, uint32_t client) const {
  for (uint32_t r : client_profiles_[client]) {
    const Profile& rp = right_[r];
    if (!right_rec_[r].insz.is_valid()) continue;
    bool near = false;
    for (uint32_t l : person_profiles_[person]) {
      const Profile& lp = left_[l];
      InszLevel level = compare_insz(left_rec_[l].insz, right_rec_[r].insz);
      if ((rp.root >= 0 && lp.root == rp.root) || level == InszLevel::kEqual ||
          level == InszLevel::kOneEdit) {
        near = true;
        break;
      }
    }
    if (!near) return true;
  }
  return false;
}

bool Linker::guard_conflict(uint32_t person, uint32_t client) const {
  for (uint32_t r : client_profiles_[client]) {
    const Profile& rp = right_[r];
    if (rp.root < 0 || !right_rec_[r].insz.is_valid()) continue;
    for (uint32_t l : person_profiles_[person]) {
      const Profile& lp = left_[l];
      if (lp.root == rp.root || !left_rec_[l].insz.is_valid()) continue;
      GuardIdentity a{.valid_insz = static_cast<uint64_t>(lp.root) + 1,
                      .birth = left_rec_[l].birth};
      GuardIdentity b{.valid_insz = static_cast<uint64_t>(rp.root) + 1,
                      .birth = right_rec_[r].birth};
      if (identities_conflict(a, b)) return true;
    }
  }
  return false;
}

// The state resolve() hands from one step to the next.
struct Linker::Resolution {
  static constexpr uint32_t kNoPerson = UINT32_MAX;
  std::vector<uint32_t> linked_person;       // per client: its OCMW person, or kNoPerson
  std::vector<uint32_t> link_of_client;      // per client: its link in links_, or kNoPerson
  std::unordered_set<uint64_t> review_keys;  // units in the review queue
};

// An OCMW person a client may be linked to.
struct Linker::LinkCandidate {
  uint32_t person;
  double weight;  // NaN when never compared
  bool det;       // the same valid INSZ
  bool decided;   // a reviewer's 'match'
};

void Linker::resolve() {
  collect_units();
  Resolution resolution;
  resolution.linked_person.assign(client_ids_.size(), Resolution::kNoPerson);
  resolution.link_of_client.assign(client_ids_.size(), Resolution::kNoPerson);
  link_clients(resolution);
  deduplicate_clients(resolution.linked_person);
  counts_.review_items = review_.size();
  count_pair_outcomes(resolution);
  assign_registrations(resolution);
}

void Linker::collect_units() {
  const double lower = weight_thresholds().lower;
  // The pairs that matter for a decision, per (person, client).
  for (size_t i = 0; i < pairs_.size(); ++i) {
    const Profile& lp = left_[pairs_[i].left];
    const Profile& rp = right_[pairs_[i].right];
    bool det = rp.root >= 0 && rp.root == lp.root;
    float w = weights_[i];
    uint64_t key = unit_key(lp.owner, rp.owner);
    if (!det && w < lower && (decisions_.empty() || !decisions_.contains(key))) continue;
    auto [it, inserted] = units_.try_emplace(key);
    Unit& u = it->second;
    if (inserted || w > u.weight) {
      u.weight = w;
      u.left = pairs_[i].left;
      u.right = pairs_[i].right;
    }
    u.compared = true;
    u.deterministic = u.deterministic || det;
  }
  for (const auto& [key, match] : decisions_) {
    if (match && !units_.contains(key)) {
      Unit u;
      u.weight = std::numeric_limits<float>::quiet_NaN();
      units_.emplace(key, u);
    }
  }
}

void Linker::link_clients(Resolution& resolution) {
  // Per client, in client order.
  std::vector<std::pair<uint32_t, uint32_t>> by_client;  // client, person
  by_client.reserve(units_.size());
  for (const auto& [key, u] : units_)
    by_client.emplace_back(static_cast<uint32_t>(key), static_cast<uint32_t>(key >> 32));
  std::sort(by_client.begin(), by_client.end());
  for (size_t b = 0; b < by_client.size();) {
    size_t e = b;
    while (e < by_client.size() && by_client[e].first == by_client[b].first)
      ++e;
    link_client(by_client[b].first,
                std::span<const std::pair<uint32_t, uint32_t>>(by_client).subspan(b, e - b),
                resolution);
    b = e;
  }
}

void Linker::link_client(uint32_t client, std::span<const std::pair<uint32_t, uint32_t>> units,
                         Resolution& resolution) {
  const Thresholds thresholds = weight_thresholds();
  const double lower = thresholds.lower;
  const double upper = thresholds.upper;
  std::vector<LinkCandidate> cands, weak;
  for (const auto& unit : units) {
    const uint32_t person = unit.second;
    uint64_t key = unit_key(person, client);
    const Unit& u = units_.at(key);
    double w = u.compared ? static_cast<double>(u.weight) : std::nan("");
    if (auto d = decisions_.find(key); d != decisions_.end()) {
      ++counts_.decisions_applied;
      if (d->second) cands.push_back({person, w, u.deterministic, true});
      continue;  // a 'nonmatch' decision keeps the pair apart
    }
    if ((u.deterministic && (w >= lower || !u.compared)) || w >= upper) {
      cands.push_back({person, w, u.deterministic, false});
    } else if (w >= lower) {
      weak.push_back({person, w, u.deterministic, false});
    }
  }
  if (auto chosen = choose_link(client, cands, resolution)) {
    LinkMethod method = chosen->decided ? LinkMethod::kReviewed
                        : chosen->det   ? LinkMethod::kInsz
                                        : LinkMethod::kProbabilistic;
    links_.push_back({chosen->person, client, chosen->weight, method});
    resolution.linked_person[client] = chosen->person;
    resolution.link_of_client[client] = static_cast<uint32_t>(links_.size() - 1);
    if (method == LinkMethod::kReviewed) ++counts_.links_reviewed;
    if (method == LinkMethod::kInsz) ++counts_.links_deterministic;
    if (method == LinkMethod::kProbabilistic) ++counts_.links_probabilistic;
    return;
  }
  // No link: the three best pairs between the thresholds go to the review queue.
  std::sort(weak.begin(), weak.end(),
            [](const LinkCandidate& x, const LinkCandidate& y) { return x.weight > y.weight; });
  for (size_t k = 0; k < weak.size() && k < 3; ++k) {
    review_.push_back({weak[k].person, client, weak[k].weight, ReviewReason::kBetweenThresholds});
    resolution.review_keys.insert(unit_key(weak[k].person, client));
  }
}

std::optional<Linker::LinkCandidate> Linker::choose_link(uint32_t client,
                                                         std::vector<LinkCandidate>& cands,
                                                         Resolution& resolution) {
  // Decided first, then by weight (never compared counts as the highest), the
  // same INSZ, the lower person index.
  std::sort(cands.begin(), cands.end(), [](const LinkCandidate& x, const LinkCandidate& y) {
    if (x.decided != y.decided) return x.decided;
    double wx = std::isnan(x.weight) ? 1e9 : x.weight;
    double wy = std::isnan(y.weight) ? 1e9 : y.weight;
    if (wx != wy) return wx > wy;
    if (x.det != y.det) return x.det;
    return x.person < y.person;
  });
  std::optional<LinkCandidate> chosen;
  for (const LinkCandidate& c : cands) {
    if (chosen) {
      if (!c.decided && c.weight >= chosen->weight - options_.competing_margin) {
        review_.push_back({c.person, client, c.weight, ReviewReason::kCompeting});
        resolution.review_keys.insert(unit_key(c.person, client));
        ++counts_.competing;
      }
      continue;
    }
    if (!c.decided &&
        (guard_conflict(c.person, client) || (!c.det && insz_conflict(c.person, client)))) {
      review_.push_back({c.person, client, c.weight, ReviewReason::kGuard});
      resolution.review_keys.insert(unit_key(c.person, client));
      ++counts_.refused_by_guard;
      continue;
    }
    chosen = c;
  }
  return chosen;
}

void Linker::count_pair_outcomes(const Resolution& resolution) {
  // Compared pairs by the outcome of their (person, client) pair.
  std::vector<bool> in_review(client_ids_.size(), false);
  for (const ReviewItem& r : review_)
    in_review[r.client] = true;
  for (const CandidatePair& pair : pairs_) {
    const uint32_t person = left_[pair.left].owner;
    const uint32_t client = right_[pair.right].owner;
    if (resolution.linked_person[client] == person) {
      ++counts_.pairs_linked;
    } else if (in_review[client] && resolution.review_keys.contains(unit_key(person, client))) {
      ++counts_.pairs_review;
    } else {
      ++counts_.pairs_rejected;
    }
  }
}

void Linker::assign_registrations(const Resolution& resolution) {
  // The person of every client, then of every registration.
  struct ClientPerson {
    PersonRefBytes ref{};
    int32_t root = -1;  // identifier-change class, -1 for a surrogate
    LinkMethod method = LinkMethod::kSurrogate;
    std::optional<double> weight;
  };
  std::vector<ClientPerson> resolved(client_ids_.size());
  for (uint32_t c = 0; c < client_ids_.size(); ++c) {
    ClientPerson& cp = resolved[c];
    if (resolution.linked_person[c] != Resolution::kNoPerson) {
      const UnitLink& l = links_[resolution.link_of_client[c]];
      uint32_t p = resolution.linked_person[c];
      cp.ref = person_ref(p);
      cp.root = left_[person_profiles_[p].front()].root;
      cp.method = l.method;
      if (!std::isnan(l.weight)) cp.weight = l.weight;
      continue;
    }
    // The client's cluster of unlinked clients (linkage_dedupe.cc): its valid
    // INSZ, else the surrogate of its smallest client number.
    const uint32_t cluster = client_parent_.empty() ? c : client_root(c);
    const int32_t root = client_parent_.empty() ? own_valid_insz(c) : cluster_valid_root_[cluster];
    if (root >= 0) {
      cp.root = root;
      cp.method = LinkMethod::kClient;
      cp.ref = refs_[static_cast<size_t>(root)];
    } else {
      uint64_t smallest = client_ids_[c];
      if (cluster != c) smallest = std::min(smallest, smallest_client_id(cluster));
      cp.ref = pseudonymiser_.surrogate_ref_bytes(smallest);
      ++counts_.surrogate_clients;
    }
  }
  for (const auto& [row, prof] : vdab_records_) {
    const Profile& rp = right_[prof];
    const ClientPerson& cp = resolved[rp.owner];
    if (rp.root >= 0 && rp.root == cp.root) continue;  // the imported pseudonym is right
    RecordOverride o{.row_id = row, .person = cp.ref, .method = cp.method, .weight = cp.weight};
    if (cp.method == LinkMethod::kInsz && rp.root < 0) o.method = LinkMethod::kClient;
    overrides_.push_back(o);
  }
  counts_.overrides = overrides_.size();
}

int32_t Linker::own_valid_insz(uint32_t client) const {
  // The one of most records; not an OCMW person's (the link to that person
  // was not made).
  int32_t best_root = -1;
  uint32_t best_records = 0;
  for (uint32_t r : client_profiles_[client]) {
    const Profile& rp = right_[r];
    if (rp.root < 0 || person_of_root_[static_cast<size_t>(rp.root)] >= 0) continue;
    if (rp.records > best_records || (rp.records == best_records && rp.root < best_root)) {
      best_root = rp.root;
      best_records = rp.records;
    }
  }
  return best_root;
}

}  // namespace lap::link
