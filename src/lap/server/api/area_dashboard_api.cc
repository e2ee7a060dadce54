// Dashboards of groups of municipalities over HTTP (docs/api.md): the list of
// areas, the dashboard of a province, a regiegebied, a size class or the
// centrumsteden, and several municipalities compared on one indicator — from
// the latest measurement run, exact or protected as the user may see them.
#include <algorithm>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

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

// The aggregate areas of the municipalities that exist on `on`: the
// regiegebieden, the provinces, the size classes and the centrumsteden, in
// that order (publish::Level's), each by code (a regiegebied's is its name).
std::vector<publish::Area> group_areas(const geo::Registry& registry, Date on) {
  std::map<std::pair<publish::Level, std::string>, publish::Area> found;
  for (const auto* m : registry.valid_on(on)) {
    for (auto& a : publish::parents(m)) {
      if (a.level == publish::Level::kFlanders) continue;
      found.try_emplace(std::pair(a.level, a.code), std::move(a));
    }
    if (auto a = publish::size_class_area(*m)) found.try_emplace(std::pair(a->level, a->code), *a);
  }
  std::vector<publish::Area> out;
  out.reserve(found.size());
  for (auto& [key, area] : found)
    out.push_back(std::move(area));
  return out;
}

// The municipalities of `area` on `on`, by name.
std::vector<const geo::Municipality*> members_of(const geo::Registry& registry,
                                                 const publish::Area& area, Date on) {
  std::vector<const geo::Municipality*> out;
  for (const auto* m : registry.valid_on(on)) {
    std::vector<publish::Area> areas = publish::parents(m);
    if (auto a = publish::size_class_area(*m)) areas.push_back(std::move(*a));
    if (std::find(areas.begin(), areas.end(), area) != areas.end()) out.push_back(m);
  }
  std::sort(out.begin(), out.end(), [](const auto* a, const auto* b) {
    return std::tie(a->name, a->nis) < std::tie(b->name, b->nis);
  });
  return out;
}

// The areas a group's dashboard compares: the group (not for a size class,
// whose figure is the median of its members), the province of a regiegebied
// whose municipalities all lie in one, and Flanders.
std::vector<publish::Area> group_series(const publish::Area& area,
                                        std::span<const geo::Municipality* const> members) {
  std::vector<publish::Area> out;
  if (area.level != publish::Level::kSizeClass) out.push_back(area);
  if (area.level == publish::Level::kRegiegebied && !members.empty() &&
      std::all_of(members.begin(), members.end(),
                  [&](const auto* m) { return m->province == members.front()->province; })) {
    out.push_back({publish::Level::kProvince, members.front()->province.to_string(),
                   members.front()->province_name});
  }
  out.push_back({publish::Level::kFlanders, "flanders", "Vlaams Gewest"});
  return out;
}

Json group_json(const publish::Area& a) {
  return {{"level", publish::to_id(a.level)},
          {"code", a.code},
          {"name", a.name},
          {"label", series_label_nl(a)}};
}

