// Indicator figures over HTTP (docs/api.md): the municipality dashboard, the
// Flanders table and the list of areas, from the latest measurement run
// (published_runs.h): exact for WSE and VDAB, the public view with the own
// OCMW exact for a municipality — the same cells `lap measure --out` writes.
//
// A run's figures never change, so the dashboard documents are built once per
// run and view and kept with the run; a new run replaces them.
#include <algorithm>
#include <map>
#include <set>
#include <variant>

#include <nlohmann/json.hpp>

#include "lap/publish/publication.h"
#include "lap/report/figures.h"
#include "lap/server/api/api.h"
#include "lap/server/api/figure_json.h"
#include "lap/server/api/published_runs.h"

namespace lap::server::api {
namespace {

using Json = nlohmann::json;
using auth::Permission;

// Periods in display order: by first month, then months before quarters
// before ranges.
bool period_less(const measure::Period& a, const measure::Period& b) {
  if (a.first != b.first) return a.first < b.first;
  if (a.kind != b.kind) return a.kind < b.kind;
  return a.last < b.last;
}

Json run_json(const PublishedRun& r) {
  return {{"run_id", r.run.run_id},
          {"load_id", r.run.load_id},
          {"data_end", r.run.data_end.to_string()},
          {"first_month", r.run.first_month.to_string()},
          {"last_month", r.run.last_month.to_string()},
          {"created_at", r.run.created_at},
          {"k", r.protection ? r.protection->k() : 0}};
}

// The dashboard of municipality `m` for `view`: every indicator and variant
// over the run's periods, with the series of the OCMW, its regiegebied, the
// centrumsteden and Flanders.
std::string dashboard_json(const PublishedRun& run, const geo::Municipality& m,
                           const publish::View& view) {
  const std::string nis = m.nis.to_string();
  // (indicator, variant) -> period -> series -> figure
  using Series = std::map<std::string, const publish::PublishedFigure*>;
  std::map<std::pair<measure::Indicator, std::string_view>,
           std::vector<std::pair<measure::Period, Series>>>
      groups;
  for (size_t i = 0; i < run.exact.size(); ++i) {
    const publish::PublishedFigure& f = run.cell(i, view);
    std::string series;
    switch (f.area.level) {
      case publish::Level::kOcmw:
        if (f.area.code == nis) series = "ocmw";
        break;
      case publish::Level::kRegiegebied:
        if (!m.regiegebied.empty() && f.area.code == m.regiegebied) series = "regiegebied";
        break;
      case publish::Level::kCentrumsteden:
        series = "centrumsteden";
        break;
      case publish::Level::kFlanders:
        series = "flanders";
        break;
      case publish::Level::kProvince:
        break;
    }
    if (series.empty()) continue;
    auto& periods = groups[{f.indicator, f.variant}];
    auto it = std::find_if(periods.begin(), periods.end(),
                           [&](const auto& p) { return p.first == f.period; });
    if (it == periods.end()) {
      periods.push_back({f.period, {}});
      it = std::prev(periods.end());
    }
    it->second[series] = &f;
  }
  Json indicators = Json::array();
  for (auto& [id, periods] : groups) {
    // Only what the municipality itself has a figure for.
    if (std::none_of(periods.begin(), periods.end(),
                     [](const auto& p) { return p.second.contains("ocmw"); })) {
      continue;
    }
    std::sort(periods.begin(), periods.end(),
              [](const auto& a, const auto& b) { return period_less(a.first, b.first); });
    Json labels = Json::array();
    Json series = Json::object();
    std::vector<std::string> names = {"ocmw", "centrumsteden", "flanders"};
    if (!m.regiegebied.empty()) names.insert(names.begin() + 1, "regiegebied");
    for (const auto& name : names)
      series[name] = Json::array();
    for (const auto& [period, cells] : periods) {
      labels.push_back(period.to_string());
      for (const auto& name : names) {
        auto c = cells.find(name);
        series[name].push_back(cell_json(c == cells.end() ? nullptr : c->second));
      }
    }
    indicators.push_back({{"indicator", measure::to_id(id.first)},
                          {"name", report::dutch_name(id.first)},
                          {"variant", id.second},
                          {"periods", labels},
                          {"series", series}});
  }
  Json body = {{"run", run_json(run)},
               {"area", area_json(m, is_own(view, m))},
               {"view", view.kind == publish::View::Kind::kExact ? "exact" : "protected"},
               {"indicators", indicators}};
  return body.dump();
}

// The view's key for caching a municipality's dashboard: only the owner's own
// dashboard differs from the public one.
std::string dashboard_key(const geo::Municipality& m, const publish::View& view) {
  if (view.kind == publish::View::Kind::kExact) return "exact:" + m.nis.to_string();
  return (is_own(view, m) ? "own:" : "public:") + m.nis.to_string();
}

Response no_run() {
  return Response::problem(404, "no_run",
                           "Er is nog geen meting: voer eerst `lap measure` uit op de gegevens.");
}

Response unprotected_run() {
  return Response::problem(409, "no_protection",
                           "Deze meting werd bewaard zonder afscherming van kleine aantallen: "
                           "voer `lap measure` opnieuw uit.");
}

// The latest run for `view`, or the response to give instead.
std::variant<std::shared_ptr<const PublishedRun>, Response> run_for(RunCatalog& runs,
                                                                    const publish::View& view) {
  auto run = runs.latest();
  if (!run) return problem_for(run.error());
  if (!*run) return no_run();
  if (view.kind != publish::View::Kind::kExact && !(*run)->protected_run()) {
    return unprotected_run();
  }
  return *run;
}

}  // namespace

void add_indicator_routes(Service& service, Environment& env) {
  RunCatalog* runs = env.runs.get();
  const geo::Registry* registry = env.registry;
  Router& router = service.router();

  router.add("GET", "/api/v1/areas", [runs, &env](const Request&, RequestContext& ctx) -> Response {
    if (auto d = deny_unless(ctx, Permission::kAggregates)) return *d;
    auto run = runs->latest();
    if (!run) return problem_for(run.error());
    const Date on = *run ? (*run)->run.last_month.last_day() : env.today();
    Json list = Json::array();
    const publish::View view = view_for(*ctx.principal);
    for (const auto* m : env.registry->valid_on(on))
      list.push_back(area_json(*m, is_own(view, *m)));
    return Response::json(200, Json{{"on", on.to_string()}, {"areas", list}}.dump());
  });

  router.add("GET", "/api/v1/dashboard/{nis}",
             [runs, registry](const Request& r, RequestContext& ctx) -> Response {
               if (auto d = deny_unless(ctx, Permission::kAggregates)) return *d;
               auto nis = Nis::parse(r.param("nis"));
               const geo::Municipality* m = nis ? registry->find(*nis) : nullptr;
               if (m == nullptr) {
                 return Response::problem(404, "not_found",
                                          "Geen Vlaamse gemeente met die NIS-code.");
               }
               const publish::View view = view_for(*ctx.principal);
               auto found = run_for(*runs, view);
               if (auto* response = std::get_if<Response>(&found)) return *response;
               const PublishedRun& run = *std::get<std::shared_ptr<const PublishedRun>>(found);
               const std::string key = dashboard_key(*m, view);
               std::shared_ptr<const std::string> body;
               {
                 std::lock_guard lock(run.cache_mutex);
                 if (auto it = run.documents.find(key); it != run.documents.end())
                   body = it->second;
               }
               if (!body) {
                 body = std::make_shared<const std::string>(dashboard_json(run, *m, view));
                 std::lock_guard lock(run.cache_mutex);
                 run.documents.emplace(key, body);
               }
               Response out = Response::json(200, *body);
               out.headers.emplace_back("cache-control", "private, no-cache");
               return out;
             });

  router.add(
      "GET", "/api/v1/flanders",
      [runs, registry](const Request& r, RequestContext& ctx) -> Response {
        if (auto d = deny_unless(ctx, Permission::kAggregates)) return *d;
        const publish::View view = view_for(*ctx.principal);
        auto found = run_for(*runs, view);
        if (auto* response = std::get_if<Response>(&found)) return *response;
        const PublishedRun& run = *std::get<std::shared_ptr<const PublishedRun>>(found);
        const std::string_view indicator_id = r.query_param("indicator").value_or("reach");
        auto indicator = measure::indicator_from_id(indicator_id);
        if (!indicator) return Response::problem(400, "bad_request", "indicator: an indicator id");
        const std::string variant(r.query_param("variant").value_or("all"));
        measure::Period period = measure::Period::month(run.run.last_month);
        if (auto p = r.query_param("period")) {
          auto parsed = measure::Period::parse(*p);
          if (!parsed)
            return Response::problem(400, "bad_request", "period: YYYY-MM, YYYY-Qn or A..B");
          period = *parsed;
        }
        // The catalogue: indicators with their variants and periods.
        std::map<measure::Indicator, std::pair<std::set<std::string>, std::vector<measure::Period>>>
            catalogue;
        for (const auto& f : run.figures) {
          auto& [variants, periods] = catalogue[f.indicator];
          variants.insert(std::string(f.variant));
          if (std::find(periods.begin(), periods.end(), f.period) == periods.end()) {
            periods.push_back(f.period);
          }
        }
        Json indicators = Json::array();
        for (auto& [id, entry] : catalogue) {
          std::sort(entry.second.begin(), entry.second.end(), period_less);
          Json periods = Json::array();
          for (const auto& p : entry.second)
            periods.push_back(p.to_string());
          indicators.push_back({{"indicator", measure::to_id(id)},
                                {"name", report::dutch_name(id)},
                                {"variants", entry.first},
                                {"periods", periods}});
        }
        Json rows = Json::array();
        Json flanders = nullptr;
        for (size_t i = 0; i < run.exact.size(); ++i) {
          const publish::PublishedFigure& f = run.cell(i, view);
          if (f.indicator != *indicator || f.variant != variant || !(f.period == period)) continue;
          if (f.area.level == publish::Level::kFlanders) flanders = cell_json(&f);
          if (f.area.level != publish::Level::kOcmw) continue;
          auto nis = Nis::parse(f.area.code);
          const geo::Municipality* m = nis ? registry->find(*nis) : nullptr;
          if (m == nullptr) continue;
          Json row = area_json(*m, is_own(view, *m));
          row["cell"] = cell_json(&f);
          rows.push_back(std::move(row));
        }
        Json body = {{"run", run_json(run)},
                     {"indicator", measure::to_id(*indicator)},
                     {"name", report::dutch_name(*indicator)},
                     {"variant", variant},
                     {"period", period.to_string()},
                     {"view", view.kind == publish::View::Kind::kExact ? "exact" : "protected"},
                     {"indicators", indicators},
                     {"flanders", flanders},
                     {"rows", rows}};
        return Response::json(200, body.dump());
      });

  add_case_figure_routes(service, env);
}

}  // namespace lap::server::api
