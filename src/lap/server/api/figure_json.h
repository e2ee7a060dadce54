// The JSON and downloads of published figures shared by the indicator routes
// (indicators_api.cc, case_figures_api.cc): a cell as a viewer sees it, an
// area of the registry, and the same cells as XLSX or Belgian CSV.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lap/geo/registry.h"
#include "lap/publish/publication.h"
#include "lap/report/figure_sheet.h"
#include "lap/server/api/published_runs.h"
#include "lap/server/router.h"

namespace lap::server::api {

// numerator / denominator as a percentage with one decimal, halves up
// ("12.5"); nullopt for an empty denominator.
std::optional<std::string> percentage(int64_t numerator, int64_t denominator);

// A cell: its counts and percentage, or nulls and the reason when suppressed;
// null for no cell.
nlohmann::json cell_json(const publish::PublishedFigure* f);

// A municipality of the registry; `own` when it is the viewer's own OCMW.
nlohmann::json area_json(const geo::Municipality& m, bool own);

// Whether `m` is the owner's own OCMW in an owner view.
bool is_own(const publish::View& view, const geo::Municipality& m);

// What `view` shows, in Dutch, for the `Zichtbaarheid` line of a download;
// `m` is the municipality the download is about (null: all of Flanders).
std::string view_text_nl(const publish::View& view, int k, const geo::Municipality* own);

// The name of an area's series as the charts' legends show it: "OCMW
// Antwerpen", "Regiegebied Antwerpen", "Provincie Antwerpen", "Centrumsteden",
// "Vlaams Gewest".
std::string series_label_nl(const publish::Area& area);

// Whether the request asks for a download: `?format=` other than `json`.
bool wants_download(const Request& request);

// The rows as the screen shows them, as XLSX or Belgian CSV by `?format=`
// (anything else: 400), named `<file_stem>.<ext>` (pact_http::sheet_response).
Response figure_download(const Request& request, const report::FigureSheetInfo& info,
                         std::span<const report::FigureRow> rows, std::string_view file_stem);

// The areas whose series a municipality's figures are shown with: its OCMW,
// regiegebied (when known) and province, the centrumsteden and Flanders.
std::vector<publish::Area> series_areas(const geo::Municipality& m);

// Periods in display order: by first month, then months before quarters
// before ranges.
bool period_less(const measure::Period& a, const measure::Period& b);

// The catalogue of a run: its indicators with their Dutch names, variants and
// periods (in display order).
nlohmann::json run_catalogue_json(const PublishedRun& run);

}  // namespace lap::server::api
