// The signed-in user's notifications (docs/api.md "Notifications"): changes in
// the shared cases that wait for them — a warm handover proposed or decided, a
// transmission sent or answered. Any signed-in user, their own only. A
// notification names a case and what happened; reading the case itself is
// the audited read.
#include <nlohmann/json.hpp>

#include "lap/server/api/api.h"
#include "lap/server/api/case_http.h"
#include "lap/server/api/person_access.h"

namespace lap::server::api {
namespace {

using Json = nlohmann::json;

constexpr int kShown = 100;

std::string_view dutch(std::string_view kind) {
  if (kind == "handover_proposed") return "Warme overdracht voorgesteld aan uw dienst";
  if (kind == "handover_accepted") return "Uw voorstel tot warme overdracht is aanvaard";
  if (kind == "handover_declined") return "Uw voorstel tot warme overdracht is geweigerd";
  if (kind == "transmission_sent") return "Nieuwe doormelding van VDAB";
  if (kind == "transmission_answered") return "Uw doormelding is beantwoord";
  return "Wijziging in een dossier";
}

// GET /api/v1/notifications
Response list(Environment& e, const Request&, RequestContext& ctx) {
  auto store = e.pool->lease();
  if (!store) return problem_for(store.error());
  auto found = (*store)->notifications(ctx.principal->username, kShown);
  if (!found) return problem_for(found.error());
  Json items = Json::array();
  int unread = 0;
  for (const auto& n : *found) {
    if (!n.read_at) ++unread;
    items.push_back({{"notification", n.id},
                     {"case", n.case_id},
                     {"kind", n.kind},
                     {"text", dutch(n.kind)},
                     {"created_at", n.created_at},
                     {"read", n.read_at.has_value()}});
  }
  return no_store_json({{"unread", unread}, {"notifications", std::move(items)}});
}

// POST /api/v1/notifications/{notification}/read
Response mark_read(Environment& e, const Request& r, RequestContext& ctx) {
  auto id = id_param(r, "notification");
  if (!id) return Response::problem(404, "not_found", "Geen melding met dit nummer.");
  auto store = e.pool->lease();
  if (!store) return problem_for(store.error());
  auto done = (*store)->mark_notification_read(*id, ctx.principal->username);
  if (!done && done.error().code == ErrorCode::kNotFound)
    return Response::problem(404, "not_found", "Geen melding met dit nummer.");
  if (!done) return problem_for(done.error());
  Response response;
  response.status = 204;
  response.content_type.clear();
  return response;
}

}  // namespace

void add_notification_routes(Service& service, Environment& env) {
  Environment* e = &env;
  Router& router = service.router();
  router.add("GET", "/api/v1/notifications",
             [e](const Request& r, RequestContext& ctx) { return list(*e, r, ctx); });
  router.add("POST", "/api/v1/notifications/{notification}/read",
             [e](const Request& r, RequestContext& ctx) { return mark_read(*e, r, ctx); });
}

}  // namespace lap::server::api
