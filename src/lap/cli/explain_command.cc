// `lap explain`: one person's timeline and, indicator by indicator, why they
// count or not. A person-level read: it needs a stated purpose and is written
// to the audit log.
#include <fmt/format.h>

#include "lap/cli/command.h"
#include "lap/cli/database_option.h"
#include "lap/cli/timelines.h"
#include "lap/core/pseudonym.h"
#include "lap/measure/explain.h"
#include "lap/measure/person.h"

namespace lap::cli {
namespace {

struct ExplainOptions {
  std::string db = default_database();
  int64_t load = 0;
  std::string person;
  std::string month;
  std::string call_period;
  std::string purpose;
  bool include_art60 = false;
};

int run_explain(const ExplainOptions& o) {
  auto fail = [](const Error& e) {
    fmt::print(stderr, "lap explain: {}\n", e.message);
    return exit_code_for(e);
  };
  auto ref = person_ref_of(o.person, key_file_for(o.db));
  if (!ref) return fail(ref.error());

  // Only this person's facts, with the numbers linked by identifier changes.
  auto store = store::open_store(o.db, store::OpenMode::kMustExist);
  if (!store) return fail(store.error());
  if (auto s = (*store)->migrate(); !s) return fail(s.error());
  int64_t load = o.load;
  if (load == 0) {
    auto current = (*store)->current_load();
    if (!current) return fail(current.error());
    load = *current;
  }
  auto linked = (*store)->linked_persons(load, *ref);
  if (!linked) return fail(linked.error());
  auto months = (*store)->work_month_range(load);
  if (!months) return fail(months.error());

  // The read is audited before anything is shown.
  if (auto s = (*store)->append_audit({os_user(), "operator", *ref, "lap explain", o.purpose});
      !s) {
    return fail(s.error());
  }
  auto admin = stored_settings(**store);  // art. 60 as an administrator set it
  if (!admin) return fail(admin.error());
  store->reset();

  TimelineSource source{o.db, "", load, *months, *linked, std::nullopt};
  auto loaded = load_timelines(source);
  if (!loaded) return fail(loaded.error());
  const measure::Timelines& t = *loaded->timelines;
  const auto key = pseudonym_from_hex(*ref);
  if (!key) return fail({ErrorCode::kInternal, "a pseudonym that is not hex"});
  auto person = t.find(*key);
  if (!person) {
    return fail(
        {ErrorCode::kNotFound, fmt::format("no facts of person {} in data load {}", *ref, load)});
  }
  measure::Settings settings;
  settings.exclude_art60 = o.include_art60 ? false : admin->exclude_art60;
  // The load's data end, as `lap measure` takes it (the person's own timeline
  // would end at their last work month).
  if (*months && !(*months)->empty()) settings.data_end = (*months)->last();
  Month month = measure::data_end(t, settings);
  std::optional<measure::Period> half_year;
  if (!o.month.empty()) {
    auto m = measure::Period::parse(o.month);
    if (m && m->kind == measure::Period::Kind::kHalfYear) {
      half_year = *m;
    } else if (!m || m->kind != measure::Period::Kind::kMonth) {
      return fail({ErrorCode::kInvalidArgument, "--month must be YYYY-MM or a half year YYYY-H1"});
    }
    month = m->first;
  }
  std::optional<MonthRange> call;
  if (!o.call_period.empty()) {
    auto r = MonthRange::parse(o.call_period);
    if (!r || r->empty()) {
      return fail({ErrorCode::kInvalidArgument, "--call-period must be YYYY-MM..YYYY-MM"});
    }
    call = *r;
  }

  fmt::print("person {} (data load {}; {} linked number{})\n", *ref, load, linked->size(),
             linked->size() == 1 ? "" : "s");
  // The timeline: one line per month of the person's known months.
  fmt::print("\nmonth    leefloner          VDAB   work  position\n");
  for (Month m : t.range()) {
    auto ll = measure::leefloner(t, *person, m);
    const bool reg = measure::registered(t, *person, m);
    const bool work = measure::at_work(t, *person, m, settings);
    const auto pos = measure::position(t, *person, m, settings);
    if (!ll && !reg && !work && pos == measure::Position::kOther) continue;
    std::string ll_text = ll ? fmt::format("{} {}{}", ll->ocmw.to_string(),
                                           ll->kind == measure::EntitlementKind::kLL ? "LL" : "ELL",
                                           ll->ukrainian ? " UA" : "")
                             : "-";
    fmt::print("{}  {:<18} {:<6} {:<5} {}\n", m.to_string(), ll_text,
               reg ? (measure::cat05(t, *person, m) ? "05" : "yes") : "-", work ? "yes" : "-",
               measure::to_id(pos));
  }
  fmt::print("\n");
  const measure::Explanation why =
      half_year ? measure::explain_half_year(t, *person, *half_year, settings)
                : measure::explain(t, *person, month, settings, call);
  for (const auto& line : measure::to_lines(why))
    fmt::print("{}\n", line);
  return kExitOk;
}

}  // namespace

void register_explain_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "explain",
      "Print one person's timeline (leefloner, VDAB registration, work, position per month) and, "
      "indicator by indicator, why the person counts or not in a month. A person-level read: "
      "--purpose is required and the read is written to the audit log.");
  auto o = std::make_shared<ExplainOptions>();
  cmd->add_option("--person", o->person, "an INSZ (needs the database's key) or a pseudonym")
      ->required();
  cmd->add_option("--purpose", o->purpose, "why you look at this person (audited)")->required();
  cmd->add_option("--month", o->month,
                  "the month to explain (default: the data end), or a half year YYYY-H1|H2 (its "
                  "half-year figures, each person once)");
  cmd->add_option("--call-period", o->call_period,
                  "explain the LAP result for this call period YYYY-MM..YYYY-MM");
  cmd->add_option(
         "--db", o->db,
         "the database: an SQLite file or a postgresql:// URL (default: $LAP_DB, else lap.sqlite)")
      ->capture_default_str();
  cmd->add_option("--load", o->load, "the data load (default: the latest)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--include-art60", o->include_art60,
                "count months with an OCMW_ART60 (TWE-OCMW) contract as work");
  cmd->callback([o] { set_command([o]() -> int { return run_explain(*o); }); });
}

}  // namespace lap::cli
