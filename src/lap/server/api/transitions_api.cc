// The transitions matrix over HTTP (docs/api.md, docs/indicators.md §9): the
// socio-economic positions of a chosen month against those of a later one,
// for Flanders or one OCMW, as JSON or a download.
//
// Computed from the timelines of the latest measurement run's data (its load,
// link run, settings and data end), so it agrees with the run's figures, and
// protected per view (publish/transitions.h): WSE and VDAB see every matrix
// exactly; a municipality its own OCMW's matrix exactly and the protected
// Flemish one. The matrices of the last few pairs of months asked for are kept.
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lap/measure/indicators.h"
#include "lap/measure/person.h"
#include "lap/publish/transitions.h"
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

constexpr size_t kKeptMatrices = 16;

// The matrices of recent (run, from, to) triples.
using TransitionKey = std::tuple<int64_t, int32_t, int32_t>;
using TransitionCache = RecentCache<TransitionKey, measure::Transitions>;

std::string month_nl(Month m) {
  return fmt::format("{} {}", dutch_month_name(m.month()), m.year());
}

Json matrix_json(const publish::SeenTransitionMatrix& m) {
  Json rows = Json::array();
  for (const auto& r : m.rows) {
    Json cells = Json::array();
    for (int b = 0; b < measure::kPositionCount; ++b) {
      const auto to = static_cast<measure::Position>(b);
      const auto& n = r.cells[static_cast<size_t>(b)];
      const auto why = r.suppression[static_cast<size_t>(b)];
      cells.push_back({{"to", measure::to_id(to)},
                       {"count", n ? Json(*n) : Json(nullptr)},
                       {"suppression", n ? Json(nullptr) : Json(publish::to_id(why))}});
    }
    rows.push_back({{"from", measure::to_id(r.from)},
                    {"name", report::dutch_name(r.from)},
                    {"total", r.total ? Json(*r.total) : Json(nullptr)},
                    {"cells", std::move(cells)}});
  }
  return rows;
}

// The matrix as a sheet: a row per starting position, a column per position
// at the end and the total; a hidden count is an empty cell.
report::Sheet matrix_sheet(const publish::SeenTransitionMatrix& m, Month from, Month to,
                           const std::string& area, const std::string& source,
                           const std::string& visibility, int k, Date today) {
  report::Sheet sheet;
  sheet.id = "transitions";
  sheet.title = "Transities";
  sheet.generated_on = today;
  sheet.columns.push_back({fmt::format("Positie in {}", month_nl(from)), "from"});
  for (int b = 0; b < measure::kPositionCount; ++b) {
    const auto p = static_cast<measure::Position>(b);
    sheet.columns.push_back({fmt::format("{} in {}", report::dutch_name(p), month_nl(to)),
                             std::string(measure::to_id(p)), report::CellType::kInteger});
  }
  sheet.columns.push_back({"Totaal", "total", report::CellType::kInteger});
  for (const auto& r : m.rows) {
    std::vector<report::Cell> row(sheet.columns.size());
    row[0] =
        report::Coded{std::string(measure::to_id(r.from)), std::string(report::dutch_name(r.from))};
    for (size_t b = 0; b < r.cells.size(); ++b)
      if (r.cells[b]) row[b + 1] = *r.cells[b];
    if (r.total) row.back() = *r.total;
    sheet.rows.push_back(std::move(row));
  }
  sheet.info = {
      {"Tabel", "table", report::CellType::kText,
       fmt::format("Transities {}: positie in {} tegenover {}", area, month_nl(from),
                   month_nl(to))},
      {"Bron", "source", report::CellType::kText, source},
      {"Zichtbaarheid", "visibility", report::CellType::kText, visibility},
      {"Lege cel", "empty_cell", report::CellType::kText,
       m.exact ? std::string("geen: alle aantallen zijn getoond")
               : fmt::format("afgeschermd: minder dan {} personen, of afgeschermd om een klein "
                             "aantal elders te beschermen",
                             k)},
  };
  return sheet;
}

