// Helpers shared by the case tables (case_tables.cc, case_followup.cc); not
// part of the storage interface.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lap/store/case_store.h"
#include "lap/store/sql/database.h"

namespace lap::store::sql {

// The columns read_case reads, in its order.
inline constexpr std::string_view kCaseColumns =
    "case_id, person_ref, ocmw_nis, regie, status, row_version, opened_at, opened_by, "
    "ocmw_worker, vdab_worker, closed_on";

CaseRecord read_case(const Statement& st);
std::optional<std::string> opt_text(const Statement& st, int column);
// Appends a history row to the case (inside the caller's transaction).
Status add_event(Database& db, int64_t case_id, const CaseActor& actor, std::string_view kind,
                 std::string_view detail);
// The case's stored record, kNotFound when there is none.
Result<CaseRecord> stored_case(Database& db, int64_t case_id);
// kFailedPrecondition for a closed case.
Status require_open(const CaseRecord& c);
// kFailedPrecondition unless the actor acts for `side`.
Status require_side(const CaseActor& actor, std::string_view side, std::string_view what);

// Notifies `username` of a change of `kind` in the case (notification_tables.cc):
// nothing when there is nobody to tell or it is the actor themself.
Status notify(Database& db, int64_t case_id, const std::optional<std::string>& username,
              std::string_view kind, const CaseActor& actor);

// The transmissions and exemptions of a case, in the order they were made (case_followup.cc).
Result<std::vector<CaseTransmission>> read_transmissions(Database& db, int64_t case_id);
Result<std::vector<CaseExemption>> read_exemptions(Database& db, int64_t case_id);

}  // namespace lap::store::sql
