// SqlStore, case collaboration (case_store.h, migration 0014_cases.sql): every
// change in one transaction with its history row; the case and its actions
// version-checked by row_version.
#include <algorithm>

#include <fmt/format.h>

#include "lap/store/sql/case_common.h"
#include "lap/store/sql/internal.h"
#include "lap/store/sql/sql_store.h"

namespace lap::store::sql {

std::optional<std::string> opt_text(const Statement& st, int column) {
  if (st.is_null(column)) return std::nullopt;
  return st.text(column);
}

CaseRecord read_case(const Statement& st) {
  CaseRecord c;
  c.id = st.int64(0);
  c.person_ref = st.text(1);
  c.ocmw_nis = static_cast<int>(st.int64(2));
  c.regie = st.text(3);
  c.status = st.text(4);
  c.row_version = st.int64(5);
  c.opened_at = st.text(6);
  c.opened_by = st.text(7);
  c.ocmw_worker = opt_text(st, 8);
  c.vdab_worker = opt_text(st, 9);
  if (!st.is_null(10)) c.closed_on = Date::parse(st.text_view(10)).value_or(Date());
  return c;
}

Status add_event(Database& db, int64_t case_id, const CaseActor& actor, std::string_view kind,
                 std::string_view detail) {
  LAP_TRY(st, db.prepare("INSERT INTO case_event (case_id, at, actor, side, kind, detail) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  return st.bind(1, case_id)
      .bind(2, now_utc())
      .bind(3, actor.username)
      .bind(4, actor.side)
      .bind(5, kind)
      .bind(6, detail)
      .run();
}

// The case's stored record, kNotFound when there is none.
Result<CaseRecord> stored_case(Database& db, int64_t case_id) {
  LAP_TRY(st, db.prepare(fmt::format("SELECT {} FROM case_file WHERE case_id = ?1", kCaseColumns)));
  st.bind(1, case_id);
  LAP_TRY(found, st.step());
  if (!found) return make_error(ErrorCode::kNotFound, fmt::format("there is no case {}", case_id));
  return read_case(st);
}

Status require_open(const CaseRecord& c) {
  if (c.status != "open")
    return make_error(ErrorCode::kFailedPrecondition, fmt::format("case {} is closed", c.id));
  return {};
}

Status require_side(const CaseActor& actor, std::string_view side, std::string_view what) {
  if (actor.side != side) {
    return make_error(ErrorCode::kFailedPrecondition,
                      fmt::format("only the {} side may {}", side, what));
  }
  return {};
}

namespace {

// Bumps the case's row_version when it is still `version`.
Status bump_case(Database& db, int64_t case_id, int64_t version, std::string_view regie) {
  LAP_TRY(st, db.prepare("UPDATE case_file SET row_version = row_version + 1, regie = ?3 "
                         "WHERE case_id = ?1 AND row_version = ?2"));
  LAP_TRY_STATUS(st.bind(1, case_id).bind(2, version).bind(3, regie).run());
  if (db.changes() != 1) {
    return make_error(ErrorCode::kFailedPrecondition,
                      fmt::format("case {} was changed by someone else; read it again", case_id));
  }
  return {};
}

std::string action_detail(const CaseAction& a) {
  return fmt::format("{}, {}, {}, vervaldatum {}", a.kind, a.owner, a.status,
                     a.due_date ? a.due_date->to_string() : "geen");
}

Result<std::vector<CaseAction>> read_actions(Database& db, int64_t case_id) {
  LAP_TRY(st, db.prepare("SELECT action_id, case_id, kind, owner, due_date, status, description, "
                         "row_version, created_at, created_by, updated_at FROM case_action "
                         "WHERE case_id = ?1 ORDER BY action_id"));
  st.bind(1, case_id);
  std::vector<CaseAction> out;
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    CaseAction a;
    a.id = st.int64(0);
    a.case_id = st.int64(1);
    a.kind = st.text(2);
    a.owner = st.text(3);
    if (!st.is_null(4)) {
      LAP_TRY(due, date_column(st, 4, "case_action.due_date"));
      a.due_date = due;
    }
    a.status = st.text(5);
    a.description = st.text(6);
    a.row_version = st.int64(7);
    a.created_at = st.text(8);
    a.created_by = st.text(9);
    a.updated_at = st.text(10);
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<CaseNote>> read_notes(Database& db, int64_t case_id) {
  LAP_TRY(st, db.prepare("SELECT note_id, case_id, side, author, text, created_at FROM case_note "
                         "WHERE case_id = ?1 ORDER BY note_id"));
  st.bind(1, case_id);
  std::vector<CaseNote> out;
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    out.push_back({st.int64(0), st.int64(1), st.text(2), st.text(3), st.text(4), st.text(5)});
  }
  return out;
}

Result<std::vector<CaseHandover>> read_handovers(Database& db, int64_t case_id) {
  LAP_TRY(st, db.prepare("SELECT handover_id, case_id, from_side, to_side, reason, status, "
                         "proposed_by, proposed_at, decided_by, decided_at, decision_reason "
                         "FROM case_handover WHERE case_id = ?1 ORDER BY handover_id"));
  st.bind(1, case_id);
  std::vector<CaseHandover> out;
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    out.push_back({st.int64(0), st.int64(1), st.text(2), st.text(3), st.text(4), st.text(5),
                   st.text(6), st.text(7), opt_text(st, 8), opt_text(st, 9), opt_text(st, 10)});
  }
  return out;
}

Result<std::vector<CaseEvent>> read_events(Database& db, int64_t case_id) {
  LAP_TRY(st, db.prepare("SELECT event_id, case_id, at, actor, side, kind, detail FROM case_event "
                         "WHERE case_id = ?1 ORDER BY event_id"));
  st.bind(1, case_id);
  std::vector<CaseEvent> out;
  while (true) {
    LAP_TRY(row, st.step());
    if (!row) break;
    out.push_back(
        {st.int64(0), st.int64(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6)});
  }
  return out;
}

}  // namespace

Result<int64_t> SqlStore::open_case(std::string_view person_ref, int ocmw_nis,
                                    const CaseActor& actor) {
  return in_transaction([&]() -> Result<int64_t> {
    LAP_TRY(open, db_.prepare("SELECT case_id FROM case_file WHERE person_ref = ?1 AND "
                              "ocmw_nis = ?2 AND status = 'open'"));
    open.bind(1, person_ref).bind(2, int64_t{ocmw_nis});
    LAP_TRY(exists, open.step());
    if (exists) {
      return make_error(
          ErrorCode::kAlreadyExists,
          fmt::format("case {} is open for this person at OCMW {}", open.int64(0), ocmw_nis));
    }
    LAP_TRY(insert, db_.prepare(fmt::format(
                        "INSERT INTO case_file (person_ref, ocmw_nis, regie, status, opened_at, "
                        "opened_by, {}_worker) VALUES (?1, ?2, ?3, 'open', ?4, ?5, ?5) RETURNING "
                        "case_id",
                        actor.side == kSideVdab ? "vdab" : "ocmw")));
    insert.bind(1, person_ref)
        .bind(2, int64_t{ocmw_nis})
        .bind(3, actor.side)
        .bind(4, now_utc())
        .bind(5, actor.username);
    LAP_TRY(id, returned_id(insert));
    LAP_TRY_STATUS(add_event(db_, id, actor, "case_opened", fmt::format("regie: {}", actor.side)));
    return id;
  });
}

Result<std::optional<CaseFile>> SqlStore::case_file(int64_t case_id) {
  auto record = stored_case(db_, case_id);
  if (!record) {
    if (record.error().code == ErrorCode::kNotFound) return std::optional<CaseFile>();
    return std::unexpected(record.error());
  }
  CaseFile file;
  file.record = std::move(*record);
  LAP_TRY(actions, read_actions(db_, case_id));
  LAP_TRY(notes, read_notes(db_, case_id));
  LAP_TRY(handovers, read_handovers(db_, case_id));
  LAP_TRY(events, read_events(db_, case_id));
  file.actions = std::move(actions);
  file.notes = std::move(notes);
  file.handovers = std::move(handovers);
  file.events = std::move(events);
  LAP_TRY(transmissions, read_transmissions(db_, case_id));
  LAP_TRY(exemptions, read_exemptions(db_, case_id));
  file.transmissions = std::move(transmissions);
  file.exemptions = std::move(exemptions);
  return file;
}

Result<std::vector<CaseRecord>> SqlStore::cases_of(std::span<const std::string> person_refs) {
  std::vector<CaseRecord> out;
  LAP_TRY(st,
          db_.prepare(fmt::format("SELECT {} FROM case_file WHERE person_ref = ?1", kCaseColumns)));
  for (const auto& ref : person_refs) {
    st.reset();
    st.bind(1, ref);
    while (true) {
      LAP_TRY(row, st.step());
      if (!row) break;
      out.push_back(read_case(st));
    }
  }
  std::ranges::sort(out, [](const CaseRecord& a, const CaseRecord& b) {
    if ((a.status == "open") != (b.status == "open")) return a.status == "open";
    return a.id > b.id;
  });
  return out;
}

Result<int64_t> SqlStore::add_case_action(const CaseAction& a, const CaseActor& actor) {
  return in_transaction([&]() -> Result<int64_t> {
    LAP_TRY(c, stored_case(db_, a.case_id));
    LAP_TRY_STATUS(require_open(c));
    LAP_TRY(insert, db_.prepare("INSERT INTO case_action (case_id, kind, owner, due_date, status, "
                                "description, created_at, created_by, updated_at) VALUES (?1, ?2, "
                                "?3, ?4, ?5, ?6, ?7, ?8, ?7) RETURNING action_id"));
    insert.bind(1, a.case_id)
        .bind(2, a.kind)
        .bind(3, a.owner)
        .bind(4, opt_date(a.due_date))
        .bind(5, a.status)
        .bind(6, a.description)
        .bind(7, now_utc())
        .bind(8, actor.username);
    LAP_TRY(id, returned_id(insert));
    LAP_TRY_STATUS(add_event(db_, a.case_id, actor, "action_added",
                             fmt::format("actie {}: {}", id, action_detail(a))));
    return id;
  });
}

Result<int64_t> SqlStore::update_case_action(const CaseAction& a, const CaseActor& actor) {
  return in_transaction([&]() -> Result<int64_t> {
    LAP_TRY(c, stored_case(db_, a.case_id));
    LAP_TRY_STATUS(require_open(c));
    LAP_TRY(before, db_.prepare("SELECT row_version FROM case_action WHERE action_id = ?1 AND "
                                "case_id = ?2"));
    before.bind(1, a.id).bind(2, a.case_id);
    LAP_TRY(found, before.step());
    if (!found) {
      return make_error(ErrorCode::kNotFound,
                        fmt::format("case {} has no action {}", a.case_id, a.id));
    }
    LAP_TRY(put, db_.prepare("UPDATE case_action SET kind = ?3, owner = ?4, due_date = ?5, "
                             "status = ?6, description = ?7, updated_at = ?8, row_version = "
                             "row_version + 1 WHERE action_id = ?1 AND row_version = ?2"));
    LAP_TRY_STATUS(put.bind(1, a.id)
                       .bind(2, a.row_version)
                       .bind(3, a.kind)
                       .bind(4, a.owner)
                       .bind(5, opt_date(a.due_date))
                       .bind(6, a.status)
                       .bind(7, a.description)
                       .bind(8, now_utc())
                       .run());
    if (db_.changes() != 1) {
      return make_error(ErrorCode::kFailedPrecondition,
                        fmt::format("action {} was changed by someone else; read it again", a.id));
    }
    LAP_TRY_STATUS(add_event(db_, a.case_id, actor, "action_changed",
                             fmt::format("actie {}: {}", a.id, action_detail(a))));
    return a.row_version + 1;
  });
}

Result<int64_t> SqlStore::add_case_note(int64_t case_id, std::string_view text,
                                        const CaseActor& actor) {
  return in_transaction([&]() -> Result<int64_t> {
    LAP_TRY(c, stored_case(db_, case_id));
    LAP_TRY_STATUS(require_open(c));
    LAP_TRY(insert, db_.prepare("INSERT INTO case_note (case_id, side, author, text, created_at) "
                                "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING note_id"));
    insert.bind(1, case_id)
        .bind(2, actor.side)
        .bind(3, actor.username)
        .bind(4, text)
        .bind(5, now_utc());
    LAP_TRY(id, returned_id(insert));
    LAP_TRY_STATUS(add_event(db_, case_id, actor, "note_added", fmt::format("notitie {}", id)));
    return id;
  });
}

Result<int64_t> SqlStore::propose_handover(int64_t case_id, int64_t case_version,
                                           std::string_view reason, const CaseActor& actor) {
  return in_transaction([&]() -> Result<int64_t> {
    LAP_TRY(c, stored_case(db_, case_id));
    LAP_TRY_STATUS(require_open(c));
    if (c.regie != actor.side) {
      return make_error(ErrorCode::kFailedPrecondition,
                        fmt::format("the regie of case {} is not with {}", case_id, actor.side));
    }
    LAP_TRY(waiting,
            db_.query_int(fmt::format("SELECT count(*) FROM case_handover WHERE case_id = {} AND "
                                      "status = 'proposed'",
                                      case_id)));
    if (waiting.value_or(0) > 0) {
      return make_error(ErrorCode::kFailedPrecondition,
                        fmt::format("case {} has a handover waiting for a decision", case_id));
    }
    LAP_TRY_STATUS(bump_case(db_, case_id, case_version, c.regie));
    const std::string to(actor.side == kSideOcmw ? kSideVdab : kSideOcmw);
    LAP_TRY(insert, db_.prepare("INSERT INTO case_handover (case_id, from_side, to_side, reason, "
                                "status, proposed_by, proposed_at) VALUES (?1, ?2, ?3, ?4, "
                                "'proposed', ?5, ?6) RETURNING handover_id"));
    insert.bind(1, case_id)
        .bind(2, actor.side)
        .bind(3, to)
        .bind(4, reason)
        .bind(5, actor.username)
        .bind(6, now_utc());
    LAP_TRY(id, returned_id(insert));
    LAP_TRY_STATUS(notify(db_, case_id, to == kSideVdab ? c.vdab_worker : c.ocmw_worker,
                          "handover_proposed", actor));
    LAP_TRY_STATUS(add_event(db_, case_id, actor, "handover_proposed",
                             fmt::format("overdracht {} van {} naar {}", id, actor.side, to)));
    return id;
  });
}

Status SqlStore::decide_handover(int64_t case_id, int64_t handover_id, int64_t case_version,
                                 bool accept, std::string_view reason, const CaseActor& actor) {
  return in_transaction([&]() -> Status {
    LAP_TRY(c, stored_case(db_, case_id));
    LAP_TRY_STATUS(require_open(c));
    LAP_TRY(st, db_.prepare("SELECT to_side, status, proposed_by FROM case_handover WHERE "
                            "handover_id = ?1 AND case_id = ?2"));
    st.bind(1, handover_id).bind(2, case_id);
    LAP_TRY(found, st.step());
    if (!found) {
      return make_error(ErrorCode::kNotFound,
                        fmt::format("case {} has no handover {}", case_id, handover_id));
    }
    const std::string to = st.text(0);
    const std::optional<std::string> proposer = st.text(2);
    if (st.text(1) != "proposed" || to != actor.side) {
      return make_error(ErrorCode::kFailedPrecondition,
                        fmt::format("handover {} does not wait for {}", handover_id, actor.side));
    }
    LAP_TRY_STATUS(bump_case(db_, case_id, case_version, accept ? to : c.regie));
    if (accept) {
      // Whoever accepts follows the case for their side, unless someone already does.
      LAP_TRY(worker, db_.prepare(fmt::format("UPDATE case_file SET {0}_worker = COALESCE("
                                              "{0}_worker, ?2) WHERE case_id = ?1",
                                              to == kSideVdab ? "vdab" : "ocmw")));
      LAP_TRY_STATUS(worker.bind(1, case_id).bind(2, actor.username).run());
    }
    LAP_TRY(put, db_.prepare("UPDATE case_handover SET status = ?2, decided_by = ?3, "
                             "decided_at = ?4, decision_reason = ?5 WHERE handover_id = ?1"));
    LAP_TRY_STATUS(put.bind(1, handover_id)
                       .bind(2, accept ? "accepted" : "declined")
                       .bind(3, actor.username)
                       .bind(4, now_utc())
                       .bind(5, reason)
                       .run());
    LAP_TRY_STATUS(
        notify(db_, case_id, proposer, accept ? "handover_accepted" : "handover_declined", actor));
    return add_event(db_, case_id, actor, accept ? "handover_accepted" : "handover_declined",
                     accept ? fmt::format("overdracht {}: regie naar {}", handover_id, to)
                            : fmt::format("overdracht {} geweigerd", handover_id));
  });
}

}  // namespace lap::store::sql
