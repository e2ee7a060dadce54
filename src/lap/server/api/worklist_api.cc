// Work lists (docs/api.md "Work lists"): what waits for a counsellor or a
// mediator and their team in the shared cases, and the leefloners seed 001's
// first track asks for — without a VDAB registration or not in category 05,
// with the months since their entitlement started. Each as JSON, XLSX or
// Belgian CSV (`?format=`), person-level: names for the entitled roles only,
// one audit row per person listed, never cached.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "lap/cases/case_rules.h"
#include "lap/core/pseudonym.h"
#include "lap/measure/person.h"
#include "lap/report/sheet.h"
#include "lap/server/api/api.h"
#include "lap/server/api/case_access.h"
#include "lap/server/api/pact_http.h"

namespace lap::server::api {
namespace {

// The most rows a list holds (the info block says when it was cut).
constexpr std::size_t kMaxRows = 5000;
// Pseudonyms per identity query.
constexpr std::size_t kBatch = 400;

struct Name {
  std::string last;
  std::string first;
};

// The names of `refs` as the user's side knows them (latest row per person).
Result<std::map<std::string, Name>> names_of(Environment& e, const Principal& p,
                                             const PersonTimelines& data,
                                             const std::vector<std::string>& refs) {
  std::map<std::string, Name> out;
  auto store = e.pool->lease();
  if (!store) return std::unexpected(store.error());
  if (p.role == auth::Role::kOcmwCounsellor && p.municipality) {
    for (std::size_t at = 0; at < refs.size(); at += kBatch) {
      std::span<const std::string> batch(refs.data() + at, std::min(kBatch, refs.size() - at));
      auto rows = (*store)->ocmw_identities(data.load, batch, *p.municipality);
      if (!rows) return std::unexpected(rows.error());
      for (const auto& row : *rows)  // latest first: the first row of a person wins
        out.try_emplace(row.person_ref, Name{row.last_name, row.first_name});
    }
  } else if (p.role == auth::Role::kVdabMediator) {
    for (const auto& ref : refs) {
      auto rows = (*store)->vdab_identities(data.load, data.link_run, ref);
      if (!rows) return std::unexpected(rows.error());
      if (!rows->empty()) out.emplace(ref, Name{rows->front().last_name, rows->front().first_name});
    }
  }
  return out;
}

// Answers `sheet` in the requested format after auditing `refs`; never cached.
Response person_sheet(Environment& e, const Request& r, const Principal& p,
                      const report::Sheet& sheet, const std::vector<std::string>& refs,
                      std::string_view route, const std::string& purpose) {
  if (auto a = audit_person_reads(e, p, refs, route, purpose); !a) return problem_for(a.error());
  Response response = pact_http::sheet_response(r, sheet, sheet.id);
  response.headers.emplace_back("cache-control", "no-store");
  return response;
}

std::string task_label(const store::CaseTask& t, Date today) {
  if (t.kind == "action") return "Actie te laat";
  if (t.kind == "handover") return "Warme overdracht te beslissen";
  if (t.kind == "exemption") return "Vrijstelling te herzien";
  if (t.side == store::kSideVdab) return "Doormelding niet tijdig beantwoord";
  return t.due && *t.due < today ? "Doormelding te laat beantwoord" : "Doormelding te beantwoorden";
}

std::string task_detail(const store::CaseTask& t) {
  if (t.kind == "action")
    return std::string(cases::dutch_label(cases::action_kinds(), t.detail).value_or(t.detail));
  if (t.kind == "exemption")
    return std::string(cases::dutch_label(cases::exemption_kinds(), t.detail).value_or(t.detail));
  return t.detail;
}

// GET /api/v1/worklist?purpose&scope=mine|team&kind&sort=due|case&format
Response worklist(Environment& e, const Request& r, RequestContext& ctx) {
  constexpr std::string_view kRoute = "GET /api/v1/worklist";
  Response out;
  auto purpose = person_read_purpose(e, r, ctx, kRoute, out);
  if (!purpose) return out;
  const Principal& p = *ctx.principal;
  const std::string scope(r.query_param("scope").value_or("mine"));
  const std::string kind(r.query_param("kind").value_or(""));
  const std::string sort(r.query_param("sort").value_or("due"));
  if ((scope != "mine" && scope != "team") ||
      (!kind.empty() && kind != "action" && kind != "handover" && kind != "transmission" &&
       kind != "exemption") ||
      (sort != "due" && sort != "case")) {
    return Response::problem(400, "bad_request",
                             "scope: mine of team; kind: action, handover, transmission of "
                             "exemption; sort: due of case");
  }
  const Date today = e.today();
  const std::string side = *side_of(p);
  store::TaskQuery q{side, std::nullopt, today, today + cases::kReviewReminderDays};
  if (p.role == auth::Role::kOcmwCounsellor) q.ocmw_nis = p.municipality;
  Result<std::vector<store::CaseTask>> tasks = std::vector<store::CaseTask>{};
  {
    auto store = e.pool->lease();
    if (!store) return problem_for(store.error());
    tasks = (*store)->case_tasks(q);
  }
  if (!tasks) return problem_for(tasks.error());
  auto loaded = person_timelines(e);
  const measure::Timelines* t = loaded ? loaded->timelines.get() : nullptr;
  std::vector<store::CaseTask> shown;
  for (auto& task : *tasks) {
    const auto& worker = side == store::kSideOcmw ? task.ocmw_worker : task.vdab_worker;
    if (scope == "mine" && worker != p.username) continue;
    if (!kind.empty() && task.kind != kind) continue;
    store::CaseRecord c;
    c.person_ref = task.person_ref;
    c.ocmw_nis = task.ocmw_nis;
    c.status = "open";
    if (!may_see_case(p, c, t, today)) continue;
    if (shown.size() == kMaxRows) break;
    shown.push_back(std::move(task));
  }
  if (sort == "case")
    std::ranges::stable_sort(shown, {}, [](const store::CaseTask& x) { return x.case_id; });
  std::vector<std::string> refs;
  refs.reserve(shown.size());
  for (const auto& task : shown)
    refs.push_back(task.person_ref);
  std::ranges::sort(refs);
  refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
  std::map<std::string, Name> names;
  if (loaded) {
    auto found = names_of(e, p, *loaded, refs);
    if (!found) return problem_for(found.error());
    names = std::move(*found);
  }
  using report::CellType;
  report::Sheet sheet{"werklijst",
                      "Werklijst",
                      {{"Wat", "task", CellType::kText},
                       {"Dossier", "case", CellType::kInteger},
                       {"Naam", "last_name", CellType::kText},
                       {"Voornaam", "first_name", CellType::kText},
                       {"Pseudoniem", "person", CellType::kText},
                       {"OCMW", "ocmw", CellType::kText},
                       {"Omschrijving", "detail", CellType::kText},
                       {"Vervaldatum", "due", CellType::kDate},
                       {"Dagen te laat", "days_late", CellType::kInteger},
                       {"Opgevolgd door", "worker", CellType::kText}},
                      {},
                      {{"Werklijst van", "user", CellType::kText, p.username},
                       {"Bereik", "scope", CellType::kText,
                        std::string(scope == "mine" ? "mijn dossiers" : "het hele team")}},
                      today};
  for (const auto& task : shown) {
    const auto name = names.find(task.person_ref);
    report::Cell due;
    report::Cell late;
    if (task.due) {
      due = *task.due;
      if (*task.due < today) late = int64_t{today - *task.due};
    }
    const auto& worker = side == store::kSideOcmw ? task.ocmw_worker : task.vdab_worker;
    sheet.rows.push_back({task_label(task, today), task.case_id,
                          name == names.end() ? std::string() : name->second.last,
                          name == names.end() ? std::string() : name->second.first, task.person_ref,
                          fmt::format("{:05d}", task.ocmw_nis), task_detail(task), due, late,
                          worker.value_or("")});
  }
  return person_sheet(e, r, p, sheet, refs, kRoute, *purpose);
}

// A leefloner of the list: since when, and how they stand at VDAB.
struct Leefloner {
  uint32_t person = 0;
  Nis ocmw;
  Month since;
  int months = 0;
  bool registered = false;
};

// The leefloners in `end` the user's side may list: an OCMW its own who are not
// registered or not in category 05; VDAB those registered but not in category 05.
std::vector<Leefloner> leefloners(const measure::Timelines& t, const Principal& p, Month end) {
  std::vector<Leefloner> out;
  const int last = t.offset(end);
  for (uint32_t person = 0; person < t.persons(); ++person) {
    auto ll = measure::leefloner(t, person, end);
    if (!ll) continue;
    if (p.role == auth::Role::kOcmwCounsellor && ll->ocmw.code() != p.municipality) continue;
    const bool registered = measure::registered(t, person, end);
    if (p.role == auth::Role::kVdabMediator && !registered) continue;
    if (registered && measure::cat05(t, person, end)) continue;
    // The start of the uninterrupted run of entitlements at this OCMW up to `end`.
    int first = last;
    bool extended = true;
    while (extended) {
      extended = false;
      for (const auto& span : t.leefloner(person)) {
        if (t.ocmw(span.ocmw) == ll->ocmw && span.first < first && span.last + 1 >= first) {
          first = span.first;
          extended = true;
        }
      }
    }
    const Month since = t.range().first() + first;
    out.push_back({person, ll->ocmw, since, end - since, registered});
  }
  return out;
}

// GET /api/v1/worklist/leefloners?purpose&status=unregistered|not_cat05&sort=months|name&format
Response leefloner_list(Environment& e, const Request& r, RequestContext& ctx) {
  constexpr std::string_view kRoute = "GET /api/v1/worklist/leefloners";
  Response out;
  auto purpose = person_read_purpose(e, r, ctx, kRoute, out);
  if (!purpose) return out;
  const std::string status(r.query_param("status").value_or(""));
  const std::string sort(r.query_param("sort").value_or("months"));
  if ((!status.empty() && status != "unregistered" && status != "not_cat05") ||
      (sort != "months" && sort != "name")) {
    return Response::problem(400, "bad_request",
                             "status: unregistered of not_cat05; sort: months of name");
  }
  const Principal& p = *ctx.principal;
  auto loaded = person_timelines(e);
  if (!loaded) return problem_for(loaded.error());
  const measure::Timelines& t = *loaded->timelines;
  const Month end = measure::data_end(t, measure::Settings{});
  std::vector<Leefloner> list = leefloners(t, p, end);
  std::erase_if(list, [&](const Leefloner& l) {
    return (status == "unregistered" && l.registered) || (status == "not_cat05" && !l.registered);
  });
  std::ranges::stable_sort(list, std::greater{}, &Leefloner::months);
  const bool truncated = list.size() > kMaxRows;
  if (truncated) list.resize(kMaxRows);
  std::vector<std::string> refs;
  refs.reserve(list.size());
  for (const auto& l : list)
    refs.push_back(pseudonym_hex(t.key(l.person)));
  auto names = names_of(e, p, *loaded, refs);
  if (!names) return problem_for(names.error());
  using report::CellType;
  report::Sheet sheet{"leefloners_zonder_traject",
                      "Leefloners zonder traject",
                      {{"Naam", "last_name", CellType::kText},
                       {"Voornaam", "first_name", CellType::kText},
                       {"Pseudoniem", "person", CellType::kText},
                       {"OCMW", "ocmw", CellType::kText},
                       {"Leefloon sinds", "since", CellType::kText},
                       {"Maanden sinds start", "months", CellType::kInteger},
                       {"VDAB", "vdab", CellType::kText}},
                      {},
                      {{"Toestand in", "month", CellType::kText, end.to_string()},
                       {"Afgekapt op 5.000 personen", "truncated", CellType::kYesNo, truncated}},
                      e.today()};
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto name = names->find(refs[i]);
    sheet.rows.push_back({name == names->end() ? std::string() : name->second.last,
                          name == names->end() ? std::string() : name->second.first, refs[i],
                          list[i].ocmw.to_string(), list[i].since.to_string(),
                          int64_t{list[i].months},
                          std::string(list[i].registered ? "ingeschreven, niet in categorie 05"
                                                         : "niet ingeschreven")});
  }
  if (sort == "name") {
    std::ranges::stable_sort(sheet.rows, [](const auto& a, const auto& b) {
      return std::tie(std::get<std::string>(a[0]), std::get<std::string>(a[1])) <
             std::tie(std::get<std::string>(b[0]), std::get<std::string>(b[1]));
    });
  }
  return person_sheet(e, r, p, sheet, refs, kRoute, *purpose);
}

}  // namespace

void add_worklist_routes(Service& service, Environment& env) {
  Environment* e = &env;
  Router& router = service.router();
  router.add("GET", "/api/v1/worklist",
             [e](const Request& r, RequestContext& ctx) { return worklist(*e, r, ctx); });
  router.add("GET", "/api/v1/worklist/leefloners",
             [e](const Request& r, RequestContext& ctx) { return leefloner_list(*e, r, ctx); });
}

}  // namespace lap::server::api
