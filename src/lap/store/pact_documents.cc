#include "lap/store/pact_documents.h"

#include <nlohmann/json.hpp>

namespace lap::store {

std::string payment_statement_json(const pact::PaymentStatement& s) {
  nlohmann::json members = nlohmann::json::array();
  for (Nis n : s.members)
    members.push_back(n.to_string());
  auto rate = [](const std::optional<pact::Rate>& r) -> nlohmann::json {
    return r ? nlohmann::json(r->to_string()) : nlohmann::json(nullptr);
  };
  nlohmann::json j = {
      {"unit_id", s.unit_id},
      {"members", members},
      {"version", s.version.to_string()},
      {"rule", pact::settlement_rule_name(s.rule)},
      {"n", s.n},
      {"b", s.b},
      {"e", s.e},
      {"t", s.t},
      {"r", s.r},
      {"m_cents", s.m.cents()},
      {"advance_cents", s.advance.cents()},
      {"advance_paid_cents", s.advance_paid.cents()},
      {"earned_cents", s.earned.cents()},
      {"earned_pct", rate(s.earned_pct)},
      {"achieved_pct", rate(s.achieved_pct)},
      {"entitled_cents", s.entitled.cents()},
      {"balance_cents", s.balance.cents()},
      {"status", pact::payment_status_name(s.status)},
      {"annual_report_approved", s.annual_report_approved
                                     ? nlohmann::json(s.annual_report_approved->to_string())
                                     : nlohmann::json(nullptr)}};
  return j.dump();
}

}  // namespace lap::store
