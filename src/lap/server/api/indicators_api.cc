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

#include <fmt/format.h>
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

// One indicator and variant of a dashboard: its periods and a cell (or null)
// per period for each series ("ocmw", "regiegebied", "centrumsteden",
// "flanders", in that order).
struct DashboardIndicator {
  measure::Indicator indicator = measure::Indicator::kReach;
  std::string_view variant;
  std::vector<measure::Period> periods;
  std::vector<std::pair<std::string, std::vector<const publish::PublishedFigure*>>> series;
};

// The dashboard of municipality `m` for `view`: every indicator and variant
// the OCMW has a figure for, over the run's periods, with the series of the
// OCMW, its regiegebied, the centrumsteden and Flanders.
std::vector<DashboardIndicator> dashboard_indicators(const PublishedRun& run,
                                                     const geo::Municipality& m,
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
  std::vector<std::string> names = {"ocmw", "centrumsteden", "flanders"};
  if (!m.regiegebied.empty()) names.insert(names.begin() + 1, "regiegebied");
  std::vector<DashboardIndicator> out;
  for (auto& [id, periods] : groups) {
    // Only what the municipality itself has a figure for.
    if (std::none_of(periods.begin(), periods.end(),
                     [](const auto& p) { return p.second.contains("ocmw"); })) {
      continue;
    }
    std::sort(periods.begin(), periods.end(),
              [](const auto& a, const auto& b) { return period_less(a.first, b.first); });
    DashboardIndicator ind{id.first, id.second, {}, {}};
    for (const auto& name : names)
      ind.series.push_back({name, {}});
    for (const auto& [period, cells] : periods) {
      ind.periods.push_back(period);
      for (auto& [name, column] : ind.series) {
        auto c = cells.find(name);
        column.push_back(c == cells.end() ? nullptr : c->second);
      }
    }
    out.push_back(std::move(ind));
  }
  return out;
}

std::string dashboard_json(const PublishedRun& run, const geo::Municipality& m,
                           const publish::View& view,
                           const std::vector<DashboardIndicator>& dashboard) {
  Json indicators = Json::array();
  for (const auto& ind : dashboard) {
    Json labels = Json::array();
    for (const auto& period : ind.periods)
      labels.push_back(period.to_string());
    Json series = Json::object();
    for (const auto& [name, cells] : ind.series) {
      Json column = Json::array();
      for (const auto* f : cells)
        column.push_back(cell_json(f));
      series[name] = std::move(column);
    }
    indicators.push_back({{"indicator", measure::to_id(ind.indicator)},
                          {"name", report::dutch_name(ind.indicator)},
                          {"variant", ind.variant},
                          {"periods", labels},
                          {"series", series}});
  }
  Json body = {{"run", run_json(run)},
               {"area", area_json(m, is_own(view, m))},
               {"view", view.kind == publish::View::Kind::kExact ? "exact" : "protected"},
               {"indicators", indicators}};
  return body.dump();
}

// The area of a dashboard series ("ocmw", "regiegebied", ...) of `m`.
publish::Area series_area(const std::string& series, const geo::Municipality& m) {
  std::vector<publish::Area> areas = series_areas(m);
  for (auto& a : areas)
    if (publish::to_id(a.level) == series) return a;
  return areas.front();
}

std::string source_text(const PublishedRun& run) {
  return fmt::format("meting {} van gegevenslading {}, gegevens tot {}", run.run.run_id,
                     run.run.load_id, report::month_name_nl(run.run.data_end));
}

