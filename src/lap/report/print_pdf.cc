#include "lap/report/print_pdf.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include <fmt/format.h>

extern char** environ;

namespace lap::report {
namespace {

namespace fs = std::filesystem;

std::string chromium_binary() {
  if (const char* env = std::getenv("LAP_CHROMIUM"); env != nullptr && *env != '\0') return env;
  return "/usr/bin/chromium";
}

// A private directory that is removed again.
class TempDir {
 public:
  TempDir() {
    std::error_code ec;
    std::string tmpl = (fs::temp_directory_path(ec) / "lap-print-XXXXXX").string();
    if (!ec && mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Runs Chromium to print `html_file` to `pdf_file`; waits at most a minute.
Status run_chromium(const fs::path& profile, const fs::path& html_file,
                    const std::string& pdf_file) {
  const std::string binary = chromium_binary();
  std::vector<std::string> args = {
      binary,
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-extensions",
      "--disable-background-networking",
      "--user-data-dir=" + profile.string(),
      "--no-pdf-header-footer",
      "--print-to-pdf=" + pdf_file,
      "file://" + html_file.string(),
  };
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return make_error(ErrorCode::kIo,
                      fmt::format("cannot start {} to print the PDF (install chromium, or set "
                                  "LAP_CHROMIUM)",
                                  binary));
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  int status = 0;
  while (true) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0) return make_error(ErrorCode::kIo, "lost the printing browser");
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return make_error(ErrorCode::kIo, "printing the PDF took longer than a minute");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return make_error(ErrorCode::kIo, fmt::format("{} failed to print the PDF", binary));
  }
  return {};
}

// Prints into `pdf_file`, checking that a PDF came out.
Status print_into(std::string_view html, const std::string& pdf_file) {
  TempDir dir;
  if (dir.path().empty()) return make_error(ErrorCode::kIo, "no temporary directory to print in");
  const fs::path page = dir.path() / "report.html";
  {
    std::ofstream out(page, std::ios::binary);
    out.write(html.data(), static_cast<std::streamsize>(html.size()));
    if (!out) return make_error(ErrorCode::kIo, "cannot write the page to print");
  }
  if (auto s = run_chromium(dir.path() / "profile", page, pdf_file); !s) return s;
  std::ifstream in(pdf_file, std::ios::binary);
  char head[5] = {};
  in.read(head, 5);
  if (!in || std::string_view(head, 5) != "%PDF-")
    return make_error(ErrorCode::kIo, "the browser wrote no PDF");
  return {};
}

}  // namespace

Status print_pdf(std::string_view html, const std::string& pdf_path) {
  static std::atomic<int> counter{0};
  const std::string tmp = fmt::format("{}.tmp.{}.{}", pdf_path, getpid(), ++counter);
  std::error_code ec;
  const auto parent = fs::path(pdf_path).parent_path();
  if (!parent.empty() && !fs::is_directory(parent, ec))
    return make_error(ErrorCode::kIo, fmt::format("{}: cannot write: no such directory", pdf_path));
  if (auto s = print_into(html, fs::absolute(tmp, ec).string()); !s) {
    fs::remove(tmp, ec);
    return make_error(ErrorCode::kIo, fmt::format("{}: {}", pdf_path, s.error().message));
  }
  fs::rename(tmp, pdf_path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    return make_error(ErrorCode::kIo, fmt::format("{}: cannot write: {}", pdf_path, ec.message()));
  }
  return {};
}

Result<std::string> pdf_bytes(std::string_view html) {
  TempDir dir;
  if (dir.path().empty()) return make_error(ErrorCode::kIo, "no temporary directory to print in");
  const std::string file = (dir.path() / "report.pdf").string();
  if (auto s = print_into(html, file); !s) return std::unexpected(s.error());
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace lap::report
