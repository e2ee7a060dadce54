// The access log: one JSON line per request.
//
//   {"time":"2026-11-23T14:05:09.123Z","method":"GET","route":"/api/v1/calls/{id}",
//    "status":200,"duration_ms":0.412,"bytes":1234}
//
// Only the route *pattern* is written, never the raw path (paths carry
// identifiers), and never query strings, headers, cookies, bodies or the
// client address: the log holds no personal data (ARCHITECTURE, "Logs").
//
// Thread safety: `write` may be called from any thread; lines never interleave.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "lap/core/error.h"

namespace lap::server {

struct AccessLogEntry {
  std::chrono::system_clock::time_point time;
  std::string_view method;
  std::string_view route;  // the pattern
  int status = 0;
  std::chrono::nanoseconds duration{0};
  uint64_t bytes = 0;  // response body bytes
};

// The line for `entry`, without the newline.
std::string format_access_log(const AccessLogEntry& entry);

class AccessLog {
 public:
  // Writes to stderr.
  AccessLog();
  // Appends to `path`; "-" means stderr. kIo when the file cannot be opened.
  static Result<std::unique_ptr<AccessLog>> open(const std::string& path);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void write(const AccessLogEntry& entry);

 private:
  explicit AccessLog(std::FILE* file, bool owned) : file_(file), owned_(owned) {}

  std::mutex mutex_;
  std::FILE* file_;
  bool owned_;
};

}  // namespace lap::server
