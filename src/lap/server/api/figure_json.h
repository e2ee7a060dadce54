// The JSON of published figures shared by the indicator routes
// (indicators_api.cc, case_figures_api.cc): a cell as a viewer sees it and an
// area of the registry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "lap/geo/registry.h"
#include "lap/publish/publication.h"

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

}  // namespace lap::server::api
