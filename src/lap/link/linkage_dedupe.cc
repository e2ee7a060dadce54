// Linker::deduplicate_clients (linkage.h): VDAB clients among themselves.
//
// A client that is linked to no OCMW person and holds no valid INSZ of its
// own would be a person of its own (a surrogate pseudonym of its client
// number). Such a client is compared with every other unlinked client
// (blocking rule birth_date_postcode; the weights of the OCMW x VDAB model),
// and
// clients whose pair reaches the upper threshold AND agrees on every field
// both have (all_agree) become one person:
//   - the person of the cluster's valid INSZ when a member holds one (never
//     two different ones: such a union is refused);
//   - otherwise the surrogate of the smallest client number in the cluster,
//     so the pseudonym does not depend on the order of the records.
// Clients with a valid INSZ are never merged with each other here (the
// INSZ decides), only joined by clients without one.
#include <algorithm>
#include <array>
#include <numeric>
#include <unordered_set>

#include "lap/link/linkage.h"

namespace lap::link {
namespace {

// Every field both identities have agrees at its best levels: names exact or
// variants (not crosswise), the same complete birth date, the same postcode,
// the same sex, and the same street and house number when both have an
// address. Namesakes born on one day exist (in Flanders and in the
// generator); merging two people is worse than keeping one person's two
// client numbers apart, so nothing short of this joins two clients.
bool all_agree(const PairLevels& p) {
  auto at = [&p](Field f) { return p.level[static_cast<size_t>(f)]; };
  const auto name_ok = [](uint8_t l) { return l <= static_cast<uint8_t>(NameLevel::kVariant); };
  return !p.names_swapped && name_ok(at(Field::kLastName)) && name_ok(at(Field::kFirstName)) &&
         at(Field::kBirthDate) == static_cast<uint8_t>(DateLevel::kExact) &&
         at(Field::kPostcode) == static_cast<uint8_t>(Level::kExact) &&
         at(Field::kSex) != static_cast<uint8_t>(Level::kClose) &&  // sex: 1 is "different"
         (at(Field::kAddress) == static_cast<uint8_t>(AddressLevel::kExact) ||
          at(Field::kAddress) == static_cast<uint8_t>(AddressLevel::kMissing));
}

}  // namespace

uint32_t Linker::client_root(uint32_t client) const {
  while (client_parent_[client] != client)
    client = client_parent_[client];
  return client;
}

void Linker::deduplicate_clients(const std::vector<uint32_t>& linked_person) {
  constexpr uint32_t kNoPerson = UINT32_MAX;
  const auto clients = static_cast<uint32_t>(client_ids_.size());
  client_parent_.resize(clients);
  std::iota(client_parent_.begin(), client_parent_.end(), 0U);
  std::vector<int32_t> valid_root(clients, -1);  // per cluster root: its valid INSZ class
  std::vector<uint32_t> lonely_profiles, unlinked_profiles;
  for (uint32_t c = 0; c < clients; ++c) {
    if (linked_person[c] != kNoPerson) continue;
    valid_root[c] = own_valid_insz(c);
    if (valid_root[c] >= 0) continue;
    for (uint32_t r : client_profiles_[c])
      lonely_profiles.push_back(r);
  }
  // The other side: the unlinked clients' identities that share a key of one
  // of the rules below with one of those (the rest cannot pair with them).
  // all_agree() needs the same birth date and postcode: one rule holds both.
  const std::array<BlockingRule, 1> rules = {BlockingRule::kBirthDatePostcode};
  std::unordered_set<uint64_t> wanted;
  for (uint32_t r : lonely_profiles) {
    for (BlockingRule rule : rules) {
      for (uint64_t k : blocking_keys(rule, right_keys_[r]))
        wanted.insert(k);
    }
  }
  auto shares_a_key = [&](uint32_t r) {
    for (BlockingRule rule : rules) {
      for (uint64_t k : blocking_keys(rule, right_keys_[r])) {
        if (wanted.contains(k)) return true;
      }
    }
    return false;
  };
  for (uint32_t c = 0; c < clients && !lonely_profiles.empty(); ++c) {
    if (linked_person[c] != kNoPerson) continue;
    for (uint32_t r : client_profiles_[c]) {
      if (shares_a_key(r)) unlinked_profiles.push_back(r);
    }
  }
  if (lonely_profiles.empty()) {
    cluster_valid_root_ = std::move(valid_root);
    cluster_min_id_ = client_ids_;
    return;
  }
  auto keys_of = [this](const std::vector<uint32_t>& profiles) {
    std::vector<BlockingKeys> keys;
    keys.reserve(profiles.size());
    for (uint32_t r : profiles)
      keys.push_back(right_keys_[r]);
    return keys;
  };
  BlockingOptions o{.rules = {rules.begin(), rules.end()},
                    .max_block_pairs = options_.blocking.max_block_pairs,
                    .max_weak_block_pairs = options_.blocking.max_weak_block_pairs,
                    .threads = options_.threads};
  const BlockingResult blocked =
      block_link(keys_of(lonely_profiles), keys_of(unlinked_profiles), o);
  const double upper = weight_thresholds().upper;
  for (const CandidatePair& p : blocked.pairs) {
    const uint32_t a = lonely_profiles[p.left], b = unlinked_profiles[p.right];
    uint32_t ra = client_root(right_[a].owner), rb = client_root(right_[b].owner);
    if (ra == rb) continue;
    if (valid_root[ra] >= 0 && valid_root[rb] >= 0 && valid_root[ra] != valid_root[rb]) continue;
    const PairLevels levels = compare_records(right_rec_[a], right_rec_[b]);
    if (!all_agree(levels) || model_.weight(levels.level) < upper) continue;
    if (rb < ra) std::swap(ra, rb);
    client_parent_[rb] = ra;  // the smaller index is the root
    if (valid_root[ra] < 0) valid_root[ra] = valid_root[rb];
    ++counts_.clients_merged;
  }
  cluster_valid_root_ = std::move(valid_root);
  cluster_min_id_.assign(clients, UINT64_MAX);
  for (uint32_t c = 0; c < clients; ++c) {
    uint64_t& m = cluster_min_id_[client_root(c)];
    m = std::min(m, client_ids_[c]);
  }
}

}  // namespace lap::link
