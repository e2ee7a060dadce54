// The hash chain of the audit log (migration 0008_audit_chain.sql).
//
// row_hash(n) = hex(SHA-256(text)), where text is the previous row's row_hash
// (64 zeros for the first chained row) followed by the row's id, at, actor,
// role, person_ref, action and purpose, each written as `<byte length>:<bytes>\n`
// so that no field can borrow characters from its neighbour.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "lap/store/store.h"

namespace lap::store::sql {

inline constexpr std::string_view kChainStart =
    "0000000000000000000000000000000000000000000000000000000000000000";

std::string audit_row_hash(std::string_view previous, int64_t id, std::string_view at,
                           const AuditEntry& entry);

}  // namespace lap::store::sql
