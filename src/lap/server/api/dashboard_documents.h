// The dashboards' shared parts (indicators_api.cc, area_dashboard_api.cc): the
// figures of a set of areas over the run's periods as the dashboards show them,
// the medians of a group of comparable municipalities, and the download of a
// dashboard. Internal to the API.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "lap/geo/registry.h"
#include "lap/publish/publication.h"
#include "lap/report/figure_sheet.h"
#include "lap/report/figures.h"
#include "lap/server/api/published_runs.h"

namespace lap::server::api {

// The run's identity and k, as every figure document names it.
nlohmann::json run_json(const PublishedRun& r);

// The periods a dashboard's series run over: months, quarters and the LAP
// call periods (the default), or half years (?grain=half_year).
enum class Grain : uint8_t { kMonth, kHalfYear };
// The request's ?grain (month or half_year; absent: month); nullopt for
// anything else.
std::optional<Grain> grain_param(const Request& r);
// The 400 answer to a ?grain that is neither.
Response bad_grain();
bool in_grain(const measure::Period& p, Grain g);
std::string_view to_id(Grain g);  // month, half_year

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

// A dashboard: the figures of `areas` for `view`, with every indicator and
// variant the first area (an OCMW, a province, ...) has a figure for, over
// the run's periods of `grain`. The areas are of different levels; a series
// is named after its level (figure_json.h, series_areas).
std::vector<DashboardIndicator> dashboard_indicators(const PublishedRun& run,
                                                     std::span<const publish::Area> areas,
                                                     const publish::View& view,
                                                     Grain grain = Grain::kMonth);

// Adds the medians of `group` (a size class) over the members' cells `view`
// sees to the indicators of a dashboard (not to the LAP result, a count).
void add_group_medians(std::vector<DashboardIndicator>& dashboard, const PublishedRun& run,
                       const publish::View& view, const geo::Registry& registry,
                       const publish::Area& group);

// The indicators of a dashboard and the names of its series, as JSON.
std::pair<nlohmann::json, nlohmann::json> dashboard_series_json(
    std::span<const publish::Area> areas, const std::vector<DashboardIndicator>& dashboard,
    const std::optional<publish::Area>& group);

// "meting 3 van gegevenslading 2, gegevens tot juni 2025"
std::string source_text(const PublishedRun& run);

// A dashboard as a download: one row per indicator, variant, period and
// series, optionally of one indicator (and variant) only (?indicator, ?variant),
// over the periods of ?grain (already checked by the caller).
Response dashboard_download(const Request& r, const PublishedRun& run,
                            std::span<const publish::Area> areas, const publish::View& view,
                            const geo::Registry& registry,
                            const std::optional<publish::Area>& group, report::FigureSheetInfo info,
                            std::string stem);

}  // namespace lap::server::api
