// Shared plumbing of the `lap` subcommands: exit codes and registration.
//
// Each subcommand lives in its own file and registers itself on the CLI11 app
// with a `register_<name>_command` function; its callback returns an exit code.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "lap/core/error.h"
#include "lap/store/store.h"

namespace lap::cli {

// Exit codes of `lap` (documented in docs/cli.md).
enum ExitCode : int {
  kExitOk = 0,
  kExitInternal = 1,      // a bug or an unexpected failure
  kExitUsage = 2,         // wrong command line
  kExitInvalidInput = 3,  // input refused (validation problems were printed)
  kExitIo = 4,            // a file or the database could not be read or written
  kExitPrecondition = 5,  // the state does not allow this (e.g. database newer than lap)
  kExitUnprotected = 6,   // lap audit-run: a small count is not protected
  kExitTampered = 7,      // lap audit verify: the audit log's chain or triggers are broken
  kExitDiffers = 8,       // lap pact verify: a settled statement is not recomputed identically
};

// Maps an error to the exit code above.
int exit_code_for(const Error& error);

// The subcommand's work; sets the process exit code.
using CommandFn = std::function<int()>;

// Registered by main: the callback of the chosen subcommand stores its code here.
void set_command(CommandFn fn);

void register_generate_command(CLI::App& app);
void register_import_command(CLI::App& app);
void register_summary_command(CLI::App& app);
void register_loads_command(CLI::App& app);
void register_refdata_command(CLI::App& app);
void register_measure_command(CLI::App& app);
void register_explain_command(CLI::App& app);
void register_pact_command(CLI::App& app);
void register_link_command(CLI::App& app);
void register_serve_command(CLI::App& app);
void register_user_command(CLI::App& app);
void register_audit_command(CLI::App& app);
void register_migrate_command(CLI::App& app);
void register_audit_log_command(CLI::App& app);
void register_report_command(CLI::App& app);
void register_context_command(CLI::App& app);

// Runs `lap link` on `load` (after an import) and prints its summary; returns
// the exit code.
int link_load(const std::string& db, store::Store& store, int64_t load);

}  // namespace lap::cli
