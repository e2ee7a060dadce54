// SqlStore, the Lokaal Activeringspact's applications (migrations
// 0003_pact.sql, 0009_consortium_consent.sql): applications with their
// members, consents and history, and the final payments of a settlement
// (pact_calls.cc holds the calls and imported tables).
#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lap/store/sql/internal.h"
#include "lap/store/sql/sql_store.h"

namespace lap::store::sql {
namespace {

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
    "annual_report_approved, row_version, created_at, updated_at, lead_nis, agreement_id";

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
  if (!st.is_null(16)) a.agreement_id = st.int64(16);
  LAP_TRY(members, read_members(db, a.id));
  a.members = std::move(members);
  return a;
}

std::string actions_json(const std::vector<std::string>& actions) {
  return nlohmann::json(actions).dump();
}

// Binds the changeable fields of an application, in the order consortium_name,
// consortium_settlement, plan, actions_json, agreement_ref, status,
// status_reason, advance_paid_cents, annual_report_approved, agreement_id, from `first` on.
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
      .bind(first + 8, opt_date(a.annual_report_approved))
      .bind(first + 9, a.agreement_id);
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
                                         "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, ?13, ?13, ?14, ?12) "
                                         "RETURNING application_id",
                                         columns)));
    bind_fields(put.bind(1, a.call_id).bind(2, a.applicant), 3, a);
    std::optional<int64_t> lead;
    if (a.lead) lead = a.lead->code();
    put.bind(13, now).bind(14, lead);
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
  LAP_TRY(put,
          db_.prepare("UPDATE pact_application SET consortium_name = ?2, "
                      "consortium_settlement = ?3, plan = ?4, actions_json = ?5, "
                      "agreement_ref = ?6, status = ?7, status_reason = ?8, "
                      "advance_paid_cents = ?9, annual_report_approved = ?10, agreement_id = ?11, "
                      "row_version = row_version + 1, updated_at = ?12 WHERE "
                      "application_id = ?1 AND row_version = ?13"));
  bind_fields(put.bind(1, a.id), 2, a);
  LAP_TRY_STATUS(put.bind(12, now_utc()).bind(13, a.row_version).run());
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