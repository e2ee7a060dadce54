// Cooperation agreements (docs/api.md "Samenwerkingsovereenkomsten", SPEC §5,
// lap/pact/agreement.h): the registry of agreements between VDAB and a
// municipality or regiegebied with their action plans, and the coverage per
// province (seed 004, table 1). Agreements are decisions of councils and of
// VDAB, not person data: every role that reads the LAP reads them
// (permission `lap_read`); VDAB and WSE keep the registry (`agreements`),
// version-checked, each change in the log of changes.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "lap/pact/agreement.h"
#include "lap/report/sheet.h"
#include "lap/server/api/api.h"
#include "lap/server/api/figure_json.h"
#include "lap/server/api/json_input.h"
#include "lap/server/api/pact_http.h"
#include "lap/server/api/person_access.h"

namespace lap::server::api {
namespace {

using auth::Permission;
using Json = nlohmann::json;

Json date_json(const std::optional<Date>& d) {
  return d ? Json(d->to_string()) : Json(nullptr);
}

// The municipality's name, or the regiegebied's own name.
std::string area_name(const Environment& e, const pact::CooperationAgreement& a) {
  if (a.scope == pact::AgreementScope::kMunicipality) {
    auto nis = Nis::parse(a.area);
    const auto* m = nis ? e.registry->find(*nis) : nullptr;
    return m ? m->name : a.area;
  }
  return a.area;
}

// The province of the municipality, or of the regiegebied's first municipality.
std::string province_name(const Environment& e, const pact::CooperationAgreement& a) {
  if (a.scope == pact::AgreementScope::kMunicipality) {
    auto nis = Nis::parse(a.area);
    const auto* m = nis ? e.registry->find(*nis) : nullptr;
    return m ? m->province_name : "";
  }
  for (const auto& m : e.registry->all()) {
    if (m.regiegebied == a.area) return m.province_name;
  }
  return "";
}

Json agreement_json(const Environment& e, const pact::CooperationAgreement& a, bool with_plan) {
  const Date today = e.today();
  const pact::CooperationAgreement* self[] = {&a};
  Json out = {{"id", a.id},
              {"scope", pact::to_id(a.scope)},
              {"scope_label", pact::to_dutch(a.scope)},
              {"area", a.area},
              {"area_name", area_name(e, a)},
              {"province", province_name(e, a)},
              {"title", a.title},
              {"status", pact::to_id(a.status)},
              {"status_label", pact::to_dutch(a.status)},
              {"status_today", pact::to_id(pact::status_on(self, today))},
              {"concluded_on", date_json(a.concluded_on)},
              {"expected_on", date_json(a.expected_on)},
              {"starts_on", date_json(a.starts_on)},
              {"ends_on", date_json(a.ends_on)},
              {"parties", a.parties},
              {"steering_group", a.steering_group},
              {"note", a.note},
              {"action_count", a.actions.size()},
              {"row_version", a.row_version},
              {"updated_at", a.updated_at},
              {"updated_by", a.updated_by}};
  if (with_plan) {
    Json actions = Json::array();
    for (const auto& act : a.actions) {
      actions.push_back({{"theme", act.theme},
                         {"domain", act.domain},
                         {"code", act.code},
                         {"title", act.title},
                         {"lead", act.lead},
                         {"partners", act.partners},
                         {"status", pact::to_id(act.status)},
                         {"status_label", pact::to_dutch(act.status)},
                         {"indicators", act.indicators}});
    }
    out["actions"] = std::move(actions);
  }
  return out;
}

std::optional<int64_t> id_param(const Request& r) {
  const auto& text = r.params.at("id");
  int64_t id = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9' || id > 1'000'000'000) return std::nullopt;
    id = id * 10 + (ch - '0');
  }
  return text.empty() ? std::nullopt : std::optional(id);
}

Response no_such_agreement() {
  return Response::problem(404, "not_found", "Geen samenwerkingsovereenkomst met dit nummer.");
}

