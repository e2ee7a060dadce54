#include "lap/pact/simulator.h"

#include "lap/pact/call_validation.h"

namespace lap::pact {

Result<Simulation> simulate(const SimulationInput& in, const Scenario& scenario) {
  Simulation s;
  s.parameters = in.parameters;
  if (scenario.threshold) s.parameters.threshold = *scenario.threshold;
  if (scenario.amount_per_outflow) s.parameters.amount_per_outflow = *scenario.amount_per_outflow;
  if (scenario.budget) s.parameters.budget = *scenario.budget;
  auto problems = validate_parameters(s.parameters);
  if (!problems.empty())
    return make_error(ErrorCode::kInvalidArgument, problems.front().to_string());
  const auto& who = scenario.participants ? *scenario.participants : in.participants;

  auto w = build_werktabel(s.parameters, in.version, in.counts);
  if (!w) return std::unexpected(w.error());
  s.werktabel = *std::move(w);
  std::vector<Participation> parts;
  parts.reserve(who.size());
  for (Nis nis : who)
    parts.push_back({nis, std::nullopt});
  auto red = redistribute(s.werktabel, parts, s.parameters.redistribution_cap);
  if (!red) return std::unexpected(red.error());
  s.redistribution = *std::move(red);

  const auto& p = s.parameters;
  for (const auto& row : s.redistribution.rows) {
    SimulatedRow out;
    out.nis = row.nis;
    out.n = row.n;
    out.b = row.b;
    out.e = row.e;
    out.t = row.t;
    out.m = row.m;
    auto it = in.outflow.find(row.nis);
    out.r = it == in.outflow.end() ? 0 : it->second;
    out.advance = advance_amount(p.advance, row.e, p.amount_per_outflow);
    out.earned = earned_amount(out.r, row.b, row.e, p.amount_per_outflow, row.m);
    out.payment = entitled_amount(p.settlement_rule, out.r, row.b, out.advance, out.earned);
    s.projected_cost += out.payment;
    if (out.payment > Money()) ++s.paid_municipalities;
    s.rows.push_back(out);
  }
  return s;
}

std::map<Nis, int64_t> expected_outflow(const ResultsTable& table, Month last, int64_t months) {
  std::map<Nis, int64_t> out;
  for (const auto& [nis, ms] : table.by_nis) {
    int64_t sum = 0;
    for (auto it = ms.lower_bound(last - 11); it != ms.end() && it->first <= last; ++it)
      sum += it->second.confirmed + it->second.pending;
    out[nis] = (sum * months * 2 + 12) / 24;  // × months / 12, half up
  }
  return out;
}

}  // namespace lap::pact
