#include "lap/link/blocking.h"

#include <algorithm>
#include <array>
#include <future>
#include <unordered_map>
#include <utility>

#include "lap/link/compare.h"

namespace lap::link {
namespace {

uint64_t mix(uint64_t x) {  // splitmix64 finaliser; never returns 0
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  x ^= x >> 31;
  return x == 0 ? 1 : x;
}

uint32_t hash32(std::string_view s) {  // FNV-1a; 0 only for the empty string
  if (s.empty()) return 0;
  uint32_t h = 2166136261U;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619U;
  }
  return h == 0 ? 1 : h;
}

struct Entry {
  uint64_t key;
  uint32_t index;
  friend bool operator<(const Entry& a, const Entry& b) {
    return a.key != b.key ? a.key < b.key : a.index < b.index;
  }
};

std::vector<Entry> keyed(BlockingRule rule, std::span<const BlockingKeys> records) {
  std::vector<Entry> out;
  out.reserve(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    for (uint64_t k : blocking_keys(rule, records[i]))
      out.push_back({k, static_cast<uint32_t>(i)});
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Calls fn(key, l[i..ie), r[j..je)) for every key present in both sorted
// lists: the blocks of a link rule, in key order.
template <typename Fn>
void for_each_block(const std::vector<Entry>& l, const std::vector<Entry>& r, Fn&& fn) {
  for (size_t i = 0, j = 0; i < l.size() && j < r.size();) {
    if (l[i].key != r[j].key) {
      (l[i].key < r[j].key ? i : j)++;
      continue;
    }
    size_t ie = i, je = j;
    while (ie < l.size() && l[ie].key == l[i].key)
      ++ie;
    while (je < r.size() && r[je].key == r[j].key)
      ++je;
    fn(l[i].key, i, ie, j, je);
    i = ie;
    j = je;
  }
}

// The key of a rule that takes one of the two name codes.
uint64_t with_name(uint64_t tag, uint64_t base, uint32_t phonetic) {
  return mix(mix((tag << 56) ^ base) ^ phonetic);
}

bool fields_share(BlockingRule rule, const BlockingKeys& a, const BlockingKeys& b);

// Decides, from the keys alone, whether an earlier rule emitted (a, b).
class EarlierRules {
 public:
  explicit EarlierRules(const BlockingOptions& o) : rules_(o.rules), capped_(o.rules.size()) {}
  // Whether the pair (a, b), now in the block `key` of rule `rule_index`, was
  // in an uncapped block of an earlier rule or of a smaller key of this rule.
  bool emitted(size_t rule_index, uint64_t key, const BlockingKeys& a,
               const BlockingKeys& b) const {
    for (size_t q = 0; q <= rule_index; ++q) {
      // The fields first (no hashing); the keys only for a shared block.
      if (q < rule_index && !fields_share(rules_[q], a, b)) continue;
      RuleKeys kb = blocking_keys(rules_[q], b);
      for (uint64_t ka : blocking_keys(rules_[q], a)) {
        if (q == rule_index && ka >= key) continue;
        if (std::find(kb.begin(), kb.end(), ka) != kb.end() &&
            !std::binary_search(capped_[q].begin(), capped_[q].end(), ka)) {
          return true;
        }
      }
    }
    return false;
  }
  // Keys arrive in increasing order per rule, so the list stays sorted.
  void cap(size_t rule_index, uint64_t key) { capped_[rule_index].push_back(key); }

 private:
  const std::vector<BlockingRule>& rules_;
  std::vector<std::vector<uint64_t>> capped_;
};

}  // namespace

uint32_t phonetic_key(std::string_view folded) {
  return hash32(phonetic_code(folded));
}

BlockingKeys blocking_keys(const NormalisedRecord& r) {
  return blocking_keys(r, phonetic_key(r.last_name.core), phonetic_key(r.first_name.joined));
}

BlockingKeys blocking_keys(const NormalisedRecord& r, uint32_t last_phonetic,
                           uint32_t first_phonetic) {
  BlockingKeys k;
  if (r.insz.valid) k.valid_insz = r.insz.digits;
  if (r.birth.complete()) k.birth_date = static_cast<uint32_t>(r.birth.packed());
  if (!r.birth.missing()) k.birth_year = static_cast<uint16_t>(r.birth.year);
  k.last_phonetic = last_phonetic;
  k.first_phonetic = first_phonetic;
  if (r.postcode > 0 && r.postcode <= 0xFFFF) k.postcode = static_cast<uint16_t>(r.postcode);
  if (!r.last_name.core.empty()) k.last_initial = r.last_name.core[0];
  if (!r.first_name.joined.empty()) k.first_initial = r.first_name.joined[0];
  k.street = hash32(r.street);
  k.house_number = hash32(r.house_number);
  if (r.insz.digits != 0) k.insz_tail = static_cast<uint32_t>(r.insz.digits % 100'000) + 1;
  return k;
}

std::string_view blocking_rule_name(BlockingRule rule) {
  switch (rule) {
    case BlockingRule::kValidInsz:
      return "valid_insz";
    case BlockingRule::kBirthDate:
      return "birth_date";
    case BlockingRule::kLastPhoneticBirthYear:
      return "last_phonetic_birth_year";
    case BlockingRule::kPostcodeInitials:
      return "postcode_initials";
    case BlockingRule::kFirstPhoneticBirthYear:
      return "first_phonetic_birth_year";
    case BlockingRule::kBirthDateInitials:
      return "birth_date_initials";
    case BlockingRule::kNamesPhoneticBirthYear:
      return "names_phonetic_birth_year";
    case BlockingRule::kBirthDateName:
      return "birth_date_name";
    case BlockingRule::kBirthDatePostcode:
      return "birth_date_postcode";
    case BlockingRule::kPostcodeYearName:
      return "postcode_year_name";
    case BlockingRule::kPostcodeNames:
      return "postcode_names";
    case BlockingRule::kNamesPhonetic:
      return "names_phonetic";
    case BlockingRule::kBirthDateInitial:
      return "birth_date_initial";
    case BlockingRule::kPostcodeName:
      return "postcode_name";
    case BlockingRule::kPostcodeStreet:
      return "postcode_street";
    case BlockingRule::kStreetNumber:
      return "street_number";
    case BlockingRule::kInszTailInitial:
      return "insz_tail_initial";
    case BlockingRule::kStreet:
      return "street";
    case BlockingRule::kPostcodeDigitsName:
      return "postcode_digits_name";
  }
  return "?";
}

bool weak_rule(BlockingRule rule) {
  switch (rule) {
    case BlockingRule::kPostcodeInitials:
    case BlockingRule::kPostcodeNames:
    case BlockingRule::kNamesPhonetic:
    case BlockingRule::kPostcodeName:
    case BlockingRule::kPostcodeStreet:
    case BlockingRule::kStreet:
    case BlockingRule::kPostcodeDigitsName:
      return true;
    default:
      return false;
  }
}

std::optional<BlockingRule> parse_blocking_rule(std::string_view name) {
  for (BlockingRule r : kAllBlockingRules) {
    if (blocking_rule_name(r) == name) return r;
  }
  return std::nullopt;
}

namespace {

// The key of a single-key rule; 0 when the record has none.
uint64_t single_key(BlockingRule rule, const BlockingKeys& k) {
  switch (rule) {
    case BlockingRule::kValidInsz:
      return k.valid_insz;
    case BlockingRule::kBirthDate:
      return k.birth_date;
    case BlockingRule::kLastPhoneticBirthYear:
      if (k.last_phonetic == 0 || k.birth_year == 0) return 0;
      return mix((uint64_t{1} << 60) | (uint64_t{k.last_phonetic} << 16) | k.birth_year);
    case BlockingRule::kFirstPhoneticBirthYear:
      if (k.first_phonetic == 0 || k.birth_year == 0) return 0;
      return mix((uint64_t{2} << 60) | (uint64_t{k.first_phonetic} << 16) | k.birth_year);
    case BlockingRule::kBirthDateInitials: {
      if (k.birth_date == 0 || k.last_initial == 0 || k.first_initial == 0) return 0;
      auto a = static_cast<unsigned char>(std::min(k.last_initial, k.first_initial));
      auto b = static_cast<unsigned char>(std::max(k.last_initial, k.first_initial));
      return mix((uint64_t{4} << 60) | (uint64_t{k.birth_date} << 16) | (uint64_t{a} << 8) | b);
    }
    case BlockingRule::kNamesPhoneticBirthYear: {
      if (k.last_phonetic == 0 || k.first_phonetic == 0 || k.birth_year == 0) return 0;
      uint64_t lo = std::min(k.last_phonetic, k.first_phonetic);
      uint64_t hi = std::max(k.last_phonetic, k.first_phonetic);
      return mix(mix((lo << 32) | hi) ^ ((uint64_t{5} << 60) | k.birth_year));
    }
    case BlockingRule::kPostcodeInitials: {
      if (k.postcode == 0 || k.last_initial == 0 || k.first_initial == 0) return 0;
      auto a = static_cast<unsigned char>(std::min(k.last_initial, k.first_initial));
      auto b = static_cast<unsigned char>(std::max(k.last_initial, k.first_initial));
      return mix((uint64_t{3} << 60) | (uint64_t{k.postcode} << 16) | (uint64_t{a} << 8) | b);
    }
    case BlockingRule::kBirthDatePostcode:
      if (k.birth_date == 0 || k.postcode == 0) return 0;
      return mix((uint64_t{6} << 60) | (uint64_t{k.birth_date} << 16) | k.postcode);
    case BlockingRule::kPostcodeNames: {
      if (k.postcode == 0 || k.last_phonetic == 0 || k.first_phonetic == 0) return 0;
      uint64_t lo = std::min(k.last_phonetic, k.first_phonetic);
      uint64_t hi = std::max(k.last_phonetic, k.first_phonetic);
      return mix(mix((lo << 32) | hi) ^ ((uint64_t{7} << 60) | k.postcode));
    }
    case BlockingRule::kStreet:
      return k.street == 0 ? 0 : mix((uint64_t{16} << 60) ^ k.street);
    case BlockingRule::kStreetNumber:
      if (k.street == 0 || k.house_number == 0) return 0;
      return mix((uint64_t{14} << 60) ^ (uint64_t{k.street} << 32) ^ k.house_number);
    case BlockingRule::kPostcodeStreet:
      if (k.postcode == 0 || k.street == 0) return 0;
      return mix((uint64_t{13} << 60) | (uint64_t{k.street} << 16) | k.postcode);
    case BlockingRule::kNamesPhonetic: {
      if (k.last_phonetic == 0 || k.first_phonetic == 0) return 0;
      uint64_t lo = std::min(k.last_phonetic, k.first_phonetic);
      uint64_t hi = std::max(k.last_phonetic, k.first_phonetic);
      return mix(mix((lo << 32) | hi) ^ (uint64_t{10} << 60));
    }
    case BlockingRule::kBirthDateName:
    case BlockingRule::kPostcodeYearName:
    case BlockingRule::kBirthDateInitial:
    case BlockingRule::kPostcodeName:
    case BlockingRule::kInszTailInitial:
    case BlockingRule::kPostcodeDigitsName:
      break;  // two keys: blocking_keys()
  }
  return 0;
}

// The four digits of a postcode in increasing order (3198 and 3189 give 1389).
uint64_t sorted_digits(uint16_t postcode) {
  const uint64_t p = postcode;
  std::array<uint64_t, 4> d{p / 1000 % 10, p / 100 % 10, p / 10 % 10, p % 10};
  std::sort(d.begin(), d.end());
  return ((d[0] * 10 + d[1]) * 10 + d[2]) * 10 + d[3];
}

// The keys of an "either name" rule: `base` with each non-empty name code
// (the phonetic codes, or the initials).
RuleKeys either_name(uint64_t tag, uint64_t base, const BlockingKeys& k, bool initials = false) {
  RuleKeys out;
  const auto li = static_cast<uint32_t>(static_cast<unsigned char>(k.last_initial));
  const auto fi = static_cast<uint32_t>(static_cast<unsigned char>(k.first_initial));
  for (uint32_t code :
       initials ? std::array{li, fi} : std::array{k.last_phonetic, k.first_phonetic}) {
    if (code == 0) continue;
    uint64_t key = with_name(tag, base, code);
    if (out.size == 1 && out.key[0] == key) continue;  // both names sound alike
    out.key[out.size++] = key;
  }
  return out;
}

}  // namespace

RuleKeys blocking_keys(BlockingRule rule, const BlockingKeys& k) {
  switch (rule) {
    case BlockingRule::kBirthDateName:
      if (k.birth_date == 0) return {};
      return either_name(8, k.birth_date, k);
    case BlockingRule::kPostcodeYearName:
      if (k.postcode == 0 || k.birth_year == 0) return {};
      return either_name(9, (uint64_t{k.postcode} << 16) | k.birth_year, k);
    case BlockingRule::kBirthDateInitial:
      if (k.birth_date == 0) return {};
      return either_name(11, k.birth_date, k, true);
    case BlockingRule::kPostcodeName:
      if (k.postcode == 0) return {};
      return either_name(12, k.postcode, k);
    case BlockingRule::kInszTailInitial:
      if (k.insz_tail == 0) return {};
      return either_name(15, k.insz_tail, k, true);
    case BlockingRule::kPostcodeDigitsName:
      if (k.postcode == 0) return {};
      return either_name(17, sorted_digits(k.postcode), k);
    default: {
      RuleKeys out;
      if (uint64_t key = single_key(rule, k); key != 0) out.key[out.size++] = key;
      return out;
    }
  }
}

namespace {

// Unordered pairs of non-zero codes, equal.
template <typename T>
bool same_pair(T a1, T a2, T b1, T b2) {
  return a1 != 0 && a2 != 0 && std::min(a1, a2) == std::min(b1, b2) &&
         std::max(a1, a2) == std::max(b1, b2);
}
// Whether a non-zero code of one record equals one of the other's.
template <typename T>
bool any_code(T a1, T a2, T b1, T b2) {
  return (a1 != 0 && (a1 == b1 || a1 == b2)) || (a2 != 0 && (a2 == b1 || a2 == b2));
}
template <typename T>
bool same(T a, T b) {
  return a != 0 && a == b;
}

// share_block from the fields, without computing keys: the same answer but
// for hash collisions of the keys (tested against share_block).
bool fields_share(BlockingRule rule, const BlockingKeys& a, const BlockingKeys& b) {
  const bool phonetic =
      any_code(a.last_phonetic, a.first_phonetic, b.last_phonetic, b.first_phonetic);
  const bool initial = any_code(a.last_initial, a.first_initial, b.last_initial, b.first_initial);
  switch (rule) {
    case BlockingRule::kValidInsz:
      return same(a.valid_insz, b.valid_insz);
    case BlockingRule::kBirthDate:
      return same(a.birth_date, b.birth_date);
    case BlockingRule::kLastPhoneticBirthYear:
      return same(a.last_phonetic, b.last_phonetic) && same(a.birth_year, b.birth_year);
    case BlockingRule::kFirstPhoneticBirthYear:
      return same(a.first_phonetic, b.first_phonetic) && same(a.birth_year, b.birth_year);
    case BlockingRule::kBirthDateInitials:
      return same(a.birth_date, b.birth_date) &&
             same_pair(a.last_initial, a.first_initial, b.last_initial, b.first_initial);
    case BlockingRule::kNamesPhoneticBirthYear:
      return same(a.birth_year, b.birth_year) &&
             same_pair(a.last_phonetic, a.first_phonetic, b.last_phonetic, b.first_phonetic);
    case BlockingRule::kPostcodeInitials:
      return same(a.postcode, b.postcode) &&
             same_pair(a.last_initial, a.first_initial, b.last_initial, b.first_initial);
    case BlockingRule::kBirthDatePostcode:
      return same(a.birth_date, b.birth_date) && same(a.postcode, b.postcode);
    case BlockingRule::kPostcodeNames:
      return same(a.postcode, b.postcode) &&
             same_pair(a.last_phonetic, a.first_phonetic, b.last_phonetic, b.first_phonetic);
    case BlockingRule::kNamesPhonetic:
      return same_pair(a.last_phonetic, a.first_phonetic, b.last_phonetic, b.first_phonetic);
    case BlockingRule::kStreet:
      return same(a.street, b.street);
    case BlockingRule::kStreetNumber:
      return same(a.street, b.street) && same(a.house_number, b.house_number);
    case BlockingRule::kPostcodeStreet:
      return same(a.postcode, b.postcode) && same(a.street, b.street);
    case BlockingRule::kBirthDateName:
      return same(a.birth_date, b.birth_date) && phonetic;
    case BlockingRule::kPostcodeYearName:
      return same(a.postcode, b.postcode) && same(a.birth_year, b.birth_year) && phonetic;
    case BlockingRule::kBirthDateInitial:
      return same(a.birth_date, b.birth_date) && initial;
    case BlockingRule::kPostcodeName:
      return same(a.postcode, b.postcode) && phonetic;
    case BlockingRule::kInszTailInitial:
      return same(a.insz_tail, b.insz_tail) && initial;
    case BlockingRule::kPostcodeDigitsName:
      return a.postcode != 0 && b.postcode != 0 &&
             sorted_digits(a.postcode) == sorted_digits(b.postcode) && phonetic;
  }
  return false;
}

}  // namespace

bool share_block(BlockingRule rule, const BlockingKeys& a, const BlockingKeys& b) {
  RuleKeys kb = blocking_keys(rule, b);
  for (uint64_t ka : blocking_keys(rule, a)) {
    if (std::find(kb.begin(), kb.end(), ka) != kb.end()) return true;
  }
  return false;
}

BlockingResult block_link(std::span<const BlockingKeys> left, std::span<const BlockingKeys> right,
                          const BlockingOptions& options) {
  BlockingResult result;
  EarlierRules earlier(options);
  // The sorted keys of the next rule are made on a second thread while this
  // rule's blocks are emitted (two rules' arrays in memory at a time).
  using Keyed = std::pair<std::vector<Entry>, std::vector<Entry>>;
  auto prepare = [&](size_t ri) {
    return Keyed(keyed(options.rules[ri], left), keyed(options.rules[ri], right));
  };
  const auto policy = options.threads > 1 ? std::launch::async : std::launch::deferred;
  std::future<Keyed> next;
  if (!options.rules.empty()) next = std::async(policy, prepare, 0);
  for (size_t ri = 0; ri < options.rules.size(); ++ri) {
    RuleStats stats;
    stats.rule = options.rules[ri];
    auto [l, r] = next.get();
    if (ri + 1 < options.rules.size()) next = std::async(policy, prepare, ri + 1);
    for_each_block(l, r, [&](uint64_t key, size_t i, size_t ie, size_t j, size_t je) {
      ++stats.blocks;
      uint64_t n = static_cast<uint64_t>(ie - i) * (je - j);
      if (n > options.cap(stats.rule)) {
        ++stats.capped_blocks;
        stats.capped_pairs += n;
        earlier.cap(ri, key);
        return;
      }
      for (size_t a = i; a < ie; ++a) {
        for (size_t b = j; b < je; ++b) {
          if (earlier.emitted(ri, key, left[l[a].index], right[r[b].index])) {
            ++stats.duplicates;
          } else {
            result.pairs.push_back({l[a].index, r[b].index});
            ++stats.pairs;
          }
        }
      }
    });
    result.stats.push_back(stats);
  }
  return result;
}

uint64_t block_pairs(BlockingRule rule, std::span<const BlockingKeys> left,
                     std::span<const BlockingKeys> right, uint64_t max_block_pairs) {
  uint64_t pairs = 0;
  for_each_block(keyed(rule, left), keyed(rule, right),
                 [&](uint64_t, size_t i, size_t ie, size_t j, size_t je) {
                   uint64_t n = static_cast<uint64_t>(ie - i) * (je - j);
                   if (n <= max_block_pairs) pairs += n;
                 });
  return pairs;
}

std::vector<CandidatePair> sample_blocks(BlockingRule rule, std::span<const BlockingKeys> left,
                                         std::span<const BlockingKeys> right,
                                         uint64_t max_block_pairs, uint64_t max_pairs) {
  std::vector<Entry> l = keyed(rule, left);
  std::vector<Entry> r = keyed(rule, right);
  struct Block {
    size_t i, ie, j, je;
    uint64_t key;
  };
  std::vector<Block> blocks;
  uint64_t total = 0;
  for_each_block(l, r, [&](uint64_t key, size_t i, size_t ie, size_t j, size_t je) {
    uint64_t n = static_cast<uint64_t>(ie - i) * (je - j);
    if (n <= max_block_pairs) {
      blocks.push_back({i, ie, j, je, key});
      total += n;
    }
  });
  const uint64_t stride = max_pairs == 0 ? 1 : (total + max_pairs - 1) / max_pairs;
  std::vector<CandidatePair> out;
  for (const Block& b : blocks) {
    if (stride > 1 && mix(b.key ^ 0xB10CULL) % stride != 0) continue;
    for (size_t a = b.i; a < b.ie; ++a) {
      for (size_t c = b.j; c < b.je; ++c)
        out.push_back({l[a].index, r[c].index});
    }
  }
  return out;
}

namespace {

// One key's block in block_link_touching: its members (as long as the block
// can be under the cap) and its size on each side.
struct TouchedBlock {
  std::vector<uint32_t> left, right;
  uint64_t n_left = 0, n_right = 0;
};

// Counts every record of `records` into the blocks of `blocks` it shares a
// key with; members are kept up to `cap` per side (a block with more on one
// side exceeds the cap: the other side has at least one).
void collect_members(BlockingRule rule, std::span<const BlockingKeys> records, bool left_side,
                     uint64_t cap, std::unordered_map<uint64_t, TouchedBlock>& blocks) {
  for (uint32_t i = 0; i < records.size(); ++i) {
    for (uint64_t k : blocking_keys(rule, records[i])) {
      auto it = blocks.find(k);
      if (it == blocks.end()) continue;
      TouchedBlock& b = it->second;
      uint64_t& n = left_side ? b.n_left : b.n_right;
      std::vector<uint32_t>& members = left_side ? b.left : b.right;
      if (++n <= cap) members.push_back(i);
    }
  }
}

}  // namespace

std::vector<CandidatePair> block_link_touching(std::span<const BlockingKeys> left,
                                               std::span<const BlockingKeys> right,
                                               const std::vector<bool>& left_marked,
                                               const std::vector<bool>& right_marked,
                                               const BlockingOptions& options) {
  auto marked = [](const std::vector<bool>& m, uint32_t i) { return i < m.size() && m[i]; };
  std::vector<CandidatePair> out;
  for (BlockingRule rule : options.rules) {
    const uint64_t cap = options.cap(rule);
    std::unordered_map<uint64_t, TouchedBlock> blocks;
    for (uint32_t i = 0; i < left.size(); ++i) {
      if (!marked(left_marked, i)) continue;
      for (uint64_t k : blocking_keys(rule, left[i]))
        blocks.try_emplace(k);
    }
    for (uint32_t j = 0; j < right.size(); ++j) {
      if (!marked(right_marked, j)) continue;
      for (uint64_t k : blocking_keys(rule, right[j]))
        blocks.try_emplace(k);
    }
    if (blocks.empty()) continue;
    collect_members(rule, left, true, cap, blocks);
    collect_members(rule, right, false, cap, blocks);
    for (const auto& [key, b] : blocks) {
      if (b.n_left == 0 || b.n_right == 0 || b.n_left * b.n_right > cap) continue;
      for (uint32_t i : b.left) {
        const bool li = marked(left_marked, i);
        for (uint32_t j : b.right) {
          if (li || marked(right_marked, j)) out.push_back({i, j});
        }
      }
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

BlockingResult block_dedupe(std::span<const BlockingKeys> records, const BlockingOptions& options) {
  BlockingResult result;
  EarlierRules earlier(options);
  for (size_t ri = 0; ri < options.rules.size(); ++ri) {
    RuleStats stats;
    stats.rule = options.rules[ri];
    std::vector<Entry> e = keyed(stats.rule, records);
    for (size_t i = 0; i < e.size();) {
      size_t ie = i;
      while (ie < e.size() && e[ie].key == e[i].key)
        ++ie;
      uint64_t len = ie - i;
      if (len > 1) {
        ++stats.blocks;
        uint64_t n = len * (len - 1) / 2;
        if (n > options.cap(stats.rule)) {
          ++stats.capped_blocks;
          stats.capped_pairs += n;
          earlier.cap(ri, e[i].key);
        } else {
          for (size_t a = i; a < ie; ++a) {
            for (size_t b = a + 1; b < ie; ++b) {
              if (earlier.emitted(ri, e[i].key, records[e[a].index], records[e[b].index])) {
                ++stats.duplicates;
              } else {
                result.pairs.push_back({e[a].index, e[b].index});
                ++stats.pairs;
              }
            }
          }
        }
      }
      i = ie;
    }
    result.stats.push_back(stats);
  }
  return result;
}

}  // namespace lap::link