// The dashboard as a download: one row per indicator, variant, period and
// series, optionally of one indicator (and variant) only.
Response dashboard_download(const Request& r, const PublishedRun& run, const geo::Municipality& m,
                            const publish::View& view, Date today) {
  const auto only_indicator = r.query_param("indicator");
  const auto only_variant = r.query_param("variant");
  std::vector<report::FigureRow> rows;
  for (const auto& ind : dashboard_indicators(run, m, view)) {
    if (only_indicator && *only_indicator != measure::to_id(ind.indicator)) continue;
    if (only_variant && *only_variant != ind.variant) continue;
    for (size_t p = 0; p < ind.periods.size(); ++p) {
      for (const auto& [name, cells] : ind.series) {
        report::FigureRow row;
        row.figure = cells[p];
        row.indicator = ind.indicator;
        row.variant = ind.variant;
        row.period = ind.periods[p];
        row.area = series_area(name, m);
        row.series = series_label_nl(row.area);
        rows.push_back(std::move(row));
      }
    }
  }
  const int k = run.protection ? run.protection->k() : 0;
  report::FigureSheetInfo info{"dashboard",
                               "Gemeente-dashboard",
                               fmt::format("Gemeente-dashboard {} ({})", m.name, m.nis.to_string()),
                               source_text(run),
                               view_text_nl(view, k, &m),
                               k,
                               today};
  std::string stem = "dashboard_" + m.nis.to_string();
  if (only_indicator) stem += "_" + std::string(*only_indicator);
  if (only_variant) stem += "_" + std::string(*only_variant);
  return figure_download(r, info, rows, stem);
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

// The catalogue of a run: its indicators with their variants and periods.
Json catalogue_json(const PublishedRun& run) {
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
  return indicators;
}

// Whether municipality `m` existed during some month of `period` (the
// municipalities that merged in 2025 are in the table of 2024, their
// successors in that of 2025).
bool existed_during(const geo::Municipality& m, const measure::Period& period) {
  return m.valid_from <= period.last.last_day() &&
         (!m.valid_to || period.first.first_day() <= *m.valid_to);
}

// The codes of the shapes on the map (web/geo: the municipalities of
// 2019–2024) that make up a municipality in `period`: its own, and from 2025
// those of the municipalities merged into it. Mesen (33016) has no shape
// there. One pass over the registry per day a municipality is looked at.
class MapCodes {
 public:
  MapCodes(const geo::Registry& registry, const measure::Period& period)
      : registry_(registry), end_(period.last.last_day()) {}

  Json of(const geo::Municipality& m) {
    static const Date kMap = *Date::from_ymd(2019, 1, 1);
    const Date on = m.valid_to && *m.valid_to < end_ ? *m.valid_to : end_;
    auto at = by_day_.find(on);
    if (at == by_day_.end()) at = by_day_.emplace(on, registry_.territories_on(on, kMap)).first;
    Json out = Json::array();
    if (auto it = at->second.find(m.nis); it != at->second.end()) {
      for (const Nis nis : it->second)
        out.push_back(nis.to_string());
    }
    return out;
  }

 private:
  const geo::Registry& registry_;
  Date end_;
  std::map<Date, std::map<Nis, std::vector<Nis>>> by_day_;
};

// GET /api/v1/flanders: every municipality for one indicator, variant and
// period, as JSON or a download.
Response flanders(const Request& r, const PublishedRun& run, const publish::View& view,
                  const geo::Registry& registry, Date today) {
  const std::string_view indicator_id = r.query_param("indicator").value_or("reach");
  auto indicator = measure::indicator_from_id(indicator_id);
  if (!indicator) return Response::problem(400, "bad_request", "indicator: an indicator id");
  const std::string variant(r.query_param("variant").value_or("all"));
  measure::Period period = measure::Period::month(run.run.last_month);
  if (auto p = r.query_param("period")) {
    auto parsed = measure::Period::parse(*p);
    if (!parsed) return Response::problem(400, "bad_request", "period: YYYY-MM, YYYY-Qn or A..B");
    period = *parsed;
  }
  // Flanders, the municipalities that existed during the period, the regiegebieden.
  const publish::PublishedFigure* flanders_cell = nullptr;
  std::vector<std::pair<const publish::PublishedFigure*, const geo::Municipality*>> ocmws;
  std::vector<const publish::PublishedFigure*> regions;
  for (size_t i = 0; i < run.exact.size(); ++i) {
    const publish::PublishedFigure& f = run.cell(i, view);
    if (f.indicator != *indicator || f.variant != variant || !(f.period == period)) continue;
    if (f.area.level == publish::Level::kFlanders) flanders_cell = &f;
    if (f.area.level == publish::Level::kRegiegebied) regions.push_back(&f);
    if (f.area.level != publish::Level::kOcmw) continue;
    auto nis = Nis::parse(f.area.code);
    const geo::Municipality* m = nis ? registry.find(*nis) : nullptr;
    if (m == nullptr || !existed_during(*m, period)) continue;
    ocmws.emplace_back(&f, m);
  }
  if (wants_download(r)) {
    std::vector<const publish::PublishedFigure*> cells;
    if (flanders_cell != nullptr) cells.push_back(flanders_cell);
    for (const auto& [f, m] : ocmws)
      cells.push_back(f);
    cells.insert(cells.end(), regions.begin(), regions.end());
    std::vector<report::FigureRow> rows;
    rows.reserve(cells.size());
    for (const auto* f : cells)
      rows.push_back({f, f->indicator, f->variant, f->period, f->area.name, f->area, {}});
    const int k = run.protection ? run.protection->k() : 0;
    report::FigureSheetInfo info{
        "flanders",
        "Vlaanderen",
        fmt::format("Alle gemeenten en regiegebieden: {} ({}), {}", report::dutch_name(*indicator),
                    report::variant_name_nl(variant), report::period_name_nl(period)),
        source_text(run),
        view_text_nl(view, k, nullptr),
        k,
        today};
    return figure_download(r, info, rows,
                           fmt::format("vlaanderen_{}_{}_{}", measure::to_id(*indicator), variant,
                                       period.to_string()));
  }
  MapCodes map_codes(registry, period);
  Json rows = Json::array();
  for (const auto& [f, m] : ocmws) {
    Json row = area_json(*m, is_own(view, *m));
    row["cell"] = cell_json(f);
    row["map_codes"] = map_codes.of(*m);
    rows.push_back(std::move(row));
  }
  // The regiegebieden with the shapes of their municipalities in the period.
  Json regiegebieden = Json::array();
  for (const auto* f : regions) {
    Json codes = Json::array();
    for (const geo::Municipality& m : registry.all()) {
      if (m.regiegebied != f->area.code || !existed_during(m, period)) continue;
      for (auto& code : map_codes.of(m))
        codes.push_back(std::move(code));
    }
    regiegebieden.push_back(
        {{"name", f->area.name}, {"cell", cell_json(f)}, {"map_codes", std::move(codes)}});
  }
  Json body = {{"run", run_json(run)},
               {"indicator", measure::to_id(*indicator)},
               {"name", report::dutch_name(*indicator)},
               {"variant", variant},
               {"period", period.to_string()},
               {"view", view.kind == publish::View::Kind::kExact ? "exact" : "protected"},
               {"indicators", catalogue_json(run)},
               {"flanders", cell_json(flanders_cell)},
               {"rows", rows},
               {"regiegebieden", regiegebieden}};
  return Response::json(200, body.dump());
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

  const Environment* e = &env;
  router.add("GET", "/api/v1/dashboard/{nis}",
             [runs, registry, e](const Request& r, RequestContext& ctx) -> Response {
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
               if (wants_download(r)) return dashboard_download(r, run, *m, view, e->today());
               const std::string key = dashboard_key(*m, view);
               std::shared_ptr<const std::string> body;
               {
                 std::lock_guard lock(run.cache_mutex);
                 if (auto it = run.documents.find(key); it != run.documents.end())
                   body = it->second;
               }
               if (!body) {
                 body = std::make_shared<const std::string>(
                     dashboard_json(run, *m, view, dashboard_indicators(run, *m, view)));
                 std::lock_guard lock(run.cache_mutex);
                 run.documents.emplace(key, body);
               }
               Response out = Response::json(200, *body);
               out.headers.emplace_back("cache-control", "private, no-cache");
               return out;
             });

  router.add("GET", "/api/v1/flanders",
             [runs, registry, e](const Request& r, RequestContext& ctx) -> Response {
               if (auto d = deny_unless(ctx, Permission::kAggregates)) return *d;
               const publish::View view = view_for(*ctx.principal);
               auto found = run_for(*runs, view);
               if (auto* response = std::get_if<Response>(&found)) return *response;
               return flanders(r, *std::get<std::shared_ptr<const PublishedRun>>(found), view,
                               *registry, e->today());
             });

  add_case_figure_routes(service, env);
}

}  // namespace lap::server::api
