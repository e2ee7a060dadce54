// The application behind the HTTP layer: the router plus what every request
// gets whatever its route — timing, metrics, the access log, and a 500 problem
// response instead of an escaping exception.
//
// Life cycle: construct, register routes on `router()` (and middleware), then
// `seal()`; from then on `handle` may run on any number of threads and the
// router must not change.
//
// The seam for authentication: middleware (`Router::use`) sees every request
// with its `RequestContext` before the handler and may answer 401/403 itself;
// the context will carry the user and the session to the handlers.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lap/core/error.h"
#include "lap/server/access_log.h"
#include "lap/server/client_address.h"
#include "lap/server/metrics.h"
#include "lap/server/router.h"

namespace lap::server {

class Service {
 public:
  // `access_log` may be null (no access log); it must outlive the service.
  explicit Service(AccessLog* access_log);

  Router& router() { return router_; }
  const Router& router() const { return router_; }
  // Freezes the routes and creates the metrics. Call once.
  void seal();
  // Valid after `seal()`.
  const Metrics& metrics() const { return *metrics_; }
  // More series for /metrics (pools, caches): `render` returns exposition
  // text and is called from any thread. Add before serving.
  void add_metrics_source(std::function<std::string()> render);
  // The request metrics followed by every added source.
  std::string render_metrics() const;

  // The reverse proxies whose X-Forwarded-For / Forwarded is believed.
  void set_trusted_proxies(TrustedProxies proxies) { trusted_proxies_ = std::move(proxies); }

  // Answers one request; never throws.
  Response handle(Request& request) const;
  // Counts and logs a request the HTTP layer refused before it could be
  // routed (400, 413, 431), as route `(rejected)`.
  void record_rejected(int status, std::size_t bytes) const;

 private:
  Router router_;
  std::unique_ptr<Metrics> metrics_;
  AccessLog* access_log_;
  TrustedProxies trusted_proxies_;
  std::chrono::system_clock::time_point start_time_;
  std::vector<std::function<std::string()>> metrics_sources_;
};

// Whether a request is cheap enough to answer on an I/O thread rather than a
// worker: /healthz, /readyz, /metrics and the static files (everything
// outside /api/).
bool runs_inline(const Request& request);

// Adds the security headers every response carries (unless the handler set
// them): Content-Security-Policy (own origin only, no inline code, no
// framing), X-Content-Type-Options: nosniff, Referrer-Policy: no-referrer,
// X-Frame-Options: DENY.
void add_security_headers(Response& response);

// Reads the schema version from the database; an error means unhealthy.
using SchemaVersionFn = std::function<Result<int>()>;
// Why the server should get no new requests now (shutting down, overloaded),
// or nullopt when it may.
using NotReadyFn = std::function<std::optional<std::string>()>;

// Whether a request may read /metrics: with a token (LAP_METRICS_TOKEN), the
// requests carrying `Authorization: Bearer <token>`; without one, only
// requests from the same machine that no proxy forwarded.
bool metrics_allowed(const Request& request, std::string_view token);

// Registers GET /healthz ({"status":"ok","schema_version":N} while the
// database answers, else a 503 problem with Retry-After), GET /readyz (the
// same, and 503 also while `not_ready` gives a reason) and GET /metrics (the
// Prometheus text of `service.render_metrics()`, for the requests
// `metrics_allowed`; a 404 for others).
void add_builtin_routes(Service& service, SchemaVersionFn schema_version,
                        std::string metrics_token = {}, NotReadyFn not_ready = {});

}  // namespace lap::server
