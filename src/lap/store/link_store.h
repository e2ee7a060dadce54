// Identity resolution (link): docs/linking.md, migration 0004_link.sql. A link
// run resolves the snapshot of one load: which person every VDAB registration
// belongs to, stored as the registrations whose person differs from the
// imported one. `FactStore::read_facts` passes each registration with the
// person of the latest link run of the load (when there is one). Reviewers'
// decisions about uncertain pairs outlive runs and feed the next one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/error.h"

namespace lap::store {

class LinkStore {
 public:
  virtual ~LinkStore() = default;

  // One record's identity as stored (views valid during the sink call).
  struct LinkIdentity {
    int64_t row_id = 0;           // rmi_entitlement.id or vdab_registration.id
    int64_t vdab_client_id = 0;   // 0 for an RMI record
    std::string_view person_ref;  // the imported pseudonym; empty when none
    std::string_view insz;        // as recorded; empty when missing
    bool insz_valid = false;
    std::string_view last_name;   // empty when missing
    std::string_view first_name;  // empty when missing
    std::string_view birth_date;  // YYYY-MM-DD; empty when missing
    char sex = 'X';               // 'M', 'F' or 'X'
    int postcode = 0;
    std::string_view street;        // empty when missing
    std::string_view house_number;  // empty when missing
    bool fresh = false;             // added after the `since` load (read_link_input)
  };
  class LinkInputSink {
   public:
    virtual ~LinkInputSink() = default;
    virtual void ocmw(const LinkIdentity& r) = 0;
    virtual void vdab(const LinkIdentity& r) = 0;
    // `fresh`: recorded after the `since` load.
    virtual void identifier_change(std::string_view old_ref, std::string_view new_ref,
                                   bool fresh) = 0;
    // With `since`: a pseudonym of an RMI record, or a client of a VDAB
    // record, that was current at `since` and retired by `load`;
    // and both pseudonyms of an identifier change retired so.
    virtual void retired_ocmw(std::string_view person_ref) = 0;
    virtual void retired_vdab(int64_t vdab_client_id) = 0;
  };
  // Every RMI entitlement and VDAB registration of the snapshot of `load` with
  // its identity, and every identifier change. With `since` (an earlier load,
  // for incremental linking) the rows added after it are marked fresh and the
  // records retired after it reported. kNotFound for an unknown load.
  virtual Status read_link_input(int64_t load, std::optional<int64_t> since,
                                 LinkInputSink& sink) = 0;

  struct RecordLink {  // a registration whose person differs from the imported one
    int64_t registration_id = 0;
    std::string resolved_ref;
    std::string method;  // insz, client, probabilistic, reviewed, surrogate
    std::optional<double> weight;
  };
  struct LinkReviewItem {
    int64_t review_id = 0;  // set when read
    int64_t run_id = 0;     // idem
    std::string ocmw_ref;
    int64_t vdab_client_id = 0;
    double weight = 0;
    std::string reason;       // between_thresholds, competing, guard
    std::string levels_json;  // per field: level and weight, never values
  };
  struct LinkRun {
    int64_t run_id = 0;
    int64_t load_id = 0;
    std::string created_at;
    std::string summary_json;
  };
  // A (OCMW person, VDAB client) pair that mattered for a run's decisions
  // (migration 0013_link_unit.sql): what the next, incremental run compares
  // again for persons and clients that did not change.
  struct LinkUnit {
    std::string ocmw_ref;
    int64_t vdab_client_id = 0;
    friend bool operator==(const LinkUnit&, const LinkUnit&) = default;
  };
  // Stores a run with its record links, review items and units in one
  // transaction; returns the run id (`run.run_id` and `created_at` are
  // ignored).
  virtual Result<int64_t> save_link_run(const LinkRun& run, const std::vector<RecordLink>& links,
                                        const std::vector<LinkReviewItem>& review,
                                        const std::vector<LinkUnit>& units) = 0;
  // The units of a run, ordered by pseudonym and client.
  virtual Result<std::vector<LinkUnit>> link_units(int64_t run_id) = 0;
  // The latest link run of `load` (default: of the latest load that has one).
  virtual Result<std::optional<LinkRun>> latest_link_run(std::optional<int64_t> load) = 0;
  // The review items of a run; with `open_only`, those without a decision
  // about their pair.
  virtual Result<std::vector<LinkReviewItem>> link_review(int64_t run_id, bool open_only) = 0;

  struct LinkDecision {
    std::string ocmw_ref;
    int64_t vdab_client_id = 0;
    bool match = false;
    std::string reviewer;
    std::string decided_at;            // set when read
    std::optional<int64_t> review_id;  // the item it settled, when known
  };
  // Records a reviewer's decision about the pair of review item `review_id`
  // (kNotFound for an unknown item).
  virtual Status decide_link(int64_t review_id, bool match, std::string_view reviewer) = 0;
  // Every pair's latest decision, for the next run.
  virtual Result<std::vector<LinkDecision>> link_decisions() = 0;
};

}  // namespace lap::store
