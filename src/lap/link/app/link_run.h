// The linking use case (docs/linking.md): the identities of a data load read
// from a store, linked (linkage.h), and stored as a link run with its record
// links and review queue; optionally measured against a synthetic delivery's
// ground truth (quality.h). What `lap link` and `lap import` call. It prints
// nothing: choosing the load and the key and presenting the result are the
// caller's.
//
// The run is saved in one transaction (Store::save_link_run), with the
// reviewers' decisions of earlier runs applied.
//
// A run is INCREMENTAL (Linker::set_base, docs/linking.md) when the latest
// link run (the base) is of this load or an earlier one, was made with the
// same options and stored its model: then only the persons and clients whose
// records changed since the base's load are linked again, with the base's
// model, and every other client keeps what the base decided. Otherwise, or
// with `full`, everything is linked and the model estimated afresh. The
// summary's `basis` says which, and why a run was full. The quality is measured after
// the run is saved: an unreadable ground truth fails the call but leaves the
// run stored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lap/core/date.h"
#include "lap/core/error.h"
#include "lap/link/linkage.h"
#include "lap/link/pseudonym.h"
#include "lap/link/quality.h"
#include "lap/store/store.h"

namespace lap::link {

struct LinkRunRequest {
  int64_t load = 0;  // the data load to link
  Thresholds thresholds = LinkOptions{}.thresholds;
  int threads = 0;           // for normalising and scoring; 0: one per core
  Date today;                // for the INSZ rules
  std::string ground_truth;  // a ground_truth.csv to measure against; empty: none
  // The blocking rules, in order; empty: the default of LinkOptions.
  std::vector<BlockingRule> blocking;
  // The block-size cap of the rules without a birth date; 0: the default.
  uint64_t max_weak_block_pairs = 0;
  // Link everything and estimate the model again, whatever the latest run.
  bool full = false;
};

// Wall-clock seconds of the steps.
struct LinkRunSeconds {
  double read = 0;  // the identities and decisions from the store
  double normalise = 0, blocking = 0, scoring = 0, resolve = 0;
  double write = 0;    // the run into the store
  double quality = 0;  // reading the ground truth and measuring
  double link() const { return normalise + blocking + scoring + resolve; }
};

// CPU seconds of the process (all threads) in the linkage passes: comparable
// on a shared machine.
struct LinkRunCpuSeconds {
  double normalise = 0, blocking = 0, scoring = 0, resolve = 0;
  double total = 0;
};

struct LinkRunResult {
  int64_t run_id = 0;
  int64_t load = 0;
  int threads = 0;  // as used
  LinkCounts counts;
  // link_summary_json (link_json.h); stored without `weight_histogram`.
  nlohmann::json summary;
  std::optional<QualityReport> quality;  // with a ground truth
  LinkRunSeconds seconds;
  LinkRunCpuSeconds cpu_seconds;
  std::optional<int64_t> base_run;  // the run an incremental run built on
  std::string full_because;         // why a run was full (empty when incremental)
};

// Links `request.load` and stores the run. Errors: those of the store
// (kNotFound for an unknown load) and of the ground-truth file.
Result<LinkRunResult> run_linkage(store::Store& store, const Pseudonymiser& pseudonymiser,
                                  const LinkRunRequest& request);

// The ground truth of a synthetic delivery (docs/formats.md `ground_truth.csv`):
// INSZ numbers are pseudonymised with `pseudonymiser` as they are on import.
Result<GroundTruth> read_ground_truth(const std::string& path, const Pseudonymiser& pseudonymiser);

}  // namespace lap::link
