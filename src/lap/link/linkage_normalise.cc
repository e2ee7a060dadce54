// Linker::add and Linker::normalise (linkage.h): records become profiles (one
// per distinct identity, the address included, of an OCMW person or a VDAB client, its raw text
// kept once), then every profile is normalised with its blocking keys, OCMW persons are formed from
// the identifier-change classes, and the term frequencies of the names among the VDAB identities
// are counted.
#include <string>
#include <unordered_map>

#include "lap/link/linkage.h"

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

}  // namespace

uint32_t Linker::profile_for(std::vector<Profile>& profiles,
                             std::unordered_map<uint64_t, uint32_t>& index, uint64_t owner_key,
                             const IdentityText& id, int32_t ref) {
  std::string text;
  text.reserve(id.insz.size() + id.last_name.size() + id.first_name.size() + id.birth_date.size() +
               id.street.size() + id.house_number.size() + 5);
  text.append(id.insz).push_back(kSep);
  text.append(id.last_name).push_back(kSep);
  text.append(id.first_name).push_back(kSep);
  text.append(id.birth_date).push_back(kSep);
  text.append(id.street).push_back(kSep);
  text.append(id.house_number);
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
  const uint32_t p = profile_for(left_, left_index_, node, r.identity, static_cast<int32_t>(node));
  left_[p].fresh = left_[p].fresh || r.fresh;
  ++counts_.ocmw_records;
}

void Linker::add(const VdabRecord& r) {
  auto [it, inserted] =
      client_index_.try_emplace(r.client_id, static_cast<uint32_t>(client_ids_.size()));
  if (inserted) client_ids_.push_back(r.client_id);
  int32_t node = r.person ? static_cast<int32_t>(ref_node(*r.person)) : -1;
  uint32_t p = profile_for(right_, right_index_, it->second, r.identity, node);
  right_[p].fresh = right_[p].fresh || r.fresh;
  vdab_records_.emplace_back(r.row_id, p);
  ++counts_.vdab_records;
}

// Every profile normalised once, in parallel, with its blocking keys. Names
// recur (a family name in thousands of records): each thread keeps the
// normalised form of the names and streets it met.
void Linker::normalise_profiles(const std::vector<Profile>& profiles,
                                std::vector<NormalisedRecord>& recs,
                                std::vector<BlockingKeys>& keys) const {
  recs.assign(profiles.size(), NormalisedRecord{});
  keys.assign(profiles.size(), BlockingKeys{});
  run_parallel(profiles.size(), [&](size_t b, size_t e) {
    // Per name: its normalised form and phonetic key; per street its form.
    struct CachedName {
      NormalisedName name;
      uint32_t phonetic = 0;
    };
    std::unordered_map<std::string, CachedName> last_cache, first_cache;
    std::unordered_map<std::string, std::string> street_cache;
    auto cached = [](std::unordered_map<std::string, CachedName>& cache, std::string_view name,
                     NormalisedName (*fn)(std::string_view), bool last) -> const CachedName& {
      auto it = cache.find(std::string(name));
      if (it == cache.end()) {
        NormalisedName n = fn(name);
        const uint32_t phonetic = phonetic_key(last ? n.core : n.joined);
        it = cache.emplace(std::string(name), CachedName{std::move(n), phonetic}).first;
      }
      return it->second;
    };
    for (size_t i = b; i < e; ++i) {
      const Profile& p = profiles[i];
      std::string_view text = std::string_view(raw_).substr(p.raw_offset, p.raw_length);
      std::array<std::string_view, 6> part{};  // insz, names, birth date, street, number
      for (size_t k = 0; k < part.size() - 1; ++k) {
        size_t cut = text.find(kSep);
        part[k] = text.substr(0, cut);
        text.remove_prefix(cut + 1);
      }
      part[part.size() - 1] = text;
      // normalise_record() with the names and streets from the caches.
      NormalisedRecord& r = recs[i];
      r.insz = normalise_insz(part[0], options_.today);
      const CachedName& last = cached(last_cache, part[1], &normalise_last_name, true);
      const CachedName& first = cached(first_cache, part[2], &normalise_first_name, false);
      r.last_name = last.name;
      r.first_name = first.name;
      r.birth = parse_partial_date(part[3]).value_or(PartialDate{});
      if (r.birth.missing() && r.insz.valid) r.birth = insz_birth_date(*r.insz.valid);
      r.sex = p.sex;
      if (r.sex == Sex::kUnknown && r.insz.valid) r.sex = r.insz.valid->sex();
      r.postcode = p.postcode;
      auto street = street_cache.find(std::string(part[4]));
      if (street == street_cache.end()) {
        street = street_cache.emplace(std::string(part[4]), normalise_street(part[4])).first;
      }
      r.street = street->second;
      r.house_number = normalise_house_number(part[5]);
      keys[i] = blocking_keys(r, last.phonetic, first.phonetic);
    }
  });
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
      person_of_root_[root] = static_cast<int32_t>(person_ref_node_.size());
      person_ref_node_.push_back(left_ref_node_[i]);
    }
    p.owner = static_cast<uint32_t>(person_of_root_[root]);
    // The person's pseudonym: a current number (not replaced by an identifier
    // change) before a replaced one, then the smallest; so it does not depend
    // on the order of the records and stays the same across loads.
    uint32_t& chosen = person_ref_node_[p.owner];
    const uint32_t node = left_ref_node_[i];
    if (std::pair(superseded(node), refs_[node]) < std::pair(superseded(chosen), refs_[chosen])) {
      chosen = node;
    }
  }
  for (Profile& p : right_) {
    if (p.root >= 0) p.root = static_cast<int32_t>(ref_root(static_cast<uint32_t>(p.root)));
  }
  person_profiles_.build(person_ref_node_.size(), left_);
  client_profiles_.build(client_ids_.size(), right_);

  normalise_profiles(left_, left_rec_, left_keys_);
  normalise_profiles(right_, right_rec_, right_keys_);
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
  counts_.ocmw_persons = person_ref_node_.size();
  counts_.vdab_clients = client_ids_.size();
}

}  // namespace lap::link
