// `lap measure`: every indicator of domain.md §3 for every OCMW over a range of
// months, stored as a measurement run of the data load and written to a file.
#include <chrono>

#include <fmt/format.h>

#include "lap/cli/command.h"
#include "lap/cli/database_option.h"
#include "lap/cli/timelines.h"
#include "lap/geo/registry.h"
#include "lap/measure/indicators.h"
#include "lap/measure/person.h"
#include "lap/publish/protect.h"
#include "lap/publish/publication.h"
#include "lap/publish/transitions.h"
#include "lap/report/figures.h"
#include "lap/server/api/published_file.h"
#include "lap/store/timeline_files.h"

namespace lap::cli {
namespace {

// The calls of domain.md §4 whose results are followed by default.
constexpr std::array<std::string_view, 2> kDefaultCallPeriods = {"2023-12..2024-11",
                                                                 "2024-12..2025-11"};

struct MeasureOptions {
  std::string db = default_database();
  std::string files;
  int64_t load = 0;
  std::string month;
  std::string through;
  std::string timeline;
  std::string data_end;
  bool include_art60 = false;
  std::vector<std::string> call_periods;
  std::string out;
  std::string view = "public";
  int k = 5;
  bool k_given = false;  // --k on the command line (otherwise the stored setting)
  bool no_store = false;
};

Result<Month> parse_month(std::string_view text, std::string_view option) {
  auto m = Month::parse(text);
  if (!m) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("{}: '{}' is not a month YYYY-MM", option, text));
  }
  return *m;
}

store::StoredFigure stored(const measure::Figure& f) {
  return {std::string(measure::to_id(f.indicator)),
          std::string(f.variant),
          f.period.to_string(),
          f.ocmw.code(),
          f.numerator,
          f.denominator,
          f.pending};
}

// The transitions matrices as stored figures (indicator "transitions").
void add_transitions(const measure::Transitions& tr, std::vector<store::StoredFigure>& rows) {
  const std::string period = tr.from.to_string() + ".." + tr.to.to_string();
  auto add_matrix = [&](const measure::TransitionMatrix& m) {
    for (int a = 0; a < measure::kPositionCount; ++a) {
      for (int b = 0; b < measure::kPositionCount; ++b) {
        const auto from = static_cast<measure::Position>(a);
        const auto to = static_cast<measure::Position>(b);
        if (m.at(from, to) == 0) continue;
        rows.push_back({"transitions",
                        fmt::format("{}>{}", measure::to_id(from), measure::to_id(to)), period,
                        m.ocmw.code(), m.at(from, to), 0, 0});
      }
    }
  };
  for (const auto& m : tr.per_ocmw)
    add_matrix(m);
  add_matrix(tr.flanders);
}

// Counts hidden per indicator (the headline variants), for the summary.
void print_loss(const publish::ProtectResult& p, int k, double seconds) {
  fmt::print(
      "protected for k = {} in {:.1f} s: {} counts of 1 to {} persons, each kept to at "
      "least {} values\n",
      k, seconds, grouped(p.sensitive_counts), k - 1, k);
  for (const auto& l : p.loss) {
    const int64_t passing = l.ocmw_cells - l.ocmw_primary;
    fmt::print(
        "  {:<18} {:<20} OCMW cells {:>7}: {:>6} small, {:>6} hidden to protect them "
        "({}% of the others); areas {:>5}: {:>4} small, {:>4} hidden\n",
        measure::to_id(l.indicator), l.variant, grouped(l.ocmw_cells), grouped(l.ocmw_primary),
        grouped(l.ocmw_secondary),
        passing > 0 ? report::percentage_nl(l.ocmw_secondary, passing) : std::string("0,0"),
        grouped(l.area_cells), grouped(l.area_primary), grouped(l.area_secondary));
  }
}

// The Flemish totals of the last month, as a quick look (percentages of the
// confirmed numerator; pending outcomes are shown beside them).
// Where the timelines came from (built, or mapped from the load's timeline
// file) and how long that took; a warning when the file could not be written.
void print_timelines(const LoadedTimelines& loaded, Month data_end) {
  const measure::Timelines& t = *loaded.timelines;
  fmt::print("{} persons, months {} .. {}, data end {}; timelines {} in {:.1f} s ({} MB)\n",
             grouped(t.persons()), t.range().first().to_string(), t.range().last().to_string(),
             data_end.to_string(),
             t.from_image() ? "mapped from the load's timeline file" : "built", loaded.seconds,
             grouped(static_cast<int64_t>(t.memory_bytes() >> 20)));
  if (!loaded.file_error.empty()) {
    fmt::print(stderr, "warning: the timeline file was not written: {}\n", loaded.file_error);
  }
}

