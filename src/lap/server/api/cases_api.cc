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
#include "lap/server/api/json_input.h"

namespace lap::server::api {
namespace {

using Json = nlohmann::json;
using auth::Permission;

constexpr std::size_t kMaxNote = 2000;
constexpr std::size_t kMaxText = 1000;

Json opt_json(const std::optional<std::string>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json action_json(const store::CaseAction& a, Date today) {
  return {{"action", a.id},
          {"kind", a.kind},
          {"kind_label", cases::dutch_label(cases::action_kinds(), a.kind).value_or(a.kind)},
          {"owner", a.owner},
          {"due_date", a.due_date ? Json(a.due_date->to_string()) : Json(nullptr)},
          {"status", a.status},
          {"status_label", cases::dutch_label(cases::action_statuses(), a.status).value_or("")},
          {"description", a.description},
          {"overdue", cases::overdue(a.status, a.due_date, today)},
          {"row_version", a.row_version},
          {"created_at", a.created_at},
          {"created_by", a.created_by},
          {"updated_at", a.updated_at}};
}

Json handover_json(const store::CaseHandover& h) {
  std::optional<double> lead;
  if (h.decided_at) lead = cases::hours_between(h.proposed_at, *h.decided_at);
  return {{"handover", h.id},
          {"from", h.from_side},
          {"to", h.to_side},
          {"reason", h.reason},
          {"status", h.status},
          {"proposed_by", h.proposed_by},
          {"proposed_at", h.proposed_at},
          {"decided_by", opt_json(h.decided_by)},
          {"decided_at", opt_json(h.decided_at)},
          {"decision_reason", opt_json(h.decision_reason)},
          {"lead_hours", lead ? Json(*lead) : Json(nullptr)}};
}

Json case_json(const store::CaseFile& f, Date today) {
  const store::CaseRecord& c = f.record;
  Json actions = Json::array();
  for (const auto& a : f.actions)
    actions.push_back(action_json(a, today));
  Json notes = Json::array();
  for (const auto& n : f.notes) {
    notes.push_back({{"note", n.id},
                     {"side", n.side},
                     {"author", n.author},
                     {"text", n.text},
                     {"created_at", n.created_at}});
  }
  Json handovers = Json::array();
  for (const auto& h : f.handovers)
    handovers.push_back(handover_json(h));
  Json history = Json::array();
  for (const auto& e : f.events) {
    history.push_back({{"at", e.at},
                       {"actor", e.actor},
                       {"side", e.side},
                       {"kind", e.kind},
                       {"detail", e.detail}});
  }
  return {{"case", c.id},
          {"person", c.person_ref},
          {"ocmw", fmt::format("{:05d}", c.ocmw_nis)},
          {"regie", c.regie},
          {"status", c.status},
          {"row_version", c.row_version},
          {"opened_at", c.opened_at},
          {"opened_by", c.opened_by},
          {"actions", std::move(actions)},
          {"notes", std::move(notes)},
          {"handovers", std::move(handovers)},
          {"history", std::move(history)}};
}

Response no_such_case() {
  return Response::problem(404, "not_found",
                           "Geen dossier met dit nummer waarmee uw organisatie een geregistreerde "
                           "relatie heeft (verwijzingsrepertorium).");
}

// The case of the route's {case} when the user may see it; otherwise the
// (audited) refusal in `out`.
std::optional<store::CaseFile> visible_case(Environment& e, const Request& r, RequestContext& ctx,
                                            std::string_view route, std::string_view purpose,
                                            Response& out) {
  if (auto d = deny_unless(ctx, Permission::kPersons)) {
    out = refused_person_read(e, ctx, route, "", "role", purpose, *d);
    return std::nullopt;
  }
  int64_t id = 0;
  const auto text = r.param("case");
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  std::optional<store::CaseFile> file;
  if (ec == std::errc() && end == text.data() + text.size()) {
    auto store = e.pool->lease();
    if (!store) {
      out = problem_for(store.error());
      return std::nullopt;
    }
    auto read = (*store)->case_file(id);
    if (!read) {
      out = problem_for(read.error());
      return std::nullopt;
    }
    file = std::move(*read);
  }
  if (!file) {
    out = refused_person_read(e, ctx, route, "", "unknown case", purpose, no_such_case());
    return std::nullopt;
  }
  auto loaded = person_timelines(e);
  const measure::Timelines* t = loaded ? loaded->timelines.get() : nullptr;
  if (!may_see_case(*ctx.principal, file->record, t)) {
    out = refused_person_read(e, ctx, route, file->record.person_ref, "no relation", purpose,
                              no_such_case());
    return std::nullopt;
  }
  return file;
}

store::CaseActor actor_of(const Principal& p) {
  return {p.username, side_of(p).value_or("")};
}

// Reads the case again and answers it with `status`, audited under `purpose`.
Response case_response(Environment& e, const Principal& p, int64_t id, int status,
                       const std::string& purpose, std::string_view route) {
  Result<std::optional<store::CaseFile>> file = std::nullopt;
  {
    auto store = e.pool->lease();
    if (!store) return problem_for(store.error());
    file = (*store)->case_file(id);
  }
  if (!file) return problem_for(file.error());
  if (!*file) return no_such_case();
  if (auto a = audit_person_reads(e, p, {(*file)->record.person_ref}, route, purpose); !a)
    return problem_for(a.error());
  Response response = no_store_json(case_json(**file, e.today()));
  response.status = status;
  return response;
}

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
  auto ok = related(e, p, &t, person, *person_text);
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
  const std::string stated(r.query_param("purpose").value_or(""));
  Response out;
  if (auto d = deny_unless(ctx, Permission::kPersons))
    return refused_person_read(e, ctx, kRoute, "", "role", stated, *d);
  auto purpose = purpose_of(r, out);
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
  if (a.description.size() > kMaxText) in.problem("/description", "must be at most 1000 bytes");
  if (with_status) {
    if (auto status = in.text(o, "", "status", true)) {
      if (!cases::dutch_label(cases::action_statuses(), *status))
        in.problem("/status", "must be planned, in_progress, done or cancelled");
      a.status = *status;
    }
  }
}

// The text `key` of the body, 1..max bytes (required) or absent (optional).
std::optional<std::string> bounded_text(JsonInput& in, std::string_view key, std::size_t max,
                                        bool required) {
  auto text = in.text(in.root(), "", key, required);
  if (text && (text->empty() || text->size() > max))
    in.problem(fmt::format("/{}", key), fmt::format("must be 1 to {} bytes", max));
  return text;
}

// A change of a case: the case must be visible; `change` answers.
template <typename Change>
Response change_case(Environment& e, const Request& r, RequestContext& ctx, std::string_view route,
                     Change change) {
  Response out;
  auto file = visible_case(e, r, ctx, route, "dossier bijwerken", out);
  if (!file) return out;
  return change(*file, *ctx.principal);
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
    const auto text = r.param("action");
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), a.id);
    if (ec != std::errc() || end != text.data() + text.size())
      return Response::problem(404, "not_found", "Geen actie met dit nummer in dit dossier.");
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
    auto reason = bounded_text(in, "reason", kMaxText, true);
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
    if (reason.size() > kMaxText) in.problem("/reason", "must be at most 1000 bytes");
    if (!in.ok()) return in.response();
    int64_t handover = 0;
    const auto text = r.param("handover");
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), handover);
    if (ec != std::errc() || end != text.data() + text.size())
      return Response::problem(404, "not_found", "Geen overdracht met dit nummer in dit dossier.");
    Status done;
    {
      auto store = e.pool->lease();
      if (!store) return problem_for(store.error());
      done = (*store)->decide_handover(f.record.id, handover, *version, *decision == "accepted",
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
