// The case figures of the dashboard over HTTP (docs/api.md "Case figures"):
// GET /api/v1/case-figures/{nis}. The figures (cases/case_figures.h) are
// computed live from the shared cases, rolled up to every area and protected
// together with the linked-table method of the measurement runs
// (publish/protect.h) for the k in force; who sees what is as for the
// dashboard (published_runs.h: exact for WSE and VDAB, the own OCMW exact for
// a municipality, the rest as the public sees it).
//
// Cases change all day, so the tables are not kept with a run. They are
// computed on the first request, and again when the day or k changed (that
// request waits: the answer must follow k at once). When a case changed (its
// latest history row) or the tables are a minute old (the data behind the
// leefloners may have been reloaded), the request is answered from the tables
// at hand while new ones are computed in the background — at `flanders` scale
// with 100,000 cases that takes about a second, which no dashboard should wait
// for. The answer says when its tables were computed.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lap/cases/case_figures.h"
#include "lap/measure/person.h"
#include "lap/publish/protect.h"
#include "lap/publish/publication.h"
#include "lap/report/figures.h"
#include "lap/server/api/api.h"
#include "lap/server/api/figure_json.h"
#include "lap/server/api/person_access.h"
#include "lap/server/api/published_runs.h"

namespace lap::server::api {
namespace {

using Json = nlohmann::json;
using auth::Permission;
using measure::Indicator;
using publish::Level;

// How long computed tables are served at most when no case changed.
constexpr std::chrono::seconds kFreshFor{60};

// The case figures of one moment, exact and as the public sees them.
struct CaseTables {
  Date today;
  Date clock_day;
  int64_t latest_event = 0;  // of the cases they were computed from
  int k = 0;
  std::chrono::steady_clock::time_point made;
  std::string computed_at;  // ISO 8601 UTC
  std::map<Indicator, std::vector<Month>> months;
  std::vector<publish::PublishedFigure> exact;
  std::vector<publish::PublishedFigure> hidden;  // the public view, cell for cell
  std::map<publish::CellKey, size_t> index;      // into exact and hidden
  // The median lead time (hours) of the handovers decided, per month and area.
  std::map<std::pair<Month, std::pair<Level, std::string>>, double> median_hours;

  const publish::PublishedFigure& cell(size_t i, const publish::View& view) const {
    return publish::seen_by(view, exact, hidden, i);
  }
};

std::tm utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return tm;
}

Date utc_day(const std::tm& tm) {
  return *Date::from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

// The medians of the handovers' lead times for every OCMW and area they count in.
void add_medians(const cases::CaseFigures& f, const geo::Registry& registry, CaseTables& out) {
  std::map<std::pair<Month, std::pair<Level, std::string>>, std::vector<double>> hours;
  for (const auto& [at, values] : f.lead_hours) {
    const auto [month, nis] = at;
    auto code = Nis::from_int(nis);
    if (!code) continue;
    const geo::Municipality* m = registry.find(*code);
    std::vector<publish::Area> areas = publish::parents(m);
    areas.push_back(publish::ocmw_area(*code, m));
    for (const auto& a : areas) {
      auto& list = hours[{month, {a.level, a.code}}];
      list.insert(list.end(), values.begin(), values.end());
    }
  }
  for (auto& [key, values] : hours) {
    if (auto median = cases::median(std::move(values))) out.median_hours[key] = *median;
  }
}

Result<std::shared_ptr<const CaseTables>> compute(Environment& e, int64_t latest_event) {
  auto tables = std::make_shared<CaseTables>();
  tables->latest_event = latest_event;
  tables->today = e.today();
  tables->k = settings_of(e).k;
  tables->made = std::chrono::steady_clock::now();
  const std::tm now = utc_now();
  tables->computed_at = fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
  tables->clock_day = utc_day(now);
  cases::CaseFigureOptions options;
  options.today = tables->today;
  options.clock_day = tables->clock_day;
  const Month first =
      std::min(Month::of(options.today), Month::of(options.clock_day)) - (options.months - 1);
  cases::CaseFacts facts;
  {
    auto store = e.pool->lease();
    if (!store) return std::unexpected(store.error());
    auto read = (*store)->case_figure_facts(first.first_day());
    if (!read) return std::unexpected(read.error());
    facts = std::move(*read);
  }
  // The leefloners of the data behind the published figures; none before an import.
  auto loaded = person_timelines(e);
  if (!loaded && loaded.error().code != ErrorCode::kNotFound)
    return std::unexpected(loaded.error());
  if (loaded) {
    options.timelines = loaded->timelines.get();
    options.leefloner_end = measure::data_end(*options.timelines, measure::Settings{});
  }
  const cases::CaseFigures figures = cases::compute_case_figures(facts, options);
  tables->months = figures.months;
  publish::ProtectOptions protect_options;
  protect_options.k = tables->k;
  auto protection = publish::protect(figures.blocks, *e.registry, protect_options);
  if (!protection) return std::unexpected(protection.error());
  tables->exact = publish::roll_up(figures.figures, *e.registry);
  tables->hidden = tables->exact;
  publish::apply(tables->hidden, protection->protection, publish::View::public_view());
  for (size_t i = 0; i < tables->exact.size(); ++i)
    tables->index.emplace(tables->exact[i].key(), i);
  add_medians(figures, *e.registry, *tables);
  return std::shared_ptr<const CaseTables>(std::move(tables));
}

}  // namespace

// The tables in force (see the top of this file).
class CaseFigureCache {
 public:
  explicit CaseFigureCache(Environment& e) : e_(e) {}
  CaseFigureCache(const CaseFigureCache&) = delete;
  CaseFigureCache& operator=(const CaseFigureCache&) = delete;
  ~CaseFigureCache() {
    if (worker_.joinable()) worker_.join();
  }

