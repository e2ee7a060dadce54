// `lap serve`: the web server (docs/server.md).
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "lap/cli/command.h"
#include "lap/cli/database_option.h"
#include "lap/cli/pact_session.h"
#include "lap/cli/timelines.h"
#include "lap/core/parse.h"
#include "lap/pact/annual_report.h"
#include "lap/server/access_log.h"
#include "lap/server/api/api.h"
#include "lap/server/api/published_runs.h"
#include "lap/server/auth/sessions.h"
#include "lap/server/concurrency_limit.h"
#include "lap/server/database_monitor.h"
#include "lap/server/http/server.h"
#include "lap/server/lru_cache.h"
#include "lap/server/mailer.h"
#include "lap/server/service.h"
#include "lap/server/static_files.h"
#include "lap/server/store_pool.h"
#include "lap/store/store.h"
#include "lap/store/timeline_files.h"

namespace lap::cli {

namespace {

struct ServeOptions {
  std::string db = default_database();
  std::string listen = "127.0.0.1:8080";
  int threads = 0;
  std::string static_dir;
  std::string access_log = "-";
  int shutdown_timeout = 10;
  std::string today;  // YYYY-MM-DD: act as if it were this day (demonstrations, tests)
  // Addresses and networks of reverse proxies whose X-Forwarded-For is believed.
  std::vector<std::string> trusted_proxies;
  bool print_routes = false;
  int workers = 0;             // 0: two per core, at least 4
  int queue = 256;             // requests waiting for a worker at most
  int per_user = 4;            // requests of one user in progress at most
  int cache_mb = 1024;         // timelines kept in memory
  int statement_timeout = 60;  // seconds a database statement may run
  int pool_wait = 5;           // seconds a request waits for a database connection
  std::string smtp;            // smtp://host:port: mail notifications through it
  std::string mail_from = "noreply@activeringspact.invalid";
  std::string public_url;  // the application's address in mails (default: the listen address)
  int mail_interval = 10;  // seconds between two rounds of mailing
};

// The measurement timelines per data load for the API: mapped from the load's
// timeline file (or built and written, the first time) on first use, one load
// at a time, and shared by all requests — `Timelines` is immutable — and kept
// while they fit the memory budget (a mapping counts its file's size; least
// recently used loads are released first).
class TimelineCache {
 public:
  TimelineCache(std::string db, std::size_t budget_bytes)
      : db_(std::move(db)), cache_("timelines", budget_bytes, [](const measure::Timelines& t) {
          return t.memory_bytes();
        }) {}

  // The timelines of a data load with the persons of a link run (none: 0).
  Result<std::shared_ptr<const measure::Timelines>> timelines(const pact::DataRef& data) {
    const std::pair key{data.load_id, data.link_run_id.value_or(0)};
    return cache_.get(key, [this, key]() -> Result<std::shared_ptr<const measure::Timelines>> {
      auto loaded = load_timelines(
          TimelineSource{db_, "", key.first, std::nullopt, std::nullopt, key.second});
      if (!loaded) return std::unexpected(loaded.error());
      return std::shared_ptr<const measure::Timelines>(std::move(loaded->timelines));
    });
  }

  pact::EngineResults engine(const pact::DataRef& data) {
    return engine_over([this, data] { return timelines(data); }, data);
  }

  std::string render_metrics() const { return cache_.render_metrics(); }

