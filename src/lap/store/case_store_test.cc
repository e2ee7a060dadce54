// The contract of CaseStore (case_store.h) on SQLite and PostgreSQL: one open
// case per person and OCMW, actions and their versions, notes, the warm
// handover of the regie, and a history row for every change.
#include "lap/store/case_store.h"

#include <gtest/gtest.h>

#include "lap/cases/case_rules.h"
#include "lap/store/sql/sql_store.h"
#include "lap/store/sql/test_database.h"

namespace lap::store::sql {
namespace {

class CaseStoreContract : public testing::StoreTest {};
LAP_ON_BOTH_DATABASES(CaseStoreContract);

const std::string kPerson(32, 'a');
const CaseActor kOcmw{"ocmw-1", "ocmw"};
const CaseActor kVdab{"vdab-1", "vdab"};

std::vector<std::string> kinds(const CaseFile& f) {
  std::vector<std::string> out;
  for (const auto& e : f.events)
    out.push_back(e.kind);
  return out;
}

TEST_P(CaseStoreContract, OneOpenCasePerPersonAndOcmw) {
  auto s = fresh();
  auto id = s->open_case(kPerson, 11002, kOcmw);
  ASSERT_TRUE(id) << id.error().message;
  auto again = s->open_case(kPerson, 11002, kVdab);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_TRUE(s->open_case(kPerson, 44021, kVdab));  // another OCMW
  auto file = s->case_file(*id);
  ASSERT_TRUE(file && *file);
  EXPECT_EQ((*file)->record.person_ref, kPerson);
  EXPECT_EQ((*file)->record.ocmw_nis, 11002);
  EXPECT_EQ((*file)->record.regie, "ocmw");
  EXPECT_EQ((*file)->record.status, "open");
  EXPECT_EQ((*file)->record.opened_by, "ocmw-1");
  EXPECT_EQ(kinds(**file), std::vector<std::string>{"case_opened"});
  auto cases = s->cases_of(std::vector{kPerson, std::string(32, 'b')});
  ASSERT_TRUE(cases);
  EXPECT_EQ(cases->size(), 2U);
  auto missing = s->case_file(999);
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
}

TEST_P(CaseStoreContract, ActionsAreVersionCheckedAndEveryChangeIsInTheHistory) {
  auto s = fresh();
  const int64_t c = *s->open_case(kPerson, 11002, kOcmw);
  CaseAction a;
  a.case_id = c;
  a.kind = "training";
  a.owner = "vdab";
  a.due_date = *Date::parse("2027-01-31");
  a.description = "opleiding heftruck";
  auto id = s->add_case_action(a, kOcmw);
  ASSERT_TRUE(id) << id.error().message;
  auto file = **s->case_file(c);
  ASSERT_EQ(file.actions.size(), 1U);
  CaseAction read = file.actions[0];
  EXPECT_EQ(read.kind, "training");
  EXPECT_EQ(read.status, "planned");
  EXPECT_EQ(read.due_date, a.due_date);
  EXPECT_EQ(read.row_version, 1);
  // Two users read version 1; the first to write wins.
  CaseAction first = read;
  first.status = "in_progress";
  auto v = s->update_case_action(first, kVdab);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(*v, 2);
  CaseAction second = read;
  second.status = "cancelled";
  auto stale = s->update_case_action(second, kOcmw);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kFailedPrecondition);
  CaseAction other = read;
  other.case_id = *s->open_case(kPerson, 44021, kOcmw);
  EXPECT_EQ(s->update_case_action(other, kOcmw).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(s->add_case_note(c, "gesprek gehad", kVdab));
  file = **s->case_file(c);
  EXPECT_EQ(file.actions[0].status, "in_progress");
  EXPECT_EQ(file.actions[0].due_date, a.due_date);
  ASSERT_EQ(file.notes.size(), 1U);
  EXPECT_EQ(file.notes[0].side, "vdab");
  EXPECT_EQ(file.notes[0].text, "gesprek gehad");
  EXPECT_EQ(kinds(file), (std::vector<std::string>{"case_opened", "action_added", "action_changed",
                                                   "note_added"}));
  EXPECT_EQ(file.events[2].actor, "vdab-1");
  // The history is append-only.
  EXPECT_FALSE(s->database().exec("DELETE FROM case_event"));
  EXPECT_FALSE(s->database().exec("UPDATE case_event SET actor = 'x'"));
}

TEST_P(CaseStoreContract, AWarmHandoverMovesTheRegieOnlyWhenAccepted) {
  auto s = fresh();
  const int64_t c = *s->open_case(kPerson, 11002, kOcmw);
  // Only the side holding the regie proposes, from the case's current version.
  EXPECT_EQ(s->propose_handover(c, 1, "naar VDAB", kVdab).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(s->propose_handover(c, 7, "naar VDAB", kOcmw).error().code,
            ErrorCode::kFailedPrecondition);
  auto h = s->propose_handover(c, 1, "klaar voor werk", kOcmw);
  ASSERT_TRUE(h) << h.error().message;
  // One waiting handover at a time; the proposer cannot decide it.
  EXPECT_EQ(s->propose_handover(c, 2, "nog eens", kOcmw).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(s->decide_handover(c, *h, 2, true, "ja", kOcmw).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(s->decide_handover(c, *h, 1, true, "ja", kVdab).error().code,
            ErrorCode::kFailedPrecondition);  // stale version
  ASSERT_TRUE(s->decide_handover(c, *h, 2, false, "eerst taal", kVdab));
  auto file = **s->case_file(c);
  EXPECT_EQ(file.record.regie, "ocmw");
  EXPECT_EQ(file.record.row_version, 3);
  ASSERT_EQ(file.handovers.size(), 1U);
  EXPECT_EQ(file.handovers[0].status, "declined");
  EXPECT_EQ(file.handovers[0].decision_reason, "eerst taal");
  // Proposed again and accepted: the regie moves to VDAB.
  auto h2 = s->propose_handover(c, 3, "taal afgerond", kOcmw);
  ASSERT_TRUE(h2);
  ASSERT_TRUE(s->decide_handover(c, *h2, 4, true, "akkoord", kVdab));
  file = **s->case_file(c);
  EXPECT_EQ(file.record.regie, "vdab");
  EXPECT_EQ(file.handovers[1].status, "accepted");
  EXPECT_EQ(file.handovers[1].decided_by, "vdab-1");
  EXPECT_TRUE(file.handovers[1].decided_at);
  EXPECT_EQ(file.handovers[1].from_side, "ocmw");
  EXPECT_EQ(file.handovers[1].to_side, "vdab");
  EXPECT_EQ(kinds(file),
            (std::vector<std::string>{"case_opened", "handover_proposed", "handover_declined",
                                      "handover_proposed", "handover_accepted"}));
  // Now VDAB holds the regie and may hand it back.
  EXPECT_TRUE(s->propose_handover(c, 5, "terug", kVdab));
}

TEST_P(CaseStoreContract, TheOpenerFollowsTheCaseAndTheAccepterTakesOver) {
  auto s = fresh();
  const int64_t c = *s->open_case(kPerson, 11002, kOcmw);
  auto file = **s->case_file(c);
  EXPECT_EQ(file.record.ocmw_worker, "ocmw-1");
  EXPECT_FALSE(file.record.vdab_worker);
  auto h = s->propose_handover(c, 1, "naar VDAB", kOcmw);
  ASSERT_TRUE(s->decide_handover(c, *h, 2, true, "", kVdab));
  EXPECT_EQ((**s->case_file(c)).record.vdab_worker, "vdab-1");
  ASSERT_TRUE(s->take_case(c, {"ocmw-2", "ocmw"}));
  file = **s->case_file(c);
  EXPECT_EQ(file.record.ocmw_worker, "ocmw-2");
  EXPECT_EQ(file.events.back().kind, "worker_changed");
}

TEST_P(CaseStoreContract, TransmissionsAreSentByVdabAndAnsweredOnceByTheOcmw) {
  auto s = fresh();
  const int64_t c = *s->open_case(kPerson, 11002, kOcmw);
  const Date deadline = *Date::parse("2025-01-31");
  EXPECT_EQ(s->send_transmission(c, "afspraak gemist", deadline, kOcmw).error().code,
            ErrorCode::kFailedPrecondition);
  auto t = s->send_transmission(c, "afspraak gemist", deadline, kVdab);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(s->answer_transmission(c, *t, "no_sanction", "ziek", deadline, kVdab).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(s->answer_transmission(c, *t + 99, "no_sanction", "ziek", deadline, kOcmw).error().code,
            ErrorCode::kNotFound);
  EXPECT_FALSE(s->answer_transmission(c, *t, "bogus", "x", deadline, kOcmw));  // the schema's list
  ASSERT_TRUE(s->answer_transmission(c, *t, "no_sanction", "ziek gemeld", deadline, kOcmw));
  EXPECT_EQ(s->answer_transmission(c, *t, "other", "nog eens", deadline, kOcmw).error().code,
            ErrorCode::kFailedPrecondition);
  auto file = **s->case_file(c);
  ASSERT_EQ(file.transmissions.size(), 1U);
  EXPECT_EQ(file.transmissions[0].deadline, deadline);
  EXPECT_EQ(file.transmissions[0].answer, "no_sanction");
  EXPECT_EQ(file.transmissions[0].answer_reason, "ziek gemeld");
  EXPECT_EQ(file.transmissions[0].answered_by, "ocmw-1");
  EXPECT_EQ(file.transmissions[0].answered_on, deadline);
  EXPECT_EQ(file.events.back().kind, "transmission_answered");
}

TEST_P(CaseStoreContract, ExemptionsAreGrantedAndReviewedByTheOcmw) {
  auto s = fresh();
  const int64_t c = *s->open_case(kPerson, 11002, kOcmw);
  CaseExemption e;
  e.case_id = c;
  e.kind = "health";
  e.reason = "medisch attest";
  e.granted_on = *Date::parse("2024-01-15");
  e.review_date = *Date::parse("2025-01-15");
  EXPECT_EQ(s->grant_exemption(e, kVdab).error().code, ErrorCode::kFailedPrecondition);
  auto id = s->grant_exemption(e, kOcmw);
  ASSERT_TRUE(id) << id.error().message;
  ASSERT_TRUE(s->review_exemption(c, *id, 1, *Date::parse("2026-01-15"), "attest verlengd", kOcmw));
  EXPECT_EQ(s->review_exemption(c, *id, 1, std::nullopt, "stale", kOcmw).error().code,
            ErrorCode::kFailedPrecondition);
  auto file = **s->case_file(c);
  ASSERT_EQ(file.exemptions.size(), 1U);
  EXPECT_EQ(file.exemptions[0].review_date, *Date::parse("2026-01-15"));
  EXPECT_EQ(file.exemptions[0].status, "active");
  ASSERT_TRUE(s->review_exemption(c, *id, 2, std::nullopt, "hersteld", kOcmw));
  file = **s->case_file(c);
  EXPECT_EQ(file.exemptions[0].status, "ended");
  EXPECT_EQ(file.events.back().kind, "exemption_ended");
}

TEST_P(CaseStoreContract, TasksAreWhatWaitsForEachSide) {
  auto s = fresh();
  const int64_t c = *s->open_case(kPerson, 11002, kOcmw);
  const int64_t gent = *s->open_case(kPerson, 44021, kOcmw);
  CaseAction late;
  late.case_id = c;
  late.kind = "intake";
  late.owner = "ocmw";
  late.due_date = *Date::parse("2024-09-01");
  ASSERT_TRUE(s->add_case_action(late, kOcmw));
  CaseAction later = late;
  later.due_date = *Date::parse("2024-12-01");  // not late yet
  ASSERT_TRUE(s->add_case_action(later, kOcmw));
  CaseAction vdab = late;
  vdab.owner = "vdab";
  vdab.case_id = gent;
  ASSERT_TRUE(s->add_case_action(vdab, kOcmw));
  auto t = s->send_transmission(c, "afspraak gemist", *Date::parse("2024-09-15"), kVdab);
  ASSERT_TRUE(t);
  ASSERT_TRUE(s->propose_handover(gent, 1, "naar VDAB", kOcmw));
  CaseExemption e;
  e.case_id = c;
  e.kind = "equity";
  e.reason = "mantelzorg";
  e.granted_on = *Date::parse("2024-01-01");
  e.review_date = *Date::parse("2024-10-20");
  ASSERT_TRUE(s->grant_exemption(e, kOcmw));
  const TaskQuery ocmw{"ocmw", 11002, *Date::parse("2024-10-01"), *Date::parse("2024-10-31")};
  auto tasks = s->case_tasks(ocmw);
  ASSERT_TRUE(tasks) << tasks.error().message;
  std::vector<std::string> kinds;
  for (const auto& task : *tasks)
    kinds.push_back(task.kind);
  // By due date: the late action, the transmission, the exemption to review.
  EXPECT_EQ(kinds, (std::vector<std::string>{"action", "transmission", "exemption"}));
  EXPECT_EQ((*tasks)[0].ocmw_worker, "ocmw-1");
  auto vdab_tasks = s->case_tasks({"vdab", std::nullopt, ocmw.today, ocmw.review});
  kinds.clear();
  for (const auto& task : *vdab_tasks)
    kinds.push_back(task.kind);
  // Gent's late action for VDAB, the late transmission, the handover waiting (no date: last).
  EXPECT_EQ(kinds, (std::vector<std::string>{"action", "transmission", "handover"}));
  // Answered, the transmission leaves both lists.
  ASSERT_TRUE(s->answer_transmission(c, *t, "sanction_considered", "herhaald",
                                     *Date::parse("2024-10-01"), kOcmw));
  EXPECT_EQ(s->case_tasks(ocmw)->size(), 2U);
}

TEST_P(CaseStoreContract, ChangesNotifyWhoFollowsTheOtherSideAndAreMailedOnce) {
  auto s = fresh();
  for (auto [name, email] : {std::pair{"ocmw-1", "an@ocmw.example"}, std::pair{"vdab-1", ""}}) {
    UserRecord u;
    u.username = name;
    u.role = std::string(name).starts_with("ocmw") ? "ocmw_counsellor" : "vdab_mediator";
    if (u.role == "ocmw_counsellor") u.municipality = *Nis::from_int(11002);
    u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
    u.created_by = "test";
    if (*email) u.email = email;
    ASSERT_TRUE(s->auth().create_user(u));
  }
  const int64_t c = *s->open_case(kPerson, 11002, kOcmw);
  auto nobody = s->propose_handover(c, 1, "naar VDAB", kOcmw);  // nobody follows it at VDAB
  ASSERT_TRUE(nobody);
  EXPECT_TRUE(s->notifications("vdab-1", 10)->empty());
  ASSERT_TRUE(s->take_case(c, kVdab));
  ASSERT_TRUE(s->decide_handover(c, *nobody, 2, false, "nog niet", kVdab));
  auto t = s->send_transmission(c, "afspraak gemist", *Date::parse("2024-10-31"), kVdab);
  ASSERT_TRUE(t);
  ASSERT_TRUE(
      s->answer_transmission(c, *t, "no_sanction", "ziek", *Date::parse("2024-10-02"), kOcmw));
  auto mine = s->notifications("ocmw-1", 10);
  ASSERT_TRUE(mine) << mine.error().message;
  ASSERT_EQ(mine->size(), 2U);  // newest first
  EXPECT_EQ((*mine)[0].kind, "transmission_sent");
  EXPECT_EQ((*mine)[1].kind, "handover_declined");
  EXPECT_EQ((*mine)[0].case_id, c);
  auto theirs = s->notifications("vdab-1", 10);
  ASSERT_EQ(theirs->size(), 1U);
  EXPECT_EQ((*theirs)[0].kind, "transmission_answered");
  EXPECT_EQ(s->mark_notification_read((*theirs)[0].id, "ocmw-1").error().code,
            ErrorCode::kNotFound);  // not hers
  ASSERT_TRUE(s->mark_notification_read((*theirs)[0].id, "vdab-1"));
  EXPECT_TRUE(s->notifications("vdab-1", 10)->front().read_at);
  // Only users with an address are mailed; a failure is retried up to the limit.
  auto outbox = s->unmailed_notifications(10, 3);
  ASSERT_TRUE(outbox) << outbox.error().message;
  ASSERT_EQ(outbox->size(), 2U);
  EXPECT_EQ((*outbox)[0].email, "an@ocmw.example");
  ASSERT_TRUE(s->record_mailing((*outbox)[0].id, true));
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(s->record_mailing((*outbox)[1].id, false));
  EXPECT_TRUE(s->unmailed_notifications(10, 3)->empty());
  EXPECT_EQ(s->unmailed_notifications(10, 4)->size(), 1U);
}

TEST_P(CaseStoreContract, TheRegieClosesACaseAndNothingChangesInItAfter) {
  auto s = fresh();
  const int64_t c = *s->open_case(kPerson, 11002, kOcmw);
  const Date on = *Date::parse("2025-03-01");
  EXPECT_EQ(s->close_case(c, 1, on, "werk gevonden", kVdab).error().code,
            ErrorCode::kFailedPrecondition);  // not the regie
  EXPECT_EQ(s->close_case(c, 9, on, "werk gevonden", kOcmw).error().code,
            ErrorCode::kFailedPrecondition);  // stale
  ASSERT_TRUE(s->close_case(c, 1, on, "werk gevonden", kOcmw));
  auto file = **s->case_file(c);
  EXPECT_EQ(file.record.status, "closed");
  EXPECT_EQ(file.record.closed_on, on);
  EXPECT_EQ(file.events.back().kind, "case_closed");
  EXPECT_EQ(s->add_case_note(c, "na", kOcmw).error().code, ErrorCode::kFailedPrecondition);
  // A new case of the person may be opened at the OCMW.
  EXPECT_TRUE(s->open_case(kPerson, 11002, kVdab));
}

TEST_P(CaseStoreContract, TheCaseFiguresCountDecidedHandoversDueTransmissionsAndFirstActions) {
  auto s = fresh();
  EXPECT_EQ(s->latest_case_event(), 0);
  const std::string other(32, 'b');
  const int64_t c = *s->open_case(kPerson, 11002, kOcmw);
  const int64_t opened = *s->latest_case_event();
  EXPECT_GT(opened, 0);
  const int64_t d = *s->open_case(other, 44021, kOcmw);
  auto waiting = s->propose_handover(d, 1, "klaar voor werk", kOcmw);  // not decided
  ASSERT_TRUE(waiting);
  auto h = s->propose_handover(c, 1, "klaar voor werk", kOcmw);
  ASSERT_TRUE(h);
  ASSERT_TRUE(s->decide_handover(c, *h, 2, true, "ja", kVdab));
  EXPECT_GT(*s->latest_case_event(), opened);  // every change moves it
  const Date early = *Date::parse("2025-01-31");
  const Date late = *Date::parse("2099-12-31");
  auto t1 = s->send_transmission(c, "afspraak gemist", early, kVdab);
  ASSERT_TRUE(t1);
  ASSERT_TRUE(s->answer_transmission(c, *t1, "no_sanction", "ziek", early, kOcmw));
  ASSERT_TRUE(s->send_transmission(c, "weer gemist", late, kVdab));
  for (const char* kind : {"intake", "screening"}) {
    CaseAction a;
    a.case_id = c;
    a.kind = kind;
    a.owner = "ocmw";
    ASSERT_TRUE(s->add_case_action(a, kOcmw));
  }
  CaseAction cancelled;
  cancelled.case_id = d;
  cancelled.kind = "intake";
  cancelled.owner = "ocmw";
  cancelled.id = *s->add_case_action(cancelled, kOcmw);
  cancelled.status = "cancelled";
  ASSERT_TRUE(s->update_case_action(cancelled, kOcmw));

  auto facts = s->case_figure_facts(*Date::parse("2025-01-01"));
  ASSERT_TRUE(facts) << facts.error().message;
  ASSERT_EQ(facts->handovers.size(), 1U);
  EXPECT_EQ(facts->handovers[0].ocmw_nis, 11002);
  EXPECT_TRUE(facts->handovers[0].accepted);
  EXPECT_TRUE(
      cases::hours_between(facts->handovers[0].proposed_at, facts->handovers[0].decided_at));
  ASSERT_EQ(facts->transmissions.size(), 2U);
  int answered = 0;
  for (const auto& t : facts->transmissions) {
    EXPECT_EQ(t.ocmw_nis, 11002);
    if (t.answered_on) {
      EXPECT_EQ(*t.answered_on, early);
      ++answered;
    }
  }
  EXPECT_EQ(answered, 1);
  ASSERT_EQ(facts->actions.size(), 1U);  // two actions, one person; the cancelled one not
  EXPECT_EQ(facts->actions[0].person_ref, kPerson);
  EXPECT_EQ(facts->actions[0].ocmw_nis, 11002);
  // Transmissions due before `from` are left out.
  auto later = s->case_figure_facts(*Date::parse("2025-02-01"));
  ASSERT_TRUE(later);
  EXPECT_EQ(later->transmissions.size(), 1U);
}

}  // namespace
}  // namespace lap::store::sql
