// The identity-resolution pipeline (issue 5, docs/linking.md): OCMW records
// (RMI entitlements) against VDAB records (registrations), from the identity
// data as stored to one person per VDAB registration.
//
// Units:
//   OCMW person   the pseudonyms of the RMI records joined by identifier
//                 changes (a BIS number and the national number replacing it
//                 are one person). POD MI numbers are validated, so these are
//                 the anchors: two OCMW persons are never merged.
//   VDAB client   a VDAB client number; all its registrations are one human.
//   profile       a distinct identity (INSZ as recorded, names, birth date,
//                 sex, postcode) of an OCMW person or a VDAB client. Records
//                 with the same identity share one profile, so each identity
//                 is normalised and compared once.
//
// Passes:
//   normalise()   profiles normalised, blocking keys, persons and clients;
//   block()       candidate profile pairs from the blocking rules (blocking.h),
//                 plus every pair whose pseudonyms are one person (the same
//                 valid INSZ, also through an identifier change);
//   score()       comparison levels of every pair (compare.h); u from random
//                 pairs, m by EM in training sessions, monotone weights and
//                 the match prior (linkage_model.cc); weights with the
//                 term-frequency adjustment of exact name agreement;
//   resolve()     per (OCMW person, VDAB client) the best pair weight; a client
//                 is linked to at most one OCMW person: the best among those
//                 with the same valid INSZ (deterministic) or a weight at or
//                 above the upper threshold, unless the guard refuses (a
//                 valid INSZ of another person with a conflicting birth
//                 date, guard.h; or a valid INSZ clearly different from
//                 all of the person's); a reviewer's decision overrides; pairs
//                 between the thresholds, competing links and refused links go
//                 to the review queue. Then every VDAB registration gets its
//                 person: the linked OCMW person, else the client's own valid
//                 INSZ, else a surrogate pseudonym of the client number.
//
// This is the one decision rule for OCMW x VDAB: links are never chained into
// clusters (a client joins at most one OCMW person and OCMW persons are never
// merged). The one clustering is of unlinked VDAB clients among themselves
// (deduplicate_clients, linkage_dedupe.cc).
//
// Call the passes in order, once. Not thread-safe; score() and normalise()
// use `threads` threads internally. Pure: no I/O.
//
// The passes are implemented in linkage.cc (records, blocking, explanations),
// linkage_normalise.cc, linkage_score.cc, linkage_model.cc and linkage_resolve.cc.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/insz.h"
#include "lap/link/blocking.h"
#include "lap/link/compare.h"
#include "lap/link/fellegi_sunter.h"
#include "lap/link/guard.h"
#include "lap/link/normalise.h"
#include "lap/link/pseudonym.h"

