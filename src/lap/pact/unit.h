// A settlement unit: what the LAP settles as one "i" (domain.md §4).
//
// Usually one municipality. A consortium settled jointly is one unit with the
// summed N, M, B, E and T of its members (consortium.h); after the mergers of
// 1 Jan 2025 the units of merging participants add up (merger.h). Results are
// looked up under every code in `result_codes`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lap/core/money.h"
#include "lap/core/nis.h"

namespace lap::pact {

enum class UnitKind {
  kMunicipality,        // one participant
  kJointConsortium,     // a consortium settled jointly
  kMergedMunicipality,  // participants merged on 1 Jan 2025 (or one, renamed)
};

struct SettlementUnit {
  std::string id;  // NIS code, consortium id, or the new NIS code after a merger
  UnitKind kind = UnitKind::kMunicipality;
  std::vector<Nis> members;       // participating codes (as applied), ordered
  std::vector<Nis> result_codes;  // codes whose results count for this unit, ordered
  // Codes whose results count although they did not participate (a partner
  // in a merger that did not apply; domain.md §4 rule 7 read literally).
  std::vector<Nis> non_participating_partners;
  int64_t n = 0;
  Money m;
  int64_t b = 0;
  int64_t e = 0;
  int64_t t = 0;
};

}  // namespace lap::pact
