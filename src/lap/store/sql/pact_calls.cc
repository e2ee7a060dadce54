// SqlStore, the Lokaal Activeringspact's calls (migration 0003_pact.sql):
// calls and their parameter versions, the imported count and result tables,
// and the counts of a load that an application is compared with
// (pact_applications.cc holds the applications and payments).
#include <fmt/format.h>

#include "lap/store/sql/internal.h"
#include "lap/store/sql/sql_store.h"

namespace lap::store::sql {
namespace {

std::string_view table_kind(PactTable t) {
  return t == PactTable::kCounts ? "counts" : "results";
}

Result<pact::Rate> rate_columns(const Statement& st, int column) {
  auto r = pact::Rate::fraction(st.int64(column), st.int64(column + 1));
  if (!r) return make_error(ErrorCode::kIo, "database: a rate with denominator 0");
  return *r;
}

constexpr std::string_view kVersionColumns =
    "version, valid_from, note, budget_cents, counts_on, threshold_num, threshold_den, "
    "amount_cents, period_start, period_end, application_deadline, settlement_rule, "
    "advance_num, advance_den, consortia_allowed, redistribution_cap";

Result<pact::ParameterVersion> read_version(const Statement& st) {
  pact::ParameterVersion v;
  v.number = static_cast<int>(st.int64(0));
  LAP_TRY(valid_from, date_column(st, 1, "valid_from"));
  v.valid_from = valid_from;
  v.note = st.text(2);
  pact::CallParameters& p = v.parameters;
  p.budget = Money::from_cents(st.int64(3));
  LAP_TRY(counts_on, date_column(st, 4, "counts_on"));
  p.counts_on = counts_on;
  LAP_TRY(threshold, rate_columns(st, 5));
  p.threshold = threshold;
  p.amount_per_outflow = Money::from_cents(st.int64(7));
  LAP_TRY(start, date_column(st, 8, "period_start"));
  LAP_TRY(end, date_column(st, 9, "period_end"));
  LAP_TRY(deadline, date_column(st, 10, "application_deadline"));
  p.period_start = start;
  p.period_end = end;
  p.application_deadline = deadline;
  auto rule = pact::parse_settlement_rule(st.text(11));
  if (!rule) return make_error(ErrorCode::kIo, "database: unknown settlement_rule");
  p.settlement_rule = *rule;
  LAP_TRY(advance, rate_columns(st, 12));
  p.advance = advance;
  p.consortia_allowed = st.int64(14) != 0;
  p.redistribution_cap = st.int64(15) != 0;
  return v;
}

Status insert_version(Database& db, std::string_view call_id, const pact::ParameterVersion& v) {
  LAP_TRY(st, db.prepare(fmt::format("INSERT INTO pact_call_version (call_id, {}, created_at) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                                     "?13, ?14, ?15, ?16, ?17, ?18)",
                                     kVersionColumns)));
  const pact::CallParameters& p = v.parameters;
  return st.bind(1, call_id)
      .bind(2, int64_t{v.number})
      .bind(3, v.valid_from.to_string())
      .bind(4, v.note)
      .bind(5, p.budget.cents())
      .bind(6, p.counts_on.to_string())
      .bind(7, p.threshold.num())
      .bind(8, p.threshold.den())
      .bind(9, p.amount_per_outflow.cents())
      .bind(10, p.period_start.to_string())
      .bind(11, p.period_end.to_string())
      .bind(12, p.application_deadline.to_string())
      .bind(13, pact::settlement_rule_name(p.settlement_rule))
      .bind(14, p.advance.num())
      .bind(15, p.advance.den())
      .bind(16, int64_t{p.consortia_allowed ? 1 : 0})
      .bind(17, int64_t{p.redistribution_cap ? 1 : 0})
      .bind(18, now_utc())
      .run();
}

// The current import of a call's table (or the import `import_id`, current
// or not), or nullopt.
Result<std::optional<PactImport>> current_import(Database& db, std::string_view call_id,
                                                 PactTable table,
                                                 std::optional<int64_t> import_id = {}) {
  LAP_TRY(st, db.prepare(fmt::format("SELECT import_id, file, sha256, rows, imported_at FROM "
                                     "pact_import WHERE call_id = ?1 AND kind = ?2 AND {}",
                                     import_id ? "import_id = ?3" : "current = 1")));
  st.bind(1, call_id).bind(2, table_kind(table));
  if (import_id) st.bind(3, *import_id);
  LAP_TRY(row, st.step());
  if (!row) return std::optional<PactImport>();
  PactImport i;
  i.import_id = st.int64(0);
  i.call_id = std::string(call_id);
  i.table = table;
  i.file = st.text(1);
  i.sha256 = st.text(2);
  i.rows = st.int64(3);
  i.imported_at = st.text(4);
  return std::optional<PactImport>(std::move(i));
}

// Replaces the current import of (call, table): the new import row, then
// `fill(import_id)`. Returns false when the current import has the same hash.
template <typename Fill>
Result<bool> replace_import(Database& db, const PactImport& info, Fill&& fill) {
  LAP_TRY_STATUS(require_call(db, info.call_id));
  LAP_TRY(current, current_import(db, info.call_id, info.table));
  if (current && current->sha256 == info.sha256) return false;
  LAP_TRY(retire, db.prepare("UPDATE pact_import SET current = 0 WHERE call_id = ?1 AND kind = "
                             "?2 AND current = 1"));
  LAP_TRY_STATUS(retire.bind(1, info.call_id).bind(2, table_kind(info.table)).run());
  LAP_TRY(put, db.prepare(
                   "INSERT INTO pact_import (call_id, kind, file, sha256, rows, "
                   "imported_at, current) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1) RETURNING import_id"));
  put.bind(1, info.call_id)
      .bind(2, table_kind(info.table))
      .bind(3, info.file)
      .bind(4, info.sha256)
      .bind(5, info.rows)
      .bind(6, now_utc());
  LAP_TRY(import_id, returned_id(put));
  LAP_TRY_STATUS(fill(import_id));
  return true;
}
}  // namespace

