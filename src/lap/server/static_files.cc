#include "lap/server/static_files.h"

#include <array>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>
#include <utility>

#include <fmt/format.h>

namespace lap::server {

namespace fs = std::filesystem;

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 18> kTypes = {{
    {".html", "text/html; charset=utf-8"},
    {".htm", "text/html; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".ico", "image/x-icon"},
    {".webp", "image/webp"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".txt", "text/plain; charset=utf-8"},
    {".csv", "text/csv; charset=utf-8"},
}};

// RFC 9110 IMF-fixdate.
std::string http_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
                     kDays[static_cast<std::size_t>(tm.tm_wday)], tm.tm_mday,
                     kMonths[static_cast<std::size_t>(tm.tm_mon)], tm.tm_year + 1900, tm.tm_hour,
                     tm.tm_min, tm.tm_sec);
}

bool is_within(const fs::path& root, const fs::path& p) {
  auto r = root.begin();
  auto q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (q == p.end() || *r != *q) return false;
  }
  return true;
}

}  // namespace

std::string_view content_type_for(const fs::path& file) {
  std::string ext = file.extension().string();
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (const auto& [e, type] : kTypes) {
    if (e == ext) return type;
  }
  return "application/octet-stream";
}

StaticFiles::StaticFiles(const fs::path& root) : root_(fs::weakly_canonical(root)) {}

std::optional<fs::path> StaticFiles::resolve(std::string_view request_path) const {
  if (!request_path.starts_with('/')) return std::nullopt;
  fs::path p = root_;
  // Splits by hand: empty segments ("//") and a trailing slash are allowed
  // only as the separator, never as names.
  std::size_t pos = 1;
  while (pos < request_path.size()) {
    std::size_t end = request_path.find('/', pos);
    if (end == std::string_view::npos) end = request_path.size();
    auto segment = percent_decode(request_path.substr(pos, end - pos), false);
    if (!segment) return std::nullopt;
    if (segment->empty()) {
      if (end != request_path.size()) return std::nullopt;  // "a//b"
    } else {
      if (segment->starts_with('.')) return std::nullopt;  // "..", ".", hidden files
      if (segment->find_first_of("/\\") != std::string::npos) return std::nullopt;  // %2F, %5C
      p /= *segment;
    }
    pos = end + 1;
  }
  std::error_code ec;
  if (fs::is_directory(p, ec)) p /= "index.html";
  fs::path canonical = fs::canonical(p, ec);
  if (ec || !is_within(root_, canonical)) return std::nullopt;
  if (!fs::is_regular_file(canonical, ec)) return std::nullopt;
  return canonical;
}

Response StaticFiles::serve(const Request& request) const {
  auto file = resolve(request.path);
  if (!file) return Response::problem(404, "not_found", "There is nothing at this address.");
  std::ifstream in(*file, std::ios::binary);
  if (!in) return Response::problem(404, "not_found", "There is nothing at this address.");
  Response r;
  r.content_type = std::string(content_type_for(*file));
  r.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  std::error_code ec;
  auto mtime = fs::last_write_time(*file, ec);
  if (!ec) {
    auto sys = std::chrono::file_clock::to_sys(mtime);
    r.headers.emplace_back("last-modified", http_date(std::chrono::system_clock::to_time_t(sys)));
  }
  return r;
}

}  // namespace lap::server