namespace lap::link {

// Identity fields as stored (views, valid during the add call).
struct IdentityText {
  std::string_view insz;  // as recorded; empty when missing
  std::string_view last_name;
  std::string_view first_name;
  std::string_view birth_date;  // YYYY-MM-DD, empty when missing
  Sex sex = Sex::kUnknown;
  int postcode = 0;
  std::string_view street{};        // empty when missing
  std::string_view house_number{};  // empty when missing
};

struct OcmwRecord {         // an RMI entitlement row
  PersonRefBytes person{};  // pseudonym of its (validated) INSZ
  IdentityText identity;
  bool fresh = false;  // added since the base run's load (incremental linking)
};

struct VdabRecord {  // a VDAB registration row
  int64_t row_id = 0;
  uint64_t client_id = 0;
  std::optional<PersonRefBytes> person;  // pseudonym of a valid INSZ; nullopt otherwise
  IdentityText identity;
  bool fresh = false;  // added since the base run's load (incremental linking)
};

// The decision thresholds on the MATCH LOG-ODDS of a pair in bits: its weight
// (fellegi_sunter.h) plus the log-odds that two identities drawn at random
// from the two sources are one person (Linker::population_prior: the
// estimated matches over all OCMW x VDAB identity pairs). So the weight a link
// needs grows by one bit with every doubling of the sources, and does not
// depend on the blocking rules; Linker::weight_thresholds() gives the weights
// they come to in a run. The defaults were chosen by measurement on FEBRL3
// (3,000 VDAB identities, log-odds prior -10.9) and `flanders` (1.15 million,
// -20.6), docs/linking.md.
struct Thresholds {
  double lower = 0;   // below: not linked
  double upper = 10;  // at or above: a link candidate
};

struct LinkOptions {
  // Match log-odds in bits (weight + population prior), see Thresholds.
  Thresholds thresholds{.lower = -13, .upper = -5};
  // The rules for OCMW x VDAB (docs/linking.md), chosen by pair completeness
  // on FEBRL3 and `flanders` against the pairs they cost; the rules with the
  // most pairs first (each pair is checked against the rules before it).
  BlockingOptions blocking{
      .rules = {BlockingRule::kValidInsz, BlockingRule::kBirthDateInitial,
                BlockingRule::kPostcodeName, BlockingRule::kNamesPhonetic,
                BlockingRule::kBirthDatePostcode, BlockingRule::kNamesPhoneticBirthYear,
                BlockingRule::kInszTailInitial, BlockingRule::kStreetNumber,
                BlockingRule::kPostcodeStreet, BlockingRule::kStreet,
                BlockingRule::kPostcodeDigitsName},
      .max_block_pairs = 5'000,
      .max_weak_block_pairs = 100};
  EmOptions em;
  bool term_frequencies = true;
  // Random profile pairs compared to estimate u (0: u by EM on the candidates).
  size_t u_sample = 300'000;
  // A second OCMW person whose weight for a client is within this many bits
  // of the linked one is put in the review queue as competing.
  double competing_margin = 4;
  int threads = 2;
  Date today;  // for the INSZ rules
};

enum class LinkMethod : uint8_t { kInsz, kClient, kProbabilistic, kReviewed, kSurrogate };
std::string_view link_method_name(LinkMethod m);

enum class ReviewReason : uint8_t { kBetweenThresholds, kCompeting, kGuard };
std::string_view review_reason_name(ReviewReason r);

// A registration whose resolved person differs from its imported pseudonym.
struct RecordOverride {
  int64_t row_id = 0;
  PersonRefBytes person{};
  LinkMethod method = LinkMethod::kInsz;
  std::optional<double> weight;  // the link's weight; nullopt when not scored
};

// A (OCMW person, VDAB client) pair after resolve().
struct UnitLink {
  uint32_t person = 0;  // OCMW person index
  uint32_t client = 0;  // client index
  double weight = 0;    // best pair weight; NaN when never compared
  LinkMethod method = LinkMethod::kProbabilistic;
};

struct ReviewItem {
  uint32_t person = 0;
  uint32_t client = 0;
  double weight = 0;
  ReviewReason reason = ReviewReason::kBetweenThresholds;
};

struct LinkCounts {
  uint64_t ocmw_records = 0, vdab_records = 0;
  uint64_t ocmw_profiles = 0, vdab_profiles = 0;
  uint64_t ocmw_persons = 0, vdab_clients = 0;
  uint64_t identifier_changes = 0;
  // Compared profile pairs by the outcome of their (person, client) pair.
  uint64_t pairs_compared = 0, pairs_linked = 0, pairs_review = 0, pairs_rejected = 0;
  uint64_t deterministic_pairs_added = 0;  // same person, not found by a blocking rule
  // (person, client) pairs.
  uint64_t links_deterministic = 0, links_probabilistic = 0, links_reviewed = 0;
  uint64_t review_items = 0, refused_by_guard = 0, competing = 0;
  uint64_t decisions_applied = 0;
  // Registrations.
  uint64_t overrides = 0, surrogate_clients = 0;
  // Unlinked clients without a valid INSZ joined to another client (linkage_dedupe.cc).
  uint64_t clients_merged = 0;
  // Incremental linking: the OCMW persons and clients whose identities changed
  // since the base run, and the base run's (person, client) pairs carried over.
  uint64_t changed_persons = 0, changed_clients = 0, carried_units = 0;
};

// What incremental linking takes from an earlier run (the base): its model and
// match prior, and the (OCMW person, VDAB client) pairs that mattered for its
// decisions (Linker::unit_refs). See Linker::set_base.
struct LinkBase {
  FellegiSunterModel model{identity_fields()};
  double match_share = 0;
  std::vector<std::pair<PersonRefBytes, uint64_t>> units;
};

class Linker {
 public:
  Linker(LinkOptions options, const Pseudonymiser& pseudonymiser);

