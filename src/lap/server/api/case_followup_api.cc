// The follow-up of a shared case over HTTP (docs/api.md "Cases"): who follows
// it, transmissions from VDAB with the OCMW's answer by a deadline, and
// exemptions with their yearly review. Permission `persons` and the case's
// relation (case_http.h) first; which side may do what is the store's rule
// (case_store.h), answered 409 when broken.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lap/cases/case_rules.h"
#include "lap/server/api/api.h"
#include "lap/server/api/case_http.h"

namespace lap::server::api {
namespace {

using Json = nlohmann::json;

// The stored item `id` of `list` (read again after a change) as JSON with `status`.
template <typename List, typename ToJson>
Response item_response(const List& list, int64_t id, int status, ToJson to_json) {
  for (const auto& item : list)
    if (item.id == id) return Response::json(status, to_json(item).dump());
  return problem_for(Error{ErrorCode::kInternal, "the changed item is missing"});
}

Response not_found(std::string_view what) {
  return Response::problem(404, "not_found",
                           fmt::format("Geen {} met dit nummer in dit dossier.", what));
}

// POST /api/v1/cases/{case}/worker: the user follows the case for their side.
Response take(Environment& e, const Request& r, RequestContext& ctx) {
  constexpr std::string_view kRoute = "POST /api/v1/cases/{case}/worker";
  return change_case(e, r, ctx, kRoute, [&](const store::CaseFile& f, const Principal& p) {
    Status done;
    {
      auto store = e.pool->lease();
      if (!store) return problem_for(store.error());
      done = (*store)->take_case(f.record.id, actor_of(p));
    }
    if (!done) return problem_for(done.error());
    return case_response(e, p, f.record.id, 200, "dossier opvolgen", kRoute);
  });
}

// POST /api/v1/cases/{case}/close {"reason","row_version"}: the side holding the regie closes it.
Response close(Environment& e, const Request& r, RequestContext& ctx) {
  constexpr std::string_view kRoute = "POST /api/v1/cases/{case}/close";
  return change_case(e, r, ctx, kRoute, [&](const store::CaseFile& f, const Principal& p) {
    JsonInput in(r.body);
    auto reason = bounded_text(in, "reason", kMaxCaseText, true);
    auto version = in.integer(in.root(), "", "row_version", true);
    if (!in.ok()) return in.response();
    Status done;
    {
      auto store = e.pool->lease();
      if (!store) return problem_for(store.error());
      done = (*store)->close_case(f.record.id, *version, e.today(), *reason, actor_of(p));
    }
    if (!done) return problem_for(done.error());
    return case_response(e, p, f.record.id, 200, "dossier afsluiten", kRoute);
  });
}

// POST /api/v1/cases/{case}/transmissions {"reason"}
Response send_transmission(Environment& e, const Request& r, RequestContext& ctx) {
  constexpr std::string_view kRoute = "POST /api/v1/cases/{case}/transmissions";
  return change_case(e, r, ctx, kRoute, [&](const store::CaseFile& f, const Principal& p) {
    JsonInput in(r.body);
    auto reason = bounded_text(in, "reason", kMaxCaseText, true);
    if (!in.ok()) return in.response();
    const Date today = e.today();
    auto store = e.pool->lease();
    if (!store) return problem_for(store.error());
    auto id = (*store)->send_transmission(f.record.id, *reason,
                                          today + settings_of(e).transmission_days, actor_of(p));
    if (!id) return problem_for(id.error());
    auto read = (*store)->case_file(f.record.id);
    if (!read || !*read)
      return problem_for(read ? Error{ErrorCode::kInternal, "case"} : read.error());
    return item_response((*read)->transmissions, *id, 201,
                         [&](const auto& t) { return transmission_json(t, today); });
  });
}

// POST /api/v1/cases/{case}/transmissions/{transmission}/answer {"answer","reason"}
Response answer_transmission(Environment& e, const Request& r, RequestContext& ctx) {
  constexpr std::string_view kRoute =
      "POST /api/v1/cases/{case}/transmissions/{transmission}/answer";
  return change_case(e, r, ctx, kRoute, [&](const store::CaseFile& f, const Principal& p) {
    JsonInput in(r.body);
    auto answer = in.text(in.root(), "", "answer", true);
    auto reason = bounded_text(in, "reason", kMaxCaseText, true);
    if (answer && !cases::dutch_label(cases::transmission_answers(), *answer))
      in.problem("/answer", "must be sanction_considered, no_sanction or other");
    if (!in.ok()) return in.response();
    auto id = id_param(r, "transmission");
    if (!id) return not_found("doormelding");
    auto store = e.pool->lease();
    if (!store) return problem_for(store.error());
    auto done =
        (*store)->answer_transmission(f.record.id, *id, *answer, *reason, e.today(), actor_of(p));
    if (!done && done.error().code == ErrorCode::kNotFound) return not_found("doormelding");
    if (!done) return problem_for(done.error());
    auto read = (*store)->case_file(f.record.id);
    if (!read || !*read)
      return problem_for(read ? Error{ErrorCode::kInternal, "case"} : read.error());
    const Date today = e.today();
    return item_response((*read)->transmissions, *id, 200,
                         [&](const auto& t) { return transmission_json(t, today); });
  });
}

// POST /api/v1/cases/{case}/exemptions {"kind","reason","granted_on","review_date"}
Response grant_exemption(Environment& e, const Request& r, RequestContext& ctx) {
  constexpr std::string_view kRoute = "POST /api/v1/cases/{case}/exemptions";
  return change_case(e, r, ctx, kRoute, [&](const store::CaseFile& f, const Principal& p) {
    JsonInput in(r.body);
    const Json& o = in.root();
    store::CaseExemption x;
    x.case_id = f.record.id;
    if (auto kind = in.text(o, "", "kind", true)) {
      if (!cases::dutch_label(cases::exemption_kinds(), *kind))
        in.problem("/kind", "must be health or equity");
      x.kind = *kind;
    }
    x.reason = bounded_text(in, "reason", kMaxCaseText, true).value_or("");
    const Date today = e.today();
    x.granted_on = in.date(o, "", "granted_on", false).value_or(today);
    x.review_date =
        in.date(o, "", "review_date", false).value_or(cases::yearly_review(x.granted_on));
    if (x.review_date <= x.granted_on || x.review_date > cases::yearly_review(x.granted_on))
      in.problem("/review_date", "must be after granted_on and at most a year later");
    if (!in.ok()) return in.response();
    auto store = e.pool->lease();
    if (!store) return problem_for(store.error());
    auto id = (*store)->grant_exemption(x, actor_of(p));
    if (!id) return problem_for(id.error());
    auto read = (*store)->case_file(f.record.id);
    if (!read || !*read)
      return problem_for(read ? Error{ErrorCode::kInternal, "case"} : read.error());
    return item_response((*read)->exemptions, *id, 201,
                         [&](const auto& ex) { return exemption_json(ex, today); });
  });
}

// POST /api/v1/cases/{case}/exemptions/{exemption}/review
// {"decision":"extend"|"end","review_date","reason","row_version"}
Response review_exemption(Environment& e, const Request& r, RequestContext& ctx) {
  constexpr std::string_view kRoute = "POST /api/v1/cases/{case}/exemptions/{exemption}/review";
  return change_case(e, r, ctx, kRoute, [&](const store::CaseFile& f, const Principal& p) {
    JsonInput in(r.body);
    const Json& o = in.root();
    auto decision = in.text(o, "", "decision", true);
    auto reason = bounded_text(in, "reason", kMaxCaseText, true);
    auto version = in.integer(o, "", "row_version", true);
    const Date today = e.today();
    auto next = in.date(o, "", "review_date", false);
    if (decision && *decision != "extend" && *decision != "end")
      in.problem("/decision", "must be extend or end");
    if (decision && *decision == "extend") {
      if (!next) next = cases::yearly_review(today);
      if (*next <= today || *next > cases::yearly_review(today))
        in.problem("/review_date", "must be after today and at most a year later");
    }
    if (!in.ok()) return in.response();
    auto id = id_param(r, "exemption");
    if (!id) return not_found("vrijstelling");
    auto store = e.pool->lease();
    if (!store) return problem_for(store.error());
    auto done = (*store)->review_exemption(f.record.id, *id, *version,
                                           *decision == "extend" ? next : std::nullopt, *reason,
                                           actor_of(p));
    if (!done && done.error().code == ErrorCode::kNotFound) return not_found("vrijstelling");
    if (!done) return problem_for(done.error());
    auto read = (*store)->case_file(f.record.id);
    if (!read || !*read)
      return problem_for(read ? Error{ErrorCode::kInternal, "case"} : read.error());
    return item_response((*read)->exemptions, *id, 200,
                         [&](const auto& ex) { return exemption_json(ex, today); });
  });
}

}  // namespace

void add_case_followup_routes(Service& service, Environment& env) {
  Environment* e = &env;
  Router& router = service.router();
  router.add("POST", "/api/v1/cases/{case}/worker",
             [e](const Request& r, RequestContext& ctx) { return take(*e, r, ctx); });
  router.add("POST", "/api/v1/cases/{case}/close",
             [e](const Request& r, RequestContext& ctx) { return close(*e, r, ctx); });
  router.add("POST", "/api/v1/cases/{case}/transmissions",
             [e](const Request& r, RequestContext& ctx) { return send_transmission(*e, r, ctx); });
  router.add(
      "POST", "/api/v1/cases/{case}/transmissions/{transmission}/answer",
      [e](const Request& r, RequestContext& ctx) { return answer_transmission(*e, r, ctx); });
  router.add("POST", "/api/v1/cases/{case}/exemptions",
             [e](const Request& r, RequestContext& ctx) { return grant_exemption(*e, r, ctx); });
  router.add("POST", "/api/v1/cases/{case}/exemptions/{exemption}/review",
             [e](const Request& r, RequestContext& ctx) { return review_exemption(*e, r, ctx); });
}

}  // namespace lap::server::api
