// Redistribution of drawing rights after the application deadline (domain.md §4
// rule 2).
//
// The pool is the rights of the municipalities that did not apply, plus what
// participants gave up by committing to fewer than E extra outflows (their M
// became E × amount). The pool goes to the participants in proportion to N
// (cents by largest remainder, see largest_remainder.h). Which redistribution is
// in force is WSE's decision (decision.h). With the cap on
// (`CallParameters::redistribution_cap`), no participant's right may grow past
// its cap (N − B) × amount: the excess goes round again over the participants
// still below their cap, until the pool is empty or every participant is
// capped. What cannot be placed is reported as `unallocated`, so
//   allocated + unallocated == budget   always (to the cent).
//
// Decisions where the domain rules (domain.md §4) are silent:
//  * A participant that committed to less does not receive redistributed
//    rights (it chose its own ceiling).
//  * A right that already exceeds the cap before redistribution is not cut;
//    that participant just receives nothing.
//  * After redistribution E = ⌊M / amount⌋ and T = B + E are recomputed.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/error.h"
#include "lap/core/money.h"
#include "lap/core/nis.h"
#include "lap/pact/werktabel.h"

namespace lap::pact {

struct Participation {
  Nis nis;
  // Extra outflows committed to; nullopt = the maximum E of the werktabel.
  std::optional<int64_t> engagement;
};

struct RedistributionRow {
  Nis nis;
  int64_t n = 0;
  int64_t b = 0;
  Money m_before;  // the werktabel's M (after a lower commitment)
  Money received;  // from the pool
  Money m;         // m_before + received
  int64_t e = 0;   // ⌊m / amount⌋ (or the lower commitment)
  int64_t t = 0;
  std::optional<Money> cap;  // (N − B) × amount; nullopt when the cap is off
  bool at_cap = false;       // the cap stopped it from receiving more
  bool reduced_commitment = false;
};

struct Redistribution {
  VersionRef version;
  Money budget;
  Money pool;                           // non-participants' rights + rights given up
  Money allocated;                      // Σ m over the participants
  Money unallocated;                    // what could not be placed (every participant capped)
  int rounds = 0;                       // passes over the pool
  std::vector<RedistributionRow> rows;  // participants only, ordered by NIS code

  const RedistributionRow* find(Nis nis) const;
};

// Errors: a participant not in the werktabel, a participant listed twice, an
// engagement outside 0..E.
Result<Redistribution> redistribute(const Werktabel& werktabel,
                                    std::span<const Participation> participants, bool cap_enabled);

// `r` as it stands before redistribution: no pool, every participant holds its
// own right (m = m_before) and E follows from it again, except after a lower
// commitment; allocated + unallocated == budget still holds.
Redistribution without_pool(Redistribution r, Money amount);

}  // namespace lap::pact
