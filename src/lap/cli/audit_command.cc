// `lap audit-run`: the independent disclosure audit (lap/audit/audit.h) of a
// stored measurement run, for the public view and any municipality's view, or
// of a published JSON file of `lap measure --out`.
#include <chrono>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "lap/audit/audit.h"
#include "lap/cli/command.h"
#include "lap/cli/database_option.h"
#include "lap/cli/stored_run.h"
#include "lap/geo/registry.h"
#include "lap/publish/publication.h"
#include "lap/store/store.h"

namespace lap::cli {
namespace {

struct AuditOptions {
  std::string db = default_database();
  int64_t run = 0;
  std::vector<std::string> views;
  std::string published;
  std::string report;
};

// Published cells read from the JSON of `lap measure --out FILE.json`.
struct PublishedFile {
  std::string view;
  int k = 0;
  std::set<std::string, std::less<>> variants;  // storage for the cells' variants
  std::vector<publish::PublishedFigure> cells;
};

Result<PublishedFile> read_published(const std::string& path) {
  std::ifstream in(path);
  if (!in) return make_error(ErrorCode::kIo, fmt::format("{}: cannot be read", path));
  std::stringstream text;
  text << in.rdbuf();
  const auto j = nlohmann::json::parse(text.str(), nullptr, false);
  if (j.is_discarded() || !j.contains("run") || !j.contains("figures")) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("{}: not a figures file of lap measure --out", path));
  }
  PublishedFile out;
  out.view = j["run"].value("view", "");
  out.k = j["run"].value("k", 0);
  size_t i = 0;
  for (const auto& f : j["figures"]) {
    ++i;
    auto indicator = measure::indicator_from_id(f.value("indicator", ""));
    auto period = measure::Period::parse(f.value("period", ""));
    auto level = publish::level_from_id(f.value("level", ""));
    if (!indicator || !period || !level) {
      return make_error(
          ErrorCode::kInvalidArgument,
          fmt::format("{}: /figures/{}: an unknown indicator, period or level", path, i - 1));
    }
    publish::PublishedFigure p;
    p.indicator = *indicator;
    p.variant = *out.variants.insert(f.value("variant", "")).first;
    p.period = *period;
    p.area = {*level, f.value("code", ""), f.value("name", "")};
    if (f.value("suppressed", false)) {
      p.suppression = f.value("suppression", "") == "secondary" ? publish::Suppression::kSecondary
                                                                : publish::Suppression::kPrimary;
    } else {
      p.numerator = f.value("numerator", int64_t{0});
      p.pending = f.value("pending", int64_t{0});
      p.denominator = f.value("denominator", int64_t{0});
    }
    out.cells.push_back(std::move(p));
  }
  return out;
}

nlohmann::json report_json(const std::string& view, const audit::AuditReport& r, double seconds) {
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : r.findings) {
    findings.push_back({{"indicator", measure::to_id(f.cell.indicator)},
                        {"variant", f.cell.variant},
                        {"period", f.cell.period.to_string()},
                        {"level", publish::to_id(f.cell.level)},
                        {"code", f.cell.code},
                        {"quantity", publish::to_id(f.quantity)},
                        {"low", f.low},
                        {"high", f.high ? nlohmann::json(*f.high) : nlohmann::json(nullptr)},
                        {"shown", f.shown}});
  }
  return {{"view", view},
          {"blocks", r.blocks},
          {"linear_programs", r.components},
          {"solves", r.solves},
          {"largest_program_variables", r.largest_component},
          {"primary_cells", r.primary_cells},
          {"sensitive_counts", r.sensitive_counts},
          {"exact_intervals", r.exact_intervals},
          {"fewest_values", r.narrowest},
          {"findings", findings},
          {"errors", r.errors},
          {"seconds", seconds}};
}

void print_report(const std::string& view, const audit::AuditReport& r, int k, double seconds) {
  fmt::print(
      "view {}: {} counts of 1 to {} persons in {} primary cells, {} linear programs "
      "({} optimisations, the largest {} variables) in {:.1f} s\n",
      view, grouped(r.sensitive_counts), k - 1, grouped(r.primary_cells), grouped(r.components),
      grouped(r.solves), grouped(r.largest_component), seconds);
  if (r.ok()) {
    fmt::print("  protected: no count is shown, determined or narrowed to fewer than {} values", k);
    if (r.exact_intervals > 0) {
      fmt::print(" ({} intervals computed exactly, the narrowest {} values)", r.exact_intervals,
                 r.narrowest);
    }
    fmt::print("\n");
    return;
  }
  fmt::print("  NOT PROTECTED: {} counts, {} model errors\n", r.findings.size(), r.errors.size());
  for (size_t i = 0; i < r.findings.size() && i < 20; ++i) {
    const auto& f = r.findings[i];
    fmt::print("  {} {} {} {} {}: the {} can be narrowed to {}..{}{}\n",
               measure::to_id(f.cell.indicator), f.cell.variant, f.cell.period.to_string(),
               publish::to_id(f.cell.level), f.cell.code, publish::to_id(f.quantity), f.low,
               f.high ? std::to_string(*f.high) : "unbounded", f.shown ? " (shown)" : "");
  }
  for (size_t i = 0; i < r.errors.size() && i < 20; ++i)
    fmt::print("  model error: {}\n", r.errors[i]);
}