// The run's published tables (lap/server/api/published_file.h), written
// right after the run so that `lap serve` starts without building them.
struct PublishedFile {
  std::string path;   // empty when there is no directory for it
  std::string error;  // why it was not written
  double seconds = 0;

  // Where it went, or a warning on stderr.
  void print() const {
    if (!error.empty()) {
      fmt::print(stderr, "warning: the published tables were not written: {}\n", error);
    } else if (!path.empty()) {
      fmt::print("published tables written to {} in {:.1f} s\n", path, seconds);
    }
  }
};

PublishedFile write_published_file(const std::string& db, store::Store& store, int64_t run_id,
                                   std::vector<store::StoredFigure> rows,
                                   const publish::Protection& protection) {
  PublishedFile out;
  const auto dir = store::timeline_dir(db);
  if (!dir) return out;
  const auto started = std::chrono::steady_clock::now();
  auto run = store.measure_run(run_id);
  if (!run || !*run) {
    out.error = run ? "the run was not found again" : run.error().message;
    return out;
  }
  store::sort_figures(rows);  // as the server reads them
  const auto published =
      server::api::build_published_run(**run, rows, protection, geo::Registry::builtin());
  if (auto s = server::api::write_published_run_file(*dir, *published, geo::Registry::builtin());
      !s) {
    out.error = s.error().message;
    return out;
  }
  out.path = *dir + "/" + server::api::published_file_name(**run);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

// The transitions as `view` sees them: per-OCMW matrices for an internal
// view, the own one for an owner view.
std::vector<publish::SeenTransitions> seen_transitions(
    std::span<const measure::Transitions> transitions, const publish::View& view, int k) {
  std::vector<publish::SeenTransitions> seen;
  seen.reserve(transitions.size());
  for (const auto& tr : transitions)
    seen.push_back(publish::seen_transitions(tr, view, k));
  return seen;
}

void print_flanders(std::span<const publish::PublishedFigure> published, Month last, int k) {
  for (const auto& p : published) {
    if (p.area.level != publish::Level::kFlanders || p.period != measure::Period::month(last)) {
      continue;
    }
    if (p.variant != "all" && p.variant != "vdab") continue;
    if (p.suppressed()) {
      fmt::print("  {:<18} {:<5} {}  hidden ({})\n", measure::to_id(p.indicator), p.variant,
                 p.period.to_string(),
                 p.suppression == publish::Suppression::kPrimary
                     ? fmt::format("a count of 1 to {} persons", k - 1)
                     : std::string("protecting a small count elsewhere"));
      continue;
    }
    fmt::print("  {:<18} {:<5} {}  {:>9} / {:>9}  {:>6}%{}\n", measure::to_id(p.indicator),
               p.variant, p.period.to_string(), grouped(p.numerator), grouped(p.denominator),
               report::percentage_nl(p.numerator, p.denominator),
               p.pending > 0 ? fmt::format("  (+{} pending)", grouped(p.pending)) : "");
  }
}

// The options checked before anything is read: the months, the view, the
// call periods.
struct Plan {
  Month first;
  Month last;
  publish::View view;
  std::vector<MonthRange> calls;
  std::vector<std::string> call_texts;
};

Result<Plan> plan_of(const MeasureOptions& o) {
  auto first = parse_month(o.month, "--month");
  if (!first) return std::unexpected(first.error());
  auto last = o.through.empty() ? first : parse_month(o.through, "--through");
  if (!last) return std::unexpected(last.error());
  if (*last < *first) {
    return make_error(ErrorCode::kInvalidArgument, "--through must not be before --month");
  }
  const auto view = publish::View::parse(o.view);
  if (!view) {
    return make_error(ErrorCode::kInvalidArgument, "--view must be public, internal or ocmw:NIS");
  }
  if (view->kind == publish::View::Kind::kOwner &&
      geo::Registry::builtin().find(view->owner) == nullptr) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("--view {}: not a known municipality NIS code", o.view));
  }
  if (!o.out.empty() && !o.out.ends_with(".json") && !o.out.ends_with(".csv")) {
    return make_error(ErrorCode::kInvalidArgument, "--out must end in .csv or .json");
  }
  Plan plan{*first, *last, *view, {}, o.call_periods};
  if (plan.call_texts.empty()) {
    plan.call_texts.assign(kDefaultCallPeriods.begin(), kDefaultCallPeriods.end());
  }
  for (const auto& text : plan.call_texts) {
    auto r = MonthRange::parse(text);
    if (!r || r->empty()) {
      return make_error(ErrorCode::kInvalidArgument,
                        fmt::format("--call-period: '{}' is not YYYY-MM..YYYY-MM", text));
    }
    plan.calls.push_back(*r);
  }
  return plan;
}

