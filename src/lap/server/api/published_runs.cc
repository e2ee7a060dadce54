#include "lap/server/api/published_runs.h"

#include <algorithm>
#include <future>

#include <nlohmann/json.hpp>

#include "lap/server/api/api.h"
#include "lap/server/api/published_file.h"
#include "lap/server/auth/roles.h"

namespace lap::server::api {

publish::View view_for(const Principal& p) {
  if (auth::sees_exact_aggregates(p.role)) return publish::View::exact();
  if (auth::role_is_scoped(p.role) && p.municipality) {
    if (auto nis = Nis::from_int(*p.municipality)) return publish::View::owner_view(*nis);
  }
  return publish::View::public_view();
}

const publish::PublishedFigure& PublishedRun::cell(size_t i, const publish::View& view) const {
  if (view.kind == publish::View::Kind::kExact) return exact[i];
  return publish::seen_by(view, exact, hidden, i);
}

bool PublishedRun::visible(const publish::CellKey& key, const publish::View& view) const {
  if (view.kind == publish::View::Kind::kExact) return true;
  if (view.kind == publish::View::Kind::kOwner && key.level == publish::Level::kOcmw &&
      key.code == view.owner.to_string()) {
    return true;
  }
  return protection && protection->lookup(key) == publish::Suppression::kNone;
}

std::shared_ptr<PublishedRun> build_published_run(const store::MeasureRun& run,
                                                  std::span<const store::StoredFigure> stored,
                                                  std::optional<publish::Protection> protection,
                                                  const geo::Registry& registry) {
  auto data = std::make_shared<PublishedRun>();
  data->run = run;
  data->protection = std::move(protection);
  data->figures = store::engine_figures(stored, data->variants);
  data->exact = publish::roll_up(data->figures, registry);
  if (data->protection) {
    data->hidden = data->exact;
    publish::apply(data->hidden, *data->protection, publish::View::public_view());
  }
  return data;
}

RunCatalog::RunCatalog(StorePool& pool, const geo::Registry& registry,
                       std::optional<std::string> files_dir)
    : pool_(pool), registry_(registry), files_dir_(std::move(files_dir)) {}

RunCatalog::~RunCatalog() {
  if (loader_.joinable()) loader_.join();
}

Result<std::shared_ptr<const PublishedRun>> RunCatalog::load(const store::MeasureRun& run) {
  if (files_dir_) {
    // A file that cannot be read is no reason not to serve: the tables are built.
    auto read = read_published_run_file(*files_dir_, run, registry_);
    if (read && *read) return std::shared_ptr<const PublishedRun>(std::move(*read));
  }
  // The suppression pattern is read on a connection of its own meanwhile.
  auto protection = std::async(
      std::launch::async, [this, id = run.run_id]() -> Result<std::optional<store::RunProtection>> {
        auto store = pool_.lease();
        if (!store) return std::unexpected(store.error());
        return (*store)->measure_protection(id);
      });
  std::vector<store::StoredFigure> stored;
  {
    auto store = pool_.lease();
    if (!store) return std::unexpected(store.error());
    auto read = (*store)->measure_figures(run.run_id, "");
    if (!read) return std::unexpected(read.error());
    stored = std::move(*read);
  }
  auto protected_cells = protection.get();
  if (!protected_cells) return std::unexpected(protected_cells.error());
  std::optional<publish::Protection> pattern;
  if (*protected_cells) pattern = std::move((*protected_cells)->protection);
  auto data = build_published_run(run, stored, std::move(pattern), registry_);
  // Written for the next start; the server serves without it as well.
  if (files_dir_) (void)write_published_run_file(*files_dir_, *data, registry_);
  return std::shared_ptr<const PublishedRun>(std::move(data));
}

Result<std::optional<store::MeasureRun>> RunCatalog::latest_run() {
  auto store = pool_.lease();
  if (!store) return std::unexpected(store.error());
  return (*store)->latest_measure_run(std::nullopt);
}

void RunCatalog::start_loading(const store::MeasureRun& run) {
  if (loader_.joinable()) loader_.join();
  loading_ = run.run_id;
  loader_ = std::thread([this, run] {
    auto loaded = load(run);
    std::unique_lock done(mutex_);
    if (loaded && (!current_ || current_->run.run_id < (*loaded)->run.run_id)) current_ = *loaded;
    loading_ = 0;
    loaded_.notify_all();
  });
}

Status RunCatalog::preload() {
  auto run = latest_run();
  if (!run) return std::unexpected(run.error());
  if (!*run) return {};
  std::unique_lock lock(mutex_);
  if (!current_ && loading_ == 0) start_loading(**run);
  return {};
}

Result<std::shared_ptr<const PublishedRun>> RunCatalog::latest() {
  const auto now = std::chrono::steady_clock::now();
  {
    std::shared_lock lock(mutex_);
    if (current_ && now - checked_ < std::chrono::seconds(1)) return current_;
  }
  auto run = latest_run();
  if (!run) return std::unexpected(run.error());
  std::unique_lock lock(mutex_);
  checked_ = now;
  if (!*run) return std::shared_ptr<const PublishedRun>();
  if (current_ && current_->run.run_id == (*run)->run_id) return current_;
  if (current_) {
    // A newer run: load it in the background and serve the current one meanwhile.
    if (loading_ == 0) start_loading(**run);
    return current_;
  }
  // Nothing published yet: wait for a run being loaded (preload()), else load it here.
  loaded_.wait(lock, [this] { return loading_ == 0; });
  if (current_) return current_;
  lock.unlock();
  auto loaded = load(**run);
  if (!loaded) return loaded;
  lock.lock();
  if (!current_ || current_->run.run_id < (*loaded)->run.run_id) current_ = *loaded;
  return current_;
}

namespace {

Response no_run() {
  return Response::problem(404, "no_run",
                           "Er is nog geen meting: voer eerst `lap measure` uit op de gegevens.");
}

Response unprotected_run() {
  return Response::problem(409, "no_protection",
                           "Deze meting werd bewaard zonder afscherming van kleine aantallen: "
                           "voer `lap measure` opnieuw uit.");
}

}  // namespace

std::variant<std::shared_ptr<const PublishedRun>, Response> run_for(RunCatalog& runs,
                                                                    const publish::View& view) {
  auto run = runs.latest();
  if (!run) return problem_for(run.error());
  if (!*run) return no_run();
  if (view.kind != publish::View::Kind::kExact && !(*run)->protected_run()) {
    return unprotected_run();
  }
  return *run;
}

measure::Settings run_settings(const PublishedRun& run) {
  measure::Settings s;
  auto j = nlohmann::json::parse(run.run.settings_json, nullptr, false);
  if (j.is_object() && j.contains("exclude_art60") && j["exclude_art60"].is_boolean())
    s.exclude_art60 = j["exclude_art60"].get<bool>();
  s.data_end = run.run.data_end;
  return s;
}

Handler on_latest_run(
    RunCatalog& runs,
    std::function<Response(const Request&, const PublishedRun&, const publish::View&)> handler) {
  return [&runs, handler = std::move(handler)](const Request& r, RequestContext& ctx) -> Response {
    if (auto d = deny_unless(ctx, auth::Permission::kAggregates)) return *d;
    const publish::View view = view_for(*ctx.principal);
    auto found = run_for(runs, view);
    if (auto* response = std::get_if<Response>(&found)) return *response;
    return handler(r, *std::get<std::shared_ptr<const PublishedRun>>(found), view);
  };
}

}  // namespace lap::server::api
