// `lap summary`: what the database holds, in a few lines.
#include <fmt/format.h>

#include "lap/cli/command.h"
#include "lap/cli/database_option.h"
#include "lap/store/store.h"

namespace lap::cli {

void register_summary_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "summary",
      "Summarise what the database holds at a data load (default: the latest): rows per source, "
      "distinct persons, the leefloners (LL and ELL) on 2022-09-30 and the number of OCMWs "
      "granting them, and the period the data covers.");
  struct Options {
    std::string db = default_database();
    int64_t load = 0;
  };
  auto opts = std::make_shared<Options>();
  cmd->add_option(
         "--db", opts->db,
         "the database: an SQLite file or a postgresql:// URL (default: $LAP_DB, else lap.sqlite)")
      ->capture_default_str();
  cmd->add_option("--load", opts->load, "the data load to describe (default: the latest)")
      ->check(CLI::PositiveNumber);
  cmd->callback([opts] {
    set_command([opts]() -> int {
      auto store = store::open_store(opts->db, store::OpenMode::kMustExist);
      if (!store) {
        fmt::print(stderr, "lap summary: {}\n", store.error().message);
        return store.error().code == ErrorCode::kNotFound ? kExitIo : exit_code_for(store.error());
      }
      if (auto s = (*store)->migrate(); !s) {
        fmt::print(stderr, "lap summary: {}\n", s.error().message);
        return exit_code_for(s.error());
      }
      std::optional<int64_t> load;
      if (opts->load > 0) load = opts->load;
      auto s = (*store)->summary(load, store::SummaryOptions{});
      if (!s) {
        fmt::print(stderr, "lap summary: {}\n", s.error().message);
        return exit_code_for(s.error());
      }
      auto current = (*store)->current_load();
      if (!current) {
        fmt::print(stderr, "lap summary: {}\n", current.error().message);
        return exit_code_for(current.error());
      }
      if (s->load_id == 0) {
        fmt::print("{}: no data loads yet (lap import DIR)\n", store::display_url(opts->db));
        return kExitOk;
      }
      fmt::print("{}: data load {} of {}\n\n", store::display_url(opts->db), s->load_id, *current);
      fmt::print("rows per source\n");
      int64_t total = 0;
      for (const auto& [source, rows] : s->sources) {
        fmt::print("  {:<24} {:>12}\n", formats::source_name(source), grouped(rows));
        total += rows;
      }
      fmt::print("  {:<24} {:>12}\n\n", "total", grouped(total));
      fmt::print("persons (distinct pseudonyms)     {:>12}\n", grouped(s->persons));
      fmt::print("leefloners (LL, ELL) on {}  {:>12}  at {} OCMWs\n", s->leefloner_date.to_string(),
                 grouped(s->leefloners), s->leefloner_ocmws);
      if (s->first_date && s->last_date) {
        fmt::print("period covered                    {} .. {}\n", s->first_date->to_string(),
                   s->last_date->to_string());
      }
      return kExitOk;
    });
  });
}

}  // namespace lap::cli
