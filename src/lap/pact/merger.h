// The mergers of 1 January 2025 in a call whose period spans them (LAP 2024;
// domain.md §4 rule 7).
//
// Each member code is followed to the municipality it belongs to at the end of
// the period (geo::Registry::current_on). Units whose members end up in the
// same municipality become one unit (kind kMergedMunicipality): engagements of
// merging participants add up (N, M, B, E, T summed), and the results of the
// new code and of every old code merged into it count for that unit.
//
// The domain rules (domain.md) are silent on a participant merging with a municipality that did not
// apply; read literally, the results of the whole new municipality count. This
// is what happens, and the codes concerned are listed in
// `SettlementUnit::non_participating_partners` so WSE sees it on the screen.
//
// Id of a merged unit: the new NIS code when all its members end up in one
// municipality, else the original unit ids joined by '+' (a consortium whose
// members merged into different municipalities).
#pragma once

#include <vector>

#include "lap/core/date.h"
#include "lap/geo/registry.h"
#include "lap/pact/unit.h"

namespace lap::pact {

// `before` is the call's counts_on (codes as applied), `after` its period_end.
// Units without merged members are returned unchanged, in their order.
std::vector<SettlementUnit> apply_mergers(const std::vector<SettlementUnit>& units,
                                          const geo::Registry& registry, Date before, Date after);

}  // namespace lap::pact
