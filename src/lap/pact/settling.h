// What the money of an application depends on (domain.md §4 rules 5-6), taken
// from the applications of a call: the advance paid on approval, the input of a
// settlement unit's payment statement, and which applications a recorded
// settlement moves to settled.
//
// Pure: the service reads the applications from the store and records the
// outcome.
#pragma once

#include <vector>

#include "lap/core/date.h"
#include "lap/core/error.h"
#include "lap/core/money.h"
#include "lap/pact/application.h"
#include "lap/pact/call.h"
#include "lap/pact/decision.h"
#include "lap/pact/settlement.h"
#include "lap/pact/unit.h"
#include "lap/pact/werktabel.h"

namespace lap::pact {

// The advance due when `a` is approved: advance% × E × amount for each of its
// members, E as the rights in force under `decision` (decision.h; nullptr:
// none in force) stand with `a` taking part among `applications` (the call's,
// `a` among them by id). Errors: those of redistribute().
Result<Money> approval_advance(const Application& a, std::vector<Application> applications,
                               const Werktabel& werktabel, const CallParameters& p,
                               const RedistributionDecision* decision);

// A unit's settlement input besides R: the advances paid on the participating
// applications that hold its members, and the latest approval of their annual
// reports when every one of them has one (none: no approval).
SettlementInput settlement_input(const SettlementUnit& unit,
                                 const std::vector<Application>& applications, int64_t result);

// The participating applications with a member in the statement's unit, moved
// to settled, when the statement is not held and every one of them is running;
// otherwise none (the unit cannot be settled yet).
std::vector<Application> applications_to_settle(const PaymentStatement& statement,
                                                const std::vector<Application>& applications);

}  // namespace lap::pact
