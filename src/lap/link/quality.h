// The quality of a linkage against a ground truth (synthetic data only,
// docs/formats.md `ground_truth.csv`), issue 5.
//
// The unit is the pair (OCMW person, VDAB client) as in linkage.h: a client is
// truly linked to the OCMW person that holds the same true person id. Precision,
// recall and F1 count such pairs; the worst false matches come with the
// per-field explanation of their weight (levels and weights, no values).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "lap/link/fellegi_sunter.h"
#include "lap/link/linkage.h"

namespace lap::link {

class GroundTruth {
 public:
  // The pseudonym of an INSZ the person held, and the person's true id.
  void add_person_ref(const PersonRefBytes& ref, uint64_t person_id);
  void add_client(uint64_t client_id, uint64_t person_id);
  std::optional<uint64_t> person_of_ref(const PersonRefBytes& ref) const;
  std::optional<uint64_t> person_of_client(uint64_t client_id) const;

 private:
  std::unordered_map<PersonRefBytes, uint64_t, PseudonymHash> refs_;
  std::unordered_map<uint64_t, uint64_t> clients_;
};

struct FalseMatch {
  uint64_t client_id = 0;
  uint64_t client_truth = 0;  // the true person id of the client
  uint64_t ocmw_truth = 0;    // the true person id of the OCMW person it was linked to
  double weight = 0;
  LinkMethod method = LinkMethod::kProbabilistic;
  std::optional<WeightExplanation> explanation;
};

// How well one blocking rule keeps the true pairs together.
struct RuleCompleteness {
  BlockingRule rule{};
  bool used = false;         // in the linkage's rules
  uint64_t true_pairs = 0;   // true pairs with an identity pair in one block of the rule
  double completeness = 0;   // true_pairs / all true pairs
  uint64_t block_pairs = 0;  // pairs in the rule's uncapped blocks (its cost alone)
};

struct QualityReport {
  uint64_t true_pairs = 0;       // clients whose true person is an OCMW person
  uint64_t predicted_pairs = 0;  // links made
  uint64_t true_positives = 0;
  uint64_t false_matches = 0;
  uint64_t missed_matches = 0;
  double precision = 0, recall = 0, f1 = 0;
  // Why the missed ones were missed.
  uint64_t missed_not_compared = 0;  // no blocking rule paired them
  uint64_t missed_below_lower = 0;   // weight below the lower threshold
  uint64_t missed_in_review = 0;     // waiting in the review queue
  uint64_t missed_other = 0;         // e.g. the client was linked to another person
  // Blocking: the share of true pairs compared (by any rule or the INSZ), and
  // per rule (every rule, used or not) the share it alone keeps together.
  // NaN for an incremental run (Linker::incremental): it compares only the
  // pairs of what changed and those that mattered before, so a true pair it
  // did not compare may well have been compared by the base run.
  double pair_completeness = 0;
  bool incremental = false;
  std::vector<RuleCompleteness> rules;
  // VDAB clients joined to another client's cluster (linkage_dedupe.cc), and
  // of them those whose true person differs from the cluster's first client.
  uint64_t clients_merged = 0, clients_merged_wrongly = 0;
  // VDAB client numbers of true pairs no rule compared (the first `worst`).
  std::vector<uint64_t> not_compared_clients;
  // Links that put two valid INSZ with conflicting birth dates in one person (must be 0).
  uint64_t guard_violations = 0;
  // Ground truth coverage.
  uint64_t persons_without_truth = 0, clients_without_truth = 0;
  std::vector<FalseMatch> worst_false_matches;  // highest weight first
  // Missed pairs that were compared, highest weight first (ocmw_truth ==
  // client_truth; `method` is meaningless).
  std::vector<FalseMatch> best_missed_matches;
};

QualityReport evaluate(const Linker& linker, const GroundTruth& truth, size_t worst = 10);

}  // namespace lap::link
