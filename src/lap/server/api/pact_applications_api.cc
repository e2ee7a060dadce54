// The routes of applications (docs/api.md, "Applications"): the list of a call (filtered, per
// status, also as a sheet); a municipality or consortium applies, edits its draft and submits
// it; the members consent; WSE approves or refuses and records the council's approval of the
// annual report.
#include <map>

#include "lap/report/application_list.h"
#include "lap/server/api/json_input.h"
#include "lap/server/api/pact_http.h"
#include "lap/server/api/pact_json.h"

namespace lap::server::api::pact_http {
namespace {

// An application with its current annual report (pact_documents_api.cc).
Response with_document(int status, Session& s, const pact::Application& a) {
  auto d = s.store->pact().annual_report_document(a.id, false);
  if (!d) return problem_for(d.error());
  return json_response(status, application_with_document(a, *d ? &**d : nullptr));
}

Response application_response(int status, Session& s, int64_t id) {
  auto a = s.service->application(id);
  if (!a) return problem_for(a.error());
  return with_document(status, s, *a);
}

// `?status=submitted,approved&province=Antwerpen&q=aartse`; nullopt for an
// unknown status (answered with `out`).
std::optional<report::ApplicationFilter> read_filter(const Request& r, Response& out) {
  report::ApplicationFilter f;
  std::string_view statuses = r.query_param("status").value_or("");
  while (!statuses.empty()) {
    const auto comma = statuses.find(',');
    const std::string_view name = statuses.substr(0, comma);
    statuses = comma == std::string_view::npos ? "" : statuses.substr(comma + 1);
    if (name.empty()) continue;
    auto parsed = pact::parse_application_status(name);
    if (!parsed) {
      out = Response::problem(
          400, "bad_request",
          "status: moet draft, submitted, approved, refused, running of settled zijn");
      return std::nullopt;
    }
    f.statuses.push_back(*parsed);
  }
  f.province = std::string(r.query_param("province").value_or(""));
  f.text = std::string(r.query_param("q").value_or(""));
  return f;
}

}  // namespace

// The applications in the user's scope, counted per status; the list filtered
// (`read_filter`), as JSON or, with `?format=xlsx|csv`, as the sheet
// `applications`.
Response list_applications(const Request& r, RequestContext& ctx, Session& s) {
  const std::string call_id(r.param("call"));
  auto call = s.service->call(call_id);
  if (!call) return problem_for(call.error());
  auto apps = s.service->applications(call_id);
  if (!apps) return problem_for(apps.error());
  auto documents = s.service->annual_reports(call_id);
  if (!documents) return problem_for(documents.error());
  Response bad;
  auto filter = read_filter(r, bad);
  if (!filter) return bad;
  std::vector<pact::Application> scoped, shown;
  for (auto& a : *apps) {
    if (in_scope(*ctx.principal, Permission::kLapFigures, member_codes(a))) scoped.push_back(a);
  }
  for (const auto& a : scoped) {
    if (report::matches(a, *filter, *s.registry)) shown.push_back(a);
  }
  auto format = requested_format(r, report::FileFormat::kJson);
  if (!format) return bad_format();
  if (*format != report::FileFormat::kJson) {
    std::map<int64_t, bool> with_report;
    for (const auto& [id, d] : *documents)
      with_report[id] = true;
    return sheet_response(r,
                          report::application_list_sheet(shown, with_report, *s.registry,
                                                         s.export_context(call->title)),
                          "aanvragen_" + call_id);
  }
  Json counts = Json::object();
  for (const auto& [status, n] : report::count_by_status(scoped))
    counts[std::string(pact::application_status_name(status))] = n;
  Json list = Json::array();
  for (const auto& a : shown) {
    auto d = documents->find(a.id);
    list.push_back(application_with_document(a, d == documents->end() ? nullptr : &d->second));
  }
  return json_response(200, {{"applications", list}, {"counts", counts}});
}

Response create_application(const Request& r, RequestContext& ctx, Session& s) {
  JsonInput in(r.body);
  pact::Application a;
  a.call_id = std::string(r.param("call"));
  read_application(in, in.root(), a);
  if (!in.ok()) return in.response();
  if (!in_scope(*ctx.principal, Permission::kLapApply, member_codes(a))) return forbidden_scope();
  // The municipality that applies leads; the others consent themselves.
  a.lead = own_municipality(*ctx.principal);
  auto id = s.service->apply(a);
  if (!id) return problem_for(id.error());
  return application_response(201, s, *id);
}

Response get_application(const Request&, RequestContext&, Session& s, pact::Application& a) {
  return with_document(200, s, a);
}

Response edit_application(const Request& r, RequestContext& ctx, Session& s, pact::Application& a) {
  if (!acts_for_lead(*ctx.principal, a)) return not_the_lead(a);
  JsonInput in(r.body);
  auto version = in.integer(in.root(), "", "row_version", true);
  read_application(in, in.root(), a);
  if (!in.ok()) return in.response();
  if (!in_scope(*ctx.principal, Permission::kLapApply, member_codes(a))) return forbidden_scope();
  a.row_version = *version;
  if (auto e = s.service->edit(a); !e) return problem_for(e.error());
  return application_response(200, s, a.id);
}

Handler change_status(std::shared_ptr<PactApi> api) {
  return [api = std::move(api)](const Request& r, RequestContext& ctx) -> Response {
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
    if (auto done = s->service->change_status(a->id, *version, *to, reason.value_or(""), advance);
        !done) {
      return problem_for(done.error());
    }
    return application_response(200, *s, a->id);
  };
}

Response consent(const Request& r, RequestContext& ctx, Session& s, pact::Application& a) {
  JsonInput in(r.body);
  auto version = in.integer(in.root(), "", "row_version", true);
  auto text = in.text(in.root(), "", "consent", true);
  std::optional<pact::Consent> given;
  if (text) {
    auto parsed = pact::parse_consent(*text);
    if (!parsed || *parsed == pact::Consent::kPending) {
      in.problem("/consent", "must be consented or declined");
    } else {
      given = *parsed;
    }
  }
  if (!in.ok()) return in.response();
  // A member's own local government consents (or declines) for its municipality only.
  auto member = own_municipality(*ctx.principal);
  if (!member) return forbidden_scope();
  if (auto done = s.service->consent(a.id, *version, *member, *given); !done) {
    return problem_for(done.error());
  }
  return application_response(200, s, a.id);
}

Response annual_report(const Request& r, RequestContext&, Session& s, pact::Application& a) {
  JsonInput in(r.body);
  auto version = in.integer(in.root(), "", "row_version", true);
  auto approved = in.date(in.root(), "", "approved", true);
  if (!in.ok()) return in.response();
  if (auto done = s.service->record_annual_report(a.id, *version, *approved); !done) {
    return problem_for(done.error());
  }
  return application_response(200, s, a.id);
}

}  // namespace lap::server::api::pact_http
