// Indicator figures over HTTP (docs/api.md): the municipality dashboard, the
// Flanders table and the list of areas, from the latest measurement run,
// rolled up and suppressed as `lap measure --out` does (measure/publish.h).
//
// A run's figures never change, so the published tables (one per view: public
// or one owner) and the dashboard documents are computed once per run and kept
// in memory; a new run replaces them.
#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <shared_mutex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lap/measure/publish.h"
#include "lap/report/figures.h"
#include "lap/server/api/api.h"

namespace lap::server::api {
namespace {

using Json = nlohmann::json;
using auth::Permission;

constexpr int kSuppressionK = 5;

std::optional<measure::Period> parse_period(std::string_view text) {
  if (auto dots = text.find(".."); dots != std::string_view::npos) {
    auto a = Month::parse(text.substr(0, dots));
    auto b = Month::parse(text.substr(dots + 2));
    if (!a || !b || *b < *a) return std::nullopt;
    return measure::Period::range(*a, *b);
  }
  if (auto q = text.find("-Q"); q != std::string_view::npos && text.size() == q + 3) {
    const char digit = text[q + 2];
    if (digit < '1' || digit > '4') return std::nullopt;
    auto first = Month::parse(fmt::format("{}-{:02d}", text.substr(0, q), (digit - '1') * 3 + 1));
    if (!first) return std::nullopt;
    return measure::Period::quarter(*first);
  }
  auto m = Month::parse(text);
  if (!m) return std::nullopt;
  return measure::Period::month(*m);
}

// Periods in display order: by first month, then months before quarters
// before ranges.
bool period_less(const measure::Period& a, const measure::Period& b) {
  if (a.first != b.first) return a.first < b.first;
  if (a.kind != b.kind) return a.kind < b.kind;
  return a.last < b.last;
}

std::optional<std::string> percentage(int64_t numerator, int64_t denominator) {
  if (denominator <= 0) return std::nullopt;
  // One decimal, halves up: 1000 × n / d rounded, then split.
  const int64_t tenths = (numerator * 2000 / denominator + 1) / 2;
  return fmt::format("{}.{}", tenths / 10, tenths % 10);
}

Json cell_json(const measure::PublishedFigure* f) {
  if (f == nullptr) return nullptr;
  if (f->suppressed) {
    return {{"numerator", nullptr},
            {"pending", nullptr},
            {"denominator", nullptr},
            {"percentage", nullptr},
            {"suppressed", true}};
  }
  auto pct = percentage(f->numerator, f->denominator);
  return {{"numerator", f->numerator},
          {"pending", f->pending},
          {"denominator", f->denominator},
          {"percentage", pct ? Json(*pct) : Json(nullptr)},
          {"suppressed", false}};
}

// The figures of one measurement run and what was derived from them.
struct RunData {
  store::MeasureRun run;
  std::vector<measure::Figure> figures;
  std::set<std::string, std::less<>> variants;  // storage for Figure::variant
  std::mutex mutex;                             // guards the two caches below
  std::map<int, std::shared_ptr<const std::vector<measure::PublishedFigure>>> published;
  std::map<std::pair<int, int>, std::shared_ptr<const std::string>> dashboards;
};

class IndicatorApi {
 public:
  explicit IndicatorApi(Environment& env) : env_(env) {}

  // The latest run; null when there is none. Which run is latest is read
  // from the database at most once a second.
  Result<std::shared_ptr<RunData>> latest() {
    const auto now = std::chrono::steady_clock::now();
    {
      std::shared_lock lock(mutex_);
      if (current_ && now - checked_ < std::chrono::seconds(1)) return current_;
    }
    std::optional<store::MeasureRun> run;
    {
      auto store = env_.pool->lease();
      if (!store) return std::unexpected(store.error());
      auto found = (*store)->latest_measure_run(std::nullopt);
      if (!found) return std::unexpected(found.error());
      run = *found;
      if (!run) return std::shared_ptr<RunData>();
      {
        std::unique_lock lock(mutex_);
        if (current_ && current_->run.run_id == run->run_id) {
          checked_ = now;
          return current_;
        }
      }
      auto data = std::make_shared<RunData>();
      data->run = *run;
      auto stored = (*store)->measure_figures(run->run_id, "");
      if (!stored) return std::unexpected(stored.error());
      data->figures.reserve(stored->size());
      for (const auto& s : *stored) {
        auto indicator = measure::indicator_from_id(s.indicator);
        auto period = parse_period(s.period);
        auto nis = Nis::from_int(s.nis);
        if (!indicator || !period || !nis) continue;  // transitions are not dashboard figures
        const std::string& variant = *data->variants.insert(s.variant).first;
        data->figures.push_back(
            {*indicator, variant, *period, *nis, s.numerator, s.denominator, s.pending});
      }
      std::unique_lock lock(mutex_);
      current_ = data;
      checked_ = now;
      return data;
    }
  }