Status SqlStore::create_call(const pact::Call& call, std::string_view actor) {
  return in_transaction([&]() -> Status {
    LAP_TRY(exists, db_.prepare("SELECT 1 FROM pact_call WHERE call_id = ?1"));
    exists.bind(1, call.id);
    LAP_TRY(found, exists.step());
    if (found) {
      return make_error(ErrorCode::kAlreadyExists,
                        fmt::format("a call '{}' exists already", call.id));
    }
    LAP_TRY(put, db_.prepare("INSERT INTO pact_call (call_id, title, created_at, created_by) "
                             "VALUES (?1, ?2, ?3, ?4)"));
    LAP_TRY_STATUS(
        put.bind(1, call.id).bind(2, call.title).bind(3, now_utc()).bind(4, actor).run());
    for (const auto& v : call.versions)
      LAP_TRY_STATUS(insert_version(db_, call.id, v));
    return {};
  });
}

Status SqlStore::add_call_version(std::string_view call_id, const pact::ParameterVersion& v) {
  return in_transaction([&]() -> Status {
    LAP_TRY_STATUS(require_call(db_, call_id));
    LAP_TRY(latest, db_.prepare("SELECT version, valid_from FROM pact_call_version WHERE "
                                "call_id = ?1 ORDER BY version DESC LIMIT 1"));
    latest.bind(1, call_id);
    LAP_TRY(row, latest.step());
    const int64_t next = row ? latest.int64(0) + 1 : 1;
    if (v.number != next) {
      return make_error(
          ErrorCode::kFailedPrecondition,
          fmt::format("call '{}': the next version is {}, not {}", call_id, next, v.number));
    }
    if (row && v.valid_from.to_string() <= latest.text(1)) {
      return make_error(ErrorCode::kFailedPrecondition,
                        fmt::format("call '{}': a new version must take effect after {}", call_id,
                                    latest.text(1)));
    }
    return insert_version(db_, call_id, v);
  });
}

Result<std::vector<pact::Call>> SqlStore::calls() {
  LAP_TRY(ids, db_.prepare("SELECT call_id FROM pact_call ORDER BY call_id"));
  std::vector<std::string> list;
  while (true) {
    LAP_TRY(row, ids.step());
    if (!row) break;
    list.push_back(ids.text(0));
  }
  std::vector<pact::Call> out;
  for (const auto& id : list) {
    LAP_TRY(c, call(id));
    if (c) out.push_back(std::move(*c));
  }
  return out;
}

Result<std::optional<pact::Call>> SqlStore::call(std::string_view call_id) {
  LAP_TRY(head, db_.prepare("SELECT title FROM pact_call WHERE call_id = ?1"));
  head.bind(1, call_id);
  LAP_TRY(found, head.step());
  if (!found) return std::optional<pact::Call>();
  pact::Call c;
  c.id = std::string(call_id);
  c.title = head.text(0);
  LAP_TRY(st, db_.prepare(fmt::format(
                  "SELECT {} FROM pact_call_version WHERE call_id = ?1 ORDER BY version",
                  kVersionColumns)));
  st.bind(1, call_id);
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    LAP_TRY(v, read_version(st));
    c.versions.push_back(std::move(v));
  }
  if (c.versions.empty()) {
    return make_error(ErrorCode::kIo, fmt::format("database: call '{}' has no version", call_id));
  }
  return std::optional<pact::Call>(std::move(c));
}

