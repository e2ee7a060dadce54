// The documents the LAP stores as JSON (docs/storage.md, `pact_payment`): a
// settled unit's final payment statement, kept as it was on the day of
// settlement. Built here, beside the tables that hold them, so the pact service
// stays free of JSON.
#pragma once

#include <string>

#include "lap/pact/settlement.h"

namespace lap::store {

// The statement as one JSON object: amounts in cents, rates as percentages
// (`22.5%`, `pact::Rate::to_string`), rule and status by name, null for what is
// not known (no E, no approved annual report).
std::string payment_statement_json(const pact::PaymentStatement& s);

}  // namespace lap::store
