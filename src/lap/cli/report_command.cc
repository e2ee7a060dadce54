// `lap report semester`: the semestrial policy report (lap/report/semester_report.h,
// docs/report.md) of a stored measurement run, as HTML, XLSX or PDF.
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
  std::vector<std::string> regiegebieden;
  std::string out;
  std::string today;
};

int run_report(const ReportOptions& o) {
  auto fail = [](const Error& e) {
    fmt::print(stderr, "lap report semester: {}\n", e.message);
    return exit_code_for(e);
  };
  const auto started = std::chrono::steady_clock::now();
  auto half = measure::Period::parse(o.half_year);
  if (!half || half->kind != measure::Period::Kind::kHalfYear)
    return fail({ErrorCode::kInvalidArgument, "--half-year must be YYYY-H1 or YYYY-H2"});
  const size_t dot = o.out.rfind('.');
  const std::string ext = dot == std::string::npos ? "" : o.out.substr(dot + 1);
  if (ext != "html" && ext != "xlsx" && ext != "pdf")
    return fail({ErrorCode::kInvalidArgument, "--out must end in .html, .xlsx or .pdf"});
  Date today = today_local();
  if (!o.today.empty()) {
    auto d = Date::parse(o.today);
    if (!d) return fail({ErrorCode::kInvalidArgument, "--today must be YYYY-MM-DD"});
    today = *d;
  }

  auto store = store::open_store(o.db, store::OpenMode::kMustExist);
  if (!store) {
    fmt::print(stderr, "lap report semester: {}\n", store.error().message);
    return store.error().code == ErrorCode::kNotFound ? kExitIo : exit_code_for(store.error());
  }
  if (auto s = (*store)->migrate(); !s) return fail(s.error());
  auto read = read_stored_run(**store, o.run);
  if (!read) return fail(read.error());
  const store::MeasureRun& info = read->info;
  if (!read->protection) {
    return fail({ErrorCode::kFailedPrecondition,
                 fmt::format("run {} was stored without a protection; the report shows the "
                             "public view: run lap measure again",
                             info.run_id)});
  }
  const publish::Protection& protection = read->protection->protection;
  const std::vector<measure::Figure>& figures = read->figures;
  const geo::Registry& registry = geo::Registry::builtin();
  std::vector<publish::PublishedFigure> cells = publish::roll_up(figures, registry);
  publish::apply(cells, protection, publish::View::public_view());

  auto context = (*store)->context_figures();
  if (!context) return fail(context.error());

  report::SemesterReportInput input;
  input.half_year = *half;
  input.context = std::move(*context);
  input.regiegebieden = o.regiegebieden;
  input.k = protection.k();
  input.source = report::run_source_nl(info.run_id, info.load_id, info.data_end);
  input.generated_on = today;
  auto doc = report::semester_report(cells, registry, input);
  if (!doc) return fail(doc.error());

  Status written;
  if (ext == "xlsx") {
    written = report::write_xlsx(report::semester_report_workbook(*doc), o.out);
  } else {
    const std::string html = report::semester_report_html(*doc);
    if (ext == "pdf") {
      written = report::print_pdf(html, o.out);
    } else {
      std::ofstream out(o.out, std::ios::binary | std::ios::trunc);
      out << html;
      out.close();
      if (!out) written = make_error(ErrorCode::kIo, fmt::format("{}: cannot be written", o.out));
    }
  }
  if (!written) return fail(written.error());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fmt::print(
      "semestrial report of the {} (against the {}), run {}: {} context figures with data, {} "
      "indicators, {} written in {:.1f} s\n",
      half->to_string(), doc->previous.to_string(), info.run_id,
      std::count_if(doc->context.begin(), doc->context.end(),
                    [](const report::ContextSection& s) { return s.period.has_value(); }),
      doc->sections.size(), o.out, seconds);
  return kExitOk;
}

}  // namespace

void register_report_command(CLI::App& app) {
  auto* report = app.add_subcommand("report", "Reports made from a stored measurement run.");
  report->require_subcommand(1);
  auto* cmd = report->add_subcommand(
      "semester",
      "The semestrial policy report of VDAB and the local governments (docs/report.md): the "
      "cooperation indicators of one half year for the 13 centrumsteden, any regiegebieden "
      "chosen and Flanders, each against the half year before, with Dutch sentences that say "
      "what the figures show and a chart per indicator. Made from the public view of the run "
      "(small counts hidden), as HTML, XLSX (a sheet per indicator) or PDF (printed by headless "
      "Chromium).");
  auto o = std::make_shared<ReportOptions>();
  cmd->add_option("--half-year", o->half_year, "the half year, YYYY-H1 or YYYY-H2")->required();
  cmd->add_option("--regiegebied", o->regiegebieden,
                  "also report this regiegebied sociale economie en werk (repeatable)");
  cmd->add_option("--out", o->out, "FILE.html, FILE.xlsx or FILE.pdf")->required();
  cmd->add_option(
         "--db", o->db,
         "the database: an SQLite file or a postgresql:// URL (default: $LAP_DB, else lap.sqlite)")
      ->capture_default_str();
  cmd->add_option("--run", o->run, "the run (default: the latest)")->check(CLI::PositiveNumber);
  cmd->add_option("--today", o->today, "the report's date, YYYY-MM-DD (default: today)");
  cmd->callback([o] { set_command([o]() -> int { return run_report(*o); }); });
}

}  // namespace lap::cli