// GET /api/v1/agreements[?nis=]: every agreement, or those that concern municipality
// `nis` today (its own and its regiegebied's).
Response list_agreements(Environment& e, const Request& r, RequestContext&) {
  std::optional<Nis> only;
  if (auto text = r.query_param("nis"); text && !text->empty()) {
    auto nis = Nis::parse(*text);
    if (!nis || e.registry->find(*nis) == nullptr) {
      return Response::problem(404, "not_found", "Geen gemeente met deze NIS-code.");
    }
    only = *nis;
  }
  auto store = e.pool->lease();
  if (!store) return problem_for(store.error());
  auto all = (*store)->agreements();
  if (!all) return problem_for(all.error());
  const Date today = e.today();
  Json items = Json::array();
  for (const auto& a : *all) {
    if (only && !pact::agreement_covers(a, *e.registry, *only, today)) continue;
    items.push_back(agreement_json(e, a, false));
  }
  return no_store_json({{"agreements", std::move(items)}});
}

// GET /api/v1/agreements/{id}: with its action plan.
Response one_agreement(Environment& e, const Request& r, RequestContext&) {
  auto id = id_param(r);
  if (!id) return no_such_agreement();
  auto store = e.pool->lease();
  if (!store) return problem_for(store.error());
  auto found = (*store)->agreement(*id);
  if (!found) return problem_for(found.error());
  if (!*found) return no_such_agreement();
  return no_store_json(agreement_json(e, **found, true));
}

void read_actions(JsonInput& in, const Json& o, std::vector<pact::AgreementAction>& out) {
  if (!o.contains("actions") || o["actions"].is_null()) return;
  if (!o["actions"].is_array()) {
    in.problem("/actions", "must be an array");
    return;
  }
  for (size_t i = 0; i < o["actions"].size() && i <= pact::kMaxAgreementActions; ++i) {
    const Json& d = o["actions"][i];
    const auto at = fmt::format("/actions/{}", i);
    if (!d.is_object()) {
      in.problem(at, "must be an object");
      continue;
    }
    pact::AgreementAction act;
    act.theme = in.text(d, at, "theme", false).value_or("");
    act.domain = in.text(d, at, "domain", false).value_or("");
    act.code = in.text(d, at, "code", false).value_or("");
    act.title = in.text(d, at, "title", false).value_or("");
    act.lead = in.text(d, at, "lead", false).value_or("");
    act.partners = in.texts(d, at, "partners", false).value_or(std::vector<std::string>{});
    act.indicators = in.texts(d, at, "indicators", false).value_or(std::vector<std::string>{});
    const auto status = in.text(d, at, "status", false).value_or("planned");
    if (auto s = pact::action_status_from_id(status)) {
      act.status = *s;
    } else {
      in.problem(at + "/status", "must be planned, running, done or stopped");
    }
    out.push_back(std::move(act));
  }
}

// Reads an agreement from a POST or PUT body; nullopt with `in` holding the problems.
std::optional<pact::CooperationAgreement> read_agreement(JsonInput& in, const Environment& e) {
  const Json& o = in.root();
  pact::CooperationAgreement a;
  const auto scope = in.text(o, "", "scope", true).value_or("");
  if (auto s = pact::agreement_scope_from_id(scope)) {
    a.scope = *s;
  } else if (!scope.empty()) {
    in.problem("/scope", "must be municipality or region");
  }
  a.area = in.text(o, "", "area", true).value_or("");
  a.title = in.text(o, "", "title", true).value_or("");
  const auto status = in.text(o, "", "status", true).value_or("");
  if (auto s = pact::agreement_status_from_id(status)) {
    a.status = *s;
  } else if (!status.empty()) {
    in.problem("/status", "must be concluded, negotiating or to_start");
  }
  a.concluded_on = in.date(o, "", "concluded_on", false);
  a.expected_on = in.date(o, "", "expected_on", false);
  a.starts_on = in.date(o, "", "starts_on", false);
  a.ends_on = in.date(o, "", "ends_on", false);
  a.parties = in.texts(o, "", "parties", false).value_or(std::vector<std::string>{});
  a.steering_group = in.text(o, "", "steering_group", false).value_or("");
  a.note = in.text(o, "", "note", false).value_or("");
  read_actions(in, o, a.actions);
  if (!in.ok()) return std::nullopt;
  if (auto ok = pact::validate_agreement(a, *e.registry, e.today()); !ok) {
    in.problem("", ok.error().message);
    return std::nullopt;
  }
  return a;
}

