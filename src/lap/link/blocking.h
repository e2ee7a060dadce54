// Blocking: which record pairs are worth comparing (issues 5 and 18).
//
// Comparing all OCMW records (~150k) with all VDAB records (~1.2M) would be
// 1.8e11 pairs. Blocking compares only pairs that agree exactly on at least
// one blocking key. Several rules are unioned, each catching what the others
// miss. A rule gives a record up to two keys ("either name": the phonetic code
// of the family name and that of the given name, so a rule survives one
// missing, replaced or swapped name); two records share a rule's block when
// any key of one equals any key of the other.
//   kValidInsz              the same valid INSZ;
//   kBirthDate              the same complete birth date;
//   kLastPhoneticBirthYear  phonetic code of the family name (without particles) +
//                           birth year;
//   kPostcodeInitials       postcode + the two name initials, unordered (a missing
//                           birth date, also with swapped names);
//   kFirstPhoneticBirthYear phonetic code of the given name + birth year;
//   kBirthDateInitials      the complete birth date + the two name initials, unordered;
//   kNamesPhoneticBirthYear phonetic codes of both names, unordered, + birth year
//                           (a wrong birth day or month);
//   kBirthDateName          the complete birth date + the phonetic code of either
//                           name (one name missing, replaced or misspelt);
//   kBirthDatePostcode      the complete birth date + postcode (both names wrong);
//   kPostcodeYearName       postcode + birth year + the phonetic code of either name
//                           (a wrong birth day or month and one name wrong);
//   kPostcodeNames          postcode + the phonetic codes of both names, unordered
//                           (a wrong or missing birth date);
//   kNamesPhonetic          the phonetic codes of both names, unordered (birth date
//                           and postcode both wrong; common names fill capped blocks);
//   kBirthDateInitial       the complete birth date + the initial of either name;
//   kPostcodeName           postcode + the phonetic code of either name (a wrong or
//                           missing birth date and one name wrong);
//   kPostcodeStreet         postcode + street (birth date and names wrong; when the
//                           sources carry an address; weak);
//   kStreetNumber           street + house number (a wrong postcode as well);
//   kInszTailInitial        the last five digits of the INSZ as recorded (sequence and
//                           check digits, which survive a number written from a wrong
//                           birth date) + the initial of either name;
//   kStreet                 the street alone (everything else wrong; a weak rule: a
//                           street name found in many municipalities fills capped blocks);
//   kPostcodeDigitsName     the postcode's digits in sorted order + the phonetic code of
//                           either name (two digits of the postcode swapped, 3189 for
//                           3198, and the birth date wrong; weak).
// Which rules a linkage uses is an option (LinkOptions, `lap link --blocking`);
// the choice is measured as pair completeness (the share of true pairs a rule
// or the union puts in a block, quality.h) against the pairs it costs
// (docs/linking.md).
// A pair found by several rules (or by both keys of one rule) is emitted once:
// a rule emits a pair only when no earlier rule in the list, and no smaller key
// of the same rule, put it in an (uncapped) block already, which is decided
// from the keys alone, without a set of emitted pairs and without sorting them.
//
// Block-size cap: a block (all records sharing one key value) whose pair
// count n_left * n_right (n(n-1)/2 when deduplicating) exceeds
// `max_block_pairs` (`max_weak_block_pairs` for a rule without a birth date in
// its key) is skipped entirely and counted in the statistics
// (capped_blocks, capped_pairs). Such a key value is so common (a postcode of
// a large city with initials "M M", 1 January of a year used for unknown
// dates) that agreeing on it says little, and comparing it all would dominate
// the run; the pairs in it still get through any other rule that puts them in
// a small block.
//
// Keys are computed once per record into `BlockingKeys` (32 bytes, no
// pointers); the work per rule is two sorts of (key, index) arrays and a
// merge, with no allocation per pair.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "lap/link/normalise.h"

