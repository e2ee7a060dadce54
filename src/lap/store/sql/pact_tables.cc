// SqlStore: the Lokaal Activeringspact tables (migrations 0003_pact.sql,
// 0009_consortium_consent.sql).
#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lap/store/sql/internal.h"
#include "lap/store/sql/sql_store.h"

namespace lap::store::sql {
namespace {

std::string_view table_kind(PactTable t) {
  return t == PactTable::kCounts ? "counts" : "results";
}

Result<Date> date_column(const Statement& st, int column, std::string_view what) {
  auto d = Date::parse(st.text(column));
  if (!d) return make_error(ErrorCode::kIo, fmt::format("database: {} is not a date", what));
  return *d;
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

// The current import of a call's table, or nullopt.
Result<std::optional<PactImport>> current_import(Database& db, std::string_view call_id,
                                                 PactTable table) {
  LAP_TRY(st, db.prepare("SELECT import_id, file, sha256, rows, imported_at FROM pact_import "
                         "WHERE call_id = ?1 AND kind = ?2 AND current = 1"));
  st.bind(1, call_id).bind(2, table_kind(table));
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

Status require_call(Database& db, std::string_view call_id) {
  LAP_TRY(st, db.prepare("SELECT 1 FROM pact_call WHERE call_id = ?1"));
  st.bind(1, call_id);
  LAP_TRY(row, st.step());
  if (!row) return make_error(ErrorCode::kNotFound, fmt::format("there is no call '{}'", call_id));
  return {};
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

Result<std::vector<pact::ApplicationMember>> read_members(Database& db, int64_t id) {
  LAP_TRY(st, db.prepare("SELECT nis, engagement, consent, consent_by, consent_at FROM "
                         "pact_application_member WHERE application_id = ?1 ORDER BY nis"));
  st.bind(1, id);
  std::vector<pact::ApplicationMember> out;
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    auto nis = Nis::from_int(static_cast<int>(st.int64(0)));
    if (!nis) return make_error(ErrorCode::kIo, "database: a member with an invalid NIS code");
    auto consent = pact::parse_consent(st.text(2));
    if (!consent) return make_error(ErrorCode::kIo, "database: unknown consent of a member");
    pact::ApplicationMember m{*nis, std::nullopt, *consent};
    if (!st.is_null(1)) m.engagement = st.int64(1);
    if (!st.is_null(3)) m.consent_by = st.text(3);
    if (!st.is_null(4)) m.consent_at = st.text(4);
    out.push_back(m);
  }
  return out;
}

constexpr std::string_view kApplicationColumns =
    "application_id, call_id, applicant, consortium_name, consortium_settlement, plan, "
    "actions_json, agreement_ref, status, status_reason, advance_paid_cents, "
    "annual_report_approved, row_version, created_at, updated_at, lead_nis";

Result<pact::Application> read_application(Database& db, const Statement& st) {
  pact::Application a;
  a.id = st.int64(0);
  a.call_id = st.text(1);
  a.applicant = st.text(2);
  if (!st.is_null(3)) a.consortium_name = st.text(3);
  if (!st.is_null(4) && st.text(4) == "individual") {
    a.consortium_settlement = pact::ConsortiumSettlement::kIndividual;
  }
  a.plan = st.text(5);
  auto actions = nlohmann::json::parse(st.text(6), nullptr, false);
  if (actions.is_discarded() || !actions.is_array()) {
    return make_error(ErrorCode::kIo, "database: actions_json is not a JSON array");
  }
  for (const auto& action : actions)
    a.actions.push_back(action.get<std::string>());
  a.agreement_ref = st.text(7);
  auto status = pact::parse_application_status(st.text(8));
  if (!status) return make_error(ErrorCode::kIo, "database: unknown application status");
  a.status = *status;
  if (!st.is_null(9)) a.status_reason = st.text(9);
  if (!st.is_null(10)) a.advance_paid = Money::from_cents(st.int64(10));
  if (!st.is_null(11)) {
    LAP_TRY(approved, date_column(st, 11, "annual_report_approved"));
    a.annual_report_approved = approved;
  }
  a.row_version = st.int64(12);
  a.created_at = st.text(13);
  a.updated_at = st.text(14);
  if (!st.is_null(15)) {
    auto lead = Nis::from_int(static_cast<int>(st.int64(15)));
    if (!lead) return make_error(ErrorCode::kIo, "database: a lead with an invalid NIS code");
    a.lead = *lead;
  }
  LAP_TRY(members, read_members(db, a.id));
  a.members = std::move(members);
  return a;
}

std::string actions_json(const std::vector<std::string>& actions) {
  return nlohmann::json(actions).dump();
}

// Binds the changeable fields of an application, in the order consortium_name,
// consortium_settlement, plan, actions_json, agreement_ref, status,
// status_reason, advance_paid_cents, annual_report_approved, from `first` on.
void bind_fields(Statement& st, int first, const pact::Application& a) {
  std::optional<std::string_view> settlement;
  if (a.is_consortium()) settlement = pact::consortium_settlement_name(a.consortium_settlement);
  std::optional<std::string_view> reason;
  if (!a.status_reason.empty()) reason = a.status_reason;
  std::optional<int64_t> advance;
  if (a.advance_paid) advance = a.advance_paid->cents();
  st.bind(first, a.consortium_name)
      .bind(first + 1, settlement)
      .bind(first + 2, a.plan)
      .bind(first + 3, actions_json(a.actions))
      .bind(first + 4, a.agreement_ref)
      .bind(first + 5, pact::application_status_name(a.status))
      .bind(first + 6, reason)
      .bind(first + 7, advance)
      .bind(first + 8, opt_date(a.annual_report_approved));
}

Status add_consent_event(Database& db, int64_t id, Nis nis, pact::Consent consent,
                         std::string_view actor, std::string_view at) {
  LAP_TRY(st, db.prepare("INSERT INTO pact_consent_event (application_id, nis, at, actor, consent) "
                         "VALUES (?1, ?2, ?3, ?4, ?5)"));
  return st.bind(1, id)
      .bind(2, int64_t{nis.code()})
      .bind(3, at)
      .bind(4, actor)
      .bind(5, pact::consent_name(consent))
      .run();
}

// Replaces the members of `a`. A member whose consent differs from the stored
// one (or who is new) gets an event by `actor` and, unless pending again,
// consent_by = `actor` and consent_at = now; the others keep who answered and when.
Status write_members(Database& db, const pact::Application& a, std::string_view actor) {
  LAP_TRY(stored, read_members(db, a.id));
  LAP_TRY(clear, db.prepare("DELETE FROM pact_application_member WHERE application_id = ?1"));
  LAP_TRY_STATUS(clear.bind(1, a.id).run());
  LAP_TRY(put, db.prepare("INSERT INTO pact_application_member (application_id, nis, engagement, "
                          "consent, consent_by, consent_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  const std::string now = now_utc();
  for (const auto& m : a.members) {
    auto old = std::ranges::find(stored, m.nis, &pact::ApplicationMember::nis);
    const bool changed = old == stored.end() || old->consent != m.consent;
    std::optional<std::string_view> by, at;
    if (changed && m.consent != pact::Consent::kPending) {
      by = actor;
      at = now;
    } else if (!changed && !old->consent_by.empty()) {
      by = old->consent_by;
      at = old->consent_at;
    }
    LAP_TRY_STATUS(put.bind(1, a.id)
                       .bind(2, int64_t{m.nis.code()})
                       .bind(3, m.engagement)
                       .bind(4, pact::consent_name(m.consent))
                       .bind(5, by)
                       .bind(6, at)
                       .run());
    if (changed) LAP_TRY_STATUS(add_consent_event(db, a.id, m.nis, m.consent, actor, now));
  }
  return {};
}

// kFailedPrecondition when a member of `a` is in another application of its
// call with one of `statuses` (an SQL list of quoted names).
Status require_members_free(Database& db, const pact::Application& a, std::string_view statuses) {
  if (db.is_postgresql()) {
    // Under READ COMMITTED two servers could each miss the other's claim:
    // claims on one call wait for each other (SQLite's writes are serial).
    LAP_TRY(lock, db.prepare("SELECT 1 FROM pact_call WHERE call_id = ?1 FOR UPDATE"));
    lock.bind(1, a.call_id);
    LAP_TRY(locked, lock.step());
    (void)locked;
  }
  LAP_TRY(st, db.prepare(fmt::format(
                  "SELECT 1 FROM pact_application_member m JOIN pact_application o ON "
                  "o.application_id = m.application_id WHERE o.call_id = ?1 AND "
                  "o.application_id <> ?2 AND o.status IN ({}) AND m.nis IN (SELECT nis FROM "
                  "pact_application_member WHERE application_id = ?2)",
                  statuses)));
  st.bind(1, a.call_id).bind(2, a.id);
  LAP_TRY(found, st.step());
  if (!found) return {};
  return make_error(ErrorCode::kFailedPrecondition,
                    "een gemeente neemt aan hoogstens één aanvraag per oproep deel; een lid staat "
                    "al in een andere ingediende of goedgekeurde aanvraag voor deze oproep");
}

Status add_event(Database& db, int64_t id, std::string_view actor,
                 std::optional<pact::ApplicationStatus> from, pact::ApplicationStatus to,
                 std::string_view reason) {
  LAP_TRY(st, db.prepare("INSERT INTO pact_application_event (application_id, at, actor, "
                         "from_status, to_status, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  std::optional<std::string_view> from_name;
  if (from) from_name = pact::application_status_name(*from);
  std::optional<std::string_view> why;
  if (!reason.empty()) why = reason;
  return st.bind(1, id)
      .bind(2, now_utc())
      .bind(3, actor)
      .bind(4, from_name)
      .bind(5, pact::application_status_name(to))
      .bind(6, why)
      .run();
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

Result<std::optional<PactCounts>> SqlStore::pact_counts(std::string_view call_id) {
  LAP_TRY(current, current_import(db_, call_id, PactTable::kCounts));
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

Result<std::optional<PactResults>> SqlStore::pact_results(std::string_view call_id) {
  LAP_TRY(current, current_import(db_, call_id, PactTable::kResults));
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

Result<int64_t> SqlStore::create_application(const pact::Application& a, std::string_view actor) {
  return in_transaction([&]() -> Result<int64_t> {
    LAP_TRY_STATUS(require_call(db_, a.call_id));
    LAP_TRY(exists, db_.prepare("SELECT application_id FROM pact_application WHERE call_id = ?1 "
                                "AND applicant = ?2"));
    exists.bind(1, a.call_id).bind(2, a.applicant);
    LAP_TRY(found, exists.step());
    if (found) {
      return make_error(ErrorCode::kAlreadyExists,
                        fmt::format("{} already applied to '{}' (application {})", a.applicant,
                                    a.call_id, exists.int64(0)));
    }
    const std::string now = now_utc();
    // Every column but the first (application_id, numbered by the database).
    const std::string_view columns = kApplicationColumns.substr(kApplicationColumns.find(',') + 2);
    LAP_TRY(put, db_.prepare(fmt::format("INSERT INTO pact_application ({}) VALUES (?1, ?2, ?3, "
                                         "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, ?12, ?12, ?13) "
                                         "RETURNING application_id",
                                         columns)));
    bind_fields(put.bind(1, a.call_id).bind(2, a.applicant), 3, a);
    std::optional<int64_t> lead;
    if (a.lead) lead = a.lead->code();
    put.bind(12, now).bind(13, lead);
    pact::Application stored = a;
    LAP_TRY(id, returned_id(put));
    stored.id = id;
    LAP_TRY_STATUS(write_members(db_, stored, actor));
    LAP_TRY_STATUS(add_event(db_, stored.id, actor, std::nullopt, a.status, ""));
    return stored.id;
  });
}

Result<std::optional<pact::Application>> SqlStore::application(int64_t id) {
  LAP_TRY(st, db_.prepare(fmt::format("SELECT {} FROM pact_application WHERE application_id = ?1",
                                      kApplicationColumns)));
  st.bind(1, id);
  LAP_TRY(row, st.step());
  if (!row) return std::optional<pact::Application>();
  LAP_TRY(a, read_application(db_, st));
  return std::optional<pact::Application>(std::move(a));
}

Result<std::vector<pact::Application>> SqlStore::applications(std::string_view call_id) {
  LAP_TRY(st, db_.prepare(fmt::format("SELECT {} FROM pact_application WHERE call_id = ?1 ORDER "
                                      "BY application_id",
                                      kApplicationColumns)));
  st.bind(1, call_id);
  std::vector<pact::Application> out;
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    LAP_TRY(a, read_application(db_, st));
    out.push_back(std::move(a));
  }
  return out;
}

Result<int64_t> SqlStore::write_application(const pact::Application& a, std::string_view actor,
                                            std::string_view reason) {
  LAP_TRY(before, db_.prepare("SELECT status, row_version FROM pact_application WHERE "
                              "application_id = ?1"));
  before.bind(1, a.id);
  LAP_TRY(found, before.step());
  if (!found) {
    return make_error(ErrorCode::kNotFound, fmt::format("there is no application {}", a.id));
  }
  auto old_status = pact::parse_application_status(before.text(0));
  if (!old_status) return make_error(ErrorCode::kIo, "database: unknown application status");
  if (before.int64(1) != a.row_version) {
    return make_error(ErrorCode::kFailedPrecondition,
                      fmt::format("application {} was changed by someone else (version {}, you "
                                  "read version {}); read it again",
                                  a.id, before.int64(1), a.row_version));
  }
  LAP_TRY(put, db_.prepare("UPDATE pact_application SET consortium_name = ?2, "
                           "consortium_settlement = ?3, plan = ?4, actions_json = ?5, "
                           "agreement_ref = ?6, status = ?7, status_reason = ?8, "
                           "advance_paid_cents = ?9, annual_report_approved = ?10, "
                           "row_version = row_version + 1, updated_at = ?11 WHERE "
                           "application_id = ?1 AND row_version = ?12"));
  bind_fields(put.bind(1, a.id), 2, a);
  LAP_TRY_STATUS(put.bind(11, now_utc()).bind(12, a.row_version).run());
  if (db_.changes() != 1) {
    return make_error(ErrorCode::kFailedPrecondition,
                      fmt::format("application {} was changed by someone else", a.id));
  }
  LAP_TRY_STATUS(write_members(db_, a, actor));
  if (*old_status != a.status && a.status == pact::ApplicationStatus::kSubmitted) {
    LAP_TRY_STATUS(require_members_free(db_, a, "'submitted', 'approved', 'running', 'settled'"));
  } else if (*old_status != a.status && a.status == pact::ApplicationStatus::kApproved) {
    LAP_TRY_STATUS(require_members_free(db_, a, "'approved', 'running', 'settled'"));
  }
  if (*old_status != a.status) {
    LAP_TRY_STATUS(add_event(db_, a.id, actor, *old_status, a.status, reason));
  }
  return a.row_version + 1;
}

Result<int64_t> SqlStore::update_application(const pact::Application& a, std::string_view actor,
                                             std::string_view reason) {
  return in_transaction([&]() { return write_application(a, actor, reason); });
}

Result<std::vector<pact::ApplicationEvent>> SqlStore::application_events(int64_t id) {
  LAP_TRY(st, db_.prepare("SELECT at, actor, from_status, to_status, reason FROM "
                          "pact_application_event WHERE application_id = ?1 ORDER BY event_id"));
  st.bind(1, id);
  std::vector<pact::ApplicationEvent> out;
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    pact::ApplicationEvent e;
    e.at = st.text(0);
    e.actor = st.text(1);
    if (!st.is_null(2)) {
      auto from = pact::parse_application_status(st.text(2));
      if (!from) return make_error(ErrorCode::kIo, "database: unknown status in an event");
      e.from = *from;
    }
    auto to = pact::parse_application_status(st.text(3));
    if (!to) return make_error(ErrorCode::kIo, "database: unknown status in an event");
    e.to = *to;
    if (!st.is_null(4)) e.reason = st.text(4);
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<pact::ConsentEvent>> SqlStore::consent_events(int64_t id) {
  LAP_TRY(st, db_.prepare("SELECT at, actor, nis, consent FROM pact_consent_event WHERE "
                          "application_id = ?1 ORDER BY event_id"));
  st.bind(1, id);
  std::vector<pact::ConsentEvent> out;
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    auto nis = Nis::from_int(static_cast<int>(st.int64(2)));
    auto consent = pact::parse_consent(st.text(3));
    if (!nis || !consent) return make_error(ErrorCode::kIo, "database: a broken consent event");
    out.push_back({st.text(0), st.text(1), *nis, *consent});
  }
  return out;
}

Status SqlStore::record_settlement(std::string_view call_id,
                                   const std::vector<PactPayment>& payments,
                                   const std::vector<pact::Application>& settled,
                                   std::string_view actor) {
  return in_transaction([&]() -> Status {
    LAP_TRY_STATUS(require_call(db_, call_id));
    LAP_TRY(put, db_.prepare("INSERT INTO pact_payment (call_id, unit_id, settled_at, settled_by, "
                             "balance_cents, statement_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    const std::string now = now_utc();
    for (const auto& p : payments) {
      auto done = put.bind(1, call_id)
                      .bind(2, p.unit_id)
                      .bind(3, now)
                      .bind(4, actor)
                      .bind(5, p.balance.cents())
                      .bind(6, p.statement_json)
                      .run();
      if (!done) {
        return make_error(ErrorCode::kFailedPrecondition,
                          fmt::format("unit {} of '{}' is settled already", p.unit_id, call_id));
      }
    }
    for (const auto& a : settled) {
      auto written = write_application(a, actor, "");
      if (!written) return std::unexpected(written.error());
    }
    return {};
  });
}

Result<std::vector<PactPayment>> SqlStore::pact_payments(std::string_view call_id) {
  LAP_TRY(st, db_.prepare("SELECT unit_id, balance_cents, statement_json, settled_at, settled_by "
                          "FROM pact_payment WHERE call_id = ?1 ORDER BY unit_id"));
  st.bind(1, call_id);
  std::vector<PactPayment> out;
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    out.push_back({st.text(0), Money::from_cents(st.int64(1)), st.text(2), st.text(3), st.text(4)});
  }
  return out;
}

}  // namespace lap::store::sql
