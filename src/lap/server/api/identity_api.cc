// Identity for those entitled to it (docs/api.md "Cases and identity",
// domain.md §6): a person's name, INSZ and address as the user's organisation
// knows them — an OCMW counsellor from the POD MI entitlements at the own OCMW,
// a VDAB mediator from VDAB's registrations — and the search by INSZ or name
// within the user's relations. Nobody else ever sees identity. Every person
// returned writes one audit row with the stated purpose; refusals too.
#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lap/core/pseudonym.h"
#include "lap/server/api/api.h"
#include "lap/server/api/case_access.h"

namespace lap::server::api {
namespace {

using Json = nlohmann::json;
using auth::Permission;

constexpr int kMaxHits = 50;

Json identity_fields(const store::IdentityRecord& r) {
  return {{"insz", r.insz ? Json(*r.insz) : Json(nullptr)},
          {"last_name", r.last_name},
          {"first_name", r.first_name},
          {"birth_date", r.birth_date ? Json(r.birth_date->to_string()) : Json(nullptr)},
          {"sex", r.sex},
          {"address",
           {{"street", r.street}, {"house_number", r.house_number}, {"postcode", r.postcode}}}};
}

// The identity rows of a person as the user's side knows them, latest first.
Result<std::vector<store::IdentityRecord>> identities(Environment& e, const Principal& p,
                                                      const PersonTimelines& data,
                                                      const std::string& ref) {
  auto refs = person_refs(e, data.load, ref);
  if (!refs) return std::unexpected(refs.error());
  auto store = e.pool->lease();
  if (!store) return std::unexpected(store.error());
  if (p.role == auth::Role::kOcmwCounsellor && p.municipality)
    return (*store)->ocmw_identities(data.load, *refs, *p.municipality);
  if (p.role == auth::Role::kVdabMediator)
    return (*store)->vdab_identities(data.load, data.link_run, ref);
  return std::vector<store::IdentityRecord>{};
}

// The cases of the person the user may see, as {case, ocmw, regie, status}.
Result<Json> visible_cases(Environment& e, const Principal& p, const measure::Timelines& t,
                           const std::string& ref) {
  auto store = e.pool->lease();
  if (!store) return std::unexpected(store.error());
  auto cases = (*store)->cases_of(std::vector{ref});
  if (!cases) return std::unexpected(cases.error());
  Json out = Json::array();
  for (const auto& c : *cases) {
    if (!may_see_case(p, c, &t, e.today())) continue;
    out.push_back({{"case", c.id},
                   {"ocmw", fmt::format("{:05d}", c.ocmw_nis)},
                   {"regie", c.regie},
                   {"status", c.status}});
  }
  return out;
}

// The timeline key of a pseudonym of the person (its own, or one linked to it).
std::optional<uint32_t> timeline_person(Environment& e, const PersonTimelines& data,
                                        const std::string& ref) {
  const measure::Timelines& t = *data.timelines;
  if (auto key = pseudonym_from_hex(ref)) {
    if (auto person = t.find(*key)) return person;
  }
  auto refs = person_refs(e, data.load, ref);
  if (!refs) return std::nullopt;
  for (const auto& linked : *refs) {
    auto key = pseudonym_from_hex(linked);
    if (!key) continue;
    if (auto person = t.find(*key)) return person;
  }
  return std::nullopt;
}

// GET /api/v1/persons/{person}/identity?purpose
Response identity(Environment& e, const Request& r, RequestContext& ctx) {
  constexpr std::string_view kRoute = "GET /api/v1/persons/{person}/identity";
  const std::string asked(pseudonym_from_hex(r.param("person")) ? r.param("person") : "");
  const std::string stated(r.query_param("purpose").value_or(""));
  if (auto d = deny_unless(ctx, Permission::kPersons))
    return refused_person_read(e, ctx, kRoute, asked, "role", stated, *d);
  Response out;
  auto purpose = purpose_of(r, out);
  if (!purpose) return out;
  const Principal& p = *ctx.principal;
  if (asked.empty())
    return refused_person_read(e, ctx, kRoute, "", "malformed pseudonym", *purpose,
                               no_such_person());
  auto loaded = person_timelines(e);
  if (!loaded) return problem_for(loaded.error());
  const measure::Timelines& t = *loaded->timelines;
  auto person = t.find(*pseudonym_from_hex(asked));
  auto ok = related(e, p, &t, person, asked, e.today());
  if (!ok) return problem_for(ok.error());
  if (!*ok)
    return refused_person_read(e, ctx, kRoute, asked, "no relation", *purpose, no_such_person());
  auto rows = identities(e, p, *loaded, asked);
  if (!rows) return problem_for(rows.error());
  auto cases = visible_cases(e, p, t, asked);
  if (!cases) return problem_for(cases.error());
  if (auto a = audit_person_reads(e, p, {asked}, kRoute, *purpose); !a)
    return problem_for(a.error());
  Json body = rows->empty() ? Json::object() : identity_fields(rows->front());
  body["person"] = asked;
  body["source"] = *side_of(p);
  body["cases"] = std::move(*cases);
  return no_store_json(body);
}

// The persons of the search, deduplicated, with a relation; each one's first row.
struct Hits {
  std::vector<std::pair<std::string, store::IdentityRecord>> persons;  // timeline ref, row
  bool truncated = false;
};

Result<Hits> search(Environment& e, const Principal& p, const PersonTimelines& data,
                    const Request& r) {
  Hits hits;
  std::vector<store::IdentityRecord> rows;
  if (auto insz = r.query_param("insz")) {
    std::optional<std::string> ref;
    {
      auto store = e.pool->lease();
      if (!store) return std::unexpected(store.error());
      auto found = (*store)->person_of_insz(*insz);
      if (!found) return std::unexpected(found.error());
      ref = *found;
    }
    if (!ref) return hits;
    auto person = timeline_person(e, data, *ref);
    const std::string key = person ? pseudonym_hex(data.timelines->key(*person)) : *ref;
    auto mine = identities(e, p, data, key);
    if (!mine) return std::unexpected(mine.error());
    rows = std::move(*mine);
  } else {
    store::IdentitySearch q;
    q.load = data.load;
    q.link_run = data.link_run;
    q.source = *side_of(p);
    if (p.role == auth::Role::kOcmwCounsellor) q.ocmw_nis = p.municipality;
    q.last_name = std::string(r.query_param("name").value_or(""));
    q.first_name = std::string(r.query_param("first_name").value_or(""));
    q.limit = 4 * kMaxHits;
    auto store = e.pool->lease();
    if (!store) return std::unexpected(store.error());
    auto found = (*store)->search_identities(q);
    if (!found) return std::unexpected(found.error());
    rows = std::move(*found);
    hits.truncated = rows.size() > static_cast<std::size_t>(q.limit);
  }
  std::set<std::string> seen;
  for (auto& row : rows) {
    auto person = timeline_person(e, data, row.person_ref);
    const std::string key = person ? pseudonym_hex(data.timelines->key(*person)) : row.person_ref;
    if (!seen.insert(key).second) continue;
    auto ok = related(e, p, data.timelines.get(), person, key, e.today());
    if (!ok) return std::unexpected(ok.error());
    if (!*ok) continue;
    if (hits.persons.size() == kMaxHits) {
      hits.truncated = true;
      break;
    }
    hits.persons.emplace_back(key, std::move(row));
  }
  return hits;
}

// GET /api/v1/persons/search?insz=|name=[&first_name]&purpose
Response search_persons(Environment& e, const Request& r, RequestContext& ctx) {
  constexpr std::string_view kRoute = "GET /api/v1/persons/search";
  Response out;
  auto purpose = person_read_purpose(e, r, ctx, kRoute, out);
  if (!purpose) return out;
  const auto insz = r.query_param("insz");
  const auto name = r.query_param("name");
  if (insz.has_value() == name.has_value()) {
    return Response::problem(400, "bad_request", "Geef een INSZ of een naam op (niet beide).");
  }
  if (insz && (insz->size() != 11 ||
               !std::ranges::all_of(*insz, [](char c) { return c >= '0' && c <= '9'; }))) {
    return Response::problem(400, "bad_request", "Een INSZ heeft 11 cijfers.");
  }
  if (name && name->size() < 2)
    return Response::problem(400, "bad_request", "Geef minstens 2 letters van de naam op.");
  auto loaded = person_timelines(e);
  if (!loaded) return problem_for(loaded.error());
  auto hits = search(e, *ctx.principal, *loaded, r);
  if (!hits) return problem_for(hits.error());
  std::vector<std::string> refs;
  Json persons = Json::array();
  for (const auto& [ref, row] : hits->persons) {
    auto cases = visible_cases(e, *ctx.principal, *loaded->timelines, ref);
    if (!cases) return problem_for(cases.error());
    Json c = nullptr;
    for (const auto& item : *cases)
      if (item["status"] == "open") c = item["case"];
    Json hit = identity_fields(row);
    hit["person"] = ref;
    hit["case"] = c;
    persons.push_back(std::move(hit));
    refs.push_back(ref);
  }
  if (auto a = audit_person_reads(e, *ctx.principal, refs, kRoute, *purpose); !a)
    return problem_for(a.error());
  return no_store_json({{"persons", std::move(persons)}, {"truncated", hits->truncated}});
}

}  // namespace

void add_identity_routes(Service& service, Environment& env) {
  Environment* e = &env;
  Router& router = service.router();
  router.add("GET", "/api/v1/persons/search",
             [e](const Request& r, RequestContext& ctx) { return search_persons(*e, r, ctx); });
  router.add("GET", "/api/v1/persons/{person}/identity",
             [e](const Request& r, RequestContext& ctx) { return identity(*e, r, ctx); });
}

}  // namespace lap::server::api
