// `lap loads`: the data loads recorded in the database.
#include <fmt/format.h>

#include "lap/cli/command.h"
#include "lap/cli/database_option.h"
#include "lap/store/store.h"

namespace lap::cli {

void register_loads_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "loads",
      "List the data loads in the database, oldest first: when each was imported, from which "
      "directory, and per file the rows added, retired and unchanged. Every load's state stays "
      "readable (lap summary --load N).");
  auto db = std::make_shared<std::string>(default_database());
  cmd->add_option(
         "--db", *db,
         "the database: an SQLite file or a postgresql:// URL (default: $LAP_DB, else lap.sqlite)")
      ->capture_default_str();
  cmd->callback([db] {
    set_command([db]() -> int {
      auto store = store::open_store(*db, store::OpenMode::kMustExist);
      if (!store) {
        fmt::print(stderr, "lap loads: {}\n", store.error().message);
        return store.error().code == ErrorCode::kNotFound ? kExitIo : exit_code_for(store.error());
      }
      if (auto s = (*store)->migrate(); !s) {
        fmt::print(stderr, "lap loads: {}\n", s.error().message);
        return exit_code_for(s.error());
      }
      auto loads = (*store)->loads();
      if (!loads) {
        fmt::print(stderr, "lap loads: {}\n", loads.error().message);
        return exit_code_for(loads.error());
      }
      if (loads->empty()) {
        fmt::print(stderr, "{}: no data loads yet (lap import DIR)\n", store::display_url(*db));
        return kExitOk;
      }
      for (const auto& l : *loads) {
        fmt::print("load {}  finished {}  from {}\n", l.load_id, l.finished_at, l.source_dir);
        fmt::print("  {:<26} {:>12} {:>12} {:>12} {:>12}\n", "file", "rows", "added", "retired",
                   "unchanged");
        for (const auto& f : l.files) {
          fmt::print("  {:<26} {:>12} {:>12} {:>12} {:>12}\n", f.file, grouped(f.rows),
                     grouped(f.added), grouped(f.retired), grouped(f.unchanged));
        }
        fmt::print("  {:<26} {:>12} {:>12} {:>12}\n\n", "total", "", grouped(l.rows_added),
                   grouped(l.rows_retired));
      }
      return kExitOk;
    });
  });
}

}  // namespace lap::cli
