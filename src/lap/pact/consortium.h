// Consortia (samenwerkingsverbanden) of LAP 2024: municipalities inside one
// referentieregio applying together, settled jointly (one unit with summed N,
// M, B, E, T and results) or individually (each member its own unit; the
// consortium only shares the plan of approach).
//
// Jointly, B and E are the sums of the members' own (rounded) B and E — not
// threshold × ΣN nor ⌊ΣM / amount⌋ — so choosing joint settlement never changes
// the engagement, only who carries it: a member's shortfall can be made good by
// another member's surplus.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/error.h"
#include "lap/geo/registry.h"
#include "lap/pact/call.h"
#include "lap/pact/problem.h"
#include "lap/pact/redistribution.h"
#include "lap/pact/unit.h"

namespace lap::pact {

enum class ConsortiumSettlement { kJoint, kIndividual };
std::string_view consortium_settlement_name(ConsortiumSettlement s);  // `joint` / `individual`

struct Consortium {
  std::string id;  // unique among the call's consortia; the joint unit's id
  std::string name;
  std::vector<Nis> members;
  ConsortiumSettlement settlement = ConsortiumSettlement::kJoint;
};

// Rules: the call allows consortia; id not empty; at least two members, no
// duplicates; every member a municipality on the call's counts_on with a known
// referentieregio; all members in the same referentieregio.
Problems validate_consortium(const Consortium& c, const CallParameters& p,
                             const geo::Registry& registry);

// One unit per participant, except members of a jointly settled consortium,
// who form one unit. Errors: an invalid consortium, a member that is not a
// participant, a municipality in two consortia.
Result<std::vector<SettlementUnit>> build_units(const Redistribution& participants,
                                                std::span<const Consortium> consortia,
                                                const CallParameters& p,
                                                const geo::Registry& registry);

// A unit for one participant row.
SettlementUnit unit_of(const RedistributionRow& row);

}  // namespace lap::pact
