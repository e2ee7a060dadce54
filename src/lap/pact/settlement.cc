#include "lap/pact/settlement.h"

#include <algorithm>

namespace lap::pact {

Money advance_amount(const Rate& advance, int64_t e, Money amount) {
  return Money::from_cents(advance.apply_half_up(std::max<int64_t>(0, e) * amount.cents()));
}

Money earned_amount(int64_t r, int64_t b, int64_t e, Money amount, Money m) {
  int64_t extra = std::clamp<int64_t>(r - b, 0, std::max<int64_t>(0, e));
  return std::min(amount * extra, m);
}

std::optional<Rate> earned_rate(int64_t r, int64_t b, int64_t e) {
  if (e <= 0) return std::nullopt;
  return *Rate::fraction(std::clamp<int64_t>(r - b, 0, e), e);
}

std::optional<Rate> achieved_rate(int64_t r, int64_t b, int64_t e) {
  if (e <= 0) return std::nullopt;
  return *Rate::fraction(r - b, e);
}

Money entitled_amount(SettlementRule rule, int64_t r, int64_t b, Money advance, Money earned) {
  if (rule == SettlementRule::kProRata) return earned;
  return r > b ? std::max(advance, earned) : Money();
}

std::optional<Rate> entitled_rate(Money entitled, int64_t e, Money amount) {
  if (e <= 0 || amount <= Money()) return std::nullopt;
  return *Rate::fraction(entitled.cents(), e * amount.cents());
}

std::string_view payment_status_name(PaymentStatus s) {
  switch (s) {
    case PaymentStatus::kHeld:
      return "held";
    case PaymentStatus::kPayable:
      return "payable";
    case PaymentStatus::kToRecover:
      return "to_recover";
    case PaymentStatus::kSettled:
      return "settled";
  }
  return "held";
}

PaymentStatement settle(const SettlementUnit& unit, const CallParameters& p,
                        const VersionRef& version, const SettlementInput& in) {
  PaymentStatement s;
  s.unit_id = unit.id;
  s.members = unit.members;
  s.version = version;
  s.rule = p.settlement_rule;
  s.n = unit.n;
  s.b = unit.b;
  s.e = unit.e;
  s.t = unit.t;
  s.r = in.result;
  s.m = unit.m;
  s.advance = advance_amount(p.advance, unit.e, p.amount_per_outflow);
  s.advance_paid = in.advance_paid.value_or(s.advance);
  s.earned = earned_amount(in.result, unit.b, unit.e, p.amount_per_outflow, unit.m);
  s.earned_pct = earned_rate(in.result, unit.b, unit.e);
  s.achieved_pct = achieved_rate(in.result, unit.b, unit.e);
  s.entitled = entitled_amount(p.settlement_rule, in.result, unit.b, s.advance, s.earned);
  s.balance = s.entitled - s.advance_paid;
  s.annual_report_approved = in.annual_report_approved;
  if (!in.annual_report_approved) {
    s.status = PaymentStatus::kHeld;
  } else if (s.balance > Money()) {
    s.status = PaymentStatus::kPayable;
  } else if (s.balance < Money()) {
    s.status = PaymentStatus::kToRecover;
  } else {
    s.status = PaymentStatus::kSettled;
  }
  return s;
}

}  // namespace lap::pact