  Result<std::shared_ptr<const CaseTables>> get() {
    int64_t latest = 0;
    {
      auto store = e_.pool->lease();
      if (!store) return std::unexpected(store.error());
      auto read = (*store)->latest_case_event();
      if (!read) return std::unexpected(read.error());
      latest = *read;
    }
    const Date today = e_.today();
    const Date clock_day = utc_day(utc_now());
    const int k = settings_of(e_).k;
    {
      std::lock_guard lock(mutex_);
      if (current_ && current_->today == today && current_->clock_day == clock_day &&
          current_->k == k) {
        const bool fresh = current_->latest_event == latest &&
                           std::chrono::steady_clock::now() - current_->made < kFreshFor;
        if (!fresh && !refreshing_) refresh_in_background(latest);
        return current_;
      }
    }
    std::lock_guard computing(compute_mutex_);
    auto fresh = compute(e_, latest);
    if (!fresh) return std::unexpected(fresh.error());
    std::lock_guard lock(mutex_);
    current_ = *fresh;
    return current_;
  }

 private:
  // REQUIRES: mutex_ held, no refresh under way.
  void refresh_in_background(int64_t latest) {
    refreshing_ = true;
    if (worker_.joinable()) worker_.join();  // the previous refresh has ended
    worker_ = std::thread([this, latest] {
      Result<std::shared_ptr<const CaseTables>> fresh = std::shared_ptr<const CaseTables>();
      {
        std::lock_guard computing(compute_mutex_);
        fresh = compute(e_, latest);
      }
      std::lock_guard lock(mutex_);
      // A failure keeps the tables at hand; the next request tries again.
      if (fresh && *fresh) current_ = *fresh;
      refreshing_ = false;
    });
  }

