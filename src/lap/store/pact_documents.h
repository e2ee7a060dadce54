// The documents the LAP stores as JSON (docs/storage.md, `pact_payment`): a
// settled unit's final payment statement, kept as it was on the day of
// settlement. Built here, beside the tables that hold them, so the pact service
// stays free of JSON.
#pragma once

#include <string>

#include "lap/core/error.h"
#include "lap/pact/settlement.h"

namespace lap::store {

// The statement as one JSON object: amounts in cents, rates as percentages
// (`22.5%`, `pact::Rate::to_string`), rule and status by name, null for what is
// not known (no E, no approved annual report).
// `inputs` records what it was computed from (pact/inputs.h): the parameter
// version, the redistribution decision and the sources of counts and results.
std::string payment_statement_json(const pact::PaymentStatement& s);
// The inputs recorded in a statement's JSON; kFailedPrecondition for a
// statement settled before inputs were recorded, kIo for a malformed one.
Result<pact::FrozenInputs> payment_statement_inputs(const std::string& statement_json);

}  // namespace lap::store