Response transitions(const Request& r, const PublishedRun& run, const publish::View& view,
                     Environment& e, TransitionCache& cache) {
  const geo::Municipality* m = nullptr;
  if (auto text = r.query_param("nis"); text && !text->empty()) {
    auto nis = Nis::parse(*text);
    m = nis ? e.registry->find(*nis) : nullptr;
    if (m == nullptr)
      return Response::problem(404, "not_found", "Geen Vlaamse gemeente met die NIS-code.");
    if (view.kind == publish::View::Kind::kPublic ||
        (view.kind == publish::View::Kind::kOwner && view.owner != m->nis)) {
      return Response::problem(403, "forbidden",
                               "U ziet de transities van Vlaanderen en van uw eigen OCMW.");
    }
  }
  auto loaded = e.timelines(pact::DataRef{run.run.load_id, run.run.link_run_id});
  if (!loaded) return problem_for(loaded.error());
  const measure::Timelines& t = **loaded;
  const measure::Settings settings = run_settings(run);
  const Month end = measure::data_end(t, settings);
  const Month first = t.range().first();
  auto month_param = [&](std::string_view name, Month fallback) -> std::optional<Month> {
    auto text = r.query_param(name);
    if (!text || text->empty()) return fallback;
    auto m = Month::parse(*text);
    return m ? std::optional<Month>(*m) : std::nullopt;
  };
  const Month default_to = end;
  const Month default_from = std::max(first, end - 12);
  auto from = month_param("from", default_from);
  auto to = month_param("to", default_to);
  if (!from || !to)
    return Response::problem(400, "bad_request", "from en to: een maand als JJJJ-MM");
  if (*from < first || *to > end || !(*from < *to)) {
    return Response::problem(
        400, "bad_request",
        fmt::format("Kies twee maanden van {} tot {}, de eerste vóór de tweede.", first.to_string(),
                    end.to_string()));
  }
  const TransitionKey key{run.run.run_id, from->index(), to->index()};
  auto matrices = cache.find(key);
  if (!matrices) {
    matrices =
        std::make_shared<const measure::Transitions>(measure::transitions(t, settings, *from, *to));
    cache.put(key, matrices);
  }
  const int k = run.protection ? run.protection->k() : 0;
  const publish::SeenTransitions seen = publish::seen_transitions(*matrices, view, k);
  publish::SeenTransitionMatrix matrix = seen.flanders;
  if (m != nullptr) {
    // Every OCMW with a person has a matrix; one without has an empty one.
    matrix = publish::exact_matrix(measure::TransitionMatrix{m->nis, {}});
    for (const auto& x : seen.per_ocmw)
      if (x.ocmw == m->nis) matrix = x;
  }
  const std::string area = m ? fmt::format("OCMW {}", m->name) : std::string("Vlaams Gewest");
  if (wants_download(r)) {
    const std::string source =
        fmt::format("meting {} van gegevenslading {}, gegevens tot {}", run.run.run_id,
                    run.run.load_id, month_nl(run.run.data_end));
    Response out = pact_http::sheet_response(
        r, matrix_sheet(matrix, *from, *to, area, source, view_text_nl(view, k, m), k, e.today()),
        fmt::format("transities_{}_{}_{}", m ? m->nis.to_string() : "vlaanderen", from->to_string(),
                    to->to_string()));
    if (out.status == 200) out.headers.emplace_back("cache-control", "private, no-store");
    return out;
  }
  Json positions = Json::array();
  for (int b = 0; b < measure::kPositionCount; ++b) {
    const auto p = static_cast<measure::Position>(b);
    positions.push_back({{"id", measure::to_id(p)}, {"name", report::dutch_name(p)}});
  }
  Json body = {
      {"run_id", run.run.run_id},
      {"from", from->to_string()},
      {"to", to->to_string()},
      {"months", {{"first", first.to_string()}, {"last", end.to_string()}}},
      {"k", k},
      {"view", view.kind == publish::View::Kind::kExact ? "exact" : "protected"},
      {"area", m ? Json{{"level", "ocmw"}, {"code", m->nis.to_string()}, {"name", area}}
                 : Json{{"level", "flanders"}, {"code", "flanders"}, {"name", area}}},
      {"exact", matrix.exact},
      {"hidden", matrix.hidden_cells()},
      {"positions", std::move(positions)},
      {"rows", matrix_json(matrix)},
  };
  Response out = Response::json(200, body.dump());
  out.headers.emplace_back("cache-control", "private, no-cache");
  return out;
}

}  // namespace

void add_transition_routes(Service& service, Environment& env) {
  auto cache = std::make_shared<TransitionCache>(kKeptMatrices);
  Environment* e = &env;
  service.router().add(
      "GET", "/api/v1/transitions",
      on_latest_run(*env.runs, [cache, e](const Request& r, const PublishedRun& run,
                                          const publish::View& view) {
        return transitions(r, run, view, *e, *cache);
      }));
}

}  // namespace lap::server::api
