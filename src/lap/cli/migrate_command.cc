// `lap migrate`: brings a database to this version's schema, and rewrites what
// only the pseudonym key can rewrite (row hashes stored before they were
// keyed). Every other command migrates the schema too; this one exists so an
// operator can upgrade a database at a time of their choosing.
#include <fmt/format.h>

#include "lap/cli/command.h"
#include "lap/cli/database_option.h"
#include "lap/cli/timelines.h"
#include "lap/link/pseudonym.h"
#include "lap/store/store.h"

namespace lap::cli {

void register_migrate_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "migrate",
      "Bring the database to the schema of this version of lap and re-key what needs the "
      "pseudonym key (row hashes from before version 7). Safe to run again: it does nothing "
      "when the database is up to date.");
  auto db = std::make_shared<std::string>(default_database());
  cmd->add_option(
         "--db", *db,
         "the database: an SQLite file or a postgresql:// URL (default: $LAP_DB, else lap.sqlite)")
      ->capture_default_str();
  cmd->callback([db] {
    set_command([db]() -> int {
      auto fail = [](const Error& e) {
        fmt::print(stderr, "lap migrate: {}\n", e.message);
        return exit_code_for(e);
      };
      auto store = store::open_store(*db, store::OpenMode::kMustExist);
      if (!store) {
        const int code = fail(store.error());
        return store.error().code == ErrorCode::kNotFound ? kExitIo : code;
      }
      auto before = (*store)->schema_version();
      if (!before) return fail(before.error());
      if (auto s = (*store)->migrate(); !s) return fail(s.error());
      auto after = (*store)->schema_version();
      if (!after) return fail(after.error());
      fmt::print("schema: version {} -> {}\n", *before, *after);
      auto key = existing_key(key_file_for(*db));
      if (!key) return fail(key.error());
      if (!*key) {
        fmt::print(stderr,
                   "lap migrate: no pseudonym key ({} or the key file of the database); row "
                   "hashes are re-keyed by the next import\n",
                   link::kPseudonymKeyEnv);
        return kExitPrecondition;
      }
      const link::Pseudonymiser pseudonymiser(**key);
      auto rekeyed = (*store)->key_row_hashes(
          [&](const formats::RowHash& h) { return pseudonymiser.row_hash(h); },
          pseudonymiser.key_fingerprint());
      if (!rekeyed) return fail(rekeyed.error());
      fmt::print("row hashes re-keyed: {}\n", grouped(*rekeyed));
      return kExitOk;
    });
  });
}

}  // namespace lap::cli
