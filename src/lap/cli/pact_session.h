// Shared by the `lap pact` subcommands (pact_command.cc, pact_applications.cc):
// common options, parsing of dates, months, amounts and percentages, the
// session (store + PactService with the measurement engine of the latest
// load), reading a table file to import, and writing tables to files or
// standard output.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "lap/cli/database_option.h"
#include "lap/core/date.h"
#include "lap/core/error.h"
#include "lap/core/money.h"
#include "lap/core/month.h"
#include "lap/measure/timeline.h"
#include "lap/pact/rate.h"
#include "lap/pact/service.h"
#include "lap/report/pact_export.h"
#include "lap/store/store.h"

namespace lap::cli {

struct PactOptions {
  std::string db = default_database();
  std::string today;  // YYYY-MM-DD; default: the system date
  std::string actor;  // default: the operating-system user
  std::string out;    // a file: .xlsx, .csv or .json
  bool json = false;  // JSON on standard output
};

// Prints `lap pact: message` and returns the exit code of the error.
int pact_fail(const Error& e);

Result<Date> parse_date_option(std::string_view text, std::string_view option);
Result<Month> parse_month_option(std::string_view text, std::string_view option);
Result<Money> parse_euros_option(std::string_view text, std::string_view option);
Result<pact::Rate> parse_percent_option(std::string_view text, std::string_view option);

// The measurement engine's lap_result on `data` (a data load and the link run
// whose persons count) of `db` as monthly outflow starts, the timelines built
// on first use. Not thread-safe.
pact::EngineResults engine_for(const std::string& db, const pact::DataRef& data);
// The same over timelines from `timelines` (called on every use; thread-safe
// when it is), which must be those of `data`.
pact::EngineResults engine_over(
    const std::function<Result<std::shared_ptr<const measure::Timelines>>()>& timelines,
    const pact::DataRef& data);

// Everything a pact subcommand needs: the store, the service, the day.
struct PactSession {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<pact::PactService> service;
  Date today;
};

// Opens (creating and migrating) the database and stores the preset calls.
Result<PactSession> open_pact_session(const PactOptions& o);

report::ExportContext export_context(const PactSession& s, std::string title);

// The bytes of the file at `path` (kIo `path: cannot open file` / `path: read
// error`, as the CSV readers say it).
Result<std::string> read_file_bytes(const std::string& path);

// Writes `sheet` to --out (format by extension) and/or JSON to stdout.
int emit(const PactOptions& o, const report::Sheet& sheet);

// --db, --today, --actor, and with `files` --out and --json.
void add_pact_options(CLI::App* cmd, PactOptions& o, bool files);

void register_pact_application_commands(CLI::App& pact_cmd);
// `redistribute`, `redistributions`, `verify` (pact_decisions.cc).
void register_pact_decision_commands(CLI::App& pact_cmd);
// `demo-cycle` (pact_demo.cc).
void register_pact_demo_command(CLI::App& pact_cmd);
// The demo's cooperation agreements (agreements_demo.cc), when the registry is empty:
// the number added.
Result<int> add_demo_agreements(store::Store& store, const geo::Registry& registry, Date today);

// Which rights the participants hold, in words: `redistributed by decision 2
// of 2024-01-15`, `own rights: no redistribution decided yet`, ...
std::string rights_basis_text(const pact::Participants& p);

}  // namespace lap::cli
