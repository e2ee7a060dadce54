#include "lap/server/metrics.h"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

namespace lap::server {

namespace {

// Label values escape backslash, quote and newline.
std::string label_value(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

Metrics::Metrics(std::vector<RouteInfo> routes, std::chrono::system_clock::time_point start_time)
    : routes_(std::move(routes)),
      series_(std::make_unique<Series[]>(std::max<std::size_t>(routes_.size(), 1))),
      start_time_seconds_(std::chrono::duration<double>(start_time.time_since_epoch()).count()) {}

void Metrics::request_finished(std::size_t route_index, int status,
                               std::chrono::nanoseconds duration) {
  in_flight_.fetch_sub(1, std::memory_order_relaxed);
  if (routes_.empty()) return;
  Series& s = series_[std::min(route_index, routes_.size() - 1)];
  int cls = std::clamp(status / 100, 1, 5) - 1;
  s.by_class[static_cast<std::size_t>(cls)].fetch_add(1, std::memory_order_relaxed);
  double seconds = std::chrono::duration<double>(duration).count();
  auto bucket = static_cast<std::size_t>(
      std::distance(kBuckets.begin(), std::lower_bound(kBuckets.begin(), kBuckets.end(), seconds)));
  s.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  s.sum_ns.fetch_add(static_cast<uint64_t>(std::max<int64_t>(duration.count(), 0)),
                     std::memory_order_relaxed);
}

std::string Metrics::render() const {
  std::string out;
  auto it = std::back_inserter(out);
  fmt::format_to(it,
                 "# HELP lap_http_requests_total HTTP requests by route pattern and status class.\n"
                 "# TYPE lap_http_requests_total counter\n");
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    std::string labels = fmt::format(R"(method="{}",route="{}")", label_value(routes_[i].method),
                                     label_value(routes_[i].pattern));
    for (std::size_t c = 0; c < 5; ++c) {
      uint64_t v = series_[i].by_class[c].load(std::memory_order_relaxed);
      // 2xx always appears so that every route is visible; other classes once seen.
      if (v == 0 && c != 1) continue;
      fmt::format_to(it, "lap_http_requests_total{{{},status=\"{}xx\"}} {}\n", labels, c + 1, v);
    }
  }
  fmt::format_to(it,
                 "# HELP lap_http_request_duration_seconds Time from the complete request to the "
                 "response, by route pattern.\n"
                 "# TYPE lap_http_request_duration_seconds histogram\n");
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    std::string labels = fmt::format(R"(method="{}",route="{}")", label_value(routes_[i].method),
                                     label_value(routes_[i].pattern));
    uint64_t cumulative = 0;
    for (std::size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += series_[i].buckets[b].load(std::memory_order_relaxed);
      fmt::format_to(it, "lap_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels,
                     kBuckets[b], cumulative);
    }
    cumulative += series_[i].buckets[kBuckets.size()].load(std::memory_order_relaxed);
    fmt::format_to(it, "lap_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels,
                   cumulative);
    fmt::format_to(it, "lap_http_request_duration_seconds_sum{{{}}} {}\n", labels,
                   static_cast<double>(series_[i].sum_ns.load(std::memory_order_relaxed)) / 1e9);
    fmt::format_to(it, "lap_http_request_duration_seconds_count{{{}}} {}\n", labels, cumulative);
  }
  fmt::format_to(it,
                 "# HELP lap_http_requests_in_flight Requests being handled now.\n"
                 "# TYPE lap_http_requests_in_flight gauge\n"
                 "lap_http_requests_in_flight {}\n"
                 "# HELP process_start_time_seconds Start time of the process since the Unix "
                 "epoch in seconds.\n"
                 "# TYPE process_start_time_seconds gauge\n"
                 "process_start_time_seconds {:.3f}\n",
                 in_flight(), start_time_seconds_);
  return out;
}

}  // namespace lap::server
