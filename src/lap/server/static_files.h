// Static files of the front end, served from one directory.
//
// A request path maps to a file below the root: `/` and directories to their
// `index.html`. Paths with `..`, `.` or empty decoded segments, backslashes or
// NUL are refused (404), and so is anything whose canonical path (symbolic
// links resolved) leaves the root. Hidden files (a segment starting with `.`)
// are not served. Responses carry a Content-Type from the extension and a
// Last-Modified header.
//
// Thread safety: `serve` is const and reads the file system only.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include "lap/server/router.h"

namespace lap::server {

class StaticFiles {
 public:
  // `root` must be an existing directory (checked by the caller).
  explicit StaticFiles(const std::filesystem::path& root);

  Response serve(const Request& request) const;
  // The file a request path names, or nullopt when it is refused or absent.
  std::optional<std::filesystem::path> resolve(std::string_view request_path) const;

 private:
  std::filesystem::path root_;  // canonical
};

// "text/html; charset=utf-8" for ".html", "application/octet-stream" when unknown.
std::string_view content_type_for(const std::filesystem::path& file);

}  // namespace lap::server
