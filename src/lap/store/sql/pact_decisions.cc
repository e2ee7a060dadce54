// SqlStore, WSE's redistribution decisions (migration 0010_pact_decisions.sql,
// src/lap/pact/decision.h): a decision row with its totals, the applications it
// counted and every participant's resulting right, written in one transaction.
#include <fmt/format.h>

#include "lap/store/sql/internal.h"
#include "lap/store/sql/sql_store.h"

namespace lap::store::sql {
namespace {

Status insert_rights(Database& db, const pact::RedistributionDecision& d) {
  LAP_TRY(app, db.prepare("INSERT INTO pact_redistribution_application (call_id, number, "
                          "application_id) VALUES (?1, ?2, ?3)"));
  for (int64_t id : d.applications) {
    LAP_TRY_STATUS(app.bind(1, d.call_id).bind(2, d.number).bind(3, id).run());
  }
  LAP_TRY(right, db.prepare("INSERT INTO pact_redistribution_right (call_id, number, nis, n, b, "
                            "m_before_cents, received_cents, m_cents, e, t, cap_cents, at_cap, "
                            "reduced_commitment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                            "?10, ?11, ?12, ?13)"));
  for (const auto& r : d.rights.rows) {
    std::optional<int64_t> cap;
    if (r.cap) cap = r.cap->cents();
    LAP_TRY_STATUS(right.bind(1, d.call_id)
                       .bind(2, d.number)
                       .bind(3, int64_t{r.nis.code()})
                       .bind(4, r.n)
                       .bind(5, r.b)
                       .bind(6, r.m_before.cents())
                       .bind(7, r.received.cents())
                       .bind(8, r.m.cents())
                       .bind(9, r.e)
                       .bind(10, r.t)
                       .bind(11, cap)
                       .bind(12, int64_t{r.at_cap ? 1 : 0})
                       .bind(13, int64_t{r.reduced_commitment ? 1 : 0})
                       .run());
  }
  return {};
}

// The rows and applications of every decision of `call_id`, into `decisions`
// (ordered by number).
Status read_rights(Database& db, std::string_view call_id,
                   std::vector<pact::RedistributionDecision>& decisions) {
  auto find = [&](int64_t number) -> pact::RedistributionDecision* {
    for (auto& d : decisions)
      if (d.number == number) return &d;
    return nullptr;
  };
  LAP_TRY(apps, db.prepare("SELECT number, application_id FROM pact_redistribution_application "
                           "WHERE call_id = ?1 ORDER BY number, application_id"));
  apps.bind(1, call_id);
  while (true) {
    LAP_TRY(row, apps.step());
    if (!row) break;
    if (auto* d = find(apps.int64(0))) d->applications.push_back(apps.int64(1));
  }
  LAP_TRY(rights, db.prepare("SELECT number, nis, n, b, m_before_cents, received_cents, m_cents, "
                             "e, t, cap_cents, at_cap, reduced_commitment FROM "
                             "pact_redistribution_right WHERE call_id = ?1 ORDER BY number, nis"));
  rights.bind(1, call_id);
  while (true) {
    LAP_TRY(row, rights.step());
    if (!row) break;
    auto* d = find(rights.int64(0));
    auto nis = Nis::from_int(static_cast<int>(rights.int64(1)));
    if (!nis) {
      return make_error(ErrorCode::kIo,
                        "database: pact_redistribution_right has an invalid NIS code");
    }
    if (!d) continue;
    pact::RedistributionRow r;
    r.nis = *nis;
    r.n = rights.int64(2);
    r.b = rights.int64(3);
    r.m_before = Money::from_cents(rights.int64(4));
    r.received = Money::from_cents(rights.int64(5));
    r.m = Money::from_cents(rights.int64(6));
    r.e = rights.int64(7);
    r.t = rights.int64(8);
    if (!rights.is_null(9)) r.cap = Money::from_cents(rights.int64(9));
    r.at_cap = rights.int64(10) != 0;
    r.reduced_commitment = rights.int64(11) != 0;
    d->rights.rows.push_back(r);
  }
  return {};
}

}  // namespace

Result<int64_t> SqlStore::record_redistribution(const pact::RedistributionDecision& d,
                                                std::string_view actor) {
  return in_transaction([&]() -> Result<int64_t> {
    LAP_TRY_STATUS(require_call(db_, d.call_id));
    LAP_TRY(latest, db_.prepare("SELECT max(number) FROM pact_redistribution WHERE call_id = ?1"));
    latest.bind(1, d.call_id);
    LAP_TRY(row, latest.step());
    const std::optional<int64_t> last =
        row && !latest.is_null(0) ? std::optional<int64_t>(latest.int64(0)) : std::nullopt;
    if (d.supersedes != last || d.number != last.value_or(0) + 1) {
      return make_error(
          ErrorCode::kFailedPrecondition,
          fmt::format("call '{}': redistribution decision {} was taken meanwhile; decide again",
                      d.call_id, last.value_or(0)));
    }
    LAP_TRY(put, db_.prepare("INSERT INTO pact_redistribution (call_id, number, decided_on, "
                             "decided_at, decided_by, supersedes, note, call_version, "
                             "counts_origin, budget_cents, pool_cents, allocated_cents, "
                             "unallocated_cents, rounds) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                             "?9, ?10, ?11, ?12, ?13, ?14)"));
    LAP_TRY_STATUS(put.bind(1, d.call_id)
                       .bind(2, d.number)
                       .bind(3, d.decided_on.to_string())
                       .bind(4, now_utc())
                       .bind(5, actor)
                       .bind(6, d.supersedes)
                       .bind(7, d.note)
                       .bind(8, int64_t{d.rights.version.version})
                       .bind(9, d.counts_origin)
                       .bind(10, d.rights.budget.cents())
                       .bind(11, d.rights.pool.cents())
                       .bind(12, d.rights.allocated.cents())
                       .bind(13, d.rights.unallocated.cents())
                       .bind(14, int64_t{d.rights.rounds})
                       .run());
    LAP_TRY_STATUS(insert_rights(db_, d));
    return d.number;
  });
}

Result<std::vector<pact::RedistributionDecision>> SqlStore::redistributions(
    std::string_view call_id) {
  LAP_TRY(c, call(call_id));
  if (!c) return make_error(ErrorCode::kNotFound, fmt::format("there is no call '{}'", call_id));
  LAP_TRY(st, db_.prepare("SELECT number, decided_on, decided_at, decided_by, supersedes, note, "
                          "call_version, counts_origin, budget_cents, pool_cents, "
                          "allocated_cents, unallocated_cents, rounds FROM pact_redistribution "
                          "WHERE call_id = ?1 ORDER BY number"));
  st.bind(1, call_id);
  std::vector<pact::RedistributionDecision> out;
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    pact::RedistributionDecision d;
    d.call_id = std::string(call_id);
    d.number = st.int64(0);
    LAP_TRY(on, date_column(st, 1, "decided_on"));
    d.decided_on = on;
    d.decided_at = st.text(2);
    d.decided_by = st.text(3);
    if (!st.is_null(4)) d.supersedes = st.int64(4);
    d.note = st.text(5);
    const int version = static_cast<int>(st.int64(6));
    const auto* v = c->version(version);
    if (!v) return make_error(ErrorCode::kIo, "database: a decision names an unknown version");
    d.rights.version = c->ref(*v);
    d.counts_origin = st.text(7);
    d.rights.budget = Money::from_cents(st.int64(8));
    d.rights.pool = Money::from_cents(st.int64(9));
    d.rights.allocated = Money::from_cents(st.int64(10));
    d.rights.unallocated = Money::from_cents(st.int64(11));
    d.rights.rounds = static_cast<int>(st.int64(12));
    out.push_back(std::move(d));
  }
  LAP_TRY_STATUS(read_rights(db_, call_id, out));
  return out;
}

}  // namespace lap::store::sql
