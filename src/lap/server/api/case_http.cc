#include "lap/server/api/case_http.h"

#include <charconv>

#include <fmt/format.h>

#include "lap/cases/case_rules.h"
#include "lap/server/api/case_access.h"

namespace lap::server::api {

namespace {

using Json = nlohmann::json;
using auth::Permission;

Json opt_json(const std::optional<std::string>& v) {
  return v ? Json(*v) : Json(nullptr);
}

}  // namespace

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

Json transmission_json(const store::CaseTransmission& t, Date today) {
  std::optional<std::string_view> label;
  if (t.answer) label = cases::dutch_label(cases::transmission_answers(), *t.answer);
  return {{"transmission", t.id},
          {"reason", t.reason},
          {"sent_by", t.sent_by},
          {"sent_at", t.sent_at},
          {"deadline", t.deadline.to_string()},
          {"answer", opt_json(t.answer)},
          {"answer_label", label ? Json(*label) : Json(nullptr)},
          {"answer_reason", opt_json(t.answer_reason)},
          {"answered_by", opt_json(t.answered_by)},
          {"answered_at", opt_json(t.answered_at)},
          {"answered_on", t.answered_on ? Json(t.answered_on->to_string()) : Json(nullptr)},
          {"answered_in_time", t.answered_on ? Json(*t.answered_on <= t.deadline) : Json(nullptr)},
          {"overdue", !t.answer && t.deadline < today}};
}

Json exemption_json(const store::CaseExemption& e, Date today) {
  return {{"exemption", e.id},
          {"kind", e.kind},
          {"kind_label", cases::dutch_label(cases::exemption_kinds(), e.kind).value_or(e.kind)},
          {"reason", e.reason},
          {"granted_on", e.granted_on.to_string()},
          {"review_date", e.review_date.to_string()},
          {"status", e.status},
          {"review_due", e.status == "active" && cases::review_due(e.review_date, today)},
          {"row_version", e.row_version},
          {"granted_by", e.granted_by}};
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
  Json transmissions = Json::array();
  for (const auto& t : f.transmissions)
    transmissions.push_back(transmission_json(t, today));
  Json exemptions = Json::array();
  for (const auto& x : f.exemptions)
    exemptions.push_back(exemption_json(x, today));
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
          {"ocmw_worker", opt_json(c.ocmw_worker)},
          {"vdab_worker", opt_json(c.vdab_worker)},
          {"closed_on", c.closed_on ? Json(c.closed_on->to_string()) : Json(nullptr)},
          {"actions", std::move(actions)},
          {"notes", std::move(notes)},
          {"handovers", std::move(handovers)},
          {"transmissions", std::move(transmissions)},
          {"exemptions", std::move(exemptions)},
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
  std::optional<store::CaseFile> file;
  if (auto id = id_param(r, "case")) {
    auto store = e.pool->lease();
    if (!store) {
      out = problem_for(store.error());
      return std::nullopt;
    }
    auto read = (*store)->case_file(*id);
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
  if (!may_see_case(*ctx.principal, file->record, t, e.today())) {
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

// The text `key` of the body, 1..max bytes (required) or absent (optional).
std::optional<std::string> bounded_text(JsonInput& in, std::string_view key, std::size_t max,
                                        bool required) {
  auto text = in.text(in.root(), "", key, required);
  if (text && (text->empty() || text->size() > max))
    in.problem(fmt::format("/{}", key), fmt::format("must be 1 to {} bytes", max));
  return text;
}

std::optional<int64_t> id_param(const Request& r, std::string_view name) {
  const auto text = r.param(name);
  int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return id;
}

}  // namespace lap::server::api
