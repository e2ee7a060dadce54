// `lap import DIR`: validate a delivery and import it in one transaction.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "lap/cli/command.h"
#include "lap/cli/database_option.h"
#include "lap/ingest/import.h"
#include "lap/store/store.h"

namespace lap::cli {
namespace {

// A one-line progress display on stderr, redrawn at most ~5 times a second;
// silent when stderr is not a terminal.
class ProgressLine {
 public:
  ProgressLine() : tty_(isatty(STDERR_FILENO) != 0) {}
  ~ProgressLine() { clear(); }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  void update(const ingest::ImportProgress& p) {
    if (!tty_) return;
    auto now = std::chrono::steady_clock::now();
    if (p.phase != phase_) {
      phase_ = std::string(p.phase);
      phase_start_ = now;
    } else if (now - last_ < std::chrono::milliseconds(200)) {
      return;
    }
    last_ = now;
    double seconds = std::chrono::duration<double>(now - phase_start_).count();
    if (p.bytes > 0) {
      double mb_per_s = seconds > 0 ? static_cast<double>(p.bytes) / 1e6 / seconds : 0.0;
      fmt::print(stderr, "\r{} {:<24} rows {:>12} ({:.1f} MB/s)\x1b[K", phase_, p.file,
                 grouped(p.rows), mb_per_s);
    } else {
      fmt::print(stderr, "\r{} {:<24} rows {:>12}\x1b[K", phase_, p.file, grouped(p.rows));
    }
    std::fflush(stderr);
    drawn_ = true;
  }

  void clear() {
    if (drawn_) fmt::print(stderr, "\r\x1b[K");
    drawn_ = false;
  }

 private:
  bool tty_;
  bool drawn_ = false;
  std::string phase_;
  std::chrono::steady_clock::time_point phase_start_{};
  std::chrono::steady_clock::time_point last_{};
};

// The files an import into a new SQLite database creates — the database with
// its journal files and the pseudonym key file — removed again when the import
// is refused or fails, so that a refused delivery leaves nothing behind. Only
// files that did not exist before are removed, and only while the database
// holds no load (another process may have imported into it meanwhile).
class NewDatabaseFiles {
 public:
  NewDatabaseFiles(const std::string& db, std::string key_file) {
    std::string path = store::sqlite_path(db);
    if (!path.empty() && path != ":memory:" && !exists(path)) database_ = std::move(path);
    if (!key_file.empty() && !exists(key_file)) key_file_ = std::move(key_file);
  }
  NewDatabaseFiles(const NewDatabaseFiles&) = delete;
  NewDatabaseFiles& operator=(const NewDatabaseFiles&) = delete;
  ~NewDatabaseFiles() = default;

  // Closes `store` (when open) and removes the files this import created.
  void remove(std::unique_ptr<store::Store> store) {
    if (database_.empty()) return;  // an existing database keeps its key too
    if (store) {
      auto loads = store->loads();
      if (!loads || !loads->empty()) return;
      store.reset();
    }
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
      std::filesystem::remove(database_ + suffix, ec);
    if (!key_file_.empty()) std::filesystem::remove(key_file_, ec);
  }

