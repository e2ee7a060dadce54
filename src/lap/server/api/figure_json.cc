#include "lap/server/api/figure_json.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "lap/report/figures.h"
#include "lap/server/api/pact_http.h"

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

namespace {

// The group of comparable municipalities of `m` (null for a centrumstad).
Json size_class_json(const geo::Municipality& m) {
  auto c = geo::size_class(m);
  if (!c) return nullptr;
  return {{"id", std::to_string(c->id)}, {"name", c->name}};
}

}  // namespace

Json area_json(const geo::Municipality& m, bool own) {
  return {{"nis", m.nis.to_string()},
          {"name", m.name},
          {"province", m.province_name},
          {"province_nis", m.province.to_string()},
          {"regiegebied", m.regiegebied.empty() ? Json(nullptr) : Json(m.regiegebied)},
          {"centrumstad", m.centrumstad},
          {"size_class", size_class_json(m)},
          {"own", own}};
}

bool is_own(const publish::View& view, const geo::Municipality& m) {
  return view.kind == publish::View::Kind::kOwner && view.owner == m.nis;
}

std::string view_text_nl(const publish::View& view, int k, const geo::Municipality* own) {
  switch (view.kind) {
    case publish::View::Kind::kExact:
      return "alle cijfers exact, ook kleine aantallen (WSE en VDAB)";
    case publish::View::Kind::kOwner:
      if (own == nullptr || own->nis != view.owner) {
        return fmt::format(
            "zoals het publiek ze ziet, met de cijfers van het eigen OCMW ({}) exact; "
            "aantallen van minder dan {} personen en de cijfers waaruit ze terug te rekenen "
            "zijn, zijn afgeschermd",
            view.owner.to_string(), k);
      }
      return fmt::format(
          "de cijfers van het eigen OCMW {} exact; elders afgeschermd zoals voor "
          "het publiek (minder dan {} personen)",
          own->name, k);
    case publish::View::Kind::kPublic:
      break;
  }
  return fmt::format(
      "zoals het publiek ze ziet: aantallen van minder dan {} personen en de "
      "cijfers waaruit ze terug te rekenen zijn, zijn afgeschermd",
      k);
}

std::string series_label_nl(const publish::Area& area) {
  switch (area.level) {
    case publish::Level::kOcmw:
      return "OCMW " + area.name;
    case publish::Level::kRegiegebied:
      return "Regiegebied " + area.name;
    case publish::Level::kProvince:
      return "Provincie " + area.name;
    case publish::Level::kSizeClass:
      return "Vergelijkbare gemeenten: " + area.name;
    case publish::Level::kCentrumsteden:
    case publish::Level::kFlanders:
      break;
  }
  return area.name;
}

bool wants_download(const Request& request) {
  const auto wanted = request.query_param("format");
  return wanted && *wanted != "json";
}

Response figure_download(const Request& request, const report::FigureSheetInfo& info,
                         std::span<const report::FigureRow> rows, std::string_view file_stem) {
  Response r = pact_http::sheet_response(request, report::figure_sheet(info, rows), file_stem);
  if (r.status == 200) r.headers.emplace_back("cache-control", "private, no-store");
  return r;
}

std::vector<publish::Area> series_areas(const geo::Municipality& m) {
  std::vector<publish::Area> areas = {publish::ocmw_area(m.nis, &m)};
  for (auto& a : publish::parents(&m))
    areas.push_back(std::move(a));
  if (!m.centrumstad) {
    areas.insert(areas.end() - 1,
                 {publish::Level::kCentrumsteden, "centrumsteden", "Centrumsteden"});
  }
  return areas;
}

bool period_less(const measure::Period& a, const measure::Period& b) {
  if (a.first != b.first) return a.first < b.first;
  if (a.kind != b.kind) return a.kind < b.kind;
  return a.last < b.last;
}

nlohmann::json run_catalogue_json(const PublishedRun& run) {
  // The catalogue: indicators with their variants and periods.
  std::map<measure::Indicator, std::pair<std::set<std::string>, std::vector<measure::Period>>>
      catalogue;
  for (const auto& f : run.figures) {
    auto& [variants, periods] = catalogue[f.indicator];
    variants.insert(std::string(f.variant));
    if (std::find(periods.begin(), periods.end(), f.period) == periods.end()) {
      periods.push_back(f.period);
    }
  }
  nlohmann::json indicators = nlohmann::json::array();
  for (auto& [id, entry] : catalogue) {
    std::sort(entry.second.begin(), entry.second.end(), period_less);
    nlohmann::json periods = nlohmann::json::array();
    for (const auto& p : entry.second)
      periods.push_back(p.to_string());
    indicators.push_back({{"indicator", measure::to_id(id)},
                          {"name", report::dutch_name(id)},
                          {"variants", entry.first},
                          {"periods", periods}});
  }
  return indicators;
}

}  // namespace lap::server::api
