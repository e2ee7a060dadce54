// Roll-ups and small-cell suppression (SPEC §5): from the per-OCMW figures of
// the engine to the tables a user sees.
//
// Roll-up. Every figure is a sum over units (persons or trajectories) that the
// engine attributes to exactly one OCMW, so an area's figure is the sum of its
// OCMWs' figures. Areas: each OCMW, its regiegebied (when known), its
// province, the 13 centrumsteden together, and the Flemish Region.
//
// Suppression (docs/indicators.md, "Kleine aantallen"). A *table* is one
// indicator, variant and period over all areas. In it:
//  1. Primary: a cell is suppressed when any count it reveals lies in
//     1..k-1 — the numerator, the pending count, the denominator, or the
//     denominator's rest (denominator - numerator - pending), which would
//     otherwise give away the few persons *not* counted.
//  2. Secondary: every published aggregate is the sum of its OCMW cells, so
//     published aggregates and cells form linear equations in the suppressed
//     OCMW cells. A suppressed cell is disclosed when it is determined by those
//     equations (its unit vector lies in the row space, checked by Gaussian
//     elimination). While a cell is disclosed, the published OCMW cell with the
//     smallest denominator that shares an aggregate with it is suppressed too
//     (or, when there is none, that aggregate). Repeated until no suppressed
//     cell is determined.
// The viewer's own OCMW is never suppressed for the viewer, and it counts as
// known in step 2, so the viewer cannot use it to recompute a neighbour.
//
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "lap/core/nis.h"
#include "lap/geo/registry.h"
#include "lap/measure/figure.h"

namespace lap::measure {

enum class Level : uint8_t { kOcmw, kRegiegebied, kProvince, kCentrumsteden, kFlanders };
std::string_view to_id(Level level);  // ocmw, regiegebied, province, centrumsteden, flanders

struct Area {
  Level level = Level::kOcmw;
  std::string code;  // NIS code (OCMW, province), the regiegebied's name, or the level id
  std::string name;  // Dutch name for display
  bool operator==(const Area&) const = default;
};

struct PublishedFigure {
  Indicator indicator = Indicator::kReach;
  std::string_view variant;
  Period period;
  Area area;
  int64_t numerator = 0;
  int64_t denominator = 0;
  int64_t pending = 0;
  bool suppressed = false;  // the counts are zeroed when suppressed
};

struct PublishOptions {
  int k = 5;  // cells counting 1..k-1 units are suppressed; k <= 1 turns suppression off
  // The viewer's own OCMW (NIS code): never suppressed, and known to the viewer.
  std::optional<Nis> owner;
};

// Rolls `figures` (per OCMW, any mix of indicators and periods) up to every
// area and applies suppression. OCMW cells are returned only for OCMWs with a
// figure; every aggregate that contains one is returned. Sorted by indicator,
// variant, period, level and code.
std::vector<PublishedFigure> publish(std::span<const Figure> figures, const geo::Registry& registry,
                                     const PublishOptions& options);

// True when suppressed cell `target` of the linear system is determined:
// `rows[i]` lists the suppressed cells (column indices) in published aggregate
// i. Exposed for tests.
bool determined(const std::vector<std::vector<int>>& rows, int columns, int target);

}  // namespace lap::measure
