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
#include "lap/server/api/figure_json.h"
#include "lap/server/api/published_runs.h"

namespace lap::server::api {
namespace {

using Json = nlohmann::json;
using auth::Permission;

Json run_json(const PublishedRun& r) {
  return {{"run_id", r.run.run_id},
          {"load_id", r.run.load_id},
          {"data_end", r.run.data_end.to_string()},
          {"first_month", r.run.first_month.to_string()},
          {"last_month", r.run.last_month.to_string()},
          {"created_at", r.run.created_at},
          {"k", r.protection ? r.protection->k() : 0}};
}

// One indicator and variant of a dashboard: its periods and, per area
// compared (in the order of the dashboard's areas), a cell or null per period.
struct DashboardIndicator {
  measure::Indicator indicator = measure::Indicator::kReach;
  std::string_view variant;
  std::vector<measure::Period> periods;
  std::vector<std::vector<const publish::PublishedFigure*>> series;
  // The median of the group of comparable municipalities per period (empty:
  // not compared with a group).
  std::vector<std::optional<report::GroupMedian>> group;
};

using MedianKey = std::tuple<measure::Indicator, std::string_view, int, int32_t, int32_t>;
MedianKey median_key(measure::Indicator indicator, std::string_view variant,
                     const measure::Period& p) {
  return {indicator, variant, static_cast<int>(p.kind), p.first.index(), p.last.index()};
}

// The medians of the percentages of the members of `group` (a size class) per
// indicator, variant and period, over the members' cells `view` sees: a
// hidden cell is left out (it is counted among the members), so a median
// tells nothing the user could not compute from the cells shown.
std::map<MedianKey, report::GroupMedian> group_medians(const PublishedRun& run,
                                                       const publish::View& view,
                                                       const geo::Registry& registry,
                                                       const publish::Area& group) {
  std::map<std::string_view, bool> member;  // OCMW code -> in the group
  std::map<MedianKey, std::pair<int, std::vector<std::pair<int64_t, int64_t>>>> found;
  for (size_t i = 0; i < run.exact.size(); ++i) {
    const publish::PublishedFigure& e = run.exact[i];
    if (e.area.level != publish::Level::kOcmw) continue;
    auto known = member.find(e.area.code);
    if (known == member.end()) {
      auto nis = Nis::parse(e.area.code);
      const geo::Municipality* m = nis ? registry.find(*nis) : nullptr;
      auto area = m != nullptr ? publish::size_class_area(*m) : std::nullopt;
      known = member.emplace(e.area.code, area && *area == group).first;
    }
    if (!known->second) continue;
    const publish::PublishedFigure& f = run.cell(i, view);
    auto& [members, fractions] = found[median_key(f.indicator, f.variant, f.period)];
    ++members;
    if (!f.suppressed() && f.denominator > 0) fractions.emplace_back(f.numerator, f.denominator);
  }
  std::map<MedianKey, report::GroupMedian> out;
  for (auto& [key, entry] : found) {
    const int of = static_cast<int>(entry.second.size());
    const auto median = report::median_fraction(std::move(entry.second))
                            .value_or(std::pair<int64_t, int64_t>(0, 0));
    out.emplace(key, report::GroupMedian{median.first, median.second, of, entry.first});
  }
  return out;
}

// Adds the group's medians to the indicators of a dashboard that have any;
// not to the LAP result, a count without a percentage.
void add_group(std::vector<DashboardIndicator>& dashboard,
               const std::map<MedianKey, report::GroupMedian>& medians) {
  for (auto& ind : dashboard) {
    if (ind.indicator == measure::Indicator::kLapResult) continue;
    std::vector<std::optional<report::GroupMedian>> column;
    bool any = false;
    for (const auto& period : ind.periods) {
      auto it = medians.find(median_key(ind.indicator, ind.variant, period));
      column.push_back(it == medians.end() ? std::nullopt : std::optional(it->second));
      any = any || it != medians.end();
    }
    if (any) ind.group = std::move(column);
  }
}

Json median_json(const std::optional<report::GroupMedian>& m) {
  if (!m) return nullptr;
  const auto pct = percentage(m->numerator, m->denominator);
  return {{"numerator", nullptr},   {"pending", nullptr},
          {"denominator", nullptr}, {"percentage", pct ? Json(*pct) : Json(nullptr)},
          {"median_of", m->of},     {"members", m->members},
          {"suppressed", false},    {"suppression", nullptr}};
}

std::string group_label_nl(const publish::Area& group) {
  return fmt::format("Vergelijkbare gemeenten: {} (mediaan)", group.name);
}

// A dashboard: the figures of `areas` for `view`, with every indicator and
// variant the first area (an OCMW, a province, ...) has a figure for, over
// the run's periods. The areas are of different levels; a series is named
// after its level (figure_json.h, series_areas).
std::vector<DashboardIndicator> dashboard_indicators(const PublishedRun& run,
                                                     std::span<const publish::Area> areas,
                                                     const publish::View& view) {
  std::map<std::pair<publish::Level, std::string_view>, size_t> index;
  for (size_t a = 0; a < areas.size(); ++a)
    index.emplace(std::pair(areas[a].level, std::string_view(areas[a].code)), a);
  // (indicator, variant) -> period -> a figure per area
  using Cells = std::vector<const publish::PublishedFigure*>;
  std::map<std::pair<measure::Indicator, std::string_view>,
           std::vector<std::pair<measure::Period, Cells>>>
      groups;
  for (size_t i = 0; i < run.exact.size(); ++i) {
    const publish::PublishedFigure& f = run.cell(i, view);
    auto named = index.find(std::pair(f.area.level, std::string_view(f.area.code)));
    if (named == index.end()) continue;
    auto& periods = groups[{f.indicator, f.variant}];
    auto it = std::find_if(periods.begin(), periods.end(),
                           [&](const auto& p) { return p.first == f.period; });
    if (it == periods.end()) {
      periods.push_back({f.period, Cells(areas.size(), nullptr)});
      it = std::prev(periods.end());
    }
    it->second[named->second] = &f;
  }
  std::vector<DashboardIndicator> out;
  for (auto& [id, periods] : groups) {
    // Only what the first area itself has a figure for.
    if (std::none_of(periods.begin(), periods.end(),
                     [](const auto& p) { return p.second.front() != nullptr; })) {
      continue;
    }
    std::sort(periods.begin(), periods.end(),
              [](const auto& a, const auto& b) { return period_less(a.first, b.first); });
    DashboardIndicator ind{id.first, id.second, {}, std::vector<Cells>(areas.size()), {}};
    for (const auto& [period, cells] : periods) {
      ind.periods.push_back(period);
      for (size_t a = 0; a < areas.size(); ++a)
        ind.series[a].push_back(cells[a]);
    }
    out.push_back(std::move(ind));
  }
  return out;
}

// The indicators of a dashboard and the names of its series, as JSON.
std::pair<Json, Json> dashboard_series_json(std::span<const publish::Area> areas,
                                            const std::vector<DashboardIndicator>& dashboard,
                                            const std::optional<publish::Area>& group) {
  Json indicators = Json::array();
  for (const auto& ind : dashboard) {
    Json labels = Json::array();
    for (const auto& period : ind.periods)
      labels.push_back(period.to_string());
    Json series = Json::object();
    for (size_t a = 0; a < areas.size(); ++a) {
      Json column = Json::array();
      for (const auto* f : ind.series[a])
        column.push_back(cell_json(f));
      series[std::string(publish::to_id(areas[a].level))] = std::move(column);
    }
    if (!ind.group.empty()) {
      Json column = Json::array();
      for (const auto& m : ind.group)
        column.push_back(median_json(m));
      series["size_class"] = std::move(column);
    }
    indicators.push_back({{"indicator", measure::to_id(ind.indicator)},
                          {"name", report::dutch_name(ind.indicator)},
                          {"variant", ind.variant},
                          {"periods", labels},
                          {"series", series}});
  }
  Json names = Json::object();
  for (const publish::Area& a : areas)
    names[std::string(publish::to_id(a.level))] = series_label_nl(a);
  if (group) names["size_class"] = group_label_nl(*group);
  return {std::move(indicators), std::move(names)};
}

std::string source_text(const PublishedRun& run) {
  return fmt::format("meting {} van gegevenslading {}, gegevens tot {}", run.run.run_id,
                     run.run.load_id, report::month_name_nl(run.run.data_end));
}

// A dashboard as a download: one row per indicator, variant, period and
// series, optionally of one indicator (and variant) only.
Response dashboard_download(const Request& r, const PublishedRun& run,
                            std::span<const publish::Area> areas, const publish::View& view,
                            const geo::Registry& registry,
                            const std::optional<publish::Area>& group, report::FigureSheetInfo info,
                            std::string stem) {
  const auto only_indicator = r.query_param("indicator");
  const auto only_variant = r.query_param("variant");
  std::vector<report::FigureRow> rows;
  std::vector<DashboardIndicator> dashboard = dashboard_indicators(run, areas, view);
  if (group) add_group(dashboard, group_medians(run, view, registry, *group));
  for (const auto& ind : dashboard) {
    if (only_indicator && *only_indicator != measure::to_id(ind.indicator)) continue;
    if (only_variant && *only_variant != ind.variant) continue;
    for (size_t p = 0; p < ind.periods.size(); ++p) {
      for (size_t a = 0; a < areas.size(); ++a) {
        report::FigureRow row;
        row.figure = ind.series[a][p];
        row.indicator = ind.indicator;
        row.variant = ind.variant;
        row.period = ind.periods[p];
        row.area = areas[a];
        row.series = series_label_nl(row.area);
        rows.push_back(std::move(row));
      }
      if (!ind.group.empty() && group) {
        report::FigureRow row;
        row.indicator = ind.indicator;
        row.variant = ind.variant;
        row.period = ind.periods[p];
        row.area = *group;
        row.series = group_label_nl(*group);
        row.group_median = ind.group[p];
        rows.push_back(std::move(row));
      }
    }
  }
  info.source = source_text(run);
  info.k = run.protection ? run.protection->k() : 0;
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

// The municipality dashboard of `m` as JSON.
std::string dashboard_json(const PublishedRun& run, const geo::Municipality& m,
                           const publish::View& view, const geo::Registry& registry) {
  const std::vector<publish::Area> areas = series_areas(m);
  const std::optional<publish::Area> group = publish::size_class_area(m);
  std::vector<DashboardIndicator> dashboard = dashboard_indicators(run, areas, view);
  if (group) add_group(dashboard, group_medians(run, view, registry, *group));
  auto [indicators, names] = dashboard_series_json(areas, dashboard, group);
  Json body = {{"run", run_json(run)},
               {"area", area_json(m, is_own(view, m))},
               {"view", view.kind == publish::View::Kind::kExact ? "exact" : "protected"},
               {"series_names", std::move(names)},
               {"indicators", std::move(indicators)}};
  return body.dump();
}

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
      fmt::format("area:{}:{}:{}", view.kind == publish::View::Kind::kExact ? "exact" : "public",
                  publish::to_id(area->level), area->code);
  std::shared_ptr<const std::string> body;
  {
    std::lock_guard lock(run.cache_mutex);
    if (auto it = run.documents.find(key); it != run.documents.end()) body = it->second;
  }
  if (!body) {
    std::vector<DashboardIndicator> dashboard = dashboard_indicators(run, areas, view);
    if (group) add_group(dashboard, group_medians(run, view, registry, *group));
    auto [indicators, names] = dashboard_series_json(areas, dashboard, group);
    Json list = Json::array();
    for (const auto* m : members)
      list.push_back({{"nis", m->nis.to_string()}, {"name", m->name}});
    Json group = group_json(*area);
    group["members"] = std::move(list);
    Json doc = {{"run", run_json(run)},
                {"area", std::move(group)},
                {"view", view.kind == publish::View::Kind::kExact ? "exact" : "protected"},
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
    if (f.indicator != *indicator || f.variant != variant) continue;
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
    return Response::problem(404, "not_found", "Deze meting heeft die indicator en variant niet.");
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
               {"periods", labels},
               {"series", series}};
  Response out = Response::json(200, body.dump());
  out.headers.emplace_back("cache-control", "private, no-cache");
  return out;
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
    Json groups = Json::array();
    for (const auto& a : group_areas(*env.registry, on))
      groups.push_back(group_json(a));
    return Response::json(200,
                          Json{{"on", on.to_string()}, {"areas", list}, {"groups", groups}}.dump());
  });

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
        const std::string key = dashboard_key(*m, view);
        std::shared_ptr<const std::string> body;
        {
          std::lock_guard lock(run.cache_mutex);
          if (auto it = run.documents.find(key); it != run.documents.end()) body = it->second;
        }
        if (!body) {
          body = std::make_shared<const std::string>(dashboard_json(run, *m, view, *registry));
          std::lock_guard lock(run.cache_mutex);
          run.documents.emplace(key, body);
        }
        Response out = Response::json(200, *body);
        out.headers.emplace_back("cache-control", "private, no-cache");
        return out;
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

  router.add("GET", "/api/v1/flanders",
             on_latest_run(*runs, [registry, e](const Request& r, const PublishedRun& run,
                                                const publish::View& view) {
               return flanders(r, run, view, *registry, e->today());
             }));

  add_case_figure_routes(service, env);
  add_transition_routes(service, env);
  add_profile_routes(service, env);
}

}  // namespace lap::server::api
