#include "lap/link/linkage.h"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cmath>
#include <cstring>
#include <limits>
#include <thread>
#include <unordered_set>

#include "lap/core/hex.h"

namespace lap::link {
namespace {

constexpr char kSep = '\x1f';

uint64_t hash_bytes(std::string_view s, uint64_t seed) {  // FNV-1a 64 + splitmix finaliser
  uint64_t h = 14695981039346656037ULL ^ seed;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  h ^= h >> 30;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 27;
  h *= 0x94D049BB133111EBULL;
  return h ^ (h >> 31);
}

// Level counts of the identity fields, for a dense pattern index.
std::array<uint32_t, kFieldCount> level_sizes() {
  std::array<uint32_t, kFieldCount> s{};
  auto fields = identity_fields();
  for (size_t f = 0; f < s.size(); ++f)
    s[f] = static_cast<uint32_t>(fields[f].levels.size());
  return s;
}

uint32_t pattern_index(const PairLevels& p, const std::array<uint32_t, kFieldCount>& sizes) {
  uint32_t idx = 0;
  for (size_t f = 0; f < sizes.size(); ++f)
    idx = idx * sizes[f] + p.level[f];
  return idx;
}

std::array<uint8_t, kFieldCount> pattern_levels(uint32_t idx,
                                                const std::array<uint32_t, kFieldCount>& sizes) {
  std::array<uint8_t, kFieldCount> out{};
  for (size_t f = sizes.size(); f-- > 0;) {
    out[f] = static_cast<uint8_t>(idx % sizes[f]);
    idx /= sizes[f];
  }
  return out;
}

constexpr uint16_t kSwappedBit = 0x8000;
constexpr auto kLast = static_cast<size_t>(Field::kLastName);
constexpr auto kFirst = static_cast<size_t>(Field::kFirstName);

}  // namespace

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

std::string ref_hex(const PersonRefBytes& ref) {
  return hex::encode(ref);
}

std::optional<PersonRefBytes> ref_from_hex(std::string_view text) {
  PersonRefBytes out{};
  if (!hex::decode(text, out)) return std::nullopt;
  return out;
}

size_t Linker::RefHash::operator()(const PersonRefBytes& r) const {
  uint64_t h = 0;  // the bytes of an HMAC are uniform already
  std::memcpy(&h, r.data(), sizeof h);
  return static_cast<size_t>(h);
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

void Linker::add_identifier_change(const PersonRefBytes& old_ref, const PersonRefBytes& new_ref) {
  uint32_t a = ref_root(ref_node(old_ref));
  uint32_t b = ref_root(ref_node(new_ref));
  if (a != b) ref_parent_[std::max(a, b)] = std::min(a, b);
  ++counts_.identifier_changes;
}

uint32_t Linker::profile_for(std::vector<Profile>& profiles,
                             std::unordered_map<uint64_t, uint32_t>& index, uint64_t owner_key,
                             const IdentityText& id, int32_t ref) {
  std::string text;
  text.reserve(id.insz.size() + id.last_name.size() + id.first_name.size() + id.birth_date.size() +
               3);
  text.append(id.insz).push_back(kSep);
  text.append(id.last_name).push_back(kSep);
  text.append(id.first_name).push_back(kSep);
  text.append(id.birth_date);
  uint64_t h =
      hash_bytes(text, owner_key * 0x9E3779B97F4A7C15ULL + static_cast<uint64_t>(ref) +
                           static_cast<uint64_t>(id.postcode) * 31 + static_cast<uint64_t>(id.sex));
  auto it = index.find(h);
  if (it != index.end()) {
    Profile& p = profiles[it->second];
    if (p.owner == owner_key && p.root == ref && p.sex == id.sex && p.postcode == id.postcode &&
        std::string_view(raw_).substr(p.raw_offset, p.raw_length) == text) {
      ++p.records;
      return it->second;
    }
  }
  Profile p;
  p.owner = static_cast<uint32_t>(owner_key);
  p.root = ref;  // the pseudonym's node until normalise() turns it into its class
  p.records = 1;
  p.raw_offset = raw_.size();
  p.raw_length = static_cast<uint32_t>(text.size());
  p.sex = id.sex;
  p.postcode = id.postcode;
  raw_ += text;
  auto n = static_cast<uint32_t>(profiles.size());
  profiles.push_back(p);
  if (it == index.end()) index.emplace(h, n);  // on a hash collision the newcomer goes unindexed
  return n;
}

void Linker::add(const OcmwRecord& r) {
  uint32_t node = ref_node(r.person);
  profile_for(left_, left_index_, node, r.identity, static_cast<int32_t>(node));
  ++counts_.ocmw_records;
}

void Linker::add(const VdabRecord& r) {
  auto [it, inserted] =
      client_index_.try_emplace(r.client_id, static_cast<uint32_t>(client_ids_.size()));
  if (inserted) client_ids_.push_back(r.client_id);
  int32_t node = r.person ? static_cast<int32_t>(ref_node(*r.person)) : -1;
  uint32_t p = profile_for(right_, right_index_, it->second, r.identity, node);
  vdab_records_.emplace_back(r.row_id, p);
  ++counts_.vdab_records;
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

void Linker::normalise() {
  left_index_.clear();
  right_index_.clear();
  // Identifier-change classes and OCMW persons.
  person_of_root_.assign(refs_.size(), -1);
  left_ref_node_.resize(left_.size());
  for (size_t i = 0; i < left_.size(); ++i) {
    Profile& p = left_[i];
    left_ref_node_[i] = static_cast<uint32_t>(p.root);
    auto root = ref_root(static_cast<uint32_t>(p.root));
    p.root = static_cast<int32_t>(root);
    if (person_of_root_[root] < 0) {
      person_of_root_[root] = static_cast<int32_t>(person_ref_.size());
      person_ref_.push_back(refs_[left_ref_node_[i]]);
    }
    p.owner = static_cast<uint32_t>(person_of_root_[root]);
  }
  for (Profile& p : right_) {
    if (p.root >= 0) p.root = static_cast<int32_t>(ref_root(static_cast<uint32_t>(p.root)));
  }
  person_profiles_.build(person_ref_.size(), left_);
  client_profiles_.build(client_ids_.size(), right_);

  // Every profile normalised once, in parallel.
  // Names recur (a family name in thousands of records): each thread keeps
  // the normalised form of the names it met.
  auto normalise_range = [this](const std::vector<Profile>& profiles,
                                std::vector<NormalisedRecord>& recs,
                                std::vector<BlockingKeys>& keys) {
    recs.assign(profiles.size(), NormalisedRecord{});
    keys.assign(profiles.size(), BlockingKeys{});
    run_parallel(profiles.size(), [&](size_t b, size_t e) {
      std::unordered_map<std::string, NormalisedName> last_cache, first_cache;
      auto cached = [](std::unordered_map<std::string, NormalisedName>& cache,
                       std::string_view name, NormalisedName (*fn)(std::string_view)) {
        auto it = cache.find(std::string(name));
        if (it == cache.end()) it = cache.emplace(std::string(name), fn(name)).first;
        return it->second;
      };
      for (size_t i = b; i < e; ++i) {
        const Profile& p = profiles[i];
        std::string_view text = std::string_view(raw_).substr(p.raw_offset, p.raw_length);
        std::array<std::string_view, 4> part{};
        for (size_t k = 0; k < 3; ++k) {
          size_t cut = text.find(kSep);
          part[k] = text.substr(0, cut);
          text.remove_prefix(cut + 1);
        }
        part[3] = text;
        // normalise_record() with the names from the caches.
        NormalisedRecord& r = recs[i];
        r.insz = normalise_insz(part[0], options_.today);
        r.last_name = cached(last_cache, part[1], &normalise_last_name);
        r.first_name = cached(first_cache, part[2], &normalise_first_name);
        r.birth = parse_partial_date(part[3]).value_or(PartialDate{});
        if (r.birth.missing() && r.insz.valid) r.birth = insz_birth_date(*r.insz.valid);
        r.sex = p.sex;
        if (r.sex == Sex::kUnknown && r.insz.valid) r.sex = r.insz.valid->sex();
        r.postcode = p.postcode;
        keys[i] = blocking_keys(r);
      }
    });
  };
  normalise_range(left_, left_rec_, left_keys_);
  normalise_range(right_, right_rec_, right_keys_);
  raw_.clear();
  raw_.shrink_to_fit();

  // Term frequencies of the names among the VDAB identities.
  if (options_.term_frequencies && !right_.empty()) {
    TermFrequencies last, first;
    for (const NormalisedRecord& r : right_rec_) {
      last.add(r.last_name.joined);
      first.add(r.first_name.joined);
    }
    double mean_last = 0, mean_first = 0;
    for (size_t i = 0; i < right_.size(); ++i) {
      Profile& p = right_[i];
      p.tf_last = static_cast<float>(last.frequency(right_rec_[i].last_name.joined));
      p.tf_first = static_cast<float>(first.frequency(right_rec_[i].first_name.joined));
      mean_last += p.tf_last;
      mean_first += p.tf_first;
    }
    mean_last /= static_cast<double>(right_.size());
    mean_first /= static_cast<double>(right_.size());
    for (Profile& p : right_) {  // frequency relative to the average agreement
      p.tf_last = static_cast<float>(p.tf_last / mean_last);
      p.tf_first = static_cast<float>(p.tf_first / mean_first);
    }
  }

  for (const auto& [ref, d] : decisions_in_) {
    auto person = person_of(ref);
    auto client = client_of(d.first);
    if (person && client) decisions_[unit_key(*person, *client)] = d.second;
  }

  counts_.ocmw_profiles = left_.size();
  counts_.vdab_profiles = right_.size();
  counts_.ocmw_persons = person_ref_.size();
  counts_.vdab_clients = client_ids_.size();
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
  BlockingResult blocked = block_link(left_keys_, right_keys_, options_.blocking);
  pairs_ = std::move(blocked.pairs);
  blocking_stats_ = std::move(blocked.stats);

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
  counts_.pairs_compared = pairs_.size();
}

PairLevels Linker::levels(uint32_t left, uint32_t right) const {
  PairLevels p = compare_records(left_rec_[left], right_rec_[right]);
  // Numbers of one person (a BIS number and the national number replacing
  // it) are the same INSZ.
  if (right_[right].root >= 0 && right_[right].root == left_[left].root) {
    p.level[static_cast<size_t>(Field::kInsz)] = static_cast<uint8_t>(InszLevel::kEqual);
  }
  return p;
}

std::array<double, kFieldCount> Linker::tf_u(const PairLevels& p, uint32_t right) const {
  std::array<double, kFieldCount> out{};
  if (!options_.term_frequencies || p.names_swapped) return out;
  const Profile& rp = right_[right];
  auto u = [&](size_t f, double factor) {
    return std::clamp(u_exact_[f] * factor, options_.em.min_probability, 1.0);
  };
  if (p.level[kLast] == 0) out[kLast] = u(kLast, rp.tf_last);
  if (p.level[kFirst] == 0) out[kFirst] = u(kFirst, rp.tf_first);
  return out;
}

void Linker::score() {
  const auto sizes = level_sizes();
  uint32_t patterns = 1;
  for (uint32_t s : sizes)
    patterns *= s;
  assert(patterns < kSwappedBit);

  // Levels of every pair, as a dense pattern index, and the pattern counts.
  std::vector<uint16_t> pattern(pairs_.size());
  const auto threads = static_cast<size_t>(options_.threads);
  std::vector<std::vector<uint64_t>> local(threads, std::vector<uint64_t>(patterns, 0));
  std::atomic<size_t> next_slot{0};
  run_parallel(pairs_.size(), [&](size_t b, size_t e) {
    std::vector<uint64_t>& counts = local[next_slot.fetch_add(1) % threads];
    for (size_t i = b; i < e; ++i) {
      PairLevels p = levels(pairs_[i].left, pairs_[i].right);
      uint32_t idx = pattern_index(p, sizes);
      ++counts[idx];
      pattern[i] = static_cast<uint16_t>(idx | (p.names_swapped ? kSwappedBit : 0));
    }
  });
  PatternCounts counts(kFieldCount);
  for (uint32_t idx = 0; idx < patterns; ++idx) {
    uint64_t n = 0;
    for (const auto& c : local)
      n += c[idx];
    if (n > 0) counts.add(pattern_levels(idx, sizes), n);
  }
  local.clear();

  // u from random pairs (nearly all non-matches, unlike the candidate pairs,
  // where blocking makes agreement common), m and the prior by EM on the
  // candidate pairs with u fixed.
  model_ = FellegiSunterModel(identity_fields());
  if (options_.u_sample > 0 && !left_.empty() && !right_.empty()) {
    std::vector<std::vector<uint64_t>> sampled(threads, std::vector<uint64_t>(patterns, 0));
    const size_t n = options_.u_sample;
    std::atomic<size_t> slot{0};
    run_parallel(n, [&](size_t b, size_t e) {
      size_t t = slot.fetch_add(1) % threads;
      std::vector<uint64_t>& counts_t = sampled[t];
      uint64_t state = 0x5EEDULL + b;  // splitmix64: the same sample for the same input
      auto next = [&state] {
        uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
      };
      for (size_t i = b; i < e; ++i) {
        auto l = static_cast<uint32_t>(next() % left_.size());
        auto r = static_cast<uint32_t>(next() % right_.size());
        ++counts_t[pattern_index(levels(l, r), sizes)];
      }
    });
    PatternCounts random(kFieldCount);
    for (uint32_t idx = 0; idx < patterns; ++idx) {
      uint64_t k = 0;
      for (const auto& c : sampled)
        k += c[idx];
      if (k > 0) random.add(pattern_levels(idx, sizes), k);
    }
    model_.initialise_u_from(random);
    estimate_m_from_labels(counts, sizes);
    if (options_.em_refine) {
      EmOptions em = options_.em;
      em.fixed_u = true;
      em_ = estimate_em(model_, counts, em);
    }
  } else {
    model_.initialise_u_from(counts);
    em_ = estimate_em(model_, counts, options_.em);
  }
  for (size_t f = 0; f < kFieldCount; ++f)
    u_exact_[f] = model_.u(static_cast<int>(f), 0);

  // Weights: of the pattern, plus the term-frequency adjustment of exact names.
  std::vector<float> pattern_weight(patterns);
  for (uint32_t idx = 0; idx < patterns; ++idx)
    pattern_weight[idx] = static_cast<float>(model_.weight(pattern_levels(idx, sizes)));
  std::vector<float> tf_last(right_.size(), 0), tf_first(right_.size(), 0);
  if (options_.term_frequencies) {
    for (size_t r = 0; r < right_.size(); ++r) {
      auto adjust = [&](size_t f, double factor) {
        double u = std::clamp(u_exact_[f] * factor, options_.em.min_probability, 1.0);
        return static_cast<float>(std::log2(u_exact_[f] / u));
      };
      tf_last[r] = adjust(kLast, right_[r].tf_last);
      tf_first[r] = adjust(kFirst, right_[r].tf_first);
    }
  }
  const uint32_t last_exact_stride = [&] {
    uint32_t s = 1;
    for (size_t f = kLast + 1; f < kFieldCount; ++f)
      s *= sizes[f];
    return s;
  }();
  const uint32_t first_exact_stride = last_exact_stride / sizes[kFirst];
  weights_.resize(pairs_.size());
  run_parallel(pairs_.size(), [&](size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) {
      uint16_t pi = pattern[i];
      uint32_t idx = pi & ~kSwappedBit;
      float w = pattern_weight[idx];
      if ((pi & kSwappedBit) == 0) {
        if ((idx / last_exact_stride) % sizes[kLast] == 0) w += tf_last[pairs_[i].right];
        if ((idx / first_exact_stride) % sizes[kFirst] == 0) w += tf_first[pairs_[i].right];
      }
      weights_[i] = w;
    }
  });
}

void Linker::estimate_m_from_labels(const PatternCounts& counts,
                                    const std::array<uint32_t, kFieldCount>& sizes) {
  // Labels from the data itself: the fields other than the INSZ among pairs
  // with the same valid INSZ; the INSZ among pairs whose names agree (at
  // least as variants) and whose birth dates are equal.
  std::array<std::array<double, 8>, kFieldCount> m{};
  const auto insz = static_cast<size_t>(Field::kInsz);
  const auto birth = static_cast<size_t>(Field::kBirthDate);
  double labelled = 0;
  for (const auto& p : counts.patterns()) {
    auto c = static_cast<double>(p.count);
    if (p.levels[insz] == static_cast<uint8_t>(InszLevel::kEqual)) {
      labelled += c;
      for (size_t f = 0; f < kFieldCount; ++f) {
        if (f != insz) m[f][p.levels[f]] += c;
      }
    }
    if (p.levels[kLast] <= static_cast<uint8_t>(NameLevel::kVariant) &&
        p.levels[kFirst] <= static_cast<uint8_t>(NameLevel::kVariant) &&
        p.levels[birth] == static_cast<uint8_t>(DateLevel::kExact)) {
      m[insz][p.levels[insz]] += c;
    }
  }
  for (size_t f = 0; f < kFieldCount; ++f) {
    const FieldSpec& spec = model_.field(static_cast<int>(f));
    double total = 0;
    for (uint32_t l = 0; l < sizes[f]; ++l) {
      if (static_cast<int>(l) != spec.missing_level) total += m[f][l];
    }
    if (total <= 0) continue;  // keep the starting values
    std::vector<double> values(sizes[f], 0.0);
    const double levels = spec.missing_level >= 0 ? sizes[f] - 1.0 : sizes[f];
    for (uint32_t l = 0; l < sizes[f]; ++l) {
      if (static_cast<int>(l) == spec.missing_level) continue;
      values[l] = (m[f][l] + 0.5) / (total + 0.5 * levels);  // add-one-half smoothing
    }
    model_.set_m(static_cast<int>(f), values);
  }
  if (counts.total() > 0) {
    model_.set_lambda(std::clamp(labelled / static_cast<double>(counts.total()), 1e-6, 0.5));
  }
}

bool Linker::insz_conflict(uint32_t person, uint32_t client) const {
  for (uint32_t r : client_profiles_[client]) {
    const Profile& rp = right_[r];
    if (!right_rec_[r].insz.is_valid()) continue;
    bool near = false;
    for (uint32_t l : person_profiles_[person]) {
      const Profile& lp = left_[l];
      if ((rp.root >= 0 && lp.root == rp.root) ||
          compare_insz(left_rec_[l].insz, right_rec_[r].insz) != InszLevel::kDifferent) {
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

void Linker::resolve() {
  const double lower = options_.thresholds.lower;
  const double upper = options_.thresholds.upper;
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

  // Per client, in client order.
  std::vector<std::pair<uint32_t, uint32_t>> by_client;  // client, person
  by_client.reserve(units_.size());
  for (const auto& [key, u] : units_)
    by_client.emplace_back(static_cast<uint32_t>(key), static_cast<uint32_t>(key >> 32));
  std::sort(by_client.begin(), by_client.end());

  constexpr uint32_t kNoPerson = UINT32_MAX;
  std::vector<uint32_t> linked_person(client_ids_.size(), kNoPerson);
  std::vector<uint32_t> link_of_client(client_ids_.size(), kNoPerson);
  std::unordered_set<uint64_t> review_keys;
  for (size_t b = 0; b < by_client.size();) {
    size_t e = b;
    while (e < by_client.size() && by_client[e].first == by_client[b].first)
      ++e;
    const uint32_t client = by_client[b].first;
    struct Candidate {
      uint32_t person;
      double weight;
      bool det;
      bool decided;
    };
    std::vector<Candidate> cands, weak;
    for (size_t k = b; k < e; ++k) {
      uint32_t person = by_client[k].second;
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
    std::sort(cands.begin(), cands.end(), [](const Candidate& x, const Candidate& y) {
      if (x.decided != y.decided) return x.decided;
      double wx = std::isnan(x.weight) ? 1e9 : x.weight;
      double wy = std::isnan(y.weight) ? 1e9 : y.weight;
      if (wx != wy) return wx > wy;
      if (x.det != y.det) return x.det;
      return x.person < y.person;
    });
    std::optional<Candidate> chosen;
    for (const Candidate& c : cands) {
      if (chosen) {
        if (!c.decided && c.weight >= chosen->weight - options_.competing_margin) {
          review_.push_back({c.person, client, c.weight, ReviewReason::kCompeting});
          review_keys.insert(unit_key(c.person, client));
          ++counts_.competing;
        }
        continue;
      }
      if (!c.decided &&
          (guard_conflict(c.person, client) || (!c.det && insz_conflict(c.person, client)))) {
        review_.push_back({c.person, client, c.weight, ReviewReason::kGuard});
        review_keys.insert(unit_key(c.person, client));
        ++counts_.refused_by_guard;
        continue;
      }
      chosen = c;
    }
    if (chosen) {
      LinkMethod method = chosen->decided ? LinkMethod::kReviewed
                          : chosen->det   ? LinkMethod::kInsz
                                          : LinkMethod::kProbabilistic;
      links_.push_back({chosen->person, client, chosen->weight, method});
      linked_person[client] = chosen->person;
      link_of_client[client] = static_cast<uint32_t>(links_.size() - 1);
      if (method == LinkMethod::kReviewed) ++counts_.links_reviewed;
      if (method == LinkMethod::kInsz) ++counts_.links_deterministic;
      if (method == LinkMethod::kProbabilistic) ++counts_.links_probabilistic;
    } else {
      std::sort(weak.begin(), weak.end(),
                [](const Candidate& x, const Candidate& y) { return x.weight > y.weight; });
      for (size_t k = 0; k < weak.size() && k < 3; ++k) {
        review_.push_back(
            {weak[k].person, client, weak[k].weight, ReviewReason::kBetweenThresholds});
        review_keys.insert(unit_key(weak[k].person, client));
      }
    }
    b = e;
  }
  counts_.review_items = review_.size();

  // Compared pairs by the outcome of their (person, client) pair.
  std::vector<bool> in_review(client_ids_.size(), false);
  for (const ReviewItem& r : review_)
    in_review[r.client] = true;
  for (const CandidatePair& pair : pairs_) {
    const uint32_t person = left_[pair.left].owner;
    const uint32_t client = right_[pair.right].owner;
    if (linked_person[client] == person) {
      ++counts_.pairs_linked;
    } else if (in_review[client] && review_keys.contains(unit_key(person, client))) {
      ++counts_.pairs_review;
    } else {
      ++counts_.pairs_rejected;
    }
  }

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
    if (linked_person[c] != kNoPerson) {
      const UnitLink& l = links_[link_of_client[c]];
      uint32_t p = linked_person[c];
      cp.ref = person_ref_[p];
      cp.root = left_[person_profiles_[p].front()].root;
      cp.method = l.method;
      if (!std::isnan(l.weight)) cp.weight = l.weight;
      continue;
    }
    // The client's own valid INSZ: the one of most records; not an OCMW
    // person's (the link to that person was not made).
    int32_t best_root = -1;
    uint32_t best_records = 0;
    for (uint32_t r : client_profiles_[c]) {
      const Profile& rp = right_[r];
      if (rp.root < 0 || person_of_root_[static_cast<size_t>(rp.root)] >= 0) continue;
      if (rp.records > best_records || (rp.records == best_records && rp.root < best_root)) {
        best_root = rp.root;
        best_records = rp.records;
      }
    }
    if (best_root >= 0) {
      cp.root = best_root;
      cp.method = LinkMethod::kClient;
      cp.ref = refs_[static_cast<size_t>(best_root)];
    } else {
      cp.ref = pseudonymiser_.surrogate_ref_bytes(client_ids_[c]);
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
