// The guard of identity resolution (issue 5, docs/linking.md): two identities
// that cannot be one person, whatever their match weight says.
//
// Rule: two identities conflict when one holds a valid INSZ p and birth date d
// and the other a valid INSZ q != p and a birth date that conflicts with d
// (years differ, or both months known and different, or both days known and
// different; a missing date never conflicts). Different valid numbers with the
// same birth date are allowed: a BIS number replaced by a national number, or
// a valid-looking typo, keep the birth date.
//
// The birth date is the record's own (a wrong-but-valid INSZ typo then does
// not split a person whose records agree on the date). `Linker::resolve`
// (linkage.h) refuses a link between an OCMW person and a VDAB client when any
// of their identities conflict, and puts it in the review queue instead.
#pragma once

#include <cstdint>

#include "lap/link/normalise.h"

namespace lap::link {

// What the guard knows about one identity.
struct GuardIdentity {
  uint64_t valid_insz = 0;  // a number standing for a valid INSZ, 0 when none
  PartialDate birth;
};

// True when two identities cannot be one person (the rule above).
bool identities_conflict(const GuardIdentity& a, const GuardIdentity& b);

}  // namespace lap::link
