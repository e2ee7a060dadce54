// `lap context`: the context figures (kerncijfers) of part 1 of the semestrial report
// (docs/formats.md "Kerncijfers"): import a kerncijfers.csv, list what is stored, or write a
// synthetic file for the demo.
#include <fstream>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "lap/cli/command.h"
#include "lap/cli/database_option.h"
#include "lap/cli/pact_session.h"
#include "lap/formats/exchange.h"
#include "lap/generate/context_figures.h"
#include "lap/geo/registry.h"
#include "lap/ingest/import.h"
#include "lap/store/store.h"

namespace lap::cli {
namespace {

int context_fail(const Error& e) {
  fmt::print(stderr, "lap context: {}\n", e.message);
  return exit_code_for(e);
}

Result<std::unique_ptr<store::Store>> open_db(const std::string& db, store::OpenMode mode) {
  auto s = store::open_store(db, mode);
  if (!s) return s;
  if (auto m = (*s)->migrate(); !m) return std::unexpected(m.error());
  return s;
}

int run_import(const std::string& db, const std::string& file, size_t max_errors) {
  auto bytes = read_file_bytes(file);
  if (!bytes) return context_fail(bytes.error());
  formats::Problems problems(max_errors);
  std::vector<formats::ContextFigureRow> rows;
  auto read = formats::read_context_figures(
      formats::Input::memory(file, *bytes),
      formats::ValidationContext{&geo::Registry::builtin(), today_local()}, problems,
      [&](const formats::ContextFigureRow& r, const formats::RowHash&, int64_t) {
        rows.push_back(r);
      });
  if (!read) return context_fail(read.error());
  if (!problems.empty()) {
    for (const auto& p : problems.list())
      fmt::print(stderr, "{}\n", p.to_string());
    if (problems.count() > static_cast<int64_t>(problems.list().size()))
      fmt::print(stderr, "... and {} more problems\n",
                 problems.count() - static_cast<int64_t>(problems.list().size()));
    fmt::print(stderr, "lap context: {} refused ({} {}), nothing stored\n", file, problems.count(),
               problems.count() == 1 ? "problem" : "problems");
    return kExitInvalidInput;
  }
  auto sha = ingest::bytes_sha256(*bytes);
  if (!sha) return context_fail(sha.error());
  auto store = open_db(db, store::OpenMode::kCreate);
  if (!store) return context_fail(store.error());
  auto done = (*store)->import_context_figures({file, *sha, "cli:" + os_user()}, rows);
  if (!done) return context_fail(done.error());
  if (done->changed == 0) {
    fmt::print("{}: {} rows, all stored already; nothing changed\n", file, done->rows);
  } else {
    fmt::print("{}: {} rows imported, {} rows added, changed or replaced\n", file, done->rows,
               done->changed);
  }
  return kExitOk;
}

int run_list(const std::string& db) {
  auto store = open_db(db, store::OpenMode::kMustExist);
  if (!store) return context_fail(store.error());
  auto rows = (*store)->context_figures();
  if (!rows) return context_fail(rows.error());
  // (figure, period) -> municipalities, with the Vlaams Gewest, source
  std::map<std::tuple<formats::ContextFigure, formats::ContextPeriod>,
           std::tuple<int64_t, bool, std::string>>
      sets;
  for (const auto& r : *rows) {
    auto& [n, flanders, source] = sets[{r.figure, r.period}];
    if (r.nis) ++n;
    flanders = flanders || !r.nis;
    source = r.source;
  }
  fmt::print("figure;period;municipalities;vlaams_gewest;source\n");
  for (const auto& [key, value] : sets) {
    fmt::print("{};{};{};{};{}\n", formats::to_code(std::get<0>(key)), std::get<1>(key).to_string(),
               std::get<0>(value), std::get<1>(value) ? 1 : 0, std::get<2>(value));
  }
  return kExitOk;
}

struct GenerateOptions {
  std::string out;
  std::string db;
  int from_year = 2019;
  int to_year = 2025;
  uint64_t seed = 1;
};

int run_generate(const GenerateOptions& o) {
  if (o.from_year > o.to_year)
    return context_fail({ErrorCode::kInvalidArgument, "--from-year is after --to-year"});
  generate::ContextOptions options;
  options.from_year = o.from_year;
  options.to_year = o.to_year;
  options.seed = o.seed;
  const geo::Registry& registry = geo::Registry::builtin();
  if (!o.db.empty()) {
    // The RMI-gerechtigden of each September from the latest load's POD MI counts.
    auto store = open_db(o.db, store::OpenMode::kMustExist);
    if (!store) return context_fail(store.error());
    auto loads = (*store)->loads();
    if (!loads) return context_fail(loads.error());
    if (!loads->empty()) {
      const int64_t load = loads->back().load_id;
      for (int year = o.from_year; year <= o.to_year; ++year) {
        auto counts = (*store)->podmi_counts(load, *Date::from_ymd(year, 9, 30));
        if (!counts) return context_fail(counts.error());
        for (const auto& [nis, n] : *counts)
          options.rmi[{nis, year}] = n;
      }
    }
  }
  const auto rows = generate::context_figures(registry, options);
  std::ofstream out(o.out, std::ios::binary | std::ios::trunc);
  out << generate::context_figures_csv(rows);
  out.close();
  if (!out) return context_fail({ErrorCode::kIo, fmt::format("{}: cannot be written", o.out)});
  fmt::print("{}: {} synthetic context figures for {}..{}{}\n", o.out, rows.size(), o.from_year,
             o.to_year,
             options.rmi.empty() ? "" : ", RMI counts from the POD MI counts of the load");
  return kExitOk;
}

}  // namespace

void register_context_command(CLI::App& app) {
  auto* context = app.add_subcommand(
      "context",
      "The context figures (kerncijfers) of part 1 of the semestrial report: employment rate, "
      "non-active, job seekers without work, RMI-gerechtigden (POD MI) and unqualified school "
      "leavers per municipality (docs/formats.md, \"Kerncijfers\").");
  context->require_subcommand(1);

  auto* imp = context->add_subcommand(
      "import",
      "Validate a kerncijfers.csv and store it in one transaction: for each figure and period "
      "in the file, its rows replace the stored ones. A file with a problem stores nothing; "
      "the same file again changes nothing.");
  auto db = std::make_shared<std::string>(default_database());
  auto file = std::make_shared<std::string>();
  auto max_errors = std::make_shared<size_t>(formats::kDefaultMaxProblems);
  imp->add_option("file", *file, "the kerncijfers.csv file")->required();
  imp->add_option("--db", *db,
                  "the database: an SQLite file or a postgresql:// URL (default: $LAP_DB, else "
                  "lap.sqlite)")
      ->capture_default_str();
  imp->add_option("--max-errors", *max_errors, "print at most this many problems")
      ->capture_default_str();
  imp->callback([db, file, max_errors] {
    set_command([db, file, max_errors] { return run_import(*db, *file, *max_errors); });
  });

  auto* list = context->add_subcommand(
      "list", "List the stored context figures: each figure and period, with its row count.");
  auto list_db = std::make_shared<std::string>(default_database());
  list->add_option("--db", *list_db, "the database (default: $LAP_DB, else lap.sqlite)")
      ->capture_default_str();
  list->callback([list_db] { set_command([list_db] { return run_list(*list_db); }); });

  auto* gen = context->add_subcommand(
      "generate",
      "Write synthetic context figures for every municipality and year (the demo's), in the "
      "kerncijfers.csv format; with --db the RMI-gerechtigden are the POD MI counts of the "
      "latest load on 30 September.");
  auto g = std::make_shared<GenerateOptions>();
  gen->add_option("--out", g->out, "the CSV file to write")->required();
  gen->add_option("--db", g->db, "take the RMI counts from this database's latest load");
  gen->add_option("--from-year", g->from_year, "first year")->capture_default_str();
  gen->add_option("--to-year", g->to_year, "last year")->capture_default_str();
  gen->add_option("--seed", g->seed, "random seed")->capture_default_str();
  gen->callback([g] { set_command([g] { return run_generate(*g); }); });
}

}  // namespace lap::cli