  // The published table of a run for a viewer (owner code, 0 = public).
  std::shared_ptr<const std::vector<measure::PublishedFigure>> published(RunData& data, int owner) {
    std::lock_guard lock(data.mutex);
    auto& slot = data.published[owner];
    if (!slot) {
      measure::PublishOptions options;
      options.k = kSuppressionK;
      if (owner != 0) options.owner = *Nis::from_int(owner);
      slot = std::make_shared<const std::vector<measure::PublishedFigure>>(
          measure::publish(data.figures, *env_.registry, options));
    }
    return slot;
  }

  std::shared_ptr<const std::string> dashboard(RunData& data, const geo::Municipality& m,
                                               int owner) {
    const std::pair key{m.nis.code(), owner};
    {
      std::lock_guard lock(data.mutex);
      if (auto it = data.dashboards.find(key); it != data.dashboards.end()) return it->second;
    }
    auto table = published(data, owner);
    const std::string nis = m.nis.to_string();
    // (indicator, variant) -> period -> series -> figure
    using Series = std::map<std::string, const measure::PublishedFigure*>;
    std::map<std::pair<measure::Indicator, std::string_view>,
             std::vector<std::pair<measure::Period, Series>>>
        groups;
    for (const auto& f : *table) {
      std::string series;
      switch (f.area.level) {
        case measure::Level::kOcmw:
          if (f.area.code == nis) series = "ocmw";
          break;
        case measure::Level::kRegiegebied:
          if (!m.regiegebied.empty() && f.area.code == m.regiegebied) series = "regiegebied";
          break;
        case measure::Level::kCentrumsteden:
          series = "centrumsteden";
          break;
        case measure::Level::kFlanders:
          series = "flanders";
          break;
        case measure::Level::kProvince:
          break;
      }
      if (series.empty()) continue;
      auto& periods = groups[{f.indicator, f.variant}];
      auto it = std::find_if(periods.begin(), periods.end(),
                             [&](const auto& p) { return p.first == f.period; });
      if (it == periods.end()) {
        periods.push_back({f.period, {}});
        it = std::prev(periods.end());
      }
      it->second[series] = &f;
    }
    Json indicators = Json::array();
    for (auto& [id, periods] : groups) {
      // Only what the municipality itself has a figure for.
      if (std::none_of(periods.begin(), periods.end(),
                       [](const auto& p) { return p.second.contains("ocmw"); })) {
        continue;
      }
      std::sort(periods.begin(), periods.end(),
                [](const auto& a, const auto& b) { return period_less(a.first, b.first); });
      Json labels = Json::array();
      Json series = Json::object();
      std::vector<std::string> names = {"ocmw", "centrumsteden", "flanders"};
      if (!m.regiegebied.empty()) names.insert(names.begin() + 1, "regiegebied");
      for (const auto& name : names)
        series[name] = Json::array();
      for (const auto& [period, cells] : periods) {
        labels.push_back(period.to_string());
        for (const auto& name : names) {
          auto c = cells.find(name);
          series[name].push_back(cell_json(c == cells.end() ? nullptr : c->second));
        }
      }
      indicators.push_back({{"indicator", measure::to_id(id.first)},
                            {"name", report::dutch_name(id.first)},
                            {"variant", id.second},
                            {"periods", labels},
                            {"series", series}});
    }
    Json body = {{"run", run_json(data.run)},
                 {"area", area_json(m, owner == m.nis.code())},
                 {"indicators", indicators}};
    auto text = std::make_shared<const std::string>(body.dump());
    std::lock_guard lock(data.mutex);
    data.dashboards[key] = text;
    return text;
  }

  static Json run_json(const store::MeasureRun& r) {
    return {{"run_id", r.run_id},
            {"load_id", r.load_id},
            {"data_end", r.data_end.to_string()},
            {"first_month", r.first_month.to_string()},
            {"last_month", r.last_month.to_string()},
            {"created_at", r.created_at}};
  }

  static Json area_json(const geo::Municipality& m, bool own) {
    return {{"nis", m.nis.to_string()},
            {"name", m.name},
            {"province", m.province_name},
            {"regiegebied", m.regiegebied.empty() ? Json(nullptr) : Json(m.regiegebied)},
            {"centrumstad", m.centrumstad},
            {"own", own}};
  }

  // The owner view for this user and municipality, or 0 for the public view.
  static int owner_for(const Principal& p, int nis) {
    if (!auth::role_is_scoped(p.role) || !p.municipality) return 0;
    return *p.municipality == nis ? nis : 0;
  }