Result<bool> SqlStore::replace_pact_counts(const PactImport& info,
                                           const std::map<Nis, int64_t>& counts) {
  return in_transaction([&]() -> Result<bool> {
    return replace_import(db_, info, [&](int64_t import_id) -> Status {
      LAP_TRY(put, db_.prepare("INSERT INTO pact_count (import_id, nis, n) VALUES (?1, ?2, ?3)"));
      for (const auto& [nis, n] : counts)
        LAP_TRY_STATUS(put.bind(1, import_id).bind(2, int64_t{nis.code()}).bind(3, n).run());
      return {};
    });
  });
}

Result<bool> SqlStore::replace_pact_results(
    const PactImport& info, const std::map<Nis, std::map<Month, pact::MonthResult>>& results) {
  return in_transaction([&]() -> Result<bool> {
    return replace_import(db_, info, [&](int64_t import_id) -> Status {
      LAP_TRY(put, db_.prepare("INSERT INTO pact_result (import_id, nis, month, confirmed, "
                               "pending) VALUES (?1, ?2, ?3, ?4, ?5)"));
      for (const auto& [nis, months] : results) {
        for (const auto& [month, r] : months) {
          LAP_TRY_STATUS(put.bind(1, import_id)
                             .bind(2, int64_t{nis.code()})
                             .bind(3, month.to_string())
                             .bind(4, r.confirmed)
                             .bind(5, r.pending)
                             .run());
        }
      }
      return {};
    });
  });
}

Result<std::optional<PactCounts>> SqlStore::pact_counts(std::string_view call_id,
                                                        std::optional<int64_t> import_id) {
  LAP_TRY(current, current_import(db_, call_id, PactTable::kCounts, import_id));
  if (!current) return std::optional<PactCounts>();
  PactCounts out;
  out.import = *current;
  LAP_TRY(st, db_.prepare("SELECT nis, n FROM pact_count WHERE import_id = ?1"));
  st.bind(1, current->import_id);
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    auto nis = Nis::from_int(static_cast<int>(st.int64(0)));
    if (!nis) return make_error(ErrorCode::kIo, "database: pact_count has an invalid NIS code");
    out.by_nis[*nis] = st.int64(1);
  }
  return std::optional<PactCounts>(std::move(out));
}

Result<std::optional<PactResults>> SqlStore::pact_results(std::string_view call_id,
                                                          std::optional<int64_t> import_id) {
  LAP_TRY(current, current_import(db_, call_id, PactTable::kResults, import_id));
  if (!current) return std::optional<PactResults>();
  PactResults out;
  out.import = *current;
  LAP_TRY(st, db_.prepare("SELECT nis, month, confirmed, pending FROM pact_result WHERE "
                          "import_id = ?1"));
  st.bind(1, current->import_id);
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    auto nis = Nis::from_int(static_cast<int>(st.int64(0)));
    auto month = Month::parse(st.text(1));
    if (!nis || !month) return make_error(ErrorCode::kIo, "database: a malformed pact_result row");
    out.by_nis[*nis][*month] = {st.int64(2), st.int64(3)};
  }
  return std::optional<PactResults>(std::move(out));
}

Result<std::map<Nis, int64_t>> SqlStore::podmi_counts(int64_t load, Date reference_date) {
  LAP_TRY(st, db_.prepare(fmt::format("SELECT nis, leefloon + equivalent_leefloon FROM "
                                      "podmi_count WHERE {} AND reference_date = ?2",
                                      kSnapshot)));
  st.bind(1, load).bind(2, reference_date.to_string());
  std::map<Nis, int64_t> out;
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    auto nis = Nis::from_int(static_cast<int>(st.int64(0)));
    if (!nis) return make_error(ErrorCode::kIo, "database: podmi_count has an invalid NIS code");
    out[*nis] = st.int64(1);
  }
  return out;
}

Result<std::map<Nis, int64_t>> SqlStore::leefloners_by_ocmw(int64_t load, Date date) {
  LAP_TRY(st, db_.prepare(fmt::format(
                  "SELECT ocmw_nis, count(DISTINCT person_ref) FROM rmi_entitlement WHERE {} AND "
                  "kind IN ('LL', 'ELL') AND start_date <= ?2 AND (end_date IS NULL OR "
                  "end_date >= ?2) GROUP BY ocmw_nis",
                  kSnapshot)));
  st.bind(1, load).bind(2, date.to_string());
  std::map<Nis, int64_t> out;
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    auto nis = Nis::from_int(static_cast<int>(st.int64(0)));
    if (!nis) return make_error(ErrorCode::kIo, "database: an entitlement with an invalid NIS");
    out[*nis] = st.int64(1);
  }
  return out;
}

}  // namespace lap::store::sql
