#include "lap/server/service.h"

#include <algorithm>
#include <exception>
#include <stdexcept>

#include <fmt/format.h>

namespace lap::server {

Service::Service(AccessLog* access_log)
    : access_log_(access_log), start_time_(std::chrono::system_clock::now()) {}

void Service::seal() {
  if (metrics_) throw std::logic_error("Service::seal called twice");
  metrics_ = std::make_unique<Metrics>(router_.route_infos(), start_time_);
}

void add_security_headers(Response& response) {
  // The front end loads only its own scripts, styles and data: no inline code,
  // no other origin, no framing.
  static constexpr std::pair<std::string_view, std::string_view> kHeaders[] = {
      {"content-security-policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'"},
      {"x-content-type-options", "nosniff"},
      {"referrer-policy", "no-referrer"},
      {"x-frame-options", "DENY"},
  };
  for (const auto& [name, value] : kHeaders) {
    const bool present = std::any_of(response.headers.begin(), response.headers.end(),
                                     [&](const auto& h) { return h.first == name; });
    if (!present) response.headers.emplace_back(std::string(name), std::string(value));
  }
}

Response Service::handle(Request& request) const {
  auto start = std::chrono::steady_clock::now();
  metrics_->request_started();
  RequestContext context;
  Response response;
  request.client_address = client_address(request, trusted_proxies_);
  try {
    response = router_.dispatch(request, context);
  } catch (const std::exception& e) {
    fmt::print(stderr,
               R"({{"level":"error","route":"{}","message":"handler failed: {}"}})"
               "\n",
               json_escape(context.route_pattern), json_escape(e.what()));
    response = Response::problem(500, "internal", "De server kon dit verzoek niet beantwoorden.");
  }
  add_security_headers(response);
  auto duration = std::chrono::steady_clock::now() - start;
  metrics_->request_finished(context.route_index, response.status, duration);
  if (access_log_ != nullptr) {
    access_log_->write({std::chrono::system_clock::now(), request.method, context.route_pattern,
                        response.status, duration, response.body.size()});
  }
  return response;
}

void Service::add_metrics_source(std::function<std::string()> render) {
  metrics_sources_.push_back(std::move(render));
}

std::string Service::render_metrics() const {
  std::string text = metrics_->render();
  for (const auto& source : metrics_sources_)
    text += source();
  return text;
}

bool runs_inline(const Request& request) {
  return !request.path.starts_with("/api/") || request.path == "/healthz" ||
         request.path == "/readyz" || request.path == "/metrics";
}

void Service::record_rejected(int status, std::size_t bytes) const {
  metrics_->request_started();
  metrics_->request_finished(router_.routes().size() + 3, status, std::chrono::nanoseconds(0));
  if (access_log_ != nullptr) {
    access_log_->write({std::chrono::system_clock::now(), "-", Router::kRejectedPattern, status,
                        std::chrono::nanoseconds(0), bytes});
  }
}

namespace {

bool loopback(std::string_view address) {
  return address.starts_with("127.") || address == "::1" || address.starts_with("::ffff:127.");
}

// Equal without telling, by its timing, how much of a guess was right.
bool same_secret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  return diff == 0;
}

}  // namespace

bool metrics_allowed(const Request& request, std::string_view token) {
  if (!token.empty()) {
    auto header = request.header("authorization");
    return header && header->starts_with("Bearer ") && same_secret(header->substr(7), token);
  }
  return loopback(request.remote_address) && !request.header("x-forwarded-for") &&
         !request.header("forwarded");
}

void add_builtin_routes(Service& service, SchemaVersionFn schema_version, std::string metrics_token,
                        NotReadyFn not_ready) {
  auto unavailable = [](std::string_view why) {
    auto r = Response::problem(503, "unavailable", why);
    r.headers.emplace_back("Retry-After", "2");
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  };
  auto version = std::make_shared<SchemaVersionFn>(std::move(schema_version));
  service.router().add("GET", "/healthz", [version, unavailable](const Request&, RequestContext&) {
    auto v = (*version)();
    if (!v) return unavailable("The database cannot be read.");
    return Response::json(200, fmt::format(R"({{"status":"ok","schema_version":{}}})", *v));
  });
  service.router().add(
      "GET", "/readyz",
      [version, unavailable, ready = std::move(not_ready)](const Request&, RequestContext&) {
        auto v = (*version)();
        if (!v) return unavailable("The database cannot be read.");
        if (ready) {
          if (auto why = ready()) return unavailable(*why);
        }
        return Response::json(200, fmt::format(R"({{"status":"ready","schema_version":{}}})", *v));
      });
  const Service* s = &service;
  service.router().add(
      "GET", "/metrics",
      [s, token = std::move(metrics_token)](const Request& request, RequestContext&) {
        // Not for the public: route names and traffic tell how the service is used.
        if (!metrics_allowed(request, token)) {
          return Response::problem(404, "not_found", "No such resource.");
        }
        Response r;
        r.content_type = "text/plain; version=0.0.4; charset=utf-8";
        r.body = s->render_metrics();
        return r;
      });
}

}  // namespace lap::server