// k and art. 60 as an administrator set them (lap/core/settings.h), unless the command line
// says otherwise; the defaults for --from-files.
Result<Settings> run_settings(const MeasureOptions& o) {
  Settings s;
  if (o.files.empty()) {
    auto stored = stored_settings(o.db);
    if (!stored) return stored;
    s = *stored;
  }
  if (o.k_given) s.k = o.k;
  if (o.include_art60) s.exclude_art60 = false;
  return s;
}

int run_measure(const MeasureOptions& o) {
  auto fail = [](const Error& e) {
    fmt::print(stderr, "lap measure: {}\n", e.message);
    return exit_code_for(e);
  };
  auto plan = plan_of(o);
  if (!plan) return fail(plan.error());
  const Month first = plan->first;
  const Month last = plan->last;
  const publish::View view = plan->view;

  TimelineSource source{o.db, o.files, o.load, std::nullopt, std::nullopt, std::nullopt};
  if (!o.timeline.empty()) {
    auto r = MonthRange::parse(o.timeline);
    if (!r || r->empty()) {
      return fail({ErrorCode::kInvalidArgument, "--timeline must be YYYY-MM..YYYY-MM"});
    }
    source.months = *r;
  }
  auto loaded = load_timelines(source);
  if (!loaded) return fail(loaded.error());
  const measure::Timelines& t = *loaded->timelines;

  auto admin = run_settings(o);
  if (!admin) return fail(admin.error());
  const int k = admin->k;
  measure::Settings settings{.exclude_art60 = admin->exclude_art60, .data_end = std::nullopt};
  if (!o.data_end.empty()) {
    auto end = parse_month(o.data_end, "--data-end");
    if (!end) return fail(end.error());
    settings.data_end = *end;
  }
  const Month data_end = measure::data_end(t, settings);

  // Every figure of the run, as blocks of inner cells (measure/inner.h).
  const auto started = std::chrono::steady_clock::now();
  std::vector<measure::InnerBlock> blocks =
      measure::compute_inner(t, settings, MonthRange(first, last));
  for (const MonthRange& call : plan->calls) {
    if (call.first() > t.range().last() || call.first() > last) continue;
    blocks.push_back(
        measure::lap_inner(t, settings, MonthRange(call.first(), std::min(call.last(), last))));
  }
  std::vector<measure::Figure> figures;
  for (const auto& b : blocks)
    measure::append_figures(b, figures);
  std::vector<measure::Transitions> transitions = {
      measure::transitions(t, settings, last - 12, last)};
  const double compute_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  // Disclosure control of the whole run, once (publish/protect.h).
  const auto protect_started = std::chrono::steady_clock::now();
  publish::ProtectOptions protect_options;
  protect_options.k = k;
  auto protected_run = publish::protect(blocks, geo::Registry::builtin(), protect_options);
  if (!protected_run) return fail(protected_run.error());
  const double protect_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - protect_started).count();

  int64_t run_id = 0;
  PublishedFile published_file;
  if (loaded->store && !o.no_store) {
    std::vector<store::StoredFigure> rows;
    rows.reserve(figures.size() + 40 * transitions.size());
    for (const auto& f : figures)
      rows.push_back(stored(f));
    for (const auto& tr : transitions)
      add_transitions(tr, rows);
    store::MeasureRun info;
    info.load_id = loaded->load_id;
    info.link_run_id = loaded->link_run_id;
    info.first_month = first;
    info.last_month = last;
    info.data_end = data_end;
    info.settings_json = fmt::format(R"({{"exclude_art60":{},"call_periods":["{}"]}})",
                                     settings.exclude_art60, fmt::join(plan->call_texts, "\",\""));
    store::RunProtection protection{protected_run->protection, std::string(publish::kMethod),
                                    protect_options.insiders,
                                    report::loss_json(protected_run->loss)};
    auto id = loaded->store->save_measure_run(info, rows, &protection);
    if (!id) return fail(id.error());
    run_id = *id;
    published_file = write_published_file(o.db, *loaded->store, run_id, std::move(rows),
                                          protected_run->protection);
  }

  auto published = publish::roll_up(figures, geo::Registry::builtin());
  publish::apply(published, protected_run->protection, view);
  if (!o.out.empty()) {
    std::string text;
    if (o.out.ends_with(".json")) {
      report::RunInfo info{run_id, loaded->load_id,       data_end.to_string(), o.view,
                           k,      settings.exclude_art60};
      text = report::figures_json(info, published, seen_transitions(transitions, view, k));
    } else {
      text = report::figures_csv(published, k);
    }
    if (auto s = report::write_file(o.out, text); !s) return fail(s.error());
  }

  print_timelines(*loaded, data_end);
  fmt::print("{} figures for {} OCMWs computed in {:.3f} s\n", grouped(std::ssize(figures)),
             t.ocmws().size(), compute_seconds);
  print_loss(*protected_run, k, protect_seconds);
  if (run_id != 0) {
    fmt::print("measurement run {} stored for data load {}\n", run_id, loaded->load_id);
    published_file.print();
  }
  if (!o.out.empty()) {
    fmt::print("{} figures ({} view) written to {}\n", grouped(std::ssize(published)), o.view,
               o.out);
  }
  print_flanders(published, last, k);
  return kExitOk;
}

}  // namespace

