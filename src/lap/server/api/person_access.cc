#include "lap/server/api/person_access.h"

#include <algorithm>

#include <fmt/format.h>

#include "lap/measure/indicators.h"
#include "lap/measure/person.h"
#include "lap/server/api/published_runs.h"

namespace lap::server::api {

bool has_relation(const measure::Timelines& t, uint32_t person, const Principal& p, Month end) {
  const Month from = end - kRelationMonths;
  if (p.role == auth::Role::kVdabMediator) {
    for (Month m = from; m <= end; m = m + 1)
      if (measure::registered(t, person, m)) return true;
    return false;
  }
  if (p.role != auth::Role::kOcmwCounsellor || !p.municipality) return false;
  auto own = Nis::from_int(*p.municipality);
  if (!own) return false;
  auto index = t.ocmw_index(*own);
  if (!index) return false;
  const int last = t.offset(end);
  const int first = t.offset(from);
  for (const auto& span : t.leefloner(person)) {
    if (span.ocmw == *index && span.last >= first && span.first <= last) return true;
  }
  return false;
}

Result<PersonTimelines> person_timelines(Environment& env) {
  pact::DataRef data;
  auto run = env.runs ? env.runs->latest() : Result<std::shared_ptr<const PublishedRun>>(nullptr);
  if (!run) return std::unexpected(run.error());
  if (*run) {
    data = pact::DataRef{(*run)->run.load_id, (*run)->run.link_run_id};
  } else {
    auto store = env.pool->lease();
    if (!store) return std::unexpected(store.error());
    auto current = pact::current_data(**store);
    if (!current) return std::unexpected(current.error());
    data = *current;
  }
  if (data.load_id == 0) {
    return make_error(ErrorCode::kNotFound, "Er zijn nog geen gegevens ingelezen.");
  }
  auto t = env.timelines(data);
  if (!t) return std::unexpected(t.error());
  return PersonTimelines{*t, data.load_id, data.link_run_id};
}

Status audit_person_reads(Environment& env, const Principal& p,
                          const std::vector<std::string>& persons, std::string_view action,
                          const std::string& purpose) {
  std::vector<store::AuditEntry> entries;
  entries.reserve(persons.size());
  for (const auto& ref : persons) {
    entries.push_back(
        {p.username, std::string(auth::role_name(p.role)), ref, std::string(action), purpose});
  }
  auto store = env.pool->lease();
  if (!store) return std::unexpected(store.error());
  return (*store)->append_audits(entries);
}

Response refused_person_read(Environment& env, const RequestContext& ctx, std::string_view route,
                             std::string_view person_ref, std::string_view reason,
                             std::string_view purpose, Response answer) {
  if (!ctx.principal) return answer;  // anonymous: 401, no actor to record
  const Principal& p = *ctx.principal;
  // An unchecked purpose is kept to 200 bytes, cut between characters.
  std::size_t keep = std::min<std::size_t>(purpose.size(), 200);
  while (keep > 0 && keep < purpose.size() &&
         (static_cast<unsigned char>(purpose[keep]) & 0xC0) == 0x80)
    --keep;
  purpose = purpose.substr(0, keep);
  std::vector<store::AuditEntry> entry = {
      {p.username, std::string(auth::role_name(p.role)), std::string(person_ref),
       fmt::format("{} refused: {}", route, reason), std::string(purpose)}};
  auto store = env.pool->lease();
  if (!store) return problem_for(store.error());
  if (auto a = (*store)->append_audits(entry); !a) return problem_for(a.error());
  return answer;
}

std::optional<std::string> purpose_of(const Request& r, Response& out) {
  auto purpose = r.query_param("purpose");
  if (!purpose || purpose->size() < 5 || purpose->size() > 200) {
    out = Response::problem(400, "purpose_required",
                            "Geef het doel van de raadpleging op (5 tot 200 tekens); het wordt "
                            "bewaard in het toegangslogboek.");
    return std::nullopt;
  }
  return std::string(*purpose);
}

std::optional<std::string> person_read_purpose(Environment& env, const Request& r,
                                               RequestContext& ctx, std::string_view route,
                                               Response& out) {
  if (auto d = deny_unless(ctx, auth::Permission::kPersons)) {
    out =
        refused_person_read(env, ctx, route, "", "role", r.query_param("purpose").value_or(""), *d);
    return std::nullopt;
  }
  return purpose_of(r, out);
}

Response no_such_person() {
  return Response::problem(404, "not_found",
                           "Geen persoon met dit pseudoniem waarmee uw organisatie een "
                           "geregistreerde relatie heeft (verwijzingsrepertorium).");
}

std::optional<std::string> side_of(const Principal& p) {
  if (p.role == auth::Role::kOcmwCounsellor) return std::string(store::kSideOcmw);
  if (p.role == auth::Role::kVdabMediator) return std::string(store::kSideVdab);
  return std::nullopt;
}

// The months of a person's timeline with something in them, and their states in Dutch.
nlohmann::json timeline_months(const measure::Timelines& t, uint32_t person,
                               const measure::Settings& settings) {
  using Json = nlohmann::json;
  Json months = Json::array();
  for (Month m : t.range()) {
    Json states = Json::array();
    if (auto ll = measure::leefloner(t, person, m)) {
      states.push_back(fmt::format(
          "{} {}{}", ll->kind == measure::EntitlementKind::kLL ? "leefloon" : "equivalent leefloon",
          ll->ocmw.to_string(), ll->ukrainian ? " (Oekraïne)" : ""));
    }
    if (measure::registered(t, person, m)) {
      states.push_back(measure::cat05(t, person, m) ? "VDAB categorie 05" : "VDAB ingeschreven");
    }
    if (measure::at_work(t, person, m, settings)) states.push_back("aan het werk");
    if (states.empty()) continue;
    months.push_back({{"month", m.to_string()},
                      {"position", measure::to_id(measure::position(t, person, m, settings))},
                      {"states", states}});
  }
  return months;
}

Response no_store_json(const nlohmann::json& body) {
  Response response = Response::json(200, body.dump());
  response.headers.emplace_back("cache-control", "no-store");
  return response;
}

}  // namespace lap::server::api
