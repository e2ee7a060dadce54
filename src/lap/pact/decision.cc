#include "lap/pact/decision.h"

#include <algorithm>
#include <string>

namespace lap::pact {

std::string DecisionRef::to_string_nl() const {
  const std::string iso = decided_on.to_string();  // YYYY-MM-DD
  return "beslissing " + std::to_string(number) + " van " + iso.substr(8, 2) + "-" +
         iso.substr(5, 2) + "-" + iso.substr(0, 4);
}

const RedistributionDecision* decision_in_force(std::span<const RedistributionDecision> decisions,
                                                Date today) {
  const RedistributionDecision* found = nullptr;
  for (const auto& d : decisions) {
    if (d.decided_on <= today && (!found || d.number > found->number)) found = &d;
  }
  return found;
}

Result<RightsInForce> rights_in_force(const Werktabel& werktabel,
                                      std::span<const Participation> participants,
                                      const CallParameters& p,
                                      const RedistributionDecision* decision) {
  auto red = redistribute(werktabel, participants, p.redistribution_cap);
  if (!red) return std::unexpected(red.error());
  RightsInForce out;
  out.table = without_pool(std::move(*red), p.amount_per_outflow);
  if (!decision) return out;
  out.decision = decision->ref();
  out.table.pool = decision->rights.pool;
  out.table.rounds = decision->rights.rounds;
  out.table.allocated = Money();
  for (auto& row : out.table.rows) {
    if (const RedistributionRow* decided = decision->rights.find(row.nis)) {
      row = *decided;
    } else {
      out.outside_decision.push_back(row.nis);
    }
    out.table.allocated += row.m;
  }
  out.table.unallocated = out.table.budget - out.table.allocated;
  return out;
}

Result<RedistributionDecision> decide_redistribution(const Werktabel& werktabel,
                                                     std::span<const Application> applications,
                                                     const CallParameters& p, Date on,
                                                     const RedistributionDecision* previous) {
  if (on <= p.application_deadline) {
    return make_error(ErrorCode::kFailedPrecondition,
                      "a redistribution is decided after the application deadline " +
                          p.application_deadline.to_string() +
                          "; until then every participant holds its own right");
  }
  if (previous && on < previous->decided_on) {
    return make_error(ErrorCode::kFailedPrecondition,
                      "decision " + std::to_string(previous->number) + " is in force from " +
                          previous->decided_on.to_string() +
                          "; a new decision cannot take effect before it");
  }
  std::vector<Application> list(applications.begin(), applications.end());
  auto counted = participations(list);
  if (counted.empty()) {
    return make_error(ErrorCode::kFailedPrecondition,
                      "no application is approved yet: there is nobody to redistribute to");
  }
  auto red = redistribute(werktabel, counted, p.redistribution_cap);
  if (!red) return std::unexpected(red.error());
  RedistributionDecision d;
  d.decided_on = on;
  d.rights = std::move(*red);
  d.call_id = werktabel.version.call_id;
  d.number = previous ? previous->number + 1 : 1;
  if (previous) d.supersedes = previous->number;
  for (const auto& a : list)
    if (participates(a.status)) d.applications.push_back(a.id);
  std::ranges::sort(d.applications);
  return d;
}

}  // namespace lap::pact