 private:
  std::string db_;
  server::LruCache<std::pair<int64_t, int64_t>, measure::Timelines> cache_;
};

// A lifecycle message on stderr, as a JSON line like the access log.
void log_event(std::string_view level, std::string_view message, std::string_view extra = {}) {
  fmt::print(stderr,
             R"({{"level":"{}","message":"{}"{}}})"
             "\n",
             level, server::json_escape(message), extra);
}

// "127.0.0.1:8080", "[::1]:8080" -> address and port.
bool split_listen(std::string_view text, std::string& address, uint16_t& port) {
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view host = text.substr(0, colon);
  std::string_view digits = text.substr(colon + 1);
  if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
  auto value = parse_integer<uint16_t>(digits);
  if (!value) return false;
  address = std::string(host);
  port = *value;
  return true;
}

// The application's routes on `service` (everything but static files).
void add_routes(server::Service& service, server::api::Environment& env,
                server::SchemaVersionFn schema_version, server::NotReadyFn not_ready = {}) {
  const char* token = std::getenv("LAP_METRICS_TOKEN");
  server::add_builtin_routes(service, std::move(schema_version),
                             token != nullptr ? std::string(token) : std::string(),
                             std::move(not_ready));
  server::api::add_session_routes(service, env);
  server::api::add_pact_routes(service, env);
  server::api::add_indicator_routes(service, env);
  server::api::add_person_routes(service, env);
  server::api::add_link_review_routes(service, env);
  server::api::add_case_routes(service, env);
  server::api::add_identity_routes(service, env);
  server::api::add_case_followup_routes(service, env);
  server::api::add_worklist_routes(service, env);
  server::api::add_citizen_routes(service, env);
  server::api::add_notification_routes(service, env);
  server::api::add_admin_routes(service, env);
  server::api::add_contact_routes(service, env);
  server::api::add_agreement_routes(service, env);
}

// What the options say, checked: exit code kExitOk, or the error was printed.
struct ServeSettings {
  server::http::ServerOptions http;
  server::TrustedProxies proxies;
  std::optional<Date> today;
};

int read_settings(const ServeOptions& o, ServeSettings& out) {
  server::http::ServerOptions& http = out.http;
  if (!split_listen(o.listen, http.address, http.port)) {
    fmt::print(stderr, "lap serve: --listen {}: expected ADDRESS:PORT\n", o.listen);
    return kExitUsage;
  }
  http.threads = o.threads;
  http.shutdown_timeout = std::chrono::seconds(o.shutdown_timeout);
  std::error_code ec;
  if (!o.static_dir.empty() && !std::filesystem::is_directory(o.static_dir, ec)) {
    fmt::print(stderr, "lap serve: --static {}: not a directory\n", o.static_dir);
    return kExitUsage;
  }
  std::string proxy_list;
  if (const char* env = std::getenv("LAP_TRUSTED_PROXIES"); env != nullptr) proxy_list = env;
  for (const auto& p : o.trusted_proxies)
    proxy_list += "," + p;
  auto proxies = server::TrustedProxies::parse(proxy_list);
  if (!proxies) {
    fmt::print(stderr, "lap serve: {}\n", proxies.error().message);
    return kExitUsage;
  }
  out.proxies = std::move(*proxies);
  if (!o.today.empty()) {
    auto d = Date::parse(o.today);
    if (!d) {
      fmt::print(stderr, "lap serve: --today {}: expected YYYY-MM-DD\n", o.today);
      return kExitUsage;
    }
    out.today = *d;
  }
  return kExitOk;
}

// Opens the database once before serving: the schema up to date, the preset
// calls stored. kExitOk, or the error was printed.
int prepare_database(const ServeOptions& o, std::optional<Date> today) {
  auto store = store::open_store(o.db, store::OpenMode::kMustExist);
  if (!store) {
    fmt::print(stderr, "lap serve: {}\n", store.error().message);
    return store.error().code == ErrorCode::kNotFound ? kExitIo : exit_code_for(store.error());
  }
  if (auto s = (*store)->migrate(); !s) {
    fmt::print(stderr, "lap serve: {}\n", s.error().message);
    return exit_code_for(s.error());
  }
  pact::PactService presets(**store, geo::Registry::builtin(), today.value_or(today_local()),
                            "preset");
  if (auto p = presets.ensure_presets(); !p) {
    fmt::print(stderr, "lap serve: {}\n", p.error().message);
    return exit_code_for(p.error());
  }
  return kExitOk;
}

// --print-routes: registration only captures the environment; nothing is opened.
int print_routes() {
  server::Service service(nullptr);
  server::api::Environment env;
  add_routes(service, env, [] { return Result<int>(0); });
  for (const auto& r : service.router().routes())
    fmt::print("{} {}\n", r.method, r.pattern);
  return kExitOk;
}

// /readyz: not while shutting down or with the workers' queue three quarters full.
std::optional<std::string> not_ready(const server::http::HttpServer* s) {
  if (s == nullptr || s->stopping()) return "The server is shutting down.";
  const auto* w = s->workers();
  if (w != nullptr && w->queued() * 4 >= w->queue_limit() * 3) return "The server is overloaded.";
  return std::nullopt;
}

// Listens, logs where, serves until SIGTERM or SIGINT, logs how it stopped.
int listen_and_run(server::http::HttpServer& http_server, const std::string& address) {
  if (auto s = http_server.listen(); !s) {
    fmt::print(stderr, "lap serve: {}\n", s.error().message);
    return s.error().code == ErrorCode::kIo ? kExitIo : kExitUsage;
  }
  std::string where = address.find(':') == std::string::npos
                          ? fmt::format("{}:{}", address, http_server.port())
                          : fmt::format("[{}]:{}", address, http_server.port());
  log_event("info", "listening",
            fmt::format(R"(,"address":"{}","threads":{},"workers":{})", where,
                        http_server.threads(), http_server.workers()->threads()));
  bool drained = http_server.run(true);
  if (drained) {
    log_event("info", "stopped");
  } else {
    log_event("warning", "stopped with requests still in progress after the shutdown timeout");
  }
  return kExitOk;
}

Result<Settings> read_stored_settings(server::StorePool& pool) {
  auto store = pool.lease();
  if (!store) return std::unexpected(store.error());
  auto stored = (*store)->stored_settings();
  if (!stored) return std::unexpected(stored.error());
  return settings_from(*stored);
}

int serve(const ServeOptions& o) {
  if (o.print_routes) return print_routes();
  ServeSettings settings;
  if (int rc = read_settings(o, settings); rc != kExitOk) return rc;
  if (int rc = prepare_database(o, settings.today); rc != kExitOk) return rc;
  server::http::ServerOptions& http = settings.http;
  const std::optional<Date> fixed_today = settings.today;

  std::unique_ptr<server::AccessLog> access_log;
  if (o.access_log != "off") {
    auto opened = server::AccessLog::open(o.access_log);
    if (!opened) {
      fmt::print(stderr, "lap serve: {}\n", opened.error().message);
      return kExitIo;
    }
    access_log = std::move(*opened);
  }

  server::Service service(access_log.get());
  service.set_trusted_proxies(std::move(settings.proxies));

  // Heavy requests run on the workers, each holding a connection while it runs.
  const int cores = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  http.workers = server::WorkerPoolOptions{
      .threads = o.workers > 0 ? o.workers : std::max(4, 2 * cores),
      .queue_limit = static_cast<std::size_t>(o.queue),
      .queue_timeout = std::chrono::seconds(o.pool_wait * 2),
  };
  http.runs_inline = server::runs_inline;
  // The annual report is uploaded as one body of up to 10 MiB; every other request keeps 1 MiB.
  http.large_body = server::api::uploads_document;
  http.large_body_limit = pact::kAnnualReportMaxBytes;
  const auto statement_timeout = std::chrono::seconds(o.statement_timeout);
  auto opener = [db = o.db, statement_timeout]() -> Result<std::unique_ptr<store::Store>> {
    auto opened = store::open_store(db, store::OpenMode::kMustExist);
    if (!opened) return opened;
    if (auto s = (*opened)->set_statement_timeout(statement_timeout); !s) {
      return std::unexpected(s.error());
    }
    return opened;
  };
  server::StorePool pool(
      opener, server::StorePoolOptions{.size = http.workers.threads + 1,
                                       .wait_timeout = std::chrono::seconds(o.pool_wait)});
  server::DatabaseMonitor monitor(
      [&opener]() -> Result<std::unique_ptr<store::Store>> {
        auto opened = opener();
        // A health check must not hang on a stuck database.
        if (opened) (void)(*opened)->set_statement_timeout(std::chrono::seconds(2));
        return opened;
      },
      &pool);
  server::ConcurrencyLimit per_user(o.per_user);
  server::auth::Authenticator authenticator(pool);
  // The settings an administrator keeps (lap/core/settings.h), in force from now on.
  auto stored = read_stored_settings(pool);
  if (!stored) {
    fmt::print(stderr, "lap serve: {}\n", stored.error().message);
    return exit_code_for(stored.error());
  }
  server::LiveSettings live_settings(*stored);
  authenticator.set_throttle(server::throttle_limits(*stored));
  live_settings.on_change([&authenticator](const Settings& s) {
    authenticator.set_throttle(server::throttle_limits(s));
  });
  TimelineCache timelines(o.db, static_cast<std::size_t>(o.cache_mb) * 1024 * 1024);
  server::api::Environment env;
  env.pool = &pool;
  env.authenticator = &authenticator;
  env.concurrency = &per_user;
  env.registry = &geo::Registry::builtin();
  env.today = [fixed_today] { return fixed_today.value_or(today_local()); };
  env.settings = &live_settings;
  env.engine = [&timelines](const pact::DataRef& d) { return timelines.engine(d); };
  env.timelines = [&timelines](const pact::DataRef& d) { return timelines.timelines(d); };
  // The latest measurement run, published in the background from the start;
  // requests for its figures wait for it.
  env.runs = std::make_shared<server::api::RunCatalog>(pool, geo::Registry::builtin(),
                                                       store::timeline_dir(o.db));
  if (auto preloaded = env.runs->preload(); !preloaded) {
    fmt::print(stderr, "lap serve: {}\n", preloaded.error().message);
    return exit_code_for(preloaded.error());
  }
  std::atomic<const server::http::HttpServer*> serving{nullptr};
  add_routes(
      service, env, [&monitor] { return monitor.schema_version(); },
      [&serving] { return not_ready(serving.load()); });
  if (!o.static_dir.empty()) {
    auto files = std::make_shared<server::StaticFiles>(o.static_dir);
    service.router().set_fallback(
        [files](const server::Request& r, server::RequestContext&) { return files->serve(r); });
  }
  service.add_metrics_source([&pool] { return pool.render_metrics(); });
  service.add_metrics_source([&timelines] { return timelines.render_metrics(); });
  service.add_metrics_source([&per_user] {
    return fmt::format(
        "# TYPE lap_http_per_user_refused_total counter\n"
        "lap_http_per_user_refused_total {}\n",
        per_user.refused());
  });
  service.seal();

  // Mails the notifications of case changes while serving (stopped before the pool goes).
  std::unique_ptr<server::NotificationMailer> mailer;
  if (!o.smtp.empty()) {
    server::MailSettings mail{o.smtp, o.mail_from,
                              o.public_url.empty() ? "http://" + o.listen : o.public_url,
                              std::chrono::seconds(o.mail_interval)};
    mailer = std::make_unique<server::NotificationMailer>(pool, std::move(mail));
  }

  // Destroyed first: its workers finish before what they use goes.
  server::http::HttpServer http_server(
      http, [&service](server::Request& r) { return service.handle(r); },
      [&service](int status, std::size_t bytes) { service.record_rejected(status, bytes); });
  service.add_metrics_source([&http_server] { return http_server.workers()->render_metrics(); });
  serving = &http_server;
  return listen_and_run(http_server, http.address);
}

}  // namespace

void register_serve_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "serve",
      "Run the web server: the JSON API under /api/v1 (sign-in with accounts made by `lap "
      "user add`), /healthz, /metrics and static files. Stops gracefully on SIGTERM or "
      "SIGINT: no new connections, requests in progress finish (up to --shutdown-timeout), "
      "exit 0. See docs/server.md and docs/api.md.");
  auto o = std::make_shared<ServeOptions>();
  cmd->add_option(
         "--db", o->db,
         "the database: an SQLite file or a postgresql:// URL (default: $LAP_DB, else lap.sqlite)")
      ->capture_default_str();
  cmd->add_option("--listen", o->listen, "ADDRESS:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  cmd->add_option("--threads", o->threads, "I/O threads (default: one per core)")
      ->check(CLI::Range(0, 256));
  cmd->add_option("--static", o->static_dir, "serve the files of this directory (the front end)");
  cmd->add_option("--access-log", o->access_log,
                  "append the access log (JSON lines) to this file; '-' is stderr, 'off' none")
      ->capture_default_str();
  cmd->add_option("--shutdown-timeout", o->shutdown_timeout,
                  "seconds that requests in progress get to finish on SIGTERM")
      ->capture_default_str()
      ->check(CLI::Range(0, 3600));
  cmd->add_option("--today", o->today,
                  "act as if today were YYYY-MM-DD (the LAP's deadline, parameter version and "
                  "redistribution; for demonstrations and tests)");
  cmd->add_option("--trusted-proxy", o->trusted_proxies,
                  "a reverse proxy (address or network, e.g. 10.0.0.5 or 10.0.0.0/8) whose "
                  "X-Forwarded-For names the client; repeatable; also $LAP_TRUSTED_PROXIES "
                  "(comma-separated). Sign-in throttling counts per client address.");
  cmd->add_option("--smtp", o->smtp,
                  "mail notifications of case changes through this SMTP server "
                  "(smtp://host:port); without it they are shown in the application only");
  cmd->add_option("--mail-from", o->mail_from, "the sender address of those mails")
      ->capture_default_str();
  cmd->add_option("--public-url", o->public_url,
                  "the application's address as users open it, for the links in mails "
                  "(default: http:// and --listen)");
  cmd->add_option("--mail-interval", o->mail_interval, "seconds between two rounds of mailing")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--workers", o->workers,
                  "threads for the API's requests (default: two per core, at least 4)")
      ->check(CLI::Range(0, 256));
  cmd->add_option("--queue", o->queue,
                  "API requests waiting for a worker at most; more are answered 503")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--per-user", o->per_user,
                  "API requests of one user (or one address before sign-in) in progress at "
                  "most; more are answered 429")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--cache-mb", o->cache_mb,
                  "memory for the measurement timelines kept between requests (MiB)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1 << 20));
  cmd->add_option("--statement-timeout", o->statement_timeout,
                  "seconds a PostgreSQL statement may run before it is cancelled")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
  cmd->add_option("--pool-wait", o->pool_wait,
                  "seconds a request waits for a free database connection before a 503")
      ->capture_default_str()
      ->check(CLI::Range(1, 600));
  cmd->add_flag("--routes", o->print_routes,
                "print the registered routes (METHOD PATTERN, one per line) and exit");
  cmd->callback([o] { set_command([o] { return serve(*o); }); });
}

}  // namespace lap::cli
