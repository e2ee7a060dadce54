#include "lap/pact/settling.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace lap::pact {

Result<Money> approval_advance(const Application& a, std::vector<Application> applications,
                               const Werktabel& werktabel, const CallParameters& p,
                               const RedistributionDecision* decision) {
  for (auto& other : applications)
    if (other.id == a.id) other.status = ApplicationStatus::kApproved;
  auto rights = rights_in_force(werktabel, participations(applications), p, decision);
  if (!rights) return std::unexpected(rights.error());
  Money due;
  for (const auto& m : a.members) {
    if (const auto* row = rights->table.find(m.nis)) {
      due += advance_amount(p.advance, row->e, p.amount_per_outflow);
    }
  }
  return due;
}

SettlementInput settlement_input(const SettlementUnit& unit,
                                 const std::vector<Application>& applications, int64_t result) {
  std::map<Nis, const Application*> by_member;
  for (const auto& a : applications)
    if (participates(a.status))
      for (const auto& m : a.members)
        by_member[m.nis] = &a;
  std::set<const Application*> apps;
  for (Nis n : unit.members)
    if (auto it = by_member.find(n); it != by_member.end()) apps.insert(it->second);
  SettlementInput in;
  in.result = result;
  Money paid;
  bool all_reports = !apps.empty();
  std::optional<Date> latest_report;
  for (const Application* a : apps) {
    if (a->advance_paid) paid += *a->advance_paid;
    if (!a->annual_report_approved) {
      all_reports = false;
    } else if (!latest_report || *a->annual_report_approved > *latest_report) {
      latest_report = a->annual_report_approved;
    }
  }
  in.advance_paid = paid;
  if (all_reports) in.annual_report_approved = latest_report;
  return in;
}

std::vector<Application> applications_to_settle(const PaymentStatement& statement,
                                                const std::vector<Application>& applications) {
  if (statement.status == PaymentStatus::kHeld) return {};
  std::vector<Application> mine;
  for (const auto& a : applications) {
    const bool member = std::ranges::any_of(a.members, [&](const ApplicationMember& m) {
      return std::ranges::find(statement.members, m.nis) != statement.members.end();
    });
    if (!member || !participates(a.status)) continue;
    if (a.status != ApplicationStatus::kRunning) return {};
    mine.push_back(a);
    mine.back().status = ApplicationStatus::kSettled;
  }
  return mine;
}

}  // namespace lap::pact
