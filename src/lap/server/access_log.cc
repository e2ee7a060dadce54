#include "lap/server/access_log.h"

#include <cerrno>
#include <cstring>
#include <ctime>

#include <fmt/format.h>

#include "lap/server/router.h"

namespace lap::server {

std::string format_access_log(const AccessLogEntry& entry) {
  auto since_epoch = entry.time.time_since_epoch();
  auto secs = std::chrono::floor<std::chrono::seconds>(since_epoch);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - secs).count();
  std::time_t t = static_cast<std::time_t>(secs.count());
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format(
      R"({{"time":"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z","method":"{}","route":"{}","status":{},"duration_ms":{:.3f},"bytes":{}}})",
      tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis,
      json_escape(entry.method), json_escape(entry.route), entry.status,
      std::chrono::duration<double, std::milli>(entry.duration).count(), entry.bytes);
}

AccessLog::AccessLog() : file_(stderr), owned_(false) {}

Result<std::unique_ptr<AccessLog>> AccessLog::open(const std::string& path) {
  if (path == "-") return std::make_unique<AccessLog>();
  std::FILE* file = std::fopen(path.c_str(), "ae");
  if (file == nullptr) {
    return make_error(ErrorCode::kIo, fmt::format("{}: cannot open the access log: {}", path,
                                                  std::strerror(errno)));
  }
  std::setvbuf(file, nullptr, _IOLBF, 0);
  return std::unique_ptr<AccessLog>(new AccessLog(file, true));
}

AccessLog::~AccessLog() {
  if (owned_) std::fclose(file_);
}

void AccessLog::write(const AccessLogEntry& entry) {
  std::string line = format_access_log(entry);
  line.push_back('\n');
  std::lock_guard lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), file_);
}

}  // namespace lap::server
