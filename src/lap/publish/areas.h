// The areas figures are published for (domain.md §5): each OCMW, its regiegebied
// (when known), its province, the 13 centrumsteden together and the Flemish
// Region. A group of comparable municipalities (a size class, geo::size_class)
// is an area too, but its figures are not sums: it is compared by the median
// of its members' figures (docs/indicators.md, "Vergelijkbare gemeenten"). Every unit is attributed
// to one OCMW, so an area's figure is the sum of its OCMWs' figures.
//
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lap/geo/registry.h"

namespace lap::publish {

enum class Level : uint8_t {
  kOcmw,
  kRegiegebied,
  kProvince,
  kSizeClass,
  kCentrumsteden,
  kFlanders
};
// ocmw, regiegebied, province, size_class, centrumsteden, flanders
std::string_view to_id(Level level);
std::optional<Level> level_from_id(std::string_view id);

struct Area {
  Level level = Level::kOcmw;
  // NIS code (OCMW, province), the regiegebied's name, the size class (1..5),
  // or the level id
  std::string code;
  std::string name;  // Dutch name for display
  bool operator==(const Area&) const = default;
};

// The OCMW itself, named after the municipality (or its code when unknown).
Area ocmw_area(Nis nis, const geo::Municipality* m);
// The aggregate areas an OCMW's figures are summed into: its regiegebied
// (when known), its province, the centrumsteden (for a centrumstad) and the
// Flemish Region — in that order. Only the Flemish Region
// for an unknown code.
std::vector<Area> parents(const geo::Municipality* m);
// The group of comparable municipalities of `m` (not for a centrumstad).
std::optional<Area> size_class_area(const geo::Municipality& m);

}  // namespace lap::publish
