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
#include <span>
#include <tuple>
#include <variant>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lap/publish/publication.h"
#include "lap/report/figures.h"
#include "lap/server/api/api.h"
#include "lap/server/api/dashboard_documents.h"
#include "lap/server/api/figure_json.h"
#include "lap/server/api/published_runs.h"

namespace lap::server::api {
namespace {

using Json = nlohmann::json;
using auth::Permission;

// The view's key for caching a municipality's dashboard: only the owner's own
// dashboard differs from the public one.
std::string dashboard_key(const geo::Municipality& m, const publish::View& view, Grain grain) {
  const std::string_view who = view.kind == publish::View::Kind::kExact ? "exact"
                               : is_own(view, m)                        ? "own"
                                                                        : "public";
  return fmt::format("{}:{}:{}", who, m.nis.to_string(), to_id(grain));
}

// The municipality dashboard of `m` as JSON.
std::string dashboard_json(const PublishedRun& run, const geo::Municipality& m,
                           const publish::View& view, const geo::Registry& registry, Grain grain) {
  const std::vector<publish::Area> areas = series_areas(m);
  const std::optional<publish::Area> group = publish::size_class_area(m);
  std::vector<DashboardIndicator> dashboard = dashboard_indicators(run, areas, view, grain);
  if (group) add_group_medians(dashboard, run, view, registry, *group);
  auto [indicators, names] = dashboard_series_json(areas, dashboard, group);
  Json body = {{"run", run_json(run)},
               {"area", area_json(m, is_own(view, m))},
               {"view", view.kind == publish::View::Kind::kExact ? "exact" : "protected"},
               {"grain", to_id(grain)},
               {"series_names", std::move(names)},
               {"indicators", std::move(indicators)}};
  return body.dump();
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

// Ranks of the rows with a visible percentage, the highest first; equal
// percentages share a rank (1, 2, 2, 4). Hidden cells and cells without a
// denominator have none, so a rank says nothing about a hidden figure.
std::vector<std::optional<int>> ranks(std::span<const publish::PublishedFigure* const> cells) {
  std::vector<size_t> ranked;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (cells[i] != nullptr && !cells[i]->suppressed() && cells[i]->denominator > 0)
      ranked.push_back(i);
  }
  // a/b > c/d exactly, without rounding.
  auto higher = [&](size_t a, size_t b) {
    return cells[a]->numerator * cells[b]->denominator >
           cells[b]->numerator * cells[a]->denominator;
  };
  std::stable_sort(ranked.begin(), ranked.end(), higher);
  std::vector<std::optional<int>> out(cells.size());
  for (size_t r = 0; r < ranked.size(); ++r) {
    const bool tie = r > 0 && !higher(ranked[r - 1], ranked[r]);
    out[ranked[r]] = tie ? *out[ranked[r - 1]] : static_cast<int>(r) + 1;
  }
  return out;
}

// GET /api/v1/flanders: every municipality for one indicator, variant and
// period, as JSON or a download.
Response flanders(const Request& r, const PublishedRun& run, const publish::View& view,
                  const geo::Registry& registry, Date today) {
  const std::string_view indicator_id = r.query_param("indicator").value_or("reach");
  auto indicator = measure::indicator_from_id(indicator_id);
  if (!indicator)
    return Response::problem(400, "bad_request",
                             "indicator: moet een indicator van de meting zijn (bv. reach)");
  const std::string variant(r.query_param("variant").value_or("all"));
  measure::Period period = measure::Period::month(run.run.last_month);
  if (auto p = r.query_param("period")) {
    auto parsed = measure::Period::parse(*p);
    if (!parsed)
      return Response::problem(400, "bad_request",
                               "period: moet een maand (JJJJ-MM), een kwartaal (JJJJ-Qn) of een "
                               "reeks maanden (A..B) zijn");
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
      rows.push_back({f, f->indicator, f->variant, f->period, f->area.name, f->area, {}, {}});
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
  std::vector<const publish::PublishedFigure*> ocmw_cells;
  ocmw_cells.reserve(ocmws.size());
  for (const auto& [f, m] : ocmws)
    ocmw_cells.push_back(f);
  const std::vector<std::optional<int>> rank = ranks(ocmw_cells);
  Json rows = Json::array();
  for (size_t i = 0; i < ocmws.size(); ++i) {
    const auto& [f, m] = ocmws[i];
    Json row = area_json(*m, is_own(view, *m));
    row["cell"] = cell_json(f);
    row["rank"] = rank[i] ? Json(*rank[i]) : Json(nullptr);
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
               {"indicators", run_catalogue_json(run)},
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

  const Environment* e = &env;
  router.add(
      "GET", "/api/v1/dashboard/{nis}",
      [runs, registry, e](const Request& r, RequestContext& ctx) -> Response {
        if (auto d = deny_unless(ctx, Permission::kAggregates)) return *d;
        auto nis = Nis::parse(r.param("nis"));
        const geo::Municipality* m = nis ? registry->find(*nis) : nullptr;
        if (m == nullptr) {
          return Response::problem(404, "not_found", "Geen Vlaamse gemeente met die NIS-code.");
        }
        const publish::View view = view_for(*ctx.principal);
        auto found = run_for(*runs, view);
        if (auto* response = std::get_if<Response>(&found)) return *response;
        const PublishedRun& run = *std::get<std::shared_ptr<const PublishedRun>>(found);
        const auto grain = grain_param(r);
        if (!grain) return bad_grain();
        if (wants_download(r)) {
          const int k = run.protection ? run.protection->k() : 0;
          report::FigureSheetInfo info{
              "dashboard",
              "Gemeente-dashboard",
              fmt::format("Gemeente-dashboard {} ({})", m->name, m->nis.to_string()),
              {},
              view_text_nl(view, k, m),
              k,
              e->today()};
          return dashboard_download(r, run, series_areas(*m), view, *registry,
                                    publish::size_class_area(*m), std::move(info),
                                    "dashboard_" + m->nis.to_string());
        }
        const std::string key = dashboard_key(*m, view, *grain);
        std::shared_ptr<const std::string> body;
        {
          std::lock_guard lock(run.cache_mutex);
          if (auto it = run.documents.find(key); it != run.documents.end()) body = it->second;
        }
        if (!body) {
          body =
              std::make_shared<const std::string>(dashboard_json(run, *m, view, *registry, *grain));
          std::lock_guard lock(run.cache_mutex);
          run.documents.emplace(key, body);
        }
        Response out = Response::json(200, *body);
        out.headers.emplace_back("cache-control", "private, no-cache");
        return out;
      });

  router.add("GET", "/api/v1/flanders",
             on_latest_run(*runs, [registry, e](const Request& r, const PublishedRun& run,
                                                const publish::View& view) {
               return flanders(r, run, view, *registry, e->today());
             }));

  add_area_routes(service, env);
  add_case_figure_routes(service, env);
  add_transition_routes(service, env);
  add_profile_routes(service, env);
  add_report_routes(service, env);
}

}  // namespace lap::server::api
