// The published tables of a run: the per-OCMW figures rolled up to every area
// (areas.h) and hidden for a viewer according to the run's protection
// (protect.h) — the same for the screen, the API and every file.
//
// Views (domain.md §6): `exact` shows everything (WSE analysts, VDAB mediators, the
// data custodian); `public` hides every suppressed cell (everything published
// or exported for the public, and municipalities looking at others); `owner`
// is the public view with the viewer's own OCMW shown exactly (an OCMW or
// local government looking at itself). The protection holds for the owner
// view too: it is made robust against any one municipality knowing its own
// cells.
//
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/nis.h"
#include "lap/geo/registry.h"
#include "lap/measure/figure.h"
#include "lap/publish/areas.h"
#include "lap/publish/protect.h"

namespace lap::publish {

struct PublishedFigure {
  measure::Indicator indicator = measure::Indicator::kReach;
  std::string_view variant;  // the storage of the figures it was made from
  measure::Period period;
  Area area;
  int64_t numerator = 0;
  int64_t denominator = 0;
  int64_t pending = 0;
  Suppression suppression = Suppression::kNone;  // the counts are zero when suppressed
  bool suppressed() const { return suppression != Suppression::kNone; }
  CellKey key() const;
};

struct View {
  enum class Kind : uint8_t { kExact, kPublic, kOwner };
  Kind kind = Kind::kPublic;
  Nis owner;  // kOwner only

  static View exact() { return {Kind::kExact, Nis{}}; }
  static View public_view() { return {Kind::kPublic, Nis{}}; }
  static View owner_view(Nis nis) { return {Kind::kOwner, nis}; }
  // `internal` (exact), `public` or `ocmw:NNNNN`.
  static std::optional<View> parse(std::string_view text);
  std::string to_string() const;
  bool operator==(const View&) const = default;
};

// Every OCMW cell with a figure and every area containing one, exact (nothing
// suppressed). Sorted by indicator, variant, period, level and code.
std::vector<PublishedFigure> roll_up(std::span<const measure::Figure> figures,
                                     const geo::Registry& registry);

// Hides, for `view`, every cell `protection` suppresses (its counts zeroed,
// its reason kept) — except the owner's own OCMW cells in an owner view.
void apply(std::vector<PublishedFigure>& cells, const Protection& protection, const View& view);

// Cell `i` as `view` sees it, given the exact cells and the same cells in the
// public view (`apply` with View::public_view()): exact for an exact view and
// for the owner's own OCMW in an owner view, else the public one.
const PublishedFigure& seen_by(const View& view, std::span<const PublishedFigure> exact,
                               std::span<const PublishedFigure> hidden, size_t i);

}  // namespace lap::publish
