// Profiles over HTTP (docs/api.md, docs/indicators.md "Profielen"): who the
// persons behind one OCMW's figure are — per age band, sex, months on leefloon
// in a row, GPMI, exemption and the ukrainian flag, how many are in the
// denominator and the numerator — as JSON or a download.
//
// Only exactly: WSE and VDAB for any OCMW, a municipality's users for their own
// OCMW, as the dashboard shows those figures. A profile is not protected (its
// categories split counts the dashboard may hide), so no one else gets one.
// Computed from the latest run's data and settings; the profiles of the last
// few figures asked for are kept.
#include <mutex>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lap/measure/profile.h"
#include "lap/report/figures.h"
#include "lap/report/sheet.h"
#include "lap/server/api/api.h"
#include "lap/server/api/figure_json.h"
#include "lap/server/api/pact_http.h"
#include "lap/server/api/published_runs.h"
#include "lap/server/api/recent_cache.h"

namespace lap::server::api {
namespace {

using Json = nlohmann::json;

constexpr size_t kKeptProfiles = 32;

struct ComputedProfile {
  std::vector<measure::ProfileTable> tables;
  int64_t members = 0;
};

using ProfileKey = std::tuple<int64_t, int32_t, int, std::string, std::string>;

// The entitlement traits of the latest data asked for, and the recent profiles.
class ProfileCache {
 public:
  Result<std::shared_ptr<const measure::ProfileTraits>> traits(Environment& e,
                                                               const pact::DataRef& data,
                                                               const measure::Timelines& t) {
    std::lock_guard lock(traits_mutex_);
    if (traits_ && traits_data_ == std::pair(data.load_id, data.link_run_id)) return traits_;
    auto store = e.pool->lease();
    if (!store) return std::unexpected(store.error());
    auto rows = (*store)->read_entitlement_traits(data.load_id);
    if (!rows) return std::unexpected(rows.error());
    traits_ = std::make_shared<const measure::ProfileTraits>(t, *rows);
    traits_data_ = {data.load_id, data.link_run_id};
    return traits_;
  }
  RecentCache<ProfileKey, ComputedProfile> profiles{kKeptProfiles};

