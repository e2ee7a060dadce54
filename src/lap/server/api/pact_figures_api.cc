// The routes of a call's figures (docs/api.md, "Participants, progress, statements"): the
// redistributed rights, the monthly follow-up, payment statements, the settlement and the
// what-if simulation. A local government sees the rows of its own municipality or unit.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "lap/server/api/json_input.h"
#include "lap/server/api/pact_http.h"
#include "lap/server/api/pact_json.h"

namespace lap::server::api::pact_http {

Response participants(const Request& r, RequestContext& ctx, Session& s, const pact::Call& call) {
  auto parts = s.service->participants(call.id);
  if (!parts) return problem_for(parts.error());
  pact::Redistribution t = parts->table;
  std::erase_if(t.rows, [&](const pact::RedistributionRow& row) {
    return !in_scope(*ctx.principal, Permission::kLapFigures, std::span(&row.nis, 1));
  });
  auto ectx = s.export_context(call.title);
  ectx.rights = report::RightsBasis{parts->decision, parts->after_deadline};
  return sheet_response(r, report::redistribution_sheet(t, ectx), "herverdeling_" + call.id);
}

Response progress(const Request& r, RequestContext& ctx, Session& s, const pact::Call& call) {
  std::optional<Month> through;
  if (auto text = r.query_param("through")) {
    auto m = Month::parse(*text);
    if (!m) return Response::problem(400, "bad_request", "through: moet een maand JJJJ-MM zijn");
    through = *m;
  }
  auto found = s.service->progress(call.id, through);
  if (!found) return problem_for(found.error());
  std::set<std::string> visible;
  for (const auto& u : found->units) {
    if (in_scope(*ctx.principal, Permission::kLapFigures, unit_codes(u), u.id)) {
      visible.insert(u.id);
    }
  }
  pact::FollowUp f = found->follow_up;
  std::erase_if(f.rows,
                [&](const pact::FollowUpRow& row) { return !visible.contains(row.unit_id); });
  auto ectx = s.export_context(call.title);
  ectx.result_source = f.source;
  ectx.rights = report::RightsBasis{found->inputs.decision, found->after_deadline};
  ectx.inputs = found->inputs;
  auto sheet = report::follow_up_sheet(f, ectx);
  add_held_notes(sheet, *ctx.principal, found->held);
  return sheet_response(r, sheet, "opvolging_" + call.id);
}

Response statements(const Request& r, RequestContext& ctx, Session& s, const pact::Call& call) {
  auto st = s.service->statements(call.id);
  if (!st) return problem_for(st.error());
  std::erase_if(st->statements, [&](const pact::PaymentStatement& p) {
    return !in_scope(*ctx.principal, Permission::kLapFigures, p.members, p.unit_id);
  });
  auto ectx = s.export_context(call.title);
  ectx.rights = report::RightsBasis{st->inputs.decision, st->after_deadline};
  ectx.inputs = st->inputs;
  auto sheet = report::payments_sheet(st->statements, ectx);
  add_held_notes(sheet, *ctx.principal, st->held);
  return sheet_response(r, sheet, "betalingen_" + call.id);
}

Response statement(const Request& r, RequestContext& ctx, Session& s, const pact::Call& call) {
  auto st = s.service->statements(call.id);
  if (!st) return problem_for(st.error());
  auto it = std::ranges::find_if(st->statements,
                                 [&](const auto& p) { return p.unit_id == r.param("unit"); });
  if (it == st->statements.end()) {
    return Response::problem(404, "not_found", "Geen betalingsstaat voor deze eenheid.");
  }
  if (!in_scope(*ctx.principal, Permission::kLapFigures, it->members, it->unit_id)) {
    return forbidden_scope();
  }
  auto format = requested_format(r, report::FileFormat::kXlsx);
  if (!format) return bad_format();
  auto bytes =
      report::render(report::payment_statement_form(*it, s.export_context(call.title)), *format);
  if (!bytes) return problem_for(bytes.error());
  Response out;
  out.content_type = std::string(report::media_type(*format));
  out.body = std::move(*bytes);
  out.headers.emplace_back("content-disposition",
                           fmt::format("attachment; filename=\"{}\"",
                                       report::payment_statement_file_name(*it, *format)));
  return out;
}

Response settlement(const Request& r, RequestContext&, Session& s, const pact::Call& call) {
  auto settled = s.service->settle(call.id);
  if (!settled) return problem_for(settled.error());
  return sheet_response(r, report::payments_sheet(*settled, s.export_context(call.title)),
                        "afrekening_" + call.id);
}

Response simulation(const Request& r, RequestContext&, Session& s, const pact::Call& call) {
  JsonInput in(r.body);
  auto [scenario, through, all] = read_scenario(in, in.root());
  if (!in.ok()) return in.response();
  if (all) {
    auto w = s.service->werktabel(call.id, s.today);
    if (!w) return problem_for(w.error());
    std::vector<Nis> list;
    for (const auto& row : w->rows)
      if (row.n > 0) list.push_back(row.nis);
    scenario.participants = list;
  }
  auto result = s.service->simulate(call.id, scenario, through);
  if (!result) return problem_for(result.error());
  const auto sheet = report::simulation_sheet(*result, s.export_context(call.title));
  if (r.query_param("format")) return sheet_response(r, sheet, "simulatie_" + call.id);
  auto table = report::render(sheet, report::FileFormat::kJson);
  if (!table) return problem_for(table.error());
  Json body = {{"projected_cost_cents", result->projected_cost.cents()},
               {"paid_municipalities", result->paid_municipalities},
               {"participants", result->rows.size()},
               {"parameters", parameters_json(result->parameters)},
               {"table", Json::parse(*table)}};
  return json_response(200, body);
}

}  // namespace lap::server::api::pact_http