  // `fresh`: recorded since the base run's load (incremental linking).
  void add_identifier_change(const PersonRefBytes& old_ref, const PersonRefBytes& new_ref,
                             bool fresh = false);
  void add(const OcmwRecord& r);
  void add(const VdabRecord& r);
  // Incremental linking: an OCMW pseudonym or a client that lost a record
  // since the base run's load (its identities changed).
  void add_changed_person(const PersonRefBytes& ref);
  void add_changed_client(uint64_t client_id);
  // Incremental linking (docs/linking.md): links what changed since `base`,
  // an earlier run, with its model. Records marked `fresh`, and the persons
  // and clients of add_changed_*, of fresh identifier changes and of fresh
  // records are CHANGED; block() compares only pairs with a changed side
  // (block_link_touching), score() keeps the base model and prior, and the
  // base's pairs between unchanged persons and clients are compared again
  // (their profiles are the same, so are their weights) instead of being
  // found by blocking. resolve() then decides every client as a full run
  // with that model would, except where the blocks' caps or the names'
  // term frequencies moved with the new records. Call before normalise().
  void set_base(LinkBase base);
  bool incremental() const { return base_.has_value(); }
  // A reviewer's decision about (the OCMW person of `ocmw_ref`, the client);
  // a later call for the same pair replaces an earlier one.
  void add_decision(const PersonRefBytes& ocmw_ref, uint64_t client_id, bool match);

  void normalise();
  void block();
  void score();
  void resolve();

  const LinkOptions& options() const { return options_; }
  const LinkCounts& counts() const { return counts_; }
  const std::vector<RuleStats>& blocking_stats() const { return blocking_stats_; }
  const FellegiSunterModel& model() const { return model_; }
  // The thresholds as weights (without the prior), after score().
  Thresholds weight_thresholds() const;
  // log2(p / (1 - p)) of p, the share of matches among all OCMW x VDAB
  // identity pairs (after score()).
  double population_prior() const;
  const EmResult& em() const { return em_; }
  // The EM training sessions of m (linkage_model.cc).
  struct SessionStats {
    std::string_view name;
    uint64_t pairs = 0;  // candidate pairs in the session
    bool used = false;   // enough pairs to estimate from
    int iterations = 0;
    bool converged = false;
    double lambda = 0;  // the session's share of matches
  };
  const std::vector<SessionStats>& sessions() const { return sessions_; }
  // Levels whose weight was pooled with a better level to keep the order.
  int monotone_levels() const { return monotone_levels_; }
  // The estimated share of matches among all OCMW x VDAB identity pairs (u is
  // cleared of them when it is noticeable, linkage_model.cc).
  double match_share() const { return match_share_; }
  // What the user must know about the estimation (a fallback, a field without
  // estimate); empty when all went as designed.
  const std::vector<std::string>& warnings() const { return warnings_; }

  // The (OCMW person, client) pairs that mattered for the decisions: compared
  // and at least at the lower threshold, of one INSZ, or decided by a
  // reviewer. Stored with a run, the next incremental run's LinkBase::units.
  std::vector<std::pair<PersonRefBytes, uint64_t>> unit_refs() const;

  const std::vector<RecordOverride>& overrides() const { return overrides_; }
  const std::vector<UnitLink>& links() const { return links_; }
  const std::vector<ReviewItem>& review() const { return review_; }

  // Weight histogram of the compared pairs: bins of `bin_bits` from `from`.
  struct Histogram {
    double from = 0;
    double bin_bits = 2;
    std::vector<uint64_t> counts;  // the first and last bins hold everything beyond
  };
  Histogram histogram() const;

  uint32_t person_count() const { return static_cast<uint32_t>(person_ref_node_.size()); }
  // The OCMW person's pseudonym: of a current number (not replaced by an
  // identifier change), the smallest; independent of the order of the records.
  const PersonRefBytes& person_ref(uint32_t person) const {
    return refs_[person_ref_node_[person]];
  }
  // The OCMW person of a pseudonym (any of its records or identifier changes).
  std::optional<uint32_t> person_of(const PersonRefBytes& ref) const;
  uint32_t client_count() const { return static_cast<uint32_t>(client_ids_.size()); }
  uint64_t client_id(uint32_t client) const { return client_ids_[client]; }
  std::optional<uint32_t> client_of(uint64_t client_id) const;

