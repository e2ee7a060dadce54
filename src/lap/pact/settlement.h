// Settlement and payments (domain.md §4 rules 5-6).
//
//   earned    = clamp(R − B, 0, E) × amount, never above M
//   earned %  = earned / (E × amount)
//   achieved  = (R − B) / E   (may be negative or above 100%)
//   advance   = advance% × E × amount, rounded half up to the cent, paid on approval
//   pro_rata             entitled = earned
//   pro_rata_with_floor  entitled = max(advance, earned) when R > B, else 0
//   entitled % = entitled / (E × amount)   (the subsidy under the rule, as a share)
//   balance   = entitled − advance paid   (> 0 still to pay, < 0 to recover)
// The final payment (or recovery) waits until the municipal council approved
// the annual content and financial report: until then the statement is held.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/date.h"
#include "lap/core/money.h"
#include "lap/core/nis.h"
#include "lap/pact/call.h"
#include "lap/pact/inputs.h"
#include "lap/pact/rate.h"
#include "lap/pact/unit.h"

namespace lap::pact {

Money advance_amount(const Rate& advance, int64_t e, Money amount);
Money earned_amount(int64_t r, int64_t b, int64_t e, Money amount, Money m);
// nullopt when E == 0.
std::optional<Rate> earned_rate(int64_t r, int64_t b, int64_t e);
std::optional<Rate> achieved_rate(int64_t r, int64_t b, int64_t e);
// What the rule grants in total (advance included).
Money entitled_amount(SettlementRule rule, int64_t r, int64_t b, Money advance, Money earned);
// entitled / (E × amount); nullopt when E × amount <= 0.
std::optional<Rate> entitled_rate(Money entitled, int64_t e, Money amount);

enum class PaymentStatus {
  kHeld,       // annual report not approved yet
  kPayable,    // balance > 0 to pay
  kToRecover,  // balance < 0 to recover
  kSettled,    // balance == 0: nothing to pay or recover
};
std::string_view payment_status_name(PaymentStatus s);  // held, payable, to_recover, settled

struct PaymentStatement {
  std::string unit_id;
  std::vector<Nis> members;
  VersionRef version;
  SettlementRule rule = SettlementRule::kProRata;
  int64_t n = 0, b = 0, e = 0, t = 0, r = 0;
  Money m;
  Money advance;       // due on approval
  Money advance_paid;  // actually paid
  Money earned;
  std::optional<Rate> earned_pct;
  std::optional<Rate> achieved_pct;
  Money entitled;  // total the rule grants
  Money balance;   // entitled − advance_paid
  PaymentStatus status = PaymentStatus::kHeld;
  std::optional<Date> annual_report_approved;
  FrozenInputs inputs;  // what it was computed from (set by the service)
};

struct SettlementInput {
  int64_t result = 0;                 // R: confirmed outflows of the unit in the period
  std::optional<Money> advance_paid;  // nullopt = the advance of the rule was paid
  std::optional<Date> annual_report_approved;
};

PaymentStatement settle(const SettlementUnit& unit, const CallParameters& p,
                        const VersionRef& version, const SettlementInput& in);

}  // namespace lap::pact
