// Helpers shared by the SQLite store and its import transaction; not part of
// the storage interface.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/date.h"
#include "lap/store/sql/database.h"
#include "lap/store/store.h"

namespace lap::store::sql {

// Held (per transaction) by whoever appends to the audit log of a PostgreSQL
// database, so the hash chain never forks.
inline constexpr int64_t kAuditLock = 0x6c61'7003;  // "lap" 3

// The rows of the snapshot of load ?1 (in a WHERE clause): added by that load or an earlier one
// and not retired by then.
inline constexpr std::string_view kSnapshot =
    "first_load <= ?1 AND (retired_load IS NULL OR retired_load > ?1)";

// The fact table of each source (`rmi_entitlement`, ...).
std::string_view fact_table(Source source);

// Every table of the schema, for row counts.
inline constexpr std::array<std::string_view, 27> kAllTables = {"data_load",
                                                                "person_identifier",
                                                                "rmi_identity",
                                                                "vdab_identity",
                                                                "rmi_entitlement",
                                                                "vdab_registration",
                                                                "work_span",
                                                                "activation_measure",
                                                                "podmi_count",
                                                                "identifier_change",
                                                                "setting",
                                                                "measure_run",
                                                                "measure_figure",
                                                                "audit_log",
                                                                "pact_call",
                                                                "pact_call_version",
                                                                "pact_import",
                                                                "pact_count",
                                                                "pact_result",
                                                                "pact_application",
                                                                "pact_application_member",
                                                                "pact_application_event",
                                                                "pact_payment",
                                                                "link_run",
                                                                "record_link",
                                                                "link_review",
                                                                "link_decision"};

// The current time, ISO 8601 UTC (`2026-01-31T12:00:00Z`).
std::string now_utc();

std::optional<std::string> opt_date(const std::optional<Date>& d);

inline std::span<const uint8_t> blob(const formats::RowHash& h) {
  return {h.data(), h.size()};
}

// Runs an INSERT ... RETURNING <id> and gives the id.
Result<int64_t> returned_id(Statement& insert);

// The date in `column` (`what` names it in the error when it is none).
Result<Date> date_column(const Statement& st, int column, std::string_view what);

// kNotFound unless the Lokaal Activeringspact call `call_id` exists.
Status require_call(Database& db, std::string_view call_id);

// data_load.files_json.
std::string files_json(const std::vector<FileInfo>& files);
Result<std::vector<FileInfo>> parse_files_json(const std::string& text);

}  // namespace lap::store::sql

// Error propagation for the many database calls of this directory:
// LAP_TRY(x, expr) binds `x` to the value of a Result or returns its error;
// LAP_TRY_STATUS(expr) returns the error of a failed Status.
// NOLINTBEGIN(bugprone-macro-parentheses): `var` names a new variable.
#define LAP_TRY(var, expr)                                         \
  auto var##_result = (expr);                                      \
  if (!var##_result) return std::unexpected(var##_result.error()); \
  auto& var = *var##_result
// NOLINTEND(bugprone-macro-parentheses)

#define LAP_TRY_STATUS(expr)                                                               \
  do {                                                                                     \
    if (auto lap_status = (expr); !lap_status) return std::unexpected(lap_status.error()); \
  } while (false)