  Environment& e_;
  std::mutex compute_mutex_;  // one computation at a time
  std::mutex mutex_;          // current_, refreshing_, worker_
  std::shared_ptr<const CaseTables> current_;
  bool refreshing_ = false;
  std::thread worker_;
};

namespace {

std::string_view series_name(Level level) {
  return publish::to_id(level);
}

// One cell of a series as `view` sees it, with the median lead time when the
// cell is shown and has one (handovers only).
struct SeenCell {
  const publish::PublishedFigure* figure = nullptr;
  std::optional<double> median_hours;
};

SeenCell seen_cell(const CaseTables& t, Indicator indicator, Month month, const publish::Area& a,
                   const publish::View& view) {
  SeenCell out;
  auto it = t.index.find({indicator, "all", measure::Period::month(month), a.level, a.code});
  if (it == t.index.end()) return out;
  out.figure = &t.cell(it->second, view);
  auto median = t.median_hours.find({month, {a.level, a.code}});
  if (!out.figure->suppressed() && median != t.median_hours.end() &&
      indicator == Indicator::kHandoverLeadTime) {
    out.median_hours = median->second;
  }
  return out;
}

// The figures of `m`, its areas, the centrumsteden and Flanders for `view`.
std::string case_figures_json(const CaseTables& t, const geo::Municipality& m,
                              const publish::View& view) {
  const std::vector<publish::Area> areas = series_areas(m);
  Json indicators = Json::array();
  for (const auto& [indicator, months] : t.months) {
    Json periods = Json::array();
    Json series = Json::object();
    Json medians = Json::object();
    Json names = Json::object();
    for (const auto& a : areas) {
      const std::string name(series_name(a.level));
      names[name] = a.name;
      Json cells = Json::array();
      Json hours = Json::array();
      for (const Month month : months) {
        const SeenCell c = seen_cell(t, indicator, month, a, view);
        cells.push_back(cell_json(c.figure));
        hours.push_back(c.median_hours ? Json(std::round(*c.median_hours * 10) / 10)
                                       : Json(nullptr));
      }
      series[name] = std::move(cells);
      medians[name] = std::move(hours);
    }
    for (const Month month : months)
      periods.push_back(month.to_string());
    Json entry = {{"indicator", measure::to_id(indicator)},
                  {"name", report::dutch_name(indicator)},
                  {"variant", "all"},
                  {"periods", periods},
                  {"series_names", names},
                  {"series", series}};
    if (indicator == Indicator::kHandoverLeadTime) entry["median_hours"] = std::move(medians);
    indicators.push_back(std::move(entry));
  }
  Json body = {{"today", t.today.to_string()},
               {"computed_at", t.computed_at},
               {"k", t.k},
               {"area", area_json(m, is_own(view, m))},
               {"view", view.kind == publish::View::Kind::kExact ? "exact" : "protected"},
               {"indicators", indicators}};
  return body.dump();
}

// The same cells as a download: one row per figure, month and series.
Response case_figures_download(const Request& r, const CaseTables& t, const geo::Municipality& m,
                               const publish::View& view) {
  const std::vector<publish::Area> areas = series_areas(m);
  const auto only = r.query_param("indicator");
  std::vector<report::FigureRow> rows;
  for (const auto& [indicator, months] : t.months) {
    if (only && *only != measure::to_id(indicator)) continue;
    for (const Month month : months) {
      for (const auto& a : areas) {
        const SeenCell c = seen_cell(t, indicator, month, a, view);
        rows.push_back({c.figure,
                        indicator,
                        "all",
                        measure::Period::month(month),
                        series_label_nl(a),
                        a,
                        c.median_hours,
                        {}});
      }
    }
  }
  report::FigureSheetInfo info{
      "case_figures",
      "Dossiercijfers",
      fmt::format("Samenwerking in dossiers, {} ({})", m.name, m.nis.to_string()),
      fmt::format("de gedeelde dossiers op {}, berekend op {}", t.today.to_string(), t.computed_at),
      view_text_nl(view, t.k, &m),
      t.k,
      t.today,
      !only || *only == measure::to_id(Indicator::kHandoverLeadTime)};
  std::string stem = "dossiercijfers_" + m.nis.to_string();
  if (only) stem += "_" + std::string(*only);
  return figure_download(r, info, rows, stem);
}

}  // namespace

void add_case_figure_routes(Service& service, Environment& env) {
  env.case_figures = std::make_shared<CaseFigureCache>(env);
  std::weak_ptr<CaseFigureCache> tables_of = env.case_figures;
  Environment* e = &env;
  service.router().add(
      "GET", "/api/v1/case-figures/{nis}",
      [tables_of, e](const Request& r, RequestContext& ctx) -> Response {
        if (auto d = deny_unless(ctx, Permission::kAggregates)) return *d;
        auto nis = Nis::parse(r.param("nis"));
        const geo::Municipality* m = nis ? e->registry->find(*nis) : nullptr;
        if (m == nullptr)
          return Response::problem(404, "not_found", "Geen Vlaamse gemeente met die NIS-code.");
        auto cache = tables_of.lock();
        if (!cache) return Response::problem(503, "unavailable", "De server stopt.");
        auto tables = cache->get();
        if (!tables) return problem_for(tables.error());
        if (wants_download(r))
          return case_figures_download(r, **tables, *m, view_for(*ctx.principal));
        Response out =
            Response::json(200, case_figures_json(**tables, *m, view_for(*ctx.principal)));
        out.headers.emplace_back("cache-control", "private, no-cache");
        return out;
      });
}

}  // namespace lap::server::api