  // The comparison behind a (person, client) pair: its best profile pair.
  // nullopt when none of their profiles were compared.
  std::optional<WeightExplanation> explain(uint32_t person, uint32_t client) const;
  // The best compared weight of each (person, client) pair (NaN when never
  // compared); one pass over the compared pairs.
  std::vector<double> best_weights(std::span<const std::pair<uint32_t, uint32_t>> units) const;
  // The identities (profiles) of an OCMW person or a client and their blocking
  // keys, for measuring blocking (quality.h).
  std::span<const uint32_t> person_profiles(uint32_t person) const {
    return person_profiles_[person];
  }
  std::span<const uint32_t> client_profiles(uint32_t client) const {
    return client_profiles_[client];
  }
  std::span<const BlockingKeys> ocmw_keys() const { return left_keys_; }
  std::span<const BlockingKeys> vdab_keys() const { return right_keys_; }

  // The first client (by index) of the client's cluster of unlinked clients
  // (linkage_dedupe.cc); the client itself when it joined no other.
  uint32_t client_cluster(uint32_t client) const {
    return client_parent_.empty() ? client : client_root(client);
  }

  // Whether the members of a person and a client cannot be one human: a valid
  // INSZ of another person with a conflicting birth date (guard.h).
  bool guard_conflict(uint32_t person, uint32_t client) const;
  // Whether the client holds a valid INSZ more than one digit away from every
  // number of the person: two valid, clearly different numbers are two people
  // (namesakes born on one day) unless a reviewer decides otherwise.
  bool insz_conflict(uint32_t person, uint32_t client) const;

 private:
  // A distinct identity; its normalised form and blocking keys are in
  // left_rec_/right_rec_ and left_keys_/right_keys_ (same index).
  struct Profile {
    uint32_t owner = 0;       // OCMW person index (left) or client index (right)
    int32_t root = -1;        // identifier-change class of its pseudonym, -1 when none
    uint32_t records = 0;     // records with this identity
    uint64_t raw_offset = 0;  // the raw text in raw_
    uint32_t raw_length = 0;
    Sex sex = Sex::kUnknown;
    int postcode = 0;
    float tf_last = 1, tf_first = 1;  // term-frequency factors (right side)
    bool fresh = false;               // a record added since the base run (incremental)
  };
  struct Unit {
    float weight = 0;
    uint32_t left = 0, right = 0;  // best profile pair
    bool deterministic = false;
    bool compared = false;
  };

  uint32_t ref_node(const PersonRefBytes& ref);
  uint32_t ref_root(uint32_t node);
  uint32_t profile_for(std::vector<Profile>& profiles,
                       std::unordered_map<uint64_t, uint32_t>& index, uint64_t owner_key,
                       const IdentityText& id, int32_t ref);
  PairLevels levels(uint32_t left, uint32_t right) const;
  void normalise_profiles(const std::vector<Profile>& profiles, std::vector<NormalisedRecord>& recs,
                          std::vector<BlockingKeys>& keys) const;
  void estimate_model(const PatternCounts& counts);
  // `final`: the last pass, which reports what it could not estimate.
  void estimate_m_in_sessions(const PatternCounts& counts, bool final);
  // Level counts of options_.u_sample random profile pairs (the same sample
  // for the same input, whatever the number of threads).
  PatternCounts random_pair_counts() const;
  // Level counts of n profile pairs (pair_at(i): left, right).
  PatternCounts pattern_counts(
      size_t n, const std::function<std::pair<uint32_t, uint32_t>(size_t)>& pair_at) const;
  std::array<double, kFieldCount> tf_u(const PairLevels& p, uint32_t right) const;
  static uint64_t unit_key(uint32_t person, uint32_t client) {
    return (uint64_t{person} << 32) | client;
  }
  void run_parallel(size_t n, const std::function<void(size_t, size_t)>& fn) const;
  // Pairs of one person by their pseudonyms that blocking did not find (with
  // `touching`, only those with a changed side: left or right marked).
  void add_pseudonym_pairs(const std::vector<bool>* left_marked,
                           const std::vector<bool>* right_marked);