// POST /api/v1/agreements
Response add_agreement(Environment& e, const Request& r, RequestContext& ctx) {
  if (auto d = deny_unless(ctx, Permission::kAgreements)) return *d;
  JsonInput in(r.body);
  auto a = read_agreement(in, e);
  if (!a) return in.response();
  auto store = e.pool->lease();
  if (!store) return problem_for(store.error());
  auto id = (*store)->add_agreement(*a, ctx.principal->username);
  if (!id) return problem_for(id.error());
  auto read = (*store)->agreement(*id);
  if (!read || !*read) return problem_for({ErrorCode::kInternal, "agreement not read"});
  Response out = no_store_json(agreement_json(e, **read, true));
  out.status = 201;
  return out;
}

// PUT /api/v1/agreements/{id}
Response change_agreement(Environment& e, const Request& r, RequestContext& ctx) {
  if (auto d = deny_unless(ctx, Permission::kAgreements)) return *d;
  auto id = id_param(r);
  if (!id) return no_such_agreement();
  JsonInput in(r.body);
  const auto version = in.integer(in.root(), "", "row_version", true);
  auto a = read_agreement(in, e);
  if (!a || !version) return in.response();
  a->id = *id;
  auto store = e.pool->lease();
  if (!store) return problem_for(store.error());
  auto stored = (*store)->change_agreement(*a, *version, ctx.principal->username);
  if (!stored && stored.error().code == ErrorCode::kNotFound) return no_such_agreement();
  if (!stored && stored.error().code == ErrorCode::kFailedPrecondition) {
    return Response::problem(409, "conflict",
                             "Iemand anders heeft deze samenwerkingsovereenkomst intussen "
                             "gewijzigd. Laad de pagina opnieuw.");
  }
  if (!stored) return problem_for(stored.error());
  auto read = (*store)->agreement(*id);
  if (!read || !*read) return problem_for({ErrorCode::kInternal, "agreement not read"});
  return no_store_json(agreement_json(e, **read, true));
}

Json count_json(const pact::CoverageCount& c) {
  return {{"concluded", c.concluded},
          {"negotiating", c.negotiating},
          {"to_start", c.to_start},
          {"total", c.total},
          {"prognosis", c.prognosis}};
}

report::Cell share(int n, int total) {
  if (total == 0) return std::monostate{};
  return *pact::Rate::fraction(n, total);
}

// 004's table 1 as a sheet: per province the municipalities and regiegebieden with a
// concluded agreement on the date and in the prognosis, with their shares.
report::Sheet coverage_sheet(const std::vector<pact::ProvinceCoverage>& table, Date on,
                             Date prognosis, Date today) {
  report::Sheet sheet;
  sheet.id = "agreement_coverage";
  sheet.title = "Dekking SO";
  sheet.generated_on = today;
  using report::CellType;
  const std::string d1 = on.to_string_nl();
  const std::string d2 = prognosis.to_string_nl();
  sheet.columns = {
      {"Provincie", "province"},
      {fmt::format("Gemeenten afgesloten op {}", d1), "municipalities_concluded",
       CellType::kInteger},
      {"Gemeenten in onderhandeling", "municipalities_negotiating", CellType::kInteger},
      {"Gemeenten op te starten", "municipalities_to_start", CellType::kInteger},
      {"Gemeenten", "municipalities", CellType::kInteger},
      {fmt::format("% gemeenten afgesloten op {}", d1), "municipalities_share", CellType::kPercent},
      {fmt::format("Gemeenten prognose {}", d2), "municipalities_prognosis", CellType::kInteger},
      {fmt::format("% gemeenten prognose {}", d2), "municipalities_prognosis_share",
       CellType::kPercent},
      {fmt::format("Regiegebieden afgesloten op {}", d1), "regions_concluded", CellType::kInteger},
      {"Regiegebieden", "regions", CellType::kInteger},
      {fmt::format("% regiegebieden afgesloten op {}", d1), "regions_share", CellType::kPercent},
      {fmt::format("Regiegebieden prognose {}", d2), "regions_prognosis", CellType::kInteger},
      {fmt::format("% regiegebieden prognose {}", d2), "regions_prognosis_share",
       CellType::kPercent},
  };
  for (const auto& p : table) {
    const auto& m = p.municipalities;
    const auto& g = p.regions;
    sheet.rows.push_back({p.name, int64_t{m.concluded}, int64_t{m.negotiating}, int64_t{m.to_start},
                          int64_t{m.total}, share(m.concluded, m.total), int64_t{m.prognosis},
                          share(m.prognosis, m.total), int64_t{g.concluded}, int64_t{g.total},
                          share(g.concluded, g.total), int64_t{g.prognosis},
                          share(g.prognosis, g.total)});
  }
  sheet.info = {
      {"Tabel", "table", report::CellType::kText,
       fmt::format("Samenwerkingsovereenkomsten met VDAB per provincie op {}, prognose {}", d1,
                   d2)},
      {"Telling", "rule", report::CellType::kText,
       "een gemeente telt haar eigen overeenkomst (ook die van gemeenten die erin zijn opgegaan), "
       "een regiegebied zijn regiegebiedsovereenkomst; prognose: afgesloten of verwacht "
       "afgesloten tegen die datum"},
  };
  return sheet;
}

