#include "lap/store/timeline_files.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "lap/measure/timeline_image.h"
#include "lap/store/store.h"

namespace lap::store {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSuffix = ".lapt";
constexpr std::string_view kPublishedSuffix = ".lapp";
constexpr std::string_view kTempPrefix = ".tmp-";

std::unexpected<Error> io_error(std::string_view what, const std::string& path, int err) {
  return make_error(ErrorCode::kIo, fmt::format("{} {}: {}", what, path, std::strerror(err)));
}

// A file descriptor closed on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

Status write_all(int fd, std::span<const std::byte> bytes, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("cannot write", path, errno);
    }
    bytes = bytes.subspan(static_cast<size_t>(n));
  }
  return {};
}

Status make_private_dir(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return io_error("cannot create", dir, ec.value());
  if (::chmod(dir.c_str(), 0700) != 0) return io_error("cannot restrict", dir, errno);
  return {};
}

// Temporary files of writers that are gone, and of each kind of file the
// least recently used beyond the number kept.
void prune(const std::string& dir) {
  struct Kind {
    std::string_view suffix;
    size_t kept;
    std::vector<std::pair<fs::file_time_type, fs::path>> files;
  };
  std::array<Kind, 2> kinds = {Kind{kSuffix, kKeptTimelineFiles, {}},
                               Kind{kPublishedSuffix, kKeptPublishedFiles, {}}};
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(kTempPrefix)) {
      const long pid = std::strtol(name.c_str() + kTempPrefix.size(), nullptr, 10);
      if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
        fs::remove(entry.path(), ec);
      }
      continue;
    }
    for (Kind& kind : kinds) {
      if (name.ends_with(kind.suffix))
        kind.files.emplace_back(entry.last_write_time(ec), entry.path());
    }
  }
  for (Kind& kind : kinds) {
    if (kind.files.size() <= kind.kept) continue;
    std::sort(kind.files.begin(), kind.files.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t i = kind.kept; i < kind.files.size(); ++i)
      fs::remove(kind.files[i].second, ec);
  }
}

// Writes `dir/name` through a temporary file: whole or not at all, also after
// a crash. `write` receives the sink of the file's bytes.
Status save_atomically(const std::string& dir, const std::string& name,
                       const std::function<Status(const measure::TimelineImage::Sink&)>& write) {
  if (auto s = make_private_dir(dir); !s) return s;
  const std::string path = dir + "/" + name;
  const std::string temp = fmt::format("{}/{}{}-{}", dir, kTempPrefix, ::getpid(), name);
  Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (fd.get() < 0) return io_error("cannot create", temp, errno);
  auto written = [&]() -> Status {
    if (auto s = write(
            [&](std::span<const std::byte> piece) { return write_all(fd.get(), piece, temp); });
        !s) {
      return s;
    }
    if (::fsync(fd.get()) != 0) return io_error("cannot flush", temp, errno);
    if (::close(fd.release()) != 0) return io_error("cannot close", temp, errno);
    if (::rename(temp.c_str(), path.c_str()) != 0) return io_error("cannot rename", temp, errno);
    // The rename itself made durable.
    Fd d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (d.get() >= 0) ::fsync(d.get());
    return {};
  }();
  if (!written) {
    ::unlink(temp.c_str());
    return written;
  }
  prune(dir);
  return {};
}

}  // namespace

std::optional<std::string> timeline_dir(std::string_view database_url) {
  if (const char* env = std::getenv("LAP_TIMELINE_DIR"); env != nullptr && *env != '\0') {
    if (std::string_view(env) == "off") return std::nullopt;
    return std::string(env);
  }
  if (!is_postgresql_url(database_url)) {
    const std::string path = sqlite_path(database_url);
    if (path.empty() || path == ":memory:") return std::nullopt;
    return path + ".timelines";
  }
  std::string base;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg == '/') {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/') {
    base = std::string(home) + "/.cache";
  } else {
    return std::nullopt;
  }
  // One directory per database, named by a hash of its URL as shown (no password).
  const std::string shown = display_url(database_url);
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(shown.data()),
                     shown.size());
  std::array<char, 17> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), 8);
  return fmt::format("{}/lap/timelines/{}", base, hex.data());
}

Result<std::optional<measure::Timelines>> map_timeline_file(const std::string& dir,
                                                            const std::string& name,
                                                            std::string_view fingerprint) {
  const std::string path = dir + "/" + name;
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::optional<measure::Timelines>();
    return io_error("cannot open", path, errno);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return io_error("cannot read", path, errno);
  const auto size = static_cast<size_t>(st.st_size);
  auto rebuild = [&]() -> Result<std::optional<measure::Timelines>> {
    std::error_code ec;
    fs::remove(path, ec);
    return std::optional<measure::Timelines>();
  };
  if (size < measure::kTimelineImageHeaderBytes) return rebuild();
  void* address = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
  if (address == MAP_FAILED) return io_error("cannot map", path, errno);
  std::shared_ptr<const void> mapping(address, [size](const void* a) {
    ::munmap(const_cast<void*>(a), size);  // NOLINT(cppcoreguidelines-pro-type-const-cast)
  });
  auto opened = measure::TimelineImage::open(
      mapping, std::span<const std::byte>(static_cast<const std::byte*>(address), size),
      fingerprint);
  if (!opened) {
    if (opened.error().code == ErrorCode::kInternal) return std::unexpected(opened.error());
    return rebuild();  // another format or data, or damaged
  }
  // Recently used: kept longest.
  ::futimens(fd.get(), nullptr);
  return std::optional<measure::Timelines>(std::move(*opened));
}

Status save_timeline_file(const std::string& dir, const std::string& name,
                          std::string_view fingerprint, const measure::Timelines& t) {
  return save_atomically(dir, name, [&](const measure::TimelineImage::Sink& out) {
    return measure::TimelineImage::write(t, fingerprint, out);
  });
}

Result<std::optional<MappedFile>> read_published_file(const std::string& dir,
                                                      const std::string& name) {
  const std::string path = dir + "/" + name;
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::optional<MappedFile>();
    return io_error("cannot open", path, errno);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return io_error("cannot read", path, errno);
  const auto size = static_cast<size_t>(st.st_size);
  if (size == 0) return std::optional<MappedFile>(MappedFile{});
  // Read-only and populated at once: the whole file is read right away.
  void* address = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd.get(), 0);
  if (address == MAP_FAILED) return io_error("cannot map", path, errno);
  MappedFile out;
  out.owner = std::shared_ptr<const void>(address, [size](const void* a) {
    ::munmap(const_cast<void*>(a), size);  // NOLINT(cppcoreguidelines-pro-type-const-cast)
  });
  out.bytes = std::string_view(static_cast<const char*>(address), size);
  ::futimens(fd.get(), nullptr);  // recently used: kept longest
  return std::optional<MappedFile>(std::move(out));
}

Status save_published_file(const std::string& dir, const std::string& name,
                           std::string_view bytes) {
  return save_atomically(dir, name, [&](const measure::TimelineImage::Sink& out) {
    return out(std::as_bytes(std::span<const char>(bytes.data(), bytes.size())));
  });
}

void remove_published_file(const std::string& dir, const std::string& name) {
  std::error_code ec;
  fs::remove(dir + "/" + name, ec);
}

}  // namespace lap::store
