// Case collaboration between an OCMW and VDAB (domain.md §7, migration
// 0014_cases.sql): the case (dossier) of a person at their OCMW, who holds the
// regie, agreed actions, notes both sides see, warm handovers of the regie,
// and the history of every change.
//
// Every change is one transaction that also appends its history row
// (`case_event`), so the history is complete by construction. The case and
// each action carry a row_version: a change made from a stale version is
// refused with kFailedPrecondition (someone else changed it first), as for the
// LAP applications. Cases hold the pseudonym only; identity stays in the
// identity tables (identity_store.h).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lap/cases/case_figures.h"
#include "lap/core/date.h"
#include "lap/core/error.h"

namespace lap::store {

// The two sides of a case: "ocmw" and "vdab".
inline constexpr std::string_view kSideOcmw = "ocmw";
inline constexpr std::string_view kSideVdab = "vdab";

// Who changes a case: the user and the side they act for.
struct CaseActor {
  std::string username;
  std::string side;  // kSideOcmw or kSideVdab
};

struct CaseRecord {
  int64_t id = 0;
  std::string person_ref;  // the pseudonym (32 hex)
  int ocmw_nis = 0;        // the OCMW of the case
  std::string regie;       // the side holding the regie
  std::string status;      // "open" or "closed"
  int64_t row_version = 1;
  std::string opened_at;  // ISO 8601 UTC
  std::string opened_by;
  // The counsellor and the mediator who follow the case (usernames).
  std::optional<std::string> ocmw_worker;
  std::optional<std::string> vdab_worker;
  std::optional<Date> closed_on;  // the day it was closed, on the caller's clock
};

// An agreed action. `kind` and `status` are the ids of docs/api.md.
struct CaseAction {
  int64_t id = 0;
  int64_t case_id = 0;
  std::string kind;
  std::string owner;  // the side that carries it out
  std::optional<Date> due_date;
  std::string status = "planned";  // planned, in_progress, done, cancelled
  std::string description;
  int64_t row_version = 1;
  std::string created_at;
  std::string created_by;
  std::string updated_at;
};

struct CaseNote {
  int64_t id = 0;
  int64_t case_id = 0;
  std::string side;
  std::string author;
  std::string text;
  std::string created_at;
};

// A proposed handover of the regie from one side to the other.
struct CaseHandover {
  int64_t id = 0;
  int64_t case_id = 0;
  std::string from_side;
  std::string to_side;
  std::string reason;
  std::string status;  // proposed, accepted, declined
  std::string proposed_by;
  std::string proposed_at;
  std::optional<std::string> decided_by;
  std::optional<std::string> decided_at;
  std::optional<std::string> decision_reason;
};

// A transmission (doormelding) from VDAB to the OCMW about agreements not
// kept; the OCMW answers once, by `deadline`.
struct CaseTransmission {
  int64_t id = 0;
  int64_t case_id = 0;
  std::string reason;
  std::string sent_by;
  std::string sent_at;
  Date deadline;
  std::optional<std::string> answer;  // sanction_considered, no_sanction, other
  std::optional<std::string> answer_reason;
  std::optional<std::string> answered_by;
  std::optional<std::string> answered_at;
  std::optional<Date> answered_on;  // the day of the answer, on the deadline's clock
};

// An exemption from the availability for work, reviewed by `review_date`.
struct CaseExemption {
  int64_t id = 0;
  int64_t case_id = 0;
  std::string kind;  // health, equity
  std::string reason;
  Date granted_on;
  Date review_date;
  std::string status = "active";  // active, ended
  int64_t row_version = 1;
  std::string granted_by;
};

// One row of a case's history: `kind` is case_opened, action_added,
// action_changed, note_added, handover_proposed, handover_accepted,
// handover_declined, transmission_sent, transmission_answered,
// exemption_granted, exemption_extended, exemption_ended or worker_changed; `detail` says what
// changed (no identity data).
struct CaseEvent {
  int64_t id = 0;
  int64_t case_id = 0;
  std::string at;
  std::string actor;
  std::string side;
  std::string kind;
  std::string detail;
};

// A case with everything in it, each list in the order it happened.
struct CaseFile {
  CaseRecord record;
  std::vector<CaseAction> actions;
  std::vector<CaseNote> notes;
  std::vector<CaseHandover> handovers;
  std::vector<CaseTransmission> transmissions;
  std::vector<CaseExemption> exemptions;
  std::vector<CaseEvent> events;
};

// What waits for someone in the open cases: an overdue action, a handover
// to decide, a transmission without answer, an exemption to review.
struct CaseTask {
  int64_t case_id = 0;
  std::string person_ref;
  int ocmw_nis = 0;
  std::optional<std::string> ocmw_worker;
  std::optional<std::string> vdab_worker;
  std::string kind;    // action, handover, transmission, exemption
  int64_t item = 0;    // the action's, handover's, transmission's or exemption's id
  std::string side;    // the side that must act
  std::string detail;  // the action kind, the handover's reason, ...
  std::optional<Date> due;
};

// Which tasks: those of one side, at one OCMW when `ocmw_nis` is set.
// Actions are tasks of their owner once late (due before `today`); a
// transmission without answer is a task of the OCMW at once and of VDAB too
// once late (it escalates on both sides); an exemption is one of the OCMW once
// its review date is on or before `review`; a handover of the receiving side
// as soon as it waits.
struct TaskQuery {
  std::string side;
  std::optional<int> ocmw_nis;
  Date today;   // actions and transmissions due before it are late
  Date review;  // exemptions to review on or before it
};

class CaseStore {
 public:
  virtual ~CaseStore() = default;