void register_measure_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "measure",
      "Compute every indicator of docs/indicators.md for every OCMW from --month through "
      "--through (monthly indicators per month, quarterly ones per calendar quarter inside the "
      "range, both per half year inside it), the LAP results of the call periods month by month, "
      "and the transitions of the "
      "last year. The figures are stored in the database as a measurement run of the data load; "
      "--out writes them rolled up to regiegebied, province, centrumsteden and Flanders, with "
      "counts of 1-4 persons suppressed (docs/indicators.md).");
  auto o = std::make_shared<MeasureOptions>();
  cmd->add_option("--month", o->month, "the first month, YYYY-MM")->required();
  cmd->add_option("--through", o->through, "the last month, YYYY-MM (default: --month)");
  cmd->add_option(
         "--db", o->db,
         "the database: an SQLite file or a postgresql:// URL (default: $LAP_DB, else lap.sqlite)")
      ->capture_default_str();
  cmd->add_option("--from-files", o->files,
                  "read a delivery directory instead of the database (nothing is stored)");
  cmd->add_option("--load", o->load, "the data load to measure (default: the latest)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--timeline", o->timeline,
                  "the months the timelines hold, YYYY-MM..YYYY-MM (default: those of the work "
                  "data)");
  cmd->add_option("--data-end", o->data_end,
                  "the last month with work data (default: the latest month of the work data)");
  cmd->add_flag("--include-art60", o->include_art60,
                "count months with an OCMW_ART60 (TWE-OCMW) contract as work (default: the "
                "setting exclude_art60)");
  cmd->add_option("--call-period", o->call_periods,
                  "a LAP call period YYYY-MM..YYYY-MM (repeatable; default: LAP 2023 and LAP "
                  "2024)");
  cmd->add_option("--out", o->out, "write the figures to FILE.csv (Dutch) or FILE.json");
  cmd->add_option("--view", o->view,
                  "public (suppressed), ocmw:NIS (that OCMW's own view) or internal (unsuppressed, "
                  "for the data custodian and tests)")
      ->capture_default_str();
  cmd->add_option("--k", o->k,
                  "suppress counts from 1 to k-1 (default: the setting k, lap settings; 5)")
      ->check(CLI::Range(1, 100))
      ->each([o](const std::string&) { o->k_given = true; });
  cmd->add_flag("--no-store", o->no_store, "do not store the run in the database");
  cmd->callback([o] { set_command([o]() -> int { return run_measure(*o); }); });
}

}  // namespace lap::cli
