// The Linker's records and identifier changes, blocking and the explanations
// of its results (linkage.h). The other passes are in linkage_normalise.cc,
// linkage_score.cc and linkage_resolve.cc.
#include "lap/link/linkage.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>
#include <unordered_set>

namespace lap::link {

std::string_view link_method_name(LinkMethod m) {
  switch (m) {
    case LinkMethod::kInsz:
      return "insz";
    case LinkMethod::kClient:
      return "client";
    case LinkMethod::kProbabilistic:
      return "probabilistic";
    case LinkMethod::kReviewed:
      return "reviewed";
    case LinkMethod::kSurrogate:
      return "surrogate";
  }
  return "?";
}

std::string_view review_reason_name(ReviewReason r) {
  switch (r) {
    case ReviewReason::kBetweenThresholds:
      return "between_thresholds";
    case ReviewReason::kCompeting:
      return "competing";
    case ReviewReason::kGuard:
      return "guard";
  }
  return "?";
}

Linker::Linker(LinkOptions options, const Pseudonymiser& pseudonymiser)
    : options_(std::move(options)), pseudonymiser_(pseudonymiser), model_(identity_fields()) {
  options_.threads = std::max(1, options_.threads);
}

uint32_t Linker::ref_node(const PersonRefBytes& ref) {
  auto [it, inserted] = ref_index_.try_emplace(ref, static_cast<uint32_t>(refs_.size()));
  if (inserted) {
    refs_.push_back(ref);
    ref_parent_.push_back(it->second);
  }
  return it->second;
}

uint32_t Linker::ref_root(uint32_t node) {
  while (ref_parent_[node] != node) {
    ref_parent_[node] = ref_parent_[ref_parent_[node]];
    node = ref_parent_[node];
  }
  return node;
}

void Linker::add_identifier_change(const PersonRefBytes& old_ref, const PersonRefBytes& new_ref,
                                   bool fresh) {
  const uint32_t old_node = ref_node(old_ref);
  if (fresh) fresh_change_nodes_.push_back(old_node);
  if (superseded_.size() <= old_node) superseded_.resize(old_node + 1, false);
  superseded_[old_node] = true;
  uint32_t a = ref_root(old_node);
  uint32_t b = ref_root(ref_node(new_ref));
  if (a != b) ref_parent_[std::max(a, b)] = std::min(a, b);
  ++counts_.identifier_changes;
}

void Linker::add_decision(const PersonRefBytes& ocmw_ref, uint64_t client_id, bool match) {
  decisions_in_.push_back({ocmw_ref, {client_id, match}});
}

void Linker::run_parallel(size_t n, const std::function<void(size_t, size_t)>& fn) const {
  auto threads = static_cast<size_t>(options_.threads);
  if (threads <= 1 || n < 10'000) {
    fn(0, n);
    return;
  }
  std::vector<std::thread> pool;
  size_t chunk = (n + threads - 1) / threads;
  for (size_t t = 0; t < threads; ++t) {
    size_t b = t * chunk;
    size_t e = std::min(n, b + chunk);
    if (b >= e) break;
    pool.emplace_back([&fn, b, e] { fn(b, e); });
  }
  for (auto& th : pool)
    th.join();
}

void Linker::Groups::build(size_t groups, const std::vector<Profile>& profiles) {
  offset.assign(groups + 1, 0);
  for (const Profile& p : profiles)
    ++offset[p.owner + 1];
  for (size_t g = 0; g < groups; ++g)
    offset[g + 1] += offset[g];
  items.resize(profiles.size());
  std::vector<uint32_t> fill(offset.begin(), offset.end() - 1);
  for (uint32_t i = 0; i < profiles.size(); ++i)
    items[fill[profiles[i].owner]++] = i;
}

std::optional<uint32_t> Linker::person_of(const PersonRefBytes& ref) const {
  auto it = ref_index_.find(ref);
  if (it == ref_index_.end()) return std::nullopt;
  uint32_t node = it->second;
  while (ref_parent_[node] != node)
    node = ref_parent_[node];
  if (node >= person_of_root_.size() || person_of_root_[node] < 0) return std::nullopt;
  return static_cast<uint32_t>(person_of_root_[node]);
}

std::optional<uint32_t> Linker::client_of(uint64_t client_id) const {
  auto it = client_index_.find(client_id);
  if (it == client_index_.end()) return std::nullopt;
  return it->second;
}

void Linker::block() {
  if (base_) {
    block_changed();
    return;
  }
  BlockingOptions blocking = options_.blocking;
  blocking.threads = options_.threads;
  BlockingResult blocked = block_link(left_keys_, right_keys_, blocking);
  pairs_ = std::move(blocked.pairs);
  blocking_stats_ = std::move(blocked.stats);
  add_pseudonym_pairs(nullptr, nullptr);
  counts_.pairs_compared = pairs_.size();
}

void Linker::add_pseudonym_pairs(const std::vector<bool>* left_marked,
                                 const std::vector<bool>* right_marked) {
  // Pairs of one person by their pseudonyms (a BIS number against the national
  // number that replaced it, or an INSZ a rule left out) that no rule found.
  const bool insz_rule_first =
      !options_.blocking.rules.empty() && options_.blocking.rules[0] == BlockingRule::kValidInsz;
  std::unordered_set<uint64_t> extra;
  for (uint32_t r = 0; r < right_.size(); ++r) {
    const Profile& rp = right_[r];
    if (rp.root < 0) continue;
    int32_t person = person_of_root_[static_cast<size_t>(rp.root)];
    if (person < 0) continue;
    for (uint32_t l : person_profiles_[static_cast<size_t>(person)]) {
      if (insz_rule_first && left_keys_[l].valid_insz != 0 &&
          left_keys_[l].valid_insz == right_keys_[r].valid_insz) {
        continue;  // the first rule emitted it
      }
      if (left_marked && !(*left_marked)[l] && !(*right_marked)[r]) continue;
      extra.insert((uint64_t{l} << 32) | r);
    }
  }
  if (!extra.empty()) {
    for (const CandidatePair& p : pairs_) {
      if (extra.erase((uint64_t{p.left} << 32) | p.right) > 0 && extra.empty()) break;
    }
    std::vector<uint64_t> rest(extra.begin(), extra.end());
    std::sort(rest.begin(), rest.end());
    for (uint64_t k : rest)
      pairs_.push_back({static_cast<uint32_t>(k >> 32), static_cast<uint32_t>(k)});
    counts_.deterministic_pairs_added = rest.size();
  }
}

Linker::Histogram Linker::histogram() const {
  Histogram h;
  h.from = -40;
  h.bin_bits = 2;
  h.counts.assign(46, 0);  // -40 .. +52
  for (float w : weights_) {
    auto bin = static_cast<int64_t>(std::floor((w - h.from) / h.bin_bits));
    bin = std::clamp<int64_t>(bin, 0, static_cast<int64_t>(h.counts.size()) - 1);
    ++h.counts[static_cast<size_t>(bin)];
  }
  return h;
}

std::optional<WeightExplanation> Linker::explain(uint32_t person, uint32_t client) const {
  uint32_t best_left = 0, best_right = 0;
  bool found = false;
  if (auto it = units_.find(unit_key(person, client)); it != units_.end() && it->second.compared) {
    best_left = it->second.left;
    best_right = it->second.right;
    found = true;
  } else {
    float best = -std::numeric_limits<float>::infinity();
    for (size_t i = 0; i < pairs_.size(); ++i) {
      if (left_[pairs_[i].left].owner != person || right_[pairs_[i].right].owner != client) {
        continue;
      }
      if (weights_[i] > best) {
        best = weights_[i];
        best_left = pairs_[i].left;
        best_right = pairs_[i].right;
        found = true;
      }
    }
  }
  if (!found) return std::nullopt;
  PairLevels p = levels(best_left, best_right);
  auto tf = tf_u(p, best_right);
  return model_.explain(p.level, tf);
}

std::vector<double> Linker::best_weights(
    std::span<const std::pair<uint32_t, uint32_t>> units) const {
  std::unordered_map<uint64_t, size_t> wanted;
  for (size_t i = 0; i < units.size(); ++i)
    wanted.emplace(unit_key(units[i].first, units[i].second), i);
  std::vector<double> out(units.size(), std::nan(""));
  for (size_t i = 0; i < pairs_.size(); ++i) {
    auto it = wanted.find(unit_key(left_[pairs_[i].left].owner, right_[pairs_[i].right].owner));
    if (it == wanted.end()) continue;
    double& w = out[it->second];
    if (std::isnan(w) || weights_[i] > w) w = weights_[i];
  }
  return out;
}

}  // namespace lap::link
