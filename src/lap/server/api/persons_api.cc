// Person-level data over HTTP (docs/api.md, domain.md §6): the persons behind one
// cell of the dashboard and one person's timeline with why they count or not.
//
// Only OCMW counsellors (persons of their own OCMW) and VDAB mediators
// (persons registered at VDAB), and only while the organisation has a
// registered relation with the person (the verwijzingsrepertorium): an
// OCMW: a leefloon entitlement at that OCMW in the 12 months up to the data
// end; VDAB: a registration in those months. Every person returned is written
// to the audit log first, with the stated purpose (person_access.h holds the
// relation and the audit, shared with the link review). Persons are named by
// their pseudonym only.
#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lap/core/pseudonym.h"
#include "lap/measure/explain.h"
#include "lap/measure/indicators.h"
#include "lap/measure/person.h"
#include "lap/measure/profile.h"
#include "lap/report/figures.h"
#include "lap/server/api/api.h"
#include "lap/server/api/person_access.h"
#include "lap/server/api/published_runs.h"

namespace lap::server::api {
namespace {

using Json = nlohmann::json;
using auth::Permission;

constexpr std::size_t kMaxPersons = 500;

Json item_json(const measure::ExplainItem& item) {
  return {{"indicator", measure::to_id(item.indicator)},
          {"name", report::dutch_name(item.indicator)},
          {"variant", item.variant},
          {"period", item.period.to_string()},
          {"ocmw", item.ocmw ? Json(item.ocmw->to_string()) : Json(nullptr)},
          {"role", measure::to_string(item.role)},
          {"reason", item.reason}};
}

// What GET /api/v1/persons asks for.
struct PersonQuery {
  Nis nis;
  measure::Indicator indicator;
  std::string variant;
  std::string role;  // numerator, denominator or pending
  measure::Period period;
};

// The persons of `q` at the user's OCMW, at most kMaxPersons of them with a registered relation.
struct PersonList {
  Json persons = Json::array();
  std::vector<std::string> refs;
  int64_t without_relation = 0;
  bool truncated = false;
};

PersonList persons_behind(const measure::Timelines& t, const PersonQuery& q, const Principal& p) {
  const measure::Settings settings;
  const Month end = measure::data_end(t, settings);
  PersonList list;
  auto index = t.ocmw_index(q.nis);
  for (uint32_t person = 0; index && person < t.persons(); ++person) {
    if (!measure::touches_ocmw(t, person, *index)) continue;
    auto explanation =
        measure::explain_for(t, person, q.period, settings, measure::Language::kDutch);
    for (const auto& item : explanation.items) {
      if (item.indicator != q.indicator || item.variant != q.variant ||
          !(item.period == q.period) || !item.ocmw || *item.ocmw != q.nis) {
        continue;
      }
      using R = measure::ExplainItem::Role;
      const bool wanted = q.role == "denominator" ? item.role != R::kNotCounted
                                                  : measure::to_string(item.role) == q.role;
      if (!wanted) continue;
      if (!has_relation(t, person, p, end)) {
        ++list.without_relation;
        break;
      }
      if (list.refs.size() == kMaxPersons) {
        list.truncated = true;
        break;
      }
      list.refs.push_back(pseudonym_hex(t.key(person)));
      list.persons.push_back({{"person", list.refs.back()},
                              {"role", measure::to_string(item.role)},
                              {"reason", item.reason}});
      break;
    }
  }
  return list;
}

// GET /api/v1/persons?nis&indicator&variant&period&role&purpose: the persons behind one cell.
Response list_persons(Environment& e, const Request& r, RequestContext& ctx) {
  constexpr std::string_view kRoute = "GET /api/v1/persons";
  Response out;
  auto purpose = person_read_purpose(e, r, ctx, kRoute, out);
  if (!purpose) return out;
  const Principal& p = *ctx.principal;
  auto nis = Nis::parse(r.query_param("nis").value_or(""));
  auto indicator = measure::indicator_from_id(r.query_param("indicator").value_or(""));
  const std::string variant(r.query_param("variant").value_or("all"));
  const std::string role_text(r.query_param("role").value_or("denominator"));
  auto period_text = r.query_param("period").value_or("");
  if (!nis || !indicator || period_text.empty()) {
    return Response::problem(400, "bad_request", "nis, indicator en period zijn verplicht");
  }
  if (role_text != "numerator" && role_text != "denominator" && role_text != "pending") {
    return Response::problem(400, "bad_request",
                             "role: moet numerator, denominator of pending zijn");
  }
  if (p.role == auth::Role::kOcmwCounsellor &&
      (!p.municipality || *p.municipality != nis->code())) {
    return refused_person_read(
        e, ctx, kRoute, "", fmt::format("other OCMW {}", nis->to_string()), *purpose,
        Response::problem(403, "forbidden", "U kunt alleen de personen van uw eigen OCMW inzien."));
  }
  const auto period = measure::Period::parse(period_text);
  if (!period)
    return Response::problem(400, "bad_request",
                             "period: moet een maand (JJJJ-MM), een kwartaal (JJJJ-Qn) of een "
                             "reeks maanden (A..B) zijn");
  // A list and its counts give the figure away: only for a figure the user sees.
  if (auto run = e.runs->latest(); run && *run) {
    const publish::CellKey cell{*indicator, variant, *period, publish::Level::kOcmw,
                                nis->to_string()};
    if (!(*run)->visible(cell, view_for(p))) {
      return refused_person_read(
          e, ctx, kRoute, "",
          fmt::format("suppressed figure {} {} {} {}", measure::to_id(*indicator), variant,
                      period->to_string(), nis->to_string()),
          *purpose,
          Response::problem(403, "suppressed",
                            "Dit cijfer is afgeschermd; de personen erachter worden "
                            "niet getoond."));
    }
  }
  auto loaded = person_timelines(e);
  if (!loaded) return problem_for(loaded.error());
  const PersonQuery query{*nis, *indicator, variant, role_text, *period};
  PersonList list = persons_behind(*loaded->timelines, query, p);
  // Audited before anything is shown.
  if (auto a = audit_person_reads(e, p, list.refs, kRoute, *purpose); !a)
    return problem_for(a.error());
  return no_store_json({{"nis", nis->to_string()},
                        {"indicator", measure::to_id(*indicator)},
                        {"variant", variant},
                        {"period", period->to_string()},
                        {"role", role_text},
                        {"truncated", list.truncated},
                        {"without_relation", list.without_relation},
                        {"persons", std::move(list.persons)}});
}

// GET /api/v1/persons/{person}?month&purpose: one person's timeline and why they count or not.
Response person_timeline(Environment& e, const Request& r, RequestContext& ctx) {
  constexpr std::string_view kRoute = "GET /api/v1/persons/{person}";
  // Only a well-formed pseudonym is recorded (never an INSZ typed by mistake).
  const std::string asked(pseudonym_from_hex(r.param("person")) ? r.param("person") : "");
  const std::string stated(r.query_param("purpose").value_or(""));
  if (auto d = deny_unless(ctx, Permission::kPersons)) {
    return refused_person_read(e, ctx, kRoute, asked, "role", stated, *d);
  }
  Response out;
  auto purpose = purpose_of(r, out);
  if (!purpose) return out;
  const Principal& p = *ctx.principal;
  auto key = pseudonym_from_hex(r.param("person"));
  if (!key)
    return refused_person_read(e, ctx, kRoute, "", "malformed pseudonym", *purpose,
                               no_such_person());
  auto loaded = person_timelines(e);
  if (!loaded) return problem_for(loaded.error());
  const measure::Timelines& t = *loaded->timelines;
  auto person = t.find(*key);
  if (!person)
    return refused_person_read(e, ctx, kRoute, asked, "unknown pseudonym", *purpose,
                               no_such_person());
  const measure::Settings settings;
  const Month end = measure::data_end(t, settings);
  if (!has_relation(t, *person, p, end)) {
    return refused_person_read(e, ctx, kRoute, asked, "no relation", *purpose, no_such_person());
  }
  Month month = end;
  if (auto text = r.query_param("month")) {
    auto m = Month::parse(*text);
    if (!m) return Response::problem(400, "bad_request", "month: moet een maand JJJJ-MM zijn");
    month = *m;
  }
  const std::string ref = pseudonym_hex(t.key(*person));
  if (auto a = audit_person_reads(e, p, {ref}, kRoute, *purpose); !a) return problem_for(a.error());
  auto explanation =
      measure::explain(t, *person, month, settings, std::nullopt, measure::Language::kDutch);
  Json items = Json::array();
  for (const auto& item : explanation.items)
    items.push_back(item_json(item));
  return no_store_json({{"person", ref},
                        {"month", month.to_string()},
                        {"data_end", end.to_string()},
                        {"facts", explanation.facts},
                        {"months", timeline_months(t, *person, settings)},
                        {"items", items}});
}

}  // namespace

void add_person_routes(Service& service, Environment& env) {
  Environment* e = &env;
  Router& router = service.router();
  router.add("GET", "/api/v1/persons",
             [e](const Request& r, RequestContext& ctx) { return list_persons(*e, r, ctx); });
  router.add("GET", "/api/v1/persons/{person}",
             [e](const Request& r, RequestContext& ctx) { return person_timeline(*e, r, ctx); });
}

}  // namespace lap::server::api