// GET /api/v1/area-dashboard?level=L&code=C: the dashboard of a province, a
// regiegebied, a size class or the centrumsteden.
Response group_dashboard(const Request& r, const PublishedRun& run, const publish::View& view,
                         const geo::Registry& registry, Date today) {
  const auto level = publish::level_from_id(r.query_param("level").value_or(""));
  if (!level || *level == publish::Level::kOcmw || *level == publish::Level::kFlanders) {
    return Response::problem(400, "bad_request",
                             "level: moet province, regiegebied, size_class of centrumsteden zijn");
  }
  const std::string code(r.query_param("code").value_or(""));
  const auto grain = grain_param(r);
  if (!grain) return bad_grain();
  const Date on = run.run.last_month.last_day();
  std::optional<publish::Area> area;
  for (auto& a : group_areas(registry, on)) {
    if (a.level == *level && a.code == code) area = std::move(a);
  }
  if (!area) {
    return Response::problem(404, "not_found",
                             "Geen gebied met die code in de laatste maand van de meting.");
  }
  const auto members = members_of(registry, *area, on);
  const std::vector<publish::Area> areas = group_series(*area, members);
  std::optional<publish::Area> group;
  if (area->level == publish::Level::kSizeClass) group = *area;
  const std::string title = series_label_nl(*area);
  if (wants_download(r)) {
    const int k = run.protection ? run.protection->k() : 0;
    report::FigureSheetInfo info{"area_dashboard",
                                 "Gebiedsdashboard",
                                 fmt::format("Gebiedsdashboard {}", title),
                                 {},
                                 view_text_nl(view, k, nullptr),
                                 k,
                                 today};
    return dashboard_download(r, run, areas, view, registry, group, std::move(info),
                              fmt::format("gebied_{}_{}", publish::to_id(area->level), area->code));
  }
  const std::string key =
      fmt::format("area:{}:{}:{}:{}", view.kind == publish::View::Kind::kExact ? "exact" : "public",
                  publish::to_id(area->level), area->code, to_id(*grain));
  std::shared_ptr<const std::string> body;
  {
    std::lock_guard lock(run.cache_mutex);
    if (auto it = run.documents.find(key); it != run.documents.end()) body = it->second;
  }
  if (!body) {
    std::vector<DashboardIndicator> dashboard = dashboard_indicators(run, areas, view, *grain);
    if (group) add_group_medians(dashboard, run, view, registry, *group);
    auto [indicators, names] = dashboard_series_json(areas, dashboard, group);
    Json list = Json::array();
    for (const auto* m : members)
      list.push_back({{"nis", m->nis.to_string()}, {"name", m->name}});
    Json group = group_json(*area);
    group["members"] = std::move(list);
    Json doc = {{"run", run_json(run)},
                {"area", std::move(group)},
                {"view", view.kind == publish::View::Kind::kExact ? "exact" : "protected"},
                {"grain", to_id(*grain)},
                {"series_names", std::move(names)},
                {"indicators", std::move(indicators)}};
    body = std::make_shared<const std::string>(doc.dump());
    std::lock_guard lock(run.cache_mutex);
    run.documents.emplace(key, body);
  }
  Response out = Response::json(200, *body);
  out.headers.emplace_back("cache-control", "private, no-cache");
  return out;
}

