// Redistribution as a decision of WSE (domain.md §4 rule 2).
//
// After the application deadline the rights of the municipalities that did not
// take part go to the participants (redistribution.h) — but only when WSE
// decides so, on a day after the deadline. A decision records the parameter
// version it applied, where the counts came from, which participating
// applications it counted and the rights that resulted. It stays in force
// until WSE takes a new one, which names the decision it supersedes; rights
// never move because an application is approved or refused in between:
//   * a participant counted in the decision in force holds the decision's right;
//   * a participant not counted (approved after the decision) holds its own
//     right (the werktabel's M, or its lower commitment) until WSE decides again;
//   * without a decision in force — before the deadline, or after it until WSE
//     decides — every participant holds its own right.
// With participants outside the decision, Σ M may exceed the budget: the
// table's `unallocated` is then negative, which tells WSE to decide again.
//
// Pure: the service reads the decisions from the store and records new ones.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/error.h"
#include "lap/pact/application.h"
#include "lap/pact/call.h"
#include "lap/pact/inputs.h"
#include "lap/pact/redistribution.h"
#include "lap/pact/werktabel.h"

namespace lap::pact {

struct RedistributionDecision {
  std::string call_id;
  int64_t number = 0;  // set by the store: the previous number + 1
  Date decided_on;
  std::string decided_at;             // set by the store (ISO 8601 UTC)
  std::string decided_by;             // set by the store
  std::optional<int64_t> supersedes;  // the number of the decision it replaces
  std::string note;
  std::string counts_origin;          // where N came from, as the werktabel says
  std::vector<int64_t> applications;  // the participating applications counted, ordered
  Redistribution rights;              // `version`: the parameter version applied

  DecisionRef ref() const { return {number, decided_on}; }
};

// The decision in force on `today`: the highest number among those decided on
// or before `today`; nullptr when there is none.
const RedistributionDecision* decision_in_force(std::span<const RedistributionDecision> decisions,
                                                Date today);

// The participants' rights under `decision` (nullptr: none in force), see the
// rules above. `table.version` is the werktabel's; rows ordered by NIS code.
struct RightsInForce {
  Redistribution table;
  std::optional<DecisionRef> decision;
  std::vector<Nis> outside_decision;  // participants holding their own right after a decision
};
Result<RightsInForce> rights_in_force(const Werktabel& werktabel,
                                      std::span<const Participation> participants,
                                      const CallParameters& p,
                                      const RedistributionDecision* decision);

// A new decision on `on` over the participating `applications`, superseding
// `previous` (the latest decision, nullptr for the first). Errors
// (kFailedPrecondition): `on` not after the deadline, `on` before the
// previous decision's day, no participating application; and those of
// redistribute().
Result<RedistributionDecision> decide_redistribution(const Werktabel& werktabel,
                                                     std::span<const Application> applications,
                                                     const CallParameters& p, Date on,
                                                     const RedistributionDecision* previous);

}  // namespace lap::pact
