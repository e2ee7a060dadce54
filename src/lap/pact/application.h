// Applications (aanvragen) to a call of the Lokaal Activeringspact (domain.md §4
// rule 3): a municipality, or a consortium inside one referentieregio, applies
// before the deadline with its engagement (at most its maximum E), a plan of
// approach (free text and a list of actions) and a reference to its
// cooperation agreement with VDAB.
//
// Status flow:
//   draft -> submitted -> approved -> running -> settled
//                      \-> refused (with a reason)
// A draft may still change; a submitted application only changes status.
// Submitting is possible up to and including the deadline.
//
// Consent (consent.h): the municipality that makes an application is its
// lead (trekker) and the only one that may change the draft. Every other
// member of a consortium is pending until its own local government consents;
// the application can be submitted only when every member consented.
//
// Pure: the store keeps applications, the clock is passed in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/error.h"
#include "lap/core/money.h"
#include "lap/core/nis.h"
#include "lap/geo/registry.h"
#include "lap/pact/consortium.h"
#include "lap/pact/problem.h"
#include "lap/pact/redistribution.h"
#include "lap/pact/werktabel.h"

namespace lap::pact {

enum class ApplicationStatus { kDraft, kSubmitted, kApproved, kRefused, kRunning, kSettled };

// `draft`, `submitted`, `approved`, `refused`, `running`, `settled`.
std::string_view application_status_name(ApplicationStatus s);
Result<ApplicationStatus> parse_application_status(std::string_view text);
// `ontwerp`, `ingediend`, `goedgekeurd`, `geweigerd`, `lopend`, `afgerekend`.
std::string_view application_status_dutch(ApplicationStatus s);
// Whether the status flow above allows `from` -> `to`.
bool transition_allowed(ApplicationStatus from, ApplicationStatus to);
// Statuses of applications that take part in the call (their rights count).
bool participates(ApplicationStatus s);

// A member's consent to take part in the application (`pending`,
// `consented`, `declined`; Dutch `wacht op toestemming`, `toegestemd`,
// `geweigerd`).
enum class Consent { kPending, kConsented, kDeclined };
std::string_view consent_name(Consent c);
std::string_view consent_dutch(Consent c);
Result<Consent> parse_consent(std::string_view text);

struct ApplicationMember {
  Nis nis;
  std::optional<int64_t> engagement;  // extra outflows committed to; nullopt = the maximum E
  Consent consent = Consent::kPending;
  // Who set `consent` and when (ISO 8601 UTC): written by the store when the
  // consent changes; empty for consents recorded before migration 0009.
  std::string consent_by = {};
  std::string consent_at = {};
  bool operator==(const ApplicationMember&) const = default;
};

struct Application {
  int64_t id = 0;
  std::string call_id;
  // The NIS code of a single municipality, or the consortium id.
  std::string applicant;
  // The municipality that made the application (the trekker); the only one
  // that may change or submit the draft. nullopt only for a consortium from
  // before migration 0009 whose maker is not known.
  std::optional<Nis> lead;
  std::optional<std::string> consortium_name;  // set exactly for a consortium
  ConsortiumSettlement consortium_settlement = ConsortiumSettlement::kJoint;
  std::vector<ApplicationMember> members;  // one for a single municipality
  std::string plan;
  std::vector<std::string> actions;
  std::string agreement_ref;  // the cooperation agreement with VDAB (a link or reference)
  // The agreement in the registry (lap/pact/agreement.h); PactService checks that it concerns
  // a member of the application. Either this or agreement_ref is needed to submit.
  std::optional<int64_t> agreement_id;
  ApplicationStatus status = ApplicationStatus::kDraft;
  std::string status_reason;  // why refused (or a note with another change)
  std::optional<Money> advance_paid;
  std::optional<Date> annual_report_approved;
  int64_t row_version = 0;  // set by the store
  std::string created_at;
  std::string updated_at;

  bool is_consortium() const { return consortium_name.has_value(); }
  // The consortium of a consortium application.
  Consortium consortium() const;
};

struct ApplicationEvent {
  std::string at;
  std::string actor;
  std::optional<ApplicationStatus> from;
  ApplicationStatus to = ApplicationStatus::kDraft;
  std::string reason;
};

// A change of a member's consent (pact_consent_event): who, when, to what.
struct ConsentEvent {
  std::string at;
  std::string actor;
  Nis nis;
  Consent consent = Consent::kPending;
};

// The content rules of an application against the call's werktabel:
//   members     not empty; each a municipality of the werktabel, listed once;
//               a single municipality has exactly one member and applicant =
//               its NIS code; a consortium obeys validate_consortium
//   lead        when set, one of the members
//   engagement  between 0 and the member's E in the werktabel
//   plan, agreement_ref  not empty when `complete` (submitting); agreement_id may replace
//                        agreement_ref
//   actions     at least one, none empty, when `complete`
Problems validate_application(const Application& a, const CallParameters& p,
                              const Werktabel& werktabel, const geo::Registry& registry,
                              bool complete);

// Checks a status change of `a` to `to` on `today`: the flow allows it,
// submitting happens on or before the deadline, refusing has a reason.
Status check_transition(const Application& a, ApplicationStatus to, const CallParameters& p,
                        Date today, std::string_view reason);

// The participations (one per member of every participating application) for
// redistribute(), and the consortia of the participating consortium
// applications for build_units(). Ordered by NIS code / consortium id.
std::vector<Participation> participations(const std::vector<Application>& applications);
std::vector<Consortium> consortia(const std::vector<Application>& applications);

}  // namespace lap::pact