// GET /api/v1/compare?indicator=ID&variant=V&nis=A,B,...: one indicator of up
// to ten municipalities over the run's periods, with Flanders.
Response compare(const Request& r, const PublishedRun& run, const publish::View& view,
                 const geo::Registry& registry, Date today) {
  constexpr size_t kMost = 10;
  const std::string_view indicator_id = r.query_param("indicator").value_or("reach");
  auto indicator = measure::indicator_from_id(indicator_id);
  if (!indicator)
    return Response::problem(400, "bad_request",
                             "indicator: moet een indicator van de meting zijn (bv. reach)");
  const std::string variant(r.query_param("variant").value_or("all"));
  const auto grain = grain_param(r);
  if (!grain) return bad_grain();
  std::vector<publish::Area> areas;
  std::vector<const geo::Municipality*> municipalities;
  const std::string list(r.query_param("nis").value_or(""));
  for (size_t at = 0; at < list.size();) {
    size_t comma = list.find(',', at);
    if (comma == std::string::npos) comma = list.size();
    const std::string_view item = std::string_view(list).substr(at, comma - at);
    at = comma + 1;
    auto nis = Nis::parse(item);
    const geo::Municipality* m = nis ? registry.find(*nis) : nullptr;
    if (m == nullptr) {
      return Response::problem(404, "not_found",
                               fmt::format("Geen Vlaamse gemeente met NIS-code {}.", item));
    }
    if (std::find(municipalities.begin(), municipalities.end(), m) != municipalities.end())
      continue;
    municipalities.push_back(m);
    areas.push_back(publish::ocmw_area(m->nis, m));
  }
  if (areas.empty() || areas.size() > kMost) {
    return Response::problem(
        400, "bad_request", fmt::format("nis: 1 tot {} NIS-codes, gescheiden door komma's", kMost));
  }
  areas.push_back({publish::Level::kFlanders, "flanders", "Vlaams Gewest"});
  // Every period of the indicator in the run, and the cells of the areas.
  std::map<std::pair<publish::Level, std::string_view>, size_t> index;
  for (size_t a = 0; a < areas.size(); ++a)
    index.emplace(std::pair(areas[a].level, std::string_view(areas[a].code)), a);
  std::vector<std::pair<measure::Period, std::vector<const publish::PublishedFigure*>>> periods;
  for (size_t i = 0; i < run.exact.size(); ++i) {
    const publish::PublishedFigure& f = run.cell(i, view);
    if (f.indicator != *indicator || f.variant != variant || !in_grain(f.period, *grain)) continue;
    auto it = std::find_if(periods.begin(), periods.end(),
                           [&](const auto& p) { return p.first == f.period; });
    if (it == periods.end()) {
      periods.push_back({f.period, std::vector<const publish::PublishedFigure*>(areas.size())});
      it = std::prev(periods.end());
    }
    auto at = index.find(std::pair(f.area.level, std::string_view(f.area.code)));
    if (at != index.end()) it->second[at->second] = &f;
  }
  if (periods.empty()) {
    return Response::problem(404, "not_found",
                             *grain == Grain::kHalfYear
                                 ? "Deze meting heeft die indicator en variant niet per halfjaar."
                                 : "Deze meting heeft die indicator en variant niet.");
  }
  std::sort(periods.begin(), periods.end(),
            [](const auto& a, const auto& b) { return period_less(a.first, b.first); });
  const int k = run.protection ? run.protection->k() : 0;
  if (wants_download(r)) {
    std::vector<report::FigureRow> rows;
    for (const auto& [period, cells] : periods) {
      for (size_t a = 0; a < areas.size(); ++a)
        rows.push_back(
            {cells[a], *indicator, variant, period, series_label_nl(areas[a]), areas[a], {}, {}});
    }
    std::string codes;
    for (const auto* m : municipalities)
      codes += (codes.empty() ? "" : "_") + m->nis.to_string();
    report::FigureSheetInfo info{
        "compare",
        "Vergelijking",
        fmt::format("Gemeenten vergeleken: {} ({})", report::dutch_name(*indicator),
                    report::variant_name_nl(variant)),
        source_text(run),
        view_text_nl(view, k, nullptr),
        k,
        today};
    return figure_download(
        r, info, rows,
        fmt::format("vergelijking_{}_{}_{}", measure::to_id(*indicator), variant, codes));
  }
  Json labels = Json::array();
  for (const auto& p : periods)
    labels.push_back(p.first.to_string());
  Json series = Json::array();
  for (size_t a = 0; a < areas.size(); ++a) {
    Json cells = Json::array();
    for (const auto& p : periods)
      cells.push_back(cell_json(p.second[a]));
    Json entry = a < municipalities.size()
                     ? area_json(*municipalities[a], is_own(view, *municipalities[a]))
                     : Json{{"nis", nullptr}, {"name", areas[a].name}};
    entry["label"] = series_label_nl(areas[a]);
    entry["cells"] = std::move(cells);
    series.push_back(std::move(entry));
  }
  Json body = {{"run", run_json(run)},
               {"indicator", measure::to_id(*indicator)},
               {"name", report::dutch_name(*indicator)},
               {"variant", variant},
               {"view", view.kind == publish::View::Kind::kExact ? "exact" : "protected"},
               {"indicators", run_catalogue_json(run)},
               {"grain", to_id(*grain)},
               {"periods", labels},
               {"series", series}};
  Response out = Response::json(200, body.dump());
  out.headers.emplace_back("cache-control", "private, no-cache");
  return out;
}

}  // namespace

// /api/v1/areas, /api/v1/area-dashboard, /api/v1/compare
void add_area_routes(Service& service, Environment& env) {
  RunCatalog* runs = env.runs.get();
  const geo::Registry* registry = env.registry;
  Router& router = service.router();
  const Environment* e = &env;

  router.add("GET", "/api/v1/areas", [runs, &env](const Request&, RequestContext& ctx) -> Response {
    if (auto d = deny_unless(ctx, Permission::kAggregates)) return *d;
    auto run = runs->latest();
    if (!run) return problem_for(run.error());
    const Date on = *run ? (*run)->run.last_month.last_day() : env.today();
    Json list = Json::array();
    const publish::View view = view_for(*ctx.principal);
    for (const auto* m : env.registry->valid_on(on))
      list.push_back(area_json(*m, is_own(view, *m)));
    Json groups = Json::array();
    for (const auto& a : group_areas(*env.registry, on))
      groups.push_back(group_json(a));
    return Response::json(200,
                          Json{{"on", on.to_string()}, {"areas", list}, {"groups", groups}}.dump());
  });

  router.add("GET", "/api/v1/area-dashboard",
             on_latest_run(*runs, [registry, e](const Request& r, const PublishedRun& run,
                                                const publish::View& view) {
               return group_dashboard(r, run, view, *registry, e->today());
             }));

  router.add("GET", "/api/v1/compare",
             on_latest_run(*runs, [registry, e](const Request& r, const PublishedRun& run,
                                                const publish::View& view) {
               return compare(r, run, view, *registry, e->today());
             }));
}

}  // namespace lap::server::api