  // Opens the case of `person_ref` at `ocmw_nis` with the regie at the actor's
  // side; kAlreadyExists when that person has an open case there.
  virtual Result<int64_t> open_case(std::string_view person_ref, int ocmw_nis,
                                    const CaseActor& actor) = 0;
  // nullopt for an unknown id.
  virtual Result<std::optional<CaseFile>> case_file(int64_t case_id) = 0;
  // The cases of these pseudonyms (open ones first, then newest first).
  virtual Result<std::vector<CaseRecord>> cases_of(std::span<const std::string> person_refs) = 0;

  // Adds an action to an open case (kNotFound for an unknown case,
  // kFailedPrecondition for a closed one); returns its id.
  virtual Result<int64_t> add_case_action(const CaseAction& action, const CaseActor& actor) = 0;
  // Writes kind, owner, due date, status and description of `action` when its
  // stored row_version equals `action.row_version` (kFailedPrecondition
  // otherwise; kNotFound for an action not of `action.case_id`); returns the
  // new row_version.
  virtual Result<int64_t> update_case_action(const CaseAction& action, const CaseActor& actor) = 0;
  virtual Result<int64_t> add_case_note(int64_t case_id, std::string_view text,
                                        const CaseActor& actor) = 0;

  // The actor's side hands the regie to the other side: only the side that
  // holds it, only when no other handover waits and `case_version` is the
  // case's row_version (kFailedPrecondition otherwise). Bumps the case's
  // row_version; returns the handover's id.
  virtual Result<int64_t> propose_handover(int64_t case_id, int64_t case_version,
                                           std::string_view reason, const CaseActor& actor) = 0;
  // The receiving side accepts (the regie moves to it) or declines a waiting
  // handover; kFailedPrecondition for another side, a decided handover or a
  // stale `case_version`. Bumps the case's row_version.
  virtual Status decide_handover(int64_t case_id, int64_t handover_id, int64_t case_version,
                                 bool accept, std::string_view reason, const CaseActor& actor) = 0;

  // The side holding the regie closes the case on day `on` (the caller's
  // clock) from `case_version`; kFailedPrecondition for the other side, a
  // stale version or a closed case. Nothing changes in a closed case after.
  virtual Status close_case(int64_t case_id, int64_t case_version, Date on, std::string_view reason,
                            const CaseActor& actor) = 0;

  // The actor follows the case for their side from now on.
  virtual Status take_case(int64_t case_id, const CaseActor& actor) = 0;

  // VDAB sends a transmission to be answered by `deadline`; kFailedPrecondition
  // for the OCMW side or a closed case.
  virtual Result<int64_t> send_transmission(int64_t case_id, std::string_view reason, Date deadline,
                                            const CaseActor& actor) = 0;
  // The OCMW answers a transmission (once); kFailedPrecondition for the VDAB
  // side or an answered one, kNotFound for one not of the case.
  // `on` is the day of the answer as the caller counts days (the deadline's clock).
  virtual Status answer_transmission(int64_t case_id, int64_t transmission_id,
                                     std::string_view answer, std::string_view reason, Date on,
                                     const CaseActor& actor) = 0;

  // The OCMW grants an exemption; kFailedPrecondition for the VDAB side.
  virtual Result<int64_t> grant_exemption(const CaseExemption& exemption,
                                          const CaseActor& actor) = 0;
  // The OCMW reviews an active exemption from its `row_version`: extended to
  // `next_review`, or ended (nullopt).
  virtual Status review_exemption(int64_t case_id, int64_t exemption_id, int64_t row_version,
                                  std::optional<Date> next_review, std::string_view reason,
                                  const CaseActor& actor) = 0;

  // The tasks of `query` in the open cases, by due date (none last), then case.
  virtual Result<std::vector<CaseTask>> case_tasks(const TaskQuery& query) = 0;

  // What the case figures count (cases/case_figures.h), in cases open or
  // closed: the handovers decided on or after `from`, the transmissions due
  // on or after it, and per person and OCMW the day of the earliest action
  // not cancelled (any day).
  virtual Result<cases::CaseFacts> case_figure_facts(Date from) = 0;
  // The id of the latest history row of any case (0 for none): it changes
  // with every change to a case, so a reader can tell whether anything did.
  virtual Result<int64_t> latest_case_event() = 0;
};

}  // namespace lap::store