 private:
  std::mutex traits_mutex_;
  std::shared_ptr<const measure::ProfileTraits> traits_;
  std::pair<int64_t, std::optional<int64_t>> traits_data_;
};

Json tables_json(const std::vector<measure::ProfileTable>& tables, bool has_denominator) {
  Json out = Json::array();
  for (const auto& t : tables) {
    Json categories = Json::array();
    for (const auto& c : t.categories) {
      const auto pct = has_denominator ? percentage(c.count.numerator, c.count.denominator)
                                       : std::optional<std::string>();
      categories.push_back({{"id", c.id},
                            {"name", c.name},
                            {"denominator", has_denominator ? Json(c.count.denominator) : Json()},
                            {"numerator", c.count.numerator},
                            {"pending", c.count.pending},
                            {"percentage", pct ? Json(*pct) : Json(nullptr)}});
    }
    out.push_back({{"id", t.id}, {"name", t.name}, {"categories", std::move(categories)}});
  }
  return out;
}

// The profile as a sheet: a row per characteristic and category.
report::Sheet profile_sheet(const ComputedProfile& p, bool has_denominator,
                            const std::string& table, const std::string& source, Date today) {
  report::Sheet sheet;
  sheet.id = "profile";
  sheet.title = "Profiel";
  sheet.generated_on = today;
  sheet.columns = {{"Kenmerk", "characteristic"}, {"Categorie", "category"}};
  if (has_denominator)
    sheet.columns.push_back({"Noemer", "denominator", report::CellType::kInteger});
  sheet.columns.push_back({"Teller", "numerator", report::CellType::kInteger});
  sheet.columns.push_back({"Lopend", "pending", report::CellType::kInteger});
  if (has_denominator) sheet.columns.push_back({"Percentage", "percentage"});
  for (const auto& t : p.tables) {
    for (const auto& c : t.categories) {
      std::vector<report::Cell> row(sheet.columns.size());
      size_t i = 0;
      row[i++] = std::string(t.name);
      row[i++] = std::string(c.name);
      if (has_denominator) row[i++] = c.count.denominator;
      row[i++] = c.count.numerator;
      row[i++] = c.count.pending;
      if (has_denominator) row[i] = report::percentage_nl(c.count.numerator, c.count.denominator);
      sheet.rows.push_back(std::move(row));
    }
  }
  sheet.info = {
      {"Tabel", "table", report::CellType::kText, table},
      {"Bron", "source", report::CellType::kText, source},
      {"Personen", "members", report::CellType::kInteger, p.members},
      {"Zichtbaarheid", "visibility", report::CellType::kText,
       std::string("exact: de personen van het eigen OCMW (WSE en VDAB: van elk OCMW)")},
  };
  return sheet;
}

Response profile(const Request& r, const PublishedRun& run, const publish::View& view,
                 Environment& e, ProfileCache& cache) {
  auto nis = Nis::parse(r.query_param("nis").value_or(""));
  const geo::Municipality* m = nis ? e.registry->find(*nis) : nullptr;
  if (m == nullptr)
    return Response::problem(404, "not_found", "Geen Vlaamse gemeente met die NIS-code.");
  if (view.kind == publish::View::Kind::kPublic ||
      (view.kind == publish::View::Kind::kOwner && view.owner != m->nis)) {
    return Response::problem(403, "forbidden",
                             "Een profiel is er alleen van de cijfers van uw eigen OCMW.");
  }
  auto indicator = measure::indicator_from_id(r.query_param("indicator").value_or("reach"));
  const std::string variant(r.query_param("variant").value_or("all"));
  std::optional<measure::Period> period = measure::Period::month(run.run.last_month);
  if (auto text = r.query_param("period"); text && !text->empty())
    period = measure::Period::parse(*text);
  if (!indicator || !period) {
    return Response::problem(400, "bad_request",
                             "indicator en period: een indicator en een periode van de meting");
  }
  const publish::PublishedFigure* figure = nullptr;
  for (const auto& f : run.exact) {
    if (f.area.level == publish::Level::kOcmw && f.indicator == *indicator &&
        f.variant == variant && f.period == *period && f.area.code == m->nis.to_string()) {
      figure = &f;
      break;
    }
  }
  if (figure == nullptr) {
    return Response::problem(404, "not_found",
                             "Deze meting heeft dat cijfer niet voor die gemeente.");
  }
  const pact::DataRef data{run.run.load_id, run.run.link_run_id};
  auto loaded = e.timelines(data);
  if (!loaded) return problem_for(loaded.error());
  const measure::Timelines& t = **loaded;
  const ProfileKey key{run.run.run_id, m->nis.code(), static_cast<int>(*indicator), variant,
                       period->to_string()};
  auto computed = cache.profiles.find(key);
  if (!computed) {
    auto traits = cache.traits(e, data, t);
    if (!traits) return problem_for(traits.error());
    const auto members =
        measure::figure_members(t, run_settings(run), m->nis, *indicator, variant, *period);
    auto p = std::make_shared<ComputedProfile>();
    p->tables = measure::profile(t, **traits, members, measure::reference_month(*period));
    p->members = static_cast<int64_t>(members.size());
    computed = p;
    cache.profiles.put(key, computed);
  }
  const bool has_denominator = *indicator != measure::Indicator::kLapResult;
  const std::string title =
      fmt::format("Profiel van {} ({}), OCMW {} ({}), {}", report::dutch_name(*indicator), variant,
                  m->name, m->nis.to_string(), period->to_string());
  if (wants_download(r)) {
    const std::string source =
        fmt::format("meting {} van gegevenslading {}, gegevens tot {}", run.run.run_id,
                    run.run.load_id, run.run.data_end.to_string());
    Response out = pact_http::sheet_response(
        r, profile_sheet(*computed, has_denominator, title, source, e.today()),
        fmt::format("profiel_{}_{}_{}_{}", m->nis.to_string(), measure::to_id(*indicator), variant,
                    period->to_string()));
    if (out.status == 200) out.headers.emplace_back("cache-control", "private, no-store");
    return out;
  }
  Json body = {{"run_id", run.run.run_id},
               {"area", area_json(*m, is_own(view, *m))},
               {"indicator", measure::to_id(*indicator)},
               {"name", report::dutch_name(*indicator)},
               {"variant", variant},
               {"period", period->to_string()},
               {"month", measure::reference_month(*period).to_string()},
               {"figure", cell_json(figure)},
               {"members", computed->members},
               {"has_denominator", has_denominator},
               {"indicators", run_catalogue_json(run)},
               {"tables", tables_json(computed->tables, has_denominator)}};
  Response out = Response::json(200, body.dump());
  out.headers.emplace_back("cache-control", "private, no-cache");
  return out;
}

}  // namespace

void add_profile_routes(Service& service, Environment& env) {
  auto cache = std::make_shared<ProfileCache>();
  Environment* e = &env;
  service.router().add(
      "GET", "/api/v1/profile",
      on_latest_run(*env.runs, [cache, e](const Request& r, const PublishedRun& run,
                                          const publish::View& view) {
        return profile(r, run, view, *e, *cache);
      }));
}

}  // namespace lap::server::api
