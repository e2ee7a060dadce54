// The audit log of person-level reads (domain.md §6): append-only, each row
// chained to the previous one by a hash (migration 8) and guarded by triggers
// that refuse UPDATE and DELETE, so an edit shows in `verify_audit_log`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/error.h"

namespace lap::store {

// One read of person-level data (domain.md §6).
struct AuditEntry {
  std::string actor;
  std::string role;
  std::string person_ref;
  std::string action;
  std::string purpose;
  std::string at = {};  // set when read: ISO 8601 UTC
};

// What `verify_audit_log` found.
struct AuditVerification {
  int64_t rows = 0;         // rows in the log
  int64_t legacy_rows = 0;  // rows from before the chain (migration 8), not covered
  int64_t chained_rows = 0;
  std::string head;  // the row_hash of the last row (record it elsewhere to detect a rewrite)
  // The first row where the chain breaks (0: intact), and why.
  int64_t broken_at = 0;
  std::string problem;
  bool triggers_in_place = false;
  bool intact() const { return broken_at == 0 && triggers_in_place; }
};

class AuditStore {
 public:
  virtual ~AuditStore() = default;

  // Appends to the audit log of person-level reads (append-only).
  virtual Status append_audit(const AuditEntry& entry) = 0;
  // Appends several entries at once, all or none.
  virtual Status append_audits(const std::vector<AuditEntry>& entries) = 0;
  // The audit entries about one person, oldest first.
  virtual Result<std::vector<AuditEntry>> audit_for(std::string_view person_ref) = 0;
  // Recomputes the audit log's hash chain (migration 8) and checks that its
  // append-only triggers are in place.
  virtual Result<AuditVerification> verify_audit_log() = 0;
};

}  // namespace lap::store
