#include "lap/server/api/pact_http.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "lap/core/parse.h"

namespace lap::server::api::pact_http {

report::ExportContext Session::export_context(std::string title) const {
  report::ExportContext ctx;
  ctx.generated_on = today;
  ctx.call_title = std::move(title);
  ctx.names = report::registry_names(*registry);
  return ctx;
}

Result<Session> PactApi::open(const RequestContext& context) const {
  auto lease = env_.pool->lease();
  if (!lease) return std::unexpected(lease.error());
  Session s{std::move(*lease), nullptr, env_.today(), env_.registry};
  auto data = pact::current_data(*s.store);
  if (!data) return std::unexpected(data.error());
  std::optional<pact::EngineResults> engine;
  if (data->load_id > 0 && env_.engine) engine = env_.engine(*data);
  s.service = std::make_unique<pact::PactService>(*s.store, *env_.registry, s.today,
                                                  context.principal->username, std::move(engine));
  if (env_.engine) {
    s.service->set_engine_factory(
        [engine = env_.engine](const pact::DataRef& d) -> Result<pact::EngineResults> {
          return engine(d);
        });
  }
  return s;
}

Handler with_session(std::shared_ptr<PactApi> api, Permission permission, SessionHandler fn) {
  return [api = std::move(api), permission, fn](const Request& r, RequestContext& ctx) {
    if (auto d = deny_unless(ctx, permission)) return *d;
    auto s = api->open(ctx);
    if (!s) return problem_for(s.error());
    return fn(r, ctx, *s);
  };
}

Handler on_call(std::shared_ptr<PactApi> api, Permission permission, CallHandler fn) {
  return [api = std::move(api), permission, fn](const Request& r, RequestContext& ctx) {
    if (auto d = deny_unless(ctx, permission)) return *d;
    auto s = api->open(ctx);
    if (!s) return problem_for(s.error());
    auto call = s->service->call(r.param("call"));
    if (!call) return problem_for(call.error());
    return fn(r, ctx, *s, *call);
  };
}

Handler on_application(std::shared_ptr<PactApi> api, Permission permission, ApplicationHandler fn) {
  return [api = std::move(api), permission, fn](const Request& r, RequestContext& ctx) {
    if (auto d = deny_unless(ctx, permission)) return *d;
    auto s = api->open(ctx);
    if (!s) return problem_for(s.error());
    Response out;
    auto a = scoped_application(*s, r, ctx, permission, out);
    if (!a) return out;
    return fn(r, ctx, *s, *a);
  };
}

std::optional<pact::Application> scoped_application(Session& s, const Request& r,
                                                    const RequestContext& ctx,
                                                    Permission permission, Response& out) {
  const auto id = parse_integer<int64_t>(r.param("id"));
  if (!id) {
    out = Response::problem(404, "not_found", "Geen aanvraag met dit nummer.");
    return std::nullopt;
  }
  auto a = s.service->application(*id);
  if (!a) {
    out = problem_for(a.error());
    return std::nullopt;
  }
  if (!in_scope(*ctx.principal, permission, member_codes(*a))) {
    out = forbidden_scope();
    return std::nullopt;
  }
  return *a;
}

// ---- scope ----

bool in_scope(const Principal& p, Permission permission, std::span<const Nis> codes,
              std::string_view unit_id) {
  if (auth::sees_all_municipalities(p.role, permission)) return true;
  const auto own = own_municipality(p);
  if (!own) return false;
  if (!unit_id.empty() && unit_id == own->to_string()) return true;
  return std::ranges::find(codes, *own) != codes.end();
}

std::vector<Nis> member_codes(const pact::Application& a) {
  std::vector<Nis> out;
  out.reserve(a.members.size());
  for (const auto& m : a.members)
    out.push_back(m.nis);
  return out;
}

std::vector<Nis> unit_codes(const pact::SettlementUnit& u) {
  std::vector<Nis> out = u.members;
  out.insert(out.end(), u.result_codes.begin(), u.result_codes.end());
  return out;
}

std::optional<Nis> own_municipality(const Principal& p) {
  if (!p.municipality) return std::nullopt;
  auto n = Nis::from_int(*p.municipality);
  if (!n) return std::nullopt;
  return *n;
}

bool acts_for_lead(const Principal& p, const pact::Application& a) {
  return a.lead && own_municipality(p) == a.lead;
}

bool may_submit(const Principal& p, const pact::Application& a) {
  return a.lead ? acts_for_lead(p, a) : own_municipality(p).has_value();
}

Response forbidden_scope() {
  return Response::problem(403, "forbidden",
                           "Deze gegevens horen bij een andere gemeente dan de uwe.");
}

Response not_the_lead(const pact::Application& a) {
  const std::string lead = a.lead ? "gemeente " + a.lead->to_string() : "niemand";
  return Response::problem(
      403, "forbidden",
      fmt::format("Enkel de trekker van aanvraag {} ({}) kan dit ontwerp wijzigen of indienen; "
                  "de andere leden geven of weigeren hun toestemming.",
                  a.id, lead));
}

std::string safe_file_name(std::string_view name, std::string_view fallback) {
  std::string out(name);
  std::replace_if(
      out.begin(), out.end(),
      [](char c) {
        return !(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-');
      },
      '_');
  if (out.empty() || out.starts_with('.')) return std::string(fallback);
  return out;
}

namespace {

// WSE knows every held application; a local government those its municipality is a member of,
// without the other applications involved being named.
std::vector<std::string> held_notes(const Principal& p,
                                    const std::vector<pact::HeldApplication>& held) {
  const bool all = auth::sees_all_municipalities(p.role, Permission::kLapFigures);
  std::vector<std::string> out;
  for (const auto& h : held) {
    if (!in_scope(p, Permission::kLapFigures, h.members)) continue;
    std::string shared, others;
    for (Nis n : h.shared)
      shared += (shared.empty() ? "" : ", ") + n.to_string();
    for (int64_t id : h.others)
      others += (others.empty() ? "" : ", ") + std::to_string(id);
    out.push_back(fmt::format(
        "aanvraag {} ({}): niet opgevolgd en niet afgerekend, want {} neemt ook deel aan {}; "
        "een gemeente neemt aan hoogstens één aanvraag per oproep deel, WSE moet dit rechtzetten",
        h.id, h.applicant, shared,
        all ? "aanvraag " + others : std::string("een andere goedgekeurde aanvraag")));
  }
  return out;
}

}  // namespace

void add_held_notes(report::Sheet& sheet, const Principal& p,
                    const std::vector<pact::HeldApplication>& held) {
  auto notes = held_notes(p, held);
  if (notes.empty()) return;
  sheet.info.push_back(
      {"Niet opgevolgd", "held_applications", report::CellType::kList, report::Cell(notes)});
}

// ---- responses ----

std::optional<report::FileFormat> requested_format(const Request& request,
                                                   report::FileFormat fallback) {
  auto f = request.query_param("format");
  if (!f) return fallback;
  auto parsed = report::parse_file_format(*f);
  if (!parsed) return std::nullopt;
  return *parsed;
}

Response bad_format() {
  return Response::problem(400, "bad_request", "format: moet json, xlsx of csv zijn");
}

Response sheet_response(const Request& request, const report::Sheet& sheet,
                        std::string_view file_stem) {
  auto format = requested_format(request, report::FileFormat::kJson);
  if (!format) return bad_format();
  auto bytes = report::render(sheet, *format);
  if (!bytes) return problem_for(bytes.error());
  Response r;
  r.content_type = std::string(report::media_type(*format));
  r.body = std::move(*bytes);
  if (*format != report::FileFormat::kJson) {
    r.headers.emplace_back("content-disposition", fmt::format("attachment; filename=\"{}.{}\"",
                                                              report::safe_file_part(file_stem),
                                                              report::file_extension(*format)));
  }
  return r;
}

Response json_response(int status, const Json& body) {
  return Response::json(status, body.dump());
}

}  // namespace lap::server::api::pact_http
