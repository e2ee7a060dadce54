// `lap audit verify`: recomputes the audit log's hash chain and checks its
// append-only protection. Prints the head hash: recorded elsewhere (the
// system journal, a ticket), it also reveals a rewrite of the whole chain.
#include <fmt/format.h>

#include "lap/cli/command.h"
#include "lap/cli/database_option.h"
#include "lap/store/store.h"

namespace lap::cli {

void register_audit_log_command(CLI::App& app) {
  auto* audit = app.add_subcommand(
      "audit", "The audit log of person-level reads (see also `lap audit-run`).");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand(
      "verify",
      "Recompute the audit log's hash chain: every row holds a hash of the row before it and of "
      "itself, so an edited, deleted or inserted row breaks the chain there, even if the "
      "append-only triggers were dropped and restored. Exit code 7 when the chain is broken or "
      "a trigger is missing. Prints the head hash to record elsewhere.");
  auto db = std::make_shared<std::string>(default_database());
  verify
      ->add_option(
          "--db", *db,
          "the database: an SQLite file or a postgresql:// URL (default: $LAP_DB, else lap.sqlite)")
      ->capture_default_str();
  verify->callback([db] {
    set_command([db]() -> int {
      auto fail = [](const Error& e) {
        fmt::print(stderr, "lap audit verify: {}\n", e.message);
        return exit_code_for(e);
      };
      auto store = store::open_store(*db, store::OpenMode::kMustExist);
      if (!store) {
        const int code = fail(store.error());
        return store.error().code == ErrorCode::kNotFound ? kExitIo : code;
      }
      if (auto s = (*store)->migrate(); !s) return fail(s.error());
      auto v = (*store)->verify_audit_log();
      if (!v) return fail(v.error());
      fmt::print("audit log: {} rows, {} in the hash chain, {} from before it\n", grouped(v->rows),
                 grouped(v->chained_rows), grouped(v->legacy_rows));
      fmt::print("head: {}\n", v->head.empty() ? "(empty)" : v->head);
      fmt::print("append-only triggers: {}\n", v->triggers_in_place ? "in place" : "MISSING");
      if (v->broken_at != 0) fmt::print("chain broken at row {}: {}\n", v->broken_at, v->problem);
      if (!v->intact()) {
        fmt::print(stderr, "lap audit verify: the audit log is not intact\n");
        return kExitTampered;
      }
      fmt::print("intact\n");
      return kExitOk;
    });
  });
}

}  // namespace lap::cli
