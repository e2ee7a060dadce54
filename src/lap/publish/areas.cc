#include "lap/publish/areas.h"

namespace lap::publish {

std::string_view to_id(Level level) {
  switch (level) {
    case Level::kOcmw:
      return "ocmw";
    case Level::kRegiegebied:
      return "regiegebied";
    case Level::kProvince:
      return "province";
    case Level::kSizeClass:
      return "size_class";
    case Level::kCentrumsteden:
      return "centrumsteden";
    case Level::kFlanders:
      return "flanders";
  }
  return "?";
}

std::optional<Level> level_from_id(std::string_view id) {
  for (Level l : {Level::kOcmw, Level::kRegiegebied, Level::kProvince, Level::kSizeClass,
                  Level::kCentrumsteden, Level::kFlanders}) {
    if (to_id(l) == id) return l;
  }
  return std::nullopt;
}

std::optional<Area> size_class_area(const geo::Municipality& m) {
  auto c = geo::size_class(m);
  if (!c) return std::nullopt;
  return Area{Level::kSizeClass, std::to_string(c->id), std::string(c->name)};
}

Area ocmw_area(Nis nis, const geo::Municipality* m) {
  return {Level::kOcmw, nis.to_string(), m != nullptr ? m->name : nis.to_string()};
}

std::vector<Area> parents(const geo::Municipality* m) {
  std::vector<Area> out;
  if (m != nullptr) {
    if (!m->regiegebied.empty()) {
      out.push_back({Level::kRegiegebied, m->regiegebied, m->regiegebied});
    }
    out.push_back({Level::kProvince, m->province.to_string(), m->province_name});
    if (m->centrumstad) out.push_back({Level::kCentrumsteden, "centrumsteden", "Centrumsteden"});
  }
  out.push_back({Level::kFlanders, "flanders", "Vlaams Gewest"});
  return out;
}

}  // namespace lap::publish