namespace lap::link {

struct BlockingKeys {
  uint64_t valid_insz = 0;      // the 11 digits of a valid INSZ, 0 when none
  uint32_t birth_date = 0;      // YYYYMMDD of a complete birth date, 0 otherwise
  uint32_t last_phonetic = 0;   // hash of phonetic_code(last_name.core), 0 when empty
  uint32_t first_phonetic = 0;  // hash of phonetic_code(first_name.joined), 0 when empty
  uint16_t birth_year = 0;      // 0 when unknown
  uint16_t postcode = 0;        // 0 when unknown
  char last_initial = 0;        // first letter of last_name.core, 0 when empty
  char first_initial = 0;       // first letter of first_name.joined, 0 when empty
  uint32_t street = 0;          // hash of the normalised street, 0 when empty
  uint32_t house_number = 0;    // hash of the normalised house number, 0 when empty
  uint32_t insz_tail = 0;       // last five digits (sequence, check) of an 11-digit INSZ as
                                // recorded, valid or not, + 1; 0 when none
};

BlockingKeys blocking_keys(const NormalisedRecord& r);
// The same with the names' phonetic keys given (phonetic_key of the family
// name's core and of the joined given name), for callers that cache them.
BlockingKeys blocking_keys(const NormalisedRecord& r, uint32_t last_phonetic,
                           uint32_t first_phonetic);
// The hash of phonetic_code(folded) the name keys use; 0 for no letters.
uint32_t phonetic_key(std::string_view folded);

enum class BlockingRule : uint8_t {
  kValidInsz,
  kBirthDate,
  kLastPhoneticBirthYear,
  kPostcodeInitials,
  kFirstPhoneticBirthYear,
  kBirthDateInitials,
  kNamesPhoneticBirthYear,
  kBirthDateName,
  kBirthDatePostcode,
  kPostcodeYearName,
  kPostcodeNames,
  kNamesPhonetic,
  kBirthDateInitial,
  kPostcodeName,
  kPostcodeStreet,
  kStreetNumber,
  kInszTailInitial,
  kStreet,
  kPostcodeDigitsName
};
inline constexpr BlockingRule kAllBlockingRules[] = {BlockingRule::kValidInsz,
                                                     BlockingRule::kBirthDate,
                                                     BlockingRule::kLastPhoneticBirthYear,
                                                     BlockingRule::kPostcodeInitials,
                                                     BlockingRule::kFirstPhoneticBirthYear,
                                                     BlockingRule::kBirthDateInitials,
                                                     BlockingRule::kNamesPhoneticBirthYear,
                                                     BlockingRule::kBirthDateName,
                                                     BlockingRule::kBirthDatePostcode,
                                                     BlockingRule::kPostcodeYearName,
                                                     BlockingRule::kPostcodeNames,
                                                     BlockingRule::kNamesPhonetic,
                                                     BlockingRule::kBirthDateInitial,
                                                     BlockingRule::kPostcodeName,
                                                     BlockingRule::kPostcodeStreet,
                                                     BlockingRule::kStreetNumber,
                                                     BlockingRule::kInszTailInitial,
                                                     BlockingRule::kStreet,
                                                     BlockingRule::kPostcodeDigitsName};
std::string_view blocking_rule_name(BlockingRule rule);
std::optional<BlockingRule> parse_blocking_rule(std::string_view name);

// A rule's keys of one record: none (the record lacks a field the rule needs),
// one, or two (the "either name" rules). Never 0; distinct.
struct RuleKeys {
  std::array<uint64_t, 2> key{};
  size_t size = 0;
  const uint64_t* begin() const { return key.data(); }
  const uint64_t* end() const { return key.data() + size; }
};
RuleKeys blocking_keys(BlockingRule rule, const BlockingKeys& k);
// Whether two records share a block of the rule.
bool share_block(BlockingRule rule, const BlockingKeys& a, const BlockingKeys& b);

// Rules whose key holds neither a birth date nor a house number:
// postcode_initials, postcode_names, names_phonetic, postcode_name,
// postcode_street, street, postcode_digits_name.
bool weak_rule(BlockingRule rule);

struct BlockingOptions {
  std::vector<BlockingRule> rules = {BlockingRule::kValidInsz, BlockingRule::kBirthDate,
                                     BlockingRule::kLastPhoneticBirthYear,
                                     BlockingRule::kPostcodeInitials};
  uint64_t max_block_pairs = 20'000;
  // The cap of the WEAK rules (weak_rule(): neither a birth date nor a house
  // number in the key), whose blocks of common names, long streets or large
  // postcodes are large and say little.
  uint64_t max_weak_block_pairs = 20'000;
  // block_link: with more than one, the next rule's keys are sorted on a
  // second thread while a rule's pairs are emitted (same result).
  int threads = 1;
  uint64_t cap(BlockingRule rule) const {
    return weak_rule(rule) ? max_weak_block_pairs : max_block_pairs;
  }
};

struct CandidatePair {
  uint32_t left = 0;
  uint32_t right = 0;
  friend bool operator==(const CandidatePair&, const CandidatePair&) = default;
  friend auto operator<=>(const CandidatePair&, const CandidatePair&) = default;
};

struct RuleStats {
  BlockingRule rule{};
  uint64_t blocks = 0;         // key values present on both sides
  uint64_t pairs = 0;          // pairs this rule emitted (new ones only)
  uint64_t duplicates = 0;     // pairs an earlier rule had emitted already
  uint64_t capped_blocks = 0;  // blocks skipped for the cap
  uint64_t capped_pairs = 0;   // pairs in those blocks
};

struct BlockingResult {
  // Each pair once, grouped by the rule that found it first; within a rule in
  // key order. Deterministic for given input.
  std::vector<CandidatePair> pairs;
  std::vector<RuleStats> stats;  // one per rule, in rule order
};

// Linking two sources: pairs (i, j) with i indexing `left` and j `right`.
BlockingResult block_link(std::span<const BlockingKeys> left, std::span<const BlockingKeys> right,
                          const BlockingOptions& options = {});
// The pairs one rule alone puts in its blocks of at most `max_block_pairs`
// (a pair in two blocks of an "either name" rule counts twice): its cost.
uint64_t block_pairs(BlockingRule rule, std::span<const BlockingKeys> left,
                     std::span<const BlockingKeys> right, uint64_t max_block_pairs);

// A sample of the pairs one rule puts in its uncapped blocks, for training
// (linkage_model.cc): whole blocks, chosen by a hash of their key, about
// `max_pairs` pairs. Deterministic for given input.
std::vector<CandidatePair> sample_blocks(BlockingRule rule, std::span<const BlockingKeys> left,
                                         std::span<const BlockingKeys> right,
                                         uint64_t max_block_pairs, uint64_t max_pairs);

// The pairs of block_link(left, right, options) that touch a marked record
// (left_marked[i] or right_marked[j]), each once, sorted; for linking only what
// changed (Linker, incremental linking). The same blocks and caps as
// block_link: a block's size counts every record sharing its key, marked or
// not. Instead of sorting every record's keys per rule, the keys of the marked
// records go into a hash table and one pass over all records finds their
// blocks, so the cost is a scan of the records plus the pairs emitted.
std::vector<CandidatePair> block_link_touching(std::span<const BlockingKeys> left,
                                               std::span<const BlockingKeys> right,
                                               const std::vector<bool>& left_marked,
                                               const std::vector<bool>& right_marked,
                                               const BlockingOptions& options = {});

// Duplicates within one source: pairs (i, j) with i < j.
BlockingResult block_dedupe(std::span<const BlockingKeys> records,
                            const BlockingOptions& options = {});

}  // namespace lap::link
