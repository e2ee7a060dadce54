// Who may open a case or a person's identity (domain.md §6 and §7), shared by
// the case routes (cases_api.cc) and the identity routes (identity_api.cc):
// the registered relation of person_access.h, widened for an OCMW by an open
// case at that OCMW (the verwijzingsrepertorium counts an open case as a
// relation), and the cases a user may see.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lap/server/api/person_access.h"
#include "lap/store/case_store.h"

namespace lap::server::api {

// The pseudonyms of a person (the timeline's, then those linked to it by
// identifier changes) in the snapshot of `load`.
Result<std::vector<std::string>> person_refs(Environment& env, int64_t load,
                                             const std::string& ref);

// Whether case `c` gives the OCMW `nis` a relation with its person on `today`:
// open, or closed less than 12 months ago (SPEC §6).
bool case_relation(const store::CaseRecord& c, int nis, Date today);

// Whether the user's organisation has a relation with the person `ref` (its
// index in `t`, nullopt when the timelines do not hold it): the relation of
// person_access.h, or for an OCMW counsellor a case at the own OCMW
// (case_relation).
Result<bool> related(Environment& env, const Principal& p, const measure::Timelines* t,
                     std::optional<uint32_t> person, const std::string& ref, Date today);

// Whether the user may see case `c` on `today`: an OCMW counsellor of the
// case's OCMW while the case gives a relation (case_relation) or the person
// has one with the OCMW; a VDAB mediator while the person has a relation with
// VDAB. `t` may be null (no data imported yet).
bool may_see_case(const Principal& p, const store::CaseRecord& c, const measure::Timelines* t,
                  Date today);

// The OCMW a new case of the person is opened at: the counsellor's own OCMW;
// for VDAB the OCMW of the person's latest leefloon entitlement in the
// relation's 12 months (nullopt when there is none).
std::optional<int> case_ocmw(const Principal& p, const measure::Timelines& t, uint32_t person);

}  // namespace lap::server::api
