#include "lap/server/metrics.h"

#include <cctype>
#include <cstdlib>
#include <sstream>
#include <string_view>

#include <gtest/gtest.h>

namespace lap::server {
namespace {

using std::chrono::microseconds;

bool is_name_char(char c, bool first) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_' || c == ':' ||
         (!first && std::isdigit(static_cast<unsigned char>(c)) != 0);
}

// One sample line of the text format 0.0.4: `name{label="value",...} number`.
// (Hand-written: std::regex trips GCC 12's -Wmaybe-uninitialized under ASan.)
bool is_sample_line(std::string_view line) {
  std::size_t i = 0;
  if (line.empty() || !is_name_char(line[0], true)) return false;
  while (i < line.size() && is_name_char(line[i], i == 0))
    ++i;
  if (i < line.size() && line[i] == '{') {
    ++i;
    while (i < line.size() && line[i] != '}') {
      std::size_t start = i;
      while (i < line.size() && is_name_char(line[i], i == start) && line[i] != ':')
        ++i;
      if (i == start || i + 1 >= line.size() || line[i] != '=' || line[i + 1] != '"') return false;
      i += 2;
      while (i < line.size() && line[i] != '"')
        i += line[i] == '\\' ? 2 : 1;
      if (i >= line.size()) return false;
      ++i;
      if (i < line.size() && line[i] == ',') ++i;
    }
    if (i >= line.size()) return false;
    ++i;
  }
  if (i >= line.size() || line[i] != ' ') return false;
  std::string value(line.substr(i + 1));
  if (value == "+Inf" || value == "-Inf" || value == "NaN") return true;
  char* end = nullptr;
  std::strtod(value.c_str(), &end);
  return !value.empty() && end == value.c_str() + value.size();
}

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
  std::istringstream lines(text);
  std::string line;
  int samples = 0;
  while (std::getline(lines, line)) {
    if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) continue;
    EXPECT_TRUE(is_sample_line(line)) << line;
    ++samples;
  }
  EXPECT_GT(samples, 20);
  EXPECT_TRUE(text.ends_with("\n"));
  EXPECT_FALSE(is_sample_line("bad name 1"));
  EXPECT_FALSE(is_sample_line(R"(x{a="1"} one)"));
  EXPECT_FALSE(is_sample_line(R"(x{a=1} 1)"));
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
