// Decisions and persons (issue 5): scored pairs become links, review items or
// nothing, and linked records become persons.
//
// Decision per pair, on its match weight (bits, see fellegi_sunter.h):
//   weight >= upper          kMatch   (linked)
//   lower <= weight < upper  kReview  (clerical review queue)
//   weight < lower           kNonMatch
//
// Persons are the connected components of the kMatch links (union-find), with
// a GUARD against chaining two different people through one bad record (A-X
// strong, X-B strong, A and B two people). Rule: two clusters are NOT merged
// when one holds a record with a valid INSZ p and birth date d and the other a
// record with a valid INSZ q != p and a birth date that conflicts with d
// (years differ, or both months known and different, or both days known and
// different; a missing date never conflicts). Different valid numbers with the
// same birth date are allowed: a BIS number replaced by a national number, or
// a valid-looking typo, keep the birth date. So two persons with different
// valid INSZ and different birth dates are never one person, whatever the
// links say. Links are applied strongest first (weight descending), so the
// refused link is the weaker one; refused links are reported (they belong in
// the review queue).
//
// The birth date of a node is the caller's choice; the intended one is the
// record's own birth date (a wrong-but-valid INSZ typo then does not split a
// person whose records agree on the date).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "lap/link/normalise.h"

namespace lap::link {

enum class Decision : uint8_t { kNonMatch, kReview, kMatch };

struct Thresholds {
  double lower = 0;   // below: not linked
  double upper = 10;  // at or above: linked
};

Decision decide(double weight, const Thresholds& t);

// What the guard knows about one record (node).
struct GuardIdentity {
  uint64_t valid_insz = 0;  // 11 digits of a valid INSZ, 0 when none
  PartialDate birth;
};

// True when two identities cannot be one person (the rule above).
bool identities_conflict(const GuardIdentity& a, const GuardIdentity& b);

// Union-find over nodes 0..n-1 with the guard. Per node 32 bytes; a merge
// checks the members with a valid INSZ of both clusters (a few), found
// through a circular list, without allocation.
class GuardedUnionFind {
 public:
  explicit GuardedUnionFind(std::vector<GuardIdentity> nodes);

  enum class Outcome { kMerged, kAlreadyTogether, kRefused };
  Outcome merge(uint32_t a, uint32_t b);
  uint32_t find(uint32_t a);
  // Whether merging the clusters of a and b would be refused.
  bool conflict(uint32_t a, uint32_t b);
  size_t size() const { return parent_.size(); }

 private:
  std::vector<GuardIdentity> nodes_;
  std::vector<uint32_t> parent_;
  std::vector<uint32_t> rank_;
  // Circular list through the members of a cluster that hold a valid INSZ
  // (node i links to itself when it holds one and is alone; unused otherwise).
  std::vector<uint32_t> next_insz_;
  std::vector<uint32_t> first_insz_;  // per root: a member with a valid INSZ, or kNone
  static constexpr uint32_t kNone = UINT32_MAX;
};

struct WeightedPair {
  uint32_t a = 0;  // node ids
  uint32_t b = 0;
  double weight = 0;
};

struct ClusterResult {
  std::vector<uint32_t> person_of;  // per node: a dense person number 0..persons-1
  uint32_t persons = 0;
  std::vector<WeightedPair> review;   // kReview pairs, in input order
  std::vector<WeightedPair> refused;  // kMatch pairs the guard refused, strongest first
  uint64_t matches = 0;               // kMatch pairs (merged, already together or refused)
  uint64_t non_matches = 0;
};

// Decides every pair and forms persons. `nodes` describes every node;
// pairs refer to node ids < nodes.size(). Person numbers follow the first
// appearance of a node, so the result is deterministic.
ClusterResult cluster_pairs(std::span<const GuardIdentity> nodes,
                            std::span<const WeightedPair> pairs, const Thresholds& thresholds);

}  // namespace lap::link
