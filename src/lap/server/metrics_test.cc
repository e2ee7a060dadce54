#include "lap/server/metrics.h"

#include <regex>
#include <sstream>

#include <gtest/gtest.h>

namespace lap::server {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

TEST(Metrics, PrometheusTextFormat) {
  Metrics metrics({{"GET", "/healthz"}, {"GET", "/api/v1/calls/{id}"}, {"-", "(not found)"}},
                  std::chrono::system_clock::time_point(std::chrono::seconds(1700000000)));
  metrics.request_started();
  metrics.request_finished(0, 200, microseconds(300));
  metrics.request_started();
  metrics.request_finished(0, 200, milliseconds(3));
  metrics.request_started();
  metrics.request_finished(1, 404, milliseconds(20));
  metrics.request_started();
  metrics.request_finished(99, 503, milliseconds(2000));  // clamped to the last route
  metrics.request_started();
  std::string text = metrics.render();

  EXPECT_NE(text.find("# TYPE lap_http_requests_total counter\n"), std::string::npos);
  EXPECT_NE(text.find(R"(lap_http_requests_total{method="GET",route="/healthz",status="2xx"} 2)"),
            std::string::npos);
  EXPECT_NE(
      text.find(
          R"(lap_http_requests_total{method="GET",route="/api/v1/calls/{id}",status="4xx"} 1)"),
      std::string::npos);
  EXPECT_NE(
      text.find(R"x(lap_http_requests_total{method="-",route="(not found)",status="5xx"} 1)x"),
      std::string::npos);
  EXPECT_NE(text.find("# TYPE lap_http_request_duration_seconds histogram\n"), std::string::npos);
  EXPECT_NE(
      text.find(
          R"(lap_http_request_duration_seconds_bucket{method="GET",route="/healthz",le="0.0005"} 1)"),
      std::string::npos);
  EXPECT_NE(
      text.find(
          R"(lap_http_request_duration_seconds_bucket{method="GET",route="/healthz",le="0.005"} 2)"),
      std::string::npos);
  EXPECT_NE(
      text.find(
          R"(lap_http_request_duration_seconds_bucket{method="GET",route="/healthz",le="+Inf"} 2)"),
      std::string::npos);
  EXPECT_NE(
      text.find(R"(lap_http_request_duration_seconds_sum{method="GET",route="/healthz"} 0.0033)"),
      std::string::npos);
  EXPECT_NE(
      text.find(R"(lap_http_request_duration_seconds_count{method="GET",route="/healthz"} 2)"),
      std::string::npos);
  EXPECT_NE(text.find("lap_http_requests_in_flight 1\n"), std::string::npos);
  EXPECT_NE(text.find("process_start_time_seconds 1700000000.000\n"), std::string::npos);

  // Every line is a comment or `name{labels} value` (text format 0.0.4).
  std::regex sample(
      R"(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? [-+0-9.eEInf]+$)");
  std::istringstream lines(text);
  std::string line;
  int samples = 0;
  while (std::getline(lines, line)) {
    if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) continue;
    EXPECT_TRUE(std::regex_match(line, sample)) << line;
    ++samples;
  }
  EXPECT_GT(samples, 20);
  EXPECT_TRUE(text.ends_with("\n"));
}

TEST(Metrics, BucketsAreCumulative) {
  Metrics metrics({{"GET", "/x"}}, std::chrono::system_clock::now());
  for (int i = 0; i < 3; ++i) {
    metrics.request_started();
    metrics.request_finished(0, 200, milliseconds(7));
  }
  std::string text = metrics.render();
  EXPECT_NE(text.find(R"(le="0.005"} 0)"), std::string::npos);
  EXPECT_NE(text.find(R"(le="0.01"} 3)"), std::string::npos);
  EXPECT_NE(text.find(R"(le="5"} 3)"), std::string::npos);
  EXPECT_EQ(metrics.in_flight(), 0);
}

}  // namespace
}  // namespace lap::server
