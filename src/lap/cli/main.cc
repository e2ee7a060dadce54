// `lap`: the command-line entry point of Activeringspact.
#include <sys/stat.h>

#include <cstdio>
#include <exception>

#include <fmt/format.h>

#include "lap/cli/command.h"
#include "lap/geo/registry.h"

namespace lap::cli {
namespace {
CommandFn g_command;
}  // namespace

void set_command(CommandFn fn) {
  g_command = std::move(fn);
}

int exit_code_for(const Error& error) {
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kNotFound:
    case ErrorCode::kAlreadyExists:
      return kExitInvalidInput;
    case ErrorCode::kFailedPrecondition:
      return kExitPrecondition;
    case ErrorCode::kIo:
      return kExitIo;
    case ErrorCode::kInternal:
      return kExitInternal;
  }
  return kExitInternal;
}

}  // namespace lap::cli

int main(int argc, char** argv) {
  // Everything lap writes may hold personal data or keys (databases, keys,
  // deliveries, exports, reports): files 0600 and directories 0700.
  ::umask(077);
  using namespace lap::cli;
  CLI::App app{
      "lap — Activeringspact: link OCMW and VDAB data, measure activation of leefloners, "
      "administer the Lokaal Activeringspact."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "lap 0.1.0");
  register_generate_command(app);
  register_import_command(app);
  register_loads_command(app);
  register_summary_command(app);
  register_measure_command(app);
  register_explain_command(app);
  register_pact_command(app);
  register_link_command(app);
  register_refdata_command(app);
  register_serve_command(app);
  register_user_command(app);
  register_audit_command(app);
  register_migrate_command(app);
  register_audit_log_command(app);
  register_report_command(app);
  register_context_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  try {
    // The reference data are part of the program: validate them before any work.
    lap::geo::Registry::builtin();
    return g_command ? g_command() : kExitUsage;
  } catch (const std::exception& e) {
    fmt::print(stderr, "lap: internal error: {}\n", e.what());
    return kExitInternal;
  }
}
