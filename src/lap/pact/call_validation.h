// Validation of a call's parameters (domain.md §4), for calls created from the CLI
// or the API. Every broken rule is reported, not just the first, each naming
// the field and the rule: `threshold: must be between 0% and 100%`.
#pragma once

#include "lap/pact/call.h"
#include "lap/pact/problem.h"

namespace lap::pact {

// The rules:
//   budget              > €0 and at most €10,000,000,000
//   amount_per_outflow  > €0 and at most the budget
//   threshold           between 0% and 100% (inclusive)
//   advance             between 0% and 100% (inclusive)
//   period_start        the first day of a month
//   period_end          the last day of a month, after period_start, at most 5 years later
//   counts_on           before period_start
//   application_deadline  on or after counts_on and on or before period_end
Problems validate_parameters(const CallParameters& p);

// Validates id (lower-case letters, digits and '-', 1..40 characters), title
// (not empty), the version list (not empty, numbers 1, 2, ..., valid_from
// strictly increasing, a note on every version after the first) and the
// parameters of every version. Fields of version k > 1 are prefixed `v<k>.`
// (`v2.threshold`).
Problems validate_call(const Call& call);

}  // namespace lap::pact
