// Consent to a consortium application and one application per municipality
// and call (issue 15, finding 6).
//
// The municipality that makes an application is its lead (trekker): it has
// consented by applying, and only it may change or submit the draft. Every
// other member is pending until its own local government consents; while the
// application is a draft a member may also decline, or withdraw a consent it
// gave. A change of the draft's content asks every other member again: a
// consent covers the draft as that member read it. An application can be
// submitted only when every member consented.
//
// A municipality takes part in at most one application per call: submitting
// is refused while a member is in another submitted or participating
// application, approving while it is in another participating one. Data from
// before this rule may still hold such overlaps: held_applications() names
// them so that the rest of the call can be followed and settled without them.
//
// Pure. Error texts are Dutch (they reach the municipal user) and never name
// another application than the one they are about.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lap/core/error.h"
#include "lap/core/nis.h"
#include "lap/pact/application.h"

namespace lap::pact {

// Submitted, approved, running or settled: the application claims its members.
bool holds_place(ApplicationStatus s);

// Sets the consents of a new application: the lead consented, every other
// member pending. A single municipality is its own lead when none is given.
// kInvalidArgument when a consortium names no lead.
Status start_consents(Application& a);

// The members whose consent is missing (pending or declined), by NIS code.
std::vector<Nis> missing_consents(const Application& a);

// Sets `member`'s consent on `a`. kFailedPrecondition when `a` is not a
// draft or `member` is its lead; kNotFound when `member` is not a member.
Status set_consent(Application& a, Nis member, Consent consent);

// After a change of the draft from `before` to `after`: when the content
// (members, engagements, plan, actions, agreement, settlement) changed, every
// member but the lead is pending again; otherwise the consents of `before`.
void renew_consents(const Application& before, Application& after);

// Submitting needs every member's consent (kFailedPrecondition naming the
// members still missing).
Status check_consents(const Application& a);

// The members of `a` that take part in another application of `all` (not
// `a` itself, by id) that holds a place — or, with `participating_only`, that
// participates. By NIS code.
std::vector<Nis> members_elsewhere(const Application& a, const std::vector<Application>& all,
                                   bool participating_only);
// The refusal for those members: names them and the rule, not the other
// applications (kFailedPrecondition).
Error taken_error(const std::vector<Nis>& members);

// A participating application that shares a member with another
// participating application of the call (data from before the rule above).
struct HeldApplication {
  int64_t id = 0;
  std::string applicant;
  std::vector<Nis> members;
  std::vector<Nis> shared;      // its members that are also in another one
  std::vector<int64_t> others;  // the other applications involved, by id
};
// Every such application, by id.
std::vector<HeldApplication> held_applications(const std::vector<Application>& applications);

// `applications` without the held ones, in their order.
std::vector<Application> without_held(const std::vector<Application>& applications,
                                      const std::vector<HeldApplication>& held);
// `units` without those that hold a member of a held application.
std::vector<SettlementUnit> without_held(std::vector<SettlementUnit> units,
                                         const std::vector<HeldApplication>& held);

}  // namespace lap::pact
