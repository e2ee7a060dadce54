// The contacts directory (docs/api.md "Contacts", seed 002): per municipality the
// fixed contact person of the OCMW, the VDAB contact and the days VDAB consults
// at the OCMW. Work contacts of civil servants, no client data: every
// professional role reads it (permission `contacts`); administrators keep it up
// to date, version-checked like a case, each change in the log of changes.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "lap/cases/contacts.h"
#include "lap/server/api/api.h"
#include "lap/server/api/json_input.h"
#include "lap/server/api/person_access.h"

namespace lap::server::api {
namespace {

using auth::Permission;
using Json = nlohmann::json;

Json contact_json(const cases::Contact& c) {
  return {{"name", c.name}, {"phone", c.phone}, {"email", c.email}};
}

Json contacts_json(const Environment& e, const cases::MunicipalityContacts& c, bool admin) {
  Json days = Json::array();
  for (const auto& d : c.consultation) {
    days.push_back({{"weekday", d.weekday},
                    {"weekday_label", cases::weekday_dutch(d.weekday)},
                    {"from", d.start_time},
                    {"to", d.end_time},
                    {"frequency", cases::to_id(d.frequency)},
                    {"frequency_label", cases::to_dutch(d.frequency)},
                    {"place", d.place}});
  }
  Json out = {{"nis", fmt::format("{:05d}", c.nis.code())},
              {"name", nullptr},
              {"ocmw", contact_json(c.ocmw)},
              {"vdab", contact_json(c.vdab)},
              {"consultation", std::move(days)},
              {"note", c.note},
              {"row_version", c.row_version},
              {"updated_at", c.updated_at.empty() ? Json(nullptr) : Json(c.updated_at)}};
  if (const auto* m = e.registry->find(c.nis)) out["name"] = m->name;
  if (admin) out["updated_by"] = c.updated_by.empty() ? Json(nullptr) : Json(c.updated_by);
  return out;
}

bool is_admin(const RequestContext& ctx) {
  return ctx.principal->role == auth::Role::kAdministrator;
}

// The route's {nis} when it is a municipality of the registry.
std::optional<Nis> municipality_param(const Environment& e, const Request& r) {
  auto nis = Nis::parse(r.params.at("nis"));
  if (!nis || e.registry->find(*nis) == nullptr) return std::nullopt;
  return *nis;
}

Response no_such_municipality() {
  return Response::problem(404, "not_found", "Geen gemeente met deze NIS-code.");
}

// GET /api/v1/contacts
Response list_contacts(Environment& e, const Request&, RequestContext& ctx) {
  auto store = e.pool->lease();
  if (!store) return problem_for(store.error());
  auto all = (*store)->contacts();
  if (!all) return problem_for(all.error());
  Json items = Json::array();
  for (const auto& c : *all)
    items.push_back(contacts_json(e, c, is_admin(ctx)));
  return no_store_json({{"contacts", std::move(items)}});
}

// GET /api/v1/contacts/{nis}: an empty entry (row_version 0) when none is stored yet.
Response one_contact(Environment& e, const Request& r, RequestContext& ctx) {
  auto nis = municipality_param(e, r);
  if (!nis) return no_such_municipality();
  auto store = e.pool->lease();
  if (!store) return problem_for(store.error());
  auto found = (*store)->contacts_of(*nis);
  if (!found) return problem_for(found.error());
  cases::MunicipalityContacts empty;
  empty.nis = *nis;
  return no_store_json(contacts_json(e, *found ? **found : empty, is_admin(ctx)));
}

void read_contact(JsonInput& in, const Json& o, std::string_view side, cases::Contact& c) {
  if (!o.contains(side) || !o[side].is_object()) {
    in.problem(fmt::format("/{}", side), "must be an object with name, phone and email");
    return;
  }
  const auto at = fmt::format("/{}", side);
  c.name = in.text(o[side], at, "name", false).value_or("");
  c.phone = in.text(o[side], at, "phone", false).value_or("");
  c.email = in.text(o[side], at, "email", false).value_or("");
}

void read_days(JsonInput& in, const Json& o, std::vector<cases::ConsultationDay>& out) {
  if (!o.contains("consultation")) return;
  if (!o["consultation"].is_array()) {
    in.problem("/consultation", "must be an array");
    return;
  }
  for (size_t i = 0; i < o["consultation"].size() && i <= cases::kMaxConsultationDays; ++i) {
    const Json& d = o["consultation"][i];
    const auto at = fmt::format("/consultation/{}", i);
    if (!d.is_object()) {
      in.problem(at, "must be an object");
      continue;
    }
    cases::ConsultationDay day;
    day.weekday = static_cast<int>(in.integer(d, at, "weekday", true).value_or(0));
    day.start_time = in.text(d, at, "from", true).value_or("");
    day.end_time = in.text(d, at, "to", true).value_or("");
    day.place = in.text(d, at, "place", false).value_or("");
    auto frequency = in.text(d, at, "frequency", false).value_or("weekly");
    if (auto f = cases::frequency_from_id(frequency)) {
      day.frequency = *f;
    } else {
      in.problem(at + "/frequency", "must be weekly, biweekly or monthly");
    }
    out.push_back(std::move(day));
  }
}

// PUT /api/v1/contacts/{nis}
Response put_contacts(Environment& e, const Request& r, RequestContext& ctx) {
  if (auto d = deny_unless(ctx, Permission::kAdminister)) return *d;
  auto nis = municipality_param(e, r);
  if (!nis) return no_such_municipality();
  JsonInput in(r.body);
  const Json& o = in.root();
  cases::MunicipalityContacts c;
  c.nis = *nis;
  const auto version = in.integer(o, "", "row_version", true);
  read_contact(in, o, "ocmw", c.ocmw);
  read_contact(in, o, "vdab", c.vdab);
  read_days(in, o, c.consultation);
  c.note = in.text(o, "", "note", false).value_or("");
  if (!in.ok()) return in.response();
  if (auto ok = cases::validate_contacts(c); !ok) {
    in.problem("", ok.error().message);
    return in.response();
  }
  auto store = e.pool->lease();
  if (!store) return problem_for(store.error());
  auto stored = (*store)->admin().set_contacts(c, *version, ctx.principal->username);
  if (!stored && stored.error().code == ErrorCode::kFailedPrecondition) {
    return Response::problem(409, "conflict",
                             "Iemand anders heeft deze contactgegevens intussen gewijzigd. "
                             "Laad de pagina opnieuw.");
  }
  if (!stored) return problem_for(stored.error());
  auto read = (*store)->contacts_of(*nis);
  if (!read || !*read) return problem_for({ErrorCode::kInternal, "contacts not read"});
  return no_store_json(contacts_json(e, **read, true));
}

Handler guarded(Environment* e,
                Response (*handler)(Environment&, const Request&, RequestContext&)) {
  return [e, handler](const Request& r, RequestContext& ctx) -> Response {
    if (auto d = deny_unless(ctx, Permission::kContacts)) return *d;
    return handler(*e, r, ctx);
  };
}

}  // namespace

void add_contact_routes(Service& service, Environment& env) {
  Environment* e = &env;
  Router& router = service.router();
  router.add("GET", "/api/v1/contacts", guarded(e, list_contacts));
  router.add("GET", "/api/v1/contacts/{nis}", guarded(e, one_contact));
  router.add("PUT", "/api/v1/contacts/{nis}", guarded(e, put_contacts));
}

}  // namespace lap::server::api
