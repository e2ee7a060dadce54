// The citizen's own record (docs/api.md "The citizen's own record", domain.md
// §6): their trajectory (entitlements, VDAB registration, the shared case's
// regie and agreed actions), their data as the OCMW and VDAB hold it, and who
// looked at it — every read of the audit log with the organisation and the
// purpose. Permission `own_record` (citizens only) and only the person the
// account is tied to; the citizen's own read is audited as any other.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lap/cases/case_rules.h"
#include "lap/core/pseudonym.h"
#include "lap/measure/person.h"
#include "lap/server/api/api.h"
#include "lap/server/api/case_access.h"

namespace lap::server::api {
namespace {

using Json = nlohmann::json;
using auth::Permission;

constexpr std::string_view kRoute = "GET /api/v1/me/record";

// What an audited action was, in plain Dutch.
std::string what_was_read(std::string_view action) {
  if (action.find("refused") != std::string_view::npos) return "geweigerde poging tot inzage";
  if (action.starts_with("GET /api/v1/me/")) return "u zelf bekeek uw gegevens";
  if (action.find("/identity") != std::string_view::npos) return "uw identiteitsgegevens";
  if (action.find("/persons/search") != std::string_view::npos) return "zoekresultaat";
  if (action.find("/cases") != std::string_view::npos) return "uw dossier";
  if (action.find("/worklist") != std::string_view::npos) return "werklijst";
  if (action.find("/link/review") != std::string_view::npos)
    return "koppeling van gegevens nakijken";
  if (action.find("/persons") != std::string_view::npos) return "uw tijdlijn";
  return "uw gegevens (" + std::string(action) + ")";
}

// The organisation of a reader: "OCMW Antwerpen", "VDAB", ... (never the person).
std::string organisation(const std::string& role, std::optional<int> nis, const Environment& e) {
  auto parsed = auth::parse_role(role);
  if (!parsed) return role;
  if (*parsed == auth::Role::kOcmwCounsellor && nis && e.registry) {
    if (auto n = Nis::from_int(*nis)) {
      if (const auto* m = e.registry->find(*n)) return "OCMW " + m->name;
    }
    return fmt::format("OCMW {:05d}", *nis);
  }
  if (*parsed == auth::Role::kVdabMediator) return "VDAB";
  if (*parsed == auth::Role::kCitizen) return "uzelf";
  return std::string(auth::role_dutch(*parsed));
}

// Who looked: every audit row under any of `refs`, oldest first.
Result<Json> who_looked(Environment& e, const std::set<std::string>& refs) {
  auto store = e.pool->lease();
  if (!store) return std::unexpected(store.error());
  auto users = (*store)->auth().users();
  if (!users) return std::unexpected(users.error());
  std::map<std::string, std::optional<int>> scope;
  for (const auto& u : *users)
    scope[u.username] = u.municipality ? std::optional<int>(u.municipality->code()) : std::nullopt;
  std::vector<store::AuditEntry> all;
  for (const auto& ref : refs) {
    auto rows = (*store)->audit_for(ref);
    if (!rows) return std::unexpected(rows.error());
    all.insert(all.end(), rows->begin(), rows->end());
  }
  std::ranges::stable_sort(all, {}, &store::AuditEntry::at);
  Json out = Json::array();
  for (const auto& a : all) {
    auto it = scope.find(a.actor);
    out.push_back(
        {{"at", a.at},
         {"organisation", organisation(a.role, it == scope.end() ? std::nullopt : it->second, e)},
         {"what", what_was_read(a.action)},
         {"purpose", a.purpose}});
  }
  return out;
}

// The entitlements and VDAB registrations of the person, as periods per OCMW or category.
Json trajectory(const measure::Timelines& t, uint32_t person) {
  Json periods = Json::array();
  for (const auto& span : t.leefloner(person)) {
    periods.push_back(
        {{"what", span.kind == measure::EntitlementKind::kLL ? "leefloon" : "equivalent leefloon"},
         {"organisation", "OCMW " + t.ocmw(span.ocmw).to_string()},
         {"from", (t.range().first() + span.first).to_string()},
         {"to", (t.range().first() + span.last).to_string()}});
  }
  return periods;
}

// The cases of the person as the citizen sees them: regie, agreed actions,
// handovers, transmissions and exemptions (not the professionals' notes).
Result<Json> own_cases(Environment& e, const std::vector<std::string>& refs, Date today) {
  auto store = e.pool->lease();
  if (!store) return std::unexpected(store.error());
  auto cases = (*store)->cases_of(refs);
  if (!cases) return std::unexpected(cases.error());
  Json out = Json::array();
  for (const auto& c : *cases) {
    auto file = (*store)->case_file(c.id);
    if (!file) return std::unexpected(file.error());
    if (!*file) continue;
    Json actions = Json::array();
    for (const auto& a : (*file)->actions) {
      actions.push_back(
          {{"kind", cases::dutch_label(cases::action_kinds(), a.kind).value_or(a.kind)},
           {"owner", a.owner == store::kSideVdab ? "VDAB" : "OCMW"},
           {"due_date", a.due_date ? Json(a.due_date->to_string()) : Json(nullptr)},
           {"status", cases::dutch_label(cases::action_statuses(), a.status).value_or("")},
           {"overdue", cases::overdue(a.status, a.due_date, today)}});
    }
    Json exemptions = Json::array();
    for (const auto& x : (*file)->exemptions) {
      exemptions.push_back(
          {{"kind", cases::dutch_label(cases::exemption_kinds(), x.kind).value_or(x.kind)},
           {"review_date", x.review_date.to_string()},
           {"status", x.status == "active" ? "lopend" : "beëindigd"}});
    }
    out.push_back({{"case", c.id},
                   {"ocmw", fmt::format("{:05d}", c.ocmw_nis)},
                   {"regie", c.regie == store::kSideVdab ? "VDAB" : "OCMW"},
                   {"status", c.status == "open" ? "lopend" : "afgesloten"},
                   {"actions", std::move(actions)},
                   {"handovers", static_cast<int64_t>((*file)->handovers.size())},
                   {"transmissions", static_cast<int64_t>((*file)->transmissions.size())},
                   {"exemptions", std::move(exemptions)}});
  }
  return out;
}

// The identity rows of every source, as the OCMWs and VDAB hold them.
Result<Json> own_data(Environment& e, const PersonTimelines& data,
                      const std::vector<std::string>& refs, const std::string& key) {
  auto store = e.pool->lease();
  if (!store) return std::unexpected(store.error());
  Json out = Json::array();
  std::set<int> ocmws;
  const auto parsed = pseudonym_from_hex(key);
  if (data.timelines && parsed) {
    if (auto person = data.timelines->find(*parsed)) {
      for (const auto& span : data.timelines->leefloner(*person))
        ocmws.insert(data.timelines->ocmw(span.ocmw).code());
    }
  }
  std::vector<store::IdentityRecord> rows;
  for (int nis : ocmws) {
    auto r = (*store)->ocmw_identities(data.load, refs, nis);
    if (!r) return std::unexpected(r.error());
    if (!r->empty()) rows.push_back(r->front());
  }
  auto v = (*store)->vdab_identities(data.load, data.link_run, key);
  if (!v) return std::unexpected(v.error());
  if (!v->empty()) rows.push_back(v->front());
  for (const auto& r : rows) {
    out.push_back(
        {{"source", r.source == store::kSideVdab ? std::string("VDAB")
                                                 : fmt::format("OCMW {:05d}", r.ocmw_nis)},
         {"insz", r.insz ? Json(*r.insz) : Json(nullptr)},
         {"last_name", r.last_name},
         {"first_name", r.first_name},
         {"birth_date", r.birth_date ? Json(r.birth_date->to_string()) : Json(nullptr)},
         {"street", r.street},
         {"house_number", r.house_number},
         {"postcode", r.postcode}});
  }
  return out;
}

// GET /api/v1/me/record
Response own_record(Environment& e, const Request&, RequestContext& ctx) {
  if (auto d = deny_unless(ctx, Permission::kOwnRecord)) return *d;
  const Principal& p = *ctx.principal;
  if (!p.person_ref) {
    return Response::problem(404, "not_found",
                             "Uw account is (nog) niet aan uw gegevens gekoppeld. Vraag het aan "
                             "uw OCMW.");
  }
  auto loaded = person_timelines(e);
  if (!loaded) return problem_for(loaded.error());
  const measure::Timelines& t = *loaded->timelines;
  auto refs = person_refs(e, loaded->load, *p.person_ref);
  if (!refs) return problem_for(refs.error());
  // The timeline's key of the person, under which the professionals read it.
  std::optional<uint32_t> person;
  for (const auto& ref : *refs) {
    if (auto k = pseudonym_from_hex(ref)) person = person ? person : t.find(*k);
  }
  const std::string key = person ? pseudonym_hex(t.key(*person)) : *p.person_ref;
  std::set<std::string> all(refs->begin(), refs->end());
  all.insert(key);
  const std::vector<std::string> every(all.begin(), all.end());
  // The citizen's own read is in the log too, before anything is shown.
  if (auto a = audit_person_reads(e, p, {key}, kRoute, "eigen gegevens inzien"); !a)
    return problem_for(a.error());
  auto looked = who_looked(e, all);
  if (!looked) return problem_for(looked.error());
  auto cases = own_cases(e, every, e.today());
  if (!cases) return problem_for(cases.error());
  auto data = own_data(e, *loaded, every, key);
  if (!data) return problem_for(data.error());
  const measure::Settings settings;
  Json body = {{"data_end", measure::data_end(t, settings).to_string()},
               {"entitlements", person ? trajectory(t, *person) : Json::array()},
               {"months", person ? timeline_months(t, *person, settings) : Json::array()},
               {"cases", std::move(*cases)},
               {"data", std::move(*data)},
               {"reads", std::move(*looked)}};
  return no_store_json(body);
}

}  // namespace

void add_citizen_routes(Service& service, Environment& env) {
  Environment* e = &env;
  service.router().add("GET", "/api/v1/me/record", [e](const Request& r, RequestContext& ctx) {
    return own_record(*e, r, ctx);
  });
}

}  // namespace lap::server::api
