// The dashboards' shared parts (dashboard_documents.h).
#include "lap/server/api/dashboard_documents.h"

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

#include "lap/server/api/figure_json.h"

namespace lap::server::api {
namespace {

using Json = nlohmann::json;

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

}  // namespace

Json run_json(const PublishedRun& r) {
  return {{"run_id", r.run.run_id},
          {"load_id", r.run.load_id},
          {"data_end", r.run.data_end.to_string()},
          {"first_month", r.run.first_month.to_string()},
          {"last_month", r.run.last_month.to_string()},
          {"created_at", r.run.created_at},
          {"k", r.protection ? r.protection->k() : 0}};
}

void add_group_medians(std::vector<DashboardIndicator>& dashboard, const PublishedRun& run,
                       const publish::View& view, const geo::Registry& registry,
                       const publish::Area& group) {
  add_group(dashboard, group_medians(run, view, registry, group));
}

// A dashboard: the figures of `areas` for `view`, with every indicator and
// variant the first area (an OCMW, a province, ...) has a figure for, over
// the run's periods. The areas are of different levels; a series is named
// after its level (figure_json.h, series_areas).
std::optional<Grain> grain_param(const Request& r) {
  const auto g = r.query_param("grain");
  if (!g || *g == "month") return Grain::kMonth;
  if (*g == "half_year") return Grain::kHalfYear;
  return std::nullopt;
}

Response bad_grain() {
  return Response::problem(400, "bad_request",
                           "grain: month (maanden en kwartalen) of half_year (halfjaren)");
}

bool in_grain(const measure::Period& p, Grain g) {
  return (p.kind == measure::Period::Kind::kHalfYear) == (g == Grain::kHalfYear);
}

std::string_view to_id(Grain g) {
  return g == Grain::kHalfYear ? "half_year" : "month";
}

std::vector<DashboardIndicator> dashboard_indicators(const PublishedRun& run,
                                                     std::span<const publish::Area> areas,
                                                     const publish::View& view, Grain grain) {
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
    if (!in_grain(f.period, grain)) continue;
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
  return report::run_source_nl(run.run.run_id, run.run.load_id, run.run.data_end);
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
  std::vector<DashboardIndicator> dashboard =
      dashboard_indicators(run, areas, view, grain_param(r).value_or(Grain::kMonth));
  if (group) add_group_medians(dashboard, run, view, registry, *group);
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
  // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on "_" + string here.
  for (const auto& part : {only_indicator, only_variant}) {
    if (!part) continue;
    stem += '_';
    stem += *part;
  }
  return figure_download(r, info, rows, stem);
}

}  // namespace lap::server::api
