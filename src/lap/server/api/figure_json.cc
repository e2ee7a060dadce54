#include "lap/server/api/figure_json.h"

#include <fmt/format.h>

namespace lap::server::api {

using Json = nlohmann::json;

std::optional<std::string> percentage(int64_t numerator, int64_t denominator) {
  if (denominator <= 0) return std::nullopt;
  // One decimal, halves up: 1000 × n / d rounded, then split.
  const int64_t tenths = (numerator * 2000 / denominator + 1) / 2;
  return fmt::format("{}.{}", tenths / 10, tenths % 10);
}

Json cell_json(const publish::PublishedFigure* f) {
  if (f == nullptr) return nullptr;
  if (f->suppressed()) {
    return {{"numerator", nullptr},   {"pending", nullptr},
            {"denominator", nullptr}, {"percentage", nullptr},
            {"suppressed", true},     {"suppression", publish::to_id(f->suppression)}};
  }
  auto pct = percentage(f->numerator, f->denominator);
  return {{"numerator", f->numerator},     {"pending", f->pending},
          {"denominator", f->denominator}, {"percentage", pct ? Json(*pct) : Json(nullptr)},
          {"suppressed", false},           {"suppression", nullptr}};
}

Json area_json(const geo::Municipality& m, bool own) {
  return {{"nis", m.nis.to_string()},
          {"name", m.name},
          {"province", m.province_name},
          {"regiegebied", m.regiegebied.empty() ? Json(nullptr) : Json(m.regiegebied)},
          {"centrumstad", m.centrumstad},
          {"own", own}};
}

bool is_own(const publish::View& view, const geo::Municipality& m) {
  return view.kind == publish::View::Kind::kOwner && view.owner == m.nis;
}

}  // namespace lap::server::api