  // The steps of resolve() (linkage_resolve.cc).
  struct Resolution;
  struct LinkCandidate;
  void collect_units();
  void link_clients(Resolution& resolution);
  // `units`: the (client, person) units of `client`.
  void link_client(uint32_t client, std::span<const std::pair<uint32_t, uint32_t>> units,
                   Resolution& resolution);
  std::optional<LinkCandidate> choose_link(uint32_t client, std::vector<LinkCandidate>& cands,
                                           Resolution& resolution);
  void count_pair_outcomes(const Resolution& resolution);
  void assign_registrations(const Resolution& resolution);
  // The identifier-change class of the client's own valid INSZ that is no
  // OCMW person's, -1 when none.
  int32_t own_valid_insz(uint32_t client) const;
  // VDAB clients among themselves (linkage_dedupe.cc); `linked_person` per
  // client its OCMW person or UINT32_MAX.
  void deduplicate_clients(const std::vector<uint32_t>& linked_person);
  uint32_t client_root(uint32_t client) const;
  std::vector<uint32_t> client_parent_;      // union-find over clients
  std::vector<int32_t> cluster_valid_root_;  // per cluster root: its valid INSZ class, -1
  std::vector<uint64_t> cluster_min_id_;     // per cluster root: its smallest client number
  uint64_t smallest_client_id(uint32_t root) const { return cluster_min_id_[root]; }

  LinkOptions options_;
  const Pseudonymiser& pseudonymiser_;
  LinkCounts counts_;

  // Pseudonyms: union-find through identifier changes.
  std::unordered_map<PersonRefBytes, uint32_t, PseudonymHash> ref_index_;
  std::vector<uint32_t> ref_parent_;
  std::vector<PersonRefBytes> refs_;

  std::string raw_;  // raw identity text of every profile
  std::vector<Profile> left_, right_;
  std::vector<NormalisedRecord> left_rec_, right_rec_;
  std::vector<BlockingKeys> left_keys_, right_keys_;
  std::unordered_map<uint64_t, uint32_t> left_index_, right_index_;
  std::vector<uint32_t> left_ref_node_;  // per left profile: its pseudonym's node
  std::vector<std::pair<int64_t, uint32_t>> vdab_records_;  // row id, right profile
  std::unordered_map<uint64_t, uint32_t> client_index_;
  std::vector<uint64_t> client_ids_;

  // Incremental linking (set_base).
  void block_changed();
  std::optional<LinkBase> base_;
  std::vector<PersonRefBytes> changed_refs_;
  std::vector<uint64_t> changed_client_ids_;
  std::vector<uint32_t> fresh_change_nodes_;  // ref nodes of fresh identifier changes

  std::vector<bool> superseded_;  // per node: the old number of an identifier change
  bool superseded(uint32_t node) const { return node < superseded_.size() && superseded_[node]; }

  // OCMW persons (after normalise).
  std::vector<uint32_t> person_ref_node_;  // per person: the node of its pseudonym
  std::vector<int32_t> person_of_root_;    // per ref node (root): person index or -1
  // The profiles of each OCMW person / client (compressed rows).
  struct Groups {
    std::vector<uint32_t> offset;  // size groups + 1
    std::vector<uint32_t> items;
    std::span<const uint32_t> operator[](size_t g) const {
      return {items.data() + offset[g], offset[g + 1] - offset[g]};
    }
    void build(size_t groups, const std::vector<Profile>& profiles);
  };
  Groups person_profiles_, client_profiles_;

  std::vector<std::pair<PersonRefBytes, std::pair<uint64_t, bool>>> decisions_in_;
  std::unordered_map<uint64_t, bool> decisions_;  // unit key -> match

  std::vector<CandidatePair> pairs_;
  std::vector<float> weights_;
  std::vector<RuleStats> blocking_stats_;
  FellegiSunterModel model_;
  EmResult em_;
  std::vector<SessionStats> sessions_;
  int monotone_levels_ = 0;
  double match_share_ = 0;  // estimated share of matches among all pairs
  std::vector<std::string> warnings_;
  std::array<double, kFieldCount> u_exact_{};

  std::vector<RecordOverride> overrides_;
  std::vector<UnitLink> links_;
  std::vector<ReviewItem> review_;
  std::unordered_map<uint64_t, Unit> units_;  // pairs that mattered for decisions
};

}  // namespace lap::link
