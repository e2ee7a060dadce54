// Blocking: which record pairs are worth comparing (issue 5).
//
// Comparing all OCMW records (~150k) with all VDAB records (~1.2M) would be
// 1.8e11 pairs. Blocking compares only pairs that agree exactly on at least
// one blocking key. Several rules are unioned, each catching what the others
// miss:
//   kValidInsz              the same valid INSZ;
//   kBirthDate              the same complete birth date (catches every name error);
//   kLastPhoneticBirthYear  phonetic code of the family name (without particles) +
//                           birth year (catches a wrong day/month or a wrong INSZ);
//   kPostcodeInitials       postcode + the two name initials, unordered (catches a
//                           missing birth date, also with swapped names);
//   kFirstPhoneticBirthYear phonetic code of the given name + birth year (a changed
//                           family name); not in the default set.
//   kBirthDateInitials      the complete birth date + the two name initials, unordered:
//                           kBirthDate made selective for large sources (linkage.h).
//   kNamesPhoneticBirthYear phonetic codes of both names, unordered, + birth year:
//                           kLastPhoneticBirthYear made selective (linkage.h).
// A pair found by several rules is emitted once: a rule emits a pair only when
// no earlier rule in the list put it in an (uncapped) block already, which is
// decided from the keys alone, without a set of emitted pairs and without
// sorting them.
//
// Block-size cap: a block (all records sharing one key value) whose pair
// count n_left * n_right (n(n-1)/2 when deduplicating) exceeds
// `max_block_pairs` is skipped entirely and counted in the statistics
// (capped_blocks, capped_pairs). Such a key value is so common (a postcode of
// a large city with initials "M M", 1 January of a year used for unknown
// dates) that agreeing on it says little, and comparing it all would dominate
// the run; the pairs in it still get through any other rule that puts them in
// a small block. The default, 20,000 pairs, is ~100 x 200 records.
//
// Keys are computed once per record into `BlockingKeys` (32 bytes, no
// pointers); the work per rule is two sorts of (key, index) arrays and a
// merge, with no allocation per pair.
#pragma once

#include <cstdint>
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
};

BlockingKeys blocking_keys(const NormalisedRecord& r);

enum class BlockingRule : uint8_t {
  kValidInsz,
  kBirthDate,
  kLastPhoneticBirthYear,
  kPostcodeInitials,
  kFirstPhoneticBirthYear,
  kBirthDateInitials,
  kNamesPhoneticBirthYear
};
std::string_view blocking_rule_name(BlockingRule rule);

// The rule's key of a record; 0 when the record has no key for it.
uint64_t blocking_key(BlockingRule rule, const BlockingKeys& k);

struct BlockingOptions {
  std::vector<BlockingRule> rules = {BlockingRule::kValidInsz, BlockingRule::kBirthDate,
                                     BlockingRule::kLastPhoneticBirthYear,
                                     BlockingRule::kPostcodeInitials};
  uint64_t max_block_pairs = 20'000;
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
// Duplicates within one source: pairs (i, j) with i < j.
BlockingResult block_dedupe(std::span<const BlockingKeys> records,
                            const BlockingOptions& options = {});

}  // namespace lap::link
