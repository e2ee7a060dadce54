#include "lap/pact/presets.h"

namespace lap::pact {
namespace {

Date ymd(int y, int m, int d) {
  return *Date::from_ymd(y, m, d);
}

}  // namespace

Call lap_2023() {
  CallParameters p;
  p.budget = Money::from_euros(10'000'000);
  p.counts_on = ymd(2022, 12, 31);
  p.threshold = Rate::basis_points(2250);
  p.amount_per_outflow = Money::from_euros(1000);
  p.period_start = ymd(2023, 12, 1);
  p.period_end = ymd(2024, 11, 30);
  p.application_deadline = ymd(2023, 10, 31);
  p.settlement_rule = SettlementRule::kProRataWithFloor;
  p.advance = Rate::basis_points(5000);
  p.consortia_allowed = false;
  p.redistribution_cap = true;
  Call c = make_call("lap-2023", "Lokaal Activeringspact 2023", ymd(2023, 6, 1),
                     "call launched with threshold 22.5%", p);
  p.threshold = Rate::basis_points(2000);
  (void)c.add_version(ymd(2023, 9, 29), "threshold lowered from 22.5% to 20%", p);
  return c;
}

Call lap_2024() {
  CallParameters p;
  p.budget = Money::from_euros(10'000'000);
  p.counts_on = ymd(2023, 12, 31);
  p.threshold = Rate::basis_points(2000);
  p.amount_per_outflow = Money::from_euros(1000);
  p.period_start = ymd(2024, 12, 1);
  p.period_end = ymd(2025, 11, 30);
  p.application_deadline = ymd(2024, 10, 31);
  p.settlement_rule = SettlementRule::kProRata;
  p.advance = Rate::basis_points(5000);
  p.consortia_allowed = true;
  p.redistribution_cap = true;
  return make_call("lap-2024", "Lokaal Activeringspact 2024", ymd(2024, 6, 1),
                   "call launched with threshold 20%; consortia inside a referentieregio", p);
}

std::vector<Call> preset_calls() {
  return {lap_2023(), lap_2024()};
}

}  // namespace lap::pact
