// The contract of CaseStore (case_store.h) on SQLite and PostgreSQL: one open
// case per person and OCMW, actions and their versions, notes, the warm
// handover of the regie, and a history row for every change.
#include "lap/store/case_store.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace lap::store::sql
