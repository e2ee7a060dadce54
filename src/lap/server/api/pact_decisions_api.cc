// The routes of WSE's redistribution decisions and of the settlement's check
// (docs/api.md, "Redistribution decisions"): the decisions of a call, a new
// decision (WSE, after the deadline), and every settled payment statement
// recomputed from the inputs it recorded.
#include <fmt/format.h>

#include "lap/server/api/json_input.h"
#include "lap/server/api/pact_http.h"
#include "lap/server/api/pact_json.h"

namespace lap::server::api::pact_http {
namespace {

Json decision_json(const pact::RedistributionDecision& d) {
  const auto& r = d.rights;
  return {{"number", d.number},
          {"decided_on", d.decided_on.to_string()},
          {"decided_at", d.decided_at},
          {"decided_by", d.decided_by},
          {"supersedes", d.supersedes ? Json(*d.supersedes) : Json(nullptr)},
          {"note", d.note},
          {"parameter_version", r.version.version},
          {"counts_origin", d.counts_origin},
          {"applications", d.applications},
          {"participants", r.rows.size()},
          {"budget_cents", r.budget.cents()},
          {"pool_cents", r.pool.cents()},
          {"allocated_cents", r.allocated.cents()},
          {"unallocated_cents", r.unallocated.cents()},
          {"title", d.ref().to_string_nl()}};
}

}  // namespace

Response list_redistributions(const Request&, RequestContext&, Session& s, const pact::Call& call) {
  auto list = s.service->redistributions(call.id);
  if (!list) return problem_for(list.error());
  Json out = Json::array();
  for (const auto& d : *list)
    out.push_back(decision_json(d));
  return json_response(200, {{"call", call.id}, {"decisions", out}});
}

Response decide_redistribution(const Request& r, RequestContext&, Session& s,
                               const pact::Call& call) {
  JsonInput in(r.body.empty() ? std::string("{}") : r.body);
  std::string note = in.text(in.root(), "", "note", false).value_or("");
  if (!in.ok()) return in.response();
  auto d = s.service->decide_redistribution(call.id, note);
  if (!d) return problem_for(d.error());
  return json_response(201, decision_json(*d));
}

Response verify_settlement(const Request&, RequestContext&, Session& s, const pact::Call& call) {
  auto checks = s.service->verify_settlement(call.id);
  if (!checks) return problem_for(checks.error());
  Json units = Json::array();
  int64_t differences = 0;
  for (const auto& c : *checks) {
    if (!c.identical) ++differences;
    units.push_back({{"unit_id", c.unit_id},
                     {"identical", c.identical},
                     {"problem", c.problem.empty() ? Json(nullptr) : Json(c.problem)}});
  }
  return json_response(200, {{"call", call.id},
                             {"statements", checks->size()},
                             {"differences", differences},
                             {"units", units}});
}

}  // namespace lap::server::api::pact_http
