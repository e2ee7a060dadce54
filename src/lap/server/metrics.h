// Request metrics in the Prometheus text exposition format (version 0.0.4).
//
// The set of routes is fixed when the server starts (`Router::route_infos()`),
// so every counter lives in a preallocated array and recording a request is a
// handful of relaxed atomic increments: no lock on the request path.
//
// Series (labels `method` and `route`, the route *pattern*, never a raw path):
//   lap_http_requests_total{method,route,status}   counter, status "2xx", "4xx", ...
//   lap_http_request_duration_seconds{method,route} histogram
//   lap_http_requests_in_flight                    gauge
//   process_start_time_seconds                     gauge (Unix time)
//
// Thread safety: all members may be called from any thread.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lap/server/router.h"

namespace lap::server {

class Metrics {
 public:
  // Upper bounds of the duration buckets, in seconds (+Inf is implicit).
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  5.0};

  Metrics(std::vector<RouteInfo> routes, std::chrono::system_clock::time_point start_time);

  void request_started() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  // Records a finished request of route `route_index` (out-of-range indices are
  // counted on the last route).
  void request_finished(std::size_t route_index, int status, std::chrono::nanoseconds duration);

  int64_t in_flight() const { return in_flight_.load(std::memory_order_relaxed); }

  // The exposition text; series without any request are still listed with 0
  // for registered routes.
  std::string render() const;

 private:
  struct Series {
    std::array<std::atomic<uint64_t>, 5> by_class{};                   // 1xx .. 5xx
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};  // not cumulative
    std::atomic<uint64_t> sum_ns{0};
  };

  std::vector<RouteInfo> routes_;
  std::unique_ptr<Series[]> series_;
  std::atomic<int64_t> in_flight_{0};
  double start_time_seconds_;
};

}  // namespace lap::server