int run_audit(const AuditOptions& o) {
  auto fail = [](const Error& e) {
    fmt::print(stderr, "lap audit-run: {}\n", e.message);
    return exit_code_for(e);
  };
  auto store = store::open_store(o.db, store::OpenMode::kMustExist);
  if (!store) {
    fmt::print(stderr, "lap audit-run: {}\n", store.error().message);
    return store.error().code == ErrorCode::kNotFound ? kExitIo : exit_code_for(store.error());
  }
  if (auto s = (*store)->migrate(); !s) return fail(s.error());
  auto read = read_stored_run(**store, o.run);
  if (!read) return fail(read.error());
  const store::MeasureRun& info = read->info;
  const std::optional<store::RunProtection>& protection = read->protection;
  if (!protection && o.published.empty()) {
    return fail({ErrorCode::kFailedPrecondition,
                 fmt::format("run {} was stored without a protection: run lap measure again",
                             info.run_id)});
  }
  const std::vector<measure::Figure>& figures = read->figures;
  const int k = protection ? protection->protection.k() : 5;
  const geo::Registry& registry = geo::Registry::builtin();
  fmt::print("run {} of data load {} ({} .. {}, data end {}), k = {}, protection {}\n", info.run_id,
             info.load_id, info.first_month.to_string(), info.last_month.to_string(),
             info.data_end.to_string(), k, protection ? protection->method : "none stored");

  // What to audit: the published file, or the views of the stored protection.
  std::vector<std::pair<std::string, std::vector<publish::PublishedFigure>>> targets;
  std::optional<PublishedFile> file;
  if (!o.published.empty()) {
    auto read = read_published(o.published);
    if (!read) return fail(read.error());
    file = std::move(*read);
    targets.emplace_back(file->view, file->cells);
  } else {
    const auto exact = publish::roll_up(figures, registry);
    for (const std::string& text : o.views.empty() ? std::vector<std::string>{"public"} : o.views) {
      auto view = publish::View::parse(text);
      if (!view || view->kind == publish::View::Kind::kExact) {
        return fail({ErrorCode::kInvalidArgument, "--view must be public or ocmw:NIS"});
      }
      auto cells = exact;
      publish::apply(cells, protection->protection, *view);
      targets.emplace_back(view->to_string(), std::move(cells));
    }
  }
  nlohmann::json reports = nlohmann::json::array();
  bool protected_everywhere = true;
  for (const auto& [view_text, cells] : targets) {
    auto view = publish::View::parse(view_text);
    if (!view) return fail({ErrorCode::kInvalidArgument, "the published file names no view"});
    audit::AuditOptions options;
    options.k = file && file->k > 0 ? file->k : k;
    options.data_end = info.data_end;
    options.view = *view;
    const auto started = std::chrono::steady_clock::now();
    auto report = audit::audit(figures, cells, registry, options);
    if (!report) return fail(report.error());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    print_report(view_text, *report, options.k, seconds);
    reports.push_back(report_json(view_text, *report, seconds));
    protected_everywhere = protected_everywhere && report->ok();
  }
  if (!o.report.empty()) {
    std::ofstream out(o.report);
    out << nlohmann::json{{"run_id", info.run_id}, {"views", reports}}.dump(2) << "\n";
    if (!out) return fail({ErrorCode::kIo, fmt::format("{}: cannot be written", o.report)});
  }
  return protected_everywhere ? kExitOk : kExitUnprotected;
}

}  // namespace

void register_audit_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "audit-run",
      "Audit what a measurement run publishes, independently of how it was protected: for "
      "every count of 1 to k-1 persons, the interval an attacker can narrow it to from all "
      "published cells of the run (linear programming, GLPK). Exit code 6 when a count is "
      "shown, determined or narrowed to fewer than k values (docs/indicators.md).");
  auto o = std::make_shared<AuditOptions>();
  cmd->add_option(
         "--db", o->db,
         "the database: an SQLite file or a postgresql:// URL (default: $LAP_DB, else lap.sqlite)")
      ->capture_default_str();
  cmd->add_option("--run", o->run, "the run (default: the latest)")->check(CLI::PositiveNumber);
  cmd->add_option("--view", o->views,
                  "public or ocmw:NIS (a municipality's own view); repeatable (default: public)");
  cmd->add_option("--published", o->published,
                  "audit this FILE.json of lap measure --out instead (against the run's exact "
                  "figures)");
  cmd->add_option("--report", o->report, "write the findings to FILE.json");
  cmd->callback([o] { set_command([o]() -> int { return run_audit(*o); }); });
}

}  // namespace lap::cli
