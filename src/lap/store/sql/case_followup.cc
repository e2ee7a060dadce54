// SqlStore, the follow-up of a case (case_store.h): who follows it,
// transmissions from VDAB and the OCMW's answers, exemptions and their
// reviews, the tasks waiting in the open cases, and what the case figures count.
#include <fmt/format.h>

#include "lap/store/sql/case_common.h"
#include "lap/store/sql/internal.h"
#include "lap/store/sql/sql_store.h"

namespace lap::store::sql {

Result<std::vector<CaseTransmission>> read_transmissions(Database& db, int64_t case_id) {
  LAP_TRY(st, db.prepare("SELECT transmission_id, case_id, reason, sent_by, sent_at, deadline, "
                         "answer, answer_reason, answered_by, answered_at, answered_on FROM "
                         "case_transmission "
                         "WHERE case_id = ?1 ORDER BY transmission_id"));
  st.bind(1, case_id);
  std::vector<CaseTransmission> out;
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    CaseTransmission t;
    t.id = st.int64(0);
    t.case_id = st.int64(1);
    t.reason = st.text(2);
    t.sent_by = st.text(3);
    t.sent_at = st.text(4);
    LAP_TRY(deadline, date_column(st, 5, "case_transmission.deadline"));
    t.deadline = deadline;
    t.answer = opt_text(st, 6);
    t.answer_reason = opt_text(st, 7);
    t.answered_by = opt_text(st, 8);
    t.answered_at = opt_text(st, 9);
    if (!st.is_null(10)) {
      LAP_TRY(on, date_column(st, 10, "case_transmission.answered_on"));
      t.answered_on = on;
    }
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::vector<CaseExemption>> read_exemptions(Database& db, int64_t case_id) {
  LAP_TRY(st, db.prepare("SELECT exemption_id, case_id, kind, reason, granted_on, review_date, "
                         "status, row_version, granted_by FROM case_exemption WHERE case_id = ?1 "
                         "ORDER BY exemption_id"));
  st.bind(1, case_id);
  std::vector<CaseExemption> out;
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    CaseExemption e;
    e.id = st.int64(0);
    e.case_id = st.int64(1);
    e.kind = st.text(2);
    e.reason = st.text(3);
    LAP_TRY(granted, date_column(st, 4, "case_exemption.granted_on"));
    LAP_TRY(review, date_column(st, 5, "case_exemption.review_date"));
    e.granted_on = granted;
    e.review_date = review;
    e.status = st.text(6);
    e.row_version = st.int64(7);
    e.granted_by = st.text(8);
    out.push_back(std::move(e));
  }
  return out;
}

Status SqlStore::take_case(int64_t case_id, const CaseActor& actor) {
  return in_transaction([&]() -> Status {
    LAP_TRY(c, stored_case(db_, case_id));
    LAP_TRY_STATUS(require_open(c));
    const bool vdab = actor.side == kSideVdab;
    LAP_TRY(st, db_.prepare(fmt::format("UPDATE case_file SET {}_worker = ?2 WHERE case_id = ?1",
                                        vdab ? "vdab" : "ocmw")));
    LAP_TRY_STATUS(st.bind(1, case_id).bind(2, actor.username).run());
    return add_event(db_, case_id, actor, "worker_changed",
                     fmt::format("{} volgt het dossier op voor {}", actor.username, actor.side));
  });
}

Status SqlStore::close_case(int64_t case_id, int64_t case_version, Date on, std::string_view reason,
                            const CaseActor& actor) {
  return in_transaction([&]() -> Status {
    LAP_TRY(c, stored_case(db_, case_id));
    LAP_TRY_STATUS(require_open(c));
    LAP_TRY_STATUS(require_side(actor, c.regie, "close the case (it holds the regie)"));
    LAP_TRY(st, db_.prepare("UPDATE case_file SET status = 'closed', closed_on = ?3, "
                            "row_version = row_version + 1 WHERE case_id = ?1 AND "
                            "row_version = ?2"));
    LAP_TRY_STATUS(st.bind(1, case_id).bind(2, case_version).bind(3, on.to_string()).run());
    if (db_.changes() != 1) {
      return make_error(ErrorCode::kFailedPrecondition,
                        fmt::format("case {} was changed by someone else; read it again", case_id));
    }
    return add_event(db_, case_id, actor, "case_closed", fmt::format("afgesloten: {}", reason));
  });
}

Result<int64_t> SqlStore::send_transmission(int64_t case_id, std::string_view reason, Date deadline,
                                            const CaseActor& actor) {
  return in_transaction([&]() -> Result<int64_t> {
    LAP_TRY(c, stored_case(db_, case_id));
    LAP_TRY_STATUS(require_open(c));
    LAP_TRY_STATUS(require_side(actor, kSideVdab, "send a transmission"));
    LAP_TRY(insert, db_.prepare("INSERT INTO case_transmission (case_id, reason, sent_by, sent_at, "
                                "deadline) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING "
                                "transmission_id"));
    insert.bind(1, case_id)
        .bind(2, reason)
        .bind(3, actor.username)
        .bind(4, now_utc())
        .bind(5, deadline.to_string());
    LAP_TRY(id, returned_id(insert));
    LAP_TRY_STATUS(notify(db_, case_id, c.ocmw_worker, "transmission_sent", actor));
    LAP_TRY_STATUS(
        add_event(db_, case_id, actor, "transmission_sent",
                  fmt::format("doormelding {}, antwoord tegen {}", id, deadline.to_string())));
    return id;
  });
}

Status SqlStore::answer_transmission(int64_t case_id, int64_t transmission_id,
                                     std::string_view answer, std::string_view reason, Date on,
                                     const CaseActor& actor) {
  return in_transaction([&]() -> Status {
    LAP_TRY(c, stored_case(db_, case_id));
    LAP_TRY_STATUS(require_open(c));
    LAP_TRY_STATUS(require_side(actor, kSideOcmw, "answer a transmission"));
    LAP_TRY(put, db_.prepare("UPDATE case_transmission SET answer = ?3, answer_reason = ?4, "
                             "answered_by = ?5, answered_at = ?6, answered_on = ?7 WHERE "
                             "transmission_id = ?1 AND case_id = ?2 AND answer IS NULL"));
    LAP_TRY_STATUS(put.bind(1, transmission_id)
                       .bind(2, case_id)
                       .bind(3, answer)
                       .bind(4, reason)
                       .bind(5, actor.username)
                       .bind(6, now_utc())
                       .bind(7, on.to_string())
                       .run());
    if (db_.changes() != 1) {
      LAP_TRY(known, db_.query_int(fmt::format("SELECT count(*) FROM case_transmission WHERE "
                                               "transmission_id = {} AND case_id = {}",
                                               transmission_id, case_id)));
      if (known.value_or(0) == 0) {
        return make_error(ErrorCode::kNotFound,
                          fmt::format("case {} has no transmission {}", case_id, transmission_id));
      }
      return make_error(ErrorCode::kFailedPrecondition,
                        fmt::format("transmission {} was answered already", transmission_id));
    }
    LAP_TRY(sender,
            db_.prepare("SELECT sent_by FROM case_transmission WHERE transmission_id = ?1"));
    sender.bind(1, transmission_id);
    LAP_TRY(has_sender, sender.step());
    if (has_sender)
      LAP_TRY_STATUS(notify(db_, case_id, sender.text(0), "transmission_answered", actor));
    return add_event(db_, case_id, actor, "transmission_answered",
                     fmt::format("doormelding {}: {}", transmission_id, answer));
  });
}

Result<int64_t> SqlStore::grant_exemption(const CaseExemption& e, const CaseActor& actor) {
  return in_transaction([&]() -> Result<int64_t> {
    LAP_TRY(c, stored_case(db_, e.case_id));
    LAP_TRY_STATUS(require_open(c));
    LAP_TRY_STATUS(require_side(actor, kSideOcmw, "grant an exemption"));
    LAP_TRY(insert, db_.prepare("INSERT INTO case_exemption (case_id, kind, reason, granted_on, "
                                "review_date, status, granted_by) VALUES (?1, ?2, ?3, ?4, ?5, "
                                "'active', ?6) RETURNING exemption_id"));
    insert.bind(1, e.case_id)
        .bind(2, e.kind)
        .bind(3, e.reason)
        .bind(4, e.granted_on.to_string())
        .bind(5, e.review_date.to_string())
        .bind(6, actor.username);
    LAP_TRY(id, returned_id(insert));
    LAP_TRY_STATUS(add_event(db_, e.case_id, actor, "exemption_granted",
                             fmt::format("vrijstelling {} ({}), herziening tegen {}", id, e.kind,
                                         e.review_date.to_string())));
    return id;
  });
}

Status SqlStore::review_exemption(int64_t case_id, int64_t exemption_id, int64_t row_version,
                                  std::optional<Date> next_review, std::string_view reason,
                                  const CaseActor& actor) {
  return in_transaction([&]() -> Status {
    LAP_TRY(c, stored_case(db_, case_id));
    LAP_TRY_STATUS(require_open(c));
    LAP_TRY_STATUS(require_side(actor, kSideOcmw, "review an exemption"));
    LAP_TRY(known, db_.query_int(fmt::format("SELECT count(*) FROM case_exemption WHERE "
                                             "exemption_id = {} AND case_id = {}",
                                             exemption_id, case_id)));
    if (known.value_or(0) == 0) {
      return make_error(ErrorCode::kNotFound,
                        fmt::format("case {} has no exemption {}", case_id, exemption_id));
    }
    LAP_TRY(put, db_.prepare("UPDATE case_exemption SET status = ?3, review_date = "
                             "COALESCE(?4, review_date), row_version = row_version + 1 WHERE "
                             "exemption_id = ?1 AND row_version = ?2 AND status = 'active'"));
    std::optional<std::string> next;
    if (next_review) next = next_review->to_string();
    LAP_TRY_STATUS(put.bind(1, exemption_id)
                       .bind(2, row_version)
                       .bind(3, next_review ? "active" : "ended")
                       .bind(4, next)
                       .run());
    if (db_.changes() != 1) {
      return make_error(
          ErrorCode::kFailedPrecondition,
          fmt::format("exemption {} was changed by someone else or has ended", exemption_id));
    }
    return add_event(
        db_, case_id, actor, next_review ? "exemption_extended" : "exemption_ended",
        next_review
            ? fmt::format("vrijstelling {}: herziening tegen {} ({})", exemption_id, *next, reason)
            : fmt::format("vrijstelling {} beëindigd ({})", exemption_id, reason));
  });
}

Result<std::vector<CaseTask>> SqlStore::case_tasks(const TaskQuery& q) {
  // One SELECT per kind of task, joined to its open case; ?1 the side, ?2 today, ?3 the review
  // horizon, ?4 the OCMW (0: any).
  const std::string sql = fmt::format(
      "SELECT c.case_id, c.person_ref, c.ocmw_nis, c.ocmw_worker, c.vdab_worker, t.kind, t.item, "
      "t.side, t.detail, t.due FROM ({}) t JOIN case_file c ON c.case_id = t.case_id WHERE "
      "c.status = 'open' AND (?4 = 0 OR c.ocmw_nis = ?4) AND t.side = ?1 ORDER BY t.due IS "
      "NULL, t.due, c.case_id, t.item",
      "SELECT case_id, 'action' AS kind, action_id AS item, owner AS side, kind AS detail, "
      "due_date AS due FROM case_action WHERE status IN ('planned', 'in_progress') AND due_date "
      "< ?2 "
      "UNION ALL SELECT case_id, 'handover', handover_id, to_side, reason, NULL FROM "
      "case_handover WHERE status = 'proposed' "
      "UNION ALL SELECT case_id, 'transmission', transmission_id, 'ocmw', reason, deadline FROM "
      "case_transmission WHERE answer IS NULL "
      "UNION ALL SELECT case_id, 'transmission', transmission_id, 'vdab', reason, deadline FROM "
      "case_transmission WHERE answer IS NULL AND deadline < ?2 "
      "UNION ALL SELECT case_id, 'exemption', exemption_id, 'ocmw', kind, review_date FROM "
      "case_exemption WHERE status = 'active' AND review_date <= ?3");
  LAP_TRY(st, db_.prepare(sql));
  st.bind(1, q.side)
      .bind(2, q.today.to_string())
      .bind(3, q.review.to_string())
      .bind(4, int64_t{q.ocmw_nis.value_or(0)});
  std::vector<CaseTask> out;
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    CaseTask t;
    t.case_id = st.int64(0);
    t.person_ref = st.text(1);
    t.ocmw_nis = static_cast<int>(st.int64(2));
    t.ocmw_worker = opt_text(st, 3);
    t.vdab_worker = opt_text(st, 4);
    t.kind = st.text(5);
    t.item = st.int64(6);
    t.side = st.text(7);
    t.detail = st.text(8);
    if (!st.is_null(9)) {
      LAP_TRY(due, date_column(st, 9, "task due date"));
      t.due = due;
    }
    out.push_back(std::move(t));
  }
  return out;
}