// GET /api/v1/agreement-coverage?on=&prognosis=&format=
Response agreement_coverage(Environment& e, const Request& r, RequestContext&) {
  const Date today = e.today();
  auto day = [&](std::string_view key, Date fallback) -> std::optional<Date> {
    auto text = r.query_param(key);
    if (!text || text->empty()) return fallback;
    auto d = Date::parse(*text);
    return d ? std::optional(*d) : std::nullopt;
  };
  auto on = day("on", today);
  if (!on) return Response::problem(400, "bad_request", "on: moet een datum (JJJJ-MM-DD) zijn");
  // The prognosis looks half a year ahead (1 January → 30 June) unless asked otherwise.
  auto prognosis = day("prognosis", *on + 180);
  if (!prognosis) {
    return Response::problem(400, "bad_request", "prognosis: moet een datum (JJJJ-MM-DD) zijn");
  }
  auto store = e.pool->lease();
  if (!store) return problem_for(store.error());
  auto all = (*store)->agreements();
  if (!all) return problem_for(all.error());
  const auto table = pact::coverage(*all, *e.registry, *on, *prognosis);
  if (wants_download(r)) {
    return pact_http::sheet_response(r, coverage_sheet(table, *on, *prognosis, today),
                                     fmt::format("dekking_so_{}", on->to_string()));
  }
  // Every municipality's status with the shapes of the map (web/geo: the municipalities of
  // 2019–2024) that make it up on `on`.
  static const Date kMap = *Date::from_ymd(2019, 1, 1);
  const auto territories = e.registry->territories_on(*on, kMap);
  Json municipalities = Json::array();
  for (const auto& [nis, status] : pact::municipality_statuses(*all, *e.registry, *on)) {
    Json codes = Json::array();
    if (auto it = territories.find(nis); it != territories.end()) {
      for (const Nis code : it->second)
        codes.push_back(code.to_string());
    }
    const auto* m = e.registry->find(nis);
    municipalities.push_back({{"nis", nis.to_string()},
                              {"name", m ? m->name : nis.to_string()},
                              {"status", pact::to_id(status)},
                              {"status_label", pact::to_dutch(status)},
                              {"map_codes", std::move(codes)}});
  }
  Json rows = Json::array();
  for (const auto& p : table) {
    rows.push_back({{"province", p.province.valid() ? Json(p.province.to_string()) : Json(nullptr)},
                    {"name", p.name},
                    {"municipalities", count_json(p.municipalities)},
                    {"regions", count_json(p.regions)}});
  }
  return no_store_json({{"on", on->to_string()},
                        {"on_label", on->to_string_nl()},
                        {"prognosis", prognosis->to_string()},
                        {"prognosis_label", prognosis->to_string_nl()},
                        {"provinces", std::move(rows)},
                        {"municipalities", std::move(municipalities)}});
}

Handler for_lap_readers(Environment* e,
                        Response (*handler)(Environment&, const Request&, RequestContext&)) {
  return [e, handler](const Request& r, RequestContext& ctx) -> Response {
    if (auto d = deny_unless(ctx, Permission::kLapRead)) return *d;
    return handler(*e, r, ctx);
  };
}

}  // namespace

void add_agreement_routes(Service& service, Environment& env) {
  Environment* e = &env;
  Router& router = service.router();
  router.add("GET", "/api/v1/agreements", for_lap_readers(e, list_agreements));
  router.add("POST", "/api/v1/agreements", for_lap_readers(e, add_agreement));
  router.add("GET", "/api/v1/agreements/{id}", for_lap_readers(e, one_agreement));
  router.add("PUT", "/api/v1/agreements/{id}", for_lap_readers(e, change_agreement));
  router.add("GET", "/api/v1/agreement-coverage", for_lap_readers(e, agreement_coverage));
}

}  // namespace lap::server::api
