// The Lokaal Activeringspact over HTTP (docs/api.md): the same `PactService`
// operations as `lap pact`, as JSON, and every table also as XLSX or Belgian
// CSV (`?format=xlsx|csv`). WSE analysts administer; local governments apply
// for and follow their own municipality; the werktabel is published to every
// role working with aggregates.
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lap/pact/presets.h"
#include "lap/report/pact_export.h"
#include "lap/server/api/api.h"
#include "lap/server/api/json_input.h"
#include "lap/server/api/pact_json.h"

namespace lap::server::api {
namespace {

using auth::Permission;
using Json = nlohmann::json;

// ---- scope ------------------------------------------------------------------------

// Whether the user's municipality is one of `codes` (WSE: always).
bool in_scope(const Principal& p, Permission permission, std::span<const Nis> codes,
              std::string_view unit_id = {}) {
  if (auth::sees_all_municipalities(p.role, permission)) return true;
  if (!p.municipality) return false;
  if (!unit_id.empty() && unit_id == fmt::format("{:05d}", *p.municipality)) return true;
  return std::any_of(codes.begin(), codes.end(),
                     [&](Nis n) { return n.code() == *p.municipality; });
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

Response forbidden_scope() {
  return Response::problem(403, "forbidden",
                           "Deze gegevens horen bij een andere gemeente dan de uwe.");
}

// The user's municipality (nullopt for roles without one).
std::optional<Nis> own_municipality(const Principal& p) {
  if (!p.municipality) return std::nullopt;
  auto n = Nis::from_int(*p.municipality);
  if (!n) return std::nullopt;
  return *n;
}

// Whether the user acts for the application's lead (trekker). An application
// without a known lead (from before migration 0009) has none: nobody changes it.
bool acts_for_lead(const Principal& p, const pact::Application& a) {
  return a.lead && own_municipality(p) == a.lead;
}

// Submitting: the lead; without a known lead, any member (every member must
// have consented anyway).
bool may_submit(const Principal& p, const pact::Application& a) {
  return a.lead ? acts_for_lead(p, a) : own_municipality(p).has_value();
}

Response not_the_lead(const pact::Application& a) {
  const std::string lead = a.lead ? "gemeente " + a.lead->to_string() : "niemand";
  return Response::problem(
      403, "forbidden",
      fmt::format("Enkel de trekker van aanvraag {} ({}) kan dit ontwerp wijzigen of indienen; "
                  "de andere leden geven of weigeren hun toestemming.",
                  a.id, lead));
}

// What the user may know of the applications left out of progress and
// statements: WSE all of them, a local government those its municipality is
// a member of, without naming the other applications involved.
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

void add_held_notes(report::Sheet& sheet, const Principal& p,
                    const std::vector<pact::HeldApplication>& held) {
  auto notes = held_notes(p, held);
  if (notes.empty()) return;
  sheet.info.push_back(
      {"Niet opgevolgd", "held_applications", report::CellType::kList, report::Cell(notes)});
}

// ---- responses --------------------------------------------------------------------

// A sheet as JSON (default), XLSX or CSV by `?format=`.
Response sheet_response(const Request& request, const report::Sheet& sheet,
                        std::string_view file_stem) {
  auto format = report::FileFormat::kJson;
  if (auto f = request.query_param("format")) {
    auto parsed = report::parse_file_format(*f);
    if (!parsed) {
      return Response::problem(400, "bad_request", "format: json, xlsx or csv");
    }
    format = *parsed;
  }
  auto bytes = report::render(sheet, format);
  if (!bytes) return problem_for(bytes.error());
  Response r;
  r.content_type = std::string(report::media_type(format));
  r.body = std::move(*bytes);
  if (format != report::FileFormat::kJson) {
    r.headers.emplace_back(
        "content-disposition",
        fmt::format("attachment; filename=\"{}.{}\"", file_stem, report::file_extension(format)));
  }
  return r;
}

Response json_response(int status, const Json& body) {
  return Response::json(status, body.dump());
}

// What every handler starts from: a store for this request and the service
// acting as the signed-in user.
struct Session {
  StorePool::Lease store;
  std::unique_ptr<pact::PactService> service;
  Date today;
};

class PactApi {
 public:
  explicit PactApi(Environment& env) : env_(env) {}

  Result<Session> open(const RequestContext& context) const {
    auto lease = env_.pool->lease();
    if (!lease) return std::unexpected(lease.error());
    Session s{std::move(*lease), nullptr, env_.today()};
    auto load = s.store->current_load();
    if (!load) return std::unexpected(load.error());
    std::optional<pact::EngineResults> engine;
    if (*load > 0 && env_.engine) engine = env_.engine(*load);
    s.service = std::make_unique<pact::PactService>(*s.store, *env_.registry, s.today,
                                                    context.principal->username, std::move(engine));
    return s;
  }

  report::ExportContext export_context(const Session& s, std::string title) const {
    report::ExportContext ctx;
    ctx.generated_on = s.today;
    ctx.call_title = std::move(title);
    ctx.names = report::registry_names(*env_.registry);
    return ctx;
  }

 private:
  Environment& env_;
};

// A route on one call: the permission, a session and the call, then `fn`
// (which gets the session and the call as pointers).
template <typename Fn>
Handler on_call(const std::shared_ptr<PactApi>& api, Permission permission, const Fn& fn) {
  return [api, permission, fn](const Request& r, RequestContext& ctx) -> Response {
    if (auto d = deny_unless(ctx, permission)) return *d;
    auto s = api->open(ctx);
    if (!s) return problem_for(s.error());
    auto call = s->service->call(r.param("call"));
    if (!call) return problem_for(call.error());
    return fn(r, ctx, &*s, &*call);
  };
}

// Writes an uploaded CSV to a private temporary directory under its own name
// (so problems name it), runs `fn(path)`, and removes it.
template <typename Fn>
auto with_uploaded_file(const Request& request, Fn&& fn) -> decltype(fn(std::string())) {
  std::string name = std::string(request.query_param("file").value_or("upload.csv"));
  std::replace_if(
      name.begin(), name.end(),
      [](char c) {
        return !(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-');
      },
      '_');
  if (name.empty() || name.starts_with('.')) name = "upload.csv";
  std::string dir_template =
      (std::filesystem::temp_directory_path() / "lap-upload-XXXXXX").string();
  if (mkdtemp(dir_template.data()) == nullptr) {
    return make_error(ErrorCode::kIo, "cannot create a temporary directory for the upload");
  }
  const std::filesystem::path path = std::filesystem::path(dir_template) / name;
  {
    std::ofstream out(path, std::ios::binary);
    out.write(request.body.data(), static_cast<std::streamsize>(request.body.size()));
    if (!out) {
      std::error_code ec;
      std::filesystem::remove_all(dir_template, ec);
      return make_error(ErrorCode::kIo, "cannot store the upload");
    }
  }
  auto result = fn(path.string());
  std::error_code ec;
  std::filesystem::remove_all(dir_template, ec);
  return result;
}

}  // namespace

void add_pact_routes(Service& service, Environment& env) {
  auto api = std::make_shared<PactApi>(env);
  Router& router = service.router();

  // ---- calls ----
  router.add("GET", "/api/v1/calls", [api](const Request&, RequestContext& ctx) -> Response {
    if (auto d = deny_unless(ctx, Permission::kLapRead)) return *d;
    auto s = api->open(ctx);
    if (!s) return problem_for(s.error());
    auto calls = s->service->calls();
    if (!calls) return problem_for(calls.error());
    Json list = Json::array();
    for (const auto& c : *calls)
      list.push_back(call_json(c));
    return json_response(200, {{"calls", list}});
  });

  router.add("POST", "/api/v1/calls", [api](const Request& r, RequestContext& ctx) -> Response {
    if (auto d = deny_unless(ctx, Permission::kLapAdminister)) return *d;
    JsonInput in(r.body);
    const Json& o = in.root();
    auto id = in.text(o, "", "id", true);
    auto title = in.text(o, "", "title", true);
    auto valid_from = in.date(o, "", "valid_from", false);
    auto p = read_parameters(in, o, std::nullopt);
    if (!in.ok()) return in.response();
    auto s = api->open(ctx);
    if (!s) return problem_for(s.error());
    auto call = pact::make_call(*id, *title, valid_from.value_or(s->today), "", p);
    if (auto made = s->service->create_call(call); !made) return problem_for(made.error());
    return json_response(201, call_json(*s->service->call(*id)));
  });

  router.add(
      "GET", "/api/v1/calls/{call}",
      on_call(api, Permission::kLapRead,
              [](const Request&, RequestContext&, Session*, const pact::Call* call) -> Response {
                return json_response(200, call_json(*call));
              }));

  router.add(
      "POST", "/api/v1/calls/{call}/versions",
      on_call(
          api, Permission::kLapAdminister,
          [](const Request& r, RequestContext&, Session* s, const pact::Call* call) -> Response {
            JsonInput in(r.body);
            const Json& o = in.root();
            auto valid_from = in.date(o, "", "valid_from", true);
            auto note = in.text(o, "", "note", true);
            auto p = read_parameters(in, o, call->latest().parameters);
            if (!in.ok()) return in.response();
            if (auto added = s->service->add_version(call->id, *valid_from, *note, p); !added) {
              return problem_for(added.error());
            }
            return json_response(201, call_json(*s->service->call(call->id)));
          }));

  for (bool counts : {true, false}) {
    router.add(
        "PUT", counts ? "/api/v1/calls/{call}/counts" : "/api/v1/calls/{call}/results",
        [api, counts](const Request& r, RequestContext& ctx) -> Response {
          if (auto d = deny_unless(ctx, Permission::kLapAdminister)) return *d;
          auto s = api->open(ctx);
          if (!s) return problem_for(s.error());
          const std::string call(r.param("call"));
          auto imported = with_uploaded_file(r, [&](const std::string& path) {
            return counts ? s->service->import_counts(call, path)
                          : s->service->import_results(call, path);
          });
          if (!imported) return problem_for(imported.error());
          if (!imported->problems.empty()) {
            Json list = Json::array();
            for (const auto& p : imported->problems)
              list.push_back(p);
            return json_response(
                422, {{"error",
                       {{"code", "invalid_file"},
                        {"message", "Het bestand is geweigerd; er is niets opgeslagen."},
                        {"problems", list}}}});
          }
          return json_response(200, {{"changed", imported->changed}, {"rows", imported->rows}});
        });
  }

  router.add("GET", "/api/v1/calls/{call}/werktabel",
             on_call(api, Permission::kLapRead,
                     [api](const Request& r, RequestContext&, Session* s,
                           const pact::Call* call) -> Response {
                       Date on = s->today;
                       if (auto text = r.query_param("on")) {
                         auto d = Date::parse(*text);
                         if (!d) {
                           return Response::problem(400, "bad_request", "on: a date YYYY-MM-DD");
                         }
                         on = *d;
                       }
                       auto table = s->service->werktabel(call->id, on);
                       if (!table) return problem_for(table.error());
                       return sheet_response(
                           r, report::werktabel_sheet(*table, api->export_context(*s, call->title)),
                           "werktabel_" + call->id);
                     }));

  // ---- applications ----
  router.add("GET", "/api/v1/calls/{call}/applications",
             [api](const Request& r, RequestContext& ctx) -> Response {
               if (auto d = deny_unless(ctx, Permission::kLapFigures)) return *d;
               auto s = api->open(ctx);
               if (!s) return problem_for(s.error());
               auto apps = s->service->applications(r.param("call"));
               if (!apps) return problem_for(apps.error());
               Json list = Json::array();
               for (const auto& a : *apps) {
                 if (in_scope(*ctx.principal, Permission::kLapFigures, member_codes(a))) {
                   list.push_back(application_json(a));
                 }
               }
               return json_response(200, {{"applications", list}});
             });

  router.add("POST", "/api/v1/calls/{call}/applications",
             [api](const Request& r, RequestContext& ctx) -> Response {
               if (auto d = deny_unless(ctx, Permission::kLapApply)) return *d;
               JsonInput in(r.body);
               pact::Application a;
               a.call_id = std::string(r.param("call"));
               read_application(in, in.root(), a);
               if (!in.ok()) return in.response();
               if (!in_scope(*ctx.principal, Permission::kLapApply, member_codes(a))) {
                 return forbidden_scope();
               }
               // The municipality that applies leads; the others consent themselves.
               a.lead = own_municipality(*ctx.principal);
               auto s = api->open(ctx);
               if (!s) return problem_for(s.error());
               auto id = s->service->apply(a);
               if (!id) return problem_for(id.error());
               return json_response(201, application_json(*s->service->application(*id)));
             });

  // The application if the user may see it (nullopt: answered with `out`).
  auto scoped_application = [api](Session& s, const Request& r, const RequestContext& ctx,
                                  Permission permission,
                                  Response& out) -> std::optional<pact::Application> {
    int64_t id = 0;
    const std::string text(r.param("id"));
    try {
      std::size_t used = 0;
      id = std::stoll(text, &used);
      if (used != text.size()) throw std::invalid_argument(text);
    } catch (const std::exception&) {
      out = Response::problem(404, "not_found", "No such application.");
      return std::nullopt;
    }
    auto a = s.service->application(id);
    if (!a) {
      out = problem_for(a.error());
      return std::nullopt;
    }
    if (!in_scope(*ctx.principal, permission, member_codes(*a))) {
      out = forbidden_scope();
      return std::nullopt;
    }
    return *a;
  };

  router.add("GET", "/api/v1/applications/{id}",
             [api, scoped_application](const Request& r, RequestContext& ctx) -> Response {
               if (auto d = deny_unless(ctx, Permission::kLapFigures)) return *d;
               auto s = api->open(ctx);
               if (!s) return problem_for(s.error());
               Response out;
               auto a = scoped_application(*s, r, ctx, Permission::kLapFigures, out);
               if (!a) return out;
               return json_response(200, application_json(*a));
             });

  router.add("PUT", "/api/v1/applications/{id}",
             [api, scoped_application](const Request& r, RequestContext& ctx) -> Response {
               if (auto d = deny_unless(ctx, Permission::kLapApply)) return *d;
               auto s = api->open(ctx);
               if (!s) return problem_for(s.error());
               Response out;
               auto a = scoped_application(*s, r, ctx, Permission::kLapApply, out);
               if (!a) return out;
               if (!acts_for_lead(*ctx.principal, *a)) return not_the_lead(*a);
               JsonInput in(r.body);
               auto version = in.integer(in.root(), "", "row_version", true);
               read_application(in, in.root(), *a);
               if (!in.ok()) return in.response();
               if (!in_scope(*ctx.principal, Permission::kLapApply, member_codes(*a))) {
                 return forbidden_scope();
               }
               a->row_version = *version;
               if (auto e = s->service->edit(*a); !e) return problem_for(e.error());
               return json_response(200, application_json(*s->service->application(a->id)));
             });

  router.add("POST", "/api/v1/applications/{id}/status",
             [api, scoped_application](const Request& r, RequestContext& ctx) -> Response {
               JsonInput in(r.body);
               const Json& o = in.root();
               auto to_text = in.text(o, "", "status", true);
               auto version = in.integer(o, "", "row_version", true);
               auto reason = in.text(o, "", "reason", false);
               auto advance = in.cents(o, "", "advance_paid_cents", false);
               std::optional<pact::ApplicationStatus> to;
               if (to_text) {
                 auto parsed = pact::parse_application_status(*to_text);
                 using S = pact::ApplicationStatus;
                 if (!parsed || *parsed == S::kDraft || *parsed == S::kSettled) {
                   in.problem("/status", "must be submitted, approved, refused or running");
                 } else {
                   to = *parsed;
                 }
               }
               if (!in.ok()) return in.response();
               // Submitting is the municipality's act; deciding is WSE's.
               const Permission needed = *to == pact::ApplicationStatus::kSubmitted
                                             ? Permission::kLapApply
                                             : Permission::kLapAdminister;
               if (auto d = deny_unless(ctx, needed)) return *d;
               auto s = api->open(ctx);
               if (!s) return problem_for(s.error());
               Response out;
               auto a = scoped_application(*s, r, ctx, needed, out);
               if (!a) return out;
               if (*to == pact::ApplicationStatus::kSubmitted && !may_submit(*ctx.principal, *a)) {
                 return not_the_lead(*a);
               }
               if (auto done = s->service->change_status(a->id, *version, *to, reason.value_or(""),
                                                         advance);
                   !done) {
                 return problem_for(done.error());
               }
               return json_response(200, application_json(*s->service->application(a->id)));
             });

  // A member's own local government consents to (or declines) a draft.
  router.add("POST", "/api/v1/applications/{id}/consent",
             [api, scoped_application](const Request& r, RequestContext& ctx) -> Response {
               if (auto d = deny_unless(ctx, Permission::kLapApply)) return *d;
               JsonInput in(r.body);
               auto version = in.integer(in.root(), "", "row_version", true);
               auto text = in.text(in.root(), "", "consent", true);
               std::optional<pact::Consent> consent;
               if (text) {
                 auto parsed = pact::parse_consent(*text);
                 if (!parsed || *parsed == pact::Consent::kPending) {
                   in.problem("/consent", "must be consented or declined");
                 } else {
                   consent = *parsed;
                 }
               }
               if (!in.ok()) return in.response();
               auto member = own_municipality(*ctx.principal);
               if (!member) return forbidden_scope();
               auto s = api->open(ctx);
               if (!s) return problem_for(s.error());
               Response out;
               auto a = scoped_application(*s, r, ctx, Permission::kLapApply, out);
               if (!a) return out;
               if (auto done = s->service->consent(a->id, *version, *member, *consent); !done) {
                 return problem_for(done.error());
               }
               return json_response(200, application_json(*s->service->application(a->id)));
             });

  router.add("POST", "/api/v1/applications/{id}/annual-report",
             [api, scoped_application](const Request& r, RequestContext& ctx) -> Response {
               if (auto d = deny_unless(ctx, Permission::kLapAdminister)) return *d;
               JsonInput in(r.body);
               auto version = in.integer(in.root(), "", "row_version", true);
               auto approved = in.date(in.root(), "", "approved", true);
               if (!in.ok()) return in.response();
               auto s = api->open(ctx);
               if (!s) return problem_for(s.error());
               Response out;
               auto a = scoped_application(*s, r, ctx, Permission::kLapAdminister, out);
               if (!a) return out;
               if (auto done = s->service->record_annual_report(a->id, *version, *approved);
                   !done) {
                 return problem_for(done.error());
               }
               return json_response(200, application_json(*s->service->application(a->id)));
             });

  // ---- participants, progress, statements ----
  router.add("GET", "/api/v1/calls/{call}/participants",
             on_call(api, Permission::kLapFigures,
                     [api](const Request& r, RequestContext& ctx, Session* s,
                           const pact::Call* call) -> Response {
                       auto parts = s->service->participants(call->id);
                       if (!parts) return problem_for(parts.error());
                       pact::Redistribution t = parts->table;
                       std::erase_if(t.rows, [&](const pact::RedistributionRow& row) {
                         return !in_scope(*ctx.principal, Permission::kLapFigures,
                                          std::span(&row.nis, 1));
                       });
                       return sheet_response(
                           r, report::redistribution_sheet(t, api->export_context(*s, call->title)),
                           "herverdeling_" + call->id);
                     }));

  router.add(
      "GET", "/api/v1/calls/{call}/progress",
      on_call(api, Permission::kLapFigures,
              [api](const Request& r, RequestContext& ctx, Session* s,
                    const pact::Call* call) -> Response {
                std::optional<Month> through;
                if (auto text = r.query_param("through")) {
                  auto m = Month::parse(*text);
                  if (!m) return Response::problem(400, "bad_request", "through: a month YYYY-MM");
                  through = *m;
                }
                auto progress = s->service->progress(call->id, through);
                if (!progress) return problem_for(progress.error());
                std::set<std::string> visible;
                for (const auto& u : progress->units) {
                  if (in_scope(*ctx.principal, Permission::kLapFigures, unit_codes(u), u.id)) {
                    visible.insert(u.id);
                  }
                }
                pact::FollowUp f = progress->follow_up;
                std::erase_if(f.rows, [&](const pact::FollowUpRow& row) {
                  return !visible.contains(row.unit_id);
                });
                auto ectx = api->export_context(*s, call->title);
                ectx.result_source = f.source;
                auto sheet = report::follow_up_sheet(f, ectx);
                add_held_notes(sheet, *ctx.principal, progress->held);
                return sheet_response(r, sheet, "opvolging_" + call->id);
              }));

  router.add(
      "GET", "/api/v1/calls/{call}/statements",
      on_call(api, Permission::kLapFigures,
              [api](const Request& r, RequestContext& ctx, Session* s,
                    const pact::Call* call) -> Response {
                auto st = s->service->statements(call->id);
                if (!st) return problem_for(st.error());
                std::erase_if(st->statements, [&](const pact::PaymentStatement& p) {
                  return !in_scope(*ctx.principal, Permission::kLapFigures, p.members, p.unit_id);
                });
                auto sheet =
                    report::payments_sheet(st->statements, api->export_context(*s, call->title));
                add_held_notes(sheet, *ctx.principal, st->held);
                return sheet_response(r, sheet, "betalingen_" + call->id);
              }));

  router.add(
      "GET", "/api/v1/calls/{call}/statements/{unit}",
      on_call(api, Permission::kLapFigures,
              [api](const Request& r, RequestContext& ctx, Session* s,
                    const pact::Call* call) -> Response {
                auto st = s->service->statements(call->id);
                if (!st) return problem_for(st.error());
                auto it = std::find_if(st->statements.begin(), st->statements.end(),
                                       [&](const auto& p) { return p.unit_id == r.param("unit"); });
                if (it == st->statements.end()) {
                  return Response::problem(404, "not_found", "No statement for this unit.");
                }
                if (!in_scope(*ctx.principal, Permission::kLapFigures, it->members, it->unit_id)) {
                  return forbidden_scope();
                }
                auto format = report::FileFormat::kXlsx;
                if (auto f = r.query_param("format")) {
                  auto parsed = report::parse_file_format(*f);
                  if (!parsed)
                    return Response::problem(400, "bad_request", "format: json, xlsx or csv");
                  format = *parsed;
                }
                auto ectx = api->export_context(*s, call->title);
                auto bytes = report::render(report::payment_statement_form(*it, ectx), format);
                if (!bytes) return problem_for(bytes.error());
                Response out;
                out.content_type = std::string(report::media_type(format));
                out.body = std::move(*bytes);
                out.headers.emplace_back(
                    "content-disposition",
                    fmt::format("attachment; filename=\"{}\"",
                                report::payment_statement_file_name(*it, format)));
                return out;
              }));

  router.add(
      "POST", "/api/v1/calls/{call}/settlement",
      on_call(
          api, Permission::kLapAdminister,
          [api](const Request& r, RequestContext&, Session* s, const pact::Call* call) -> Response {
            auto settled = s->service->settle(call->id);
            if (!settled) return problem_for(settled.error());
            return sheet_response(
                r, report::payments_sheet(*settled, api->export_context(*s, call->title)),
                "afrekening_" + call->id);
          }));

  router.add("POST", "/api/v1/calls/{call}/simulation",
             [api](const Request& r, RequestContext& ctx) -> Response {
               if (auto d = deny_unless(ctx, Permission::kLapAdminister)) return *d;
               JsonInput in(r.body);
               auto [scenario, through, all] = read_scenario(in, in.root());
               if (!in.ok()) return in.response();
               auto s = api->open(ctx);
               if (!s) return problem_for(s.error());
               auto call = s->service->call(r.param("call"));
               if (!call) return problem_for(call.error());
               if (all) {
                 auto w = s->service->werktabel(call->id, s->today);
                 if (!w) return problem_for(w.error());
                 std::vector<Nis> list;
                 for (const auto& row : w->rows)
                   if (row.n > 0) list.push_back(row.nis);
                 scenario.participants = list;
               }
               auto result = s->service->simulate(call->id, scenario, through);
               if (!result) return problem_for(result.error());
               if (!r.query_param("format")) {
                 auto sheet = report::render(
                     report::simulation_sheet(*result, api->export_context(*s, call->title)),
                     report::FileFormat::kJson);
                 if (!sheet) return problem_for(sheet.error());
                 Json body = {{"projected_cost_cents", result->projected_cost.cents()},
                              {"paid_municipalities", result->paid_municipalities},
                              {"participants", result->rows.size()},
                              {"parameters", parameters_json(result->parameters)},
                              {"table", Json::parse(*sheet)}};
                 return json_response(200, body);
               }
               return sheet_response(
                   r, report::simulation_sheet(*result, api->export_context(*s, call->title)),
                   "simulatie_" + call->id);
             });
}

}  // namespace lap::server::api