  Environment& env() { return env_; }

 private:
  Environment& env_;
  std::shared_mutex mutex_;
  std::shared_ptr<RunData> current_;
  std::chrono::steady_clock::time_point checked_;
};

Response no_run() {
  return Response::problem(404, "no_run",
                           "Er is nog geen meting: voer eerst `lap measure` uit op de gegevens.");
}

}  // namespace

void add_indicator_routes(Service& service, Environment& env) {
  auto api = std::make_shared<IndicatorApi>(env);
  Router& router = service.router();

  router.add("GET", "/api/v1/areas", [api](const Request&, RequestContext& ctx) -> Response {
    if (auto d = deny_unless(ctx, Permission::kAggregates)) return *d;
    auto data = api->latest();
    if (!data) return problem_for(data.error());
    const Date on = *data ? (*data)->run.last_month.last_day() : api->env().today();
    Json list = Json::array();
    for (const auto* m : api->env().registry->valid_on(on)) {
      list.push_back(IndicatorApi::area_json(
          *m, ctx.principal->municipality && *ctx.principal->municipality == m->nis.code()));
    }
    return Response::json(200, Json{{"on", on.to_string()}, {"areas", list}}.dump());
  });

  router.add(
      "GET", "/api/v1/dashboard/{nis}", [api](const Request& r, RequestContext& ctx) -> Response {
        if (auto d = deny_unless(ctx, Permission::kAggregates)) return *d;
        auto nis = Nis::parse(r.param("nis"));
        const geo::Municipality* m = nis ? api->env().registry->find(*nis) : nullptr;
        if (m == nullptr) {
          return Response::problem(404, "not_found", "Geen Vlaamse gemeente met die NIS-code.");
        }
        auto data = api->latest();
        if (!data) return problem_for(data.error());
        if (!*data) return no_run();
        auto body =
            api->dashboard(**data, *m, IndicatorApi::owner_for(*ctx.principal, m->nis.code()));
        Response out = Response::json(200, *body);
        out.headers.emplace_back("cache-control", "private, no-cache");
        return out;
      });

  router.add("GET", "/api/v1/flanders", [api](const Request& r, RequestContext& ctx) -> Response {
    if (auto d = deny_unless(ctx, Permission::kAggregates)) return *d;
    auto data = api->latest();
    if (!data) return problem_for(data.error());
    if (!*data) return no_run();
    RunData& run = **data;
    const std::string_view indicator_id = r.query_param("indicator").value_or("reach");
    auto indicator = measure::indicator_from_id(indicator_id);
    if (!indicator) return Response::problem(400, "bad_request", "indicator: an indicator id");
    const std::string variant(r.query_param("variant").value_or("all"));
    measure::Period period = measure::Period::month(run.run.last_month);
    if (auto p = r.query_param("period")) {
      auto parsed = parse_period(*p);
      if (!parsed) return Response::problem(400, "bad_request", "period: YYYY-MM, YYYY-Qn or A..B");
      period = *parsed;
    }
    const int owner = ctx.principal->municipality && auth::role_is_scoped(ctx.principal->role)
                          ? *ctx.principal->municipality
                          : 0;
    auto table = api->published(run, owner);
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
    Json indicators = Json::array();
    for (auto& [id, entry] : catalogue) {
      std::sort(entry.second.begin(), entry.second.end(), period_less);
      Json periods = Json::array();
      for (const auto& p : entry.second)
        periods.push_back(p.to_string());
      indicators.push_back({{"indicator", measure::to_id(id)},
                            {"name", report::dutch_name(id)},
                            {"variants", entry.first},
                            {"periods", periods}});
    }
    Json rows = Json::array();
    Json flanders = nullptr;
    for (const auto& f : *table) {
      if (f.indicator != *indicator || f.variant != variant || !(f.period == period)) continue;
      if (f.area.level == measure::Level::kFlanders) flanders = cell_json(&f);
      if (f.area.level != measure::Level::kOcmw) continue;
      auto nis = Nis::parse(f.area.code);
      const geo::Municipality* m = nis ? api->env().registry->find(*nis) : nullptr;
      if (m == nullptr) continue;
      Json row = IndicatorApi::area_json(*m, owner == m->nis.code());
      row["cell"] = cell_json(&f);
      rows.push_back(std::move(row));
    }
    Json body = {{"run", IndicatorApi::run_json(run.run)},
                 {"indicator", measure::to_id(*indicator)},
                 {"name", report::dutch_name(*indicator)},
                 {"variant", variant},
                 {"period", period.to_string()},
                 {"indicators", indicators},
                 {"flanders", flanders},
                 {"rows", rows}};
    return Response::json(200, body.dump());
  });
}

}  // namespace lap::server::api