Result<cases::CaseFacts> SqlStore::case_figure_facts(Date from) {
  cases::CaseFacts out;
  const std::string since = from.to_string();
  {
    LAP_TRY(st, db_.prepare("SELECT c.ocmw_nis, h.proposed_at, h.decided_at, h.status FROM "
                            "case_handover h JOIN case_file c ON c.case_id = h.case_id WHERE "
                            "h.status IN ('accepted', 'declined') AND h.decided_at >= ?1"));
    st.bind(1, since);
    while (true) {
      LAP_TRY(row, st.step());
      if (!row) break;
      out.handovers.push_back(
          {static_cast<int>(st.int64(0)), st.text(1), st.text(2), st.text(3) == "accepted"});
    }
  }
  {
    LAP_TRY(st, db_.prepare("SELECT c.ocmw_nis, t.deadline, t.answered_on FROM case_transmission t "
                            "JOIN case_file c ON c.case_id = t.case_id WHERE t.deadline >= ?1"));
    st.bind(1, since);
    while (true) {
      LAP_TRY(row, st.step());
      if (!row) break;
      cases::TransmissionFact t;
      t.ocmw_nis = static_cast<int>(st.int64(0));
      LAP_TRY(deadline, date_column(st, 1, "case_transmission.deadline"));
      t.deadline = deadline;
      if (!st.is_null(2)) {
        LAP_TRY(on, date_column(st, 2, "case_transmission.answered_on"));
        t.answered_on = on;
      }
      out.transmissions.push_back(t);
    }
  }
  LAP_TRY(st, db_.prepare("SELECT c.ocmw_nis, c.person_ref, MIN(a.created_at) FROM case_action a "
                          "JOIN case_file c ON c.case_id = a.case_id WHERE a.status <> "
                          "'cancelled' GROUP BY c.ocmw_nis, c.person_ref"));
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    const std::string created = st.text(2);
    auto day = Date::parse(std::string_view(created).substr(0, 10));
    if (!day) return std::unexpected(day.error());
    out.actions.push_back({static_cast<int>(st.int64(0)), st.text(1), *day});
  }
  return out;
}

Result<int64_t> SqlStore::latest_case_event() {
  LAP_TRY(st, db_.prepare("SELECT COALESCE(MAX(event_id), 0) FROM case_event"));
  LAP_TRY(row, st.step());
  if (!row) return int64_t{0};
  return st.int64(0);
}

}  // namespace lap::store::sql
