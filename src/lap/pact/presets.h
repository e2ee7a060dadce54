// The known calls of the Lokaal Activeringspact (domain.md §4 table).
//
// LAP 2023: €10,000,000, counts on 2022-12-31, period 2023-12-01..2024-11-30,
//   pro_rata_with_floor with a 50% advance, no consortia. Version 1 (from
//   2023-06-01, the launch of the call in June 2023) has the threshold 22.5%;
//   version 2 (from 2023-09-29) lowers it to 20%. Deadline 2023-10-31 ("de
//   deelname bevestigen tegen eind oktober 2023", seeds/001).
// LAP 2024: €10,000,000 announced, counts on 2023-12-31, threshold 20%, period
//   2024-12-01..2025-11-30, consortia inside a referentieregio. domain.md and seeds
//   give neither the settlement rule, the advance nor the deadline; chosen:
//   pro_rata, 50% advance (as LAP 2023), deadline 2024-10-31 (as LAP 2023, one
//   year later), version 1 from 2024-06-01. Spans the mergers of 1 Jan 2025.
#pragma once

#include <vector>

#include "lap/pact/call.h"

namespace lap::pact {

Call lap_2023();
Call lap_2024();
// Both presets, oldest first.
std::vector<Call> preset_calls();

}  // namespace lap::pact
