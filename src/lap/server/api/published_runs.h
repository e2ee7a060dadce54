// The latest measurement run as the API publishes it: its exact figures
// rolled up to every area (publish/publication.h) and, beside them, the same
// table with the run's stored protection applied (the public view). Both are
// built once per run, or read from the run's published-run file
// (published_file.h): in the background from the server's start (requests for
// figures wait for the first run), and in the background when a newer run
// appears, while the previous one is still served.
//
// Who sees what (domain.md §6): WSE analysts and VDAB mediators every figure
// exactly; an OCMW or local government its own OCMW's figures exactly and the
// rest as the public does.
//
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <span>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "lap/geo/registry.h"
#include "lap/publish/publication.h"
#include "lap/server/router.h"
#include "lap/server/store_pool.h"
#include "lap/store/store.h"

namespace lap::server::api {

// The view of the published figures a user gets.
publish::View view_for(const Principal& principal);

struct PublishedRun {
  store::MeasureRun run;
  std::set<std::string, std::less<>> variants;  // storage of the figures' variants
  std::vector<measure::Figure> figures;         // exact, per OCMW
  std::vector<publish::PublishedFigure> exact;  // every area, nothing hidden
  // The public view, cell for cell in the order of `exact`; empty when the run
  // was stored without a protection (then only exact viewers are served).
  std::vector<publish::PublishedFigure> hidden;
  std::optional<publish::Protection> protection;
  bool protected_run() const { return protection.has_value(); }

  // The cell at `i` as `view` sees it. REQUIRES: protected_run() unless the
  // view is exact.
  const publish::PublishedFigure& cell(size_t i, const publish::View& view) const;
  // Whether `view` sees the cell (not hidden); true for a cell the run does not publish.
  bool visible(const publish::CellKey& key, const publish::View& view) const;

  // Documents built from the run, cached by the indicators API.
  mutable std::mutex cache_mutex;
  mutable std::map<std::string, std::shared_ptr<const std::string>> documents;
};

// The published tables of `run`, built from its stored figures and protection.
std::shared_ptr<PublishedRun> build_published_run(const store::MeasureRun& run,
                                                  std::span<const store::StoredFigure> stored,
                                                  std::optional<publish::Protection> protection,
                                                  const geo::Registry& registry);

class RunCatalog {
 public:
  // With `files_dir`, the tables of a run are read from its published-run
  // file there (published_file.h) and, when there is none, built and written.
  RunCatalog(StorePool& pool, const geo::Registry& registry,
             std::optional<std::string> files_dir = std::nullopt);
  ~RunCatalog();
  RunCatalog(const RunCatalog&) = delete;
  RunCatalog& operator=(const RunCatalog&) = delete;

  // The latest run: null when there is none. Which run is latest is read from
  // the database at most once a second; a newer run is loaded in the
  // background (the current one is returned meanwhile), the first one before
  // returning.
  Result<std::shared_ptr<const PublishedRun>> latest();

  // Starts loading the latest run in the background, so that a server can
  // listen at once; latest() waits for it. Errors only when the latest run
  // cannot be looked up.
  Status preload();

 private:
  Result<std::optional<store::MeasureRun>> latest_run();
  Result<std::shared_ptr<const PublishedRun>> load(const store::MeasureRun& run);
  // REQUIRES: mutex_ held exclusively and no load running.
  void start_loading(const store::MeasureRun& run);

  StorePool& pool_;
  const geo::Registry& registry_;
  std::optional<std::string> files_dir_;
  std::shared_mutex mutex_;
  std::shared_ptr<const PublishedRun> current_;
  std::chrono::steady_clock::time_point checked_;
  int64_t loading_ = 0;                 // the run being loaded in the background, 0 when none
  std::condition_variable_any loaded_;  // notified when loading_ becomes 0
  std::thread loader_;
};

// The latest run for `view`, or the response to give instead: 404 before any
// run, 409 for a run stored without protection unless the view is exact.
std::variant<std::shared_ptr<const PublishedRun>, Response> run_for(RunCatalog& runs,
                                                                    const publish::View& view);

// The settings the run was measured with (art. 60, data end), for
// computations on its data that must agree with its figures.
measure::Settings run_settings(const PublishedRun& run);

// A GET handler on the latest run: permission `aggregates`, then `handler`
// with the run the user's view may see (or run_for's answer instead).
Handler on_latest_run(
    RunCatalog& runs,
    std::function<Response(const Request&, const PublishedRun&, const publish::View&)> handler);

}  // namespace lap::server::api