 private:
  static bool exists(const std::string& path) {
    std::error_code ec;
    return std::filesystem::exists(std::filesystem::symlink_status(path, ec));
  }
  std::string database_;  // empty: the database existed before (or is not a file)
  std::string key_file_;  // empty: the key file existed before (or there is none)
};

}  // namespace

void register_import_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "import",
      "Import a delivery directory (the CSV files of docs/formats.md) into the database. Every "
      "row of every file is validated first; any problem is printed as "
      "file:line:column: [column] rule and refuses the whole delivery (exit code 3), nothing is "
      "written (a new SQLite database and key file are removed again). Otherwise all files are "
      "written in one transaction as a new data load: a file "
      "replaces its source (new rows added, missing rows retired, earlier loads stay readable). "
      "A delivery that changes nothing records no load. INSZ numbers are pseudonymised with the "
      "key from LAP_PSEUDONYM_KEY, else the key file $LAP_PSEUDONYM_KEY_FILE or (SQLite) <db>.key "
      "(created when absent). A new load is "
      "then linked (lap link) so the measurement sees one person per human.");
  struct Options {
    std::string dir;
    std::string db = default_database();
    size_t max_errors = 50;
    bool no_link = false;
  };
  auto opts = std::make_shared<Options>();
  cmd->add_option("dir", opts->dir, "the delivery directory")->required();
  cmd->add_option(
         "--db", opts->db,
         "the database: an SQLite file or a postgresql:// URL (default: $LAP_DB, else lap.sqlite)")
      ->capture_default_str();
  cmd->add_option("--max-errors", opts->max_errors, "print at most this many problems")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_flag("--no-link", opts->no_link,
                "do not run identity resolution on the new load (run lap link later)");
  cmd->callback([opts] {
    set_command([opts]() -> int {
      NewDatabaseFiles created(opts->db, key_file_for(opts->db));
      auto store = store::open_store(opts->db, store::OpenMode::kCreate);
      if (!store) {
        fmt::print(stderr, "lap import: {}\n", store.error().message);
        created.remove(nullptr);
        return exit_code_for(store.error());
      }
      auto key = link::load_or_create_key(key_file_for(opts->db));
      if (!key) {
        fmt::print(stderr, "lap import: {}\n", key.error().message);
        created.remove(std::move(*store));
        return exit_code_for(key.error());
      }
      link::Pseudonymiser pseudonymiser(*key);
      ProgressLine progress;
      ingest::ImportOptions options;
      options.max_errors = opts->max_errors;
      options.today = today_local();
      options.progress = [&progress](const ingest::ImportProgress& p) { progress.update(p); };
      auto started = std::chrono::steady_clock::now();
      auto report = ingest::import_delivery(opts->dir, **store, geo::Registry::builtin(),
                                            pseudonymiser, options);
      progress.clear();
      if (!report) {
        fmt::print(stderr, "lap import: {}\n", report.error().message);
        created.remove(std::move(*store));
        return exit_code_for(report.error());
      }
      if (report->refused()) {
        for (const auto& p : report->problems)
          fmt::print(stderr, "{}\n", p.to_string());
        int64_t hidden = report->problem_count - static_cast<int64_t>(report->problems.size());
        if (hidden > 0) fmt::print(stderr, "... and {} more\n", grouped(hidden));
        fmt::print(stderr, "lap import: refused: {} problem{} in {}; nothing was written\n",
                   grouped(report->problem_count), report->problem_count == 1 ? "" : "s",
                   opts->dir);
        created.remove(std::move(*store));
        return kExitInvalidInput;
      }
      fmt::print("{:<26} {:>12} {:>12} {:>12} {:>12}\n", "file", "rows", "added", "retired",
                 "unchanged");
      int64_t rows = 0;
      for (const auto& f : report->files) {
        fmt::print("{:<26} {:>12} {:>12} {:>12} {:>12}{}\n", f.file, grouped(f.rows_read),
                   grouped(f.added), grouped(f.retired), grouped(f.unchanged),
                   f.identical ? "  (same file as the current state)" : "");
        rows += f.rows_read;
      }
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      if (report->nothing_changed()) {
        fmt::print("nothing changed, data is at load {}\n", report->current_load);
      } else {
        int64_t added = 0;
        int64_t retired = 0;
        for (const auto& f : report->files) {
          added += f.added;
          retired += f.retired;
        }
        fmt::print("load {} recorded in {}: {} rows added, {} retired ({} rows in {:.1f} s)\n",
                   *report->load_id, store::display_url(opts->db), grouped(added), grouped(retired),
                   grouped(rows), seconds);
        if (!opts->no_link) return link_load(opts->db, **store, *report->load_id);
      }
      return kExitOk;
    });
  });
}

}  // namespace lap::cli
