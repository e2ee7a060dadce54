// `lap report semester` and `lap report factsheet`: the semestrial policy report and the
// municipal fact sheet (lap/report/semester_report.h, fact_sheet.h, docs/report.md) of a
// stored measurement run, as HTML, XLSX or PDF.
#include <algorithm>
#include <chrono>
#include <fstream>

#include <fmt/format.h>

#include "lap/cli/command.h"
#include "lap/cli/database_option.h"
#include "lap/cli/stored_run.h"
#include "lap/core/date.h"
#include "lap/geo/registry.h"
#include "lap/publish/publication.h"
#include "lap/report/fact_sheet.h"
#include "lap/report/figure_sheet.h"
#include "lap/report/print_pdf.h"
#include "lap/report/semester_report.h"
#include "lap/report/xlsx.h"
#include "lap/store/store.h"

namespace lap::cli {
namespace {

struct ReportOptions {
  std::string db = default_database();
  int64_t run = 0;
  std::string half_year;
  std::vector<std::string> regiegebieden;  // semester
  std::string municipality;                // factsheet
  std::string out;
  std::string today;
};

// What both reports start from: the public cells of the stored run and the stored context
// figures.
struct ReportBasis {
  measure::Period half_year;
  std::string ext;  // html, xlsx or pdf
  Date today;
  std::unique_ptr<store::Store> store;
  StoredRun read;
  std::vector<publish::PublishedFigure> cells;
  std::vector<formats::ContextFigureRow> context;
  int k = 5;
  std::string source;
};

Result<ReportBasis> report_basis(const ReportOptions& o) {
  ReportBasis b;
  auto half = measure::Period::parse(o.half_year);
  if (!half || half->kind != measure::Period::Kind::kHalfYear)
    return make_error(ErrorCode::kInvalidArgument, "--half-year must be YYYY-H1 or YYYY-H2");
  b.half_year = *half;
  const size_t dot = o.out.rfind('.');
  b.ext = dot == std::string::npos ? "" : o.out.substr(dot + 1);
  if (b.ext != "html" && b.ext != "xlsx" && b.ext != "pdf")
    return make_error(ErrorCode::kInvalidArgument, "--out must end in .html, .xlsx or .pdf");
  b.today = today_local();
  if (!o.today.empty()) {
    auto d = Date::parse(o.today);
    if (!d) return make_error(ErrorCode::kInvalidArgument, "--today must be YYYY-MM-DD");
    b.today = *d;
  }
  auto store = store::open_store(o.db, store::OpenMode::kMustExist);
  if (!store) {
    Error e = store.error();
    if (e.code == ErrorCode::kNotFound) e.code = ErrorCode::kIo;  // no database file: exit 4
    return std::unexpected(e);
  }
  b.store = std::move(*store);
  if (auto s = b.store->migrate(); !s) return std::unexpected(s.error());
  auto read = read_stored_run(*b.store, o.run);
  if (!read) return std::unexpected(read.error());
  b.read = std::move(*read);
  const store::MeasureRun& info = b.read.info;
  if (!b.read.protection) {
    return make_error(ErrorCode::kFailedPrecondition,
                      fmt::format("run {} was stored without a protection; the report shows the "
                                  "public view: run lap measure again",
                                  info.run_id));
  }
  const publish::Protection& protection = b.read.protection->protection;
  const geo::Registry& registry = geo::Registry::builtin();
  b.cells = publish::roll_up(b.read.figures, registry);
  publish::apply(b.cells, protection, publish::View::public_view());
  auto context = b.store->context_figures();
  if (!context) return std::unexpected(context.error());
  b.context = std::move(*context);
  b.k = protection.k();
  b.source = report::run_source_nl(info.run_id, info.load_id, info.data_end);
  return b;
}

// Writes the document as HTML, PDF or XLSX.
Status write_report(const std::string& ext, const std::string& html, const report::Workbook& book,
                    const std::string& path) {
  if (ext == "xlsx") return report::write_xlsx(book, path);
  if (ext == "pdf") return report::print_pdf(html, path);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << html;
  out.close();
  if (!out) return make_error(ErrorCode::kIo, fmt::format("{}: cannot be written", path));
  return {};
}

int fail(std::string_view command, const Error& e) {
  fmt::print(stderr, "lap report {}: {}\n", command, e.message);
  return exit_code_for(e);
}

double seconds_since(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

int run_semester(const ReportOptions& o) {
  const auto started = std::chrono::steady_clock::now();
  auto b = report_basis(o);
  if (!b) return fail("semester", b.error());
  report::SemesterReportInput input;
  input.half_year = b->half_year;
  input.context = std::move(b->context);
  input.regiegebieden = o.regiegebieden;
  input.k = b->k;
  input.source = b->source;
  input.generated_on = b->today;
  auto doc = report::semester_report(b->cells, geo::Registry::builtin(), input);
  if (!doc) return fail("semester", doc.error());
  const std::string html = b->ext == "xlsx" ? "" : report::semester_report_html(*doc);
  const report::Workbook book =
      b->ext == "xlsx" ? report::semester_report_workbook(*doc) : report::Workbook{};
  if (auto written = write_report(b->ext, html, book, o.out); !written)
    return fail("semester", written.error());
  fmt::print(
      "semestrial report of the {} (against the {}), run {}: {} context figures with data, {} "
      "indicators, {} written in {:.1f} s\n",
      b->half_year.to_string(), doc->previous.to_string(), b->read.info.run_id,
      std::count_if(doc->context.begin(), doc->context.end(),
                    [](const report::ContextSection& s) { return s.period.has_value(); }),
      doc->sections.size(), o.out, seconds_since(started));
  return kExitOk;
}

int run_factsheet(const ReportOptions& o) {
  const auto started = std::chrono::steady_clock::now();
  auto nis = Nis::parse(o.municipality);
  if (!nis) return fail("factsheet", {ErrorCode::kInvalidArgument, "--municipality: a NIS code"});
  auto b = report_basis(o);
  if (!b) return fail("factsheet", b.error());
  auto agreements = b->store->agreements();
  if (!agreements) return fail("factsheet", agreements.error());
  report::FactSheetInput input;
  input.municipality = *nis;
  input.half_year = b->half_year;
  input.context = std::move(b->context);
  input.agreements = std::move(*agreements);
  input.k = b->k;
  input.source = b->source;
  input.generated_on = b->today;
  auto doc = report::fact_sheet(b->cells, geo::Registry::builtin(), input);
  if (!doc) return fail("factsheet", doc.error());
  const std::string html = b->ext == "xlsx" ? "" : report::fact_sheet_html(*doc);
  const report::Workbook book =
      b->ext == "xlsx" ? report::fact_sheet_workbook(*doc) : report::Workbook{};
  if (auto written = write_report(b->ext, html, book, o.out); !written)
    return fail("factsheet", written.error());
  fmt::print("fact sheet of {} ({}) for the {}, run {}: {} written in {:.1f} s\n",
             doc->municipality.name, doc->municipality.code, b->half_year.to_string(),
             b->read.info.run_id, o.out, seconds_since(started));
  return kExitOk;
}

void add_common_options(CLI::App* cmd, ReportOptions& o) {
  cmd->add_option("--half-year", o.half_year, "the half year, YYYY-H1 or YYYY-H2")->required();
  cmd->add_option("--out", o.out, "FILE.html, FILE.xlsx or FILE.pdf")->required();
  cmd->add_option(
         "--db", o.db,
         "the database: an SQLite file or a postgresql:// URL (default: $LAP_DB, else lap.sqlite)")
      ->capture_default_str();
  cmd->add_option("--run", o.run, "the run (default: the latest)")->check(CLI::PositiveNumber);
  cmd->add_option("--today", o.today, "the report's date, YYYY-MM-DD (default: today)");
}

}  // namespace

void register_report_command(CLI::App& app) {
  auto* report = app.add_subcommand("report", "Reports made from a stored measurement run.");
  report->require_subcommand(1);
  auto* cmd = report->add_subcommand(
      "semester",
      "The semestrial policy report of VDAB and the local governments (docs/report.md): the "
      "context figures (lap context import) and the cooperation indicators of one half year for "
      "the 13 centrumsteden, any regiegebieden chosen and Flanders, each against the half year "
      "before, with Dutch sentences that say what the figures show and a chart per indicator. "
      "Made from the public view of the run (small counts hidden), as HTML, XLSX (a sheet per "
      "indicator) or PDF (printed by headless Chromium).");
  auto o = std::make_shared<ReportOptions>();
  add_common_options(cmd, *o);
  cmd->add_option("--regiegebied", o->regiegebieden,
                  "also report this regiegebied sociale economie en werk (repeatable)");
  cmd->callback([o] { set_command([o]() -> int { return run_semester(*o); }); });

  auto* sheet = report->add_subcommand(
      "factsheet",
      "The municipal fact sheet for a council (docs/report.md, \"Gemeentefiche\"): one "
      "municipality's cooperation indicators of a half year against the half year before, its "
      "regiegebied, province and Flanders, with its context figures and its cooperation "
      "agreement, on one or two A4 pages. The public view, as HTML, XLSX or PDF.");
  auto f = std::make_shared<ReportOptions>();
  add_common_options(sheet, *f);
  sheet->add_option("--municipality", f->municipality, "the municipality's NIS code")->required();
  sheet->callback([f] { set_command([f]() -> int { return run_factsheet(*f); }); });
}

}  // namespace lap::cli
