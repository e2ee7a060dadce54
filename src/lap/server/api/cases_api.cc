// The case (dossier) of a person shared by their OCMW and VDAB over HTTP
// (docs/api.md "Cases", domain.md §7): opening it, reading it whole, agreed
// actions, notes, and the warm handover of the regie.
//
// Permission `persons`, then per case the relation of case_access.h; a case
// the user may not see is answered as one that does not exist. Every read of a
// case writes one audit row with the stated purpose, every refusal too;
// changes are recorded in the case's own history by the store.
#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lap/cases/case_rules.h"
#include "lap/core/pseudonym.h"
#include "lap/server/api/api.h"
#include "lap/server/api/case_access.h"
#include "lap/server/api/case_http.h"
#include "lap/server/api/json_input.h"

namespace lap::server::api {
namespace {

using Json = nlohmann::json;
using auth::Permission;

constexpr std::size_t kMaxNote = 2000;

// POST /api/v1/cases {"person","purpose"}
Response open_case(Environment& e, const Request& r, RequestContext& ctx) {
  constexpr std::string_view kRoute = "POST /api/v1/cases";
  JsonInput in(r.body);
  auto person_text = in.text(in.root(), "", "person", true);
  auto purpose = in.text(in.root(), "", "purpose", true);
  if (auto d = deny_unless(ctx, Permission::kPersons))
    return refused_person_read(e, ctx, kRoute, "", "role", purpose.value_or(""), *d);
  if (purpose && (purpose->size() < 5 || purpose->size() > 200))
    in.problem("/purpose", "must be 5 to 200 characters");
  if (!in.ok()) return in.response();
  const Principal& p = *ctx.principal;
  auto key = pseudonym_from_hex(*person_text);
  if (!key)
    return refused_person_read(e, ctx, kRoute, "", "malformed pseudonym", *purpose,
                               no_such_person());
  auto loaded = person_timelines(e);
  if (!loaded) return problem_for(loaded.error());
  const measure::Timelines& t = *loaded->timelines;
  auto person = t.find(*key);
  auto ok = related(e, p, &t, person, *person_text, e.today());
  if (!ok) return problem_for(ok.error());
  if (!person || !*ok)
    return refused_person_read(e, ctx, kRoute, person ? *person_text : "", "no relation", *purpose,
                               no_such_person());
  auto ocmw = case_ocmw(p, t, *person);
  if (!ocmw) {
    return Response::problem(422, "no_ocmw",
                             "Deze persoon had de voorbije 12 maanden geen leefloon bij een OCMW; "
                             "een gedeeld dossier hoort bij een OCMW.");
  }
  Result<int64_t> id = 0;
  Json exists;  // the answer when an open case exists
  {
    auto store = e.pool->lease();
    if (!store) return problem_for(store.error());
    id = (*store)->open_case(*person_text, *ocmw, actor_of(p));
    if (!id && id.error().code == ErrorCode::kAlreadyExists) {
      exists = {{"error",
                 {{"code", "exists"},
                  {"message", "Deze persoon heeft al een open dossier bij dit OCMW."}}}};
      auto cases = (*store)->cases_of(std::vector{*person_text});
      if (cases) {
        for (const auto& c : *cases)
          if (c.status == "open" && c.ocmw_nis == *ocmw) exists["case"] = c.id;
      }
    }
  }
  if (!exists.is_null()) return Response::json(409, exists.dump());
  if (!id) return problem_for(id.error());
  return case_response(e, p, *id, 201, *purpose, kRoute);
}

// GET /api/v1/cases/{case}?purpose
Response read_case(Environment& e, const Request& r, RequestContext& ctx) {
  constexpr std::string_view kRoute = "GET /api/v1/cases/{case}";
  Response out;
  auto purpose = person_read_purpose(e, r, ctx, kRoute, out);
  if (!purpose) return out;
  auto file = visible_case(e, r, ctx, kRoute, *purpose, out);
  if (!file) return out;
  if (auto a = audit_person_reads(e, *ctx.principal, {file->record.person_ref}, kRoute, *purpose);
      !a)
    return problem_for(a.error());
  return no_store_json(case_json(*file, e.today()));
}

// Reads the fields of an action from the body into `a`.
void read_action(JsonInput& in, store::CaseAction& a, bool with_status) {
  const Json& o = in.root();
  if (auto kind = in.text(o, "", "kind", true)) {
    if (!cases::dutch_label(cases::action_kinds(), *kind))
      in.problem("/kind", "must be one of the action kinds of docs/api.md");
    a.kind = *kind;
  }
  if (auto owner = in.text(o, "", "owner", true)) {
    if (*owner != store::kSideOcmw && *owner != store::kSideVdab)
      in.problem("/owner", "must be ocmw or vdab");
    a.owner = *owner;
  }
  a.due_date = in.date(o, "", "due_date", false);
  a.description = in.text(o, "", "description", false).value_or("");
  if (a.description.size() > kMaxCaseText) in.problem("/description", "must be at most 1000 bytes");
  if (with_status) {
    if (auto status = in.text(o, "", "status", true)) {
      if (!cases::dutch_label(cases::action_statuses(), *status))
        in.problem("/status", "must be planned, in_progress, done or cancelled");
      a.status = *status;
    }
  }
}

Response add_action(Environment& e, const Request& r, RequestContext& ctx) {
  constexpr std::string_view kRoute = "POST /api/v1/cases/{case}/actions";
  return change_case(e, r, ctx, kRoute, [&](const store::CaseFile& f, const Principal& p) {
    JsonInput in(r.body);
    store::CaseAction a;
    a.case_id = f.record.id;
    read_action(in, a, false);
    if (!in.ok()) return in.response();
    auto store = e.pool->lease();
    if (!store) return problem_for(store.error());
    auto id = (*store)->add_case_action(a, actor_of(p));
    if (!id) return problem_for(id.error());
    auto read = (*store)->case_file(f.record.id);
    if (!read || !*read)
      return problem_for(read ? Error{ErrorCode::kInternal, "case"} : read.error());
    for (const auto& stored : (*read)->actions)
      if (stored.id == *id) return Response::json(201, action_json(stored, e.today()).dump());
    return problem_for(Error{ErrorCode::kInternal, "the new action is missing"});
  });
}

Response edit_action(Environment& e, const Request& r, RequestContext& ctx) {
  constexpr std::string_view kRoute = "PUT /api/v1/cases/{case}/actions/{action}";
  return change_case(e, r, ctx, kRoute, [&](const store::CaseFile& f, const Principal& p) {
    JsonInput in(r.body);
    store::CaseAction a;
    a.case_id = f.record.id;
    read_action(in, a, true);
    auto version = in.integer(in.root(), "", "row_version", true);
    if (!in.ok()) return in.response();
    auto action = id_param(r, "action");
    if (!action)
      return Response::problem(404, "not_found", "Geen actie met dit nummer in dit dossier.");
    a.id = *action;
    a.row_version = *version;
    auto store = e.pool->lease();
    if (!store) return problem_for(store.error());
    auto v = (*store)->update_case_action(a, actor_of(p));
    if (!v && v.error().code == ErrorCode::kNotFound)
      return Response::problem(404, "not_found", "Geen actie met dit nummer in dit dossier.");
    if (!v) return problem_for(v.error());
    auto read = (*store)->case_file(f.record.id);
    if (!read || !*read)
      return problem_for(read ? Error{ErrorCode::kInternal, "case"} : read.error());
    for (const auto& stored : (*read)->actions)
      if (stored.id == a.id) return Response::json(200, action_json(stored, e.today()).dump());
    return problem_for(Error{ErrorCode::kInternal, "the action is missing"});
  });
}

Response add_note(Environment& e, const Request& r, RequestContext& ctx) {
  constexpr std::string_view kRoute = "POST /api/v1/cases/{case}/notes";
  return change_case(e, r, ctx, kRoute, [&](const store::CaseFile& f, const Principal& p) {
    JsonInput in(r.body);
    auto text = bounded_text(in, "text", kMaxNote, true);
    if (!in.ok()) return in.response();
    auto store = e.pool->lease();
    if (!store) return problem_for(store.error());
    auto id = (*store)->add_case_note(f.record.id, *text, actor_of(p));
    if (!id) return problem_for(id.error());
    return Response::json(
        201,
        Json{{"note", *id}, {"side", actor_of(p).side}, {"author", p.username}, {"text", *text}}
            .dump());
  });
}

Response propose_handover(Environment& e, const Request& r, RequestContext& ctx) {
  constexpr std::string_view kRoute = "POST /api/v1/cases/{case}/handovers";
  return change_case(e, r, ctx, kRoute, [&](const store::CaseFile& f, const Principal& p) {
    JsonInput in(r.body);
    auto reason = bounded_text(in, "reason", kMaxCaseText, true);
    auto version = in.integer(in.root(), "", "row_version", true);
    if (!in.ok()) return in.response();
    auto store = e.pool->lease();
    if (!store) return problem_for(store.error());
    auto id = (*store)->propose_handover(f.record.id, *version, *reason, actor_of(p));
    if (!id) return problem_for(id.error());
    auto read = (*store)->case_file(f.record.id);
    if (!read || !*read)
      return problem_for(read ? Error{ErrorCode::kInternal, "case"} : read.error());
    for (const auto& h : (*read)->handovers)
      if (h.id == *id) return Response::json(201, handover_json(h).dump());
    return problem_for(Error{ErrorCode::kInternal, "the new handover is missing"});
  });
}

Response decide_handover(Environment& e, const Request& r, RequestContext& ctx) {
  constexpr std::string_view kRoute = "POST /api/v1/cases/{case}/handovers/{handover}/decision";
  return change_case(e, r, ctx, kRoute, [&](const store::CaseFile& f, const Principal& p) {
    JsonInput in(r.body);
    auto decision = in.text(in.root(), "", "decision", true);
    auto reason = in.text(in.root(), "", "reason", false).value_or("");
    auto version = in.integer(in.root(), "", "row_version", true);
    if (decision && *decision != "accepted" && *decision != "declined")
      in.problem("/decision", "must be accepted or declined");
    if (decision && *decision == "declined" && reason.empty())
      in.problem("/reason", "is required when the handover is declined");
    if (reason.size() > kMaxCaseText) in.problem("/reason", "must be at most 1000 bytes");
    if (!in.ok()) return in.response();
    auto handover = id_param(r, "handover");
    if (!handover)
      return Response::problem(404, "not_found", "Geen overdracht met dit nummer in dit dossier.");
    Status done;
    {
      auto store = e.pool->lease();
      if (!store) return problem_for(store.error());
      done = (*store)->decide_handover(f.record.id, *handover, *version, *decision == "accepted",
                                       reason, actor_of(p));
    }
    if (!done && done.error().code == ErrorCode::kNotFound)
      return Response::problem(404, "not_found", "Geen overdracht met dit nummer in dit dossier.");
    if (!done) return problem_for(done.error());
    return case_response(e, p, f.record.id, 200, "warme overdracht beslist", kRoute);
  });
}

}  // namespace

void add_case_routes(Service& service, Environment& env) {
  Environment* e = &env;
  Router& router = service.router();
  router.add("POST", "/api/v1/cases",
             [e](const Request& r, RequestContext& ctx) { return open_case(*e, r, ctx); });
  router.add("GET", "/api/v1/cases/{case}",
             [e](const Request& r, RequestContext& ctx) { return read_case(*e, r, ctx); });
  router.add("POST", "/api/v1/cases/{case}/actions",
             [e](const Request& r, RequestContext& ctx) { return add_action(*e, r, ctx); });
  router.add("PUT", "/api/v1/cases/{case}/actions/{action}",
             [e](const Request& r, RequestContext& ctx) { return edit_action(*e, r, ctx); });
  router.add("POST", "/api/v1/cases/{case}/notes",
             [e](const Request& r, RequestContext& ctx) { return add_note(*e, r, ctx); });
  router.add("POST", "/api/v1/cases/{case}/handovers",
             [e](const Request& r, RequestContext& ctx) { return propose_handover(*e, r, ctx); });
  router.add("POST", "/api/v1/cases/{case}/handovers/{handover}/decision",
             [e](const Request& r, RequestContext& ctx) { return decide_handover(*e, r, ctx); });
}

}  // namespace lap::server::api
