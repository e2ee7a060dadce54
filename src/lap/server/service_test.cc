#include "lap/server/service.h"

#include <map>
#include <stdexcept>

#include <gtest/gtest.h>

namespace lap::server {
namespace {

Request get(std::string path) {
  Request r;
  r.method = "GET";
  r.path = std::move(path);
  r.remote_address = "127.0.0.1";
  return r;
}

TEST(Service, HealthzReportsTheSchemaVersion) {
  Service service(nullptr);
  add_builtin_routes(service, [] { return Result<int>(3); });
  service.seal();
  auto request = get("/healthz");
  auto r = service.handle(request);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"status":"ok","schema_version":3})");
}

TEST(Service, EveryResponseCarriesTheSecurityHeaders) {
  Service service(nullptr);
  add_builtin_routes(service, [] { return Result<int>(3); });
  service.seal();
  for (std::string path : {"/healthz", "/nothing"}) {
    auto request = get(path);
    auto r = service.handle(request);
    std::map<std::string, std::string> h(r.headers.begin(), r.headers.end());
    EXPECT_EQ(h["x-content-type-options"], "nosniff") << path;
    EXPECT_NE(h["content-security-policy"].find("default-src 'self'"), std::string::npos) << path;
    EXPECT_NE(h["content-security-policy"].find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_EQ(h["referrer-policy"], "no-referrer");
  }
}

TEST(Service, HealthzIs503WhenTheDatabaseFails) {
  Service service(nullptr);
  add_builtin_routes(service, [] { return Result<int>(make_error(ErrorCode::kIo, "gone")); });
  service.seal();
  auto request = get("/healthz");
  EXPECT_EQ(service.handle(request).status, 503);
}

TEST(Service, MetricsCountByRoutePattern) {
  Service service(nullptr);
  add_builtin_routes(service, [] { return Result<int>(1); });
  service.router().add("GET", "/api/v1/calls/{id}",
                       [](const Request&, RequestContext&) { return Response::json(200, "{}"); });
  service.router().add("GET", "/boom", [](const Request&, RequestContext&) -> Response {
    throw std::runtime_error("bug");
  });
  service.seal();
  for (const char* path : {"/api/v1/calls/1", "/api/v1/calls/2", "/nope", "/healthz"}) {
    auto request = get(path);
    service.handle(request);
  }
  auto boom = get("/boom");
  auto failed = service.handle(boom);
  EXPECT_EQ(failed.status, 500);
  EXPECT_NE(failed.body.find(R"("code":"internal")"), std::string::npos);
  auto request = get("/metrics");
  auto r = service.handle(request);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(
      r.body.find(
          R"(lap_http_requests_total{method="GET",route="/api/v1/calls/{id}",status="2xx"} 2)"),
      std::string::npos);
  EXPECT_NE(
      r.body.find(R"x(lap_http_requests_total{method="-",route="(not found)",status="4xx"} 1)x"),
      std::string::npos);
  EXPECT_NE(r.body.find(R"(lap_http_requests_total{method="GET",route="/boom",status="5xx"} 1)"),
            std::string::npos);
  EXPECT_EQ(r.body.find("/api/v1/calls/1"), std::string::npos);  // never a raw path
  EXPECT_NE(r.body.find("lap_http_requests_in_flight 1\n"), std::string::npos);
}

// Regression: /metrics was public.
TEST(Service, MetricsOnlyForThisMachineOrWithTheToken) {
  Service open_service(nullptr);
  add_builtin_routes(open_service, [] { return Result<int>(1); });
  open_service.seal();
  auto local = get("/metrics");
  EXPECT_EQ(open_service.handle(local).status, 200);
  auto remote = get("/metrics");
  remote.remote_address = "198.51.100.7";
  EXPECT_EQ(open_service.handle(remote).status, 404);
  auto proxied = get("/metrics");  // through a reverse proxy on this machine
  proxied.headers = {{"x-forwarded-for", "198.51.100.7"}};
  EXPECT_EQ(open_service.handle(proxied).status, 404);

  Service with_token(nullptr);
  add_builtin_routes(
      with_token, [] { return Result<int>(1); }, "s3cret-token");
  with_token.seal();
  auto anonymous = get("/metrics");
  EXPECT_EQ(with_token.handle(anonymous).status, 404);
  auto wrong = get("/metrics");
  wrong.headers = {{"authorization", "Bearer s3cret-tokeN"}};
  EXPECT_EQ(with_token.handle(wrong).status, 404);
  auto right = get("/metrics");
  right.remote_address = "198.51.100.7";
  right.headers = {{"authorization", "Bearer s3cret-token"}};
  EXPECT_EQ(with_token.handle(right).status, 200);
}

TEST(Service, CountsRejectedRequests) {
  Service service(nullptr);
  add_builtin_routes(service, [] { return Result<int>(1); });
  service.seal();
  service.record_rejected(413, 80);
  auto request = get("/metrics");
  auto r = service.handle(request);
  EXPECT_NE(
      r.body.find(R"x(lap_http_requests_total{method="-",route="(rejected)",status="4xx"} 1)x"),
      std::string::npos);
}

TEST(AccessLogFormat, OneJsonLineWithoutPersonalData) {
  AccessLogEntry e{std::chrono::system_clock::time_point(std::chrono::milliseconds(1700000000123)),
                   "GET",
                   "/api/v1/persons/{ref}",
                   200,
                   std::chrono::microseconds(1500),
                   42};
  EXPECT_EQ(
      format_access_log(e),
      R"({"time":"2023-11-14T22:13:20.123Z","method":"GET","route":"/api/v1/persons/{ref}","status":200,"duration_ms":1.500,"bytes":42})");
}

}  // namespace
}  // namespace lap::server
