// The routes of applications (docs/api.md, "Applications"): a municipality or consortium
// applies, edits its draft and submits it; the members consent; WSE approves or refuses and
// records the council's approval of the annual report.
#include "lap/server/api/json_input.h"
#include "lap/server/api/pact_http.h"
#include "lap/server/api/pact_json.h"

namespace lap::server::api::pact_http {
namespace {

Response application_response(int status, Session& s, int64_t id) {
  return json_response(status, application_json(*s.service->application(id)));
}

}  // namespace

Response list_applications(const Request& r, RequestContext& ctx, Session& s) {
  auto apps = s.service->applications(r.param("call"));
  if (!apps) return problem_for(apps.error());
  Json list = Json::array();
  for (const auto& a : *apps) {
    if (in_scope(*ctx.principal, Permission::kLapFigures, member_codes(a))) {
      list.push_back(application_json(a));
    }
  }
  return json_response(200, {{"applications", list}});
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

Response get_application(const Request&, RequestContext&, Session&, pact::Application& a) {
  return json_response(200, application_json(a));
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
